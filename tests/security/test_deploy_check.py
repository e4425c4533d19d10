"""`seri check --deploy` is clean under the environment a real deployment sets."""

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

SERI = Path(sys.executable).with_name("seri")


def deploy_environment(tmp_path, **extra) -> dict[str, str]:
    return {
        # only what a service gets: no developer's SERI_* variables leak in
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "SERI_DATA_DIR": str(tmp_path),
        "SERI_HTTPS": "true",
        "SERI_SECRET_KEY": secrets.token_urlsafe(64),
        "SERI_ALLOWED_HOSTS": "seri.example.org",
        "SERI_CSRF_TRUSTED_ORIGINS": "https://seri.example.org",
        "SERI_DEBUG": "false",
        **extra,
    }


def seri_check(environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SERI), "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("behind_proxy", ["false", "true"])
def test_the_deploy_check_is_clean_in_production(tmp_path, behind_proxy):
    result = seri_check(deploy_environment(tmp_path, SERI_BEHIND_PROXY=behind_proxy))
    assert result.returncode == 0, result.stdout + result.stderr


def test_it_warns_without_https(tmp_path):
    # The check really runs: without HTTPS the same command fails on the missing settings.
    result = seri_check(deploy_environment(tmp_path, SERI_HTTPS="false"))
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, result.stderr


def production_settings(environment: dict[str, str]) -> dict:
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "DEBUG",
    ]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "seri.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_https_turns_on_redirects_hsts_and_secure_cookies(tmp_path):
    values = production_settings(deploy_environment(tmp_path))
    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "DEBUG": False,
    }


def test_behind_a_proxy_the_forwarded_scheme_is_trusted(tmp_path):
    values = production_settings(deploy_environment(tmp_path, SERI_BEHIND_PROXY="true"))
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_hsts_is_configurable(tmp_path):
    environment = deploy_environment(
        tmp_path,
        SERI_HSTS_SECONDS="3600",
        SERI_HSTS_INCLUDE_SUBDOMAINS="false",
        SERI_HSTS_PRELOAD="true",
    )
    values = production_settings(environment)
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is True


def test_a_laptop_install_needs_no_https(tmp_path):
    values = production_settings({"PATH": "/usr/bin:/bin", "SERI_DATA_DIR": str(tmp_path)})
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


# --- files in the data directory: Seri's account only ---------------------------------------------


def modes_under(root: Path) -> dict[str, int]:
    return {
        str(path.relative_to(root)): path.stat().st_mode & 0o777
        for path in [root, *root.rglob("*")]
        if not path.is_symlink() and "static" not in path.relative_to(root).parts
    }


def test_what_seri_writes_is_for_its_own_account_only(tmp_path):
    data = tmp_path / "data"
    environment = deploy_environment(tmp_path, SERI_DATA_DIR=str(data))
    del environment["SERI_SECRET_KEY"]  # so that Seri writes its own into the data directory
    migrate = subprocess.run(
        [str(SERI), "migrate", "--no-input"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    # the database (with its WAL and shared memory while open), keys, the secret key
    subprocess.run(
        [str(SERI), "shell", "-c", "from seri.core import crypto; crypto.keyring()"],
        env=environment,
        check=True,
        capture_output=True,
        timeout=120,
    )
    modes = modes_under(data)
    assert {"seri.sqlite3", "secret_key", "keys.json"} <= set(modes), modes
    assert modes.pop(".") == 0o700
    wider = {name: oct(mode) for name, mode in modes.items() if mode & 0o077}
    assert not wider, wider
    assert seri_check(environment).returncode == 0


def test_it_warns_when_files_in_the_data_directory_are_readable_by_others(tmp_path):
    environment = deploy_environment(tmp_path)
    backups = tmp_path / "backups"
    backups.mkdir()
    backup = backups / "seri-2026-01-01.seri-backup"
    backup.write_bytes(b"")
    backup.chmod(0o644)  # as an older Seri, or a copy made by hand, left it
    uploads = tmp_path / "files"
    uploads.mkdir()
    uploads.chmod(0o755)
    result = seri_check(environment)
    assert result.returncode != 0
    assert "seri.W002" in result.stderr and "2 files or directories" in result.stderr
    assert str(backup) in result.stderr and str(uploads) in result.stderr, result.stderr
    backup.chmod(0o600)
    uploads.chmod(0o700)
    assert seri_check(environment).returncode == 0


def test_a_data_directory_left_open_is_closed_at_start(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o755)
    for name in ("seri.sqlite3", "seri.sqlite3-wal", "keys.json"):  # as an older Seri left them
        (data / name).write_bytes(b"")
        (data / name).chmod(0o644)
    production_settings(deploy_environment(tmp_path, SERI_DATA_DIR=str(data)))
    assert modes_under(data) == {
        ".": 0o700,
        "seri.sqlite3": 0o600,
        "seri.sqlite3-wal": 0o600,
        "keys.json": 0o600,
    }
