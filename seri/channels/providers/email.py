"""E-mail to a hotline address (`seri smtp-intake`, seri/channels/smtp.py).

A message is parsed with the standard library (`email`, policy=default): its text part, or
its HTML reduced to text (the HTML itself is kept as a file beside it), its attachments, and
the whole message as received (`message.eml`), each stored under its SHA-256. The provider's
id is the Message-ID header (a hash of the message when it has none), its time the Date
header as the sender's server wrote it.

SMTP lets anyone write any From address. Whether the sender's domain vouched for the message
(SPF, DKIM, DMARC) is read from the `Authentication-Results` header (RFC 8601) that the
organisation's own mail server adds, and only from it: the channel names that server's
authserv-id (`mail_server`), the topmost such header counts, and any other server's header —
which a sender can write as easily as a From — is ignored. A message whose From domain the
trusted header does not show as verified (DMARC pass, or DKIM or SPF pass for an aligned
domain) is stored, but never joins a case or a thread on the strength of its From address
(seri/channels/services/receiving.py).
"""

import datetime as dt
import hashlib
import json
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

from django.utils import timezone

from seri.channels.models import Channel
from seri.channels.providers import Download, Incoming, Parsed, ProviderError, Skipped

BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style", "head"):
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head") and self.skipping:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    reader = _Text()
    reader.feed(html)
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    return "\n".join(line for line in lines if line)


def address(channel: Channel) -> str:
    return json.loads(channel.credentials or "{}").get("address", "").strip().lower()


def _when(message: EmailMessage) -> dt.datetime:
    try:
        when = parsedate_to_datetime(str(message["date"]))
    except (TypeError, ValueError):
        return timezone.now()
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _text(part: MIMEPart) -> str:
    """A text part in its declared charset, or as UTF-8 (with replacement characters) when
    the charset is one Python does not know: anyone can send such a message, and it must
    not stop the mailbox (IMAP would fetch it again at every poll, SMTP refuse it for good)."""
    try:
        return part.get_content()
    except LookupError:
        payload = part.get_payload(decode=True)
        return payload.decode("utf-8", errors="replace") if isinstance(payload, bytes) else ""


def _body(message: EmailMessage) -> tuple[str, list[Download]]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return "", []
    # SMTP carries lines ending in CRLF; the text keeps the lines (message.eml keeps the bytes).
    content = _text(part).replace("\r\n", "\n")
    if part.get_content_type() == "text/html":
        original = Download(content.encode("utf-8"), "text/html", "original.html")
        return html_to_text(content), [original]
    return content.strip(), []


def mail_server(channel: Channel) -> str:
    """The authserv-id of the organisation's mail server, whose results Seri trusts."""
    return json.loads(channel.credentials or "{}").get("mail_server", "").strip().lower()


def _without_comments(value: str) -> str:
    """A header value with its (nested) comments and quotes' backslashes taken out."""
    out, depth, quoted = [], 0, False
    for char in value:
        if quoted:
            quoted = char != '"'
            out.append(char)
        elif char == '"':
            quoted = True
            out.append(char)
        elif char == "(":
            depth += 1
        elif char == ")" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def authentication_results(value: str) -> tuple[str, list[dict[str, str]]]:
    """(authserv-id, results) of one Authentication-Results value: each result a dict with the
    method ("dkim", "spf", "dmarc", …), its "result" and its properties ("header.d", …)."""
    parts = [part.strip() for part in _without_comments(value).split(";")]
    server = parts[0].split()[0].lower() if parts and parts[0].split() else ""
    results = []
    for part in parts[1:]:
        words = part.split()
        if not words or "=" not in words[0]:
            continue  # "none", or nothing
        method, result = words[0].split("=", 1)
        entry = {"method": method.split("/")[0].lower(), "result": result.lower()}
        for word in words[1:]:
            if "=" in word:
                key, val = word.split("=", 1)
                entry[key.lower()] = val.strip('"').lower()
        results.append(entry)
    return server, results


def _domain(value: str) -> str:
    return value.rsplit("@", 1)[-1].strip().strip(".").lower()


