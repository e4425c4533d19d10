"""The request profile (bench/profile.py) and the load benchmark's parts (bench/load.py) at tiny
scale, so that they cannot rot. No time is asserted: only that they run and report every part."""

import http.server
import os
import shutil
import threading

import pytest
from defusedxml import ElementTree as ET
from django.db import connection

from bench import generate, load, profile

pytestmark = pytest.mark.django_db

URL = (
    "postgres://postgres@127.0.0.1:5432/unused"
    if connection.vendor == "postgresql"
    else "sqlite:///:memory:"
)


@pytest.fixture
def coalition():
    generate.generate(people=200, seed=5, url=URL, workers=1, verbose=False, linkage=False)


def test_the_profile_reports_every_part_of_five_requests(coalition):
    results = profile.profile(requests=1, top=0)
    assert [label for label, _ in results] == [
        "notices page (nearly empty)",
        "API task list (nearly empty)",
        "case list (all cases, 25 a page)",
        "case page",
        "API case list (50 a page)",
    ]
    for _label, parts in results:
        assert parts["whole request (profiled)"] > 0 and parts["queries per request"] > 0
        # The new path: audit rows inserted, never chained in the request.
        assert parts["audit: chained in the request (old path)"] == 0
    table = profile.table(results)
    assert table.count("\n") == len(results[0][1]) + 1


def test_the_breakdown_times_every_middleware_and_sorts_the_queries(coalition):
    from django.conf import settings

    middleware = list(settings.MIDDLEWARE)
    results = profile.breakdown(requests=2)
    assert middleware == settings.MIDDLEWARE  # the stopwatches are taken away again
    for label, parts in results:
        assert parts["whole request (test client)"] > 0, label
        assert {f"middleware {path.rsplit('.', 1)[-1]}" for path in middleware} <= set(parts)
        assert parts["queries: all"] == sum(
            v for k, v in parts.items() if k.startswith("queries: ") and k != "queries: all"
        )
    notices = dict(results)["notices page (nearly empty)"]
    # session, the user with memberships, the navigation's three counts, the page's notices
    assert notices["queries: all"] == 6 and notices["queries: session"] == 1


def test_the_light_path_comparison_reads_fewer_queries(coalition):
    results = dict(profile.compare_light(requests=5))
    notices = results["notices page (nearly empty)"]
    # the user and memberships in one query instead of two
    assert notices["queries per request (before)"] - notices["queries per request (after)"] == 1
    for parts in results.values():
        assert parts["after p50"] > 0 and parts["before p50"] > 0


def test_the_comparison_runs_the_old_and_the_new_path(coalition):
    from seri.audit.chain import verify_chain
    from seri.audit.models import AuditEvent

    results = profile.compare(requests=5)
    for _label, parts in results:
        assert set(parts) == {
            "before p50",
            "old audit, new count p50",
            "new audit, old count p50",
            "after p50",
            "after / before",
        }
    # Rows chained in the request (old path) and by the sequencer (new) make one valid chain.
    report = verify_chain(AuditEvent)
    assert report.intact and report.rows > 0 and report.unchained == 0


def test_load_users_hold_sessions_and_tokens_and_the_plot_is_svg(coalition):
    users = load.make_users(3)
    assert len(users) == 3 and all(u["token"] and "=" in u["cookie"] for u in users)
    levels = [
        {"users": n, "rps": 10.0 * n, "p95": 50.0 + n, "p50": 20.0, "p99": 90.0} for n in (1, 4, 16)
    ]
    svg = ET.fromstring(load.svg_plot(levels, "test"))
    assert svg.tag.endswith("svg") and len(svg.findall("{http://www.w3.org/2000/svg}polyline")) == 2
    # With the server's CPU per request, a third line.
    for level in levels:
        level["server cpu ms per request"] = 20.0
    svg = ET.fromstring(load.svg_plot(levels, "test"))
    assert len(svg.findall("{http://www.w3.org/2000/svg}polyline")) == 3


class _Answers(http.server.BaseHTTPRequestHandler):
    """200 for the API list with a token, 302 (to the login page) for everything else."""

    protocol_version = "HTTP/1.1"  # keep-alive, as wrk's connections expect

    def do_GET(self):
        good = self.path.startswith("/api/cases/") and self.headers.get(
            "Authorization", ""
        ).startswith("Token t")
        body = b"{}"
        self.send_response(200 if good else 302)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (apt-get install -y wrk)"
)
def test_the_wrk_client_counts_answers_and_errors_and_its_own_cpu():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    users = [
        {"token": f"t{n}", "cookie": f"sessionid=s{n}", "references": ["ABCD-EF12", "GHIJ-KL34"]}
        for n in range(3)
    ]
    try:
        port = server.server_address[1]
        good = load.run_level_wrk(port, os.getpid(), users, 1, "api list")
        bad = load.run_level_wrk(port, os.getpid(), users, 1, "web case page")
    finally:
        server.shutdown()
    assert good["requests"] > 0 and good["errors"] == 0 and good["rps"] > 0
    assert good["client"] == "wrk" and good["client cpu ms per request"] >= 0
    assert good["p50"] <= good["p95"] <= good["p99"]
    # Anything but 200 is an error: a redirect to the login page is not an answer.
    assert bad["requests"] > 0 and bad["errors"] == bad["requests"]


def test_the_api_list_comparison_answers_the_same_bytes_both_ways(coalition):
    # compare_api stops if the two paths' responses differ by a byte
    results = dict(profile.compare_api(requests=5))
    assert len(results) == 3
    for parts in results.values():
        assert parts["queries per request (after)"] <= parts["queries per request (before)"]
        assert parts["CPU of this process, after p50"] > 0


def test_the_sequencer_comparison_chains_with_both_and_the_chain_holds(coalition):
    from seri.audit.chain import verify_chain
    from seri.audit.models import AuditEvent

    ((_label, parts),) = profile.sequencer(requests=1)
    assert parts["CPU µs per row chained, before p50"] > 0
    assert parts["CPU µs per row chained, after p50"] > 0
    # Rows chained the old way and the new make one valid chain.
    report = verify_chain(AuditEvent)
    assert report.intact and report.unchained == 0 and report.rows >= 500


def test_the_soak_plot_is_svg_and_says_whether_memory_grew():
    def samples(growth: float) -> list[dict]:
        return [
            {"seconds": 30.0 * n, "rss mb": 300 + growth * n, "p95": 200.0, "rps": 20.0}
            for n in range(1, 41)
        ]

    svg = ET.fromstring(load.svg_soak(samples(0), "test"))
    assert len(svg.findall("{http://www.w3.org/2000/svg}polyline")) == 3
    assert load.memory_flat(samples(0.5))[0]  # +20 MB over 20 minutes: within 10 %
    assert not load.memory_flat(samples(5))[0]


def test_the_server_processes_are_found_with_their_children():
    import os
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert child.pid in load._process_tree(os.getpid())
        total, largest = load._rss_mb([os.getpid()])
        assert total >= largest > 0
    finally:
        child.kill()
        child.wait()
