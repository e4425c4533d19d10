"""Aggregate reads for the statistics pages. Every figure is computed by the database (GROUP BY,
conditional COUNTs): no case row is loaded into Python, so the page stays quick at a million.

Reads only: the summary rows are written by seri.stats.services (and its signals), the cache
of figures is kept there too. Who sees which figures (rules in seri.stats.permissions,
docs/statistics.md):
- a coordinator sees the whole coalition (aggregates only, never a name);
- the other roles that see their organisation's cases see the cases they may see, a referred
  case only when its referral shares the person (`seri.cases.scoping.cases_sharing`);
- partner liaisons see no statistics page (they only see what is referred to them).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.cases.models import Case, CaseStatus, Nationality
from seri.cases.scoping import referred_case_ids_sharing
from seri.core.vocabularies import Platform, RecruitmentMethod, country_name
from seri.orgs import permissions as org_permissions
from seri.orgs.models import Organisation
from seri.referrals.models import SharedSection
from seri.stats import permissions
from seri.stats.models import CaseFact

# Outcomes on the way to safety: a case counts once it has ever reached the status.
CLOSED = (CaseStatus.CLOSED, CaseStatus.NOT_A_VICTIM, CaseStatus.DUPLICATE)
OUTCOMES = (CaseStatus.RELEASED_RESCUED, CaseStatus.IN_SUPPORT, CaseStatus.REPATRIATED)
SAFETY = CaseStatus.RELEASED_RESCUED
DAY_BUCKETS = (7, 30, 90, 180, 365)


def stats_facts(user: Any) -> QuerySet[CaseFact]:
    """The summary rows (seri.stats.models.CaseFact) of the cases this user may count.

    A coordinator counts the whole coalition (aggregates only). Anyone else counts exactly
    `seri.cases.scoping.cases_sharing(user, "person")` (the cases they see, a referred one only
    when its referral shares the person), written here on the summary's own columns so that an
    index serves it (organisation; a case referred to one of the user's organisations, accepted
    there, sharing the person). tests/stats/test_scope.py proves the two equal for every role."""
    permissions.require_statistics(user)
    if permissions.is_coordinator(user):
        return CaseFact.objects.all()
    own = org_permissions.org_ids_seeing_own_cases(user)
    scope = Q(organisation_id__in=own)
    # A referred case is counted only when its referral shares the person: the rows carry
    # the person's nationality, sex and age, which a small count would give away.
    if referred := referred_case_ids_sharing(user, SharedSection.PERSON):
        scope |= Q(case_id__in=sorted(referred))
    return CaseFact.objects.filter(scope)


def export_cases(user: Any) -> QuerySet[Case]:
    """The cases this user may export (de-identified): the coalition for a coordinator, the
    organisations they administer for an organisation admin."""
    permissions.require_export(user)
    if permissions.is_coordinator(user):
        return Case.objects.all()
    return Case.objects.filter(organisation_id__in=org_permissions.org_ids_administered(user))


def scope_key(user: Any) -> str:
    """What the user may count follows from their (organisation, role) pairs: a key for it."""
    if permissions.is_coordinator(user):
        return "coalition"
    return json.dumps(
        sorted((m.organisation_id, m.role) for m in org_permissions.active_memberships(user))
    )


def organisations_for_filter(user: Any) -> list[Organisation]:
    if permissions.is_coordinator(user):
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
    """One chart: labels and one or more named series of numbers, in the active language."""

    key: str
    title: str
    labels: list[str]
    series: dict[str, list[int]]
    kind: str = "bar"  # bar, stacked
    note: str = ""


@dataclass
class Figures:
    """The numbers of the statistics page for one scope and filters, with codes (statuses,
    countries, vocabulary values) where the page shows words: this is what the cache keeps,
    so that every language gets the same numbers with its own labels (`present`)."""

    total_cases: int
    people: int
    open_cases: int
    months: list[str]
    by_status: dict[str, dict[str, int]]  # status code → month → cases
    nationalities: list[tuple[str, int]]  # ISO code, cases: most frequent first
    provinces: list[tuple[str, int]]  # the compound's province as recorded
    compounds: list[tuple[str, int]]  # compound name (data, not translated)
    tags: dict[str, dict[str, int]]  # "methods" / "platforms" / "outcomes" → code → cases
    days: list[tuple[int, int]]  # whole days from first report to safety, cases
    summaries_missing: int = 0
    computed_at: dt.datetime = field(default_factory=timezone.now)


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
            return ((value if low_value is None else low_value) + value) / 2
        seen += n
    return None


GROUPINGS = {
    "status": ("month", "status"),
    "nationality": ("nationality",),
    "tags": ("methods", "platforms", "outcomes"),
    "compound": ("compound_id",),
    "days": ("days_to_safety",),
}


# The rows counted for the whole coalition (a coordinator, no filter): what
# `apply_fact_filters(stats_facts(coordinator), Filters())` selects.
_COALITION = CaseFact.objects.filter(rank=0)


def grouped_counts(facts: QuerySet) -> dict[str, list[tuple]]:
    """Counts of the rows per value of each grouping in GROUPINGS: {grouping: [(*values,
    n)]}. PostgreSQL makes them in one scan (GROUPING SETS), or for the whole coalition reads
    them from the counts its triggers keep; SQLite, which has neither, runs one GROUP BY per
    grouping, each read in order from its own index."""
    if connection.vendor != "postgresql":
        return {
            name: list(facts.values_list(*columns).annotate(n=Count("*")).order_by())
            for name, columns in GROUPINGS.items()
        }
    columns = list(dict.fromkeys(c for cs in GROUPINGS.values() for c in cs))
    inner, params = facts.order_by().values_list(*columns).query.sql_with_params()
    listed = ", ".join(columns)
    sets = ", ".join("(" + ", ".join(cs) + ")" for cs in GROUPINGS.values())
    if (inner, params) == _COALITION.order_by().values_list(*columns).query.sql_with_params():
        # Every case of the coalition: the same counts, kept by the database as the summary
        # rows change (migration stats 0008, decision 0027), instead of a million rows
        # aggregated on one core.
        sql = f"SELECT grouping, {listed}, n FROM stats_coalitioncount WHERE n <> 0"  # noqa: S608
        params = ()
    else:
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


# The bit-set columns of the summary and the vocabulary whose i-th value is bit i.
TAG_VOCABULARIES: dict[str, list[str]] = {
    "methods": [v for v, _label in RecruitmentMethod.choices],
    "platforms": [v for v, _label in Platform.choices],
    "outcomes": [str(s) for s in OUTCOMES],
}


def _tag_counts(rows: list[tuple]) -> dict[str, dict[str, int]]:
    """Cases per value of each bit-set column, from (methods, platforms, outcomes, n) rows."""
    out: dict[str, Counter] = {column: Counter() for column in TAG_VOCABULARIES}
    for *bit_sets, n in rows:
        for (column, vocabulary), bits in zip(TAG_VOCABULARIES.items(), bit_sets, strict=True):
            for i, value in enumerate(vocabulary):
                if bits >> i & 1:
                    out[column][value] += n
    return {column: dict(counter) for column, counter in out.items()}


def _status_counts(rows: list[tuple]) -> tuple[list[str], dict[str, dict[str, int]], int, int]:
    """Months in order, cases by status and month, and the total and open cases."""
    months: list[str] = []
    by_status: dict[str, dict[str, int]] = {}
    total = open_cases = 0
    for month, status, n in sorted(rows, key=lambda r: r[0]):
        m = month.strftime("%Y-%m")
        if m not in months:
            months.append(m)
        by_status.setdefault(status, {})[m] = n
        total += n
        if status not in CLOSED:
            open_cases += n
    return months, by_status, total, open_cases


def _people(facts: QuerySet) -> int:
    """Distinct people, less the confirmed duplicates among them (seri.linkage links people
    to one identity; only confirmed links are rows, so this table stays small)."""
    from seri.linkage.models import PersonIdentity

    people = facts.values("person").distinct().count()
    return people - sum(
        n - 1
        for n in PersonIdentity.objects.filter(Exists(facts.filter(person=OuterRef("person"))))
        .values("identity")
        .annotate(n=Count("person", distinct=True))
        .values_list("n", flat=True)
    )


def _nationality_counts(facts: QuerySet, rows: list[tuple]) -> list[tuple[str, int]]:
    """Every nationality of the cases counted (a dual national under each), most frequent
    first. The cases' other rows matter only for people of several nationalities."""
    nationalities = Counter(dict(rows))
    if CaseFact.objects.filter(multiple=True).exists():
        multiple = facts.filter(multiple=True)
        others = CaseFact.objects.filter(multiple=True, case__in=multiple.values("case")).exclude(
            pk__in=multiple.values("pk")
        )
        nationalities.update(
            dict(others.values_list("nationality").annotate(n=Count("*")).order_by())
        )
    nationalities.pop("", None)
    return sorted(nationalities.items(), key=lambda cn: (-cn[1], cn[0]))[:15]


