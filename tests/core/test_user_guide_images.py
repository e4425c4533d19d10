"""The user guide's pictures: each one it shows exists, and each screenshot in docs/img is
shown (scripts/screenshots.py takes them; a renamed shot leaves no stale file behind)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_guide_shows_every_screenshot_and_only_existing_ones():
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    shown = set(re.findall(r'src="img/([^"]+\.png)"', guide))
    taken = {p.name for p in (ROOT / "docs" / "img").glob("*.png")}
    assert shown, "the user guide shows no screenshot"
    assert shown <= taken, f"missing in docs/img: {sorted(shown - taken)}"
    assert taken <= shown, f"not in the user guide: {sorted(taken - shown)}"


def test_the_screenshot_script_takes_each_picture_the_guide_shows():
    script = (ROOT / "scripts" / "screenshots.py").read_text(encoding="utf-8")
    shots = re.findall(r'Shot\("([a-z-]+)", [^,]+, "([a-z-]+)", (DESK|PHONE)', script)
    names = {
        f"{name}-{language.split('-')[0]}-{1280 if width == 'DESK' else 390}.png"
        for name, language, width in shots
    }
    taken = {p.name for p in (ROOT / "docs" / "img").glob("*.png")}
    assert names == taken
