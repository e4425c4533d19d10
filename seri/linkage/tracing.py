"""Tracing: a family's report of a missing relative, matched against people recorded as
released, rescued, in shelter or repatriated anywhere in the coalition who consented to tracing.
A likely match notifies the owning caseworkers on both sides (never the other side's details:
each sees the match in their own review queue, scoped as usual). Reads only: the notifications
are written by `seri.linkage.services.tracing_notify`."""

from collections.abc import Iterable

from seri.cases.models import SAFE_STATUSES, Case, CaseStatus, ConsentKind, ConsentRecord
from seri.linkage.models import Decision, MatchCandidate
from seri.linkage.scoring import LIKELY
from seri.orgs.models import Membership, Role

MISSING = {
    CaseStatus.REPORTED,
    CaseStatus.VERIFYING,
    CaseStatus.CONFIRMED_IN_COMPOUND,
    CaseStatus.REFERRED,
    CaseStatus.LOST_CONTACT,
}
SAFE = SAFE_STATUSES


def _missing_by_family(person_ids) -> set[int]:
    from seri.intake.models import ReporterRelation

    return set(
        Case.objects.filter(
            person_id__in=person_ids,
            status__in=MISSING,
            reports__reporter_relation=ReporterRelation.FAMILY,
        ).values_list("person_id", flat=True)
    )


def _safe_with_consent(person_ids) -> set[int]:
    safe = {}
    for case_id, person_id in Case.objects.filter(
        person_id__in=person_ids, status__in=SAFE
    ).values_list("pk", "person_id"):
        safe[case_id] = person_id
    latest: dict[int, bool] = {}
    for case_id, given in (
        ConsentRecord.objects.filter(case_id__in=safe, kind=ConsentKind.TRACING)
        .order_by("recorded_at", "id")
        .values_list("case_id", "given")
    ):
        latest[case_id] = given
    return {safe[case_id] for case_id, given in latest.items() if given}


def _owners(person_id: int) -> set[int]:
    """Assigned caseworkers of the person's cases, else the caseworkers of the organisation."""
    cases = list(
        Case.objects.filter(person_id=person_id).values_list("assigned_to_id", "organisation_id")
    )
    users = {u for u, _org in cases if u}
    if not users:
        users = set(
            Membership.objects.filter(
                organisation_id__in={org for _u, org in cases},
                role__in=[Role.CASEWORKER, Role.COORDINATOR],
                is_active=True,
            ).values_list("user_id", flat=True)
        )
    return users


def tracing_matches(
    candidates: Iterable[MatchCandidate],
) -> list[tuple[MatchCandidate, set[int]]]:
    """Every likely missing ↔ safe match among these candidates, with the users to notify
    (the owners of both sides). Written by `services.tracing_notify`."""
    likely = [c for c in candidates if c.probability >= LIKELY]
    if not likely:
        return []
    ids = {c.person_a_id for c in likely} | {c.person_b_id for c in likely}
    missing, safe = _missing_by_family(ids), _safe_with_consent(ids)
    out = []
    for c in likely:
        a, b = c.person_a_id, c.person_b_id
        if (a in missing and b in safe) or (b in missing and a in safe):
            out.append((c, _owners(a) | _owners(b)))
    return out


def likely_candidates():
    """Open or confirmed candidates likely enough for tracing (checked after a batch run)."""
    return MatchCandidate.objects.filter(
        status__in=[Decision.OPEN, Decision.SAME], probability__gte=LIKELY
    )
