"""Telegram Bot API (https://core.telegram.org/bots/api).

The webhook is set with `setWebhook(url, secret_token)`; Telegram then sends the secret in
the `X-Telegram-Bot-Api-Secret-Token` header of every call, one `Update` per call. Files are
fetched with `getFile(file_id)`, then from `<base>/file/bot<token>/<file_path>`.
"""

import datetime as dt
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

DEFAULT_BASE = "https://api.telegram.org"
HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRETS = ("token",)
# Media kinds, each with the name of its file and its type where Telegram gives them.
MEDIA_KINDS = ("photo", "voice", "audio", "document", "video", "video_note", "animation")


def _base(channel: Channel) -> str:
    return (channel.api_base or DEFAULT_BASE).rstrip("/")


def _token(channel: Channel) -> str:
    token = json.loads(channel.credentials or "{}").get("token", "")
    if not token:
        raise ProviderError("the channel has no bot token")
    return token


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    return bool(sent) and hmac.compare_digest(sent.encode(), channel.webhook_secret.encode())


def _when(message: dict) -> dt.datetime:
    stamp = message.get("edit_date") or message.get("date") or 0
    return dt.datetime.fromtimestamp(int(stamp), tz=dt.timezone.utc)


def _media(message: dict) -> tuple[str, list[MediaRef]]:
    for kind in MEDIA_KINDS:
        item = message.get(kind)
        if not item:
            continue
        if kind == "photo":  # sizes of one photo, smallest first: keep the largest
            item = max(item, key=lambda size: size.get("file_size") or size.get("width") or 0)
        ref = MediaRef(
            reference=str(item["file_id"]),
            name=item.get("file_name", ""),
            content_type=item.get("mime_type", "image/jpeg" if kind == "photo" else ""),
        )
        return kind, [ref]
    return "", []


def _place(message: dict) -> tuple[str, list[str]]:
    if venue := message.get("venue"):
        where = venue.get("location") or {}
        return "venue", [
            f"{venue.get('title', '')}, {venue.get('address', '')}".strip(", "),
            f"{where.get('latitude')}, {where.get('longitude')}",
        ]
    if where := message.get("location"):
        return "location", [f"{where.get('latitude')}, {where.get('longitude')}"]
    if contact := message.get("contact"):
        name = " ".join(filter(None, [contact.get("first_name"), contact.get("last_name")]))
        return "contact", [f"{name} {contact.get('phone_number', '')}".strip()]
    return "", []


def _message(update_id: Any, message: dict, edited: bool) -> Incoming | Skipped:
    sender = message.get("from") or {}
    chat = message.get("chat") or {}
    if "message_id" not in message or not chat.get("id"):
        return Skipped(f"update {update_id}", "a message without its id or chat")
    kind, media = _media(message)
    place_kind, place_lines = _place(message)
    lines = [line for line in (message.get("text"), message.get("caption")) if line]
    lines += place_lines
    kind = place_kind or kind or ("text" if message.get("text") else "")
    if not kind:
        other = next((k for k in ("sticker", "poll", "dice", "game") if k in message), "other")
        return Skipped(f"update {update_id}", f"unsupported message type: {other}")
    provider_id = f"{chat['id']}:{message['message_id']}"
    if edited:
        provider_id += f":edited:{message.get('edit_date', '')}"
    name = " ".join(filter(None, [sender.get("first_name"), sender.get("last_name")]))
    if sender.get("username"):
        name = f"{name} (@{sender['username']})".strip()
    return Incoming(
        provider_id=provider_id,
        sender_handle=f"telegram:{sender.get('id') or chat['id']}",
        sender_name=name,
        sender_language=(sender.get("language_code") or "")[:8],
        sender_phone=(message.get("contact") or {}).get("phone_number", "")
        if (message.get("contact") or {}).get("user_id") == sender.get("id")
        else "",
        sent_at=_when(message),
        kind=("edited " if edited else "") + kind,
        text="\n".join(lines) or f"[{kind}]",
        payload=message,
        media=media,
    )


def parse(body: bytes) -> Parsed:
    update, parsed = load_body(body, "Telegram Update")
    if update is None:
        return parsed
    update_id = update.get("update_id", "?")
    for key, edited in (("message", False), ("edited_message", True)):
        if isinstance(update.get(key), dict):
            item = _message(update_id, update[key], edited)
            if isinstance(item, Skipped):
                parsed.skipped.append(item)
            else:
                parsed.messages.append(item)
            return parsed
    other = next((k for k in update if k != "update_id"), "nothing")
    parsed.skipped.append(Skipped(f"update {update_id}", f"unsupported update type: {other}"))
    return parsed


def fetch_media(channel: Channel, reference: str) -> Download:
    base, token = _base(channel), _token(channel)
    answer = http_json(f"{base}/bot{token}/getFile?file_id={quote(reference)}")
    if not answer.get("ok") or not (answer.get("result") or {}).get("file_path"):
        raise ProviderError("getFile gave no file path")
    path = answer["result"]["file_path"]
    content, content_type = http_bytes(
        f"{base}/file/bot{token}/{quote(path)}", api_base=channel.api_base
    )
    return Download(content, content_type, path.rsplit("/", 1)[-1])


def send_text(channel: Channel, to: str, text: str) -> None:
    answer = http_json(
        f"{_base(channel)}/bot{_token(channel)}/sendMessage", data={"chat_id": to, "text": text}
    )
    if not answer.get("ok"):
        raise ProviderError("sendMessage was refused")


def check(channel: Channel) -> str:
    answer = http_json(f"{_base(channel)}/bot{_token(channel)}/getMe")
    if not answer.get("ok"):
        raise ProviderError("getMe was refused: is the token right?")
    return "@" + str(answer["result"].get("username", ""))
