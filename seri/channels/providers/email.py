"""E-mail to a hotline address (`seri smtp-intake`, seri/channels/smtp.py).

A message is parsed with the standard library (`email`, policy=default): its text part, or
its HTML reduced to text (the HTML itself is kept as a file beside it), its attachments, and
the whole message as received (`message.eml`), each stored under its SHA-256. The provider's
id is the Message-ID header (a hash of the message when it has none), its time the Date
header as the sender's server wrote it.
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


def parse_message(raw: bytes) -> Parsed:
    parsed = Parsed()
    message = BytesParser(policy=policy.default).parsebytes(raw)
    if not isinstance(message, EmailMessage):  # policy.default always gives EmailMessage
        parsed.skipped.append(Skipped("message", "not an e-mail message"))
        return parsed
    senders = getaddresses([str(message.get("from", ""))])
    sender_name, sender = senders[0] if senders else ("", "")
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
            kind="email",
            text=text,
            payload={
                "message_id": message_id,
                "from": str(message.get("from", "")),
                "to": str(message.get("to", "")),
                "subject": subject,
                "date": str(message.get("date", "")),
            },
            files=files,
        )
    )
    return parsed


def verify(channel: Channel, headers: Any, body: bytes) -> bool:
    return False  # e-mail arrives over SMTP, never through the webhook


def parse(body: bytes) -> Parsed:
    return parse_message(body)


def fetch_media(channel: Channel, reference: str) -> Download:
    raise ProviderError("e-mail attachments arrive with the message")


def send_text(channel: Channel, to: str, text: str) -> None:
    raise ProviderError("Seri does not answer e-mail")


def check(channel: Channel) -> str:
    return address(channel)
