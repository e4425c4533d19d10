"""Back in an installation after a linkage run: a family's tracing report hears of a person
marked safe at another installation (in the app and by e-mail, through a real SMTP server);
"ask for a referral" sends the agreed channel a request that names the project, the other
side's random record id and the asking organisation, nothing else; decisions are recorded,
audited and shown on the person's page."""

import json
import re
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.core.exceptions import ValidationError

from seri.audit.models import AuditEvent
from seri.cases.models import CaseStatus
from seri.intake.models import Report
from seri.notifications.kinds import NoticeKind
from seri.notifications.models import Notification
from seri.pprl import services
from seri.pprl.models import PprlContact, PprlMatch, PprlRecord
from tests.factories import CaseFactory, PersonFactory

KEY = bytes(range(32))
NAME = "Chan Ka Ho"


class Inbox:
    def __init__(self):
        self.messages: list[tuple[str, list[str], str]] = []
        self.received = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.content.decode("utf-8"))
        )
        self.received.set()
        return "250 OK"

    def wait_for(self, n: int) -> list[tuple[str, list[str], str]]:
        while len(self.messages) < n:
            self.received.clear()
            assert self.received.wait(10), f"{len(self.messages)} of {n} messages arrived"
        return self.messages


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "seri@test.invalid"
    settings.SERI_EMAIL_NOTIFICATIONS = True
    settings.SERI_PUBLIC_URL = "https://embassy.test.invalid"
    yield inbox
    controller.stop()


@pytest.fixture
def project(ngo, alice):
    return services.project_create(
        actor=alice,
        name="coalition",
        installation="embassy",
        organisations=[ngo],
        legal_basis="Synthetic test basis",
    )


def _family_report(case):
    return Report.objects.create(
        organisation=case.organisation,
        case=case,
        channel="hotline",
        reporter_relation="family",
        original_text=f"My brother {NAME} went to work abroad and has not called since.",
    )


def _result(project, token, *others):
    return {
        "format": "seri-pprl-result/1",
        "project": project.name,
        "installation": project.installation,
        "groups": [{"record": token, "others": list(others)}],
    }


def _traced_case(ngo, bob, alice, project):
    case = CaseFactory(
        organisation=ngo, person=PersonFactory(organisation=ngo, name=NAME), assigned_to=bob
    )
    _family_report(case)
    services.encodings_build(actor=alice, project=project, key=KEY)
    return case, PprlRecord.objects.get(person=case.person).token


