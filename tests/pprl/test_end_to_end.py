"""Three installations (three data directories, three SQLite databases, the `seri` command run
against each) and a linkage service process, over real HTTP on loopback.

陳家豪 at the shelter and Chan Ka Ho at the embassy (same birth year, sex, nationality) come
back as one group; Nguyen Thi Lan at the embassy and the police as another; people recorded at
one installation only are in no group; no installation receives another's names."""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from base64 import b64encode
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = b64encode(secrets.token_bytes(32)).decode()

PEOPLE = {
    "shelter": [("陳家豪", "Masculine", 1990, "HK"), ("Sokha Chan", "Feminine", 2001, "KH")],
    "embassy": [
        ("Chan Ka Ho", "Masculine", 1990, "HK"),
        ("Nguyen Thi Lan", "Feminine", 1998, "VN"),
    ],
    "police": [("Nguyen Thi Lan", "Feminine", 1998, "VN"), ("Aung Ko Ko", "Masculine", 1995, "MM")],
}
NAMES_SEEN = ["陳", "Chan", "chan", "Sokha", "sokha", "Nguyen", "nguyen", "Aung", "aung", "Ka Ho"]

SETUP = """
import datetime as dt
from seri.cases.models import Case, Nationality, Person, PersonName
from seri.orgs.models import Organisation
org = Organisation.objects.create(name="Synthetic {name}", short_name="{short}", country="KH")
for value, gender, year, nat in {people!r}:
    p = Person.objects.create(organisation=org, gender=gender, date_of_birth=dt.date(year, 6, 1))
    script = "Hani" if value[0] > "~" else "Latn"
    PersonName.objects.create(person=p, kind="full", script=script, value=value)
    Nationality.objects.create(person=p, country=nat)
    Case.objects.create(organisation=org, person=p)
"""

REPORT = """
import json
from seri.pprl.models import PprlMatch
print(json.dumps(sorted(
    [m.record.person.names.first().value, m.installation, round(m.similarity, 2)]
    for m in PprlMatch.objects.select_related("record__person")
), ensure_ascii=False))
"""


def env_for(data_dir: Path) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SERI_") and k != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(SERI_DATA_DIR=str(data_dir), SERI_PPRL_KEYS=f"*:{KEY}")
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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> Path:
    template = tmp_path_factory.mktemp("template")
    seri(template, "migrate", "-v0")
    return template / "seri.sqlite3"


def test_three_installations_and_a_linkage_service(tmp_path, migrated):
    dirs = {}
    for name, people in PEOPLE.items():
        dirs[name] = tmp_path / name
        dirs[name].mkdir()
        shutil.copy(migrated, dirs[name] / "seri.sqlite3")
        short = name[:4].upper()
        seri(dirs[name], "shell", "-c", SETUP.format(name=name, short=short, people=people))
        seri(
            dirs[name],
            "pprl",
            "project",
            "coalition",
            "--installation",
            name,
            "--organisation",
            short,
            "--legal-basis",
            "Synthetic test: agreement of the coalition",
        )
        out = seri(
            dirs[name],
            "pprl",
            "encode",
            "--project",
            "coalition",
            "-o",
            str(tmp_path / f"{name}.json"),
        )
        assert out.startswith("2 people encoded")

    tokens = {name: secrets.token_urlsafe(24) for name in PEOPLE}
    for name, token in tokens.items():
        (tmp_path / f"{name}.token").write_text(token)
    (tmp_path / "participants.json").write_text(json.dumps(tokens))
    port = free_port()
    log = (tmp_path / "service.log").open("w")
    service = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "seri",
            "pprl",
            "serve",
            "--participants",
            str(tmp_path / "participants.json"),
            "--port",
            str(port),
        ],
        cwd=ROOT,
        env=env_for(tmp_path / "service"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while "linkage service on" not in (tmp_path / "service.log").read_text():
            assert service.poll() is None and time.monotonic() < deadline, (
                tmp_path / "service.log"
            ).read_text()
            time.sleep(0.3)
        submits = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "seri",
                    "pprl",
                    "submit",
                    str(tmp_path / f"{name}.json"),
                    "--server",
                    f"http://127.0.0.1:{port}",
                    "--run",
                    "run-1",
                    "--token-file",
                    str(tmp_path / f"{name}.token"),
                    "-o",
                    str(tmp_path / f"{name}-result.json"),
                ],
                cwd=ROOT,
                env=env_for(dirs[name]),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name in PEOPLE
        ]
        for p in submits:
            out, _ = p.communicate(timeout=300)
            assert p.returncode == 0, out
    finally:
        service.terminate()
        service.wait(timeout=30)
        log.close()

    for name in PEOPLE:
        received = (tmp_path / f"{name}-result.json").read_bytes()
        others = [n for other, people in PEOPLE.items() if other != name for n, *_ in people]
        for leaked in [*others, *NAMES_SEEN]:
            assert leaked.encode() not in received, (name, leaked)
            assert json.dumps(leaked).strip('"').encode() not in received
        seri(
            dirs[name],
            "pprl",
            "import",
            str(tmp_path / f"{name}-result.json"),
            "--project",
            "coalition",
        )

    found = {
        name: json.loads(seri(dirs[name], "shell", "-c", REPORT).splitlines()[-1])
        for name in PEOPLE
    }
    assert found["shelter"] == [["陳家豪", "embassy", 1.0]]
    assert found["embassy"] == [["Chan Ka Ho", "shelter", 1.0], ["Nguyen Thi Lan", "police", 1.0]]
    assert found["police"] == [["Nguyen Thi Lan", "embassy", 1.0]]

    service_log = (tmp_path / "service.log").read_text()
    assert "linked: 2 groups" in service_log
    for name in PEOPLE:
        for record in json.loads((tmp_path / f"{name}.json").read_text())["records"]:
            assert record["id"] not in service_log
            assert record["clks"][0][:16] not in service_log
