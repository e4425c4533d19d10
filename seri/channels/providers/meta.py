"""Meta webhooks: the WhatsApp Business Cloud API and Messenger (Graph API).

Both are registered with a callback URL and a verify token: Meta first GETs the URL with
`hub.mode=subscribe`, `hub.verify_token` and `hub.challenge`, and expects the challenge back.
Every POST is signed: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body under
the app secret>`. WhatsApp media are fetched in two steps with the access token as bearer:
`GET <graph>/<version>/<media id>` gives a short-lived URL, which is then downloaded.
Messenger attachments carry their URL in the message.
"""

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
    origin,
)

DEFAULT_BASE = "https://graph.facebook.com"
VERSION = "v21.0"
HEADER = "X-Hub-Signature-256"
# Where Meta serves media from (Graph API, lookaside.fbsbx.com, the fbcdn.net and WhatsApp CDNs).
META_DOMAINS = ("facebook.com", "fbsbx.com", "fbcdn.net", "whatsapp.net")
WHATSAPP_MEDIA = ("image", "audio", "document", "video", "sticker", "voice")


def _secrets(channel: Channel) -> dict[str, str]:
    return json.loads(channel.credentials or "{}")


def _base(channel: Channel) -> str:
    return f"{(channel.api_base or DEFAULT_BASE).rstrip('/')}/{VERSION}"


def _bearer(channel: Channel) -> dict[str, str]:
    token = _secrets(channel).get("access_token", "")
    if not token:
        raise ProviderError("the channel has no access token")
    return {"Authorization": f"Bearer {token}"}


def _bearer_for(channel: Channel, url: str) -> dict[str, str]:
    """The access token, only for an address of Meta's (or of the channel's configured API
    host): a media URL is read from a payload, and the page's token must not go elsewhere."""
    host = origin(url)[1]
    if origin(url)[1:] == origin(channel.api_base or DEFAULT_BASE)[1:] or any(
        host == domain or host.endswith("." + domain) for domain in META_DOMAINS
    ):
        return _bearer(channel)
    return {}


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    secret = _secrets(channel).get("app_secret", "")
    if not sent.startswith("sha256=") or not secret:
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(sent[len("sha256=") :].encode(), expected.encode())


def verify_challenge(channel: Channel, params: Any) -> str | None:
    """The challenge to answer to Meta's subscription check, or None when the token is wrong."""
    token = params.get("hub.verify_token", "")
    if params.get("hub.mode") != "subscribe" or not token:
        return None
    if not hmac.compare_digest(token.encode(), channel.webhook_secret.encode()):
        return None
    return params.get("hub.challenge", "")


def _load(body: bytes, expected_object: str) -> tuple[dict | None, Parsed]:
    return load_body(
        body, f"{expected_object} notification", lambda d: d.get("object") == expected_object
    )


# --- WhatsApp ----------------------------------------------------------------------------------


def _wa_content(message: dict) -> tuple[list[str], list[MediaRef]]:
    kind = message.get("type", "")
    if kind == "text":
        return [(message.get("text") or {}).get("body", "")], []
    if kind in WHATSAPP_MEDIA:
        item = message.get(kind) or {}
        lines = [item["caption"]] if item.get("caption") else []
        ref = MediaRef(str(item.get("id", "")), item.get("filename", ""), item.get("mime_type", ""))
        return lines, [ref]
    if kind == "location":
        where = message.get("location") or {}
        place = ", ".join(filter(None, [where.get("name"), where.get("address")]))
        return [
            line for line in (place, f"{where.get('latitude')}, {where.get('longitude')}") if line
        ], []
    if kind == "contacts":
        lines = []
        for contact in message.get("contacts") or []:
            phones = " ".join(p.get("phone", "") for p in contact.get("phones") or [])
            lines.append(
                f"{(contact.get('name') or {}).get('formatted_name', '')} {phones}".strip()
            )
        return lines, []
    return [], []


def _wa_message(message: dict, names: dict[str, str], where: str) -> Incoming | Skipped:
    kind = message.get("type", "")
    lines, media = _wa_content(message)
    if not lines and not media:
        return Skipped(where, f"unsupported message type: {kind or 'none'}")
    sender = str(message.get("from", ""))
    return Incoming(
        provider_id=str(message.get("id", "")),
        sender_handle=f"whatsapp:{sender}",
        sender_name=names.get(sender, ""),
        sender_phone="+" + sender if sender.isdigit() else "",
        sent_at=dt.datetime.fromtimestamp(int(message.get("timestamp") or 0), tz=dt.timezone.utc),
        kind=kind,
        text="\n".join(lines) or f"[{kind}]",
        payload=message,
        media=media,
    )


