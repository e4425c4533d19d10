"""De-identified exports in the Human Trafficking Case Data Standard (HTCDS) 2.0, made
k-anonymous over chosen quasi-identifiers by generalisation and suppression.

The field names and labels below are copied from `standards/htcds-field-standards-2.0.csv`
(the app must not depend on the shared folder at run time). Identifiers are replaced by a
pseudonym that is random per export, dates are reduced to years, ages to bands.

k-anonymity works in two passes so that memory stays flat:
1. the database counts cases per combination of raw quasi-identifier values (GROUP BY);
   generalisation levels are chosen on that small table (a search of the whole
   (small) lattice of generalisation levels for the one that loses least detail while
   leaving few enough records in groups smaller than k to suppress them);
2. the rows are streamed (`iterator(chunk_size=…)`), each generalised with the same levels,
   and rows whose group is still smaller than k are left out.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from seri.cases.models import Case

DEFAULT_K = 11
MAX_SUPPRESSED_SHARE = 0.02  # generalise further until at most this share is suppressed
CHUNK = 2000

# (HTCDS field name, label, what Seri puts there) — from htcds-field-standards-2.0.csv
FIELDS: list[tuple[str, str, str]] = [
    ("record_id", "Record", "random pseudonym, new for every export"),
    ("prs_Gender", "Gender", "HTCDS gender value"),
    ("vic_AgeBand", "Age band", "age at registration (from prs_Birthdate or an estimate), banded"),
    ("prs_Citizenship", "Citizenship", "ISO 3166 code (first recorded), or a region"),
    ("cas_YearRegistered", "Year registered", "year the case was first reported"),
    ("hte_Country", "Country of exploitation", "ISO 3166 code of the compound's country"),
    ("vic_TypeOfExploitation", "Type of Exploitation", "multiselect, ; separated"),
    ("vic_MethodOfRecruitment", "Method of Recruitment", "multiselect, ; separated"),
    ("vic_RecruitmentWebsitesAndApps", "Recruitment Websites and Apps", "multiselect"),
    ("vic_MethodsOfControl", "Methods of Control", "multiselect, ; separated"),
    ("cas_Status", "Status", "Seri case status"),
]
HEADER = [name for name, _label, _what in FIELDS]

# quasi-identifier key → export column
QUASI_IDENTIFIERS = {
    "age_band": "vic_AgeBand",
    "gender": "prs_Gender",
    "citizenship": "prs_Citizenship",
    "year": "cas_YearRegistered",
    "exploitation_country": "hte_Country",
}
QI_LABELS = {
    "age_band": _("age band"),
    "gender": _("gender"),
    "citizenship": _("citizenship"),
    "year": _("year of registration"),
    "exploitation_country": _("country of exploitation"),
}
DEFAULT_QIS = tuple(QUASI_IDENTIFIERS)

_REGIONS = {
    "South-East Asia": "KH TH VN LA MM MY ID PH SG BN TL",
    "East Asia": "CN TW HK MO KR JP MN KP",
    "South Asia": "IN PK BD LK NP BT MV AF",
    "Africa": "NG KE UG GH ET TZ CM SN CI ZA ZW RW SD SO ER EG MA DZ TN",
    "Central Asia and Europe": "RU UA KZ UZ KG TJ TM BY TR GE AM AZ",
}
REGION_OF = {code: region for region, codes in _REGIONS.items() for code in codes.split()}
SUPPRESSED = "*"
UNKNOWN = "unknown"


def _age(value, level: int) -> str:
    if value is None or value < 0:
        return UNKNOWN if level < 3 else SUPPRESSED
    if level == 0:
        lo = value // 5 * 5
        return f"{lo}-{lo + 4}"
    if level == 1:
        lo = value // 10 * 10
        return f"{lo}-{lo + 9}"
    if level == 2:
        return "under 18" if value < 18 else "18+"
    return SUPPRESSED


def _plain(value, level: int) -> str:
    if level >= 1:
        return SUPPRESSED
    return value or UNKNOWN


def _country(value, level: int) -> str:
    if level == 0:
        return value or UNKNOWN
    if level == 1:
        return REGION_OF.get(value, "Other") if value else UNKNOWN
    return SUPPRESSED


def _year(value, level: int) -> str:
    if value is None:
        return UNKNOWN if level < 2 else SUPPRESSED
    if level == 0:
        return str(value)
    if level == 1:
        lo = value // 2 * 2
        return f"{lo}-{lo + 1}"
    return SUPPRESSED


GENERALISE = {
    "age_band": (_age, 3),
    "gender": (_plain, 1),
    "citizenship": (_country, 2),
    "year": (_year, 2),
    "exploitation_country": (_country, 2),
}
LEVEL_NAMES = {
    "age_band": [_("5-year bands"), _("10-year bands"), _("minor / adult"), _("removed")],
    "gender": [_("as recorded"), _("removed")],
    "citizenship": [_("country"), _("region"), _("removed")],
    "year": [_("year"), _("two-year period"), _("removed")],
    "exploitation_country": [_("country"), _("region"), _("removed")],
}


class ExportRefused(ValueError):
    pass


def annotate_raw(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Raw quasi-identifier values for pass 1 and pass 2 alike, read from each case's summary
    row (seri.stats.models.CaseFact): one join on the primary key, no correlated subquery, and
    both passes see the same values. `export_prepare` makes sure the rows exist."""
    return cases.annotate(
        fact=FilteredRelation("stats_facts", condition=Q(stats_facts__rank=0)),
        qi_age=F("fact__qi_age"),
        qi_gender=F("fact__qi_gender"),
        qi_citizenship=F("fact__qi_citizenship"),
        qi_year=F("fact__qi_year"),
        qi_exploitation_country=F("fact__qi_exploitation_country"),
    )


