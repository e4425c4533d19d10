"""Reads of the channels, for one user: an organisation's admins see its channels and their
health; those who triage its reports see the messages of a report's thread."""

import datetime as dt
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.urls import reverse

from seri.channels.models import Channel, Media, Message
from seri.channels.permissions import org_ids_managing_channels
from seri.core.types import Actor
from seri.intake.models import Report
from seri.intake.selectors import triage_reports


def webhook_path(channel: Channel) -> str:
    """The path the provider calls: the channel's random public id, never a name."""
    return reverse("channel-webhook", kwargs={"public_id": channel.public_id})


def channels_for_admin(user: Actor) -> QuerySet[Channel]:
    return (
        Channel.objects.filter(organisation_id__in=org_ids_managing_channels(user), is_active=True)
        .select_related("organisation")
        .order_by("name")
    )


def channel_get_for_admin(user: Actor, public_id: UUID) -> Channel:
    channel = channels_for_admin(user).filter(public_id=public_id).first()
    if channel is None:
        raise Http404
    return channel


@dataclass
class Health:
    last_message_at: dt.datetime | None
    last_error: str
    last_error_at: dt.datetime | None
    queue: int  # files waiting to be fetched
    failed_media: int
    messages: int
    stored: int
    duplicates: int
    refused: int
    skipped: list[dict] = field(default_factory=list)  # the latest, newest first


def channel_health(channel: Channel, *, latest: int = 20) -> Health:
    totals = channel.deliveries.aggregate(stored=Sum("stored"), duplicates=Sum("duplicates"))
    skipped: list[dict] = []
    for delivery in channel.deliveries.exclude(skipped=[]).order_by("-received_at")[:latest]:
        skipped += [{**s, "received_at": delivery.received_at} for s in delivery.skipped]
    media = Media.objects.filter(message__channel=channel)
    return Health(
        last_message_at=channel.last_message_at,
        last_error=channel.last_error,
        last_error_at=channel.last_error_at,
        queue=media.filter(state=Media.State.PENDING).count(),
        failed_media=media.filter(state=Media.State.FAILED).count(),
        messages=channel.messages.count(),
        stored=totals["stored"] or 0,
        duplicates=totals["duplicates"] or 0,
        refused=channel.refused_calls,
        skipped=skipped[:latest],
    )


def report_thread(user: Actor, public_id: UUID) -> tuple[Report, QuerySet[Message]]:
    """A report of a channel and its messages, for someone who may triage it."""
    report = triage_reports(user).filter(public_id=public_id).first()
    if report is None:
        raise Http404
    messages = (
        Message.objects.filter(report=report)
        .select_related("sender", "channel")
        .prefetch_related("media")
        .order_by("sent_at", "id")
    )
    return report, messages