def whatsapp_parse(body: bytes) -> Parsed:
    data, parsed = _load(body, "whatsapp_business_account")
    for e, entry in enumerate((data or {}).get("entry") or []):
        for c, change in enumerate(entry.get("changes") or []):
            value = change.get("value") or {}
            where = f"entry {e} change {c}"
            names = {
                str(contact.get("wa_id")): (contact.get("profile") or {}).get("name", "")
                for contact in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                item = _wa_message(message, names, where)
                if isinstance(item, Skipped):
                    parsed.skipped.append(item)
                elif not item.provider_id:
                    parsed.skipped.append(Skipped(where, "a message without its id"))
                else:
                    parsed.messages.append(item)
            for status in value.get("statuses") or []:
                parsed.skipped.append(
                    Skipped(where, f"delivery status ({status.get('status', '?')}): ignored")
                )
    return parsed


def whatsapp_fetch_media(channel: Channel, reference: str) -> Download:
    found = http_json(f"{_base(channel)}/{quote(reference)}", headers=_bearer(channel))
    if not found.get("url"):
        raise ProviderError("the Graph API gave no media URL")
    content, content_type = http_bytes(
        found["url"], api_base=channel.api_base, headers=_bearer_for(channel, found["url"])
    )
    return Download(content, found.get("mime_type") or content_type, "")


def whatsapp_send_text(channel: Channel, to: str, text: str) -> None:
    number_id = _secrets(channel).get("phone_number_id", "")
    http_json(
        f"{_base(channel)}/{quote(number_id)}/messages",
        data={"messaging_product": "whatsapp", "to": to, "type": "text", "text": {"body": text}},
        headers=_bearer(channel),
    )


def whatsapp_check(channel: Channel) -> str:
    number_id = _secrets(channel).get("phone_number_id", "")
    answer = http_json(f"{_base(channel)}/{quote(number_id)}", headers=_bearer(channel))
    return str(answer.get("display_phone_number") or answer.get("id") or "")


# --- Messenger ---------------------------------------------------------------------------------


def _ms_event(event: dict, where: str) -> Incoming | Skipped:
    message = event.get("message")
    if not isinstance(message, dict):
        other = next((k for k in event if k not in ("sender", "recipient", "timestamp")), "?")
        return Skipped(where, f"{other} event: ignored")
    if message.get("is_echo"):
        return Skipped(where, "the page's own message (echo): ignored")
    lines = [message["text"]] if message.get("text") else []
    media = []
    for attachment in message.get("attachments") or []:
        payload = attachment.get("payload") or {}
        if payload.get("url"):
            media.append(MediaRef(payload["url"], "", ""))
        elif coordinates := payload.get("coordinates"):
            lines.append(f"{coordinates.get('lat')}, {coordinates.get('long')}")
    if not lines and not media:
        return Skipped(where, "a message with nothing Seri reads")
    sender = str((event.get("sender") or {}).get("id", ""))
    kind = (message.get("attachments") or [{}])[0].get("type", "text") if media else "text"
    return Incoming(
        provider_id=str(message.get("mid", "")),
        sender_handle=f"messenger:{sender}",
        sent_at=dt.datetime.fromtimestamp(
            int(event.get("timestamp") or 0) / 1000, tz=dt.timezone.utc
        ),
        kind=kind,
        text="\n".join(lines) or f"[{kind}]",
        payload=event,
        media=media,
    )


def messenger_parse(body: bytes) -> Parsed:
    data, parsed = _load(body, "page")
    for e, entry in enumerate((data or {}).get("entry") or []):
        for m, event in enumerate(entry.get("messaging") or []):
            item = _ms_event(event, f"entry {e} event {m}")
            if isinstance(item, Skipped):
                parsed.skipped.append(item)
            elif not item.provider_id:
                parsed.skipped.append(Skipped(f"entry {e} event {m}", "a message without its id"))
            else:
                parsed.messages.append(item)
    return parsed


def messenger_fetch_media(channel: Channel, reference: str) -> Download:
    content, content_type = http_bytes(
        reference, api_base=channel.api_base, headers=_bearer_for(channel, reference)
    )
    return Download(content, content_type, "")


def messenger_send_text(channel: Channel, to: str, text: str) -> None:
    http_json(
        f"{_base(channel)}/me/messages",
        data={"recipient": {"id": to}, "messaging_type": "RESPONSE", "message": {"text": text}},
        headers=_bearer(channel),
    )


def messenger_check(channel: Channel) -> str:
    return str(http_json(f"{_base(channel)}/me", headers=_bearer(channel)).get("name", ""))


class _Provider:
    def __init__(self, **functions: Any) -> None:
        self.__dict__.update(functions)


whatsapp = _Provider(
    verify=verify,
    verify_challenge=verify_challenge,
    parse=whatsapp_parse,
    fetch_media=whatsapp_fetch_media,
    send_text=whatsapp_send_text,
    check=whatsapp_check,
)
messenger = _Provider(
    verify=verify,
    verify_challenge=verify_challenge,
    parse=messenger_parse,
    fetch_media=messenger_fetch_media,
    send_text=messenger_send_text,
    check=messenger_check,
)
