"""IMAP polling for an e-mail channel whose mailbox is kept by a mail provider (no SMTP
forwarding possible): `seri channels poll NAME [--every SECONDS]`.

Unseen messages of the INBOX are fetched whole (`BODY.PEEK[]`), handed to the same receiving
service as `seri smtp-intake`, then flagged \\Seen. A message fetched twice (a poll killed
between storing and flagging) is recognised by its Message-ID and stored once.
"""

import imaplib
import json

from seri.channels.models import Channel
from seri.channels.providers import ProviderError, email
from seri.channels.services.receiving import (
    channel_error_note,
    delivery_receive,
    parse_safely,
)
from seri.channels.tasks import queue_after_commit

TIMEOUT = 30


def _settings(channel: Channel) -> dict[str, str]:
    secrets = json.loads(channel.credentials or "{}")
    needed = ("imap_host", "imap_user", "imap_password")
    if not all(secrets.get(key) for key in needed):
        raise ProviderError("the channel has no IMAP host, user and password")
    return secrets


def imap_poll(channel: Channel) -> int:
    """Fetch the mailbox's unseen messages; how many were handed over."""
    secrets = _settings(channel)
    port = int(secrets.get("imap_port") or 993)
    connect = imaplib.IMAP4 if secrets.get("imap_tls") == "none" else imaplib.IMAP4_SSL
    try:
        with connect(secrets["imap_host"], port, timeout=TIMEOUT) as mailbox:
            mailbox.login(secrets["imap_user"], secrets["imap_password"])
            mailbox.select("INBOX")
            _status, found = mailbox.uid("SEARCH", "UNSEEN")
            uids = found[0].split() if found and found[0] else []
            for uid in uids:
                _status, parts = mailbox.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next((p[1] for p in parts if isinstance(p, tuple)), None)
                if raw is None:
                    continue
                # A message Seri cannot read is accounted as skipped and flagged seen, so that
                # it cannot stop every later poll at itself.
                delivery_receive(
                    channel=channel,
                    parsed=parse_safely(email.ForChannel(channel), raw),
                    after_commit=queue_after_commit,
                )
                mailbox.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            return len(uids)
    except (imaplib.IMAP4.error, OSError) as exc:
        # The server's words may repeat the user name: only the kind of failure is kept.
        error = f"IMAP: {type(exc).__name__}"
        channel_error_note(channel=channel, error=error)
        raise ProviderError(error) from None
