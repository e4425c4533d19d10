"""De-identified exports in the Human Trafficking Case Data Standard (HTCDS) 2.0, made
k-anonymous (k counting people) over every published column that is not released as
non-identifying.

What is written (field names and values from `standards/htcds-field-standards-2.0.csv`,
copied here: the app must not depend on the shared folder at run time; the test
tests/stats/test_htcds_standard.py validates every column and value against that file):

- the HTCDS file holds standard fields only, each value one of the standard's (ISO 3166
  alpha-2 codes where the standard asks for a country; multiselect values joined by ";", the
  Salesforce separator the standard is written for; an unknown or removed value is left
  empty, the standard having no code for it, except prs_Gender's own NonSpecifiedUnknown);
- everything Seri adds (age band, year registered, regions a country was generalised to,
  Seri's own status) goes to a second file, "Seri additions", row n beside row n.

Columns ("what may be published") and their generalisation levels are in COLUMNS. Every
published column is a quasi-identifier, generalised to reach k, unless the person exporting
releases it as non-identifying with a reason (recorded); a column may also be left out.

k-anonymity works in two passes so that memory stays flat:
1. the database counts cases and distinct people (a linked identity once) per combination of
   raw values (GROUP BY), and lists the combinations of the people with more than one case;
   generalisation levels are chosen on that table (the lattice of levels searched from the
   least loss of detail up: the first loss level with a node leaving few enough rows in groups
   of fewer than k people wins);
2. the rows are read again and generalised with those levels, and people are counted again
   per group in what is actually written: groups still below k are left out (so a change
   between the passes cannot leave a small group in the file). The service runs both passes
   in one read snapshot.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from django.db.models import F, FilteredRelation, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seri.cases.models import Case, CaseStatus
from seri.core.vocabularies import (
    ControlMethod,
    ExploitationType,
    Gender,
    Platform,
    RecruitmentMethod,
    country_codes,
)

DEFAULT_K = 11
MAX_SUPPRESSED_SHARE = 0.02  # generalise further until at most this share is suppressed
CHUNK = 2000
SEPARATOR = ";"  # multiselect picklist values, as Salesforce (and so HTCDS) writes them

STANDARD_HEADER = [
    "prs_Gender",
    "prs_Citizenship",
    "vic_TypeOfExploitation",
    "vic_MethodOfRecruitment",
    "vic_RecruitmentWebsitesAndApps",
    "vic_MethodsOfControl",
    "hte_Country",
    "cas_Status",
]
ADDITIONS_HEADER = [
    "seri_row",  # the row of the HTCDS file this row adds to
    "seri_AgeBand",
    "seri_YearRegistered",
    "seri_CitizenshipRegion",
    "seri_ExploitationRegion",
    "seri_Status",
]

# Seri's statuses → HTCDS cas_Status (Active, FollowUp, Closed, ClosedReferred). A case is
# active while the person is not yet safe or contact is being sought again; follow-up once
# safe and supported or home; closed when closed. ClosedReferred (closed by handing the case
# to another organisation) has no Seri status: a transfer keeps the case open under its new
# owner.
STATUS_TO_HTCDS = {
    CaseStatus.REPORTED: "Active",
    CaseStatus.VERIFYING: "Active",
    CaseStatus.CONFIRMED_IN_COMPOUND: "Active",
    CaseStatus.REFERRED: "Active",
    CaseStatus.RELEASED_RESCUED: "Active",
    CaseStatus.LOST_CONTACT: "Active",
    CaseStatus.IN_SUPPORT: "FollowUp",
    CaseStatus.REPATRIATED: "FollowUp",
    CaseStatus.CLOSED: "Closed",
    CaseStatus.NOT_A_VICTIM: "Closed",
    CaseStatus.DUPLICATE: "Closed",
}

_REGIONS = {
    "South-East Asia": "KH TH VN LA MM MY ID PH SG BN TL",
    "East Asia": "CN TW HK MO KR JP MN KP",
    "South Asia": "IN PK BD LK NP BT MV AF",
    "Africa": "NG KE UG GH ET TZ CM SN CI ZA ZW RW SD SO ER EG MA DZ TN",
    "Central Asia and Europe": "RU UA KZ UZ KG TJ TM BY TR GE AM AZ",
}
REGION_OF = {code: region for region, codes in _REGIONS.items() for code in codes.split()}
OTHER_REGION = "Other"


class ExportRefused(ValueError):
    pass


# --- columns and their levels --------------------------------------------------------------------

Cells = tuple[str, ...]  # the values a column writes, one per output field


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # lazy translation
    raw: str  # the annotation of `annotate_raw` it is made from
    fields: tuple[str, ...]  # the output fields it writes (HTCDS or Seri additions)
    levels: tuple[object, ...]  # names of its generalisation levels, least general first
    canonical: Callable[[object], object]  # a raw value made hashable and comparable
    render: Callable[[object, int], Cells]

    @property
    def top(self) -> int:
        return len(self.levels) - 1


@cache
def _iso_codes() -> frozenset[str]:
    return country_codes()


def _codes(value: object) -> tuple[str, ...]:
    """ISO 3166 alpha-2 codes from a ";"-joined value, sorted; anything else left out."""
    known = _iso_codes()
    return tuple(sorted({c for c in str(value or "").split(SEPARATOR) if c in known}))


def _country_cells(codes: Any, level: int) -> Cells:
    if level == 0:
        return (SEPARATOR.join(codes), "")
    if level == 1:
        regions = sorted({REGION_OF.get(c, OTHER_REGION) for c in codes})
        return ("", SEPARATOR.join(regions))
    return ("", "")


def _age_cells(value, level: int) -> Cells:
    if value is None or value < 0 or level >= 3:
        return ("",)
    if level == 0:
        lo = value // 5 * 5
        return (f"{lo}-{lo + 4}",)
    if level == 1:
        lo = value // 10 * 10
        return (f"{lo}-{lo + 9}",)
    return ("under 18" if value < 18 else "18+",)


def _year_cells(value, level: int) -> Cells:
    if value is None or level >= 2:
        return ("",)
    if level == 0:
        return (str(value),)
    lo = value // 2 * 2
    return (f"{lo}-{lo + 1}",)


def _gender_cells(value, level: int) -> Cells:
    if level >= 1:
        return ("",)
    return (value if value in Gender.values else Gender.UNKNOWN.value,)


def _status_cells(value, level: int) -> Cells:
    if level >= 2:
        return ("", "")
    return (STATUS_TO_HTCDS.get(value, ""), value if level == 0 else "")


def _in_order(vocabulary) -> Callable[[object], tuple[str, ...]]:
    order = {v: i for i, v in enumerate(vocabulary.values)}

    def canonical(values) -> tuple[str, ...]:
        return tuple(sorted({v for v in values or () if v in order}, key=order.__getitem__))

    return canonical


def _multi_cells(values: Any, level: int) -> Cells:
    return (SEPARATOR.join(values) if level == 0 else "",)


def _same(value):
    return value


_AS_RECORDED = _("as recorded")
_REMOVED = _("removed")
_MULTI = (_AS_RECORDED, _REMOVED)

COLUMNS: dict[str, Column] = {
    c.key: c
    for c in (
        Column(
            "age_band",
            _("age band"),
            "qi_age",
            ("seri_AgeBand",),
            (_("5-year bands"), _("10-year bands"), _("minor / adult"), _REMOVED),
            _same,
            _age_cells,
        ),
        Column("gender", _("gender"), "qi_gender", ("prs_Gender",), _MULTI, _same, _gender_cells),
        Column(
            "citizenship",
            _("citizenship"),
            "qi_citizenships",
            ("prs_Citizenship", "seri_CitizenshipRegion"),
            (_("country"), _("region"), _REMOVED),
            _codes,
            _country_cells,
        ),
        Column(
            "year",
            _("year of registration"),
            "qi_year",
            ("seri_YearRegistered",),
            (_("year"), _("two-year period"), _REMOVED),
            _same,
            _year_cells,
        ),
        Column(
            "exploitation_country",
            _("country of exploitation"),
            "qi_exploitation_country",
            ("hte_Country", "seri_ExploitationRegion"),
            (_("country"), _("region"), _REMOVED),
            _codes,
            _country_cells,
        ),
        Column(
            "exploitation_types",
            _("type of exploitation"),
            "exploitation_types",
            ("vic_TypeOfExploitation",),
            _MULTI,
            _in_order(ExploitationType),
            _multi_cells,
        ),
        Column(
            "recruitment_methods",
            _("method of recruitment"),
            "recruitment_methods",
            ("vic_MethodOfRecruitment",),
            _MULTI,
            _in_order(RecruitmentMethod),
            _multi_cells,
        ),
        Column(
            "recruitment_platforms",
            _("recruitment websites and apps"),
            "recruitment_platforms",
            ("vic_RecruitmentWebsitesAndApps",),
            _MULTI,
            _in_order(Platform),
            _multi_cells,
        ),
        Column(
            "control_methods",
            _("methods of control"),
            "control_methods",
            ("vic_MethodsOfControl",),
            _MULTI,
            _in_order(ControlMethod),
            _multi_cells,
        ),
        Column(
            "status",
            _("case status"),
            "status",
            ("cas_Status", "seri_Status"),
            (_("HTCDS and Seri status"), _("HTCDS status only"), _REMOVED),
            _same,
            _status_cells,
        ),
    )
}
# What each column may be: a quasi-identifier (generalised to reach k), released as
# non-identifying (published as recorded, with a reason), or left out.
QUASI_IDENTIFIER, RELEASED, LEFT_OUT = "qi", "release", "omit"
TREATMENTS = (QUASI_IDENTIFIER, RELEASED, LEFT_OUT)


def annotate_raw(cases: QuerySet[Case]) -> QuerySet[Any]:
    """Raw values of every column for pass 1 and pass 2 alike: the demographic ones from each
    case's summary row (seri.stats.models.CaseFact, one join on the primary key), the others
    from the case; `ident` is the person's linked identity (seri.linkage), or the person."""
    return cases.annotate(
        fact=FilteredRelation("stats_facts", condition=Q(stats_facts__rank=0)),
        qi_age=F("fact__qi_age"),
        qi_gender=F("fact__qi_gender"),
        qi_citizenships=F("fact__qi_citizenships"),
        qi_year=F("fact__qi_year"),
        qi_exploitation_country=F("fact__qi_exploitation_country"),
        ident=Coalesce(F("person__identity_link__identity_id"), 0 - F("person_id")),
    )


