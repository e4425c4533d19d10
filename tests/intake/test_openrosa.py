import base64
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pyxform.xls2xform import convert

from seri.intake.models import Report, Submission
from seri.intake.services.openrosa import device_credential_create
from seri.intake.xlsform import FORM_ID, write_xlsform
from tests.intake.exports import PHOTO

pytestmark = pytest.mark.django_db

SUBMISSION = """<?xml version="1.0"?>
<seri_report xmlns:jr="http://openrosa.org/javarosa" id="seri_report" version="2026112501">
  <reporter_relation>family</reporter_relation><language>vi</language>
  <person_name>Testperson Hoa</person_name><age>{age}</age><nationality>Vietnamese</nationality>
  <phone>+84 91 234 5672</phone><location>10.6104 103.5225 0 5</location>
  <compound_name>Building B</compound_name>
  <account>Em gái tôi bị giữ ở tòa nhà B, bị đánh.</account>
  <photo>1767322800000.jpg</photo><start/><end/>
  <meta><instanceID>{instance}</instanceID>{deprecated}</meta>
</seri_report>"""


def submission(age=24, instance="uuid:6f1c0000-0000-4000-8000-000000000001", deprecated=""):
    dep = f"<deprecatedID>{deprecated}</deprecatedID>" if deprecated else ""
    return SUBMISSION.format(age=age, instance=instance, deprecated=dep).encode()


@pytest.fixture
def device(ngo, alice):
    credential, password = device_credential_create(actor=alice, organisation=ngo, label="Phone 1")
    token = base64.b64encode(f"{credential.username}:{password}".encode()).decode()
    return Client(HTTP_AUTHORIZATION=f"Basic {token}")


def post(client, xml, photo=PHOTO):
    files = {"xml_submission_file": SimpleUploadedFile("submission.xml", xml, "text/xml")}
    if photo:
        files["1767322800000.jpg"] = SimpleUploadedFile("1767322800000.jpg", photo, "image/jpeg")
    return client.post(reverse("openrosa-submission"), files, HTTP_X_OPENROSA_VERSION="1.0")


def test_the_xlsform_is_valid(tmp_path):
    path = tmp_path / "seri_report.xlsx"
    write_xlsform(path)
    result = convert(xlsform=str(path), validate=False)
    assert f'id="{FORM_ID}"' in result.xform and "<instanceID/>" in result.xform


def test_form_list_and_download_need_device_credentials(device):
    anonymous = Client().get(reverse("openrosa-form-list"))
    assert anonymous.status_code == 401 and "Basic" in anonymous["WWW-Authenticate"]
    wrong = Client(HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"x:y").decode())
    assert wrong.get(reverse("openrosa-form-list")).status_code == 401
    listing = device.get(reverse("openrosa-form-list"))
    assert listing.status_code == 200 and listing["X-OpenRosa-Version"] == "1.0"
    assert f"<formID>{FORM_ID}</formID>" in listing.text
    form = device.get(reverse("openrosa-form", args=[FORM_ID]))
    assert form.status_code == 200 and "<h:html" in form.text
    assert device.head(reverse("openrosa-submission")).status_code == 204


def test_a_submission_twice_is_one_report(device, ngo):
    first = post(device, submission())
    assert first.status_code == 201, first.text
    again = post(device, submission())
    assert again.status_code == 202  # success for ODK Collect: it stops sending
    report = Report.objects.get()
    assert report.organisation == ngo and report.channel == "odk" and report.case is None
    assert report.original_text.startswith("Em gái tôi bị giữ")
    assert "location: 10.6104 103.5225 0 5" in report.original_text
    assert report.attachments.get().sha256 == hashlib.sha256(PHOTO).hexdigest()


def test_an_edit_keeps_the_earlier_version(device):
    post(device, submission(age=24))
    edited = post(
        device,
        submission(
            age=25,
            instance="uuid:6f1c0000-0000-4000-8000-000000000002",
            deprecated="uuid:6f1c0000-0000-4000-8000-000000000001",
        ),
    )
    assert edited.status_code == 201
    report = Report.objects.get()
    versions = list(Submission.objects.filter(report=report).order_by("id"))
    assert [json.loads(v.data)["age"] for v in versions] == ["24", "25"]
    assert versions[1].replaces == versions[0]
    assert "age: 24" in report.original_text  # the report as first received is unchanged


@pytest.mark.parametrize(
    ("xml", "where"),
    [
        (submission().replace(b"<age>24</age>", b"<age>old</age>"), "<age>"),
        (
            submission().replace(b"<language>vi</language>", b"<language>fr</language>"),
            "<language>",
        ),
        (submission().replace(b"<phone>", b"<salary>1</salary><phone>"), "<salary>"),
        (
            submission().replace(b'id="seri_report"', b'id="other_form"'),
            '<seri_report id="other_form">',
        ),
        (submission().replace(b"<account>Em", b"<account></account><x>"), "xml_submission_file"),
        (
            b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><seri_report>&a;</seri_report>",
            "xml_submission_file",
        ),
    ],
)
def test_a_submission_not_matching_the_form_is_refused(device, xml, where):
    response = post(device, xml)
    assert response.status_code == 400
    assert where.replace("<", "&lt;").replace(">", "&gt;") in response.text
    assert not Report.objects.exists()


def _basic(username, password):
    token = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {token}"}


def test_device_secrets_are_keyed_hashes_and_old_ones_are_upgraded(ngo, alice, settings):
    from django.contrib.auth.hashers import make_password

    from seri.intake.models import DeviceCredential

    credential, password = device_credential_create(actor=alice, organisation=ngo)
    assert credential.password_hash.startswith("hmac-sha256$")
    assert password not in credential.password_hash
    assert len(password.replace("-", "")) == 24  # 24 of 31 characters: some 118 bits
    # A credential made before (a slow password hash) still works once, and is stored anew.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    DeviceCredential.objects.filter(pk=credential.pk).update(password_hash=make_password(password))
    answer = Client().get(reverse("openrosa-form-list"), **_basic(credential.username, password))
    assert answer.status_code == 200
    credential.refresh_from_db()
    assert credential.password_hash.startswith("hmac-sha256$")
    again = Client().get(reverse("openrosa-form-list"), **_basic(credential.username, password))
    assert again.status_code == 200


def test_failed_device_logins_slow_down_per_device_and_per_client(ngo, alice, monkeypatch):
    from django.core.cache import cache

    from seri.intake import throttle

    class Clock:
        now = 1_800_000_000.0

        def time(self):
            return self.now

    clock = Clock()
    monkeypatch.setattr(throttle, "time", clock)
    cache.clear()
    credential, password = device_credential_create(actor=alice, organisation=ngo)
    other, other_password = device_credential_create(actor=alice, organisation=ngo)
    url = reverse("openrosa-form-list")

    def get(username, secret, address="192.0.2.10"):
        return Client().get(url, REMOTE_ADDR=address, **_basic(username, secret))

    for _ in range(throttle.FREE_FAILURES):
        assert get(credential.username, "wrong").status_code == 401
    waiting = get(credential.username, password, address="192.0.2.99")  # per device
    assert waiting.status_code == 429 and waiting["Retry-After"] == "1"
    assert waiting["X-OpenRosa-Version"] == "1.0"
    assert get(other.username, other_password).status_code == 429  # per client
    assert get(other.username, other_password, address="192.0.2.11").status_code == 200
    clock.now += 1
    assert get(credential.username, password, address="192.0.2.99").status_code == 200
    cache.clear()
