"""The import page and the stored import run show a chat import's accounting."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seri.intake.models import ImportRun
from tests.conftest import login
from tests.intake.exports import ANDROID_EN_GB

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_run_keeps_and_the_page_shows_where_every_line_went(settings, bob, ngo):
    settings.TASKS = IMMEDIATE
    client = login(bob)
    upload = SimpleUploadedFile("chat.txt", ANDROID_EN_GB.encode(), "text/plain")
    response = client.post(
        reverse("intake-import"),
        {"kind": "whatsapp", "file": upload, "reporter_relation": "family"},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    accounting = run.accounting
    assert (accounting["entries"], accounting["read"], accounting["continuations"]) == (7, 5, 1)
    assert accounting["skipped"] == 1
    # stored as codes, shown in the reader's language (test_skips_in_readers_language.py)
    assert accounting["skips"][0]["reason"] == ["notice.encryption"]
    assert accounting["skips"][0]["place"] == [["line", {"file": "upload.txt", "line": 1}]]
    page = client.get(reverse("intake-import")).text
    assert "Lines: 7 = 5 messages + 1 continuation lines + 1 skipped" in page
    assert "line 1: encryption notice" in page
