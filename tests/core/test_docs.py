"""The map must tell the truth: decision records say their status and date, superseded ones
say by which, and architecture.md names every app that exists."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DECISIONS = sorted((ROOT / "docs" / "decisions").glob("[0-9][0-9][0-9][0-9]-*.md"))


@pytest.mark.parametrize("path", DECISIONS, ids=lambda p: p.name)
def test_each_decision_has_status_and_date(path):
    head = path.read_text(encoding="utf-8").splitlines()[:6]
    status = next((line for line in head if line.startswith("Status: ")), None)
    date = next((line for line in head if line.startswith("Date: ")), None)
    assert status, f"{path.name}: no 'Status:' line under the title"
    assert date and re.fullmatch(r"Date: \d{4}-\d{2}-\d{2}", date.strip()), path.name
    if "superseded" in status.lower():
        numbers = re.findall(r"\b(\d{4})\b", status)
        assert numbers, f"{path.name}: superseded, but by which?"
        for number in numbers:
            assert list((ROOT / "docs" / "decisions").glob(f"{number}-*.md")), number


def test_architecture_names_every_app():
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    apps = [p.parent.name for p in (ROOT / "seri").glob("*/apps.py")]
    missing = [app for app in apps if f"seri/{app}" not in text]
    assert not missing, f"docs/architecture.md does not describe: {missing}"
