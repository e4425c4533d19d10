"""The case list's filters and searches, however the database is asked (the filter indexes,
the search as `id IN (… UNION ALL …)`), list exactly the cases `case_access` lets each user
see that match, newest first: for every role, own cases and referred ones (shared or not),
and a member of two organisations."""

import itertools
import random

import pytest

from seri.cases import selectors
from seri.cases.models import Case, CaseStatus, Urgency
from seri.cases.scoping import case_access
from seri.cases.selectors import CaseFilters, case_list_for_user
from seri.core import crypto
from seri.orgs.models import Membership, Role
from seri.referrals.models import Referral, ReferralStatus, SharedSection
from tests.factories import CaseFactory, PersonFactory, UserFactory

NAMES = ["Somchai Kaewmanee", "Chaiwat Boonmee", "Nguyen Van An", "Chaiwat", "Sok Dara"]


@pytest.fixture
def world(ngo, other_ngo, embassy, alice, bob, vera, charlie, emma):
    """Cases of three organisations with every status, urgency and nationality mixed, some
    assigned to Bob, referred between them (accepted with and without the person, or only
    sent), one with a reference that is also a name's prefix; and Maya, a member of two."""
    maya = UserFactory(username="maya", membership=(other_ngo, Role.CASEWORKER))
    Membership.objects.create(user=maya, organisation=embassy, role=Role.PARTNER_LIAISON)
    rng = random.Random(20)
    organisations = [ngo, other_ngo, embassy]
    cases = []
    for i in range(36):
        organisation = organisations[i % 3]
        person = PersonFactory(
            organisation=organisation,
            name=NAMES[i % len(NAMES)],
            nationality=rng.choice(["VN", "KH", "TH"]),
            phone=f"+8551234{i:04d}",
        )
        cases.append(
            CaseFactory(
                organisation=organisation,
                person=person,
                status=rng.choice(list(CaseStatus)),
                urgency=rng.choice(list(Urgency)),
                assigned_to=bob if organisation == ngo and i % 2 else None,
            )
        )
    # A reference that "Chaiwat" also reads as (CHAI-WAT…), and one just past that range.
    Case.objects.filter(pk=cases[1].pk).update(reference="CHAI-WAT1")
    Case.objects.filter(pk=cases[2].pk).update(reference="CHAI-WAU1")
    without_person = [s for s in SharedSection.values if s != SharedSection.PERSON]
    for case, to, status, sections in [
        (cases[0], other_ngo, ReferralStatus.ACCEPTED, list(SharedSection.values)),
        (cases[3], other_ngo, ReferralStatus.ACCEPTED, without_person),
        (cases[6], embassy, ReferralStatus.ACCEPTED, list(SharedSection.values)),
        (cases[9], other_ngo, ReferralStatus.SENT, list(SharedSection.values)),
        (cases[4], ngo, ReferralStatus.ACCEPTED, without_person),
        (cases[8], ngo, ReferralStatus.ACCEPTED, list(SharedSection.values)),
    ]:
        Referral.objects.create(
            case=case,
            from_organisation=case.organisation,
            to_organisation=to,
            sent_by=alice,
            status=status,
            shared_sections=sections,
        )
    return [alice, bob, vera, charlie, emma, maya]


def _expected(user, filters: CaseFilters) -> list[str]:
    """From first principles: each case's access, then the filter, newest first."""
    found = []
    for case in Case.objects.all():
        access = case_access(user, case)
        if not access.can_view:
            continue
        if filters.status and case.status != filters.status:
            continue
        if filters.urgency and case.urgency != filters.urgency:
            continue
        if filters.assigned_to_me and case.assigned_to_id != user.pk:
            continue
        if filters.nationality and not case.person.nationalities.filter(
            country=filters.nationality
        ):
            continue
        if filters.query and not _found_by(case, filters.query, access.shares("person")):
            continue
        found.append(case)
    found.sort(key=lambda case: (case.created_at, case.pk), reverse=True)
    return [case.reference for case in found]