RAW_FIELDS = {
    "age_band": "qi_age",
    "gender": "qi_gender",
    "citizenship": "qi_citizenship",
    "year": "qi_year",
    "exploitation_country": "qi_exploitation_country",
}


def generalise(qis: Sequence[str], raw: Sequence, levels: dict[str, int]) -> tuple[str, ...]:
    return tuple(GENERALISE[q][0](v, levels[q]) for q, v in zip(qis, raw, strict=True))


@dataclass
class Plan:
    k: int
    qis: tuple[str, ...]
    levels: dict[str, int]
    total: int
    small_groups: set[tuple[str, ...]] = field(default_factory=set)
    suppressed: int = 0

    def report(self) -> list[str]:
        lines = []
        for q in self.qis:
            level = self.levels[q]
            if level:
                name = LEVEL_NAMES[q][level]
                lines.append(
                    gettext("%(qi)s: generalised to %(level)s")
                    % {"qi": QI_LABELS[q], "level": name}
                    if name != LEVEL_NAMES[q][-1]
                    else gettext("%(qi)s: removed (every value replaced by *)")
                    % {"qi": QI_LABELS[q]}
                )
        return lines


def plan(combos: Iterable[tuple[tuple, int]], *, k: int, qis: Sequence[str]) -> Plan:
    """Choose generalisation levels on the table of raw combinations and their counts."""
    combos = list(combos)
    qis = tuple(qis)
    unknown = [q for q in qis if q not in GENERALISE]
    if unknown:
        raise ExportRefused(f"unknown quasi-identifier: {', '.join(unknown)}")
    if k < 2:
        raise ExportRefused(gettext("k must be at least 2"))
    total = sum(n for _raw, n in combos)
    if total < k:
        raise ExportRefused(
            gettext(
                "there are only %(total)s cases in this selection: no group of %(k)s identical "
                "records can be formed, so k = %(k)s cannot be met. Choose a smaller k or a "
                "wider selection."
            )
            % {"total": total, "k": k}
        )
    # Each quasi-identifier's raw values generalised once per level: the search below then
    # only looks values up.
    tables = [
        [
            {raw[i]: GENERALISE[q][0](raw[i], level) for raw, _n in combos}
            for level in range(GENERALISE[q][1] + 1)
        ]
        for i, q in enumerate(qis)
    ]

    def groups_at(lv: dict[str, int]) -> Counter:
        maps = [tables[i][lv[q]] for i, q in enumerate(qis)]
        groups: Counter = Counter()
        for raw, n in combos:
            groups[tuple(m[v] for m, v in zip(maps, raw, strict=True))] += n
        return groups

    def suppressed_in(groups: Counter) -> int:
        return sum(n for n in groups.values() if n < k)

    # The lattice of generalisation levels is small (at most 4·2·3·3·3 = 216 nodes for the
    # five quasi-identifiers), so nodes are tried from the least loss of detail (sum of level /
    # top level) upwards: the first loss level with a node leaving few enough records to
    # suppress wins (ties: fewer records suppressed). Optimal for this loss measure.
    nodes = sorted(
        itertools.product(*(range(GENERALISE[q][1] + 1) for q in qis)),
        key=lambda v: (sum(level / GENERALISE[q][1] for q, level in zip(qis, v, strict=True)), v),
    )
    best = None
    for vector in nodes:  # least loss first: stop once a loss level has a solution
        trial = dict(zip(qis, vector, strict=True))
        loss = sum(trial[q] / GENERALISE[q][1] for q in qis)
        if best is not None and loss > best[0] + 1e-12:
            break
        trial_groups = groups_at(trial)
        trial_suppressed = suppressed_in(trial_groups)
        if trial_suppressed > MAX_SUPPRESSED_SHARE * total:
            continue
        candidate = (loss, trial_suppressed, vector, trial, trial_groups)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    if best is None:  # cannot happen: everything removed leaves one group of `total` ≥ k
        raise ExportRefused(f"no generalisation reaches k = {k}")
    _loss, suppressed, _v, levels, groups = best
    small = {key for key, n in groups.items() if n < k}
    if total - suppressed < k:
        raise ExportRefused(
            gettext(
                "even with every quasi-identifier generalised, fewer than %(k)s records remain "
                "in groups of k: the data cannot support this k."
            )
            % {"k": k}
        )
    return Plan(k=k, qis=qis, levels=levels, total=total, small_groups=small, suppressed=suppressed)


