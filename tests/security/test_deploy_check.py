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
