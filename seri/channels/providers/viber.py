"""Viber REST bot API (https://developers.viber.com/docs/api/rest-bot-api/).

The webhook is set with `POST /pa/set_webhook` (the auth token in `X-Viber-Auth-Token`); Viber
then signs every call: `X-Viber-Content-Signature` is the hex HMAC-SHA256 of the raw body under
the bot's auth token. Message callbacks (`event: message`) carry the sender (`id`, `name`,
`language`), a `message_token` and the message: text, picture, video, file (downloaded from
their `media` URL), location (`lat`, `lon`) or contact. Other callbacks (webhook,
subscribed, conversation_started, delivered, seen …) are listed as skipped.
"""

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from seri.channels.models import Channel
from seri.channels.providers import (
    Download,
    Incoming,
    MediaRef,
    Parsed,
    ProviderError,
    Skipped,
    http_bytes,
    http_json,
    load_body,
)

API = "https://chatapi.viber.com"
HEADER = "X-Viber-Content-Signature"


def _token(channel: Channel) -> str:
    token = json.loads(channel.credentials or "{}").get("token", "")
    if not token:
        raise ProviderError("the channel has no auth token")
    return token


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    token = json.loads(channel.credentials or "{}").get("token", "")
    if not sent or not token:
        return False
    expected = hmac.new(token.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sent.encode(), expected.encode())


def _content(message: dict) -> tuple[list[str], list[MediaRef]]:
    kind = message.get("type", "")
    lines = [message["text"]] if message.get("text") else []
    if kind in ("picture", "video", "file") and message.get("media"):
        return lines, [MediaRef(str(message["media"]), message.get("file_name", ""), "")]
    if kind == "location":
        where = message.get("location") or {}
        return [f"{where.get('lat')}, {where.get('lon')}"], []
    if kind == "contact":
        contact = message.get("contact") or {}
        return [f"{contact.get('name', '')} {contact.get('phone_number', '')}".strip()], []
    return (lines, []) if kind == "text" else ([], [])


def parse(body: bytes) -> Parsed:
    data, parsed = load_body(body, "Viber callback")
    if data is None:
        return parsed
    where = f"callback {data.get('message_token', '?')}"
    if data.get("event") != "message":
        parsed.skipped.append(Skipped(where, f"{data.get('event', '?')} callback: ignored"))
        return parsed
    message, sender = data.get("message") or {}, data.get("sender") or {}
    lines, media = _content(message)
    kind = message.get("type", "")
    if not lines and not media:
        parsed.skipped.append(Skipped(where, f"unsupported message type: {kind or 'none'}"))
        return parsed
    parsed.messages.append(
        Incoming(
            provider_id=str(data["message_token"]),
            sender_handle=f"viber:{sender.get('id', '')}",
            sender_name=str(sender.get("name") or ""),
            sender_language=str(sender.get("language") or "")[:8],
            sent_at=dt.datetime.fromtimestamp(int(data.get("timestamp") or 0) / 1000, tz=dt.UTC),
            kind=kind,
            text="\n".join(lines) or f"[{kind}]",
            payload=data,
            media=media,
        )
    )
    return parsed


def fetch_media(channel: Channel, reference: str) -> Download:
    content, content_type = http_bytes(reference, api_base=channel.api_base)
    return Download(content, content_type, "")


def _call(channel: Channel, method: str, data: dict) -> dict:
    answer = http_json(
        f"{(channel.api_base or API).rstrip('/')}/pa/{method}",
        data=data,
        headers={"X-Viber-Auth-Token": _token(channel)},
    )
    if answer.get("status") != 0:
        raise ProviderError(f"{method} was refused (status {answer.get('status')})")
    return answer


def send_text(channel: Channel, to: str, text: str) -> None:
    _call(channel, "send_message", {"receiver": to, "type": "text", "text": text})


def check(channel: Channel) -> str:
    return str(_call(channel, "get_account_info", {}).get("name", ""))
