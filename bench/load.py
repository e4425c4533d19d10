"""Many people at once: `seri serve` on loopback under 1, 4, 16 and 64 concurrent users.

    .venv/bin/python -m bench.load --people 100000 --database sqlite [--seconds 20]
        [--users 1,4,16,64] [--workers 1 --threads 4] [--only "api list"]
        [--servers 2]                  # two `seri serve` processes, users split between them
        [--soak 1800 --users 16]       # one long level: latency and memory over time

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
change the dataset.

`--only KIND` sends only one kind of request of the mix (e.g. "api list", "web case page"):
the issue's targets are per kind.

`--servers N` starts N `seri serve` processes on N ports against the same database and cache,
and gives user i the server i mod N (each server with `--workers`). Before the levels it
checks that the public form's rate limit holds across them: it posts twice the hourly limit of
follow-up requests from one address, alternating between the servers, and counts how many
were refused (429): with a cache shared by the processes (SERI_CACHE_URL: the database or
Redis) exactly the limit is let through, with one cache per process (locmem://) N times it.
Writes bench/out/load-<database>-<people>-<N>servers.json and the plot beside the others.

`--client wrk` drives the server with wrk (Debian's `wrk`, `apt-get install -y wrk`) and a Lua
script instead of this process's threads: one wrk thread, one keep-alive connection per user,
each request by the next user in turn (their token or session cookie), the kind drawn from the
mix or `--only`; any status but 200 is an error. Every level reports the load generator's own
CPU per request beside the server's (measured at a million people: about 0.5 ms for this
process's threads, 0.2-0.3 ms for wrk, against 20-70 ms for the server), and on PostgreSQL the
CPU of the database's server processes connected to the benchmark database.

The audit rows of the views a level makes are chained by the sequencer afterwards: after each
level this waits until no row is left unchained and adds the CPU the servers spent meanwhile
to the level's ("server CPU ms per request, with the audit chained"); the unchained rows left
at the level's end are reported too.

`--server-tree DIR` runs `seri serve` from another checkout of Seri (e.g. `git worktree add
/tmp/before HEAD~3`) with this virtualenv and the same database, so that the code before and
after a change can be measured in alternation in one session.

`--soak SECONDS` runs one level (the first of `--users`) for that long and samples every
`--sample` seconds: requests per second, p50/p95/p99 and errors of that interval, the server
processes' resident memory (RSS, the sum over granian, its workers and the audit sequencer,
and the largest one) and CPU. Writes bench/out/soak-<database>-<people>.csv and
docs/img/soak-<database>-<people>.svg, and says whether memory stayed flat (the last quarter's
mean RSS within 10 % of the second quarter's). Run it under `nice -n 10` on a shared machine:
the servers inherit the niceness.
"""

import argparse
import csv
import http.client
import json
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
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


def _user_loop(port, user, seed, stop_at, results, lock, kinds_mix=None) -> None:
    rng = random.Random(seed)
    kinds = kinds_mix or [kind for weight, kind in MIX for _ in range(weight)]
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
        end = time.perf_counter()
        local.append((kind, (end - start) * 1000, status, end))
    connection.close()
    with lock:
        results.extend(local)


def _process_tree(pid: int) -> list[int]:
    """`pid` and its descendants (granian's workers, the audit sequencer), from /proc: the
    children of every thread, since granian starts its workers from another thread."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                todo += [int(p) for p in (task / "children").read_text().split()]
            except OSError:
                continue
    return found


def _rss_mb(roots: list[int]) -> tuple[float, float]:
    """Resident memory of the servers' processes: (sum, largest), in MB."""
    sizes = []
    for root in roots:
        for pid in _process_tree(root):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
    return sum(sizes), max(sizes, default=0.0)


