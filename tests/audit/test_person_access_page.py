"""The access history of a person: for admins of an organisation that sees them; audited."""

import pytest
from django.urls import reverse

from seri.audit.models import AuditAction, AuditEvent
from seri.audit.services import audit_identifying_view
from seri.cases.models import ConsentKind
from seri.cases.services import case_add_note, consent_record, task_create
from seri.orgs.models import Membership
from seri.referrals.services import referral_accept, referral_send
from tests.conftest import login
from tests.factories import PersonFactory, Role, UserFactory


def _url(person) -> str:
    return reverse("audit-person-access", args=[person.public_id])


@pytest.fixture
def olga(other_ngo):
    """An admin of another organisation."""
    return UserFactory(username="olga", membership=(other_ngo, Role.ORG_ADMIN))


def test_the_url(bobs_case):
    person = bobs_case.person
    assert _url(person) == f"/audit/people/{person.public_id}/"


def test_an_admin_sees_who_viewed_and_changed_the_record(alice, bob, bobs_case):
    login(bob).get(reverse("case-detail", args=[bobs_case.reference]))
    case_add_note(actor=bob, case=bobs_case, text="Called the family.")
    unrelated = PersonFactory(organisation=bobs_case.organisation)
    audit_identifying_view(actor=bob, people=[unrelated], context="case list")

    response = login(alice).get(_url(bobs_case.person))

    assert response.status_code == 200
    rows = {(e.actor, e.action, e.context) for e in response.context["entries"]}
    assert ("Bob", "Viewed identifying details", "person record · case page") in rows
    assert ("Bob", "Created", f"note on case {bobs_case.reference}") in rows
    assert ("Alice", "Viewed access history", "person record · access history") in rows
    assert all(str(unrelated.public_id) not in e.context for e in response.context["entries"])
    assert len(response.context["entries"]) == 3
    # Nothing identifying on the page, and laid out for phones.
    assert "Testperson Alpha" not in response.text
    assert 'data-label="Who"' in response.text


def test_a_list_that_showed_the_person_among_others_is_in_their_history(alice, bob, bobs_case):
    """A list of many people is one audit row (decision 0039): it is found through its
    subjects in the history of each person it showed, and of no one else."""
    login(bob).get(reverse("case-list"))
    others = [PersonFactory(organisation=bobs_case.organisation) for _ in range(2)]
    audit_identifying_view(actor=bob, people=[*others, bobs_case.person], context="dashboard")
    audit_identifying_view(actor=bob, people=others, context="compound page")

    entries = login(alice).get(_url(bobs_case.person)).context["entries"]

    contexts = [e.context for e in entries if e.action == "Viewed identifying details"]
    assert sorted(contexts) == ["person record · case list", "person record · dashboard"]


def test_reading_the_history_is_audited(alice, bobs_case, ngo):
    login(alice).get(_url(bobs_case.person))
    event = AuditEvent.objects.get(action=AuditAction.VIEW_HISTORY)
    assert (event.actor, event.organisation) == (alice, ngo)
    assert (event.object_type, event.object_id) == ("person", str(bobs_case.person.public_id))


def test_a_caseworker_is_refused(bob, bobs_case):
    assert login(bob).get(_url(bobs_case.person)).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_HISTORY).exists()


def test_it_validates_ownership(olga, bobs_case):
    # An admin elsewhere learns nothing, not even that the person exists.
    assert login(olga).get(_url(bobs_case.person)).status_code == 404


def test_an_admin_elsewhere_who_is_only_a_caseworker_here_is_refused(bob, bobs_case, other_ngo):
    Membership.objects.create(user=bob, organisation=other_ngo, role=Role.ORG_ADMIN)
    assert login(bob).get(_url(bobs_case.person)).status_code == 403


def test_an_admin_of_a_partner_sees_it_once_the_referral_is_accepted(
    alice, bob, bobs_case, embassy, emma
):
    embassy_admin = UserFactory(username="eve", membership=(embassy, Role.ORG_ADMIN))
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(actor=bob, case=bobs_case, to_organisation=embassy)
    assert login(embassy_admin).get(_url(bobs_case.person)).status_code == 404
    referral_accept(actor=emma, referral=referral)

    response = login(embassy_admin).get(_url(bobs_case.person))
    assert response.status_code == 200
    contexts = [e.context for e in response.context["entries"]]
    assert f"referral on case {bobs_case.reference} · Accepted" in contexts
    assert AuditEvent.objects.get(action=AuditAction.VIEW_HISTORY).organisation == embassy