# --- pass 1: the table of combinations, and the plan ---------------------------------------------


class _Encoder:
    """One column of the table of combinations as small integers: each distinct raw value (by
    its repr: lists are not hashable) gets a code, kept with its canonical value."""

    def __init__(self, canonical: Callable[[object], object]):
        self.canonical = canonical
        self.code: dict[object, int] = {}
        self.uniques: list[object] = []
        self.codes = array("i")

    def add(self, key: object, value: object) -> None:
        code = self.code.get(key)
        if code is None:
            code = self.code[key] = len(self.uniques)
            self.uniques.append(self.canonical(value))
        self.codes.append(code)

    def array(self) -> np.ndarray:
        return np.frombuffer(self.codes, dtype=np.int32) if self.codes else np.zeros(0, np.int32)


@dataclass
class Combinations:
    """Raw combinations of the published columns with the cases and distinct people of each;
    `shared` lists, for each person with cases in more than one combination, the indices of
    those combinations. Each column is held as one small integer per combination (`codes`, an
    index into that column's distinct canonical values, `uniques`): about 60 bytes per
    combination for ten columns, where a tuple of Python values per combination took over a
    kilobyte. A small table may be given as `values` (canonical tuples in `keys` order)."""

    keys: tuple[str, ...]
    values: list[tuple] | None
    rows: np.ndarray
    people: np.ndarray
    shared: list[list[int]]
    codes: list[np.ndarray] = field(default_factory=list)
    uniques: list[list[object]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.values is not None and not self.codes:
            for i in range(len(self.keys)):
                encoder = _Encoder(_same)
                for value in self.values:
                    encoder.add(value[i], value[i])
                self.codes.append(encoder.array())
                self.uniques.append(encoder.uniques)

    def __len__(self) -> int:
        return len(self.rows)


def combination_counts(cases: QuerySet[Case], keys: Sequence[str]) -> Combinations:
    """The table of combinations, read from the database's GROUP BY in a stream. The people
    with cases in several combinations (usually few) are read first, so that only their
    combinations need to be looked up by value."""
    from django.db.models import Count

    keys = tuple(keys)
    fields = [COLUMNS[k].raw for k in keys]
    annotated = annotate_raw(cases)
    several = annotated.values("ident").annotate(c=Count("id")).filter(c__gt=1).values("ident")
    of_person: dict[int, set[tuple]] = {}
    for r in annotated.filter(ident__in=several).values("ident", *fields).iterator(CHUNK):
        of_person.setdefault(r["ident"], set()).add(tuple(repr(r[f]) for f in fields))
    of_person = {ident: s for ident, s in of_person.items() if len(s) > 1}
    wanted: set[tuple] = set().union(*of_person.values())
    grouped = (
        annotated.values(*fields)
        .annotate(n=Count("id"), people=Count("ident", distinct=True))
        .order_by()
    )
    encoders = [_Encoder(COLUMNS[k].canonical) for k in keys]
    rows, people = array("q"), array("q")
    index: dict[tuple, int] = {}
    for r in grouped.iterator(chunk_size=CHUNK):
        raw = tuple(repr(r[f]) for f in fields)
        for encoder, f, key in zip(encoders, fields, raw, strict=True):
            encoder.add(key, r[f])
        if raw in wanted:
            index[raw] = len(rows)
        rows.append(r["n"])
        people.append(r["people"])
    return Combinations(
        keys,
        None,
        np.array(rows, dtype=np.int64),
        np.array(people, dtype=np.int64),
        [sorted(index[raw] for raw in s) for s in of_person.values()],
        [e.array() for e in encoders],
        [e.uniques for e in encoders],
    )


_MULTIPLIERS = np.random.default_rng(2023).integers(1, 2**63, size=64, dtype=np.int64) | 1


def _dense(codes: Sequence[np.ndarray]) -> np.ndarray:
    """One integer per entry, equal where every column's value is equal: the columns' codes
    hashed into one 64-bit key (odd random multipliers; wrap-around arithmetic), then made
    dense. Two different combinations share a key with probability about n² / 2⁶⁴."""
    key: np.ndarray | None = None
    with np.errstate(over="ignore"):
        for i, column in enumerate(codes):  # in place: one key array, whatever the columns
            if key is None:
                key = np.zeros(len(column), dtype=np.uint64)
            np.bitwise_xor(key, column.astype(np.uint64), out=key)
            np.multiply(key, _MULTIPLIERS[i % 64].astype(np.uint64), out=key)
            np.bitwise_xor(key, key >> np.uint64(29), out=key)
    return _factorize(key)


def _factorize(values) -> np.ndarray:
    """Dense integer codes of the values (by hashing: no sort)."""
    import pandas as pd

    codes, _uniques = pd.factorize(values)
    return codes.astype(np.int64)


@dataclass
class Groups:
    gid: np.ndarray  # group of each combination
    people: np.ndarray  # distinct people per group
    rows: np.ndarray  # cases per group


class _Lazy(Sequence[np.ndarray]):
    """Each column's generalised codes, computed when `_dense` reaches that column: only one
    column's array is held at a time."""

    def __init__(self, columns: list[tuple[np.ndarray, np.ndarray]]):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, i):
        level_map, codes = self.columns[i]
        return level_map[codes]


