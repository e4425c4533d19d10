"""Three installations and a linkage service, all separate processes over real HTTP on
loopback: three `seri serve` (each its own data directory and SQLite database) and
`seri pprl serve`. The admins drive the run as they would: each downloads the encodings from
its project's page, sends them with `seri pprl submit`, and uploads the result to the same
page; the embassy's caseworker hears by e-mail (a real SMTP server) that the person her
family's tracing report is about is safe at the shelter, asks for a referral, and the shelter's
coordinator finds the record the request names.

陳家豪 at the shelter and Chan Ka Ho at the embassy (same birth date, sex, nationality) come
back as one group; Nguyen Thi Lan at the embassy and the police as another; people recorded at
one installation only are in no group; no installation receives another's names; the service
holds nothing and has logged nothing identifying after the run."""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from base64 import b64encode
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]
KEY = b64encode(secrets.token_bytes(32)).decode()
PASSWORD = "synthetic-Passw0rd-for-tests"
SECRETS = {name: pyotp.random_base32() for name in ("admin", "worker")}

# name, gender, birth year, nationality, case status, reported by family
PEOPLE = {
    "shelter": [
        ("陳家豪", "Masculine", 1990, "HK", "in_support", False),
        ("Sokha Chan", "Feminine", 2001, "KH", "reported", False),
    ],
    "embassy": [
        ("Chan Ka Ho", "Masculine", 1990, "HK", "reported", True),
        ("Nguyen Thi Lan", "Feminine", 1998, "VN", "reported", False),
    ],
    "police": [
        ("Nguyen Thi Lan", "Feminine", 1998, "VN", "reported", False),
        ("Aung Ko Ko", "Masculine", 1995, "MM", "reported", False),
    ],
}
# Parts of every name, in the forms a leak could take (JSON escapes non-ASCII).
NAME_PARTS = ["陳", "家豪", "Chan", "chan", "Sokha", "sokha", "Nguyen", "nguyen", "Aung", "Ka Ho"]

SETUP = """
import datetime as dt
from django.utils import timezone
from seri.cases.models import Case, Nationality, Person, PersonName
from seri.intake.models import Report
from seri.orgs.models import Membership, Organisation, TOTPDevice, User
org = Organisation.objects.create(name="Synthetic {name}", short_name="{short}", country="KH")
users = {{}}
for username, role in (("admin", "org_admin"), ("worker", "caseworker")):
    user = User.objects.create(username=username, email=username + "@{name}.test.invalid")
    user.set_password({password!r})
    user.save()
    Membership.objects.create(user=user, organisation=org, role=role)
    TOTPDevice.objects.create(user=user, secret={secrets!r}[username], confirmed_at=timezone.now())
    users[username] = user
for value, gender, year, nat, status, family in {people!r}:
    p = Person.objects.create(organisation=org, gender=gender, date_of_birth=dt.date(year, 6, 1))
    script = "Hani" if value[0] > "~" else "Latn"
    PersonName.objects.create(person=p, kind="full", script=script, value=value)
    Nationality.objects.create(person=p, country=nat)
    case = Case.objects.create(
        organisation=org, person=p, status=status, assigned_to=users["worker"]
    )
    if family:
        Report.objects.create(
            organisation=org, case=case, channel="hotline", reporter_relation="family",
            original_text="Synthetic: a family member is looking for " + value,
        )
"""

REPORT = """
import json
from seri.pprl.models import PprlMatch, PprlRecord
print(json.dumps({
    "matches": sorted(
        [m.record.person.names.first().value, m.installation, round(m.similarity, 2), m.status]
        for m in PprlMatch.objects.select_related("record__person")
    ),
    "tokens": {r.token: r.person.names.first().value for r in PprlRecord.objects.all()},
}, ensure_ascii=False))
"""


def mentions(text: str, part: str) -> bool:
    """The name part as a word of the text ("chan" in "channel" is no leak)."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", text) is not None


def parallel(fn, items):
    """Run fn over the installations at once (each is its own process anyway)."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(items, pool.map(fn, items), strict=True))