def test_it_is_paginated_with_a_bounded_number_of_queries(
    alice, bob, bobs_case, settings, django_assert_max_num_queries
):
    settings.SERI_PAGE_SIZE = 5
    for n in range(12):
        case_add_note(actor=bob, case=bobs_case, text=f"Note {n}")
    client = login(alice)
    # session, user, memberships, person, cases, the audit row (3), count, page, the
    # navigation's three counts (notices, triage, referrals) and the session's own
    # bookkeeping: the same whatever the page size
    with django_assert_max_num_queries(15):
        response = client.get(_url(bobs_case.person), {"page": 2})
    page = response.context["page"]
    assert (page.number, page.paginator.num_pages, len(response.context["entries"])) == (2, 3, 5)
    assert "?page=3" in response.text


def test_an_unknown_person_is_not_found(alice):
    assert login(alice).get("/audit/people/00000000-0000-0000-0000-000000000000/").status_code == (
        404
    )


def _partner_admin_rows(embassy, bobs_case, client=None) -> set[str]:
    client = client or login(UserFactory(username="eve", membership=(embassy, Role.ORG_ADMIN)))
    response = client.get(_url(bobs_case.person))
    assert response.status_code == 200
    return {e.context for e in response.context["entries"]}


def test_a_partner_admin_sees_no_rows_about_sections_the_referral_does_not_share(
    bob, bobs_case, embassy, emma
):
    # Shared: the person only. Bob's task and notes stay the owner's: who worked on them and
    # when is not shown to the partner's admin either, as on the case page.
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(
        actor=bob, case=bobs_case, to_organisation=embassy, shared_sections=["person"]
    )
    referral_accept(actor=emma, referral=referral)
    task_create(actor=bob, case=bobs_case, title="Call the sister (synthetic)")
    case_add_note(actor=bob, case=bobs_case, text="Internal (synthetic).")
    case_add_note(actor=bob, case=bobs_case, text="For partners (synthetic).", shareable=True)
    ref = bobs_case.reference

    rows = _partner_admin_rows(embassy, bobs_case)
    assert f"referral on case {ref} · Accepted" in rows
    assert f"task on case {ref}" not in rows
    assert f"note on case {ref}" not in rows
    # The owner's admin still sees every row.
    assert f"task on case {ref}" in {
        e.context
        for e in login(
            UserFactory(username="ann", membership=(bobs_case.organisation, "org_admin"))
        )
        .get(_url(bobs_case.person))
        .context["entries"]
    }

    # What the partner added itself stays visible to its admin.
    task_create(actor=emma, case=bobs_case, title="Embassy follow-up (synthetic)")
    events = AuditEvent.objects.filter(object_type="task", detail__case=str(bobs_case.public_id))
    assert events.count() == 2
    assert f"task on case {ref}" in _partner_admin_rows(
        embassy, bobs_case, login(UserFactory(username="eva", membership=(embassy, "org_admin")))
    )


def test_a_partner_admin_sees_shared_tasks_and_only_the_notes_marked_shareable(
    bob, bobs_case, embassy, emma
):
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(
        actor=bob,
        case=bobs_case,
        to_organisation=embassy,
        shared_sections=["person", "tasks", "notes"],
    )
    referral_accept(actor=emma, referral=referral)
    task_create(actor=bob, case=bobs_case, title="Call the sister (synthetic)")
    internal = case_add_note(actor=bob, case=bobs_case, text="Internal (synthetic).")
    shared = case_add_note(
        actor=bob, case=bobs_case, text="For partners (synthetic).", shareable=True
    )

    client = login(UserFactory(username="eve", membership=(embassy, Role.ORG_ADMIN)))
    assert f"task on case {bobs_case.reference}" in _partner_admin_rows(embassy, bobs_case, client)
    notes = AuditEvent.objects.filter(object_type="note")
    seen = {
        e.object_id
        for e in client.get(_url(bobs_case.person)).context["page"].object_list
        if e.object_type == "note"
    }
    assert {n.object_id for n in notes} == {str(internal.public_id), str(shared.public_id)}
    assert seen == {str(shared.public_id)}