def groups_of(combos: Combinations, column_codes: Sequence[np.ndarray]) -> Groups:
    """Groups of combinations equal on these (generalised) columns, counting people once."""
    everyone = np.zeros(len(combos), dtype=np.int64)
    gid = _dense(column_codes) if column_codes else everyone
    n = int(gid.max(initial=-1)) + 1
    people = np.bincount(gid, weights=combos.people, minlength=n)
    if combos.shared:
        # A person in several combinations of one group was counted once in each.
        owner = np.repeat(np.arange(len(combos.shared)), [len(s) for s in combos.shared])
        where = gid[np.concatenate([np.array(s, dtype=np.int64) for s in combos.shared])]
        pairs = np.unique(owner * n + where)
        people -= np.bincount(where, minlength=n) - np.bincount(pairs % n, minlength=n)
    return Groups(gid, people.astype(np.int64), np.bincount(gid, weights=combos.rows, minlength=n))


@dataclass
class Plan:
    k: int
    qis: tuple[str, ...]
    released: tuple[str, ...]
    levels: dict[str, int]
    total: int  # cases
    people: int
    suppressed: int = 0  # cases (set by pass 1, then by what pass 2 actually left out)
    risk: dict = field(default_factory=dict)

    @property
    def published(self) -> tuple[str, ...]:
        return self.qis + self.released

    def report(self) -> list[str]:
        lines = []
        for q in self.qis:
            level = self.levels[q]
            if level:
                column = COLUMNS[q]
                lines.append(
                    gettext("%(qi)s: generalised to %(level)s")
                    % {"qi": column.label, "level": column.levels[level]}
                    if level < column.top
                    else gettext("%(qi)s: removed (left empty)") % {"qi": column.label}
                )
        return lines


