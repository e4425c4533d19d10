"""Aggregate reads for the statistics pages. Every figure is computed by the database (GROUP BY,
conditional COUNTs): no case row is loaded into Python, so the page stays quick at a million.

Who sees which figures (docs/statistics.md):
- a coordinator sees the whole coalition (aggregates only, never a name);
- the other roles that see their organisation's cases see the cases they may see
  (`seri.cases.scoping.cases_visible_to`);
- partner liaisons see no statistics page (they only see what is referred to them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import asdict, dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.cases.models import Case, CaseStatus, Nationality, StatusChange
from seri.cases.scoping import cases_visible_to
from seri.core.vocabularies import Platform, RecruitmentMethod, country_name
from seri.orgs import permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES, Organisation, Role

# Outcomes on the way to safety: a case counts once it has ever reached the status.
OUTCOMES = (CaseStatus.RELEASED_RESCUED, CaseStatus.IN_SUPPORT, CaseStatus.REPATRIATED)
SAFETY = CaseStatus.RELEASED_RESCUED
DAY_BUCKETS = (7, 30, 90, 180, 365)


def is_coordinator(user) -> bool:
    return bool(permissions.org_ids_with_roles(user, {Role.COORDINATOR}))


def may_see_statistics(user) -> bool:
    return bool(permissions.org_ids_with_roles(user, ROLES_SEEING_OWN_CASES))


def may_export(user) -> bool:
    """De-identified exports: coordinators (coalition) and organisation admins (their own)."""
    return bool(permissions.org_ids_with_roles(user, {Role.COORDINATOR, Role.ORG_ADMIN}))


def may_release(user) -> bool:
    """Differentially private releases and estimates spend a shared budget: coordinators."""
    return is_coordinator(user)


def stats_cases(user) -> QuerySet[Case]:
    """The cases whose aggregates this user may see."""
    if not may_see_statistics(user):
        raise PermissionDenied
    if is_coordinator(user):
        return Case.objects.all()
    return cases_visible_to(user)


def export_cases(user) -> QuerySet[Case]:
    if not may_export(user):
        raise PermissionDenied
    if is_coordinator(user):
        return Case.objects.all()
    return Case.objects.filter(organisation_id__in=permissions.org_ids_administered(user))


def organisations_for_filter(user) -> list[Organisation]:
    if is_coordinator(user):
        return list(Organisation.objects.filter(is_active=True))
    return []


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    organisation: Organisation | None = None
    nationality: str = ""
    province: str = ""

    def as_query(self) -> dict[str, str]:
        q = {}
        if self.start:
            q["start"] = self.start.isoformat()
        if self.end:
            q["end"] = self.end.isoformat()
        if self.organisation:
            q["organisation"] = self.organisation.short_name
        if self.nationality:
            q["nationality"] = self.nationality
        if self.province:
            q["province"] = self.province
        return q

    @classmethod
    def from_query(cls, q: dict) -> Filters:
        return cls(
            start=dt.date.fromisoformat(q["start"]) if q.get("start") else None,
            end=dt.date.fromisoformat(q["end"]) if q.get("end") else None,
            organisation=Organisation.objects.filter(short_name=q["organisation"]).first()
            if q.get("organisation")
            else None,
            nationality=q.get("nationality", ""),
            province=q.get("province", ""),
        )

    def describe(self) -> list[str]:
        parts = []
        if self.start or self.end:
            parts.append(f"{self.start or '…'} to {self.end or '…'}")
        if self.organisation:
            parts.append(str(self.organisation))
        if self.nationality:
            parts.append(str(country_name(self.nationality)))
        if self.province:
            parts.append(self.province)
        return parts


def apply_filters(cases: QuerySet[Case], f: Filters) -> QuerySet[Case]:
    if f.start:
        cases = cases.filter(created_at__date__gte=f.start)
    if f.end:
        cases = cases.filter(created_at__date__lte=f.end)
    if f.organisation:
        cases = cases.filter(organisation=f.organisation)
    if f.nationality:
        cases = cases.filter(
            Exists(Nationality.objects.filter(person=OuterRef("person_id"), country=f.nationality))
        )
    if f.province:
        cases = cases.filter(compound__province=f.province)
    return cases


@dataclass
class Series:
    """One chart: labels and one or more named series of numbers."""

    key: str
    title: str
    labels: list[str]
    series: dict[str, list[float]]
    kind: str = "bar"  # bar, stacked, line
    unit: str = str(_("cases"))
    note: str = ""


@dataclass
class Dashboard:
    total_cases: int
    people: int
    open_cases: int
    reached_safety: int
    median_days_to_safety: float | None
    charts: list[Series] = field(default_factory=list)
    summaries_missing: int = 0
    computed_at: dt.datetime = field(default_factory=timezone.now)

    def payload(self) -> dict:
        data = asdict(self)
        data["computed_at"] = self.computed_at.isoformat()
        return data

    @classmethod
    def from_payload(cls, data: dict) -> Dashboard:
        data = dict(data)
        data["charts"] = [Series(**c) for c in data["charts"]]
        data["computed_at"] = dt.datetime.fromisoformat(data["computed_at"])
        return cls(**data)

    def chart(self, key: str) -> Series:
        return next(c for c in self.charts if c.key == key)


def _identity_key():
    """A person's identity across organisations: their linked identity, or themselves."""
    return Coalesce(F("person__identity_link__identity_id"), 0 - F("person_id"))


