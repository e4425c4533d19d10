"""Differentially private synthetic records (MST) at scale.

    .venv/bin/python -m bench.synth --people 100000 [--records 100000 1000000] [--epsilon 1]

Works on its OWN copy of the benchmark database (bench/data/synth-<people>.sqlite3, made with
SQLite's backup API from bench-<people>.sqlite3 when missing), because other benchmarks use
the original. Writes there only: the statistics summaries (`seri stats_refresh`, when
missing), one benchmark coordinator, and the synthetic releases with their budget (the budget
is reset before each run: this is a benchmark copy, not a coalition's ledger).

Each step is timed separately, then the whole service (`synthetic_release_create`, as the
page and `seri synth` call it) for each number of records. What depends on the number of
cases (the GROUP BY over the summaries, the marginals) is measured at this scale; the
estimation depends on the domain, not on the cases; sampling and the CSV depend on the number
of records asked, measured up to a million here. The extrapolation to 1,000,000 cases scales
the case-dependent steps linearly and is printed with the measured ones.
"""

import argparse
import sqlite3
import time

from bench.common import DATA_DIR, peak_memory_mb, row, setup_django, write_rows

TARGET_S = 600  # synthetic data for 1,000,000 cases in under 10 minutes


def _copy(people: int):
    source = DATA_DIR / f"bench-{people}.sqlite3"
    target = DATA_DIR / f"synth-{people}.sqlite3"
    if not target.exists():
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(target)
        src.backup(dst)
        dst.close()
        src.close()
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--records", type=int, nargs="+", default=[100000, 1000000])
    parser.add_argument("--epsilon", type=float, default=1.0)
    args = parser.parse_args(argv)
    path = _copy(args.people)
    setup_django(f"sqlite:///{path}")

    from django.core.management import call_command
    from django.db.models import Count

    from seri.cases.models import Case
    from seri.orgs.models import Membership, Organisation, Role, User
    from seri.stats import synth
    from seri.stats.models import CaseFact, PrivacyBudget
    from seri.stats.services import synthetic_release_create

    call_command("migrate", "stats", verbosity=0)
    scale = Case.objects.count()
    rows = []

    def add(metric, value, unit, **kw):
        rows.append(row("synth", metric, value, unit, database="sqlite", scale=scale, **kw))

    if CaseFact.objects.filter(rank=0).count() != scale:
        start = time.perf_counter()
        call_command("stats_refresh", verbosity=0)
        add(
            "summaries rebuilt (seri stats_refresh, not part of synthesis)",
            time.perf_counter() - start,
            "s",
        )
    user, _ = User.objects.get_or_create(username="bench-synth-coordinator")
    Membership.objects.get_or_create(
        user=user, organisation=Organisation.objects.first(), role=Role.COORDINATOR
    )

    attrs = synth.attributes()
    start = time.perf_counter()
    groups = (
        CaseFact.objects.filter(rank=0)
        .values(*[a.raw for a in attrs])
        .annotate(n=Count("id"))
        .order_by()
    )
    _codes, weights = synth.encode(
        ((tuple(g[a.raw] for a in attrs), g["n"]) for g in groups.iterator(chunk_size=5000)),
        attrs,
    )
    read_s = time.perf_counter() - start
    add("read and encode (GROUP BY over the summaries)", read_s, "s")
    add("distinct combinations", len(weights), "rows")

    timings = {}
    for n in args.records:
        PrivacyBudget.objects.update_or_create(
            dataset="cases", defaults={"total_epsilon": 100.0, "spent_epsilon": 0.0}
        )
        start = time.perf_counter()
        release = synthetic_release_create(actor=user, epsilon=args.epsilon, records=n)
        total = time.perf_counter() - start
        timings[n] = total
        add(
            f"synthetic_release_create, {n:,} records (ε {args.epsilon})",
            total,
            "s",
            peak_memory=peak_memory_mb(),
        )
        add(f"one-way TVD max, {n:,} records", release.utility["one_way"]["max"], "")
        add(f"two-way TVD max, {n:,} records", release.utility["two_way"]["max"], "")
        add(f"CSV size (gzip), {n:,} records", len(bytes(release.csv_gzip)) / 1e6, "MB")

    # 1,000,000 cases: the case-dependent step (reading) scaled linearly; the rest measured
    if 1000000 in timings:
        estimate = timings[1000000] + read_s * (1000000 / scale - 1)
        add(
            "1,000,000 records of 1,000,000 cases (extrapolated: read scaled linearly)",
            estimate,
            "s",
            target=f"< {TARGET_S} s",
            met=estimate < TARGET_S,
        )
    write_rows(f"synth-sqlite-{scale}", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
