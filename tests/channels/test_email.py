"""E-mail over a real SMTP session (smtplib) to the receiver of `seri smtp-intake`."""

import smtplib
import socket
from email.message import EmailMessage

import pytest

from seri.channels.models import Delivery, Message
from seri.channels.providers.email import html_to_text
from seri.channels.services.channels import ChannelInput, channel_create
from seri.channels.smtp import smtp_controller
from seri.intake.models import Report, ReportAttachment

pytestmark = pytest.mark.django_db(transaction=True)

HOTLINE = "hotline@ngo.example"
PDF = b"%PDF-1.4 synthetic test document\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(ngo, alice):
    channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(kind="email", name="Test mailbox", secrets={"address": HOTLINE}),
    )
    port = free_port()
    controller = smtp_controller("127.0.0.1", port)
    controller.start()
    yield port
    controller.stop()


# What the IMAP test's mail provider writes on the mail it verified (RFC 8601).
VERIFIED_BY_PROVIDER = (
    "mx.provider.example; dkim=pass header.d=mail.example; dmarc=pass header.from=mail.example"
)


def mail(message_id: str, *, html: bool = False, results: str = "") -> EmailMessage:
    message = EmailMessage()
    if results:
        message["Authentication-Results"] = results
    message["From"] = "Testsender Mail <testsender@mail.example>"
    message["To"] = HOTLINE
    message["Subject"] = "My son is held"
    message["Date"] = "Wed, 03 Dec 2025 08:15:00 +0700"
    message["Message-ID"] = message_id
    if html:  # an HTML-only message, as some webmail clients send
        message.set_content(
            "<html><head><style>p{}</style></head><body><p>He wrote from</p>"
            "<p><b>10.6104, 103.5225</b></p><script>x()</script></body></html>",
            subtype="html",
        )
    else:
        message.set_content("He wrote from building B.\nPlease call me.")
    message.add_attachment(PDF, maintype="application", subtype="pdf", filename="passport.pdf")
    return message


def test_mail_over_smtp_is_stored_with_attachments_once(smtp):
    with smtplib.SMTP("127.0.0.1", smtp) as client:
        client.send_message(mail("<t1@mail.example>"))
        client.send_message(mail("<t1@mail.example>"))  # the sender's server retries
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            client.send_message(mail("<t2@mail.example>"), to_addrs=["nobody@ngo.example"])
    report = Report.objects.get()
    assert report.channel == "email"
    assert report.original_text == "My son is held\n\nHe wrote from building B.\nPlease call me."
    assert report.received_at.isoformat() == "2025-12-03T01:15:00+00:00"
    names = sorted(ReportAttachment.objects.values_list("original_name", flat=True))
    assert names == ["message.eml", "passport.pdf"]
    assert Message.objects.get().sender.handle == "email:testsender@mail.example"
    assert sum(d.duplicates for d in Delivery.objects.all()) == 1


def test_html_is_reduced_to_text_and_kept(smtp):
    with smtplib.SMTP("127.0.0.1", smtp) as client:
        client.send_message(mail("<t3@mail.example>", html=True))
    report = Report.objects.get()
    assert report.original_text == "My son is held\n\nHe wrote from\n10.6104, 103.5225"
    assert "original.html" in ReportAttachment.objects.values_list("original_name", flat=True)


def test_html_to_text_drops_scripts_and_styles():
    text = html_to_text(
        "<style>a{}</style><p>One &amp; two</p><script>bad()</script><div>three</div>"
    )
    assert text == "One & two\nthree"


class TinyImapServer:
    """Just enough of IMAP4rev1 (RFC 3501) for a client that logs in, selects the INBOX,
    searches unseen messages by UID, fetches them and flags them seen."""

    def __init__(self, messages: list[bytes]) -> None:
        import socketserver
        import threading

        self.messages = {n + 1: raw for n, raw in enumerate(messages)}
        self.seen: set[int] = set()
        self.logins: list[str] = []
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, text: str) -> None:
                self.wfile.write(text.encode() + b"\r\n")

            def handle(self):
                self.reply("* OK [CAPABILITY IMAP4rev1] test server ready")
                for line in self.rfile:
                    tag, _, rest = line.decode().rstrip("\r\n").partition(" ")
                    command, _, args = rest.partition(" ")
                    command = command.upper()
                    if command == "UID":
                        command, _, args = args.partition(" ")
                        command = "UID " + command.upper()
                    if command == "CAPABILITY":
                        self.reply("* CAPABILITY IMAP4rev1")
                    elif command == "LOGIN":
                        server.logins.append(args)
                    elif command == "SELECT":
                        self.reply(f"* {len(server.messages)} EXISTS")
                    elif command == "UID SEARCH":
                        unseen = [str(u) for u in server.messages if u not in server.seen]
                        self.reply("* SEARCH " + " ".join(unseen))
                    elif command == "UID FETCH":
                        uid = int(args.split()[0])
                        raw = server.messages[uid]
                        self.wfile.write(
                            f"* {uid} FETCH (UID {uid} BODY[] {{{len(raw)}}}\r\n".encode()
                        )
                        self.wfile.write(raw + b")\r\n")
                    elif command == "UID STORE":
                        uid = int(args.split()[0])
                        server.seen.add(uid)
                        self.reply(f"* {uid} FETCH (UID {uid} FLAGS (\\Seen))")
                    elif command == "LOGOUT":
                        self.reply("* BYE")
                        self.reply(f"{tag} OK LOGOUT completed")
                        return
                    self.reply(f"{tag} OK {command} completed")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def imap_channel(actor, organisation, imap: "TinyImapServer"):
    """An e-mail channel of `organisation` that polls the local IMAP server `imap`."""
    return channel_create(
        actor=actor,
        organisation=organisation,
        data=ChannelInput(
            kind="email",
            name="Test IMAP mailbox",
            secrets={
                "address": "imap@ngo.example",
                "imap_host": "127.0.0.1",
                "imap_port": str(imap.port),
                "imap_user": "hotline",
                "imap_password": "test-imap-password",
                "imap_tls": "none",
                "mail_server": "mx.provider.example",
            },
        ),
    )


def test_imap_polling_stores_unseen_mail_once(ngo, alice):
    from io import StringIO

    from django.core.management import call_command

    imap = TinyImapServer(
        [
            bytes(mail("<i1@mail.example>", results=VERIFIED_BY_PROVIDER)),
            bytes(mail("<i2@mail.example>", html=True, results=VERIFIED_BY_PROVIDER)),
        ]
    )
    try:
        imap_channel(alice, ngo, imap)
        out = StringIO()
        call_command("channels", "poll", "Test IMAP mailbox", stdout=out)
        assert "2 new messages" in out.getvalue()
        assert imap.seen == {1, 2} and imap.logins == ['hotline "test-imap-password"']
        imap.seen.clear()  # as if the flags were lost: the same mail again is stored once
        call_command("channels", "poll", "Test IMAP mailbox", stdout=StringIO())
    finally:
        imap.close()
    assert Message.objects.count() == 2 and Report.objects.count() == 1  # one sender's thread
    assert sum(d.duplicates for d in Delivery.objects.all()) == 2