def test_a_tracing_report_hears_of_a_person_safe_elsewhere(
    ngo, alice, bob, project, smtp_server, django_capture_on_commit_callbacks
):
    bob.email = "bob@test.invalid"
    bob.save(update_fields=["email"])
    case, token = _traced_case(ngo, bob, alice, project)
    # Someone at the shelter is safe; someone at the police is not marked (a report there).
    doc = _result(
        project,
        token,
        {"installation": "shelter", "record": "r-safe", "similarity": 0.97, "safe": True},
        {"installation": "police", "record": "r-other", "similarity": 0.93},
    )
    with django_capture_on_commit_callbacks(execute=True):
        summary = services.results_import(actor=alice, project=project, doc=doc)
    assert (summary.stored, summary.notified) == (2, 1)
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.case) == (bob, NoticeKind.TRACING_MATCH, case)
    assert notice.params == {"installation": "shelter"}
    assert notice.text == (
        f"A possible match for the person traced in case {case.reference} exists at "
        "installation shelter."
    )
    _sender, recipients, content = smtp_server.wait_for(1)[0]
    assert recipients == ["bob@test.invalid"]
    assert f"https://embassy.test.invalid/cases/{case.reference}/" in content
    # the Message-ID apart: its random digits may hold "0.97" (they once did)
    shown = re.sub(r"(?im)^Message-ID:.*$", "", content)
    for leaked in (NAME, "Chan", "r-safe", "0.97"):
        assert leaked not in shown
    # The same result again tells no one twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = services.results_import(actor=alice, project=project, doc=doc)
    assert (again.stored, again.duplicates, again.notified) == (0, 2, 0)
    assert Notification.objects.count() == 1
    # The police later mark their record safe: that match now notifies, once.
    later = _result(
        project,
        token,
        {"installation": "police", "record": "r-other", "similarity": 0.93, "safe": True},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.results_import(actor=alice, project=project, doc=later).notified == 1
    assert PprlMatch.objects.get(remote_record="r-other").remote_safe
    assert Notification.objects.filter(params={"installation": "police"}).count() == 1


def test_no_notice_without_a_family_report_or_when_the_person_is_safe_here(
    ngo, alice, bob, project
):
    plain = CaseFactory(
        organisation=ngo, person=PersonFactory(organisation=ngo, name="Sokha Chan"), assigned_to=bob
    )
    found, _token = _traced_case(ngo, bob, alice, project)
    found.status = CaseStatus.IN_SUPPORT
    found.save(update_fields=["status"])
    services.encodings_build(actor=alice, project=project, key=KEY)
    tokens = dict(PprlRecord.objects.values_list("person_id", "token"))
    safe = {"installation": "shelter", "record": "x", "similarity": 0.95, "safe": True}
    doc = {
        "project": project.name,
        "installation": project.installation,
        "groups": [
            {"record": tokens[plain.person_id], "others": [safe]},
            {"record": tokens[found.person_id], "others": [{**safe, "record": "y"}]},
        ],
    }
    assert services.results_import(actor=alice, project=project, doc=doc).notified == 0
    assert not Notification.objects.exists()


def test_encodings_mark_people_in_safety_only_when_the_project_says_so(ngo, alice, bob):
    quiet = services.project_create(
        actor=alice, name="quiet", installation="shelter", organisations=[ngo], legal_basis="b"
    )
    telling = services.project_create(
        actor=alice,
        name="telling",
        installation="shelter",
        organisations=[ngo],
        legal_basis="b",
        tells_safe=True,
    )
    safe = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="陳家豪"))
    safe.status = CaseStatus.RELEASED_RESCUED
    safe.save(update_fields=["status"])
    CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo, name="Lee Wai"))
    assert all(
        "safe" not in r
        for r in services.encodings_build(actor=alice, project=quiet, key=KEY)["records"]
    )
    records = services.encodings_build(actor=alice, project=telling, key=KEY)["records"]
    token = PprlRecord.objects.get(project=telling, person=safe.person).token
    assert {r["id"]: r["safe"] for r in records} == {
        token: True,
        next(r["id"] for r in records if r["id"] != token): False,
    }