def combination_counts(cases: QuerySet[Case], qis: Sequence[str]) -> list[tuple[tuple, int]]:
    from django.db.models import Count

    fields = [RAW_FIELDS[q] for q in qis]
    rows = annotate_raw(cases).values(*fields).annotate(n=Count("id")).order_by()
    return [(tuple(r[f] for f in fields), r["n"]) for r in rows]


def _multi(values) -> str:
    return ";".join(values or [])


def rows(cases: QuerySet[Case], p: Plan) -> Iterator[list[str]]:
    """The export rows (without header), generalised and with small groups left out."""
    salt = secrets.token_bytes(16)
    all_qis = tuple(QUASI_IDENTIFIERS)
    fields = [
        "public_id",
        *[RAW_FIELDS[q] for q in all_qis],
        "exploitation_types",
        "recruitment_methods",
        "recruitment_platforms",
        "control_methods",
        "status",
    ]
    # Quasi-identifiers not chosen are still generalised at their first level (bands, years).
    levels = {q: p.levels.get(q, 0) for q in all_qis}
    qi_index = [all_qis.index(q) for q in p.qis]
    qs = annotate_raw(cases).order_by().values_list(*fields)
    for row in qs.iterator(chunk_size=CHUNK):
        raw = row[1 : 1 + len(all_qis)]
        shown = generalise(all_qis, raw, levels)
        if tuple(shown[i] for i in qi_index) in p.small_groups:
            continue
        pseudonym = hmac.new(salt, row[0].bytes, hashlib.sha256).hexdigest()[:12]
        types, methods, platforms, control, status = row[1 + len(all_qis) :]
        yield [
            pseudonym,
            shown[1],
            shown[0],
            shown[2],
            shown[3],
            shown[4],
            _multi(types),
            _multi(methods),
            _multi(platforms),
            _multi(control),
            status,
        ]
