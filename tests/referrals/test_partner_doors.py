"""Every door to a referred case respects the sections its referral shares.

The partner (emma, partner liaison at the embassy) tries each page, download and API endpoint
that reads a section of bob's case: with a referral that shares every section but that one,
the door answers 403/404 or leaves the section's data out of the body; with a referral that
shares only that section, it answers 200 with the data. One rule decides both
(seri/cases/scoping.py `cases_sharing`, seri/referrals/sharing.py `shows`)."""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record, task_create
from seri.evidence.services import EvidenceInput, evidence_receive
from seri.intake.services import ReportInput, report_create
from seri.referrals import services
from seri.referrals.models import SharedSection
from tests.conftest import login
from tests.factories import CompoundFactory

NAME = "Testperson Alpha"
PHONE = "912345678"
REPORT_TEXT = "Synthetic account: held at the river compound since May"
ATTACHMENT = "synthetic-screenshot.png"
EVIDENCE_NAME = "synthetic-shelter-photo.png"
TASK = "Book the shelter bed (synthetic)"
PNG = b"\x89PNG\r\n\x1a\nsynthetic bytes" * 50


@dataclass
class Seen:
    client: Client
    api: APIClient
    case: object
    report: object
    evidence: object
    compound: object


def _consent(bob, case):
    consent_record(
        actor=bob,
        case=case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )


@pytest.fixture
def referred(bob, emma, ngo, embassy, bobs_case):
    """A function: bob's case, with a report, an evidence file and a task, referred to the
    embassy sharing `sections` and accepted by emma."""
    compound = CompoundFactory(name="Synthetic River Compound")
    bobs_case.compound = compound
    bobs_case.save(update_fields=["compound"])
    report = report_create(
        actor=bob,
        organisation=ngo,
        case=bobs_case,
        data=ReportInput(
            channel="hotline",
            reporter_relation="family",
            original_text=REPORT_TEXT,
            attachments=[SimpleUploadedFile(ATTACHMENT, PNG, "image/png")],
        ),
    )
    evidence = evidence_receive(
        actor=bob,
        data=EvidenceInput(organisation=ngo, file=PNG, original_name=EVIDENCE_NAME, case=bobs_case),
    )
    task_create(actor=bob, case=bobs_case, title=TASK)
    _consent(bob, bobs_case)

    def refer(sections) -> Seen:
        referral = services.referral_send(
            actor=bob,
            case=bobs_case,
            to_organisation=embassy,
            shared_sections=sections,
        )
        services.referral_accept(actor=emma, referral=referral)
        api = APIClient()
        api.force_authenticate(user=emma)
        return Seen(login(emma), api, bobs_case, report, evidence, compound)

    return refer


def _timeline_kinds(response) -> str:
    return " ".join(str(entry["kind"]) for entry in response.json()["results"])


REF = "{reference}"  # markers and URLs name records by these fields (see _fill)
CASE_PAGE = "/cases/{reference}/"

# (section, door, url, POST body or None, what must not be in the body when not shared)
DOORS: list[tuple[str, str, str, dict | None, tuple[str, ...]]] = [
    # the case page, each section's part of it
    ("person", "case page", CASE_PAGE, None, (NAME, PHONE)),
    ("reports", "case page", CASE_PAGE, None, (REPORT_TEXT, ATTACHMENT)),
    ("evidence", "case page", CASE_PAGE, None, (EVIDENCE_NAME,)),
    ("tasks", "case page", CASE_PAGE, None, (TASK,)),
    # search and lists: a name or a phone does not find a case whose person is not shared
    ("person", "case search by name", "/cases/", {"q": NAME}, (REF,)),
    ("person", "case search by phone", "/cases/", {"q": "+84" + PHONE}, (REF, NAME)),
    ("person", "compound page", "/compounds/{compound}/", None, (NAME,)),
    # evidence pages and downloads
    ("evidence", "evidence page", "/evidence/{evidence}/", None, (EVIDENCE_NAME,)),
    ("evidence", "evidence original", "/evidence/{evidence}/original/", None, ()),
    # the API
    ("person", "api case", "/api/cases/{reference}/", None, (NAME,)),
    ("person", "api case list", "/api/cases/", None, (NAME,)),
    ("person", "api case search", "/api/cases/search/", {"q": NAME}, (REF,)),
    ("person", "api person", "/api/people/{person}/", None, (NAME,)),
    ("reports", "api reports of the case", "/api/reports/?case={reference}", None, (REPORT_TEXT,)),
    ("reports", "api report", "/api/reports/{report}/", None, (REPORT_TEXT,)),
    (
        "evidence",
        "api evidence of the case",
        "/api/evidence/?case={reference}",
        None,
        ("{evidence}",),
    ),
    ("evidence", "api evidence", "/api/evidence/{evidence}/", None, (EVIDENCE_NAME,)),
    ("evidence", "api evidence original", "/api/evidence/{evidence}/original/", None, ()),
    ("tasks", "api tasks", "/api/tasks/", None, (TASK,)),
]


