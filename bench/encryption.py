"""Cost of encryption at rest on the intake and case-list pages.

Runs the same work with encryption on and off (the crypto functions replaced by identity, in
this process only) in one run, alternating rounds, and reports the ratio of the medians and of
the 95th percentiles. Target: within 1.3x.

    .venv/bin/python -m bench.encryption [--people 2000] [--rounds 5] [--json out.json]

Uses a throwaway SQLite database in a temporary data directory unless SERI_DATABASE_URL is set.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager


def _setup_django(data_dir: str) -> None:
    os.environ.setdefault("SERI_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seri.settings")
    # Pages render without collectstatic: plain static storage, as in the tests.
    os.environ.setdefault(
        "SERI_STATICFILES_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@contextmanager
def encryption_off():
    from seri.core import crypto

    saved = crypto.encrypt, crypto.decrypt
    crypto.encrypt = lambda plaintext, *, context: plaintext
    crypto.decrypt = lambda stored, *, context: stored
    try:
        yield
    finally:
        crypto.encrypt, crypto.decrypt = saved


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--per-round", type=int, default=20)
    parser.add_argument("--json", default="")
    args = parser.parse_args(argv)

    _setup_django(tempfile.mkdtemp(prefix="seri-bench-"))
    from django.test import RequestFactory

    from seri.cases.services import CaseInput, NameInput, PersonInput
    from seri.cases.views import case_list
    from seri.intake.services import ReportInput, intake_record
    from seri.orgs.models import Membership, Organisation, Role, User

    organisation, _ = Organisation.objects.get_or_create(
        short_name="BENCH", defaults={"name": "Bench NGO", "type": "NGO", "country": "KH"}
    )
    user, _ = User.objects.get_or_create(username="bench-caseworker")
    Membership.objects.get_or_create(user=user, organisation=organisation, role=Role.CASEWORKER)

    counter = iter(range(10**9))

    def intake_once():
        n = next(counter)
        intake_record(
            actor=user,
            organisation=organisation,
            report=ReportInput(
                channel="hotline",
                reporter_relation="family",
                original_text=f"Synthetic bench account {n}: held in a compound, building {n % 9}.",
            ),
            person=PersonInput(
                names=[NameInput(value=f"Benchperson {n} Synthetic"), NameInput(value=f"测试{n}")],
                nationalities=["VN"],
                phones=[f"+8491{n % 10_000_000:07d}"],
                age_estimate=20 + n % 30,
            ),
            case=CaseInput(urgency="normal", location_text=f"Sihanoukville block {n % 50}"),
        )

    factory = RequestFactory()

    def case_list_once():
        request = factory.post("/cases/", {"q": f"Benchperson {next(counter) % args.people}"})
        request.user = user
        request.htmx = False
        request.session = {}
        request._dont_enforce_csrf_checks = True
        response = case_list(request)
        assert response.status_code == 200

    def plain_list_once():
        request = factory.get("/cases/", {"status": "open"})
        request.user = user
        request.htmx = False
        request.session = {}
        assert case_list(request).status_code == 200

    print(f"loading {args.people} people…", file=sys.stderr)
    for _ in range(args.people):
        intake_once()

    work = {"intake": intake_once, "case list search": case_list_once, "case list": plain_list_once}
    timings = {(name, mode): [] for name in work for mode in ("on", "off")}
    for _round in range(args.rounds):
        for mode in ("on", "off"):
            for name, fn in work.items():
                with encryption_off() if mode == "off" else _null():
                    for _ in range(args.per_round):
                        start = time.perf_counter()
                        fn()
                        timings[(name, mode)].append((time.perf_counter() - start) * 1000)

    results = []
    for name in work:
        on, off = timings[(name, "on")], timings[(name, "off")]
        row = {
            "benchmark": name,
            "p50_on_ms": round(statistics.median(on), 2),
            "p50_off_ms": round(statistics.median(off), 2),
            "p95_on_ms": round(_percentile(on, 0.95), 2),
            "p95_off_ms": round(_percentile(off, 0.95), 2),
        }
        row["ratio_p50"] = round(row["p50_on_ms"] / row["p50_off_ms"], 3)
        row["ratio_p95"] = round(row["p95_on_ms"] / row["p95_off_ms"], 3)
        row["target_1_3x_met"] = row["ratio_p50"] <= 1.3 and row["ratio_p95"] <= 1.3
        results.append(row)
    print("| page | p50 on | p50 off | ratio | p95 on | p95 off | ratio | <= 1.3x |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['benchmark']} | {r['p50_on_ms']} ms | {r['p50_off_ms']} ms | {r['ratio_p50']}x "
            f"| {r['p95_on_ms']} ms | {r['p95_off_ms']} ms | {r['ratio_p95']}x "
            f"| {'yes' if r['target_1_3x_met'] else 'no'} |"
        )
    from bench.common import row, write_rows

    vendor = "postgresql" if "postgres" in os.environ.get("SERI_DATABASE_URL", "") else "sqlite"
    figures = []
    for r in results:
        for metric in ("ratio_p50", "ratio_p95"):
            figures.append(
                row(
                    f"encryption at rest: {r['benchmark']}",
                    f"{metric.replace('ratio_', '')} on / off",
                    r[metric],
                    "x",
                    target="<= 1.3x",
                    met=r[metric] <= 1.3,
                    database=vendor,
                    scale=args.people,
                )
            )
    write_rows(f"encryption-{vendor}-{args.people}", figures)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"people": args.people, "results": results}, handle, indent=2)
    return 0


@contextmanager
def _null():
    yield


if __name__ == "__main__":
    sys.exit(main())
