"""A message anyone can send must not stop a hotline mailbox: one declaring a charset Python
does not know was refused by `seri smtp-intake` for good (451, until the sender's server gave
up) and crashed `seri channels poll` at every poll, before the mail after it. Now its text is
read as UTF-8 (with replacement characters) and it is stored like any other."""

import smtplib
from io import StringIO

import pytest
from django.core.management import call_command

from seri.channels.models import Message
from tests.channels.test_email import (  # noqa: F401
    HOTLINE,
    TinyImapServer,
    imap_channel,
    mail,
    smtp,
)

pytestmark = pytest.mark.django_db(transaction=True)

POISON = (
    b"From: Testsender Mail <testsender@mail.example>\r\n"
    b"To: " + HOTLINE.encode() + b"\r\n"
    b"Subject: Please help\r\n"
    b"Message-ID: <poison-1@mail.example>\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=SYNTH\r\n\r\n"
    b"--SYNTH\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\n"
    b"He is held in building C.\r\n"
    b"--SYNTH\r\nContent-Type: text/plain; charset=utf-7x\r\n"
    b"Content-Disposition: attachment; filename=notes.txt\r\n\r\nsynthetic notes\r\n"
    b"--SYNTH--\r\n"
)


def test_smtp_stores_a_message_in_an_unknown_charset(smtp):  # noqa: F811
    with smtplib.SMTP("127.0.0.1", smtp) as client:
        client.sendmail("testsender@mail.example", [HOTLINE], POISON)
    message = Message.objects.get()
    assert "He is held in building C." in message.text
    names = sorted(a.original_name for a in message.report.attachments.all())
    assert names == ["message.eml", "notes.txt"]


def test_imap_polling_goes_past_a_message_in_an_unknown_charset(ngo, alice):
    imap = TinyImapServer([POISON, bytes(mail("<after-1@mail.example>"))])
    try:
        imap_channel(alice, ngo, imap)
        call_command("channels", "poll", "Test IMAP mailbox", stdout=StringIO())
        assert imap.seen == {1, 2}
    finally:
        imap.close()
    assert Message.objects.count() == 2
