"""Why an import was refused, and what it warns of (ImportRun.problems), is stored as codes with
parameters, like its skips, and read on the import page in the reader's language; runs stored
before keep their sentences and show them as written."""

import pytest
from django.utils.html import escape

from seri.intake.models import ImportRun
from tests.conftest import login
from tests.intake.readers import IMMEDIATE, READERS, import_page, in_language, upload_whatsapp

pytestmark = pytest.mark.django_db


def test_a_refusal_is_stored_as_codes_and_read_in_the_readers_language(settings, bob):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    run = upload_whatsapp(client, "Testperson Alpha wrote this without a date\n")
    assert run.state == ImportRun.State.FAILED
    assert run.problems == [
        {"place": [["line", {"file": "upload.txt", "line": 1}]], "reason": ["wa.not_chat_line"]}
    ]
    english = "not a WhatsApp chat line in any known date and time format"
    assert f"upload.txt, line 1: {english}" in import_page(client, "en")
    for language in READERS:
        page = import_page(client, language)
        where = in_language(language, "%(file)s, line %(line)d", {"file": "upload.txt", "line": 1})
        why = in_language(language, english)
        assert why != english
        assert escape(f"{where}: {why}") in page
        assert english not in page


def test_a_warning_with_a_value_is_read_in_the_readers_language(settings, bob):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    run = upload_whatsapp(client, "3/2/26, 10:01 - Testperson Alpha: hello\n")
    assert run.state == ImportRun.State.DONE
    assert run.problems == [
        {
            "place": [["line", {"file": "upload.txt", "line": 1}]],
            "reason": ["wa.order_undecided", "dmy"],
        }
    ]
    english = "no date in this file tells day from month; read as %s"
    assert escape(english % "dmy") in import_page(client, "en")
    for language in READERS:
        why = in_language(language, english, "dmy")
        assert why != english % "dmy"
        assert escape(why) in import_page(client, language)


def test_a_run_stored_before_shows_its_sentences_as_written(bob, ngo):
    ImportRun.objects.create(
        organisation=ngo,
        kind="whatsapp",
        started_by=bob,
        state=ImportRun.State.FAILED,
        problems=[{"where": "chat.txt, line 4", "message": "an old sentence, kept as written"}],
    )
    client = login(bob)
    for language in ["en", *READERS]:
        page = import_page(client, language)
        assert "chat.txt, line 4: an old sentence, kept as written" in page


def test_an_unknown_code_shows_its_value_not_an_error(bob, ngo):
    """A code no longer known (a newer or older Seri wrote it) still shows what it said."""
    ImportRun.objects.create(
        organisation=ngo,
        kind="whatsapp",
        started_by=bob,
        state=ImportRun.State.FAILED,
        problems=[{"place": [["file", "chat.txt"]], "reason": ["gone.code", "its value"]}],
    )
    assert "chat.txt: its value" in import_page(login(bob), "en")
