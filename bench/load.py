"""Many people at once: `seri serve` on loopback under 1, 4, 16 and 64 concurrent users.

    .venv/bin/python -m bench.load --people 100000 --database sqlite [--seconds 20]
        [--users 1,4,16,64] [--workers 1 --threads 4]

Starts `seri serve` (granian) on a free loopback port against the benchmark database, and
drives it from this process with one thread per simulated user, each on its own keep-alive
HTTP connection (standard library only: http.client). Users are caseworkers of the largest
organisations, each logged in with a confirmed second factor (a verified session cookie) and
holding an API token. Each user loops over a mix of requests:

    35 %  GET /api/cases/?page_size=50        API case list
    20 %  GET /api/cases/<reference>/          API case detail
    20 %  GET /cases/                          case list page (25 a page)
    10 %  GET /cases/?status=open&urgency=…    case list with filters
    15 %  GET /cases/<reference>/              case page

For each level: requests per second, p50/p95/p99 latency, errors (any status but 200), and the
server's CPU (user + system time of granian and its workers from /proc, divided by the wall
time: 2.0 = both cores), and the machine's load average at the end of the level (the machine
is shared: other processes' load is part of what was measured). Writes
bench/out/load-<database>-<people>.json and an SVG plot to
docs/img/load-<database>-<people>.svg. Bounded: each level runs `--seconds`, loopback only.
The load generator shares the two cores with the server, so the figures are a lower bound.
Not measured here: searches and writes (intake, triage, referrals), which need CSRF tokens or
change the dataset; a soak.
"""

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench.common import OUT_DIR, database_url, percentile, row, setup_django, vendor_of

ROOT = Path(__file__).resolve().parents[1]
IMG_DIR = ROOT / "docs" / "img"