def _fill(seen: Seen, text: str) -> str:
    return text.format(
        reference=seen.case.reference,
        compound=seen.compound.public_id,
        evidence=seen.evidence.public_id,
        person=seen.case.person.public_id,
        report=seen.report.public_id,
    )


def _ask(seen: Seen, url: str, body: dict | None):
    url = _fill(seen, url)
    api = url.startswith("/api/")
    if body is None:
        return (seen.api if api else seen.client).get(url)
    if api:
        return seen.api.post(url, body, format="json")
    return seen.client.post(url, body)


def _body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _ids(doors):
    return [f"{section}: {door}" for section, door, *_ in doors]


@pytest.mark.parametrize(("section", "door", "url", "body", "markers"), DOORS, ids=_ids(DOORS))
def test_a_section_not_shared_is_not_shown(referred, section, door, url, body, markers):
    seen = referred([s for s in SharedSection.values if s != section])
    response = _ask(seen, url, body)
    text = _body(response)
    assert response.status_code in (200, 403, 404), text[:300]
    for marker in markers:
        assert _fill(seen, marker) not in text
    if not markers:  # a file: refused outright
        assert response.status_code in (403, 404)
        assert PNG[:20].decode("latin-1") not in text


@pytest.mark.parametrize(("section", "door", "url", "body", "markers"), DOORS, ids=_ids(DOORS))
def test_a_shared_section_is_shown(referred, section, door, url, body, markers):
    seen = referred([section])
    response = _ask(seen, url, body)
    assert response.status_code == 200, _body(response)[:300]
    text = _body(response) if markers else ""
    for marker in markers:
        if marker == PHONE:  # shown as +84…, written differently in places
            continue
        assert _fill(seen, marker) in text


@pytest.mark.parametrize("section", ["reports", "tasks"])
def test_the_timeline_hides_the_entries_of_a_section_not_shared(referred, section):
    seen = referred([s for s in SharedSection.values if s != section])
    kinds = _timeline_kinds(_ask(seen, "/api/cases/{reference}/timeline/", None))
    assert section[:-1] not in kinds


@pytest.mark.parametrize("section", ["reports", "tasks"])
def test_the_timeline_shows_the_entries_of_a_shared_section(referred, section):
    seen = referred([section])
    kinds = _timeline_kinds(_ask(seen, "/api/cases/{reference}/timeline/", None))
    assert section[:-1] in kinds


def test_the_partner_sees_the_files_its_own_organisation_added(
    bob, ngo, other_ngo, bobs_case, charlie
):
    """A partner that works cases (a caseworker of another NGO) adds a file to the referred
    case: it sees that file though the referral does not share evidence; bob sees it too."""
    _consent(bob, bobs_case)
    referral = services.referral_send(
        actor=bob,
        case=bobs_case,
        to_organisation=other_ngo,
        shared_sections=["notes"],
    )
    services.referral_accept(actor=charlie, referral=referral)
    owners = evidence_receive(
        actor=bob,
        data=EvidenceInput(organisation=ngo, file=PNG, original_name=EVIDENCE_NAME, case=bobs_case),
    )
    theirs = evidence_receive(
        actor=charlie,
        data=EvidenceInput(
            organisation=other_ngo,
            file=PNG + b"!",
            original_name="partner-file.png",
            case=bobs_case,
        ),
    )
    client = login(charlie)
    page = client.get(f"/cases/{bobs_case.reference}/").content.decode()
    assert "partner-file.png" in page and EVIDENCE_NAME not in page
    assert client.get(f"/evidence/{theirs.public_id}/").status_code == 200
    assert client.get(f"/evidence/{owners.public_id}/").status_code == 404
    assert "partner-file.png" in login(bob).get(f"/cases/{bobs_case.reference}/").content.decode()