def _compound_counts(rows: list[tuple]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """The 15 compounds with most cases, and cases per province (a case's province is its
    compound's)."""
    from seri.compounds.models import Compound

    per_compound = {c: n for c, n in rows if c is not None}
    compounds = {
        pk: (name, province)
        for pk, name, province in Compound.objects.filter(pk__in=per_compound).values_list(
            "pk", "name", "province"
        )
    }
    top = sorted(per_compound.items(), key=lambda cn: (-cn[1], cn[0]))[:15]
    provinces: Counter = Counter()
    for c, n in per_compound.items():
        province = compounds.get(c, ("", ""))[1]
        if province:
            provinces[province] += n
    return (
        [(compounds.get(c, ("?", ""))[0], n) for c, n in top],
        sorted(provinces.items(), key=lambda pn: (-pn[1], pn[0]))[:25],
    )


def figures_of(facts: QuerySet, *, summaries_missing: int = 0) -> Figures:
    """Every number of the statistics page for these summary rows (scoped and filtered by
    `apply_fact_filters`: one row per case), each read from an index (decision 0027)."""
    counts = grouped_counts(facts)
    months, by_status, total, open_cases = _status_counts(counts["status"])
    compounds, provinces = _compound_counts(counts["compound"])
    return Figures(
        total_cases=total,
        people=_people(facts),
        open_cases=open_cases,
        months=months,
        by_status=by_status,
        nationalities=_nationality_counts(facts, counts["nationality"]),
        provinces=provinces,
        compounds=compounds,
        tags=_tag_counts(counts["tags"]),
        days=sorted((d, n) for d, n in counts["days"] if d is not None),
        summaries_missing=summaries_missing,
    )


def _bar(key: str, title: str, rows: list[tuple[str, int]], note: str = "") -> Series:
    """A chart of one series of cases."""
    return Series(
        key,
        title,
        [label for label, _n in rows],
        {str(_("cases")): [n for _l, n in rows]},
        note=note,
    )


def _vocabulary_rows(
    counts: dict[str, int], choices: list[tuple[str, Any]]
) -> list[tuple[str, int]]:
    """Counts in the vocabulary's order, labelled in the active language (zeros left out)."""
    return [(str(label), counts[value]) for value, label in choices if counts.get(value)]


def _days_chart(days: list[tuple[int, int]], reached: int, median: float | None) -> Series:
    values = [0] * (len(DAY_BUCKETS) + 1)
    for d, n in days:
        values[next((i for i, b in enumerate(DAY_BUCKETS) if d < b), len(DAY_BUCKETS))] += n
    labels = [
        str(_("under %(n)s days") % {"n": DAY_BUCKETS[0]}),
        *[
            str(_("%(a)s to %(b)s days") % {"a": DAY_BUCKETS[i - 1], "b": d})
            for i, d in enumerate(DAY_BUCKETS)
            if i
        ],
        str(_("%(n)s days or more") % {"n": DAY_BUCKETS[-1]}),
    ]
    note = (
        str(_("Median: %(d)s days over %(n)s cases")) % {"d": median, "n": reached}
        if median is not None
        else str(_("No case has reached safety yet."))
    )
    return _bar(
        "time_to_safety",
        str(_("Time from first report to safety")),
        list(zip(labels, values, strict=True)),
        note,
    )


def present(figures: Figures) -> Dashboard:
    """The page's figures with their titles and labels in the active language: run for each
    request (no query), so that a cached set of numbers serves every language."""
    status_labels = dict(CaseStatus.choices)
    reached = sum(n for _d, n in figures.days)
    median = _median(figures.days, reached)
    status_series = {
        str(status_labels[s]): [figures.by_status[s].get(m, 0) for m in figures.months]
        for s in CaseStatus
        if s in figures.by_status
    }
    outcome_choices = [(str(s), status_labels[s]) for s in OUTCOMES]
    charts = [
        Series(
            "status",
            str(_("Cases by month of first report and current status")),
            figures.months,
            status_series,
            kind="stacked",
        ),
        _bar(
            "nationality",
            str(_("Cases by nationality")),
            [(str(country_name(c)), n) for c, n in figures.nationalities],
        ),
        _bar("province", str(_("Cases by province of the compound")), figures.provinces),
        _bar("compound", str(_("Cases by compound (15 most frequent)")), figures.compounds),
        _bar(
            "recruitment",
            str(_("Method of recruitment")),
            _vocabulary_rows(figures.tags["methods"], RecruitmentMethod.choices),
        ),
        _bar(
            "platform",
            str(_("Recruitment platform")),
            _vocabulary_rows(figures.tags["platforms"], Platform.choices),
        ),
        _bar(
            "outcomes",
            str(_("Outcomes reached")),
            [(str(label), figures.tags["outcomes"].get(v, 0)) for v, label in outcome_choices],
        ),
        _days_chart(figures.days, reached, median),
    ]
    return Dashboard(
        total_cases=figures.total_cases,
        people=figures.people,
        open_cases=figures.open_cases,
        reached_safety=reached,
        median_days_to_safety=median,
        charts=charts,
        summaries_missing=figures.summaries_missing,
        computed_at=figures.computed_at,
    )


def dashboard_of(facts: QuerySet, *, summaries_missing: int = 0) -> Dashboard:
    """The statistics page for these summary rows, computed now (no cache), labelled in the
    active language."""
    return present(figures_of(facts, summaries_missing=summaries_missing))


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
