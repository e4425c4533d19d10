"""Statistics at scale: the dashboard's aggregate queries and a streamed HTCDS export.

    .venv/bin/python -m bench.stats --people 100000 --database sqlite [--rounds 3] [--xlsx]

Uses a database made by `bench.generate` and writes only the statistics app's summary table
(`seri stats_refresh`, timed: a bulk load bypasses the signals that keep it). The dashboard is
computed for the whole coalition (what a coordinator sees) and for the largest organisation, and the
export runs the same two passes as the export page (the k-anonymity plan from one GROUP BY,
then the rows streamed with `iterator(chunk_size=…)`) into a byte counter instead of a response.
Peak memory is the process's maximum resident set size (ru_maxrss), read after each step.
Targets at 1,000,000 cases: dashboard < 1 s, export peak memory < 300 MB.
"""

import argparse
import statistics
import sys
import time

from bench.common import database_url, peak_memory_mb, row, setup_django, vendor_of, write_rows


def _timed(fn, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--xlsx", action="store_true", help="also time an XLSX export")
    parser.add_argument(
        "--skip-refresh", action="store_true", help="the summaries are already up to date"
    )
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    vendor = vendor_of(url)

    from django.core.management import call_command
    from django.db.models import Count

    from seri.cases.models import Case
    from seri.orgs.models import Organisation
    from seri.stats import htcds, services
    from seri.stats.selectors import Filters, apply_fact_filters, dashboard_of

    scale = Case.objects.count()
    rows = []
    base_memory = peak_memory_mb()

    def add(metric, value, unit, *, target=None, met=None, memory=None, benchmark="stats"):
        rows.append(
            row(
                benchmark,
                metric,
                value,
                unit,
                database=vendor,
                scale=scale,
                target=target,
                met=met,
                peak_memory=memory,
            )
        )
        print(f"{metric:<48} {value:>12.3f} {unit}", flush=True)

    # --- the maintained summaries (one row per case) a bulk load needs before the dashboard
    call_command("migrate", "stats", verbosity=0)  # the statistics app's own tables
    if not args.skip_refresh:
        start = time.perf_counter()
        services.case_facts_refresh()
        add("summaries rebuilt (seri stats_refresh)", time.perf_counter() - start, "s")
    if vendor == "postgresql":
        # A bulk COPY leaves the planner without statistics until autovacuum comes round.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            # What autovacuum would do soon after: marks the pages all-visible, so that the
            # summary's covering indexes are read without visiting the table.
            cursor.execute("VACUUM stats_casefact")

    # --- dashboard: the coalition (what a coordinator sees), then each filter on its own
    from seri.stats.models import CaseFact

    facts = CaseFact.objects.all()
    everyone = apply_fact_filters(facts, Filters())
    seconds, data = _timed(lambda: dashboard_of(everyone), args.rounds)
    add(
        "dashboard, coalition-wide (median)",
        seconds,
        "s",
        target="< 1 s",
        met=seconds < 1,
        memory=peak_memory_mb(),
    )
    assert data.total_cases == scale
    largest = everyone.values_list("organisation").annotate(n=Count("pk")).order_by("-n").first()[0]
    nationality = (
        facts.exclude(nationality="")
        .values_list("nationality")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()[0]
    )
    province = (
        everyone.exclude(province="")
        .values_list("province")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()[0]
    )
    latest = facts.order_by("-month").values_list("month", flat=True).first()
    filtered = {
        "largest organisation": Filters(organisation=Organisation.objects.get(pk=largest)),
        "most frequent nationality": Filters(nationality=nationality),
        "most frequent province": Filters(province=province),
        "last twelve months": Filters(start=latest.replace(year=latest.year - 1)),
        "nationality and organisation": Filters(
            organisation=Organisation.objects.get(pk=largest), nationality=nationality
        ),
    }
    for label, filters in filtered.items():
        seconds, _ = _timed(
            lambda f=filters: dashboard_of(apply_fact_filters(facts, f)), args.rounds
        )
        add(
            f"dashboard, {label} (median)",
            seconds,
            "s",
            target="< 1 s",
            met=seconds < 1,
            memory=peak_memory_mb(),
        )

    # --- HTCDS export, k = 11, every column a quasi-identifier (the default), as the page
    from seri.orgs.models import Membership, Role

    coordinator = Membership.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    if coordinator is None:  # the generator makes none: a synthetic one for the export
        from seri.orgs.models import User

        user, _new = User.objects.get_or_create(username="bench-coordinator")
        coordinator = Membership.objects.create(
            user=user, organisation=Organisation.objects.first(), role=Role.COORDINATOR
        )
    for fmt in ("csv", "xlsx") if args.xlsx else ("csv",):
        start = time.perf_counter()
        made = services.export_create(actor=coordinator.user, fmt=fmt, k=htcds.DEFAULT_K)
        seconds = time.perf_counter() - start
        size = len(made.file.read())
        made.file.close()
        memory = peak_memory_mb()
        record = made.record
        add(f"export {fmt.upper()} (both passes, written)", seconds, "s", memory=memory)
        add(f"export {fmt.upper()}, rows per second", record.rows_total / seconds, "rows/s")
        add(f"export {fmt.upper()}, size", size / 1e6, "MB")
        add(
            f"export {fmt.upper()}, peak memory of the process",
            memory,
            "MB",
            target="< 300 MB",
            met=memory < 300,
            memory=memory,
        )
        add(f"export {fmt.upper()}, memory above the start", memory - base_memory, "MB")
        add("export, records suppressed for k = 11", record.rows_suppressed, "records")
    path = write_rows(f"stats-{vendor}-{args.people}", rows)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