def test_asking_for_a_referral_goes_through_the_agreed_channel(
    ngo, alice, bob, charlie, project, smtp_server, client_for, django_capture_on_commit_callbacks
):
    case, token = _traced_case(ngo, bob, alice, project)
    other = {"installation": "shelter", "record": "r7f3a9c2d1e0b4a6", "similarity": 0.97}
    services.results_import(actor=alice, project=project, doc=_result(project, token, other))
    match = PprlMatch.objects.get()
    # No channel agreed yet: refused, naming the field; nothing recorded.
    with pytest.raises(ValidationError) as err:
        services.match_ask_referral(actor=bob, match=match)
    assert "installation" in err.value.message_dict
    with pytest.raises(PermissionError):  # a caseworker does not set the project's channels
        services.project_contact_set(
            actor=bob, project=project, installation="shelter", referral_email="x@test.invalid"
        )
    with pytest.raises(ValidationError) as err:
        services.project_contact_set(
            actor=alice, project=project, installation="shelter", referral_email="not-an-address"
        )
    assert "referral_email" in err.value.message_dict
    page = client_for(alice).post(
        f"/pprl/projects/{project.name}/channels/",
        {"installation": "shelter", "referral_email": "coordinator@shelter.test.invalid"},
    )
    assert page.status_code == 302
    assert PprlContact.objects.get().referral_email == "coordinator@shelter.test.invalid"

    with pytest.raises(PermissionError):  # another organisation's caseworker
        services.match_ask_referral(actor=charlie, match=match)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(bob).post(
            f"/pprl/match/{match.public_id}/referral/", {"next": f"/cases/{case.reference}/"}
        )
    assert response.status_code == 302
    _sender, recipients, content = smtp_server.wait_for(1)[0]
    assert recipients == ["coordinator@shelter.test.invalid"]
    assert "coalition" in content and "r7f3a9c2d1e0b4a6" in content
    assert ngo.name in content
    for leaked in (NAME, "Chan", case.reference, str(case.person.public_id), token, "0.97"):
        assert leaked not in content, leaked
    match.refresh_from_db()
    assert match.status == PprlMatch.Status.REFERRAL_ASKED
    assert match.referral_asked_by == bob and match.referral_sent_at is not None
    actions = list(
        AuditEvent.objects.filter(action__startswith="pprl.").values_list("action", flat=True)
    )
    assert {"pprl.contact_set", "pprl.referral_asked", "pprl.referral_sent"} <= set(actions)
    page = client_for(bob).get(f"/cases/{case.reference}/").content.decode()
    assert "Referral asked by Bob" in page and "sent to the installation" in page
    assert "Ask for a referral" not in page  # sent: not asked twice


def test_the_other_installation_finds_the_record_a_request_names(
    ngo, alice, bob, project, client_for
):
    case, token = _traced_case(ngo, bob, alice, project)
    response = client_for(alice).post(f"/pprl/projects/{project.name}/find/", {"record": token})
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.reference}/"
    response = client_for(alice).post(f"/pprl/projects/{project.name}/find/", {"record": "nope"})
    assert response["Location"] == f"/pprl/projects/{project.name}/"
    # Only an admin of the project's organisations sees the project's pages.
    assert client_for(bob).get(f"/pprl/projects/{project.name}/").status_code == 404
    page = client_for(alice).get(f"/pprl/projects/{project.name}/").content.decode()
    assert "Download the encodings" in page and "1 people encoded" in page


def test_decisions_are_recorded_audited_and_shown(ngo, alice, bob, project, client_for):
    case, token = _traced_case(ngo, bob, alice, project)
    other = {"installation": "shelter", "record": "r1", "similarity": 0.91}
    services.results_import(actor=alice, project=project, doc=_result(project, token, other))
    match = PprlMatch.objects.get()
    client = client_for(bob)
    response = client.post(
        f"/pprl/match/{match.public_id}/decide/",
        {"same": "no", "next": f"/cases/{case.reference}/"},
    )
    assert response.status_code == 302
    match.refresh_from_db()
    assert (match.status, match.decided_by) == (PprlMatch.Status.NOT_SAME, bob)
    event = AuditEvent.objects.get(action="pprl.match_decided")
    assert event.object_id == str(match.public_id)
    assert event.detail == {"installation": "shelter", "status": "not_same"}
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Not the same person" in page and "decided by Bob" in page
    assert "Ask for a referral" not in page  # not the same person: nothing to refer


def test_phones_and_compounds_are_encoded_and_never_written_out(ngo, alice, project):
    person = PersonFactory(organisation=ngo, name=NAME, phone="+84912345678")
    CaseFactory(organisation=ngo, person=person)
    with_phone = services.encodings_build(actor=alice, project=project, key=KEY)
    text = json.dumps(with_phone)
    for leaked in ("84912345678", "912345678", NAME):
        assert leaked not in text
    person.phones.all().delete()
    without = services.encodings_build(actor=alice, project=project, key=KEY)
    # the same random id, but the phone changed what was encoded
    assert without["records"][0]["id"] == with_phone["records"][0]["id"]
    assert without["records"][0]["clks"] != with_phone["records"][0]["clks"]
