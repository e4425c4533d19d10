"""The public report form, device credentials and the export, used as people would."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from seri.audit.models import AuditEvent
from seri.intake import public
from seri.intake.models import DeviceCredential, PublicReceipt, Report
from tests.conftest import login

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def form_org(settings, ngo):
    settings.SERI_PUBLIC_FORM_ORGANISATION = ngo.short_name
    return ngo


def _token(seconds_ago=60):
    return public.form_token(now=dt.datetime.now().timestamp() - seconds_ago)


def submit(client, lang="en", **fields):
    data = {
        "lang": lang,
        "reporter_relation": "family",
        "person_name": "Testperson Trapped",
        "where": "Golden Demo Tower, Sihanoukville",
        "account": "My brother was taken to a compound. Phone +84 91 234 5699.",
        "contact": "",
        "website": "",
        "token": _token(),
        **fields,
    }
    return client.post(reverse("public-report"), data, REMOTE_ADDR=IP)


def codes(response):
    text = response.content.decode()
    reference = re.search(r"SR-[0-9A-Z]{4}-[0-9A-Z]{4}", text).group(0)
    passphrase = re.search(r"\d{4}-\d{4}-\d{4}", text).group(0)
    return reference, passphrase


def test_a_family_member_reports_adds_information_and_sees_the_status(form_org, bob):
    client = Client()
    page = client.get(reverse("public-report"))
    assert page.status_code == 200 and "Report someone trapped" in page.text
    assert form_org.name in page.text
    assert not page.cookies  # no session, no CSRF or language cookie on the reporter's phone

    response = submit(client)
    assert response.status_code == 200, response.text
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]
    reference, passphrase = codes(response)
    report = Report.objects.get(organisation=form_org)
    assert (report.channel, report.reporter_relation, report.recorded_by) == (
        "web_form",
        "family",
        None,
    )
    assert "Golden Demo Tower" in report.original_text
    receipt = PublicReceipt.objects.get(report=report)
    assert receipt.reference == reference
    assert passphrase not in receipt.passphrase_hash and receipt.passphrase_hash.startswith("md5")

    # It is in the organisation's triage queue.
    queue = login(bob).get(reverse("intake-triage"))
    assert "My brother was taken" in queue.text

    follow = reverse("public-follow-up")
    status = client.post(follow, {"reference": reference.lower(), "passphrase": passphrase})
    assert status.status_code == 200 and "received" in status.text
    assert "being handled" not in status.text

    # Adding information: a new report that follows the first; the first is unchanged.
    added = client.post(
        follow,
        {"reference": reference, "passphrase": passphrase, "text": "He moved to building C."},
    )
    assert "was added" in added.text
    addition = Report.objects.get(follows=report)
    assert addition.original_text == "He moved to building C."
    assert addition.organisation == form_org and addition.case is None
    report.refresh_from_db()
    assert "building C" not in report.original_text

    # Once a caseworker opens a case from it: "being handled", and nothing more.
    opened = login(bob).post(
        reverse("triage-report", args=[report.public_id]),
        {"action": "open", "open-full_name": "Testperson Trapped", "open-urgency": "normal"},
    )
    assert opened.status_code == 302
    report.refresh_from_db()
    # The addition waits in the queue, with the first report's case offered to attach it to.
    triage = login(bob).get(reverse("triage-report", args=[addition.public_id]))
    assert "earlier report" in triage.text
    assert f'value="{report.case.reference}"' in triage.text
    status = client.post(follow, {"reference": reference, "passphrase": passphrase})
    assert "being handled" in status.text
    for secret in (report.case.reference, "Testperson", "Golden Demo", bob.username, "TNGO"):
        assert secret not in status.text


def test_the_reference_code_reveals_nothing(form_org):
    references = {public.new_reference() for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert re.fullmatch(
            r"SR-[34679ACDEFGHJKMNPQRTUVWXY]{4}-[34679ACDEFGHJKMNPQRTUVWXY]{4}", reference
        )
    response = submit(Client())
    reference, _passphrase = codes(response)
    report = Report.objects.get()
    # Random: not derived from the report, its time, the organisation or a case.
    for part in (str(report.pk), str(report.public_id)[:4].upper(), form_org.short_name):
        assert part not in reference
    wrong = Client().post(
        reverse("public-follow-up"), {"reference": reference, "passphrase": "0000-0000-0000"}
    )
    assert wrong.status_code == 400 and "do not match" in wrong.text
    assert "received" not in wrong.text.split("do not match")[1]


def test_no_ip_address_is_stored_anywhere(form_org, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # behind a proxy
    client = Client()
    response = client.post(
        reverse("public-report"),
        {
            "lang": "th",
            "reporter_relation": "self",
            "account": "ช่วยด้วย ฉันถูกขังอยู่",
            "token": _token(),
        },
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR=f"198.51.100.1, {IP}",
    )
    reference, passphrase = codes(response)
    client.post(
        reverse("public-follow-up"),
        {"reference": reference, "passphrase": passphrase, "text": "More."},
        REMOTE_ADDR="10.0.0.9",
        HTTP_X_FORWARDED_FOR=IP,
    )
    assert Report.objects.count() == 2
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (our own table names)
            for row in cursor.fetchall():
                for value in row:
                    text = value.decode("latin-1") if isinstance(value, bytes) else str(value)
                    if IP in text or "10.0.0.9" in text:
                        found.append(table)
    assert not found, f"the client's address is stored in {found}"
    # Nor in the decrypted identifying fields, nor in the rate-limit counters' keys.
    for report in Report.objects.all():
        assert IP not in report.original_text
    # The rate-limit counters live in the shared cache: its table (SERI_CACHE_URL=db://…) was
    # among the tables searched above.
    assert settings.CACHES["default"]["LOCATION"] in connection.introspection.table_names()
    assert public.client_key(IP) != public.client_key("203.0.113.78")


def test_the_form_is_rate_limited_per_client(form_org, settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    client = Client()
    for _ in range(public.SUBMISSIONS_PER_HOUR):
        assert submit(client).status_code == 200
    refused = submit(client)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Report.objects.count() == public.SUBMISSIONS_PER_HOUR
    # Another client is not held back by the first one.
    other = client.post(
        reverse("public-report"),
        {"reporter_relation": "family", "account": "Another family.", "token": _token()},
        REMOTE_ADDR="198.51.100.20",
    )
    assert other.status_code == 200


class _Clock:
    """The throttle's clock, moved by the test (delays of seconds to minutes)."""

    def __init__(self):
        self.now = 1_800_000_000.0

    def time(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    from seri.intake import throttle

    fake = _Clock()
    monkeypatch.setattr(throttle, "time", fake)
    return fake


def test_wrong_passphrases_slow_a_reference_down_and_never_lock_it(form_org, clock):
    from seri.intake import throttle

    client = Client()
    reference, passphrase = codes(submit(client))
    follow = reverse("public-follow-up")

    def attempt(phrase, address=IP):
        data = {"reference": reference, "passphrase": phrase}
        return client.post(follow, data, REMOTE_ADDR=address)

    for _ in range(throttle.FREE_FAILURES):
        assert attempt("1111-2222-3333").status_code == 400
    waiting = attempt(passphrase)  # even the right one waits: guessing must not go faster
    assert waiting.status_code == 429 and waiting["Retry-After"] == "1"
    # From another connection too: the reference itself is slowed down, not only the client.
    assert attempt(passphrase, address="198.51.100.30").status_code == 429
    delays = []
    for step in range(10):
        clock.now += int(waiting["Retry-After"])
        waiting = attempt("1111-2222-3333")
        assert waiting.status_code == 400
        waiting = attempt(passphrase, address=f"198.51.100.{step}")
        delays.append(int(waiting["Retry-After"]))
    assert delays == sorted(delays) and delays[-1] == throttle.MAX_DELAY  # growing, capped
    clock.now += throttle.MAX_DELAY
    assert attempt(passphrase).status_code == 200  # no lock for the day: the reporter gets in
    assert attempt("1111-2222-3333").status_code == 400  # and a success starts the count again


def test_one_answer_for_a_wrong_passphrase_and_a_reference_that_does_not_exist(form_org, clock):
    from seri.intake import throttle

    client = Client()
    reference, _passphrase = codes(submit(client))
    follow = reverse("public-follow-up")
    answers = {}
    for ref in (reference, "SR-XXXX-XXXX" if reference != "SR-XXXX-XXXX" else "SR-YYYY-YYYY"):
        seen = []
        for _ in range(throttle.FREE_FAILURES + 1):
            response = client.post(
                follow, {"reference": ref, "passphrase": "1111-2222-3333"}, REMOTE_ADDR=ref
            )
            text = response.text.replace(ref, "REF")
            seen.append((response.status_code, response.get("Retry-After"), text))
        answers[ref] = seen
        cache.clear()
    existing, missing = answers.values()
    assert existing == missing
    assert [status for status, _retry, _text in existing][-2:] == [400, 429]


def test_a_form_token_stores_one_report(form_org):
    client = Client()
    token = _token()
    assert submit(client, token=token).status_code == 200
    replayed = submit(client, token=token)
    assert replayed.status_code == 400
    assert "My brother was taken" in replayed.text  # kept, with a fresh token to send it again
    assert Report.objects.count() == 1
    assert submit(client).status_code == 200  # a fresh form is fine


def test_bots_are_refused_and_people_keep_what_they_typed(form_org):
    client = Client()
    honeypot = submit(client, website="http://spam.example")
    assert honeypot.status_code == 400
    too_fast = submit(client, token=public.form_token())  # sent the moment it was shown
    assert too_fast.status_code == 400
    assert "My brother was taken" in too_fast.text  # the account is kept, with a new token
    forged = submit(client, token="12345:forged")
    assert forged.status_code == 400
    old = submit(client, token=_token(seconds_ago=public.MAX_FORM_AGE_SECONDS + 60))
    assert old.status_code == 400
    assert Report.objects.count() == 0
    assert PublicReceipt.objects.count() == 0


def test_the_form_speaks_seven_languages_and_the_staff_pages_three(form_org, settings, bob):
    from django.conf import settings as live

    assert [code for code, _ in live.LANGUAGES] == ["en", "zh-hans", "km"]
    client = Client()
    expected = {
        "th": "แจ้งเรื่องคนที่ถูกกักขัง",
        "vi": "Báo tin về người bị giam giữ",
        "id": "Laporkan orang yang disekap",
        "my": "ပိတ်မိနေသူကို သတင်းပို့ရန်",
    }
    for code, heading in expected.items():
        page = client.get(reverse("public-report"), {"lang": code})
        assert page["Content-Language"] == code
        assert f'<html lang="{code}">' in page.text
        assert heading in page.text, code
        assert "Report someone trapped" not in page.text
    for code in ("zh-hans", "km"):  # the staff languages translate the form too
        page = client.get(reverse("public-report"), {"lang": code})
        assert "Report someone trapped" not in page.text, code
    # Without ?lang=, the browser's language, if it is one of the seven.
    page = client.get(reverse("public-report"), HTTP_ACCEPT_LANGUAGE="th-TH,th;q=0.9,en;q=0.5")
    assert expected["th"] in page.text
    # Every language links to every other, on the page itself.
    for code, name in public.PUBLIC_LANGUAGES:
        assert f'href="?lang={code}"' in page.text and name in page.text
    # A Thai submission answers in Thai; a staff page stays in English.
    receipt = submit(client, lang="th")
    assert receipt.status_code == 200 and 'lang="th"' in receipt.text
    staff = login(bob).get(reverse("intake-triage"))
    assert 'lang="en"' in staff.text


def test_passphrases_typed_with_local_digits_are_accepted(form_org):
    client = Client()
    reference, passphrase = codes(submit(client, lang="th"))
    thai = passphrase.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    status = client.post(
        reverse("public-follow-up"),
        {"lang": "th", "reference": reference.replace("-", " "), "passphrase": thai},
    )
    assert status.status_code == 200


def test_quick_exit_works_without_javascript(form_org, settings):
    settings.SERI_PUBLIC_FORM_EXIT_URL = "https://weather.example/"
    client = Client()
    page = client.get(reverse("public-report"))
    assert "data-quick-exit" in page.text and reverse("public-exit") in page.text
    assert "public_report.js" in page.text and "<script>" not in page.text
    leave = client.get(reverse("public-exit"))
    assert leave.status_code == 302 and leave["Location"] == "https://weather.example/"
    assert "cache" in leave["Clear-Site-Data"]


def test_a_clear_page_when_no_organisation_receives_the_form(settings, ngo):
    settings.SERI_PUBLIC_FORM_ORGANISATION = ""
    client = Client()
    page = client.get(reverse("public-report"), {"lang": "km"})
    assert page.status_code == 503 and 'lang="km"' in page.text
    assert submit(client).status_code == 503
    settings.SERI_PUBLIC_FORM_ORGANISATION = "NO-SUCH-ORG"
    assert client.get(reverse("public-report")).status_code == 503
    assert Report.objects.count() == 0


# --- device credentials --------------------------------------------------------------------------


def test_an_admin_makes_lists_and_revokes_device_credentials(alice, bob, ngo):
    import base64

    client = login(alice)
    made = client.post(reverse("intake-devices"), {"label": "Field tablet 2"})
    assert made.status_code == 200
    credential = DeviceCredential.objects.get(organisation=ngo)
    password = re.search(r'class="device-password">([^<]+)<', made.text).group(1)
    assert password not in credential.password_hash
    assert "no-store" in made["Cache-Control"]
    listed = client.get(reverse("intake-devices"))
    assert credential.username in listed.text and password not in listed.text

    basic = "Basic " + base64.b64encode(f"{credential.username}:{password}".encode()).decode()
    device = Client()
    assert device.get(reverse("openrosa-form-list"), HTTP_AUTHORIZATION=basic).status_code == 200

    assert login(bob).get(reverse("intake-devices")).status_code == 403
    assert (
        login(bob).post(reverse("intake-device-revoke", args=[credential.public_id])).status_code
        == 404
    )
    revoked = client.post(reverse("intake-device-revoke", args=[credential.public_id]))
    assert revoked.status_code == 302
    assert device.get(reverse("openrosa-form-list"), HTTP_AUTHORIZATION=basic).status_code == 401
    actions = list(
        AuditEvent.objects.filter(object_type="devicecredential")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update"]


# --- export --------------------------------------------------------------------------------------


def test_an_admin_exports_the_reports_and_a_partner_imports_them(
    alice, bob, ngo, other_ngo, tmp_path
):
    from seri.intake.importers.spreadsheet import import_spreadsheet
    from seri.intake.services import ReportInput, report_create

    for text in ("Первый отчёт", '=HYPERLINK("http://x.example")', "第三份报告\nwith two lines"):
        report_create(
            actor=bob,
            organisation=ngo,
            data=ReportInput(channel="hotline", reporter_relation="family", original_text=text),
        )
    Report.objects.create(  # another organisation's report is never exported
        organisation=other_ngo, channel="hotline", reporter_relation="self", original_text="x"
    )
    assert login(bob).post(reverse("intake-export"), {"format": "csv"}).status_code == 403
    page = login(alice).get(reverse("intake-import"))
    assert reverse("intake-export") in page.text
    response = login(alice).post(reverse("intake-export"), {"format": "xlsx"})
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    path = tmp_path / "reports.xlsx"
    path.write_bytes(response.content)

    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)

    summary = import_spreadsheet(actor=None, organisation=other_ngo, path=path, partner="TNGO")
    assert (summary.created, summary.already_present) == (3, 0)
    texts = set(
        Report.objects.filter(organisation=other_ngo, channel="spreadsheet").values_list(
            "original_text", flat=True
        )
    )
    # (the encrypted field decrypts in Python: compare the decrypted values)
    texts = {
        r.original_text
        for r in Report.objects.filter(organisation=other_ngo, channel="spreadsheet")
    }
    assert "第三份报告\nwith two lines" in texts and '=HYPERLINK("http://x.example")' in texts
    event = AuditEvent.objects.get(object_type="report_export")
    assert (event.actor, event.detail) == (alice, {"export": "xlsx", "reports": 3})


def test_the_export_command(ngo, bob, tmp_path):
    from django.core.management import call_command

    from seri.intake.services import ReportInput, report_create

    report_create(
        actor=bob,
        organisation=ngo,
        data=ReportInput(channel="hotline", reporter_relation="friend", original_text="Seen."),
    )
    target = tmp_path / "out.csv"
    call_command("export", "csv", str(target), "--org", "tngo")
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "ID,Received at,Reported by,Language,Account"
    assert lines[1].endswith(",friend,,Seen.")
    assert AuditEvent.objects.filter(object_type="report_export", actor=None).count() == 1


def test_a_report_marked_not_relevant_still_reads_received(form_org, bob):
    client = Client()
    reference, passphrase = codes(submit(client))
    report = Report.objects.get()
    dismissed = login(bob).post(
        reverse("triage-report", args=[report.public_id]), {"action": "dismiss"}
    )
    assert dismissed.status_code == 302
    status = client.post(
        reverse("public-follow-up"), {"reference": reference, "passphrase": passphrase}
    )
    assert "<strong>received</strong>" in status.text and "relevant" not in status.text
