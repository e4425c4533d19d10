"""Identifying data is encrypted in the database, found again through keyed indexes, and a
real dump of a demo database shows none of it."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from seri.cases.models import PersonName, PhoneNumber
from seri.core import crypto
from seri.intake.models import Report
from tests.intake.test_intake_record import _inputs

SERI = str(Path(sys.executable).with_name("seri"))
PG_URL = "postgres://postgres@127.0.0.1:5432/{}"


@pytest.fixture
def keys(settings):
    """Operator-supplied keys: k1 now, so that a test can add k2 and rotate."""
    settings.SERI_ENCRYPTION_KEYS = f"k1:{crypto.new_key()}"
    settings.SERI_INDEX_KEY = crypto.new_key()
    crypto.keyring.cache_clear()
    yield settings
    crypto.keyring.cache_clear()


def _raw(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table}")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def _record(bob, ngo):
    from seri.intake.services import intake_record

    report, person, case = _inputs()
    return intake_record(actor=bob, organisation=ngo, report=report, person=person, case=case)


def test_values_are_stored_encrypted_and_read_back(keys, bob, ngo):
    case = _record(bob, ngo)
    stored = _raw("cases_personname", "value") + _raw("cases_phonenumber", "e164")
    stored += _raw("intake_report", "original_text")
    assert stored and all(value.startswith("enc1:k1:") for value in stored)
    assert not any("Testperson" in value or "84912345678" in value for value in stored)
    assert {n.value for n in case.person.names.all()} == {"Testperson Beta", "测试人"}
    assert PhoneNumber.objects.get().e164 == "+84912345678"


def test_a_value_moved_to_another_column_does_not_decrypt(keys, bob, ngo):
    _record(bob, ngo)
    name = _raw("cases_personname", "value")[0]
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(name, context="intake.Report.original_text")


def test_rotation_re_encrypts_under_the_new_key_and_can_resume(keys, bob, ngo):
    _record(bob, ngo)
    old = keys.SERI_ENCRYPTION_KEYS
    keys.SERI_ENCRYPTION_KEYS = f"k2:{crypto.new_key()},{old}"
    crypto.keyring.cache_clear()
    call_command("rotate-key", batch_size=1, stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert all(v.startswith("enc1:k2:") for v in _raw("cases_personname", "value"))
    call_command("rotate-key", stdout=open(os.devnull, "w"))  # noqa: SIM115  (nothing left)
    keys.SERI_ENCRYPTION_KEYS = keys.SERI_ENCRYPTION_KEYS.split(",")[0]  # old key removed
    crypto.keyring.cache_clear()
    assert Report.objects.get().original_text.startswith("My brother Testperson Beta")
    assert PersonName.objects.filter(kind="full").get().value == "Testperson Beta"


def test_a_missing_key_is_a_clear_error(keys, bob, ngo):
    _record(bob, ngo)
    keys.SERI_ENCRYPTION_KEYS = f"k9:{crypto.new_key()}"
    crypto.keyring.cache_clear()
    with pytest.raises(crypto.DecryptionError, match="key 'k1'"):
        list(PersonName.objects.all())


def _demo_env(tmp_path: Path, database_url: str | None = None) -> dict:
    env = {**os.environ, "SERI_DATA_DIR": str(tmp_path)}
    env.pop("SERI_ENCRYPTION_KEYS", None)
    env.pop("SERI_INDEX_KEY", None)
    if database_url:
        env["SERI_DATABASE_URL"] = database_url
    else:
        env.pop("SERI_DATABASE_URL", None)
    subprocess.run([SERI, "demo", "--people", "30"], env=env, check=True, capture_output=True)
    return env


# Every value of every identifying field (names, phones, notes, task titles, consent givers,
# evidence descriptions, capture addresses, …), decrypted by the running code: none of them may
# be readable in the database's own files.
_ALL_IDENTIFYING_VALUES = """
import json
from seri.core.identifying import encrypted_fields
values = []
for model, field in encrypted_fields():
    if getattr(field, "purpose", None):
        continue  # a blind index: keyed, not the value
    for value in model._base_manager.values_list(field.attname, flat=True):
        if isinstance(value, str):
            values.append(value.replace(" (demo)", ""))
print(json.dumps(values))
"""


def _identifying_values(env: dict) -> list[str]:
    out = subprocess.run(
        [SERI, "shell", "-c", _ALL_IDENTIFYING_VALUES],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    values = json.loads(out.strip().splitlines()[-1])
    assert len(values) > 30
    return values


def _leaks(blob: bytes, values: list[str]) -> list[str]:
    return [v for v in values if len(v) >= 5 and v.encode() in blob]


def test_a_sqlite_file_holds_no_readable_names_or_phones(tmp_path):
    env = _demo_env(tmp_path)
    values = _identifying_values(env)
    subprocess.run(
        [
            SERI,
            "shell",
            "-c",
            "from django.db import connection; "
            "connection.cursor().execute('PRAGMA wal_checkpoint(TRUNCATE)')",
        ],
        env=env,
        check=True,
        capture_output=True,
    )
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("seri.sqlite3*"))
    assert _leaks(blob, values) == []


def _postgres_available() -> bool:
    try:
        psycopg.connect(PG_URL.format("postgres"), connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return True


@pytest.mark.skipif(
    not _postgres_available() and not os.environ.get("CI"),
    reason="no PostgreSQL server at 127.0.0.1:5432 (CI has one)",
)
def test_a_pg_dump_holds_no_readable_names_or_phones(tmp_path):
    name = f"seri_dump_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL.format("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env = _demo_env(tmp_path, PG_URL.format(name))
        values = _identifying_values(env)
        dump = subprocess.run(
            ["pg_dump", "--host=127.0.0.1", "--username=postgres", name],
            check=True,
            capture_output=True,
        ).stdout
        assert b"cases_personname" in dump
        assert _leaks(dump, values) == []
    finally:
        with psycopg.connect(PG_URL.format("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
