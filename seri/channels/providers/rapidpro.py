"""SMS (and any other channel RapidPro/TextIt runs) through a RapidPro or TextIt flow.

The organisation's flow calls Seri with a "Call Webhook" action (POST, default body) whose
headers include `X-Seri-Secret: <the channel's secret>`. The default body holds the contact
(`uuid`, `name`, `urn` such as `tel:+855…`), the flow, the run (`uuid`, `created_on`), the
`input` that reached the action (`uuid`, `type`, `created_on`, `text`, `urn`, `attachments`
as `content-type:url`), the flow `results` collected so far and the path. The message text is
the input; the results are kept with it as lines `name: value`.
"""

import datetime as dt
import hashlib
import hmac
import re
from typing import Any

from django.utils import timezone

from seri.channels.models import Channel
from seri.channels.providers import (
    Download,
    Incoming,
    MediaRef,
    Parsed,
    ProviderError,
    Skipped,
    http_bytes,
    load_body,
)

HEADER = "X-Seri-Secret"
_FRACTION = re.compile(r"(\.\d{6})\d+")


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    sent = headers.get(HEADER, "")
    return bool(sent) and hmac.compare_digest(sent.encode(), channel.webhook_secret.encode())


def _when(value: str) -> dt.datetime:
    try:  # RapidPro writes nanoseconds; Python reads microseconds
        return dt.datetime.fromisoformat(_FRACTION.sub(r"\1", value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return timezone.now()


def _attachments(items: list) -> list[MediaRef]:
    refs = []
    for item in items or []:
        content_type, _sep, url = str(item).partition(":")
        if url.startswith(("http://", "https://")):
            refs.append(MediaRef(url, "", content_type))
    return refs


def _results(results: dict) -> list[str]:
    lines = []
    for key, result in (results or {}).items():
        if isinstance(result, dict) and result.get("value") not in (None, ""):
            lines.append(f"{result.get('name') or key}: {result['value']}")
    return lines


def parse(body: bytes) -> Parsed:
    data, parsed = load_body(
        body, "RapidPro flow webhook call", lambda d: isinstance(d.get("contact"), dict)
    )
    if data is None:
        return parsed
    contact, run = data["contact"], data.get("run") or {}
    given = data.get("input") or {}
    urn = str(contact.get("urn") or (given.get("urn") or {}).get("identity", "") or "")
    results = _results(data.get("results") or {})
    lines = [given["text"]] if given.get("text") else []
    media = _attachments(given.get("attachments") or [])
    if not lines and not media and not results:
        parsed.skipped.append(Skipped(f"run {run.get('uuid', '?')}", "no message and no results"))
        return parsed
    provider_id = given.get("uuid") or (
        f"{run.get('uuid', '')}:{given.get('created_on', '')}"
        if run.get("uuid")
        else hashlib.sha256(body).hexdigest()
    )
    scheme, _sep, path = urn.partition(":")
    parsed.messages.append(
        Incoming(
            provider_id=str(provider_id)[:200],
            sender_handle=f"rapidpro:{urn or contact.get('uuid', '')}",
            sender_name=str(contact.get("name") or ""),
            sender_phone=path if scheme == "tel" and path.startswith("+") else "",
            sent_at=_when(str(given.get("created_on") or run.get("created_on") or "")),
            kind=str(given.get("type") or "flow results"),
            text="\n".join(lines + results) or "[attachment]",
            payload=data,
            media=media,
        )
    )
    return parsed


def fetch_media(channel: Channel, reference: str) -> Download:
    content, content_type = http_bytes(reference, api_base=channel.api_base)
    return Download(content, content_type, "")


def send_text(channel: Channel, to: str, text: str) -> None:
    raise ProviderError("replies go through the RapidPro flow, not through Seri")


def check(channel: Channel) -> str:
    return "no API to check: the flow calls Seri"
