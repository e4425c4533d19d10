"""A referral shares what its sender chose: the partner's case page and API show only those
sections, internal notes never; the sender previews exactly that before sending."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import ConsentKind
from seri.cases.services import case_add_note, consent_record, task_create
from seri.referrals import services
from seri.referrals.models import SharedSection
from tests.conftest import login

INTERNAL = "Internal: the family may be involved (synthetic)"
SHAREABLE = "Shareable: needs a Vietnamese interpreter (synthetic)"
TASK = "Book the shelter bed (synthetic)"


@pytest.fixture
def case(bob, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    case_add_note(actor=bob, case=bobs_case, text=INTERNAL)
    case_add_note(actor=bob, case=bobs_case, text=SHAREABLE, shareable=True)
    task_create(actor=bob, case=bobs_case, title=TASK)
    return bobs_case


def _accepted(bob, emma, embassy, case, sections):
    referral = services.referral_send(
        actor=bob, case=case, to_organisation=embassy, shared_sections=sections
    )
    services.referral_accept(actor=emma, referral=referral)
    return referral


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=user)
    return client


def test_the_partner_sees_only_the_chosen_sections_on_the_page_and_in_the_api(
    bob, emma, embassy, case
):
    _accepted(bob, emma, embassy, case, [SharedSection.NOTES])
    html = login(emma).get(reverse("case-detail", args=[case.reference])).content.decode()
    assert SHAREABLE in html
    for hidden in (INTERNAL, TASK, "Testperson Alpha", "912345678"):
        assert hidden not in html
    assert "not shared with your organisation" in html

    detail = _api(emma).get(f"/api/cases/{case.reference}/").json()
    assert detail["person"] is None
    timeline = _api(emma).get(f"/api/cases/{case.reference}/timeline/").json()
    texts = [entry["text"] for entry in timeline["results"]]
    assert SHAREABLE in texts and INTERNAL not in texts
    # the owner still sees everything
    owner = login(bob).get(reverse("case-detail", args=[case.reference])).content.decode()
    assert INTERNAL in owner and TASK in owner and "Testperson Alpha" in owner


def test_sharing_the_person_and_tasks_but_not_notes(bob, emma, embassy, case):
    _accepted(bob, emma, embassy, case, [SharedSection.PERSON, SharedSection.TASKS])
    html = login(emma).get(reverse("case-detail", args=[case.reference])).content.decode()
    assert "Testperson Alpha" in html and TASK in html
    assert SHAREABLE not in html and INTERNAL not in html
    detail = _api(emma).get(f"/api/cases/{case.reference}/").json()
    assert detail["person"]["names"]


def test_the_preview_shows_exactly_what_the_partner_will_see(bob, embassy, case):
    response = login(bob).post(
        reverse("referral-preview", args=[case.reference]),
        {"to_organisation": embassy.short_name, "kind": "referral", "shared_sections": ["notes"]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview: exactly what EMB-TL will see" in html
    assert SHAREABLE in html
    for hidden in (INTERNAL, TASK, "Testperson Alpha"):
        assert hidden not in html


def test_unknown_sections_are_refused(bob, embassy, case):
    with pytest.raises(ValidationError) as exc:
        services.referral_send(
            actor=bob, case=case, to_organisation=embassy, shared_sections=["everything"]
        )
    assert "shared_sections" in exc.value.message_dict


def test_the_referral_form_sends_the_chosen_sections(bob, emma, embassy, case):
    login(bob).post(
        reverse("referral-send", args=[case.reference]),
        {"to_organisation": embassy.short_name, "kind": "referral", "shared_sections": ["tasks"]},
    )
    referral = case.referrals.get()
    assert referral.shared_sections == ["tasks"]


def test_the_api_lists_the_owners_tasks_to_a_partner_only_when_tasks_are_shared(
    bob, emma, embassy, case
):
    _accepted(bob, emma, embassy, case, [SharedSection.NOTES])
    titles = [t["title"] for t in _api(emma).get("/api/tasks/").json()["results"]]
    assert TASK not in titles
    task_create(actor=emma, case=case, title="Embassy: issue travel papers (synthetic)")
    titles = [t["title"] for t in _api(emma).get("/api/tasks/").json()["results"]]
    assert titles == ["Embassy: issue travel papers (synthetic)"]
    assert TASK in [t["title"] for t in _api(bob).get("/api/tasks/").json()["results"]]


def test_the_person_is_not_found_through_the_api_unless_shared(bob, emma, embassy, case):
    _accepted(bob, emma, embassy, case, [SharedSection.NOTES])
    person = f"/api/people/{case.person.public_id}/"
    assert _api(emma).get(person).status_code == 404
    assert _api(bob).get(person).status_code == 200


def test_lists_do_not_name_a_person_the_referral_does_not_share(bob, emma, embassy, case):
    """The partner's case list and dashboard show the referred case's reference and status,
    not the person, when the referral does not share the person; and record no view of them."""
    _accepted(bob, emma, embassy, case, [SharedSection.NOTES])
    partner = login(emma)
    for url in ("/cases/", "/"):
        page = partner.get(url).content.decode()
        assert case.reference in page or url == "/"
        assert "Testperson Alpha" not in page
    assert not AuditEvent.objects.filter(
        actor=emma, action=AuditAction.VIEW_IDENTIFYING, object_id=str(case.person.public_id)
    ).exists()
    assert "Testperson Alpha" in login(bob).get("/cases/").content.decode()


def test_lists_name_the_person_when_the_referral_shares_them(bob, emma, embassy, case):
    _accepted(bob, emma, embassy, case, [SharedSection.PERSON])
    assert "Testperson Alpha" in login(emma).get("/cases/").content.decode()
