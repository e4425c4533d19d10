"""A plain HTTP SMS gateway (an Android phone running an SMS gateway app, a local operator's
HTTP API): the gateway POSTs each received SMS as form fields or JSON, in the shape SMSSync
made common — `from`, `message`, `message_id`, `sent_timestamp` (milliseconds since 1970) —
with the channel's secret in the `X-Seri-Secret` header (never in the URL or the body, which
may be logged or parsed). Seri sends no SMS.
"""

import datetime as dt
import hmac
import json
from typing import Any
from urllib.parse import parse_qs

from django.utils import timezone

from seri.channels.models import Channel
from seri.channels.providers import Download, Incoming, Parsed, ProviderError, Skipped

HEADER = "X-Seri-Secret"


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    return bool(sent) and hmac.compare_digest(sent.encode(), channel.webhook_secret.encode())


def _fields(body: bytes) -> dict[str, str]:
    text = body.decode("utf-8", errors="replace")
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
    return {k: v[0] for k, v in parse_qs(text, keep_blank_values=True).items()}


def _when(value: str) -> dt.datetime:
    try:
        return dt.datetime.fromtimestamp(int(value) / 1000, tz=dt.UTC)
    except (TypeError, ValueError, OverflowError):
        return timezone.now()


def parse(body: bytes) -> Parsed:
    parsed = Parsed()
    try:
        fields = _fields(body)
    except ValueError:
        parsed.skipped.append(Skipped("body", "neither form fields nor JSON"))
        return parsed
    sender, text, message_id = (
        fields.get("from", ""),
        fields.get("message", ""),
        fields.get("message_id", ""),
    )
    if not sender or not message_id:
        parsed.skipped.append(Skipped("body", "no 'from' or no 'message_id'"))
        return parsed
    if not text.strip():
        parsed.skipped.append(Skipped(f"message {message_id[:40]}", "an empty SMS"))
        return parsed
    parsed.messages.append(
        Incoming(
            provider_id=message_id[:200],
            sender_handle=f"sms:{sender}",
            sender_phone=sender if sender.startswith("+") else "",
            sent_at=_when(fields.get("sent_timestamp", "")),
            kind="sms",
            text=text,
            payload=fields,
        )
    )
    return parsed


def fetch_media(channel: Channel, reference: str) -> Download:
    raise ProviderError("an SMS has no files")


def send_text(channel: Channel, to: str, text: str) -> None:
    raise ProviderError("Seri does not send SMS through a plain gateway")


def check(channel: Channel) -> str:
    return "no API to check: the gateway only calls Seri"
