"""The one scoping function: which cases and people a user may see, and what they may do.

Every page, search, export and API endpoint that returns cases or people starts from
`cases_visible_to` / `people_visible_to`. No view filters by organisation by hand.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from seri.cases.models import Case, Person
from seri.core.prepared import prepared
from seri.core.types import Actor
from seri.orgs import permissions
from seri.orgs.models import (
    ROLES_SEEING_OWN_CASES,
    ROLES_WORKING_REFERRALS,
    ROLES_WRITING_CASES,
    Organisation,
)
from seri.referrals.models import ACCESS_GRANTING_STATUSES, Referral

# Up to this many referred cases are passed to the database as a list of keys; past it, as a
# subquery (SQLite limits a statement's parameters; a partner holding thousands is unusual).
REFERRED_AS_LIST_UP_TO = 2000


@prepared
def _accepted_referrals_to(organisation_ids: tuple[int, ...]) -> QuerySet:
    return Referral.objects.filter(
        to_organisation_id__in=organisation_ids, status__in=ACCESS_GRANTING_STATUSES
    ).values_list("case_id", flat=True)


def referred_case_ids(user: Actor) -> set[int]:
    """Cases referred to any of the user's organisations and accepted there (one index scan of
    referrals by receiving organisation and status; referrals are few next to cases)."""
    member_of = permissions.all_org_ids(user)
    if not member_of:
        return set()
    return set(_accepted_referrals_to.list(tuple(sorted(member_of))))


def _referred(user: Actor, member_of: set[int]) -> Q:
    """The accepted referrals' cases as `pk IN (keys)`: next to the own organisations'
    `organisation_id IN (...)` the database reads two indexes (organisation, primary key)
    instead of testing a correlated EXISTS on every case it walks (which at a million cases
    made PostgreSQL walk the newest-first index until it had a page, docs/benchmarks.md)."""
    ids = referred_case_ids(user)
    if len(ids) <= REFERRED_AS_LIST_UP_TO:
        return Q(pk__in=sorted(ids))
    return Q(
        pk__in=Referral.objects.filter(
            to_organisation_id__in=member_of, status__in=ACCESS_GRANTING_STATUSES
        ).values("case_id")
    )


def cases_visible_to(user: Actor) -> QuerySet[Case]:
    """Cases of the user's organisations (for roles that see them) and cases referred to
    any of the user's organisations and accepted there.

    The two are read separately and merged: the referred cases' keys first (a handful), so
    the filter is `organisation_id IN (own) OR id IN (referred)`, which both databases answer
    from indexes; with no accepted referral it is the own organisations alone."""
    own = permissions.org_ids_seeing_own_cases(user)
    member_of = permissions.all_org_ids(user)
    if not member_of:
        return Case.objects.none()
    cases = Case.objects.all()
    owner = "organisation_id"
    if connection.vendor == "sqlite":
        # SQLite, left to itself, reads a large organisation's every case through the
        # organisation index and sorts them (a second at a million); `+ 0` keeps that index
        # out so it walks the newest-first index (or a filter's own index) as the list
        # wants. PostgreSQL's statistics choose well without it.
        cases, owner = cases.alias(_owner=F("organisation_id") + 0), "_owner"
    return cases.filter(Q(**{f"{owner}__in": sorted(own)}) | _referred(user, member_of))


def referred_case_ids_sharing(user: Actor, section: str) -> set[int]:
    """Cases referred to one of the user's organisations (and accepted there) whose referral
    shares `section` (seri.referrals.models.SharedSection). Read in Python: a JSON list is
    not searchable the same way on SQLite and PostgreSQL, and referrals are few."""
    member_of = permissions.all_org_ids(user)
    if not member_of:
        return set()
    rows = Referral.objects.filter(
        to_organisation_id__in=member_of, status__in=ACCESS_GRANTING_STATUSES
    ).values_list("case_id", "shared_sections")
    return {case_id for case_id, sections in rows if section in (sections or [])}


def referred_case_ids_hiding(user: Actor, section: str) -> set[int]:
    """Cases the user sees only through a referral that does not share `section`: the few
    cases a search must not find by what that section holds (a name, a phone number)."""
    member_of = permissions.all_org_ids(user)
    if not member_of:
        return set()
    own = permissions.org_ids_seeing_own_cases(user)
    rows = Referral.objects.filter(
        to_organisation_id__in=member_of, status__in=ACCESS_GRANTING_STATUSES
    ).values_list("case_id", "case__organisation_id", "shared_sections")
    shared = {case_id for case_id, _org, sections in rows if section in (sections or [])}
    return {
        case_id
        for case_id, organisation_id, _sections in rows
        if organisation_id not in own and case_id not in shared
    }


def cases_sharing(user: Actor, section: str) -> QuerySet[Case]:
    """The cases whose `section` (seri.referrals.models.SharedSection) the user may see: their
    own organisations' cases, and cases referred to them by a referral that shares it. Every
    read of a section's records (reports, evidence, tasks, the person) starts here or from
    `CaseAccess.shares`, so a partner meets the same sections on every page and endpoint."""
    own = permissions.org_ids_seeing_own_cases(user)
    return cases_visible_to(user).filter(
        Q(organisation_id__in=own) | Q(pk__in=referred_case_ids_sharing(user, section))
    )


def people_visible_to(user: Actor) -> QuerySet[Person]:
    """People of the user's organisations, and people of cases they see: their own
    organisations' cases, or a case referred to them whose referral shares the person."""
    own = permissions.org_ids_seeing_own_cases(user)
    visible_cases = cases_sharing(user, "person").filter(person=OuterRef("pk"))
    return Person.objects.filter(Q(organisation_id__in=own) | Exists(visible_cases))


@dataclass(frozen=True)
class CaseAccess:
    """What one user may do with one case, and on behalf of which organisation."""

    can_view: bool = False
    can_edit: bool = False  # status, details, consent, referrals: the owning organisation
    can_contribute: bool = False  # notes and tasks: the owner, and partners it was referred to
    acting_organisation: Organisation | None = None
    via_referral: bool = False
    # Through a referral: the sections it shares (seri.referrals.models.SharedSection);
    # None for the owning organisation, which sees everything.
    shared_sections: frozenset[str] | None = None

    def shares(self, section: str) -> bool:
        return self.shared_sections is None or section in self.shared_sections


NO_ACCESS = CaseAccess()


def case_access(user: Actor, case: Case) -> CaseAccess:
    memberships = permissions.active_memberships(user)
    if not memberships:
        return NO_ACCESS
    by_org: dict[int, set[str]] = {}
    for m in memberships:
        by_org.setdefault(m.organisation_id, set()).add(m.role)
    owner_roles = by_org.get(case.organisation_id, set())
    if owner_roles & ROLES_SEEING_OWN_CASES:
        writes = bool(owner_roles & ROLES_WRITING_CASES)
        return CaseAccess(
            can_view=True,
            can_edit=writes,
            can_contribute=writes,
            acting_organisation=case.organisation,
        )
    referral = (
        Referral.objects.filter(
            case=case, to_organisation_id__in=by_org.keys(), status__in=ACCESS_GRANTING_STATUSES
        )
        .select_related("to_organisation")
        .first()
    )
    if referral is None:
        return NO_ACCESS
    roles = by_org[referral.to_organisation_id]
    return CaseAccess(
        can_view=True,
        can_contribute=bool(roles & ROLES_WORKING_REFERRALS),
        acting_organisation=referral.to_organisation,
        via_referral=True,
        shared_sections=frozenset(referral.shared_sections),
    )
