"""The SMTP receiver of `seri smtp-intake` (aiosmtpd): mail to a hotline address arrives in
its organisation's triage queue.

It accepts mail only for the addresses of active e-mail channels (550 for any other), and is
meant to listen on a loopback address behind the organisation's mail server, which forwards
the hotline address to it (docs/channels.md). Each message is handed to the receiving service
in a worker thread, so the event loop never touches the database.
"""

import asyncio
import logging
from typing import Any

from aiosmtpd.controller import Controller

from seri.channels.models import Channel, Kind
from seri.channels.providers import email
from seri.channels.services.receiving import delivery_receive, parse_safely
from seri.channels.tasks import queue_after_commit

MAX_MESSAGE_BYTES = 25 * 1024 * 1024
logger = logging.getLogger(__name__)


def channel_for_address(recipient: str) -> Channel | None:
    wanted = recipient.strip().lower()
    for channel in Channel.objects.filter(kind=Kind.EMAIL, is_active=True):
        if email.address(channel) == wanted:
            return channel
    return None


def receive(recipients: list[str], raw: bytes) -> int:
    """Store one message for each hotline it is addressed to; how many channels took it."""
    from django.db import close_old_connections

    close_old_connections()
    taken = 0
    for recipient in recipients:
        channel = channel_for_address(recipient)
        if channel is not None:
            delivery_receive(
                channel=channel,
                parsed=parse_safely(email.ForChannel(channel), raw),
                after_commit=queue_after_commit,
            )
            taken += 1
    return taken


class Handler:
    async def handle_RCPT(self, server, session, envelope, address: str, rcpt_options) -> str:
        found = await asyncio.to_thread(_known, address)
        if not found:
            return "550 5.1.1 No such hotline address"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        try:
            await asyncio.to_thread(receive, list(envelope.rcpt_tos), raw)
        except Exception as exc:  # the sender's server keeps the message and tries again
            # The type only: a message's content never reaches the log.
            logger.error("smtp-intake could not store a message: %s", type(exc).__name__)
            return "451 4.3.0 Could not store the message now; try again later"
        return "250 Message accepted"


def _known(address: str) -> bool:
    from django.db import close_old_connections

    close_old_connections()
    return channel_for_address(address) is not None


def smtp_controller(host: str, port: int, **options: Any) -> Controller:
    return Controller(
        Handler(), hostname=host, port=port, data_size_limit=MAX_MESSAGE_BYTES, **options
    )
