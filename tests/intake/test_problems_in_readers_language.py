"""Why an import was refused, and what it warns of (ImportRun.problems), is stored as codes with
parameters, like its skips, and read on the import page in the reader's language; runs stored
before keep their sentences and show them as written."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from seri.intake.models import ImportRun
from tests.conftest import login

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
READERS = ["km", "zh-hans"]


def _in(language: str, msgid: str, value=None) -> str:
    with translation.override(language):
        text = translation.gettext(msgid)
        return text if value is None else text % value


def _page(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("intake-import")).text


def _upload(client, text: str) -> ImportRun:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # imported in English
    upload = SimpleUploadedFile("chat.txt", text.encode(), "text/plain")
    client.post(
        reverse("intake-import"),
        {"kind": "whatsapp", "file": upload, "reporter_relation": "family"},
    )
    return ImportRun.objects.get()


def test_a_refusal_is_stored_as_codes_and_read_in_the_readers_language(settings, bob):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    run = _upload(client, "Testperson Alpha wrote this without a date\n")
    assert run.state == ImportRun.State.FAILED
    assert run.problems == [
        {"place": [["line", {"file": "upload.txt", "line": 1}]], "reason": ["wa.not_chat_line"]}
    ]
    english = "not a WhatsApp chat line in any known date and time format"
    assert f"upload.txt, line 1: {english}" in _page(client, "en")
    for language in READERS:
        page = _page(client, language)
        where = _in(language, "%(file)s, line %(line)d", {"file": "upload.txt", "line": 1})
        why = _in(language, english)
        assert why != english
        assert escape(f"{where}: {why}") in page
        assert english not in page


def test_a_warning_with_a_value_is_read_in_the_readers_language(settings, bob):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    run = _upload(client, "3/2/26, 10:01 - Testperson Alpha: hello\n")
    assert run.state == ImportRun.State.DONE
    assert run.problems == [
        {
            "place": [["line", {"file": "upload.txt", "line": 1}]],
            "reason": ["wa.order_undecided", "dmy"],
        }
    ]
    english = "no date in this file tells day from month; read as %s"
    assert escape(english % "dmy") in _page(client, "en")
    for language in READERS:
        why = _in(language, english, "dmy")
        assert why != english % "dmy"
        assert escape(why) in _page(client, language)


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
        page = _page(client, language)
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
    assert "chat.txt: its value" in _page(login(bob), "en")