class Inbox:
    """An aiosmtpd handler keeping every message the installations send."""

    def __init__(self):
        self.messages: list[tuple[list[str], str]] = []
        self.lock = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), envelope.content.decode("utf-8")))
            self.lock.notify_all()
        return "250 OK"

    def to(self, address: str) -> list[str]:
        with self.lock:
            assert self.lock.wait_for(
                lambda: any(address in r for r, _ in self.messages), timeout=30
            ), f"no message to {address}"
            return [content for r, content in self.messages if address in r]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def env_for(data_dir: Path, **extra: str) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SERI_") and k != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(SERI_DATA_DIR=str(data_dir), SERI_PPRL_KEYS=f"*:{KEY}", **extra)
    return environment


def seri(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "seri", *args],
        cwd=ROOT,
        env=env_for(data_dir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


class Browser:
    """A signed-in user of one installation over HTTP (cookies, CSRF tokens from the forms),
    keeping every byte it sends to the installation."""

    def __init__(self, base: str, sent: list[bytes]):
        self.base = base
        self.sent = sent
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def request(self, path: str, data: bytes | None = None, headers=None):
        url = path if path.startswith("http") else self.base + path
        self.sent.append(url.encode() + (data or b""))
        req = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
        try:
            with self.opener.open(req, timeout=120) as response:
                return response.status, response.geturl(), response.read(), response.headers
        except urllib.error.HTTPError as exc:
            return exc.code, url, exc.read(), exc.headers

    def get(self, path: str) -> str:
        status, _url, body, _ = self.request(path)
        assert status == 200, (path, status)
        return body.decode()

    def csrf(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def post(self, path: str, fields: dict[str, str], page: str):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf(page), **fields})
        return self.request(
            path, body.encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def upload(self, path: str, name: str, filename: str, content: bytes, page: str):
        boundary = secrets.token_hex(12)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{self.csrf(page)}\r\n".encode(),
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: application/json\r\n\r\n'.encode()
            + content
            + b"\r\n",
            f"--{boundary}--\r\n".encode(),
        ]
        return self.request(
            path, b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )

    def sign_in(self, username: str) -> None:
        page = self.get("/login/")
        status, url, body, _ = self.post(
            "/login/", {"username": username, "password": PASSWORD}, page
        )
        assert status == 200 and "/two-factor/" in url, (status, url)
        code = pyotp.TOTP(SECRETS[username]).now()
        status, url, _, _ = self.post("/two-factor/", {"code": code}, body.decode())
        assert status == 200 and "/two-factor/" not in url and "/login/" not in url, url


@dataclass
class Installation:
    name: str
    data: Path
    base: str
    process: subprocess.Popen
    sent: list[bytes] = field(default_factory=list)  # every byte the installation received

    def browser(self, username: str) -> Browser:
        b = Browser(self.base, self.sent)
        b.sign_in(username)
        return b


def _wait_until_up(inst: Installation, log: Path) -> None:
    deadline = time.monotonic() + 600  # a wait, not a measure: the machine may be busy
    while True:
        assert inst.process.poll() is None, log.read_text()
        try:
            with urllib.request.urlopen(inst.base + "/login/", timeout=5) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.5)