def _grouped(cases: QuerySet[Case], field_name: str, limit: int | None = None) -> list[tuple]:
    rows = (
        cases.exclude(**{f"{field_name}__isnull": True})
        .values(field_name)
        .annotate(n=Count("id"))
        .order_by("-n", field_name)
    )
    if limit:
        rows = rows[:limit]
    return [(r[field_name], r["n"]) for r in rows]


def _multi_choice_aggregates(field_name: str, choices, prefix: str) -> dict:
    """Conditional counts per value of a JSON list field, to merge into one table scan."""
    if connection.vendor == "postgresql":
        # jsonb containment (@>) is native; casting every row's JSON to text is not.
        def condition(value):
            return Q(**{f"{field_name}__contains": [value]})
    else:
        # SQLite has no JSON containment: the JSON text holds each value in quotes.
        def condition(value):
            return Q(**{f"{field_name}__icontains": f'"{value}"'})

    return {
        f"{prefix}{i}": Count("id", filter=condition(value))
        for i, (value, _label) in enumerate(choices)
    }


def _multi_choice_counts(counts: dict, choices, prefix: str) -> list[tuple[str, int]]:
    return [
        (str(label), counts[f"{prefix}{i}"])
        for i, (_value, label) in enumerate(choices)
        if counts[f"{prefix}{i}"]
    ]


def _median(days: list[tuple[int, int]], total: int) -> float | None:
    """The median of a distribution given as sorted (value, count) pairs."""
    if not total:
        return None
    lower, upper = (total - 1) // 2, total // 2
    seen, low_value = 0, None
    for value, n in days:
        if low_value is None and seen + n > lower:
            low_value = value
        if seen + n > upper:
            return (low_value + value) / 2
        seen += n
    return None


def ensure_case_facts(cases: QuerySet[Case], *, inline_limit: int = 20000) -> int:
    """Summary rows missing (cases loaded in bulk, bypassing the signals) are computed now when
    few; returns how many are still missing (the page then says to run stats_refresh)."""
    from seri.stats.models import CaseFact
    from seri.stats.services import case_facts_refresh

    missing = cases.exclude(Exists(CaseFact.objects.filter(case=OuterRef("pk"))))
    n = missing.count()
    if 0 < n <= inline_limit:
        case_facts_refresh(cases=Case.objects.filter(pk__in=missing.values("pk")))
        return 0
    return n


CACHE_SECONDS = 120
SNAPSHOT_FRESH = 600  # seconds: an older snapshot is served and recomputed in the background
SNAPSHOT_MAX_AGE = 3600  # seconds: an older one is not served


