"""What every provider module gives the receiving service (seri/channels/services/receiving.py):

- `verify(channel, headers, body) -> bool`: the signature or secret, checked in constant time
  before the body is parsed;
- `parse(body) -> Parsed`: the messages in one webhook call, and what was skipped with why;
- `fetch_media(channel, reference) -> Download`: a file a message refers to;
- `send_text(channel, to, text)`: a reply (used only for an organisation's acknowledgement);
- `check(channel) -> str`: the credentials tried against the provider (`seri channels test`).
"""

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

TIMEOUT = 20  # seconds, for calls to a provider's API
MAX_MEDIA_BYTES = 20 * 1024 * 1024  # the attachment limit of reports


class ProviderError(Exception):
    """The provider's API refused or failed; the message names what and never a secret."""


@dataclass
class MediaRef:
    reference: str  # the provider's file id (Telegram, Meta)
    name: str = ""
    content_type: str = ""


@dataclass
class Incoming:
    provider_id: str
    sender_handle: str  # the provider's stable id of the sender
    sent_at: dt.datetime
    kind: str
    text: str
    payload: dict[str, Any]
    sender_name: str = ""
    sender_phone: str = ""
    sender_language: str = ""
    media: list[MediaRef] = field(default_factory=list)  # fetched later, in the background
    files: list["Download"] = field(default_factory=list)  # in hand already (e-mail)


@dataclass
class Skipped:
    where: str
    reason: str


@dataclass
class Parsed:
    messages: list[Incoming] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def load_body(
    body: bytes, what: str, valid: Callable[[dict[str, Any]], bool] = lambda data: True
) -> tuple[dict[str, Any] | None, Parsed]:
    """A webhook body as a JSON object, or None with the reason in `Parsed.skipped` ("not JSON",
    or "not a <what>" when it is not an object or `valid` refuses it)."""
    parsed = Parsed()
    try:
        data = json.loads(body)
    except ValueError:
        parsed.skipped.append(Skipped("body", "not JSON"))
        return None, parsed
    if not isinstance(data, dict) or not valid(data):
        parsed.skipped.append(Skipped("body", f"not a {what}"))
        return None, parsed
    return data, parsed


@dataclass
class Download:
    content: bytes
    content_type: str
    name: str


def _request(url: str, **kwargs: Any) -> urllib.request.Request:
    # Only the web: a URL from a payload (Messenger's attachment URLs) is never a file: URL.
    if not url.startswith(("https://", "http://")):
        raise ProviderError("not an http(s) address")
    return urllib.request.Request(url, **kwargs)  # noqa: S310 (scheme checked above)


def http_json(url: str, *, data: dict | None = None, headers: dict | None = None) -> Any:
    """GET (or POST JSON) and read a JSON answer; errors name the URL's path only (a Telegram
    bot token is part of its URLs and must never be logged)."""
    body = json.dumps(data).encode() if data is not None else None
    request = _request(url, data=body, headers=dict(headers or {}))
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"the provider answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, ValueError) as exc:
        raise ProviderError(f"the provider could not be reached ({type(exc).__name__})") from None


def http_bytes(url: str, *, headers: dict | None = None) -> tuple[bytes, str]:
    request = _request(url, headers=dict(headers or {}))
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            content = response.read(MAX_MEDIA_BYTES + 1)
            if len(content) > MAX_MEDIA_BYTES:
                raise ProviderError("the file is larger than the attachment limit")
            return content, response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"the provider answered HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError) as exc:
        raise ProviderError(f"the provider could not be reached ({type(exc).__name__})") from None


def registry() -> dict[str, Any]:
    from seri.channels.providers import email, line, meta, rapidpro, sms, telegram, viber

    return {
        "telegram": telegram,
        "whatsapp": meta.whatsapp,
        "messenger": meta.messenger,
        "email": email,
        "line": line,
        "sms": sms,
        "rapidpro": rapidpro,
        "viber": viber,
    }
