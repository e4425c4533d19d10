"""Settings are strict and complete: every SERI_* variable is read in seri/settings.py, through
its typed helpers, and listed in .env.example; a value that is not what it should be stops Seri
with an error naming the variable instead of silently meaning something else."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from seri import settings as seri_settings

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "seri" / "settings.py"
ENV_EXAMPLE = ROOT / ".env.example"
READERS = {"env", "env_bool", "env_int", "env_list"}


def variables_read_in_settings() -> set[str]:
    """The first argument of every call of the settings module's env helpers."""
    names = set()
    for node in ast.walk(ast.parse(SETTINGS.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in READERS
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
    return names


def variables_in_env_example() -> set[str]:
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    names = set(re.findall(r"^#?\s*(SERI_[A-Z0-9_]+?)(?:_FILE)?=", text, flags=re.MULTILINE))
    return names


def test_the_settings_read_some_variables():
    # The parse above works: these are certainly read.
    assert {"SERI_DATA_DIR", "SERI_HTTPS", "SERI_API_TOKEN_DAYS"} <= variables_read_in_settings()


def test_every_variable_read_in_settings_is_in_env_example():
    missing = variables_read_in_settings() - variables_in_env_example()
    assert not missing, f"add these to .env.example with their default and meaning: {missing}"


def test_env_example_lists_nothing_that_is_not_read():
    unknown = variables_in_env_example() - variables_read_in_settings()
    assert not unknown, f".env.example lists variables nothing reads: {unknown}"


def _environment_reads(tree: ast.AST) -> list[int]:
    """Lines of `os.environ.get(...)`, `os.environ[...]` and `os.getenv(...)` reads."""
    lines = []
    for node in ast.walk(tree):
        target = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            func = node.func
            if func.attr == "getenv" and isinstance(func.value, ast.Name):
                target = func.value.id == "os"
            elif func.attr == "get" and isinstance(func.value, ast.Attribute):
                target = func.value.attr == "environ"
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            target = node.value.attr == "environ" and isinstance(node.ctx, ast.Load)
        if target:
            lines.append(node.lineno)
    return lines


def test_nothing_but_the_settings_module_reads_the_environment():
    offenders = []
    for path in sorted((ROOT / "seri").rglob("*.py")):
        if path == SETTINGS:
            continue
        lines = _environment_reads(ast.parse(path.read_text(encoding="utf-8")))
        offenders += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    assert not offenders, f"read these through seri.settings instead: {offenders}"


# --- typed values --------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["ture", "2", "enabled", "yes please"])
def test_a_boolean_that_is_not_a_boolean_is_refused(monkeypatch, value):
    monkeypatch.setenv("SERI_HTTPS", value)
    with pytest.raises(ImproperlyConfigured, match="SERI_HTTPS"):
        seri_settings.env_bool("SERI_HTTPS")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("true", True), ("Yes", True), ("on", True), ("1", True), ("false", False), ("OFF", False)],
)
def test_booleans_read(monkeypatch, value, expected):
    monkeypatch.setenv("SERI_HTTPS", value)
    assert seri_settings.env_bool("SERI_HTTPS") is expected


def test_an_unset_or_empty_boolean_is_its_default(monkeypatch):
    monkeypatch.delenv("SERI_HTTPS", raising=False)
    assert seri_settings.env_bool("SERI_HTTPS", True) is True
    monkeypatch.setenv("SERI_HTTPS", "")
    assert seri_settings.env_bool("SERI_HTTPS", False) is False


@pytest.mark.parametrize("value", ["thirty", "1.5", "-3"])
def test_a_number_that_is_not_a_number_is_refused(monkeypatch, value):
    monkeypatch.setenv("SERI_API_TOKEN_DAYS", value)
    with pytest.raises(ImproperlyConfigured, match="SERI_API_TOKEN_DAYS"):
        seri_settings.env_int("SERI_API_TOKEN_DAYS", 30, minimum=1)


def test_a_secret_comes_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "token_days"
    secret.write_text("12\n", encoding="utf-8")
    monkeypatch.setenv("SERI_API_TOKEN_DAYS_FILE", str(secret))
    assert seri_settings.env_int("SERI_API_TOKEN_DAYS", 30) == 12


def test_seri_does_not_start_with_a_mistyped_boolean(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "seri.settings",
            "SERI_DATA_DIR": str(tmp_path),
            "SERI_HTTPS": "ture",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SERI_HTTPS must be true or false" in result.stderr
