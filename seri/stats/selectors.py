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
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.cases.models import Case, CaseStatus, Nationality
from seri.cases.scoping import cases_visible_to
from seri.core.vocabularies import Platform, RecruitmentMethod, country_name
from seri.orgs import permissions
from seri.orgs.models import ROLES_SEEING_OWN_CASES, Organisation, Role
from seri.referrals.models import ACCESS_GRANTING_STATUSES

# Outcomes on the way to safety: a case counts once it has ever reached the status.
CLOSED = (CaseStatus.CLOSED, CaseStatus.NOT_A_VICTIM, CaseStatus.DUPLICATE)
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


def stats_facts(user) -> QuerySet:
    """The summary rows (seri.stats.models.CaseFact) of the cases this user may count: the
    same cases as `cases_visible_to`, expressed on the summary's own columns where it can be."""
    from seri.referrals.models import Referral
    from seri.stats.models import CaseFact

    if not may_see_statistics(user):
        raise PermissionDenied
    if is_coordinator(user):
        return CaseFact.objects.all()
    own = permissions.org_ids_seeing_own_cases(user)
    scope = Q(organisation_id__in=own)
    referred = Referral.objects.filter(
        to_organisation_id__in=permissions.all_org_ids(user),
        status__in=ACCESS_GRANTING_STATUSES,
    ).exclude(case__organisation_id__in=own)
    if referred.exists():
        scope |= Q(case_id__in=referred.values("case_id"))
    return CaseFact.objects.filter(scope)


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


