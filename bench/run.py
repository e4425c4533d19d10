"""Run a chosen set of benchmarks at a chosen scale on SQLite or PostgreSQL, then the report.

    .venv/bin/python -m bench.run --scale 100000 --database sqlite
    .venv/bin/python -m bench.run --scale 1000000 --database postgresql --only pages,intake

The dataset (bench/data/bench-<scale>.sqlite3, or the PostgreSQL database seri_bench_<scale>)
is generated first if absent and reused if present (`--regenerate` starts it again). Each
benchmark writes bench/out/<name>-<database>-<scale>.json; `bench.report` then rewrites the
figures of docs/benchmarks.md from every file in bench/out/ (other apps' benchmarks included).

Other benchmarks plug in through BENCHMARKS: a module with
`run(*, people: int, url: str) -> list[dict]` (rows made with bench.common.row).
"""

import argparse
import importlib
import inspect
import sys
import time

from bench.common import database_url, row, setup_django, vendor_of, write_rows

# name -> module with run(*, people, url) -> rows. Order matters: writes (intake) come after reads.
BENCHMARKS = {
    "pages": "bench.pages",
    "api": "bench.api",
    "intake": "bench.intake",
}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="person records")
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--only", default="", help="comma-separated: " + ",".join(BENCHMARKS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--no-report", action="store_true")
    parser.add_argument("--requests", type=int, default=0, help="per page (pages benchmark)")
    args = parser.parse_args(argv)

    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or list(BENCHMARKS)
    unknown = set(chosen) - set(BENCHMARKS)
    if unknown:
        parser.error(f"unknown benchmarks: {', '.join(sorted(unknown))}")
    url = database_url(args.database, args.scale)
    vendor = vendor_of(url)
    from bench import generate

    if args.regenerate:
        from bench.common import drop_database

        drop_database(url)
    setup_django(url)
    if generate.already_generated(url) == args.scale:
        from django.core.management import call_command

        # An existing dataset gets the migrations added since (e.g. a new index).
        call_command("migrate", interactive=False, verbosity=1)
    else:
        print(f"generating {args.scale} people into {vendor}…", file=sys.stderr)
        timings = generate.generate(people=args.scale, seed=args.seed, url=url)
        write_rows(
            f"generate-{vendor}-{args.scale}",
            [
                row(
                    "generator",
                    "time to generate and load",
                    timings["total_s"],
                    "s",
                    database=vendor,
                    scale=args.scale,
                    target="< 15 min per 1,000,000 people",
                    met=timings["total_s"] < 900 * args.scale / 1_000_000,
                ),
                row(
                    "generator",
                    "rows written",
                    sum(timings["rows"].values()),
                    "rows",
                    database=vendor,
                    scale=args.scale,
                ),
            ],
        )
    for name in chosen:
        started = time.perf_counter()
        module = importlib.import_module(BENCHMARKS[name])
        print(f"running {name}…", file=sys.stderr)
        options = {}
        if args.requests and "requests" in inspect.signature(module.run).parameters:
            options["requests"] = args.requests
        rows = module.run(people=args.scale, url=url, **options)
        write_rows(f"{name}-{vendor}-{args.scale}", rows)
        print(f"{name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if not args.no_report:
        from bench import report

        print(f"wrote {report.write()}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
