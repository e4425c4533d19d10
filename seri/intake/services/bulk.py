"""The one bulk report writer, for the chat importers and the spreadsheet importer
(docs/decisions/0019-import-idempotency.md).

Each batch is one transaction holding whole reports: the reports, their source keys (what
makes a re-import create nothing), their attachments and their audit rows. A process killed
mid-import leaves whole reports or nothing; a key stored by an import running at the same
time refuses the batch (`ImportRefused`), never half of it.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import AuditEntry, audit_record_many
from seri.core.types import Actor
from seri.intake.importers.common import Attachment, ImportRefused, Problem
from seri.intake.models import Report, SourceItem
from seri.intake.permissions import may_import, signed_in
from seri.intake.services.attachments import attachment_store
from seri.orgs.models import Organisation


@dataclass
class NewReport:
    """One report to store: its text as it will be kept, and the source keys (hashed) of
    the items it holds."""

    text: str
    received_at: dt.datetime
    keys: list[str]
    reporter_relation: str
    language: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    where: str = ""  # where in the input it starts, for a refusal
    detail: dict = field(default_factory=dict)  # for its audit row


def _store_batch(
    *, actor: Actor, organisation: Organisation, source: str, channel: str, batch: list[NewReport]
) -> None:
    user = signed_in(actor)
    now = timezone.now()
    reports = [
        Report(
            organisation=organisation,
            channel=channel,
            reporter_relation=item.reporter_relation,
            language=item.language,
            original_text=item.text,
            received_at=item.received_at,
            created_at=now,
            recorded_by=user,
        )
        for item in batch
    ]
    Report.objects.bulk_create(reports)
    SourceItem.objects.bulk_create(
        SourceItem(organisation=organisation, source=source, key=key, report=report)
        for report, item in zip(reports, batch, strict=True)
        for key in item.keys
    )
    for report, item in zip(reports, batch, strict=True):
        for attachment in item.attachments:
            if attachment.open is not None:
                attachment_store(report=report, source=attachment, created_at=now)
    audit_record_many(
        actor=actor,
        entries=[
            AuditEntry(
                action=AuditAction.CREATE,
                obj=report,
                organisation=organisation,
                detail={"import": source, **item.detail},
            )
            for report, item in zip(reports, batch, strict=True)
        ],
    )


def report_create_many(
    *,
    actor: Actor,
    organisation: Organisation,
    source: str,
    channel: str,
    reports: list[NewReport],
    batch_size: int | None = None,
    on_batch: Callable[[list[NewReport]], None] | None = None,
) -> int:
    """Store reports in batches of `batch_size` (all in one transaction when None); returns
    how many were stored. `on_batch` is called after each committed batch (progress)."""
    if not may_import(actor, organisation):
        raise PermissionError("this user cannot import reports for this organisation")
    size = batch_size or max(len(reports), 1)
    for start in range(0, len(reports), size):
        batch = reports[start : start + size]
        try:
            with transaction.atomic():
                _store_batch(
                    actor=actor,
                    organisation=organisation,
                    source=source,
                    channel=channel,
                    batch=batch,
                )
        except IntegrityError as exc:  # another import of the same export at the same time
            raise ImportRefused(
                [Problem(batch[0].where, _("imported at the same time by someone else"))]
            ) from exc
        if on_batch is not None:
            on_batch(batch)
    return len(reports)
