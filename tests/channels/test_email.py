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


def mail(message_id: str, *, html: bool = False) -> EmailMessage:
    message = EmailMessage()
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
