"""Where the time of one request goes: a case list page, a case page and an API case list,
through the test client, under cProfile.

    .venv/bin/python -m bench.profile --people 100000 --database sqlite [--requests 20]

For each request kind: the median wall time per request without the profiler, then, from a
profiled run of the same requests, the time spent inside a few functions that matter (their
cumulative time divided by the number of requests; they nest, so the parts do not add up),
and the time in the database (every query timed through `connection.execute_wrapper`).
Prints a Markdown table for docs/benchmarks.md; `--top` also prints pstats' top functions.

`--breakdown` times one request layer by layer, without a profiler: each middleware's own
time (a stopwatch between every two middlewares), the hooks that run before the view
(`process_view`: the second factor, CSRF), the context processors, the template, the audit
insert, and every query grouped by table (session, user, memberships, token, audit, the
page's own); medians over the requests. It adds a nearly empty page (the notices page of a
user without notices) and the API's task list, whose whole time is the fixed cost.

`--compare-light` alternates the request path before item 1 of issue 20 (the user and their
memberships in two queries, audit rows through `bulk_create`) with the light one, in rounds
of 5, and prints both medians, the CPU time this process spent (less sensitive to other
processes' load than the wall time; on PostgreSQL it leaves out the server's own work) and
the queries.

`--compare-api` alternates the API case list built from model instances and
`CaseSummarySerializer` (before) with the one built from `.values()` rows
(`seri.api.summaries`), checks that both answer the same bytes, and prints wall time, CPU
time and queries of each.

`--sequencer` alternates the audit sequencer's chaining before issue 20's fourth round (model
instances, the canonical JSON of each row encoded in full twice, `bulk_update` of the chain
columns) with the current one (`seri.audit.chain._chain_batch`) over the rows of 50-person
identifying views, and prints the CPU time of this process per row chained.

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
import re
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
    ("  web view", "seri/notifications/views.py", "notification_list"),
    ("  API view", "rest_framework/views.py", "dispatch"),
    ("user loaded (auth.get_user)", "django/contrib/auth/__init__.py", "get_user"),
    ("navigation counts", "seri/notifications/selectors.py", "nav_counts"),
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


def _requests(people: int, *, empty: bool = False):
    """(label, callable making one request) for each kind of request profiled; `empty` adds
    the nearly empty page and API list first."""
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

    nearly_empty = [
        ("notices page (nearly empty)", lambda: web.get("/work/notices/")),
        ("API task list (nearly empty)", lambda: api.get("/api/tasks/")),
    ]
    return (nearly_empty if empty else []) + [
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
        if isinstance(rows, pagination.Rows):
            rows = rows.rows  # the rows as shown, with their joins, as the list counted them
        if not isinstance(rows, QuerySet):
            raise TypeError
        return min(rows[: self.cap + 1].count(), self.cap + 1)

    def chained_now(model, rows, *, returning=False):
        appended = chain.chain_append([model(**row) for row in rows])
        return [row.pk for row in appended] if returning else []

    saved = (
        services.chain_insert,
        pagination.CappedPaginator.__dict__["count"],
        services.chain_insert_values,
    )
    if audit:
        services.chain_insert = chain.chain_append
        services.chain_insert_values = chained_now
        pagination.CappedPaginator.count = cached_property(ordered_count)
        pagination.CappedPaginator.count.__set_name__(pagination.CappedPaginator, "count")
    try:
        yield
    finally:
        services.chain_insert = saved[0]
        pagination.CappedPaginator.count = saved[1]
        services.chain_insert_values = saved[2]


# --- layer by layer, without a profiler (--breakdown) ------------------------------------------

_MARKS: list[tuple[int, float]] = []  # (stopwatch index, time) on the way in and out
_TALLY: dict[str, float] = {}  # seconds per wrapped part, for the current request
_QUERIES: dict[str, list[float]] = {}  # table group: [count, seconds], for the current request


def _stopwatch(index: int) -> type:
    class Stopwatch:
        def __init__(self, get_response):
            self.get_response = get_response

        def __call__(self, request):
            _MARKS.append((index, time.perf_counter()))
            try:
                return self.get_response(request)
            finally:
                _MARKS.append((index, time.perf_counter()))

    Stopwatch.__name__ = f"Stopwatch{index}"
    return Stopwatch


def _timed(label: str, function):
    """`function`, adding its wall time to `_TALLY[label]` (outermost call only)."""
    depth = {"n": 0}

    def timed(*args, **kwargs):
        depth["n"] += 1
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            depth["n"] -= 1
            if depth["n"] == 0:
                _TALLY[label] = _TALLY.get(label, 0.0) + time.perf_counter() - start

    return timed


_TABLE = re.compile(r'(?:FROM|INTO|UPDATE)\s+"?([a-z_0-9]+)"?', re.IGNORECASE)
_GROUPS = {
    "django_session": "session",
    "orgs_user": "user",
    "orgs_membership": "memberships",
    "orgs_organisation": "memberships",
    "orgs_apitoken": "API token",
    "orgs_usersession": "session",
    "orgs_totpdevice": "second factor",
    "audit_auditevent": "audit",
    "seri_cache": "cache",
}


def _query_group(sql: str) -> str:
    match = _TABLE.search(sql)
    if match is None:
        return "other (" + sql.split(None, 1)[0].lower() + ")"
    table = match.group(1)
    return _GROUPS.get(table, "page: " + table)


def _count_query(execute, sql, params, many, context):
    start = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        entry = _QUERIES.setdefault(_query_group(sql), [0, 0.0])
        entry[0] += 1
        entry[1] += time.perf_counter() - start


@contextlib.contextmanager
def _instrumented():
    """Stopwatches between the middlewares and timers around the parts, taken away again at
    the end; yields the labels of the middleware layers, outermost first."""
    from django.conf import settings
    from django.contrib import auth
    from django.template import engines
    from django.template.backends import django as django_backend
    from django.utils.module_loading import import_string

    from seri.audit import services as audit_services
    from seri.orgs.middleware import LoginSecurityMiddleware

    module = sys.modules[__name__]
    layers = list(settings.MIDDLEWARE)
    wrapped = []
    for index, path in enumerate(layers):
        setattr(module, f"Stopwatch{index}", _stopwatch(index))
        wrapped += [f"{__name__}.Stopwatch{index}", path]
    setattr(module, f"Stopwatch{len(layers)}", _stopwatch(len(layers)))
    wrapped.append(f"{__name__}.Stopwatch{len(layers)}")

    engine = engines["django"].engine
    csrf = import_string("django.middleware.csrf.CsrfViewMiddleware")
    targets = [
        (settings, "MIDDLEWARE", wrapped),
        (
            LoginSecurityMiddleware,
            "process_view",
            _timed("second factor (process_view)", LoginSecurityMiddleware.process_view),
        ),
        (csrf, "process_view", _timed("CSRF (process_view)", csrf.process_view)),
        (auth, "get_user", _timed("user loaded (auth.get_user)", auth.get_user)),
        (
            audit_services,
            "chain_insert",
            _timed("audit rows inserted", audit_services.chain_insert),
        ),
        (
            django_backend.Template,
            "render",
            _timed("template (all)", django_backend.Template.render),
        ),
    ]
    saved = [(owner, name, owner.__dict__.get(name)) for owner, name, _new in targets]
    processors = engine.template_context_processors
    for owner, name, new in targets:
        setattr(owner, name, new)
    engine.__dict__["template_context_processors"] = tuple(
        _timed(f"context processor {p.__module__.rsplit('.', 2)[-2]}.{p.__name__}", p)
        for p in processors
    )
    try:
        yield [path.rsplit(".", 1)[-1] for path in layers]
    finally:
        engine.__dict__["template_context_processors"] = processors
        for owner, name, old in saved:
            if owner is settings:
                settings.MIDDLEWARE = layers
            else:
                setattr(owner, name, old)


def _one(make, layers: list[str]) -> dict[str, float]:
    _MARKS.clear()
    _TALLY.clear()
    _QUERIES.clear()
    start, start_cpu = time.perf_counter(), time.thread_time()
    response = make()
    total = time.perf_counter() - start
    cpu = time.thread_time() - start_cpu
    if response.status_code != 200:
        raise SystemExit(f"HTTP {response.status_code}")
    ins: dict[int, float] = {}
    outs: dict[int, float] = {}
    for index, at in _MARKS:
        (outs if index in ins else ins)[index] = at
    parts = {"whole request (test client)": total, "CPU of this process": cpu}
    for index, label in enumerate(layers):
        own = (ins[index + 1] - ins[index]) + (outs[index] - outs[index + 1])
        parts[f"middleware {label}"] = own
    inner = len(layers)
    parts["view, its hooks and its template"] = outs[inner] - ins[inner]
    parts.update(_TALLY)
    processors = sum(v for k, v in _TALLY.items() if k.startswith("context processor"))
    parts["template without context processors"] = _TALLY.get("template (all)", 0.0) - processors
    queries = {f"queries: {group}": count for group, (count, _s) in _QUERIES.items()}
    seconds = {f"query ms: {group}": secs for group, (_c, secs) in _QUERIES.items()}
    parts["queries: all"] = sum(count for count, _s in _QUERIES.values())
    parts["query ms: all"] = sum(secs for _c, secs in _QUERIES.values())
    return {
        **{k: v * 1000 for k, v in parts.items() if k != "queries: all"},
        "queries: all": parts["queries: all"],
        **queries,
        **{k: v * 1000 for k, v in seconds.items()},
    }


def breakdown(*, requests: int) -> list[tuple[str, dict]]:
    from django.db import connection

    results = []
    with _instrumented() as layers:
        # Clients made here load the middlewares with the stopwatches between them.
        for label, make in _requests(0, empty=True):
            for _ in range(3):  # warm-up
                _one(make, layers)
            runs = []
            with connection.execute_wrapper(_count_query):
                for _ in range(requests):
                    runs.append(_one(make, layers))
            keys = list(dict.fromkeys(k for run in runs for k in run))
            results.append(
                (label, {k: statistics.median(run.get(k, 0.0) for run in runs) for k in keys})
            )
    return results


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


# --- this round's light request path against the path before it (--compare-light) --------------


def _bulk_created(model, rows, *, returning=True):
    """`seri.audit.chain._insert` as it was: `bulk_create` of model instances."""
    fields = [field.attname for field in model._meta.concrete_fields if not field.primary_key]
    instances = [model(**{name: row[name] for name in fields}) for row in rows]
    model.objects.bulk_create(instances)
    return [instance.pk for instance in instances]


@contextlib.contextmanager
def heavy_path():
    """The request path before the light one: the user and their memberships read in two
    queries (ModelBackend), audit rows through `bulk_create`."""
    from django.contrib.auth.backends import ModelBackend

    from seri.audit import chain
    from seri.orgs.backends import UserWithMembershipsBackend

    saved = UserWithMembershipsBackend.__dict__["get_user"], chain._insert
    UserWithMembershipsBackend.get_user = ModelBackend.get_user  # type: ignore[method-assign]
    chain._insert = _bulk_created
    try:
        yield
    finally:
        UserWithMembershipsBackend.get_user = saved[0]  # type: ignore[method-assign]
        chain._insert = saved[1]


def compare_light(*, requests: int) -> list[tuple[str, dict]]:
    """Wall time and queries of each request, the heavy path and the light one alternating in
    rounds of 5, so that both are measured under the same load."""
    from django.db import connection

    from seri.audit.chain import chain_all_pending

    counter = QueryTimer()
    results = []
    for label, make in _requests(0, empty=True):
        times: dict[str, list[float]] = {"before": [], "after": []}
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        queries: dict[str, int] = {"before": 0, "after": 0}
        for _ in range(3):
            make()
        for _round in range(max(1, requests // 5)):
            for name in ("before", "after"):
                with contextlib.ExitStack() as stack:
                    if name == "before":
                        stack.enter_context(heavy_path())
                    for _ in range(5):
                        counter.count = 0
                        with connection.execute_wrapper(counter):
                            start, start_cpu = time.perf_counter(), time.thread_time()
                            make()
                            times[name].append((time.perf_counter() - start) * 1000)
                            cpu[name].append((time.thread_time() - start_cpu) * 1000)
                        queries[name] = counter.count
                chain_all_pending()  # the sequencer's work, outside the request
        results.append(
            (
                label,
                {
                    "before p50": statistics.median(times["before"]),
                    "after p50": statistics.median(times["after"]),
                    "after / before": statistics.median(times["after"])
                    / statistics.median(times["before"]),
                    "CPU of this process, before p50": statistics.median(cpu["before"]),
                    "CPU of this process, after p50": statistics.median(cpu["after"]),
                    "queries per request (before)": queries["before"],
                    "queries per request (after)": queries["after"],
                },
            )
        )
    return results


# --- the API case list from model instances against `.values()` rows (--compare-api) ----------


@contextlib.contextmanager
def model_serializer_case_list():
    """The API case list as it was before `seri.api.summaries`: cases, people, names and
    nationalities as model instances (select_related and prefetch_related), serialised by
    `CaseSummarySerializer`."""
    from seri.api import views
    from seri.api.serializers import CaseSummarySerializer
    from seri.cases.selectors import cases_hiding_the_person

    def case_page(self, cases, audit):
        page = self.paginate_queryset(cases) or []
        hidden = cases_hiding_the_person(self.request.user, page)
        people = [case.person for case in page if case.pk not in hidden]
        views.audit_people(self.request, people, audit)
        rows = CaseSummarySerializer(page, many=True).data
        for case, row in zip(page, rows, strict=True):
            if case.pk in hidden:
                row["person"] = None
        return self.get_paginated_response(rows)

    saved = views.CaseViewSet.__dict__["_case_page"]
    views.CaseViewSet._case_page = case_page
    try:
        yield
    finally:
        views.CaseViewSet._case_page = saved


def compare_api(*, requests: int) -> list[tuple[str, dict]]:
    """The API case list (50 a page) and its search, before and after, alternating in rounds
    of 5: wall time, this process's CPU time and queries, medians."""
    from django.db import connection
    from django.test import Client

    from bench.pages import bench_user
    from seri.audit.chain import chain_all_pending
    from seri.orgs.services.tokens import api_token_create

    user, _organisation = bench_user()
    token = api_token_create(actor=user, via="bench").key
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Token {token}")
    kinds = [
        ("API case list (50 a page)", lambda: api.get("/api/cases/", {"page_size": 50})),
        ("API case list (25 a page)", lambda: api.get("/api/cases/", {"page_size": 25})),
        ("API case list, open (50)", lambda: api.get("/api/cases/?open_only=true&page_size=50")),
    ]
    counter = QueryTimer()
    results = []
    for label, make in kinds:
        times: dict[str, list[float]] = {"before": [], "after": []}
        cpu: dict[str, list[float]] = {"before": [], "after": []}
        queries: dict[str, int] = {"before": 0, "after": 0}
        bodies: dict[str, bytes] = {}
        for _ in range(3):
            make()
        for _round in range(max(1, requests // 5)):
            for name in ("before", "after"):
                with contextlib.ExitStack() as stack:
                    if name == "before":
                        stack.enter_context(model_serializer_case_list())
                    for _ in range(5):
                        counter.count = 0
                        with connection.execute_wrapper(counter):
                            start, start_cpu = time.perf_counter(), time.thread_time()
                            response = make()
                            times[name].append((time.perf_counter() - start) * 1000)
                            cpu[name].append((time.thread_time() - start_cpu) * 1000)
                        queries[name] = counter.count
                        bodies[name] = response.content
                chain_all_pending()  # the sequencer's work, outside the request
        if bodies["before"] != bodies["after"]:
            raise SystemExit(f"{label}: the two paths answered differently")
        results.append(
            (
                label,
                {
                    "before p50": statistics.median(times["before"]),
                    "after p50": statistics.median(times["after"]),
                    "after / before": statistics.median(times["after"])
                    / statistics.median(times["before"]),
                    "CPU of this process, before p50": statistics.median(cpu["before"]),
                    "CPU of this process, after p50": statistics.median(cpu["after"]),
                    "queries per request (before)": queries["before"],
                    "queries per request (after)": queries["after"],
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
    for label, make in _requests(0, empty=True):
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
    keys = list(dict.fromkeys(k for _, parts in results for k in parts))
    lines = [
        "| part (ms per request) | " + " | ".join(labels) + " |",
        "|---|" + "---|" * len(labels),
    ]
    for key in keys:
        cells = []
        for _, parts in results:
            value = parts.get(key, 0.0)
            cells.append(
                f"{value:.0f}"
                if key.startswith("queries")
                else f"{value:.2f}"
                if key == "after / before"
                else f"{value:.1f}"
            )
        lines.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# --- the audit sequencer, old chaining against new (--sequencer) -------------------------------


def _old_chain_batch(model, batch_size, result):
    """`seri.audit.chain._chain_batch` before issue 20's fourth round: model instances, each
    row's canonical JSON encoded twice in full, and `bulk_update` of the chain columns."""
    import hmac

    from django.db import models, transaction

    from seri.audit import chain
    from seri.audit.models import ChainHead

    with transaction.atomic():
        head = chain._locked_head(model)
        batch = list(chain._unchained(model).order_by("pk")[:batch_size])
        sequence, prev_hash = head.sequence, head.row_hash
        chained = []
        for row in batch:
            if not hmac.compare_digest(chain.entry_mac(model, row.__dict__), row.entry_mac):
                result.problem, result.bad_row_id = chain._refused(row.pk), row.pk
                break
            sequence += 1
            row.sequence, row.prev_hash = sequence, prev_hash
            row.row_hash = prev_hash = chain.row_hash(model, row.__dict__, sequence, prev_hash)
            chained.append(row)
        if chained:
            models.QuerySet(model).bulk_update(chained, ["sequence", "prev_hash", "row_hash"])
            ChainHead.objects.filter(pk=head.pk).update(sequence=sequence, row_hash=prev_hash)
    return len(chained)


def sequencer(*, requests: int) -> list[tuple[str, dict]]:
    """CPU time of this process per row chained, the old chaining and the new alternating:
    each round records `requests` batches of 50 rows about one person each (what an API list
    wrote before decision 0039 made it one row) and chains them. PostgreSQL's own CPU is not
    in it."""
    from bench.pages import bench_user
    from seri.audit import chain
    from seri.audit.chain import chain_pending
    from seri.audit.models import AuditEvent
    from seri.audit.services import audit_identifying_view
    from seri.cases.models import Person

    user, _organisation = bench_user()
    people = list(Person.objects.order_by("-id")[:50])
    chain_pending(AuditEvent)  # nothing of before this run
    new = chain._chain_batch
    per_row: dict[str, list[float]] = {"before": [], "after": []}
    for _round in range(5):
        for label, batch in (("before", _old_chain_batch), ("after", new)):
            for _ in range(requests):
                for person in people:
                    audit_identifying_view(actor=user, people=[person], context="bench")
            chain._chain_batch = batch
            try:
                start = time.thread_time()
                chained = chain_pending(AuditEvent).chained
                per_row[label].append((time.thread_time() - start) / max(chained, 1))
            finally:
                chain._chain_batch = new
    return [
        (
            "audit sequencer, 50-person views",
            {
                "CPU µs per row chained, before p50": statistics.median(per_row["before"]) * 1e6,
                "CPU µs per row chained, after p50": statistics.median(per_row["after"]) * 1e6,
                "CPU ms per 50-person API list, before": statistics.median(per_row["before"])
                * 50e3,
                "CPU ms per 50-person API list, after": statistics.median(per_row["after"]) * 50e3,
            },
        )
    ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--top", type=int, default=0, help="also print pstats' top N")
    parser.add_argument("--compare", action="store_true", help="old path against new")
    parser.add_argument("--breakdown", action="store_true", help="layer by layer, no profiler")
    parser.add_argument(
        "--compare-light", action="store_true", help="the request path before issue 20's item 1"
    )
    parser.add_argument(
        "--compare-api", action="store_true", help="API case list: model instances vs rows"
    )
    parser.add_argument(
        "--sequencer", action="store_true", help="the audit sequencer: old chaining vs new"
    )
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # a dataset generated before the latest migrations
    if args.compare:
        results = compare(requests=args.requests)
    elif args.breakdown:
        results = breakdown(requests=args.requests)
    elif args.compare_light:
        results = compare_light(requests=args.requests)
    elif args.compare_api:
        results = compare_api(requests=args.requests)
    elif args.sequencer:
        results = sequencer(requests=args.requests)
    else:
        results = profile(requests=args.requests, top=args.top)
    print(f"{vendor_of(url)}, {args.people:,} people, {args.requests} requests each")
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
