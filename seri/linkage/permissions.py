"""Who may do what with possible duplicates. Services and selectors of seri.linkage ask here.

- Reviewing: a coordinator decides on any pair; a caseworker (any role that writes cases) on
  pairs whose two people they see. Whoever sees one of the two people may know that a possible
  match exists (never where) and may ask the coordinator to check it.
- Batch linkage and re-indexing run as the system (`actor=None`, the command and the task) or
  for a coordinator.
"""

from seri.cases.scoping import people_visible_to
from seri.linkage.models import MatchCandidate
from seri.orgs import permissions


def is_coordinator(user) -> bool:
    return permissions.is_coordinator(user)


def may_review(user) -> bool:
    """May open the review queue at all."""
    return permissions.can_record_reports(user)


def visible_person_ids(user, person_ids) -> set[int]:
    return set(people_visible_to(user).filter(pk__in=list(person_ids)).values_list("pk", flat=True))


def may_decide(user, candidate: MatchCandidate) -> bool:
    """A coordinator decides on any pair; a caseworker on pairs whose two people they see."""
    if not may_review(user):
        return False
    if is_coordinator(user):
        return True
    return len(visible_person_ids(user, [candidate.person_a_id, candidate.person_b_id])) == 2


def may_ask(user, candidate: MatchCandidate) -> bool:
    """Whoever sees one of the two people may ask the coordinator to check the pair."""
    if not may_review(user):
        return False
    return bool(visible_person_ids(user, [candidate.person_a_id, candidate.person_b_id]))


def may_run_linkage(actor) -> bool:
    """Batch runs and re-indexing: the system (None) or a coordinator."""
    return actor is None or is_coordinator(actor)
