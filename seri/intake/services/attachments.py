"""The one attachment store: every file that comes with a report (a form upload, an ODK
submission's photo, a chat export's media) is hashed with SHA-256 and stored once.

Stored files are content-addressed (`reports/ab/abcdef…`): a file already stored under its
hash is not written again, whoever sent it. A report holds at most one attachment per hash
when asked (`once_per_report`, ODK sends the same files again with a resent submission).
"""

import datetime as dt
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.types import Actor
from seri.evidence.content import detect_media_type
from seri.intake.importers.common import Attachment
from seri.intake.models import Report, ReportAttachment, attachment_path
from seri.intake.selectors import attachments_visible_to

CHUNK = 1 << 20


@contextmanager
def _opened(source: UploadedFile | Attachment) -> Iterator[BinaryIO]:
    if isinstance(source, UploadedFile):
        # Django's upload stays open: closing a temporary upload deletes its file.
        source.seek(0)
        yield source  # type: ignore[misc]
        source.seek(0)
        return
    if source.open is None:
        raise ValueError(f"{source.name} is not in the export")
    with source.open() as handle:
        yield handle


def _digest(source: UploadedFile | Attachment) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with _opened(source) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def attachment_store(
    *,
    report: Report,
    source: UploadedFile | Attachment,
    once_per_report: bool = False,
    created_at: dt.datetime | None = None,
) -> ReportAttachment | None:
    """Store one file on a report; None when the report already holds the same file and
    `once_per_report` is asked. Runs inside the caller's transaction (the report's writer
    checked permission and writes the audit row)."""
    sha256, size = _digest(source)
    if once_per_report and report.attachments.filter(sha256=sha256).exists():
        return None
    content_type = (getattr(source, "content_type", "") or "")[:100]
    stored = ReportAttachment(
        report=report,
        original_name=source.name or "",
        content_type=content_type,
        size=size,
        sha256=sha256,
    )
    if created_at is not None:
        stored.created_at = created_at
    name = attachment_path(stored, "")
    if default_storage.exists(name):  # the same bytes, stored before
        stored.file.name = name
    else:
        with _opened(source) as handle:
            stored.file.save("upload", File(handle), save=False)
    stored.save()
    return stored


def attachment_open_for(*, actor: Actor, attachment: ReportAttachment) -> tuple[File, str]:
    """A report's file, opened for reading, with its media type read from its bytes; that the
    actor was shown it is recorded (a file sent with a report identifies people)."""
    if not attachments_visible_to(actor).filter(pk=attachment.pk).exists():
        raise PermissionError("this file belongs to a report the user may not see")
    handle = attachment.file.open("rb")
    media_type = detect_media_type(handle.read(65536))
    handle.seek(0)
    audit_record(
        actor=actor,
        action=AuditAction.VIEW_IDENTIFYING,
        obj=attachment,
        organisation=attachment.report.organisation,
    )
    return handle, media_type