def _level_maps(combos: Combinations, i: int, key: str) -> list[np.ndarray]:
    """For each level of the column, the group of each of its distinct values (small arrays:
    a combination's group at that level is `maps[level][combos.codes[i]]`)."""
    column = COLUMNS[key]
    out = []
    for level in range(column.top + 1):
        cells = ["|".join(column.render(v, level)) for v in combos.uniques[i]]
        out.append(_factorize(np.array(cells, dtype=object)).astype(np.int32))
    return out


def _refines(key: str, a: int, b: int) -> bool:
    """Whether level a of the column splits its values at least as finely as level b, each
    group of a inside one group of b (age: 5- and 10-year bands do not nest in minor / adult)."""
    if key == "age_band" and b == 2:
        return a == 2
    return a <= b


class _LatticeSearch:
    """Suppression at each node of the lattice, computed once, and inferred where it can be:
    a node that refines a node leaving too many rows suppressed leaves at least as many (groups
    only grow as they merge). On a node that is evaluated and fails, the search climbs to a
    coarser node that still fails, so that one evaluation rules out many finer nodes."""

    def __init__(self, qis: tuple[str, ...], evaluate: Callable, limit: float):
        self.qis, self.evaluate, self.limit = qis, evaluate, limit
        self.known: dict[tuple[int, ...], int] = {}
        self.failed: list[tuple[int, ...]] = []

    def _suppressed(self, vector: tuple[int, ...]) -> int:
        if vector not in self.known:
            self.known[vector] = self.evaluate(vector)
        return self.known[vector]

    def _covered(self, vector: tuple[int, ...]) -> bool:
        return any(
            all(_refines(q, a, b) for q, a, b in zip(self.qis, vector, v, strict=True))
            for v in self.failed
        )

    def suppressed_if_within(self, vector: tuple[int, ...]) -> int | None:
        """The rows suppressed at this node, or None when more than the limit."""
        if self._covered(vector):
            return None
        suppressed = self._suppressed(vector)
        if suppressed <= self.limit:
            return suppressed
        climbed = list(vector)
        for d, q in enumerate(self.qis):
            for level in range(climbed[d] + 1, COLUMNS[q].top + 1):
                if not _refines(q, climbed[d], level):
                    continue
                trial = (*climbed[:d], level, *climbed[d + 1 :])
                if self._suppressed(trial) <= self.limit:
                    break
                climbed[d] = level
        self.failed.append(tuple(climbed))
        return None


