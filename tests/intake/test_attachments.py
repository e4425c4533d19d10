"""The one attachment store: hashed with SHA-256, stored once whoever sends the same bytes."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from seri.intake.importers.common import Attachment
from seri.intake.models import ReportAttachment
from seri.intake.services import ReportInput, report_create
from seri.intake.services.attachments import attachment_store

pytestmark = pytest.mark.django_db

PHOTO = b"\x89PNG\r\n\x1a\nsynthetic screenshot bytes" * 100


def _report(bob, ngo, *files):
    return report_create(
        actor=bob,
        organisation=ngo,
        data=ReportInput(
            channel="hotline",
            reporter_relation="family",
            original_text="Synthetic account with a screenshot",
            attachments=[SimpleUploadedFile(name, content, "image/png") for name, content in files],
        ),
    )


def test_the_same_bytes_are_stored_once(bob, ngo, settings, tmp_path):
    first = _report(bob, ngo, ("screenshot.png", PHOTO))
    second = _report(bob, ngo, ("IMG_0001.png", PHOTO), ("other.png", PHOTO + b"!"))
    stored = list(ReportAttachment.objects.order_by("id"))
    assert [a.report for a in stored] == [first, second, second]
    assert stored[0].sha256 == stored[1].sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert stored[0].size == len(PHOTO)
    assert stored[0].file.name == stored[1].file.name != stored[2].file.name
    files = [p for p in (settings.MEDIA_ROOT / "reports").rglob("*") if p.is_file()]
    assert len(files) == 2  # three attachments, two distinct contents
    assert "screenshot" not in stored[0].file.name  # the stored name says nothing
    with stored[1].file.open("rb") as handle:
        assert handle.read() == PHOTO


def test_once_per_report_and_from_an_export(bob, ngo, tmp_path):
    report = _report(bob, ngo, ("screenshot.png", PHOTO))
    path = tmp_path / "IMG-20260101-WA0001.png"
    path.write_bytes(PHOTO)
    again = Attachment.from_path(path.name, path, kind="photo")
    assert attachment_store(report=report, source=again, once_per_report=True) is None
    added = attachment_store(report=report, source=again)
    assert added is not None and added.original_name == "IMG-20260101-WA0001.png"
    assert added.file.name == report.attachments.first().file.name