def _cpu_seconds(roots: list[int]) -> float:
    """User + system CPU of the server processes and their live descendants, from /proc."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for root in roots:
        for p in _process_tree(root):
            try:
                fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _database_backends(url: str) -> list[int]:
    """The PostgreSQL server processes serving connections to this benchmark database (the
    servers' and the sequencer's: Django keeps them open), to count their CPU too."""
    if vendor_of(url) != "postgresql":
        return []
    from django.db import connection

    name = url.rstrip("/").rpartition("/")[2]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )
        return [pid for (pid,) in cursor.fetchall()]


def _pids_cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes (not their children), from /proc; 0 for a
    process that is gone or not readable."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


class DatabaseCpu:
    """CPU of the database's server processes over a level (PostgreSQL on this machine; none
    for SQLite, whose work is inside the server's processes). Sampled every half second, so
    that a connection closed during the level (CONN_MAX_AGE) keeps what it had spent."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.stop = threading.Event()
        self.thread: threading.Thread | None = None

    def _sample(self, pids: list[int]) -> None:
        for pid in pids:
            spent = _pids_cpu_seconds([pid])
            if spent:
                # A connection opened during the level counts from zero.
                self.first.setdefault(pid, 0.0)
                self.last[pid] = spent

    def _loop(self) -> None:
        import django.db

        try:
            while not self.stop.wait(0.5):
                self._sample(_database_backends(self.url))
        finally:
            django.db.connections.close_all()

    def begin(self) -> None:
        if vendor_of(self.url) != "postgresql":
            return
        pids = _database_backends(self.url)
        self.first = {pid: _pids_cpu_seconds([pid]) for pid in pids}
        self.last = dict(self.first)
        self.stop.clear()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def end(self, level: dict) -> None:
        if self.thread is None:
            level["database cpu ms per request"] = float("nan")
            return
        self.stop.set()
        self.thread.join()
        self._sample(_database_backends(self.url))
        spent = sum(self.last[pid] - self.first[pid] for pid in self.last)
        served = level["requests"] - level["errors"]
        level["database cpu ms per request"] = spent * 1000 / served if served else float("nan")


def _figures(results: list[tuple], wall: float) -> dict:
    """Requests per second, percentiles and errors of some results over `wall` seconds."""
    ok = [ms for _kind, ms, status, _end in results if status == 200]
    return {
        "requests": len(results),
        "errors": len(results) - len(ok),
        "rps": len(ok) / wall if wall else float("nan"),
        "p50": percentile(ok, 0.5) if ok else float("nan"),
        "p95": percentile(ok, 0.95) if ok else float("nan"),
        "p99": percentile(ok, 0.99) if ok else float("nan"),
    }


