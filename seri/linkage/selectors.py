"""Reads for linkage, always through the scoping of seri.cases.scoping."""

from django.db.models import F, Q, QuerySet

from seri.cases.scoping import people_visible_to
from seri.linkage.models import Decision, MatchCandidate
from seri.orgs import permissions
from seri.orgs.models import ROLES_WRITING_CASES, Role


def is_coordinator(user) -> bool:
    return bool(permissions.org_ids_with_roles(user, {Role.COORDINATOR}))


def visible_person_ids(user, person_ids) -> set[int]:
    return set(people_visible_to(user).filter(pk__in=list(person_ids)).values_list("pk", flat=True))


def can_decide(user, candidate: MatchCandidate) -> bool:
    """A coordinator decides on any pair; a caseworker on pairs whose two people they see."""
    if is_coordinator(user):
        return True
    if not permissions.org_ids_with_roles(user, ROLES_WRITING_CASES):
        return False
    return len(visible_person_ids(user, [candidate.person_a_id, candidate.person_b_id])) == 2


def can_see_candidate_exists(user, candidate: MatchCandidate) -> bool:
    """Whoever sees one of the two people may know a possible match exists (not where)."""
    return bool(visible_person_ids(user, [candidate.person_a_id, candidate.person_b_id]))


def review_queue(user, *, status: str = Decision.OPEN) -> QuerySet[MatchCandidate]:
    """Pairs the user may decide on: every pair for a coordinator, else pairs whose two people
    the user sees."""
    queryset = MatchCandidate.objects.filter(status=status).select_related("person_a", "person_b")
    if is_coordinator(user):
        return queryset.order_by(F("requested_by").desc(nulls_last=True), "-probability", "id")
    if not permissions.org_ids_with_roles(user, ROLES_WRITING_CASES):
        return queryset.none()
    visible = people_visible_to(user).values("pk")
    return queryset.filter(person_a__in=visible, person_b__in=visible)


def candidates_for_person(user, person) -> tuple[list[MatchCandidate], list[MatchCandidate]]:
    """(candidates the user may see in full, candidates at organisations the user may not see).
    Only open or same-person pairs."""
    rows = list(
        MatchCandidate.objects.filter(Q(person_a=person) | Q(person_b=person))
        .filter(status__in=[Decision.OPEN, Decision.UNSURE, Decision.SAME])
        .select_related("person_a", "person_b", "person_a__organisation", "person_b__organisation")
        .order_by("-probability", "id")[:50]
    )
    others = {c.person_b_id if c.person_a_id == person.pk else c.person_a_id for c in rows}
    visible = visible_person_ids(user, others)
    shown, hidden = [], []
    for c in rows:
        other = c.person_b_id if c.person_a_id == person.pk else c.person_a_id
        (shown if other in visible else hidden).append(c)
    return shown, hidden
