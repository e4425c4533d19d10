"""The statistics' own scope on the summary rows (`stats_facts`) is proven equal, for every
role and for users with several roles, to the case scope of `seri.cases.scoping`: the cases
each user may count are the cases each user may see with their person (a referred case only
when its referral shares the person; a coordinator: the whole coalition)."""

import itertools

import pytest

from seri.cases.models import Case
from seri.cases.scoping import cases_sharing
from seri.orgs.models import Membership, Role
from seri.referrals.models import Referral, ReferralStatus
from seri.stats import permissions
from seri.stats.selectors import stats_facts
from seri.stats.services import case_facts_refresh
from tests.factories import OrganisationFactory, UserFactory
from tests.stats.conftest import make_cases


@pytest.fixture
def world(ngo, other_ngo):
    """Three organisations with cases; referrals between them in every status."""
    third = OrganisationFactory(name="Third Test NGO", short_name="THIRD")
    sender = UserFactory(username="sender", membership=(ngo, Role.CASEWORKER))
    cases = {org: make_cases(org, 6, seed=i) for i, org in enumerate((ngo, other_ngo, third))}
    statuses = list(ReferralStatus)
    for i, (source, target) in enumerate(itertools.permutations((ngo, other_ngo, third), 2)):
        for j, status in enumerate(statuses):
            Referral.objects.create(
                case=cases[source][(i + j) % 6],
                from_organisation=source,
                to_organisation=target,
                status=status,
                sent_by=sender,
                # every other referral keeps the person to the sender
                shared_sections=["person", "notes"] if j % 2 else ["notes"],
            )
    case_facts_refresh()
    return ngo, other_ngo, third


def _counted(user) -> set[int]:
    return set(stats_facts(user).filter(rank=0).values_list("case_id", flat=True))


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_every_role_counts_exactly_the_cases_it_may_see(world, role):
    _ngo, other_ngo, _third = world
    user = UserFactory(username=f"u-{role}", membership=(other_ngo, role))
    if not permissions.may_see_statistics(user):
        assert role == Role.PARTNER_LIAISON
        with pytest.raises(PermissionError):
            stats_facts(user)
        return
    expected = (
        set(Case.objects.values_list("pk", flat=True))
        if role == Role.COORDINATOR
        else set(cases_sharing(user, "person").values_list("pk", flat=True))
    )
    assert _counted(user) == expected
    assert expected  # the comparison is not between two empty sets


@pytest.mark.django_db
@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(list(Role), 2)))
def test_users_with_two_roles_in_two_organisations(world, first, second):
    _ngo, other_ngo, third = world
    user = UserFactory(username=f"u-{first}-{second}", membership=(other_ngo, first))
    Membership.objects.create(user=user, organisation=third, role=second)
    if not permissions.may_see_statistics(user):
        with pytest.raises(PermissionError):
            stats_facts(user)
        return
    if permissions.is_coordinator(user):
        expected = set(Case.objects.values_list("pk", flat=True))
    else:
        expected = set(cases_sharing(user, "person").values_list("pk", flat=True))
    assert _counted(user) == expected


@pytest.mark.django_db
def test_a_referred_case_is_counted_only_when_the_person_is_shared(world):
    _ngo, other_ngo, _third = world
    user = UserFactory(username="counter", membership=(other_ngo, Role.CASEWORKER))
    hidden, shared = Referral.objects.filter(
        to_organisation=other_ngo, status=ReferralStatus.ACCEPTED
    ).order_by("id")[:2]
    Referral.objects.filter(pk=hidden.pk).update(shared_sections=["notes", "reports"])
    Referral.objects.filter(pk=shared.pk).update(shared_sections=["person"])
    counted = _counted(user)
    assert shared.case_id in counted and hidden.case_id not in counted