def _aligned(domain: str, other: str) -> bool:
    """DMARC's relaxed alignment, without the public-suffix list: the same domain, or one a
    subdomain of the other where the shorter has at least two labels (never a bare TLD)."""
    if not domain or not other:
        return False
    if domain == other:
        return True
    shorter, longer = sorted((domain, other), key=len)
    return "." in shorter and longer.endswith("." + shorter)


def sender_verified(message: EmailMessage, sender: str, server: str) -> bool:
    """Whether the trusted mail server's topmost Authentication-Results shows the From
    domain verified: DMARC pass for it, or DKIM (header.d / header.i) or SPF (smtp.mailfrom)
    pass for an aligned domain."""
    if not server:
        return False
    values = [
        authentication_results(str(value))
        for value in message.get_all("authentication-results") or []
    ]
    ours = next((results for name, results in values if name == server), None)
    if ours is None:
        return False
    domain = _domain(sender)
    for entry in ours:
        if entry["result"] != "pass":
            continue
        if entry["method"] == "dmarc":
            if _domain(entry.get("header.from", domain)) == domain:
                return True
        elif entry["method"] == "dkim":
            signer = entry.get("header.d") or _domain(entry.get("header.i", ""))
            if _aligned(domain, signer):
                return True
        elif entry["method"] == "spf":
            envelope = entry.get("smtp.mailfrom") or entry.get("smtp.helo", "")
            if _aligned(domain, _domain(envelope)):
                return True
    return False


def parse_message(raw: bytes, *, server: str = "") -> Parsed:
    """One message; `server` is the authserv-id of the mail server whose results count."""
    parsed = Parsed()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not isinstance(message, EmailMessage):  # policy.default always gives EmailMessage
        parsed.skipped.append(Skipped("message", "not an e-mail message"))
        return parsed
    senders = getaddresses([str(message.get("from", ""))])
    sender_name, sender = senders[0] if senders else ("", "")
    # Several From addresses (which DMARC refuses) cannot be verified as one sender.
    verified = len(senders) == 1 and sender_verified(message, sender, server)
    if not sender:
        parsed.skipped.append(Skipped("message", "no sender address (From)"))
        return parsed
    body, files = _body(message)
    for attachment in message.iter_attachments():
        files.append(
            Download(
                attachment.get_content()
                if attachment.get_content_maintype() != "text"
                else _text(attachment).encode("utf-8"),
                attachment.get_content_type(),
                attachment.get_filename() or "attachment",
            )
        )
    files.append(Download(raw, "message/rfc822", "message.eml"))
    subject = str(message.get("subject", "")).strip()
    text = "\n\n".join(part for part in (subject, body) if part) or "[e-mail]"
    message_id = str(message.get("message-id", "")).strip() or hashlib.sha256(raw).hexdigest()
    parsed.messages.append(
        Incoming(
            provider_id=message_id[:200],
            sender_handle=f"email:{sender.lower()}",
            sender_name=sender_name,
            sent_at=_when(message),
            sender_verified=verified,
            kind="email",
            text=text,
            payload={
                "message_id": message_id,
                "from": str(message.get("from", "")),
                "to": str(message.get("to", "")),
                "subject": subject,
                "date": str(message.get("date", "")),
                "sender_verified": verified,
            },
            files=files,
        )
    )
    return parsed


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    return False  # e-mail arrives over SMTP, never through the webhook


def parse(body: bytes) -> Parsed:
    return parse_message(body)


class ForChannel:
    """The provider as `parse_safely` takes it, reading results from the channel's server."""

    def __init__(self, channel: Channel) -> None:
        self.server = mail_server(channel)

    def parse(self, body: bytes) -> Parsed:
        return parse_message(body, server=self.server)


def fetch_media(channel: Channel, reference: str) -> Download:
    raise ProviderError("e-mail attachments arrive with the message")


def send_text(channel: Channel, to: str, text: str) -> None:
    raise ProviderError("Seri does not answer e-mail")


def check(channel: Channel) -> str:
    return address(channel)
