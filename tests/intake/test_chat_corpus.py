"""The hand-written corpus (tests/intake/exports/): every export is read completely, each of its
lines or entries ends where its expected accounting says, every message is stored verbatim,
and importing it again creates nothing."""

import json
import re
import shutil
from pathlib import Path

import pytest

from seri.intake.importers import telegram, whatsapp
from seri.intake.importers.telegram import import_telegram
from seri.intake.importers.whatsapp import import_whatsapp
from seri.intake.models import Report
from seri.intake.reading import suggest

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).parent / "exports"
WHATSAPP = sorted(
    p.name.removesuffix(".expected.json") for p in (CORPUS / "whatsapp").glob("*.json")
)
TELEGRAM = sorted(
    p.name.removesuffix(".expected.json") for p in (CORPUS / "telegram").glob("*.json")
)
LINE = re.compile(r", line (\d+)$")


def _expected(kind: str, name: str) -> dict:
    return json.loads((CORPUS / kind / f"{name}.expected.json").read_text(encoding="utf-8"))


def _whatsapp_export(name: str, tmp_path: Path) -> Path:
    source = CORPUS / "whatsapp" / name
    if source.is_dir():  # a zip with media, zipped as the phone does
        return Path(shutil.make_archive(str(tmp_path / name), "zip", source))
    folder = tmp_path / name
    folder.mkdir()
    return Path(shutil.copy(CORPUS / "whatsapp" / f"{name}.txt", folder))


def _classes(messages, summary) -> str:
    """M, C or S for each line, as the importer accounted for it."""
    classes = ["?"] * summary.entries
    for skip in summary.skips:
        classes[int(LINE.search(skip.where)[1]) - 1] = "S"
    for message in messages:
        first = int(LINE.search(message.where)[1]) - 1
        classes[first] = "M"
        for offset in range(1, message.text.count("\n") + 1):
            classes[first + offset] = "C"
    return "".join(classes)


@pytest.mark.parametrize("name", WHATSAPP)
def test_whatsapp_corpus(name, tmp_path, ngo):
    expected = _expected("whatsapp", name)
    export = _whatsapp_export(name, tmp_path)
    options = expected["options"]
    messages, summary = whatsapp.read_export(export, folder=tmp_path / "read", **options)
    assert _classes(messages, summary) == expected["classes"]
    assert summary.balanced and summary.entries == len(expected["classes"])
    assert summary.kinds == expected["kinds"]
    first = messages[0]
    assert (first.sent_at.isoformat(), first.sender) == (
        __import__("datetime")
        .datetime.fromisoformat(expected["first"]["sent_at"])
        .astimezone(first.sent_at.tzinfo)
        .isoformat(),
        expected["first"]["sender"],
    )
    imported = import_whatsapp(actor=None, organisation=ngo, path=export, **options)
    assert imported.read == expected["classes"].count("M")
    assert imported.created == imported.read
    assert imported.attachments == expected["files_found"]
    assert len(imported.warnings) == expected["warnings"], imported.warnings
    stored = "\n".join(r.original_text for r in Report.objects.all())
    for message in messages:
        assert message.text in stored  # verbatim, marks and all
    values = {s.value for s in suggest(stored)}
    assert set(expected.get("suggestions", [])) <= values  # map links and numbers for triage
    again = import_whatsapp(actor=None, organisation=ngo, path=export, **options)
    assert (again.created, again.already_present) == (0, imported.read)


@pytest.mark.parametrize("zipped", [False, True], ids=["folder", "zip"])
@pytest.mark.parametrize("name", TELEGRAM)
def test_telegram_corpus(name, zipped, tmp_path, ngo):
    expected = _expected("telegram", name)
    export = CORPUS / "telegram" / name
    if zipped:
        export = Path(shutil.make_archive(str(tmp_path / name), "zip", export))
    options = expected["options"]
    summary = import_telegram(actor=None, organisation=ngo, path=export, **options)
    assert (summary.entries, summary.read, summary.skipped) == (
        expected["entries"],
        expected["read"],
        expected["skipped"],
    )
    assert summary.balanced and summary.created == summary.read
    assert summary.attachments == expected["files_found"]
    assert len(summary.warnings) == expected["warnings"], summary.warnings
    stored = "\n".join(r.original_text for r in Report.objects.all())
    for words in expected["contains"]:
        assert words in stored
    for words in expected.get("absent", []):
        assert words not in stored
    values = {s.value for s in suggest(stored)}
    assert set(expected.get("suggestions", [])) <= values
    again = import_telegram(actor=None, organisation=ngo, path=export, **options)
    assert (again.created, again.already_present) == (0, summary.read)


def test_the_corpus_covers_every_listed_language():
    languages = {name.split("-")[0] for name in WHATSAPP}
    assert {
        "en",
        "zh",
        "km",
        "th",
        "vi",
        "my",
        "id",
        "ms",
        "tl",
        "lo",
        "ko",
        "ru",
        "de",
        "es",
        "fr",
        "pt",
    } <= languages
    assert any((CORPUS / "whatsapp" / n).is_dir() for n in WHATSAPP)  # zips with media
    assert telegram.CHANNEL_TYPES  # channels are a class of their own