def plan(combos: Combinations, *, k: int, qis: Sequence[str], released: Sequence[str] = ()) -> Plan:
    """Choose generalisation levels for the quasi-identifiers on the table of combinations:
    the least loss of detail (sum of level / top level) that leaves at most
    MAX_SUPPRESSED_SHARE of the cases in groups of fewer than k people (ties: fewer suppressed).
    Optimal for this loss measure: the lattice is searched in order of loss."""
    qis, released = tuple(qis), tuple(released)
    unknown = [q for q in (*qis, *released) if q not in COLUMNS]
    if unknown:
        raise ExportRefused(f"unknown column: {', '.join(unknown)}")
    if k < 2:
        raise ExportRefused(gettext("k must be at least 2"))
    total = int(combos.rows.sum())
    people = int(groups_of(combos, []).people.sum()) if total else 0
    if people < k:
        raise ExportRefused(
            gettext(
                "there are only %(total)s people in this selection: no group of %(k)s people "
                "with identical records can be formed, so k = %(k)s cannot be met. Choose a "
                "smaller k or a wider selection."
            )
            % {"total": people, "k": k}
        )
    position = {key: i for i, key in enumerate(combos.keys)}
    maps = {q: _level_maps(combos, position[q], q) for q in qis}
    tops = [COLUMNS[q].top for q in qis]
    limit = MAX_SUPPRESSED_SHARE * total

    def loss_of(vector: tuple[int, ...]) -> float:
        return sum(lv / top for lv, top in zip(vector, tops, strict=True))

    def suppressed_at(vector: tuple[int, ...]) -> int:
        columns = [
            (maps[q][lv], combos.codes[position[q]]) for q, lv in zip(qis, vector, strict=True)
        ]
        groups = groups_of(combos, _Lazy(columns))
        return int(groups.rows[groups.people < k].sum())

    search = _LatticeSearch(qis, suppressed_at, limit)
    best = None
    nodes = sorted(itertools.product(*(range(t + 1) for t in tops)), key=lambda v: (loss_of(v), v))
    for vector in nodes:  # least loss first: stop once a loss level has a solution
        loss = loss_of(vector)
        if best is not None and loss > best[0] + 1e-12:
            break
        suppressed = search.suppressed_if_within(vector)
        if suppressed is None:
            continue
        candidate = (loss, suppressed, vector)
        if best is None or candidate < best:
            best = candidate
    if best is None:  # cannot happen: everything removed leaves one group of everyone ≥ k
        raise ExportRefused(f"no generalisation reaches k = {k}")
    _loss, suppressed, vector = best
    levels = dict(zip(qis, vector, strict=True))
    return Plan(k, qis, released, levels, total, people, suppressed)