def _found_by(case, query: str, person_shown: bool) -> bool:
    prefix = selectors._reference_prefix(query)
    if prefix and case.reference.startswith(prefix):
        return True
    if not person_shown:
        return False
    words = crypto.name_tokens(query)
    names = set().union(*(crypto.name_tokens(n.value) for n in case.person.names.all()))
    phones = {p.e164 for p in case.person.phones.all()}
    return (bool(words) and words <= names) or selectors._phone_query(query) in phones


FILTERS = [
    CaseFilters(),
    CaseFilters(status=CaseStatus.VERIFYING),
    CaseFilters(status=CaseStatus.REPORTED),
    CaseFilters(urgency=Urgency.IMMEDIATE_DANGER),
    CaseFilters(urgency=Urgency.NORMAL, status=CaseStatus.CLOSED),
    CaseFilters(nationality="VN"),
    CaseFilters(assigned_to_me=True),
    CaseFilters(query="kaewmanee somchai"),
    CaseFilters(query="Chaiwat"),
    CaseFilters(query="chai-wat"),
    CaseFilters(query="Chaiwat Boonmee", urgency=Urgency.NORMAL),
    CaseFilters(query="Somchai Nobody"),
    CaseFilters(query="+855 1234 0003"),
    CaseFilters(query="+855 1234 0004"),
    CaseFilters(query="+855 1234 0008"),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: repr(f)[12:80])
def test_every_filter_and_search_lists_exactly_what_each_user_may_see(world, filters):
    for user in world:
        listed = list(case_list_for_user(user, filters).values_list("reference", flat=True))
        assert listed == _expected(user, filters), (user.username, filters)


def test_a_name_that_reads_as_a_reference_finds_both_and_nothing_past_the_prefix(world):
    charlie = next(user for user in world if user.username == "charlie")
    listed = set(
        case_list_for_user(charlie, CaseFilters(query="Chaiwat")).values_list(
            "reference", flat=True
        )
    )
    assert "CHAI-WAT1" in listed and "CHAI-WAU1" not in listed
    # Charlie's own cases named Chaiwat, and none of another organisation's
    own_named = Case.objects.filter(
        organisation__short_name="OTHER", person__names__isnull=False
    ).exclude(reference__startswith="CHAI-")
    for case in own_named:
        named = any("Chaiwat" in n.value for n in case.person.names.all())
        assert (case.reference in listed) == named


def test_a_partner_never_finds_a_hidden_person_by_name_or_phone(world):
    charlie = next(user for user in world if user.username == "charlie")
    hidden = next(
        referral.case
        for referral in Referral.objects.filter(
            to_organisation__short_name="OTHER", status=ReferralStatus.ACCEPTED
        )
        if SharedSection.PERSON not in referral.shared_sections
    )
    phone = hidden.person.phones.get().e164
    name = hidden.person.names.get().value
    for query in (phone, name):
        listed = case_list_for_user(charlie, CaseFilters(query=query))
        assert hidden.reference not in set(listed.values_list("reference", flat=True)), query
    by_reference = case_list_for_user(charlie, CaseFilters(query=hidden.reference))
    assert [case.reference for case in by_reference] == [hidden.reference]


def test_filters_combined_list_the_intersection(world):
    bob = next(user for user in world if user.username == "bob")
    for status, urgency in itertools.product(
        [CaseStatus.VERIFYING, CaseStatus.CLOSED], [Urgency.NORMAL, Urgency.MEDICAL]
    ):
        filters = CaseFilters(status=status, urgency=urgency, assigned_to_me=True)
        listed = list(case_list_for_user(bob, filters).values_list("reference", flat=True))
        assert listed == _expected(bob, filters)


def test_searches_past_the_keys_threshold_list_the_same(world, monkeypatch):
    # Past the threshold a search's matches stay a subquery instead of a list of keys.
    monkeypatch.setattr(selectors, "SEARCH_KEYS_UP_TO", 0)
    for filters in [f for f in FILTERS if f.query]:
        for user in world:
            listed = list(case_list_for_user(user, filters).values_list("reference", flat=True))
            assert listed == _expected(user, filters), (user.username, filters)
