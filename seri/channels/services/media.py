"""Fetching a message's files from the provider and sending an organisation's
acknowledgement. Both run in background tasks (seri/channels/tasks.py) as the system, after
the message is committed; failures are kept on the record and on the channel's health page."""

import time

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.channels.models import Channel, Media, Message
from seri.channels.permissions import may_manage_channels
from seri.channels.providers import ProviderError, registry
from seri.channels.services.receiving import channel_error_note
from seri.core.types import Actor
from seri.intake.services.attachments import attachment_store

MEDIA_ATTEMPTS = 3


def _backoff(attempt: int) -> float:
    base = getattr(settings, "SERI_CHANNEL_RETRY_SECONDS", 5.0)
    return float(base) * (3**attempt)  # 5 s, 15 s, … between attempts


def media_fetch(*, media: Media) -> Media:
    """Fetch one file, retrying with back-off; stored on the message's report under its
    SHA-256 (intake's attachment store), or marked failed with the reason."""
    message = media.message
    channel = message.channel
    provider = registry()[channel.kind]
    while media.state == Media.State.PENDING:
        media.attempts += 1
        try:
            download = provider.fetch_media(channel, media.reference)
        except ProviderError as exc:
            media.error = str(exc)[:300]
            channel_error_note(channel=channel, error=f"media: {exc}")
            if media.attempts >= MEDIA_ATTEMPTS:
                media.state = Media.State.FAILED
            media.save(update_fields=["attempts", "error", "state", "updated_at"])
            if media.state == Media.State.PENDING:
                time.sleep(_backoff(media.attempts - 1))
            continue
        upload = SimpleUploadedFile(
            media.name or download.name or "file",
            download.content,
            content_type=media.content_type or download.content_type,
        )
        with transaction.atomic():
            media.attachment = attachment_store(report=message.report, source=upload)
            media.state = Media.State.STORED
            media.error = ""
            media.save(update_fields=["attachment", "state", "error", "attempts", "updated_at"])
            audit_record(
                actor=None,
                action=AuditAction.CREATE,
                obj=media.attachment,
                organisation=channel.organisation,
                detail={"channel_message": str(message.public_id)},
            )
    return media


def media_retry(*, actor: Actor, channel: Channel) -> list[int]:
    """Put a channel's failed files back in the queue (after a provider's outage); returns the
    ids to fetch, which the caller queues once this has committed."""
    if not may_manage_channels(actor, channel.organisation_id):
        raise PermissionError("only an admin of the organisation manages its channels")
    with transaction.atomic():
        failed = list(
            Media.objects.filter(message__channel=channel, state=Media.State.FAILED)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        Media.objects.filter(pk__in=failed).update(
            state=Media.State.PENDING, attempts=0, error="", updated_at=timezone.now()
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=channel,
            organisation=channel.organisation,
            detail={"media_retried": len(failed)},
        )
    return failed


def acknowledgement_for(message: Message) -> str:
    """The organisation's text in the sender's language, else in the channel's language, else
    none. Sent exactly as written: nothing is filled in, so a reply names no person, case or
    organisation unless the admin's text does."""
    texts = message.channel.acknowledgements or {}
    for language in (message.sender.language, message.report.language, message.channel.language):
        if language and texts.get(language):
            return texts[language]
    return ""


def acknowledgement_send(*, message: Message) -> bool:
    """Send the acknowledgement for the first message of a thread, if there is one to send and
    the sender is not quiet. True when sent."""
    text = acknowledgement_for(message)
    if not text or message.sender.quiet or message.replied:
        return False
    channel = message.channel
    to = _reply_address(message)
    try:
        registry()[channel.kind].send_text(channel, to, text)
    except ProviderError as exc:
        channel_error_note(channel=channel, error=f"reply: {exc}")
        return False
    with transaction.atomic():
        message.replied = True
        message.save(update_fields=["replied", "updated_at"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=message,
            organisation=channel.organisation,
            detail={"acknowledged": True},
        )
    return True


def _reply_address(message: Message) -> str:
    # Each provider's id of the sender is what a reply goes to (Telegram: the private chat's
    # id is the user's id; WhatsApp: the number; Messenger: the page-scoped id).
    return message.sender.handle.split(":", 1)[1]
