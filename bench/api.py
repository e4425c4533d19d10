"""API list and detail under concurrent load: requests per second and latency percentiles.

    .venv/bin/python -m bench.api --people 100000 --database sqlite [--seconds 15]

Starts a real `seri serve` (granian, default workers and threads) on a free loopback port
against the benchmark database, creates an API token for the benchmark caseworker directly
(the token endpoint needs a second factor), and loads it with `wrk` (Debian package `wrk`) from
a second process: the case list (`GET /api/cases/`, 50 per page) and case detail
(`GET /api/cases/<reference>/`, cycling over 200 references the user may see).
"""

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from bench.common import BENCH_DIR, database_url, row, setup_django, vendor_of, write_rows

LUA = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("BENCH p50=%%f p95=%%f p99=%%f errors=%%d\\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_up(url: str, headers: dict, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            req = urllib.request.Request(url, headers=headers)  # noqa: S310 (http on loopback)
            with urllib.request.urlopen(req, timeout=30) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the server did not answer at {url}")


def _wrk(url: str, token: str, paths: list[str], *, seconds: int, connections: int) -> dict:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    script.write(LUA % {"paths": ", ".join(json.dumps(p) for p in paths)})
    script.close()
    try:
        result = subprocess.run(  # noqa: S603 (fixed argv)
            [
                shutil.which("wrk") or "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "30s",
                "-H",
                f"Authorization: Token {token}",
                "-s",
                script.name,
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(script.name)
    out = result.stdout
    stats = dict(re.findall(r"(\w+)=([\d.]+)", out.split("BENCH", 1)[1]))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p50": float(stats["p50"]),
        "p95": float(stats["p95"]),
        "p99": float(stats["p99"]),
        "errors": int(stats["errors"]) + (int(non2xx.group(1)) if non2xx else 0),
    }


def run(*, people: int, url: str, seconds: int = 15, connections: int = 4) -> list[dict]:
    from bench.pages import bench_user
    from seri.cases.scoping import cases_visible_to
    from seri.orgs.services.tokens import api_token_create

    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    vendor = vendor_of(url)
    user, _organisation = bench_user()
    token = api_token_create(actor=user, via="bench").key
    references = list(
        cases_visible_to(user).order_by("-created_at").values_list("reference", flat=True)[:200]
    )
    port = free_port()
    env = dict(os.environ, SERI_DATABASE_URL=url, SERI_PORT=str(port))
    log = open(BENCH_DIR / "data" / f"serve-{vendor}-{people}.log", "w")  # noqa: SIM115
    server = subprocess.Popen(  # noqa: S603 (fixed argv)
        [sys.executable, "-m", "seri", "serve", "--no-migrate", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Token {token}"}
    rows = []
    try:
        _wait_up(f"{base}/api/cases/", headers)
        common = {"database": vendor, "scale": people}
        for name, paths in (
            ("API case list (50 per page)", ["/api/cases/"]),
            ("API case detail", [f"/api/cases/{r}/" for r in references]),
        ):
            result = _wrk(base + paths[0], token, paths, seconds=seconds, connections=connections)
            print(f"{name}: {result}", file=sys.stderr)
            label = f"{name}, {connections} connections"
            rows += [
                row(label, "requests per second", result["rps"], "1/s", **common),
                row(label, "p50", result["p50"], "ms", **common),
                row(label, "p95", result["p95"], "ms", **common),
                row(
                    label,
                    "errors",
                    result["errors"],
                    "requests",
                    met=result["errors"] == 0,
                    target="0",
                    **common,
                ),
            ]
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite", help="sqlite, postgresql or a URL")
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    url = database_url(args.database, args.people)
    setup_django(url)
    rows = run(people=args.people, url=url, seconds=args.seconds, connections=args.connections)
    write_rows(f"api-{vendor_of(url)}-{args.people}", rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
