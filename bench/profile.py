"""Where the time of one request goes: a case list page, a case page and an API case list,
through the test client, under cProfile.

    .venv/bin/python -m bench.profile --people 100000 --database sqlite [--requests 20]

For each request kind: the median wall time per request without the profiler, then, from a
profiled run of the same requests, the time spent inside a few functions that matter (their
cumulative time divided by the number of requests; they nest, so the parts do not add up),
and the time in the database (every query timed through `connection.execute_wrapper`).
Prints a Markdown table for docs/benchmarks.md; `--top` also prints pstats' top functions.

`--compare` runs every request twice in alternation: as before issue 20 (each audit append
chained in the request under the chain head's lock; the capped count with the list's ORDER
BY) and as now (audit rows inserted unchained, chained by the sequencer afterwards; the count
over keys without ORDER BY), and prints both columns, so that the two are measured under the
same load.
"""

import argparse
import contextlib
import cProfile
import pstats
import statistics
import sys
import time
from functools import cached_property

from bench.common import database_url, setup_django, vendor_of

# (label, module path fragment, function name): cumulative time per request of each.
PARTS = [
    ("whole request (profiled)", "django/core/handlers/base.py", "get_response"),
    ("  web view", "seri/cases/views.py", "case_list"),
    ("  web view", "seri/cases/views.py", "case_detail"),
    ("  API view", "rest_framework/views.py", "dispatch"),
    ("second-factor check", "orgs/middleware.py", "process_view"),
    ("session checks (idle, age, register)", "orgs/services/sessions.py", "session_end_reason"),
    ("scoping: memberships", "orgs/permissions.py", "active_memberships"),
    ("capped count", "core/pagination.py", "count"),
    ("audit: identifying views recorded", "audit/services.py", "audit_identifying_view"),
    ("audit: chained in the request (old path)", "audit/chain.py", "chain_append"),
    ("audit: inserted unchained (new path)", "audit/chain.py", "chain_insert"),
    ("template rendering", "django/template/loader.py", "render_to_string"),
    ("API serialisation", "rest_framework/serializers.py", "to_representation"),
    ("decryption", "core/crypto.py", "decrypt"),
]


class QueryTimer:
    def __init__(self):
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


def _requests(people: int):
    """(label, callable making one request) for each kind of request profiled."""
    from bench.pages import bench_user, verified_client
    from seri.cases.scoping import cases_visible_to
    from seri.orgs.services.tokens import api_token_create

    user, _organisation = bench_user()
    web = verified_client(user)
    token = api_token_create(actor=user, via="bench").key
    from django.test import Client

    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    references = list(
        cases_visible_to(user).order_by("-id").values_list("reference", flat=True)[:200]
    )
    state = {"i": 0}

    def case_page():
        state["i"] += 1
        return web.get(f"/cases/{references[state['i'] % len(references)]}/")

    return [
        ("case list (all cases, 25 a page)", lambda: web.get("/cases/")),
        ("case page", case_page),
        ("API case list (50 a page)", lambda: api.get("/api/cases/", {"page_size": 50})),
    ]


@contextlib.contextmanager
def old_paths(*, audit: bool = True, count: bool = True):
    """The request path as it was before issue 20 (the audit append, the count, or both),
    for the comparison."""
    from django.db.models import QuerySet

    from seri.audit import chain, services
    from seri.core import pagination

    def ordered_count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            raise TypeError
        return min(rows[: self.cap + 1].count(), self.cap + 1)

    saved = services.chain_insert, pagination.CappedPaginator.__dict__["count"]
    if audit:
        services.chain_insert = chain.chain_append
    if count:
        pagination.CappedPaginator.count = cached_property(ordered_count)
        pagination.CappedPaginator.count.__set_name__(pagination.CappedPaginator, "count")
    try:
        yield
    finally:
        services.chain_insert = saved[0]
        pagination.CappedPaginator.count = saved[1]


def compare(*, requests: int) -> list[tuple[str, dict]]:
    """Median wall time of each request kind, old path and new, alternating in rounds of 5."""
    from seri.audit.chain import chain_all_pending

    results = []
    for label, make in _requests(0):
        # name: (old audit append, old count)
        variants = {
            "before": (True, True),
            "old audit, new count": (True, False),
            "new audit, old count": (False, True),
            "after": (False, False),
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(3):
            make()
        for _round in range(max(1, requests // 5)):
            for name, (old_audit, old_count) in variants.items():
                with old_paths(audit=old_audit, count=old_count):
                    for _ in range(5):
                        start = time.perf_counter()
                        make()
                        times[name].append((time.perf_counter() - start) * 1000)
                chain_all_pending()  # the sequencer's work, outside the request
        results.append(
            (
                label,
                {
                    **{f"{name} p50": statistics.median(t) for name, t in times.items()},
                    "after / before": statistics.median(times["after"])
                    / statistics.median(times["before"]),
                },
            )
        )
    return results


def _part_seconds(stats: pstats.Stats, fragment: str, name: str) -> float:
    """The largest cumulative time of a function of that name in that file (the outermost
    of nested ones: methods of one name in one file call each other)."""
    found = [
        ct
        for (filename, _line, function), (_cc, _nc, _tt, ct, _callers) in stats.stats.items()
        if function == name and filename.replace("\\", "/").endswith(fragment)
    ]
    return max(found, default=0.0)


def profile(*, requests: int, top: int) -> list[tuple[str, dict]]:
    from django.db import connection

    results = []
    for label, make in _requests(0):
        for _ in range(3):  # warm-up
            response = make()
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
        wall = []
        timer = QueryTimer()
        with connection.execute_wrapper(timer):
            for _ in range(requests):
                start = time.perf_counter()
                make()
                wall.append((time.perf_counter() - start) * 1000)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(requests):
            make()
        profiler.disable()
        stats = pstats.Stats(profiler)
        parts: dict[str, float] = {}
        for part, fragment, name in PARTS:
            seconds = _part_seconds(stats, fragment, name)
            if seconds or part not in parts:
                parts[part] = seconds * 1000 / requests
        view = parts.pop("  web view") + parts.pop("  API view")
        parts["outside the view (middleware, session, auth)"] = (
            parts["whole request (profiled)"] - view
        )
        parts["database (all queries)"] = timer.seconds * 1000 / requests
        parts["queries per request"] = timer.count / requests
        parts["wall p50 (no profiler)"] = statistics.median(wall)
        results.append((label, parts))
        if top:
            print(f"\n## {label}", file=sys.stderr)
            stats.sort_stats("cumulative").print_stats(top)
    return results


def table(results: list[tuple[str, dict]]) -> str:
    labels = [label for label, _ in results]
    keys = list(results[0][1])
    lines = [
        "| part (ms per request) | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for key in keys:
        cells = []
        for _, parts in results:
            value = parts[key]
            cells.append(
                f"{value:.0f}"
                if key == "queries per request"
                else f"{value:.2f}"
                if key == "after / before"
                else f"{value:.1f}"
            )
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="also print pstats' top N")
    parser.add_argument("--compare", action="store_true", help="old path against new")
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a dataset generated before the latest migrations
    if args.compare:
        results = compare(requests=args.requests)
    else:
        results = profile(requests=args.requests, top=args.top)
    print(f"{vendor_of(url)}, {args.people:,} people, {args.requests} requests each")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
