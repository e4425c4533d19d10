"""What an import skipped, and why, is stored as codes with parameters and read on the import
page in the reader's language (issue 19, item 6); runs stored before show their sentences as
written."""

import pytest
from django.utils import translation
from django.utils.html import escape

from seri.intake.importers.telegram import read_export
from seri.intake.models import ImportRun
from tests.conftest import login
from tests.intake.exports import ANDROID_EN_GB, telegram_export
from tests.intake.readers import IMMEDIATE, READERS, import_page, in_language, upload_whatsapp

pytestmark = pytest.mark.django_db


def test_a_whatsapp_imports_skips_are_read_in_the_readers_language(settings, bob):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    skip = upload_whatsapp(client, ANDROID_EN_GB).accounting["skips"][0]
    # Stored as codes: no sentence in the importer's language.
    assert skip == {
        "place": [["line", {"file": "upload.txt", "line": 1}]],
        "reason": ["notice.encryption"],
    }
    assert "line 1: encryption notice" in import_page(client, "en")
    for language in READERS:
        page = import_page(client, language)
        where = in_language(language, "%(file)s, line %(line)d", {"file": "upload.txt", "line": 1})
        why = in_language(language, "encryption notice")
        assert why != "encryption notice"
        assert escape(f"{where}: {why}") in page
        assert "encryption notice" not in page


def test_a_telegram_imports_skips_are_read_in_the_readers_language(tmp_path, bob, ngo):
    with translation.override("en"):
        _messages, summary = read_export(telegram_export(tmp_path / "export"))
    ImportRun.objects.create(
        organisation=ngo,
        kind="telegram",
        started_by=bob,
        state=ImportRun.State.DONE,
        accounting=summary.accounting(),
    )
    assert summary.accounting()["skips"] == [
        {
            "place": [["file", "result.json"], ["message_id", "1"]],
            "reason": ["service_entry", "phone_call"],
        }
    ]
    client = login(bob)
    assert "result.json, message id 1: service entry: phone_call" in import_page(client, "en")
    for language in READERS:
        where = "result.json, " + in_language(language, "message id %s", "1")
        why = in_language(language, "service entry: %s", "phone_call")
        assert why != "service entry: phone_call"
        assert escape(f"{where}: {why}") in import_page(client, language)


def test_older_runs_show_their_skips_as_written(bob, ngo):
    ImportRun.objects.create(
        organisation=ngo,
        kind="whatsapp",
        started_by=bob,
        state=ImportRun.State.DONE,
        accounting={
            "entries": 2,
            "unit": "lines",
            "read": 1,
            "continuations": 0,
            "skipped": 1,
            "skips": [{"where": "chat.txt, line 2", "message": "empty line"}],
        },
    )
    assert "chat.txt, line 2: empty line" in import_page(login(bob), "km")