# --- pass 2: the rows ----------------------------------------------------------------------------


def row_cells(plan_: Plan, values: dict[str, object]) -> dict[str, str]:
    """The output fields of one case (raw values by column key) under the plan."""
    out = dict.fromkeys((*STANDARD_HEADER, *ADDITIONS_HEADER[1:]), "")
    for key in plan_.published:
        column = COLUMNS[key]
        level = plan_.levels.get(key, 0)
        for name, cell in zip(
            column.fields, column.render(column.canonical(values[key]), level), strict=True
        ):
            out[name] = cell
    return out


def rows(cases: QuerySet[Case], p: Plan) -> Iterator[tuple[int, tuple, dict[str, str]]]:
    """Each case as (identity, group key over the quasi-identifiers, output fields)."""
    fields = [COLUMNS[key].raw for key in p.published]
    qs = annotate_raw(cases).order_by().values_list("ident", *fields)
    qi_fields = [f for key in p.qis for f in COLUMNS[key].fields]
    for ident, *raw in qs.iterator(chunk_size=CHUNK):
        cells = row_cells(p, dict(zip(p.published, raw, strict=True)))
        yield ident, tuple(cells[f] for f in qi_fields), cells


def risk(groups: Iterable[tuple[int, int]]) -> dict:
    """Re-identification risk over every published column, as sdcMicro and ARX report it:
    the share of rows alone in their group, the highest prosecutor risk (1 / the smallest
    group, counted in people), the number of groups. `groups` gives each group's (rows,
    people), read once (a stream: nothing is kept per group)."""
    rows_total = unique = count = 0
    smallest = None
    for rows_in, people_in in groups:
        rows_total += rows_in
        count += 1
        smallest = people_in if smallest is None else min(smallest, people_in)
        if people_in == 1:
            unique += rows_in
    if not rows_total or smallest is None:
        return {"rows": 0, "groups": 0, "unique_share": 0.0, "max_prosecutor_risk": 0.0}
    return {
        "rows": rows_total,
        "groups": count,
        "smallest_group_people": smallest,
        "unique_share": round(unique / rows_total, 4),
        "max_prosecutor_risk": round(1 / smallest, 4),
    }
