"""Messages arriving on a channel, into triage, threaded (docs/channels.md).

The webhook view checks the provider's signature and hands the parsed call to
`delivery_receive`; the signature is the permission, and the actor is the system (None).

Each message is stored once, in its own transaction, with its provider id (unique per
channel: a provider's retry stores nothing twice), its time as the provider states it and its
payload verbatim. Where it goes:

1. a sender already linked to a case — one of their earlier messages is on a case, or their
   number's keyed index is a phone of a person with a case of the organisation — gets a new
   report on that case, and a line on its timeline for its caseworker;
2. otherwise, a message within the thread window (`SERI_CHANNEL_THREAD_MINUTES`, 30 by
   default) of the sender's previous one joins that report while it waits in triage;
3. otherwise it starts a new report in the organisation's triage queue.

A message whose sender is not verified (an e-mail whose From the organisation's mail server
did not verify, seri/channels/providers/email.py) always starts a new report, marked so in
triage (`Message.sender_verified`): anyone can write a family's address in a From line, and
must not reach their case that way. Nor does a later message join its report.

Media are fetched after the commit by a background task (seri/channels/tasks.py), and an
acknowledgement is queued only for the first message of a thread, only when the organisation
wrote one, and never to a quiet sender.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, PhoneNumber, TimelineEntry
from seri.cases.services import timeline_add
from seri.channels import timeline
from seri.channels.models import Channel, Delivery, Kind, Media, Message, Sender
from seri.channels.providers import Incoming, Parsed, Skipped
from seri.core import crypto
from seri.intake.models import Channel as ReportChannel
from seri.intake.models import Report, ReporterRelation, SourceItem, TriageState
from seri.intake.reading import detect_language
from seri.intake.services.attachments import attachment_store
from seri.intake.services.bulk import NewReport, report_create_many

STORED, DUPLICATE = "stored", "duplicate"
# The report channel each kind is recorded under (intake's list of channels).
REPORT_CHANNEL: dict[str, str] = {
    Kind.TELEGRAM: ReportChannel.TELEGRAM,
    Kind.WHATSAPP: ReportChannel.WHATSAPP,
    Kind.MESSENGER: ReportChannel.HOTLINE,
    Kind.EMAIL: ReportChannel.EMAIL,
    Kind.LINE: ReportChannel.HOTLINE,
    Kind.SMS: ReportChannel.HOTLINE,
    Kind.RAPIDPRO: ReportChannel.HOTLINE,
    Kind.VIBER: ReportChannel.HOTLINE,
}


def thread_window() -> dt.timedelta:
    return dt.timedelta(minutes=getattr(settings, "SERI_CHANNEL_THREAD_MINUTES", 30))


def _source_key(channel: Channel, provider_id: str) -> str:
    # Like the importers' keys: a hash that carries no readable part of the message.
    return hashlib.sha256(f"{channel.public_id}\x00{provider_id}".encode()).hexdigest()


def _sender(channel: Channel, incoming: Incoming) -> Sender:
    index = crypto.index_of("handle", incoming.sender_handle)
    sender = Sender.objects.filter(channel=channel, handle_index=index).first()
    if sender is None:
        sender = Sender.objects.create(
            channel=channel,
            handle=incoming.sender_handle,
            display_name=incoming.sender_name[:200],
            phone=incoming.sender_phone[:40],
            language=incoming.sender_language,
        )
    elif incoming.sender_phone and not sender.phone:
        sender.phone = incoming.sender_phone[:40]
        sender.save(update_fields=["phone", "updated_at"])
    return sender


def linked_case(sender: Sender) -> Case | None:
    """The case a sender is linked to: the newest case holding one of their reports, or the
    case of a person of the organisation with the sender's number (by its keyed index)."""
    report = (
        Report.objects.filter(channel_messages__sender=sender, case__isnull=False)
        .select_related("case")
        .order_by("-received_at", "-id")
        .first()
    )
    if report is not None:
        return report.case
    if not sender.phone_index:
        return None
    phone = (
        PhoneNumber.objects.filter(
            e164_index=sender.phone_index,
            person__organisation_id=sender.channel.organisation_id,
            person__cases__isnull=False,
        )
        .select_related("person")
        .first()
    )
    if phone is None:
        return None
    return phone.person.cases.order_by("-created_at").first()


def _open_thread(sender: Sender, sent_at: dt.datetime, case: Case | None) -> Report | None:
    """The report the sender's previous message is on, if within the window and still in
    triage (or on the same case)."""
    previous = (
        Message.objects.filter(
            sender=sender, sender_verified=True, sent_at__gte=sent_at - thread_window()
        )
        .select_related("report")
        .order_by("-sent_at", "-id")
        .first()
    )
    if previous is None:
        return None
    report = previous.report
    if case is None and report.case_id is None and report.triage_state == TriageState.NEW:
        return report
    if case is not None and report.case_id == case.pk:
        return report
    return None


def _new_report(channel: Channel, incoming: Incoming, key: str) -> Report:
    report_create_many(
        actor=None,
        organisation=channel.organisation,
        source=channel.kind,
        channel=REPORT_CHANNEL[channel.kind],
        reports=[
            NewReport(
                text=incoming.text,
                received_at=incoming.sent_at,
                keys=[key],
                reporter_relation=ReporterRelation.UNKNOWN,
                language=detect_language(incoming.text) or channel.language,
                detail={"channel": str(channel.public_id)},
            )
        ],
    )
    item = SourceItem.objects.select_related("report").get(
        organisation=channel.organisation, source=channel.kind, key=key
    )
    return item.report


