"""What every provider module gives the receiving service (seri/channels/services/receiving.py):

- `verify(channel, headers, body) -> bool`: the signature or secret, checked in constant time
  before the body is parsed;
- `parse(body) -> Parsed`: the messages in one webhook call, and what was skipped with why;
- `fetch_media(channel, reference) -> Download`: a file a message refers to;
- `send_text(channel, to, text)`: a reply (used only for an organisation's acknowledgement);
- `check(channel) -> str`: the credentials tried against the provider (`seri channels test`).
"""

import datetime as dt
import http.client
import ipaddress
import json
import socket
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from seri.evidence.egress import address_allowed

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
    # Whether the sender is who the handle says: a signed webhook's sender is the provider's
    # word; an e-mail's From only when the organisation's mail server verified it.
    sender_verified: bool = True
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


def origin(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of an address (the port its scheme implies when none is given)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def _connect_checked(connection: http.client.HTTPConnection, trusted: tuple[str, int]) -> None:
    """Connect to an address the host resolves to, only if every one of them may be reached
    (`seri.evidence.egress.address_allowed`, the web capture's rule: no loopback, private,
    link-local or metadata address), unless the host is the channel's own configured API
    host. The address checked is the address connected to: no second look-up."""
    host, port = connection.host, connection.port
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        raise ProviderError("the file's host could not be resolved") from None
    addresses = [info[4][0] for info in found]
    if (host.lower(), port) != trusted and not all(
        address_allowed(ipaddress.ip_address(a)) for a in addresses
    ):
        raise ProviderError("the file's address is not a public one: not fetched")
    error: OSError | None = None
    for family, kind, proto, _name, address in found:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(connection.timeout)
            sock.connect(address)
        except OSError as exc:
            sock.close()
            error = exc
            continue
        connection.sock = sock
        return
    raise error or OSError("no address to connect to")


class _CheckedHTTP(http.client.HTTPConnection):
    trusted: tuple[str, int] = ("", 0)

    def connect(self) -> None:
        _connect_checked(self, self.trusted)


class _CheckedHTTPS(http.client.HTTPSConnection, _CheckedHTTP):
    """HTTPSConnection.connect calls the checked connect above, then wraps it in TLS."""


def _with_trust(kind: type[_CheckedHTTP], trusted: tuple[str, int]) -> Callable[..., Any]:
    def connection(*args: Any, **kwargs: Any) -> _CheckedHTTP:
        made = kind(*args, **kwargs)
        made.trusted = trusted
        return made

    return connection


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect (its connection is checked again), but never carries the
    Authorization header to another origin: a provider's token goes to its own host only."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and origin(newurl) != origin(req.full_url):
            for name in [n for n in new.headers if n.lower() == "authorization"]:
                del new.headers[name]
        return new


def _opener(trusted: tuple[str, int]) -> urllib.request.OpenerDirector:
    class Plain(urllib.request.HTTPHandler):
        def http_open(self, req):
            return self.do_open(_with_trust(_CheckedHTTP, trusted), req)

    class Secure(urllib.request.HTTPSHandler):
        def https_open(self, req):
            return self.do_open(_with_trust(_CheckedHTTPS, trusted), req, context=self._context)

    # No proxy from the environment: the check must see the address actually connected to.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}), Plain(), Secure(), _Redirects()
    )


def http_bytes(url: str, *, api_base: str = "", headers: dict | None = None) -> tuple[bytes, str]:
    """A file from the provider. Its address often comes from a webhook's payload or an API's
    answer (Messenger, Viber, RapidPro, WhatsApp's media URL), so the server connects only to
    public addresses (`_connect_checked`) — or to the channel's configured API host
    (`api_base`, set by the operator) — and redirects lose the Authorization header when they
    leave the origin."""
    request = _request(url, headers=dict(headers or {}))
    trusted = origin(api_base)[1:] if api_base else ("", 0)
    try:
        with _opener(trusted).open(request, timeout=TIMEOUT) as response:
            content = response.read(MAX_MEDIA_BYTES + 1)
            if len(content) > MAX_MEDIA_BYTES:
                raise ProviderError("the file is larger than the attachment limit")
            return content, response.headers.get_content_type()
    except urllib.error.HTTPError as exc:
        raise ProviderError(f"the provider answered HTTP {exc.code}") from None
    except urllib.error.URLError as exc:
        raise ProviderError(f"the provider could not be reached ({type(exc).__name__})") from None
    except (TimeoutError, OSError, http.client.HTTPException) as exc:
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
