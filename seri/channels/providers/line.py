"""LINE Messaging API (https://developers.line.biz/en/reference/messaging-api/).

Each webhook call is signed: `x-line-signature` is the base64 of the HMAC-SHA256 of the raw
body under the channel secret. A call holds `events`; message events carry a message of type
text, image, video, audio, file, location or sticker. Content (image, video, audio, file) is
downloaded from `https://api-data.line.me/v2/bot/message/<message id>/content` with the
channel access token as bearer. The console's "Verify" sends a call with no events.
"""

import base64
import datetime as dt
import hashlib
import hmac
import json
from typing import Any
from urllib.parse import quote

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

API = "https://api.line.me"
DATA_API = "https://api-data.line.me"
HEADER = "x-line-signature"
CONTENT_KINDS = ("image", "video", "audio", "file")


def _secrets(channel: Channel) -> dict[str, str]:
    return json.loads(channel.credentials or "{}")


def _bearer(channel: Channel) -> dict[str, str]:
    token = _secrets(channel).get("access_token", "")
    if not token:
        raise ProviderError("the channel has no access token")
    return {"Authorization": f"Bearer {token}"}


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    secret = _secrets(channel).get("app_secret", "")
    if not sent or not secret:
        return False
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(sent.encode(), expected)


def _content(message: dict) -> tuple[list[str], list[MediaRef]]:
    kind = message.get("type", "")
    if kind == "text":
        return [message.get("text", "")], []
    if kind in CONTENT_KINDS:
        return [], [MediaRef(str(message.get("id", "")), message.get("fileName", ""), "")]
    if kind == "location":
        place = ", ".join(filter(None, [message.get("title"), message.get("address")]))
        coordinates = f"{message.get('latitude')}, {message.get('longitude')}"
        return [line for line in (place, coordinates) if line], []
    return [], []


def _event(event: dict, where: str) -> Incoming | Skipped:
    if event.get("type") != "message":
        return Skipped(where, f"{event.get('type', '?')} event: ignored")
    message = event.get("message") or {}
    lines, media = _content(message)
    kind = message.get("type", "")
    if not lines and not media:
        return Skipped(where, f"unsupported message type: {kind or 'none'}")
    if not message.get("id"):
        return Skipped(where, "a message without its id")
    source = event.get("source") or {}
    return Incoming(
        provider_id=str(message["id"]),
        sender_handle=f"line:{source.get('userId') or source.get('groupId') or '?'}",
        sent_at=dt.datetime.fromtimestamp(int(event.get("timestamp") or 0) / 1000, tz=dt.UTC),
        kind=kind,
        text="\n".join(lines) or f"[{kind}]",
        payload=event,
        media=media,
    )


def parse(body: bytes) -> Parsed:
    data, parsed = load_body(body, "LINE webhook call", lambda d: isinstance(d.get("events"), list))
    if data is None:
        return parsed
    for n, event in enumerate(data["events"]):
        item = _event(event, f"event {n}")
        if isinstance(item, Skipped):
            parsed.skipped.append(item)
        else:
            parsed.messages.append(item)
    return parsed


def fetch_media(channel: Channel, reference: str) -> Download:
    base = (channel.api_base or DATA_API).rstrip("/")
    content, content_type = http_bytes(
        f"{base}/v2/bot/message/{quote(reference)}/content",
        api_base=channel.api_base,
        headers=_bearer(channel),
    )
    return Download(content, content_type, "")


def send_text(channel: Channel, to: str, text: str) -> None:
    http_json(
        f"{(channel.api_base or API).rstrip('/')}/v2/bot/message/push",
        data={"to": to, "messages": [{"type": "text", "text": text}]},
        headers=_bearer(channel),
    )


def check(channel: Channel) -> str:
    answer = http_json(
        f"{(channel.api_base or API).rstrip('/')}/v2/bot/info", headers=_bearer(channel)
    )
    return str(answer.get("basicId") or answer.get("displayName") or "")