def _put_on_case(channel: Channel, report: Report, case: Case, message: Message) -> None:
    """The system's counterpart of intake's `report_case_attach`: a message from a sender
    linked to a case goes on it, with a timeline line its caseworker sees."""
    if report.case_id is None:
        report.case = case
        report.save(update_fields=["case", "updated_at"])
    author = channel.created_by or case.assigned_to
    if author is not None:  # a timeline line needs an author: the channel's admin
        timeline_add(
            case=case,
            actor=author,
            kind=TimelineEntry.Kind.REPORT,
            text="",
            event=timeline.SAME_SENDER_MESSAGE,
            params={"name": channel.name, "kind": str(channel.kind)},
        )
    audit_record(
        actor=None,
        action=AuditAction.UPDATE,
        obj=report,
        organisation=channel.organisation,
        detail={
            "case": str(case.public_id),
            "channel_message": str(message.public_id),
            "notify": case.assigned_to.username if case.assigned_to else "",
        },
    )


def _store(channel: Channel, incoming: Incoming) -> tuple[str, Message | None, bool]:
    """Store one message; (outcome, message, whether it opened a thread)."""
    if Message.objects.filter(channel=channel, provider_id=incoming.provider_id).exists():
        return DUPLICATE, None, False
    sender = _sender(channel, incoming)
    case = linked_case(sender) if incoming.sender_verified else None
    report = _open_thread(sender, incoming.sent_at, case) if incoming.sender_verified else None
    opened = report is None
    if report is None:
        report = _new_report(channel, incoming, _source_key(channel, incoming.provider_id))
    message = Message.objects.create(
        channel=channel,
        provider_id=incoming.provider_id,
        sender=sender,
        report=report,
        kind=incoming.kind[:20],
        text=incoming.text,
        payload=json.dumps(incoming.payload, ensure_ascii=False),
        sent_at=incoming.sent_at,
        sender_verified=incoming.sender_verified,
    )
    Media.objects.bulk_create(
        Media(
            message=message, reference=ref.reference, name=ref.name, content_type=ref.content_type
        )
        for ref in incoming.media
    )
    for file in incoming.files:
        stored = attachment_store(
            report=report,
            source=SimpleUploadedFile(file.name, file.content, content_type=file.content_type),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=stored,
            organisation=channel.organisation,
            detail={"channel_message": str(message.public_id)},
        )
    if case is not None:
        _put_on_case(channel, report, case, message)
    audit_record(
        actor=None,
        action=AuditAction.CREATE,
        obj=message,
        organisation=channel.organisation,
        detail={"channel": str(channel.public_id), "report": str(report.public_id)},
    )
    sender.last_message_at = max(filter(None, [sender.last_message_at, incoming.sent_at]))
    sender.save(update_fields=["last_message_at", "updated_at"])
    return STORED, message, opened and case is None


def message_receive(
    *, channel: Channel, incoming: Incoming, after_commit: Callable[[Message, bool], None]
) -> str:
    """Store one message in its own transaction: "stored" or "duplicate". `after_commit`
    queues its media and reply once the message is committed."""
    try:
        with transaction.atomic():
            outcome, message, opened = _store(channel, incoming)
            if message is not None:
                transaction.on_commit(lambda: after_commit(message, opened))
    except IntegrityError:  # the same message stored by a concurrent call of the provider
        return DUPLICATE
    return outcome


def delivery_receive(
    *,
    channel: Channel,
    parsed: Parsed,
    after_commit: Callable[[Message, bool], None],
) -> Delivery:
    """One webhook call whose signature was checked: every message stored or recognised as
    already present, everything else listed as skipped with its reason."""
    now = timezone.now()
    outcomes = [
        message_receive(channel=channel, incoming=incoming, after_commit=after_commit)
        for incoming in parsed.messages
    ]
    with transaction.atomic():
        delivery = Delivery.objects.create(
            channel=channel,
            received_at=now,
            stored=outcomes.count(STORED),
            duplicates=outcomes.count(DUPLICATE),
            skipped=[{"where": s.where, "reason": s.reason} for s in parsed.skipped],
        )
        if STORED in outcomes:
            Channel.objects.filter(pk=channel.pk).update(last_message_at=now)
    return delivery


def parse_safely(provider: Any, body: bytes) -> Parsed:
    """The provider module's reading of a signed call; a payload it cannot read (a field of
    the wrong type) is accounted as skipped rather than answered 500, which the provider would
    retry for days."""
    try:
        return provider.parse(body)
    except (LookupError, TypeError, ValueError, AttributeError, RecursionError) as exc:
        return Parsed(skipped=[Skipped("body", f"unreadable payload ({type(exc).__name__})")])


def webhook_refused(*, channel: Channel) -> None:
    """A call with a wrong signature: counted, nothing of it stored."""
    Channel.objects.filter(pk=channel.pk).update(refused_calls=F("refused_calls") + 1)


def channel_error_note(*, channel: Channel, error: str) -> None:
    """The last error talking to the provider, for the health page (never a secret: provider
    errors name the step and the HTTP status only)."""
    Channel.objects.filter(pk=channel.pk).update(
        last_error=error[:300], last_error_at=timezone.now()
    )