def _key(user, filters: Filters) -> str:
    # What the user may see follows from their (organisation, role) pairs: the key too.
    scope = (
        "coalition"
        if is_coordinator(user)
        else sorted((m.organisation_id, m.role) for m in permissions.active_memberships(user))
    )
    raw = json.dumps([scope, filters.as_query()], sort_keys=True)
    return hashlib.sha256(raw.encode()).hexdigest()


def dashboard(user, filters: Filters | None = None, *, live: bool = False) -> Dashboard:
    """The figures for this user's scope and filters.

    Computing them reads every case in scope (seconds at a million cases), so the result is
    kept: two minutes in the process cache, and as a `DashboardSnapshot` row served for up to
    an hour, recomputed in the background (a task) once older than ten minutes. The page says
    when its figures were computed. `live=True` always recomputes."""
    from seri.stats.models import DashboardSnapshot

    filters = filters or Filters()
    key = _key(user, filters)
    if not live:
        cached = cache.get("seri-stats:" + key)
        if cached is not None:
            return cached
        snapshot = DashboardSnapshot.objects.filter(key=key).first()
        if snapshot is not None:
            age = (timezone.now() - snapshot.computed_at).total_seconds()
            if age < SNAPSHOT_MAX_AGE:
                result = Dashboard.from_payload(snapshot.payload)
                if age > SNAPSHOT_FRESH:
                    _refresh_later(user, filters)
                cache.set("seri-stats:" + key, result, CACHE_SECONDS)
                return result
    result = dashboard_of(apply_filters(stats_cases(user), filters))
    DashboardSnapshot.objects.update_or_create(
        key=key, defaults={"payload": result.payload(), "computed_at": result.computed_at}
    )
    cache.set("seri-stats:" + key, result, CACHE_SECONDS)
    return result


def _refresh_later(user, filters: Filters) -> None:
    from seri.stats.tasks import refresh_dashboard

    query = filters.as_query()
    transaction.on_commit(lambda: refresh_dashboard.enqueue(user.pk, query))


