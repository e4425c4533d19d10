"""What a user's install does, checked over real HTTP: Seri installed WITHOUT the test extras
(as `scripts/demo` installs it), `seri serve` started, then

- the OpenRosa form list and form download answer an enrolled device (they build the XForm
  with pyxform), and
- a web capture of a page served on this machine succeeds (it drives Chromium with playwright).

A module the server imports at run time that is only a test dependency fails here. Run by
`.ci/run` as `python scripts/check_install.py` with the project's Python; it makes its own
virtual environment.
"""

import base64
import http.server
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(venv: Path, env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [str(venv / "bin" / "seri"), *args], env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"seri {' '.join(args[:2])} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fetch(url: str, auth: str) -> tuple[int, str]:
    request = urllib.request.Request(  # noqa: S310 (a URL of our own, on loopback)
        url, headers={"Authorization": auth, "X-OpenRosa-Version": "1.0"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read().decode("utf-8")


def serve_page(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        "<!doctype html><title>Recruitment notice (synthetic)</title>"
        "<h1>Hiring now: customer service, high salary</h1>",
        encoding="utf-8",
    )
    port = free_port()

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return port


ENROL = """
from seri.orgs.models import Organisation, User
from seri.intake.services.openrosa import device_credential_create
admin = User.objects.get(username="admin")
credential, password = device_credential_create(
    actor=admin, organisation=Organisation.objects.get(short_name="EX"), label="check"
)
print(credential.username + ":" + password)
"""

CAPTURE_START = """
import os
from seri.orgs.models import Organisation, User
from seri.evidence.capture import web_capture_start
capture = web_capture_start(
    actor=User.objects.get(username="admin"),
    url=os.environ["PAGE_URL"],
    organisation=Organisation.objects.get(short_name="EX"),
)
print(capture.public_id)
"""

CAPTURE_RESULT = """
import os
from seri.evidence.models import WebCapture
capture = WebCapture.objects.get(public_id=os.environ["CAPTURE_ID"])
print(capture.status, capture.parts.count(), "parts", capture.error)
"""


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="seri-install-"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)  # noqa: S603
    pip = [str(venv / "bin" / "pip"), "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, str(ROOT)], check=True)  # noqa: S603 (no extras: what users get)
    data = work / "data"
    env = {
        **os.environ,
        "SERI_DATA_DIR": str(data),
        "SERI_ADMIN_PASSWORD": "synthetic-check-password-1234",
        "SERI_CAPTURE_ALLOW_PRIVATE": "true",
    }
    env.pop("SERI_DATABASE_URL", None)
    run(venv, env, "migrate", "--verbosity", "0")
    run(
        venv, env, "createadmin", "--organisation-name", "Example NGO", "--short-name", "EX",
        "--type", "NGO", "--country", "KH", "--username", "admin",
    )  # fmt: skip
    device = run(venv, env, "shell", "-c", ENROL).strip().splitlines()[-1]
    auth = "Basic " + base64.b64encode(device.encode()).decode()
    port = free_port()
    log = (work / "serve.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        [str(venv / "bin" / "seri"), "serve", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}/intake/openrosa"
        # `seri serve` migrates and collects static files before it listens.
        status, body = 0, ""
        for _ in range(360):
            try:
                status, body = fetch(f"{base}/formList", auth)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        if status == 0 or server.poll() is not None:
            sys.exit("seri serve did not answer:\n" + (work / "serve.log").read_text()[-3000:])
        if status != 200 or "<xform>" not in body:
            sys.exit(f"form list: HTTP {status}\n{body[:500]}")
        url = body.split("<downloadUrl>")[1].split("</downloadUrl>")[0]
        status, form = fetch(url, auth)
        if status != 200 or "<h:html" not in form:
            sys.exit(f"form download: HTTP {status}\n{form[:500]}")
        print(f"OpenRosa form list and form download answer over HTTP ({len(form):,} bytes)")

        page = serve_page(work / "site")
        env["PAGE_URL"] = f"http://127.0.0.1:{page}/"
        env["CAPTURE_ID"] = run(venv, env, "shell", "-c", CAPTURE_START).strip().splitlines()[-1]
        run(venv, env, "db_worker", "--batch", "--no-startup-delay")
        result = run(venv, env, "shell", "-c", CAPTURE_RESULT).strip().splitlines()[-1]
        if not result.startswith("done"):
            sys.exit(f"web capture of a local page did not succeed: {result}")
        print(f"web capture of a page on this machine: {result}")
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
