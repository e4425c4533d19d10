"""`seri backup` and `seri restore` for real: each installation is its own `seri` process with
its own data directory (a SQLite file, or a PostgreSQL database of its own), as an operator
would run them."""

import base64
import json
import os
import secrets
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
STORED_FILE = "reports/5e/5e71-test-attachment"
# Plaintext that would show through a backup that is not encrypted.
STORED_BYTES = "Voice note transcript: Nguyễn Văn An, 张伟, Sihanoukville\n".encode() * 50
COUNTS = """
import json
from django.apps import apps
model = apps.get_model
print(json.dumps({
    "cases": model("cases", "Case").objects.count(),
    "people": model("cases", "Person").objects.count(),
    "audit": model("audit", "AuditEvent").objects.count(),
    "a_name": model("cases", "PersonName").objects.order_by("id").first().value,
}))
"""


def random_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


# The keys of encryption at rest come from the environment and must be the same on both sides
# of a restore (they are deliberately not in the backup); without them each data directory
# would make keys of its own.
AT_REST_KEYS = {
    "SERI_ENCRYPTION_KEYS": f"test1:{random_key()}",
    "SERI_INDEX_KEY": random_key(),
}
KEY = random_key()


def seri(
    *args: str, data_dir: Path, database_url: str | None = None, key: str | None = KEY
) -> subprocess.CompletedProcess:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SERI_") and name != "DJANGO_SETTINGS_MODULE"
    }
    environment.update(AT_REST_KEYS, SERI_DATA_DIR=str(data_dir))
    if database_url:
        environment["SERI_DATABASE_URL"] = database_url
    if key:
        environment["SERI_BACKUP_KEY"] = key
    return subprocess.run(
        [sys.executable, "-m", "seri", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def fails_cleanly(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    assert "CommandError" in result.stderr
    assert message in result.stderr, result.stderr


def facts(data_dir: Path, database_url: str | None = None) -> dict:
    output = ok(
        seri("shell", "-v", "0", "-c", COUNTS, data_dir=data_dir, database_url=database_url)
    )
    return json.loads(output.strip().splitlines()[-1])


def verify_if_available(data_dir: Path, database_url: str | None = None) -> None:
    # `seri verify` (the hash-chained audit trail) may not exist yet in this version.
    if "verify" in get_commands():
        ok(seri("verify", data_dir=data_dir, database_url=database_url))


@dataclass
class Source:
    data_dir: Path
    backup: Path
    facts: dict
    database_url: str | None = None


def make_source(base: Path, database_url: str | None = None) -> Source:
    data_dir = base / "a"
    ok(seri("migrate", "-v", "0", data_dir=data_dir, database_url=database_url))
    ok(seri("demo", "--people", "20", data_dir=data_dir, database_url=database_url))
    stored = data_dir / "files" / STORED_FILE
    stored.parent.mkdir(parents=True)
    stored.write_bytes(STORED_BYTES)
    backup = base / "seri.seribackup"
    output = ok(
        seri("backup", "--output", str(backup), data_dir=data_dir, database_url=database_url)
    )
    assert str(backup) in output
    source_facts = facts(data_dir, database_url)
    assert source_facts["people"] == 20 and source_facts["audit"] > 0
    return Source(data_dir, backup, source_facts, database_url)


def assert_restored(source: Source, data_dir: Path, database_url: str | None = None) -> None:
    assert facts(data_dir, database_url) == source.facts
    assert (data_dir / "files" / STORED_FILE).read_bytes() == STORED_BYTES
    verify_if_available(data_dir, database_url)


def sqlite_is_empty(data_dir: Path) -> bool:
    database = data_dir / "seri.sqlite3"
    if database.exists():
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:
            return False
    files = data_dir / "files"
    return not files.exists() or not any(files.iterdir())


# SQLite


@pytest.fixture(scope="module")
def sqlite_source(tmp_path_factory) -> Source:
    return make_source(tmp_path_factory.mktemp("sqlite"))


def test_sqlite_round_trip(sqlite_source, tmp_path):
    output = ok(seri("restore", str(sqlite_source.backup), data_dir=tmp_path / "b"))
    assert "Restored the backup" in output
    assert_restored(sqlite_source, tmp_path / "b")


def test_backup_shows_no_identifying_data(sqlite_source):
    data = sqlite_source.backup.read_bytes()
    name = sqlite_source.facts["a_name"]
    assert name and name.encode() not in data
    assert "Nguyễn Văn An".encode() not in data
    assert b"Voice note transcript" not in data
    assert b"SQLite format 3" not in data


def test_check_reads_a_backup_without_restoring(sqlite_source, tmp_path):
    output = ok(seri("restore", "--check", str(sqlite_source.backup), data_dir=tmp_path))
    assert "complete and intact" in output
    assert sqlite_is_empty(tmp_path)


def test_backup_needs_a_key(tmp_path):
    result = seri("backup", data_dir=tmp_path, key=None)
    fails_cleanly(result, "No backup key is configured")
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").iterdir())


def test_restore_with_a_wrong_key_fails_cleanly(sqlite_source, tmp_path):
    result = seri("restore", str(sqlite_source.backup), data_dir=tmp_path, key=random_key())
    fails_cleanly(result, "not made with the configured backup key")
    assert sqlite_is_empty(tmp_path)


# Every position and every cut are tried on small streams in test_encryption.py; here one of
# each goes through the command.


def test_restore_of_a_changed_file_fails_cleanly(sqlite_source, tmp_path):
    data = bytearray(sqlite_source.backup.read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged = tmp_path / "damaged.seribackup"
    damaged.write_bytes(bytes(data))
    result = seri("restore", str(damaged), data_dir=tmp_path / "b")
    fails_cleanly(result, "failed its integrity check")
    assert sqlite_is_empty(tmp_path / "b")


def test_restore_of_a_truncated_file_fails_cleanly(sqlite_source, tmp_path):
    data = sqlite_source.backup.read_bytes()
    truncated = tmp_path / "truncated.seribackup"
    truncated.write_bytes(data[: len(data) - 1000])
    result = seri("restore", str(truncated), data_dir=tmp_path / "b")
    fails_cleanly(result, "failed its integrity check")
    assert sqlite_is_empty(tmp_path / "b")


def test_restore_refuses_an_installation_with_data(sqlite_source):
    result = seri("restore", str(sqlite_source.backup), data_dir=sqlite_source.data_dir)
    fails_cleanly(result, "already holds data")
    # --force replaces it (here with the same data).
    ok(seri("restore", "--force", str(sqlite_source.backup), data_dir=sqlite_source.data_dir))
    assert facts(sqlite_source.data_dir) == sqlite_source.facts


# PostgreSQL


def postgres_admin_url() -> str:
    url = os.environ.get("SERI_TEST_POSTGRES_URL") or os.environ.get("SERI_DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgresql://postgres@127.0.0.1:5432/postgres"
    return urlsplit(url)._replace(path="/postgres").geturl()


@pytest.fixture(scope="module")
def postgres_databases():
    """Two fresh databases, the source and the target of a restore, dropped afterwards."""
    import psycopg
    from psycopg import sql

    admin_url = postgres_admin_url()
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and is not reachable: {error}")
        pytest.skip(f"no PostgreSQL server reachable at {urlsplit(admin_url).hostname}")
    suffix = secrets.token_hex(4)
    names = [f"seri_backup_a_{suffix}", f"seri_backup_b_{suffix}"]
    with admin:
        for name in names:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield [urlsplit(admin_url)._replace(path=f"/{name}").geturl() for name in names]
        finally:
            for name in names:
                admin.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )


def test_postgresql_round_trip(postgres_databases, tmp_path):
    source_url, target_url = postgres_databases
    source = make_source(tmp_path, database_url=source_url)
    assert source.facts["a_name"].encode() not in source.backup.read_bytes()

    # A freshly migrated installation counts as empty; the restore replaces its tables.
    target = tmp_path / "b"
    ok(seri("migrate", "-v", "0", data_dir=target, database_url=target_url))
    ok(seri("restore", str(source.backup), data_dir=target, database_url=target_url))
    assert_restored(source, target, target_url)

    result = seri("restore", str(source.backup), data_dir=target, database_url=target_url)
    fails_cleanly(result, "already holds data")

    result = seri("restore", str(source.backup), data_dir=tmp_path / "sqlite")
    fails_cleanly(result, "Restoring across database engines is not supported")
    assert sqlite_is_empty(tmp_path / "sqlite")
