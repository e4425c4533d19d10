import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from seri.intake.models import ImportRun, Report
from tests.conftest import login
from tests.intake.exports import telegram_export

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_importing_a_telegram_zip_from_the_page(tmp_path, settings, bob, ngo):
    settings.TASKS = IMMEDIATE
    folder = telegram_export(tmp_path / "export")
    archive = shutil.make_archive(str(tmp_path / "export"), "zip", folder)
    client = login(bob)
    with open(archive, "rb") as handle:
        upload = SimpleUploadedFile("ChatExport.zip", handle.read(), "application/zip")
    response = client.post(
        reverse("intake-import"),
        {"kind": "telegram", "file": upload, "reporter_relation": "family"},
    )
    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.state, run.created, run.already_present) == ("done", 7, 0)
    assert not run.upload_path  # the uploaded export is not kept
    assert Report.objects.filter(organisation=ngo, reporter_relation="family").count() == 3
    page = client.get(reverse("intake-import"))
    assert "Created: 7" in page.text
