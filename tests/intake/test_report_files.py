"""A report's pictures are shown where the report is shown; other files are downloads that the
browser never renders; every showing is audited; nobody outside the report's scope gets them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from seri.audit.models import AuditAction, AuditEvent
from seri.intake.models import ReportAttachment
from seri.intake.services import ReportInput, report_case_attach, report_create
from tests.conftest import login

pytestmark = pytest.mark.django_db


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


HTML_AS_PNG = b"<html><script>alert(1)</script></html>"


@pytest.fixture
def files(bob, ngo, bobs_case):
    report = report_create(
        actor=bob,
        organisation=ngo,
        data=ReportInput(
            channel="hotline",
            reporter_relation="family",
            original_text="Synthetic account with a photo",
            attachments=[
                SimpleUploadedFile("photo.png", png(), "image/png"),
                SimpleUploadedFile("trick.png", HTML_AS_PNG, "image/png"),
            ],
        ),
    )
    report_case_attach(actor=bob, report=report, case=bobs_case)
    photo, trick = ReportAttachment.objects.filter(report=report).order_by("id")
    return photo, trick


def test_the_case_page_shows_the_picture_and_the_file_is_served_safely(bob, bobs_case, files):
    photo, trick = files
    client = login(bob)
    page = client.get(reverse("case-detail", args=[bobs_case.reference])).content.decode()
    url = reverse("report-file", args=[photo.public_id])
    assert f'<img class="attachment-thumb" src="{url}"' in page
    assert url.endswith(f"/{photo.public_id}/")  # a random id; no name, no row number

    before = AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTIFYING).count()
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert "attachment" not in shown.get("Content-Disposition", "")
    assert shown["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in shown["Content-Security-Policy"]
    assert b"".join(shown.streaming_content) == png()
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_IDENTIFYING).count() == before + 1

    # Claimed to be a PNG, read from its bytes as HTML: a download, never rendered.
    tricked = client.get(reverse("report-file", args=[trick.public_id]))
    assert tricked["Content-Type"] == "application/octet-stream"
    assert tricked["Content-Disposition"].startswith("attachment")
    assert "trick" not in tricked["Content-Disposition"]  # named by its hash, not as sent


def test_outside_the_reports_scope_the_file_does_not_exist(charlie, files):
    photo, _ = files
    assert login(charlie).get(reverse("report-file", args=[photo.public_id])).status_code == 404


def test_a_report_in_the_triage_queue_shows_its_picture(bob, ngo):
    report = report_create(
        actor=bob,
        organisation=ngo,
        data=ReportInput(
            channel="hotline",
            reporter_relation="family",
            original_text="Synthetic account, not yet on a case",
            attachments=[SimpleUploadedFile("photo.png", png(), "image/png")],
        ),
    )
    photo = report.attachments.get()
    client = login(bob)
    page = client.get(reverse("triage-report", args=[report.public_id])).content.decode()
    assert reverse("report-file", args=[photo.public_id]) in page
    assert client.get(reverse("report-file", args=[photo.public_id])).status_code == 200