def run_level(
    ports: list[int] | int,
    server_pids: list[int] | int,
    users: list[dict],
    seconds: float,
    *,
    only: str = "",
    sample_every: float = 0,
    samples: list[dict] | None = None,
) -> dict:
    """`users` for `seconds`, user i on server i mod len(ports). With `sample_every`, the
    servers' memory and CPU are appended to `samples` at that interval (for the soak)."""
    ports = [ports] if isinstance(ports, int) else ports
    roots = [server_pids] if isinstance(server_pids, int) else server_pids
    results: list[tuple[str, float, int, float]] = []
    lock = threading.Lock()
    kinds_mix = [only] if only else None
    cpu_before, wall_before = _cpu_seconds(roots), time.perf_counter()
    client_before = _own_cpu_seconds()
    stop_at = wall_before + seconds
    threads = [
        threading.Thread(
            target=_user_loop,
            args=(ports[n % len(ports)], user, n, stop_at, results, lock, kinds_mix),
        )
        for n, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    if sample_every and samples is not None:
        next_at, cpu_last = wall_before + sample_every, cpu_before
        while next_at <= stop_at + 0.5:
            time.sleep(max(0.0, next_at - time.perf_counter()))
            rss, largest = _rss_mb(roots)
            cpu_now = _cpu_seconds(roots)
            samples.append(
                {
                    "seconds": next_at - wall_before,
                    "rss mb": rss,
                    "largest process rss mb": largest,
                    "server cpu": (cpu_now - cpu_last) / sample_every,
                    "machine load": os.getloadavg()[0],
                }
            )
            next_at, cpu_last = next_at + sample_every, cpu_now
    for thread in threads:
        thread.join(timeout=seconds + 120)
    wall = time.perf_counter() - wall_before
    cpu = (_cpu_seconds(roots) - cpu_before) / wall
    client_cpu = _own_cpu_seconds() - client_before
    machine_load = os.getloadavg()[0]  # the shared machine's 1-minute load average
    figures = _figures(results, wall)
    served = figures["rps"] * wall
    per_kind = {}
    for _weight, kind in MIX:
        kind_times = [ms for k, ms, status, _end in results if k == kind and status == 200]
        if kind_times:
            per_kind[kind] = {
                "requests per second": len(kind_times) / wall,
                "p50": percentile(kind_times, 0.5),
                "p95": percentile(kind_times, 0.95),
            }
    if samples is not None:  # each sample's own requests: those that ended in its interval
        start = wall_before
        for sample in samples:
            end = wall_before + sample["seconds"]
            inside = [r for r in results if start <= r[3] < end]
            sample.update(_figures(inside, end - start))
            start = end
    return {
        "users": len(users),
        "servers": len(ports),
        **figures,
        "server cpu": cpu,
        # CPU time the server spent per request answered: what other processes' load changes
        # least (it leaves out PostgreSQL's own processes).
        "server cpu ms per request": cpu * wall * 1000 / served if served else float("nan"),
        "client": "python",
        "client cpu ms per request": client_cpu * 1000 / served if served else float("nan"),
        "machine load": machine_load,
        "per kind": per_kind,
    }


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu_seconds() -> float:
    # Children that have been waited for (wrk): the servers are still running, so not counted.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


WRK_SCRIPT = r"""
-- bench/load.py's users for wrk: each request by the next user, its kind drawn from the mix.
local users, kinds, threads = {}, {}, {}
local counter = 0
local urgencies = {"immediate", "high", "normal"}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = io.open(args[1])
  local first = true
  for line in file:lines() do
    if first then
      for kind in line:gmatch("[^,]+") do kinds[#kinds + 1] = kind end
      first = false
    else
      local token, cookie, refs = line:match("([^\t]*)\t([^\t]*)\t(.*)")
      local references = {}
      for ref in refs:gmatch("[^,]+") do references[#references + 1] = ref end
      users[#users + 1] = {token = token, cookie = cookie, references = references}
    end
  end
  file:close()
  math.randomseed(tonumber(args[2]))
  not_ok = 0
end

function request()
  counter = counter + 1
  local user = users[(counter % #users) + 1]
  local kind = kinds[math.random(#kinds)]
  local reference = user.references[math.random(#user.references)]
  local headers = {Host = "localhost"}
  local path
  if kind == "api list" then
    path = "/api/cases/?page_size=50"
  elseif kind == "api detail" then
    path = "/api/cases/" .. reference .. "/"
  elseif kind == "web list" then
    path = "/cases/"
  elseif kind == "web list filtered" then
    path = "/cases/?status=open&urgency=" .. urgencies[math.random(3)]
  else
    path = "/cases/" .. reference .. "/"
  end
  if kind:sub(1, 3) == "api" then
    headers["Authorization"] = "Token " .. user.token
  else
    headers["Cookie"] = user.cookie
  end
  return wrk.format("GET", path, headers)
end

function response(status, headers, body)
  if status ~= 200 then not_ok = not_ok + 1 end
end

function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + (thread:get("not_ok") or 0) end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.6f, "socket errors": %d, "not ok": %d, '
      .. '"p50": %.3f, "p95": %.3f, "p99": %.3f}\n',
    summary.requests, summary.duration / 1e6, e.connect + e.read + e.write + e.timeout,
    not_ok, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


def run_level_wrk(port: int, server_pid: int, users: list[dict], seconds: float, only: str) -> dict:
    """`run_level` with wrk as the client (one thread, a connection per user)."""
    kinds = [only] if only else [kind for weight, kind in MIX for _ in range(weight)]
    with tempfile.TemporaryDirectory(prefix="seri-load-") as folder:
        script, table = Path(folder) / "users.lua", Path(folder) / "users.tsv"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        lines = [",".join(kinds)] + [
            f"{u['token']}\t{u['cookie']}\t{','.join(u['references'])}" for u in users
        ]
        table.write_text("\n".join(lines) + "\n", encoding="utf-8")
        command = [
            "wrk", "-t", "1", "-c", str(len(users)), "-d", f"{seconds:g}s", "--timeout", "60s",
            "-s", str(script), f"http://127.0.0.1:{port}", "--", str(table), str(len(users)),
        ]  # fmt: skip
        cpu_before, client_before = _cpu_seconds([server_pid]), _children_cpu_seconds()
        wall_before = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
        wall = time.perf_counter() - wall_before
        cpu = _cpu_seconds([server_pid]) - cpu_before
        client_cpu = _children_cpu_seconds() - client_before
    out = json.loads(done.stdout.strip().splitlines()[-1])
    errors = out["socket errors"] + out["not ok"]
    served = out["requests"] - out["not ok"]
    rps = served / out["seconds"]
    return {
        "users": len(users),
        "servers": 1,
        "requests": out["requests"],
        "errors": errors,
        "rps": rps,
        "p50": out["p50"],
        "p95": out["p95"],
        "p99": out["p99"],
        "server cpu": cpu / wall,
        "server cpu ms per request": cpu * 1000 / served if served else float("nan"),
        "client": "wrk",
        "client cpu ms per request": client_cpu * 1000 / served if served else float("nan"),
        "machine load": os.getloadavg()[0],
        "per kind": {only: {"requests per second": rps, "p50": out["p50"], "p95": out["p95"]}}
        if only
        else {},
    }


def unchained_rows() -> int:
    from seri.audit.models import AuditEvent

    return AuditEvent.objects.filter(sequence__isnull=True).count()


def _sequencers(server_pids: list[int]) -> list[int]:
    """The audit sequencers `seri serve` started beside the servers."""
    found = []
    for root in server_pids:
        for pid in _process_tree(root):
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"audit-sequencer" in command:
                found.append(pid)
    return found


def drain_sequencer(server_pids: list[int], level: dict, timeout: float = 300) -> None:
    """Wait until the sequencer has chained every audit row of the level, and add the CPU the
    sequencer spent meanwhile to the level's CPU per request (chaining is part of each
    audited view's cost; the web workers' CPU after the level, answering requests the client
    no longer waits for, is left out)."""
    sequencers = _sequencers(server_pids)
    cpu_before, started = _pids_cpu_seconds(sequencers), time.perf_counter()
    level["unchained at the end"] = waiting = unchained_rows()
    while waiting and time.perf_counter() - started < timeout:
        time.sleep(0.5)
        waiting = unchained_rows()
    served = level["requests"] - level["errors"]
    extra = _pids_cpu_seconds(sequencers) - cpu_before
    level["drain seconds"] = time.perf_counter() - started
    level["server cpu ms per request, with the audit chained"] = (
        level["server cpu ms per request"] + extra * 1000 / served if served else float("nan")
    )


def start_server(
    url: str,
    port: int,
    workers: int,
    threads: int,
    env: dict | None = None,
    tree: Path = ROOT,
) -> subprocess.Popen:
    env = {
        **os.environ,
        "SERI_DATABASE_URL": url,
        "SERI_ALLOWED_HOSTS": "localhost,127.0.0.1",
        **(env or {}),
    }
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
        cwd=tree,  # `-m seri` imports the package of the working directory first
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
    cpu_key = next(
        (
            key
            for key in (
                "server cpu ms per request, with the audit chained",
                "server cpu ms per request",
            )
            if all(key in lvl for lvl in levels)
        ),
        "",
    )
    top_cpu = (max(lvl[cpu_key] for lvl in levels) * 1.2 or 1) if cpu_key else 1

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
        + (
            f"{line(cpu_key, top_cpu, '#1a7f37')}"
            f'<text x="{width - pad - 150}" y="72" font-size="12" fill="#1a7f37">'
            f"server CPU ms per request</text>"
            if cpu_key
            else ""
        )
        + "</svg>\n"
    )


def rate_limit_check(ports: list[int]) -> dict:
    """Twice the public follow-up form's hourly limit from one address, alternating between
    the servers: how many each let through and refused. The window's counter is cleared
    first (the cache is the servers'; this process has the same settings)."""
    from django.core.cache import cache
    from django.urls import reverse

    from seri.intake import public

    window = int(time.time() // 3600)
    cache.delete(f"seri:public:follow:{public.client_key('127.0.0.1')}:{window}")
    statuses: dict[int, dict[int, int]] = {port: {} for port in ports}
    for n in range(2 * public.FOLLOW_UPS_PER_HOUR):
        port = ports[n % len(ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # An empty follow-up: counted, then refused by the form (400) without a write.
        connection.request(
            "POST",
            reverse("public-follow-up"),
            body="",
            headers={"Host": "localhost", "Content-Type": "application/x-www-form-urlencoded"},
        )
        status = connection.getresponse().status
        connection.close()
        statuses[port][status] = statuses[port].get(status, 0) + 1
    refused = sum(by_status.get(429, 0) for by_status in statuses.values())
    sent = 2 * public.FOLLOW_UPS_PER_HOUR
    return {
        "limit": public.FOLLOW_UPS_PER_HOUR,
        "sent": sent,
        "let through": sent - refused,
        "refused": refused,
        "holds": sent - refused == public.FOLLOW_UPS_PER_HOUR,
        "statuses per server": {str(port): by for port, by in statuses.items()},
    }


def svg_soak(samples: list[dict], title: str) -> str:
    """Memory (RSS) and p95 over time, as a small hand-written SVG."""
    width, height, pad = 640, 320, 50
    end = max(s["seconds"] for s in samples) or 1
    top = {
        "rss mb": max(s["rss mb"] for s in samples) * 1.2 or 1,
        "p95": max((s["p95"] for s in samples if s["p95"] == s["p95"]), default=1) * 1.2 or 1,
        "rps": max(s["rps"] for s in samples) * 1.2 or 1,
    }

    def point(sample: dict, key: str) -> str:
        x = pad + sample["seconds"] / end * (width - 2 * pad)
        value = sample[key] if sample[key] == sample[key] else 0  # NaN: no request answered
        return f"{x:.0f},{height - pad - value / top[key] * (height - 2 * pad):.0f}"

    def line(key: str, colour: str) -> str:
        points = " ".join(point(sample, key) for sample in samples)
        return f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'

    minutes = int(end // 60)
    step = max(1, minutes // 6)
    ticks = "".join(
        f'<text x="{pad + m * 60 / end * (width - 2 * pad):.0f}" y="{height - pad + 18}" '
        f'font-size="12" text-anchor="middle">{m}</text>'
        for m in range(0, minutes + 1, step)
    )
    first, last = samples[0], samples[-1]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/>'
        f'<text x="{pad}" y="22" font-size="14">{title}</text>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" '
        f'stroke="#333"/>{ticks}'
        f'<text x="{width / 2}" y="{height - 10}" font-size="12" text-anchor="middle">'
        f"minutes</text>"
        f"{line('rss mb', '#8250df')}{line('p95', '#d1242f')}{line('rps', '#1f6feb')}"
        f'<text x="{width - pad - 230}" y="40" font-size="12" fill="#8250df">'
        f"server RSS {first['rss mb']:.0f} → {last['rss mb']:.0f} MB "
        f"(top {top['rss mb'] / 1.2:.0f})"
        f"</text>"
        f'<text x="{width - pad - 230}" y="56" font-size="12" fill="#d1242f">'
        f"p95 (ms, top {top['p95'] / 1.2:.0f})</text>"
        f'<text x="{width - pad - 230}" y="72" font-size="12" fill="#1f6feb">'
        f"requests per second (top {top['rps'] / 1.2:.0f})</text>"
        f"</svg>\n"
    )


def memory_flat(samples: list[dict]) -> tuple[bool, float, float]:
    """Whether the servers' memory stayed flat: the last quarter's mean RSS within 10 % of
    the second quarter's (the first quarter is warm-up: caches and pools filling)."""
    quarter = max(1, len(samples) // 4)
    second = [s["rss mb"] for s in samples[quarter : 2 * quarter]] or [samples[0]["rss mb"]]
    last = [s["rss mb"] for s in samples[-quarter:]]
    before, after = sum(second) / len(second), sum(last) / len(last)
    return after <= before * 1.10, before, after


def write_soak(samples: list[dict], level: dict, vendor: str, people: int, config: str) -> Path:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    name = f"soak-{vendor}-{people}"
    columns = [
        "seconds",
        "requests",
        "errors",
        "rps",
        "p50",
        "p95",
        "p99",
        "rss mb",
        "largest process rss mb",
        "server cpu",
        "machine load",
    ]
    path = OUT_DIR / f"{name}.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        for sample in samples:
            writer.writerow(
                {k: round(v, 2) if isinstance(v, float) else v for k, v in sample.items()}
            )
    flat, before, after = memory_flat(samples)
    summary = {
        **level,
        "memory flat": flat,
        "rss mb, 2nd quarter": before,
        "rss mb, last quarter": after,
    }
    (OUT_DIR / f"{name}.json").write_text(json.dumps(summary, indent=1) + "\n")
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    title = f"soak: seri serve ({config}), {vendor}, {people:,} people, {level['users']} users"
    (IMG_DIR / f"{name}.svg").write_text(svg_soak(samples, title), encoding="utf-8")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--users", default="1,4,16,64")
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--only", default="", choices=["", *(kind for _w, kind in MIX)])
    parser.add_argument("--servers", type=int, default=1, help="seri serve processes")
    parser.add_argument("--soak", type=float, default=0, help="one long level, seconds")
    parser.add_argument("--sample", type=float, default=30, help="soak sampling, seconds")
    parser.add_argument("--client", default="python", choices=["python", "wrk"])
    parser.add_argument("--server-tree", type=Path, default=ROOT, help="checkout to serve")
    parser.add_argument("--label", default="", help="added to the output files' names")
    args = parser.parse_args(argv)
    if args.client == "wrk" and (args.servers > 1 or args.soak):
        parser.error("--client wrk drives one server, without --soak")
    url = database_url(args.database, args.people)
    setup_django(url)
    from django.conf import settings
    from django.core.management import call_command

    from seri.orgs.models import Organisation

    call_command("migrate", verbosity=0)
    workers = args.workers or settings.SERI_WORKERS
    threads = args.threads or settings.SERI_THREADS
    levels_wanted = [int(u) for u in args.users.split(",")]
    if args.soak:
        levels_wanted = levels_wanted[:1]
    users = make_users(max(levels_wanted))
    # The public form needs a receiving organisation for the rate-limit check.
    receiving = Organisation.objects.filter(is_active=True).order_by("id").first()
    env = {"SERI_PUBLIC_FORM_ORGANISATION": receiving.short_name if receiving else ""}
    ports = [_free_port() for _ in range(args.servers)]
    servers = [start_server(url, port, workers, threads, env, args.server_tree) for port in ports]
    pids = [server.pid for server in servers]
    levels = []
    samples: list[dict] = []
    limit = None
    try:
        if args.servers > 1:
            limit = rate_limit_check(ports)
            print(
                f"public form limit across {args.servers} servers: {limit['let through']} of "
                f"{limit['sent']} let through, limit {limit['limit']}: "
                f"{'holds' if limit['holds'] else 'DOES NOT HOLD'}",
                file=sys.stderr,
            )
        # Warm-up, untimed: the first requests of each worker import and load what it needs;
        # enough connections that every worker of every server gets some.
        database_cpu = DatabaseCpu(url)
        warm = users[: max(2, 4 * workers * args.servers)]
        run_level(ports, pids, [warm[i % len(warm)] for i in range(len(warm))], 10)
        drain_sequencer(
            pids, {"rps": 0, "requests": 0, "errors": 0, "server cpu ms per request": 0}
        )
        for count in levels_wanted:
            seconds = args.soak or args.seconds
            database_cpu.begin()
            if args.client == "wrk":
                level = run_level_wrk(ports[0], pids[0], users[:count], seconds, args.only)
            else:
                level = run_level(
                    ports,
                    pids,
                    users[:count],
                    seconds,
                    only=args.only,
                    sample_every=args.sample if args.soak else 0,
                    samples=samples if args.soak else None,
                )
            drain_sequencer(pids, level)
            database_cpu.end(level)
            levels.append(level)
            print(
                f"{count:>3} users: {level['rps']:.1f} req/s, p50 {level['p50']:.0f} ms, "
                f"p95 {level['p95']:.0f} ms, p99 {level['p99']:.0f} ms, "
                f"{level['errors']} errors, server CPU {level['server cpu']:.2f} cores "
                f"({level['server cpu ms per request']:.1f} ms a request, "
                f"{level['server cpu ms per request, with the audit chained']:.1f} with the "
                f"audit chained, {level['unchained at the end']} rows waited), "
                f"{level['client']} client {level['client cpu ms per request']:.2f} ms a "
                f"request, database {level['database cpu ms per request']:.1f} ms a request, "
                f"machine load {level['machine load']:.1f}; "
                + ", ".join(
                    f"{kind} {k['requests per second']:.1f}/s p95 {k['p95']:.0f}"
                    for kind, k in level["per kind"].items()
                ),
                file=sys.stderr,
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
    vendor = vendor_of(url)
    config = f"{workers} worker(s), {threads} threads, {args.client} client"
    if args.servers > 1:
        config = f"{args.servers} servers of {config}"
    if args.soak:
        path = write_soak(samples, levels[0], vendor, args.people, config)
        flat, before, after = memory_flat(samples)
        print(
            f"soak: {path}; server RSS {before:.0f} MB (2nd quarter) → {after:.0f} MB (last): "
            f"{'flat' if flat else 'NOT flat'}",
            file=sys.stderr,
        )
        return 0
    rows = []
    for level in levels:
        name = f"load, {args.only or 'mixed'} ({config}), {level['users']} users"
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
                "server CPU per request, with the audit chained",
                level["server cpu ms per request, with the audit chained"],
                "ms",
                **common,
            ),
            row(
                name,
                "database CPU per request",
                level["database cpu ms per request"],
                "ms",
                **common,
            ),
            row(
                name,
                f"load generator CPU per request ({level['client']})",
                level["client cpu ms per request"],
                "ms",
                **common,
            ),
            row(
                name,
                "server CPU per request",
                level["server cpu ms per request"],
                "ms",
                **common,
            ),
        ]
    if limit is not None:
        rows.append(
            row(
                f"public form limit across {args.servers} servers",
                "requests let through",
                limit["let through"],
                "requests",
                target=str(limit["limit"]),
                met=limit["holds"],
                database=vendor,
                scale=args.people,
            )
        )
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    name = f"load-{vendor}-{args.people}"
    if args.only:
        name += "-" + args.only.replace(" ", "-")
    if args.servers > 1:
        name += f"-{args.servers}servers"
    if args.client == "wrk":
        name += "-wrk"
    if args.label:
        name += "-" + args.label
    (OUT_DIR / f"{name}.json").write_text(
        json.dumps(rows, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (OUT_DIR / f"{name}-levels.json").write_text(
        json.dumps({"levels": levels, "rate limit": limit}, indent=1) + "\n"
    )
    IMG_DIR.mkdir(parents=True, exist_ok=True)
    what = args.only or "mixed load"
    (IMG_DIR / f"{name}.svg").write_text(
        svg_plot(levels, f"seri serve ({config}), {vendor}, {args.people:,} people, {what}"),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