def dashboard_of(cases: QuerySet[Case]) -> Dashboard:
    """Every figure of the statistics page for these (already scoped) cases."""
    stale = ensure_case_facts(cases)
    status_labels = dict(CaseStatus.choices)

    # One scan of the cases for the totals and both multi-choice charts.
    totals = cases.aggregate(
        total=Count("id"),
        open=Count("id", filter=~Q(status__in=["closed", "not_victim", "duplicate"])),
        **_multi_choice_aggregates("recruitment_methods", RecruitmentMethod.choices, "r"),
        **_multi_choice_aggregates("recruitment_platforms", Platform.choices, "p"),
    )
    people = cases.aggregate(n=Count(_identity_key(), distinct=True))["n"]

    # status over time (month of first report)
    monthly = (
        cases.values("stats_fact__month", "status")
        .annotate(n=Count("id"))
        .order_by("stats_fact__month")
    )
    months: list[str] = []
    by_status: dict[str, dict[str, int]] = {}
    for row in monthly:
        m = row["stats_fact__month"].strftime("%Y-%m") if row["stats_fact__month"] else "?"
        if m not in months:
            months.append(m)
        by_status.setdefault(row["status"], {})[m] = row["n"]
    status_series = {
        str(status_labels[s]): [by_status[s].get(m, 0) for m in months]
        for s in CaseStatus
        if s in by_status
    }

    nationality_rows = (
        Nationality.objects.filter(person__cases__in=cases)
        .values("country")
        # (person, country) is unique: each (nationality, case) pair is counted once
        .annotate(n=Count("person__cases"))
        .order_by("-n", "country")[:15]
    )
    province_rows = _grouped(cases, "compound__province", 25)
    compound_rows = _grouped(cases, "compound__name", 15)

    outcome_counts = (
        StatusChange.objects.filter(case__in=cases, to_status__in=OUTCOMES)
        .values("to_status")
        .annotate(n=Count("case", distinct=True))
    )
    outcomes = {r["to_status"]: r["n"] for r in outcome_counts}

    # Days from first report to safety, from the maintained summary: one GROUP BY over whole
    # days gives both the distribution and the exact median (at the resolution of a day).
    per_day = (
        cases.filter(stats_fact__days_to_safety__isnull=False)
        .values("stats_fact__days_to_safety")
        .annotate(n=Count("id"))
        .order_by("stats_fact__days_to_safety")
    )
    days = [(r["stats_fact__days_to_safety"], r["n"]) for r in per_day]
    reached = sum(n for _d, n in days)
    median = _median(days, reached)
    bucket_values = [0] * (len(DAY_BUCKETS) + 1)
    for d, n in days:
        bucket_values[next((i for i, b in enumerate(DAY_BUCKETS) if d < b), len(DAY_BUCKETS))] += n
    bucket_labels = [
        str(_("under %(n)s days") % {"n": DAY_BUCKETS[0]}),
        *[
            str(_("%(a)s to %(b)s days") % {"a": DAY_BUCKETS[i - 1], "b": d})
            for i, d in enumerate(DAY_BUCKETS)
            if i
        ],
        str(_("%(n)s days or more") % {"n": DAY_BUCKETS[-1]}),
    ]

    charts = [
        Series(
            "status",
            str(_("Cases by month of first report and current status")),
            months,
            status_series,
            kind="stacked",
        ),
        Series(
            "nationality",
            str(_("Cases by nationality")),
            [str(country_name(r["country"])) for r in nationality_rows],
            {str(_("cases")): [r["n"] for r in nationality_rows]},
        ),
        Series(
            "province",
            str(_("Cases by province of the compound")),
            [p for p, _n in province_rows],
            {str(_("cases")): [n for _p, n in province_rows]},
        ),
        Series(
            "compound",
            str(_("Cases by compound (15 most frequent)")),
            [c for c, _n in compound_rows],
            {str(_("cases")): [n for _c, n in compound_rows]},
        ),
    ]
    recruitment = _multi_choice_counts(totals, RecruitmentMethod.choices, "r")
    charts.append(
        Series(
            "recruitment",
            str(_("Method of recruitment")),
            [label for label, _n in recruitment],
            {str(_("cases")): [n for _label, n in recruitment]},
        )
    )
    platforms = _multi_choice_counts(totals, Platform.choices, "p")
    charts.append(
        Series(
            "platform",
            str(_("Recruitment platform")),
            [label for label, _n in platforms],
            {str(_("cases")): [n for _label, n in platforms]},
        )
    )
    charts.append(
        Series(
            "outcomes",
            str(_("Outcomes reached")),
            [str(status_labels[s]) for s in OUTCOMES],
            {str(_("cases")): [outcomes.get(s, 0) for s in OUTCOMES]},
        )
    )
    charts.append(
        Series(
            "time_to_safety",
            str(_("Time from first report to safety")),
            bucket_labels,
            {str(_("cases")): bucket_values},
            note=(
                str(_("Median: %(d)s days over %(n)s cases")) % {"d": median, "n": reached}
                if median is not None
                else str(_("No case has reached safety yet."))
            ),
        )
    )
    return Dashboard(
        total_cases=totals["total"],
        people=people,
        open_cases=totals["open"],
        reached_safety=reached,
        median_days_to_safety=median,
        charts=charts,
        summaries_missing=stale,
    )


def filter_choices(user) -> dict:
    """Nationalities and provinces present in what the user may see (for the filter form)."""
    cases = stats_cases(user)
    nationalities = (
        Nationality.objects.filter(person__cases__in=cases)
        .values_list("country", flat=True)
        .distinct()
        .order_by("country")
    )
    provinces = (
        cases.exclude(compound__province="")
        .exclude(compound__isnull=True)
        .values_list("compound__province", flat=True)
        .distinct()
        .order_by("compound__province")
    )
    return {
        "nationalities": [(c, country_name(c)) for c in nationalities],
        "provinces": list(provinces),
        "organisations": organisations_for_filter(user),
    }