def apply_fact_filters(facts: QuerySet, f: Filters) -> QuerySet:
    """The summary rows to count for these filters: each case once, by its row of the chosen
    nationality or else by its first row. The period is that of the first report."""

    def midnight(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    facts = facts.filter(nationality=f.nationality) if f.nationality else facts.filter(rank=0)
    # Bounds on the column itself (not on its date), so that an index serves the range.
    if f.start:
        facts = facts.filter(first_reported_at__gte=midnight(f.start))
    if f.end:
        facts = facts.filter(first_reported_at__lt=midnight(f.end + dt.timedelta(days=1)))
    if f.organisation:
        facts = facts.filter(organisation=f.organisation)
    if f.province:
        facts = facts.filter(province=f.province)
    return facts


def bits_of(values, vocabulary) -> int:
    """A set of vocabulary values as an integer, bit i for the i-th value (unknown values
    are left out)."""
    order = (
        [v for v, _label in vocabulary.choices] if hasattr(vocabulary, "choices") else vocabulary
    )
    return sum(1 << order.index(v) for v in set(values or ()) if v in order)


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

    def chart(self, key: str) -> Series:
        return next(c for c in self.charts if c.key == key)


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


def ensure_case_facts(user) -> int:
    """The summaries of the cases this user may count, computed now when few are missing;
    returns how many are still missing (the page then says to run stats_refresh)."""
    from seri.stats.models import CaseFact
    from seri.stats.services import case_facts_ensure

    if is_coordinator(user):
        # Two counts, each from an index: cheap at a million, unlike an anti-join.
        if Case.objects.count() == CaseFact.objects.filter(rank=0).count():
            return 0
        return case_facts_ensure(Case.objects.all())
    return case_facts_ensure(cases_visible_to(user))


CACHE_SECONDS = 120


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
    """The figures for this user's scope and filters, computed from the summary rows (under a
    second at a million cases, decision 0027) and kept two minutes in the cache, so that the
    page and its downloads (SVG, PNG, CSV, PDF) show the same numbers. The page says when they
    were computed. `live=True` recomputes."""
    filters = filters or Filters()
    key = "seri-stats:" + _key(user, filters)
    if not live:
        cached = cache.get(key)
        if cached is not None:
            return cached
    stale = ensure_case_facts(user)
    result = dashboard_of(apply_fact_filters(stats_facts(user), filters), summaries_missing=stale)
    cache.set(key, result, CACHE_SECONDS)
    return result


GROUPINGS = {
    "status": ("month", "status"),
    "nationality": ("nationality",),
    "tags": ("methods", "platforms", "outcomes"),
    "compound": ("compound_id",),
    "days": ("days_to_safety",),
}


def grouped_counts(facts: QuerySet) -> dict[str, list[tuple]]:
    """Counts of the rows per value of each grouping in GROUPINGS: {grouping: [(*values,
    n)]}. PostgreSQL makes them in one scan (GROUPING SETS); SQLite, which has none, runs one
    GROUP BY per grouping, each read in order from its own index."""
    if connection.vendor != "postgresql":
        return {
            name: list(facts.values_list(*columns).annotate(n=Count("*")).order_by())
            for name, columns in GROUPINGS.items()
        }
    columns = list(dict.fromkeys(c for cs in GROUPINGS.values() for c in cs))
    inner, params = facts.order_by().values_list(*columns).query.sql_with_params()
    listed = ", ".join(columns)
    sets = ", ".join("(" + ", ".join(cs) + ")" for cs in GROUPINGS.values())
    # Column names are the constants above; the filters' values stay parameters of `inner`.
    sql = (
        f"SELECT GROUPING({listed}), {listed}, COUNT(*) FROM ({inner}) AS f "  # noqa: S608
        f"GROUP BY GROUPING SETS ({sets})"
    )
    # GROUPING(...) sets bit (len - 1 - i) when column i is not part of the row's grouping.
    names = {
        sum(1 << (len(columns) - 1 - i) for i, c in enumerate(columns) if c not in cs): (name, cs)
        for name, cs in GROUPINGS.items()
    }
    out: dict[str, list[tuple]] = {name: [] for name in GROUPINGS}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for grouping, *values, n in cursor.fetchall():
            name, cs = names[grouping]
            row = dict(zip(columns, values, strict=True))
            out[name].append((*(row[c] for c in cs), n))
    return out


def _bits(counter: Counter, bits: int, n: int) -> None:
    i = 0
    while bits:
        if bits & 1:
            counter[i] += n
        bits >>= 1
        i += 1


def dashboard_of(facts: QuerySet, *, summaries_missing: int = 0) -> Dashboard:
    """Every figure of the statistics page for these summary rows (scoped and filtered by
    `apply_fact_filters`: one row per case), each read from an index (decision 0027)."""
    from seri.compounds.models import Compound
    from seri.linkage.models import PersonIdentity
    from seri.stats.models import CaseFact

    status_labels = dict(CaseStatus.choices)
    counts = grouped_counts(facts)

    # Cases by month of first report and status: also the totals.
    months: list[str] = []
    by_status: dict[str, dict[str, int]] = {}
    total = open_cases = 0
    for month, status, n in sorted(counts["status"], key=lambda r: r[0]):
        m = month.strftime("%Y-%m")
        if m not in months:
            months.append(m)
        by_status.setdefault(status, {})[m] = n
        total += n
        if status not in CLOSED:
            open_cases += n
    status_series = {
        str(status_labels[s]): [by_status[s].get(m, 0) for m in months]
        for s in CaseStatus
        if s in by_status
    }

    # People: distinct people, less the confirmed duplicates among them (seri.linkage links
    # people to one identity; only confirmed links are rows, so this table stays small).
    people = facts.values("person").distinct().count()
    people -= sum(
        n - 1
        for n in PersonIdentity.objects.filter(Exists(facts.filter(person=OuterRef("person"))))
        .values("identity")
        .annotate(n=Count("person", distinct=True))
        .values_list("n", flat=True)
    )

    # Nationalities: every nationality of the cases counted (a dual national under each).
    # The cases' other rows matter only for people of several nationalities.
    nationalities = Counter(dict(counts["nationality"]))
    if CaseFact.objects.filter(multiple=True).exists():
        multiple = facts.filter(multiple=True)
        others = CaseFact.objects.filter(multiple=True, case__in=multiple.values("case")).exclude(
            pk__in=multiple.values("pk")
        )
        nationalities.update(
            dict(others.values_list("nationality").annotate(n=Count("*")).order_by())
        )
    nationalities.pop("", None)
    nationality_rows = sorted(nationalities.items(), key=lambda cn: (-cn[1], cn[0]))[:15]

    # Methods and platforms of recruitment, outcomes: bit sets.
    methods, platforms, outcomes = Counter(), Counter(), Counter()
    for m_bits, p_bits, o_bits, n in counts["tags"]:
        _bits(methods, m_bits, n)
        _bits(platforms, p_bits, n)
        _bits(outcomes, o_bits, n)

    def labelled(counter: Counter, vocabulary) -> list[tuple[str, int]]:
        return [
            (str(label), counter[i])
            for i, (_value, label) in enumerate(vocabulary.choices)
            if counter[i]
        ]

    # Compounds, and provinces from them (a case's province is its compound's).
    per_compound = {c: n for c, n in counts["compound"] if c is not None}
    compounds = {
        pk: (name, province)
        for pk, name, province in Compound.objects.filter(pk__in=per_compound).values_list(
            "pk", "name", "province"
        )
    }
    top = sorted(per_compound.items(), key=lambda cn: (-cn[1], cn[0]))[:15]
    compound_rows = [(compounds.get(c, ("?", ""))[0], n) for c, n in top]
    provinces = Counter()
    for c, n in per_compound.items():
        province = compounds.get(c, ("", ""))[1]
        if province:
            provinces[province] += n
    province_rows = sorted(provinces.items(), key=lambda pn: (-pn[1], pn[0]))[:25]

    # Days from first report to safety: one GROUP BY over whole days gives both the
    # distribution and the exact median (at the resolution of a day).
    days = sorted((d, n) for d, n in counts["days"] if d is not None)
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
            [str(country_name(c)) for c, _n in nationality_rows],
            {str(_("cases")): [n for _c, n in nationality_rows]},
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
    recruitment = labelled(methods, RecruitmentMethod)
    charts.append(
        Series(
            "recruitment",
            str(_("Method of recruitment")),
            [label for label, _n in recruitment],
            {str(_("cases")): [n for _label, n in recruitment]},
        )
    )
    platforms = labelled(platforms, Platform)
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
            {str(_("cases")): [outcomes[i] for i in range(len(OUTCOMES))]},
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
        total_cases=total,
        people=people,
        open_cases=open_cases,
        reached_safety=reached,
        median_days_to_safety=median,
        charts=charts,
        summaries_missing=summaries_missing,
    )


def filter_choices(user) -> dict:
    """Nationalities and provinces present in what the user may see (for the filter form)."""
    facts = stats_facts(user)
    nationalities = (
        facts.exclude(nationality="")
        .values_list("nationality", flat=True)
        .distinct()
        .order_by("nationality")
    )
    provinces = (
        facts.filter(rank=0)
        .exclude(province="")
        .values_list("province", flat=True)
        .distinct()
        .order_by("province")
    )
    return {
        "nationalities": [(c, country_name(c)) for c in nationalities],
        "provinces": list(provinces),
        "organisations": organisations_for_filter(user),
    }