def _stop(process: subprocess.Popen) -> None:
    """Stop a process this test started, and its children (the server's audit sequencer)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def coalition(tmp_path_factory, smtp):
    """Three installations set up and serving, and the linkage service."""
    _inbox, smtp_port = smtp
    root = tmp_path_factory.mktemp("coalition")
    template = root / "template"
    seri(template, "migrate", "-v0")
    installations: dict[str, Installation] = {}
    processes = []
    try:

        def set_up(name: str) -> Installation:
            data = root / name
            data.mkdir()
            shutil.copy(template / "seri.sqlite3", data / "seri.sqlite3")
            short = name[:4].upper()
            script = SETUP.format(
                name=name, short=short, people=PEOPLE[name], password=PASSWORD, secrets=SECRETS
            )
            seri(data, "shell", "-c", script)
            tells = ["--tells-safe"] if name == "shelter" else []
            seri(
                data,
                *("pprl", "project", "coalition", "--installation", name),
                *("--organisation", short, *tells),
                *("--legal-basis", "Synthetic test: agreement of the coalition"),
            )
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            log = root / f"{name}-serve.log"
            process = subprocess.Popen(
                [sys.executable, "-m", "seri", "serve", "--port", str(port), "--no-migrate"],
                cwd=ROOT,
                env=env_for(
                    data,
                    SERI_PUBLIC_URL=base,
                    SERI_EMAIL_HOST="127.0.0.1",
                    SERI_EMAIL_PORT=str(smtp_port),
                    SERI_EMAIL_USE_TLS="false",
                    SERI_EMAIL_FROM=f"seri@{name}.test.invalid",
                    SERI_WORKERS="1",
                ),
                stdout=log.open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            processes.append(process)
            return Installation(name, data, base, process)

        installations.update(parallel(set_up, list(PEOPLE)))
        for inst in installations.values():
            _wait_until_up(inst, root / f"{inst.name}-serve.log")

        tokens = {name: secrets.token_urlsafe(24) for name in PEOPLE}
        for name, token in tokens.items():
            (root / f"{name}.token").write_text(token)
        (root / "participants.json").write_text(json.dumps(tokens))
        service_log = root / "service.log"
        service = subprocess.Popen(
            [
                *(sys.executable, "-m", "seri", "pprl", "serve"),
                # port 0: the service binds a port the system gives it and prints it, so no
                # other process (the other database's suite, side by side) can take it first
                *("--participants", str(root / "participants.json"), "--port", "0"),
            ],
            cwd=ROOT,
            env=env_for(root / "service"),
            stdout=service_log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        processes.append(service)
        deadline = time.monotonic() + 600
        while "linkage service on" not in service_log.read_text():
            assert service.poll() is None and time.monotonic() < deadline, service_log.read_text()
            time.sleep(0.3)
        listening = re.search(r"linkage service on http://[^:]+:(\d+)", service_log.read_text())
        assert listening, service_log.read_text()
        port = int(listening.group(1))
        yield {
            "root": root,
            "installations": installations,
            "service": f"http://127.0.0.1:{port}",
            "service_log": service_log,
            "tokens": tokens,
        }
    finally:
        for process in processes:
            _stop(process)


@pytest.fixture(scope="module")
def linked(coalition):
    """The run as the admins drive it: download the encodings from the project's page, send
    them with `seri pprl submit`, upload the result to the same page."""
    root, installations = coalition["root"], coalition["installations"]
    admins = {name: inst.browser("admin") for name, inst in installations.items()}
    encodings = {}
    for name, admin in admins.items():
        page = admin.get("/pprl/projects/coalition/")
        status, _url, body, headers = admin.post("/pprl/projects/coalition/encode/", {}, page)
        assert status == 200 and "attachment" in headers["Content-Disposition"]
        encodings[name] = body
        (root / f"{name}.json").write_bytes(body)
    submits = {
        name: subprocess.Popen(
            [
                *(sys.executable, "-m", "seri", "pprl", "submit", str(root / f"{name}.json")),
                *("--server", coalition["service"], "--run", "run-1"),
                *("--token-file", str(root / f"{name}.token")),
                *("-o", str(root / f"{name}-result.json")),
            ],
            cwd=ROOT,
            env=env_for(installations[name].data),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in installations
    }
    for p in submits.values():
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0, out
    results = {}
    for name, admin in admins.items():
        results[name] = (root / f"{name}-result.json").read_bytes()
        page = admin.get("/pprl/projects/coalition/")
        status, _url, body, _ = admin.upload(
            "/pprl/projects/coalition/import/", "result", "result.json", results[name], page
        )
        assert status == 200 and "possible match(es) stored" in body.decode(), body.decode()
    # The embassy and the shelter agreed on e-mail to each other's coordinator.
    page = admins["embassy"].get("/pprl/projects/coalition/")
    admins["embassy"].post(
        "/pprl/projects/coalition/channels/",
        {"installation": "shelter", "referral_email": "admin@shelter.test.invalid"},
        page,
    )
    found = parallel(
        lambda name: json.loads(
            seri(installations[name].data, "shell", "-c", REPORT).splitlines()[-1]
        ),
        list(installations),
    )
    return {"encodings": encodings, "results": results, "found": found, "admins": admins}


def test_people_at_two_installations_are_one_group_and_nobody_else(linked):
    found = {name: f["matches"] for name, f in linked["found"].items()}
    # Different scripts (a Han name, its Cantonese romanisation) found as one person.
    assert found["shelter"] == [["陳家豪", "embassy", 1.0, "open"]]
    assert found["embassy"] == [
        ["Chan Ka Ho", "shelter", 1.0, "open"],
        ["Nguyen Thi Lan", "police", 1.0, "open"],
    ]
    assert found["police"] == [["Nguyen Thi Lan", "embassy", 1.0, "open"]]
    # Sokha Chan (shelter only) and Aung Ko Ko (police only) are in no group.
    assert all(name not in ("Sokha Chan", "Aung Ko Ko") for f in found.values() for name, *_ in f)


def test_no_installation_receives_another_installations_names(coalition, linked):
    for name, inst in coalition["installations"].items():
        received = b"".join(inst.sent)
        assert linked["results"][name] in received  # the result file went in over HTTP
        own = {value for value, *_ in PEOPLE[name]}
        others = {v for o, people in PEOPLE.items() if o != name for v, *_ in people} - own
        for leaked in others:
            for form in (leaked.encode(), json.dumps(leaked).strip('"').encode()):
                assert form not in received, (name, leaked)
                assert form not in linked["results"][name], (name, leaked)
        text = linked["results"][name].decode()
        assert not any(mentions(text, part) for part in NAME_PARTS), name


def test_the_service_keeps_no_encodings_and_logs_nothing_identifying(coalition, linked):
    request = urllib.request.Request(  # noqa: S310 (loopback)
        coalition["service"] + "/state",
        headers={"Authorization": f"Bearer {coalition['tokens']['police']}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert json.loads(response.read()) == {"runs": 0, "encodings": 0, "results_waiting": 0}
    log = coalition["service_log"].read_text()
    assert "linked: 2 groups" in log
    for body in linked["encodings"].values():
        for record in json.loads(body)["records"]:
            assert record["id"] not in log
            assert all(c[:16] not in log for c in record["clks"])
    assert not any(mentions(log, part) for part in NAME_PARTS)


def test_a_familys_tracing_report_hears_and_asks_the_shelter_for_a_referral(
    coalition, linked, smtp
):
    inbox, _port = smtp
    embassy, shelter = coalition["installations"]["embassy"], coalition["installations"]["shelter"]
    # The caseworker of the embassy's tracing case gets the notice by e-mail: a link, no name.
    (notice,) = inbox.to("worker@embassy.test.invalid")
    link = re.search(rf"{re.escape(embassy.base)}/cases/[A-Z0-9-]+/", notice).group(0)
    assert not any(mentions(notice, part) for part in NAME_PARTS)
    worker = embassy.browser("worker")
    notices = worker.get("/work/notices/")
    assert "exists at installation shelter" in notices
    page = worker.get(link)
    assert "Chan Ka Ho" in page
    assert "A possible match exists at installation shelter" in page
    assert "That installation records the person as safe." in page
    action = re.search(r'action="(/pprl/match/[0-9a-f-]+/referral/)"', page).group(1)
    status, _url, after, _ = worker.post(action, {"next": link}, page)
    assert status == 200 and "Referral asked of installation shelter." in after.decode()

    # The shelter's coordinator gets the request: project, their record id, the asking
    # organisation; no name. Their own project page finds the person behind the id.
    (request,) = inbox.to("admin@shelter.test.invalid")
    shelter_ids = linked["found"]["shelter"]["tokens"]
    record = next(t for t in shelter_ids if t in request)
    assert shelter_ids[record] == "陳家豪"
    assert "coalition" in request and "Synthetic embassy" in request
    assert not any(mentions(request, part) for part in NAME_PARTS)
    coordinator = linked["admins"]["shelter"]
    page = coordinator.get("/pprl/projects/coalition/")
    status, url, body, _ = coordinator.post(
        "/pprl/projects/coalition/find/", {"record": record}, page
    )
    assert status == 200 and "/cases/" in url and "陳家豪" in body.decode()

    # Back at the embassy the caseworker records the decision; it shows and is audited.
    page = worker.get(link)
    action = re.search(r'action="(/pprl/match/[0-9a-f-]+/decide/)"', page).group(1)
    status, _url, after, _ = worker.post(action, {"same": "yes", "next": link}, page)
    assert status == 200
    assert "Confirmed the same person" in after.decode() and "decided by worker" in after.decode()
    audit = seri(
        embassy.data,
        "shell",
        "-c",
        "from seri.audit.models import AuditEvent; print(sorted(set(AuditEvent.objects"
        ".filter(action__startswith='pprl.').values_list('action', flat=True))))",
    )
    for action in ("pprl.imported", "pprl.referral_asked", "pprl.referral_sent"):
        assert action in audit
    assert "pprl.match_decided" in audit
    assert shelter.process.poll() is None
