"""English, Simplified Chinese and Khmer are kept complete: every string that the code marks
for translation (found again by makemessages) has a translation, and the committed .mo files
match the .po files."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is needed")
def test_every_string_is_translated():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_translations.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_pages_come_in_each_language(client_for, bob):
    client = client_for(bob)
    for language, word in [("zh-hans", "个案"), ("km", "ករណី")]:
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        assert word in client.get("/cases/").text
