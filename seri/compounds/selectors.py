"""Reads of the compound registry, for the asking user."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from seri.cases.models import Case, Nationality
from seri.cases.scoping import cases_sharing, cases_visible_to
from seri.compounds import permissions
from seri.compounds.models import Actor, Compound, CompoundAlias, Relationship
from seri.compounds.names import fold, romanise

# Counts below this are shown as "fewer than 5": a count of 1 or 2 in a small compound can
# point to one person, and the counts cover every organisation's cases (see decision 0011).
SMALL_CELL = 5


@dataclass(frozen=True)
class CompoundFilters:
    country: str = ""
    province_code: str = ""
    status: str = ""
    query: str = ""


def compound_list_for_user(user, filters: CompoundFilters = CompoundFilters()) -> QuerySet:
    if not permissions.can_read_registry(user):
        raise PermissionDenied
    qs = Compound.objects.all()
    if filters.country:
        qs = qs.filter(country=filters.country)
    if filters.province_code:
        qs = qs.filter(province_code=filters.province_code)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.query.strip():
        folded, romanised = fold(filters.query), romanise(filters.query)
        aliases = CompoundAlias.objects.filter(
            Q(folded__contains=folded) | Q(romanised__contains=romanised)
        )
        qs = qs.filter(pk__in=aliases.values("compound_id"))
    return qs.prefetch_related("aliases").select_related("relocated_to")


def compound_get_for_user(user, public_id) -> Compound:
    if not permissions.can_read_registry(user):
        raise Http404
    try:
        return Compound.objects.select_related("relocated_to").get(public_id=public_id)
    except (Compound.DoesNotExist, ValueError):
        raise Http404 from None


@dataclass
class Cell:
    key: str
    label: str
    count: int | None  # None: fewer than SMALL_CELL

    @property
    def suppressed(self) -> bool:
        return self.count is None


@dataclass
class CompoundCounts:
    """Cases at a compound across every organisation, as counts only."""

    total: int | None
    by_status: list[Cell] = field(default_factory=list)
    by_nationality: list[Cell] = field(default_factory=list)
    small_cell: int = SMALL_CELL


def _cell(key, label, count) -> Cell:
    return Cell(key, str(label), count if count >= SMALL_CELL else None)


def compound_counts(compound: Compound) -> CompoundCounts:
    """De-identified: counts by status and by nationality separately (never crossed), each
    count under `SMALL_CELL` suppressed, the total too."""
    from seri.cases.models import CaseStatus
    from seri.core.vocabularies import country_name

    cases = Case.objects.filter(compound=compound)
    total = cases.count()
    labels = dict(CaseStatus.choices)
    by_status = [
        _cell(row["status"], labels.get(row["status"], row["status"]), row["n"])
        for row in cases.values("status").annotate(n=Count("id")).order_by("-n", "status")
    ]
    by_nationality = [
        _cell(row["country"], country_name(row["country"]), row["n"])
        for row in Nationality.objects.filter(person__cases__compound=compound)
        .values("country")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n", "country")
    ]
    return CompoundCounts(
        total=total if total >= SMALL_CELL else None,
        by_status=by_status,
        by_nationality=by_nationality,
    )


def compound_cases_for_user(user, compound: Compound) -> QuerySet[Case]:
    """The cases at this compound that the user may see: their case's compound, or a report
    of the case linked to the compound."""
    q = Q(compound=compound)
    from seri.intake.models import Report

    if any(f.name == "compound" for f in Report._meta.get_fields()):
        # through a report only where the user may see the case's reports
        q |= Q(reports__compound=compound, pk__in=cases_sharing(user, "reports"))
    return (
        cases_visible_to(user)
        .filter(q)
        .distinct()
        .select_related("person", "organisation")
        .prefetch_related("person__names")
        .order_by("-created_at")
    )


def compound_reports_for_user(user, compound: Compound) -> QuerySet:
    """Reports linked to the compound, of cases the user may see or of the user's own
    organisations (reports not yet attached to a case)."""
    from seri.intake.models import Report
    from seri.orgs import permissions as org_permissions

    if not any(f.name == "compound" for f in Report._meta.get_fields()):
        return Report.objects.none()
    own = org_permissions.org_ids_seeing_own_cases(user)
    visible = cases_sharing(user, "reports")
    return (
        Report.objects.filter(compound=compound)
        .filter(Q(organisation_id__in=own) | Q(case__in=visible))
        .select_related("case")
        .order_by("-received_at")
    )


# --- actors -------------------------------------------------------------------------------------


def _actors_allowed(user) -> None:
    if not permissions.can_see_actors(user):
        raise PermissionDenied


def actor_list_for_user(user, *, query: str = "") -> QuerySet[Actor]:
    _actors_allowed(user)
    qs = Actor.objects.all()
    if query.strip():
        qs = qs.filter(Q(name__icontains=query.strip()) | Q(other_names__icontains=query.strip()))
    return qs


def actor_get_for_user(user, public_id) -> Actor:
    _actors_allowed(user)
    try:
        return Actor.objects.get(public_id=public_id)
    except (Actor.DoesNotExist, ValueError):
        raise Http404 from None


def relationships_for_user(
    user, *, actor: Actor | None = None, compound: Compound | None = None
) -> QuerySet[Relationship]:
    """An actor's or a compound's relationships, for the roles that see actors."""
    _actors_allowed(user)
    return relationships_of(actor=actor, compound=compound)


def relationships_of(*, actor: Actor | None = None, compound: Compound | None = None) -> QuerySet:
    qs = Relationship.objects.select_related("actor", "compound", "other_actor").prefetch_related(
        "sources"
    )
    if actor is not None:
        return qs.filter(Q(actor=actor) | Q(other_actor=actor))
    return qs.filter(compound=compound)