MIX = [
    (35, "api list"),
    (20, "api detail"),
    (20, "web list"),
    (10, "web list filtered"),
    (15, "web case page"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_users(count: int) -> list[dict]:
    """`count` caseworkers (cycling over organisations), each with a verified session cookie,
    an API token and the references of cases they may see."""
    import pyotp
    from django.conf import settings
    from django.test import Client

    from seri.cases.scoping import cases_visible_to
    from seri.orgs import mfa
    from seri.orgs.models import Membership, Role
    from seri.orgs.services import mfa as mfa_services
    from seri.orgs.services.tokens import api_token_create

    memberships = list(
        Membership.objects.filter(role=Role.CASEWORKER, is_active=True)
        .select_related("user")
        .order_by("organisation_id", "user__username")[: max(count, 1)]
    )
    users = []
    for membership in memberships:
        user = membership.user
        if not mfa.has_second_factor(user):
            device = mfa_services.totp_device_start(actor=user)
            mfa_services.totp_device_confirm(actor=user, code=pyotp.TOTP(device.secret).now())
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        session = client.session
        mfa.session_mark_verified(session, method=mfa.TOTP)
        session.save()
        references = list(
            cases_visible_to(user).order_by("-id").values_list("reference", flat=True)[:100]
        )
        users.append(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "token": api_token_create(actor=user, via="bench load").key,
                "references": references or ["XXXX-XXXX"],
            }
        )
    return [users[i % len(users)] for i in range(count)]


def _request_for(kind: str, user: dict, rng: random.Random) -> tuple[str, dict]:
    reference = rng.choice(user["references"])
    web = {"Cookie": user["cookie"], "Host": "localhost"}
    api = {"Authorization": f"Token {user['token']}", "Host": "localhost"}
    return {
        "api list": ("/api/cases/?page_size=50", api),
        "api detail": (f"/api/cases/{reference}/", api),
        "web list": ("/cases/", web),
        "web list filtered": (
            f"/cases/?status=open&urgency={rng.choice(['immediate', 'high', 'normal'])}",
            web,
        ),
        "web case page": (f"/cases/{reference}/", web),
    }[kind]


def _user_loop(port, user, seed, stop_at, results, lock) -> None:
    rng = random.Random(seed)
    kinds = [kind for weight, kind in MIX for _ in range(weight)]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    local = []
    while time.perf_counter() < stop_at:
        kind = rng.choice(kinds)
        path, headers = _request_for(kind, user, rng)
        start = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            status = 0
        local.append((kind, (time.perf_counter() - start) * 1000, status))
    connection.close()
    with lock:
        results.extend(local)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children, from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def run_level(port: int, server_pid: int, users: list[dict], seconds: float) -> dict:
    results: list[tuple[str, float, int]] = []
    lock = threading.Lock()
    cpu_before, wall_before = _cpu_seconds(server_pid), time.perf_counter()
    stop_at = wall_before + seconds
    threads = [
        threading.Thread(target=_user_loop, args=(port, user, n, stop_at, results, lock))
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    wall = time.perf_counter() - wall_before
    cpu = (_cpu_seconds(server_pid) - cpu_before) / wall
    machine_load = os.getloadavg()[0]  # the shared machine's 1-minute load average
    served = len([1 for _kind, _ms, status in results if status == 200])
    times = [ms for _kind, ms, _status in results]
    ok = [ms for _kind, ms, status in results if status == 200]
    per_kind = {}
    for _weight, kind in MIX:
        kind_times = [ms for k, ms, status in results if k == kind and status == 200]
        if kind_times:
            per_kind[kind] = {
                "requests per second": len(kind_times) / wall,
                "p95": percentile(kind_times, 0.95),
            }
    return {
        "users": len(users),
        "requests": len(results),
        "errors": len(times) - len(ok),
        "rps": len(ok) / wall,
        "p50": percentile(ok, 0.5) if ok else float("nan"),
        "p95": percentile(ok, 0.95) if ok else float("nan"),
        "p99": percentile(ok, 0.99) if ok else float("nan"),
        "server cpu": cpu,
        # CPU time the server spent per request answered: what other processes' load changes
        # least (it leaves out PostgreSQL's own processes).
        "server cpu ms per request": cpu * wall * 1000 / served if served else float("nan"),
        "machine load": machine_load,
        "per kind": per_kind,
    }


def start_server(url: str, port: int, workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "SERI_DATABASE_URL": url, "SERI_ALLOWED_HOSTS": "localhost,127.0.0.1"}
    server = subprocess.Popen(  # noqa: S603 (fixed argv)
        [
            sys.executable,
            "-m",
            "seri",
            "serve",
            "--no-migrate",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise SystemExit("seri serve stopped") from None
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("seri serve did not start within 2 minutes")


def svg_plot(levels: list[dict], title: str) -> str:
    """Throughput and p95 against concurrent users, as a small hand-written SVG."""
    width, height, pad = 640, 320, 50
    xs = [lvl["users"] for lvl in levels]
    x_of = {u: pad + i * (width - 2 * pad) / max(1, len(xs) - 1) for i, u in enumerate(xs)}
    top_rps = max(lvl["rps"] for lvl in levels) * 1.2 or 1
    top_p95 = max(lvl["p95"] for lvl in levels) * 1.2 or 1

    def y(value: float, top: float) -> float:
        return height - pad - value / top * (height - 2 * pad)

    def line(key: str, top: float, colour: str) -> str:
        points = " ".join(f"{x_of[lvl['users']]:.0f},{y(lvl[key], top):.0f}" for lvl in levels)
        dots = "".join(
            f'<circle cx="{x_of[lvl["users"]]:.0f}" cy="{y(lvl[key], top):.0f}" r="3" '
            f'fill="{colour}"/><text x="{x_of[lvl["users"]] + 5:.0f}" '
            f'y="{y(lvl[key], top) - 5:.0f}" font-size="11" fill="{colour}">'
            f"{lvl[key]:.0f}</text>"
            for lvl in levels
        )
        return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}'

    ticks = "".join(
        f'<text x="{x_of[u]:.0f}" y="{height - pad + 18}" font-size="12" '
        f'text-anchor="middle">{u}</text>'
        for u in xs
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>'
        f'<text x="{pad}" y="22" font-size="14">{title}</text>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#333"/>{ticks}'
        f'<text x="{width / 2}" y="{height - 10}" font-size="12" text-anchor="middle">'
        f"concurrent users</text>"
        f"{line('rps', top_rps, '#1f6feb')}{line('p95', top_p95, '#d1242f')}"
        f'<text x="{width - pad - 150}" y="40" font-size="12" fill="#1f6feb">'
        f"requests per second</text>"
        f'<text x="{width - pad - 150}" y="56" font-size="12" fill="#d1242f">p95 (ms)</text>'
        f"</svg>\n"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", default="1,4,16,64")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    workers = args.workers or settings.SERI_WORKERS
    threads = args.threads or settings.SERI_THREADS
    levels_wanted = [int(u) for u in args.users.split(",")]
    users = make_users(max(levels_wanted))
    port = _free_port()
    server = start_server(url, port, workers, threads)
    levels = []
    try:
        # Warm-up, untimed: the first requests of each worker import and load what it needs;
        # enough connections that every worker gets some.
        run_level(port, server.pid, users[: max(2, 4 * workers)], 10)
        for count in levels_wanted:
            level = run_level(port, server.pid, users[:count], args.seconds)
            levels.append(level)
            print(
                f"{count:>3} users: {level['rps']:.1f} req/s, p50 {level['p50']:.0f} ms, "
                f"p95 {level['p95']:.0f} ms, p99 {level['p99']:.0f} ms, "
                f"{level['errors']} errors, server CPU {level['server cpu']:.2f} cores "
                f"({level['server cpu ms per request']:.0f} ms a request), "
                f"machine load {level['machine load']:.1f}",
                file=sys.stderr,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    vendor = vendor_of(url)
    config = f"{workers} worker(s), {threads} threads"
    rows = []
    for level in levels:
        name = f"load, mixed ({config}), {level['users']} users"
        common = {"database": vendor, "scale": args.people}
        rows += [
            row(name, "requests per second", level["rps"], "1/s", **common),
            row(name, "p50", level["p50"], "ms", **common),
            row(name, "p95", level["p95"], "ms", **common),
            row(name, "p99", level["p99"], "ms", **common),
            row(
                name,
                "errors",
                level["errors"],
                "requests",
                target="0",
                met=level["errors"] == 0,
                **common,
            ),
            row(name, "server CPU", level["server cpu"], "cores", **common),
            row(
                name,
                "server CPU per request",
                level["server cpu ms per request"],
                "ms",
                **common,
            ),
        ]
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    name = f"load-{vendor}-{args.people}"
    (OUT_DIR / f"{name}.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (OUT_DIR / f"{name}-levels.json").write_text(json.dumps(levels, indent=1) + "\n")
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    (IMG_DIR / f"{name}.svg").write_text(
        svg_plot(levels, f"seri serve ({config}), {vendor}, {args.people:,} people, mixed load"),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
