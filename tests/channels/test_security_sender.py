"""A forged From must not reach a family's case. SMTP lets anyone write any From address: a
message from a family's address used to join their case's timeline (or the thread waiting in
triage) on the strength of its From alone. Now only the organisation's own mail server's
Authentication-Results (RFC 8601) can vouch for the sender; mail it did not verify is stored
as its own triage report, marked, and joins nothing. Over a real SMTP session."""

import smtplib
from email.message import EmailMessage

import pytest
from django.urls import reverse

from seri.channels.models import Message
from seri.channels.providers.email import authentication_results, parse_message
from seri.channels.services.channels import ChannelInput, channel_create
from seri.channels.smtp import smtp_controller
from seri.intake.models import Report
from tests.channels.test_email import HOTLINE, free_port
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

OURS = "mx.ngo.example"
FAMILY = "testfamily@mail.example"


@pytest.fixture
def smtp(ngo, alice):
    channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="email",
            name="Checked mailbox",
            secrets={"address": HOTLINE, "mail_server": OURS},
        ),
    )
    port = free_port()
    controller = smtp_controller("127.0.0.1", port)
    controller.start()
    yield port
    controller.stop()


def mail(message_id: str, *results: str, sender: str = FAMILY) -> EmailMessage:
    message = EmailMessage()
    for value in results:  # in the order they stand, the newest (topmost) first
        message["Authentication-Results"] = value
    message["From"] = f"Test Family <{sender}>"
    message["To"] = HOTLINE
    message["Subject"] = "News of my daughter"
    message["Date"] = "Thu, 04 Dec 2025 09:00:00 +0700"
    message["Message-ID"] = message_id
    message.set_content("She wrote again from building C.")
    return message


def send(port: int, message: EmailMessage) -> Message:
    with smtplib.SMTP("127.0.0.1", port) as client:
        client.send_message(message, to_addrs=[HOTLINE])
    return Message.objects.get(provider_id=message["Message-ID"])


PASS = (
    f"{OURS}; dkim=pass (2048-bit key) header.d=mail.example header.s=s1;"
    f" spf=pass smtp.mailfrom={FAMILY}; dmarc=pass (p=REJECT) header.from=mail.example"
)
FORGED = [
    (),  # no results at all
    # the sender wrote a header in the name of some other server
    ("mx.other.example; dmarc=pass header.from=mail.example",),
    # our server: DKIM and SPF passed, but for the attacker's own domain
    (
        f"{OURS}; dkim=pass header.d=attacker.example;"
        " spf=pass smtp.mailfrom=bounce@attacker.example; dmarc=fail header.from=mail.example",
    ),
    # a forged 'pass' in our server's name stands below our server's real 'fail'
    (f"{OURS}; dmarc=fail header.from=mail.example", PASS),
    # results in comments and a bare top-level domain do not count
    (
        f"{OURS}; dkim=fail (dkim=pass header.d=mail.example) header.d=example;"
        " spf=pass smtp.mailfrom=x@example",
    ),
]


def test_a_verified_sender_joins_the_case_and_a_forged_one_does_not(smtp, bobs_case):
    first = send(smtp, mail("<v1@mail.example>", PASS))
    assert first.sender_verified
    first.report.case = bobs_case  # the caseworker put the family's first mail on their case
    first.report.save(update_fields=["case"])

    forged = [
        send(smtp, mail(f"<f{n}@attacker.example>", *results)) for n, results in enumerate(FORGED)
    ]
    for message in forged:
        assert not message.sender_verified
        assert message.report.case_id is None  # in triage, not on the family's case
    reports = {message.report_id for message in forged}
    assert len(reports) == len(forged)  # each its own report: none joined another's thread

    later = send(smtp, mail("<v2@mail.example>", PASS))  # the family writes again, verified
    assert later.sender_verified and later.report.case_id == bobs_case.pk
    assert Report.objects.filter(case__isnull=True).count() == len(forged)


def test_the_caseworker_is_told_the_sender_was_not_verified(smtp, bob):
    """Kept, but said: the triage page and the thread name the forged-looking sender."""
    forged = send(smtp, mail("<f9@attacker.example>", *FORGED[2]))
    verified = send(smtp, mail("<v9@mail.example>", PASS))
    client = login(bob)
    warning = "The mail server did not verify who sent this e-mail"
    for message, shown in ((forged, True), (verified, False)):
        page = client.get(reverse("triage-report", args=[message.report.public_id]))
        assert (warning in page.content.decode()) is shown
        thread = client.get(reverse("channel-thread", args=[message.report.public_id]))
        assert ("sender not verified" in thread.content.decode()) is shown


def test_an_unconfigured_mailbox_verifies_no_one(ngo, alice, bobs_case):
    parsed = parse_message(bytes(mail("<u1@mail.example>", PASS)), server="")
    assert parsed.messages[0].sender_verified is False


def test_two_from_addresses_are_not_one_verified_sender():
    message = mail("<m1@mail.example>", PASS)
    message.replace_header("From", f"{FAMILY}, other@attacker.example")
    assert parse_message(bytes(message), server=OURS).messages[0].sender_verified is False


@pytest.mark.parametrize(
    ("value", "verified"),
    [
        # RFC 8601 appendix B style, with comments, quotes and versions
        ('example.com; dkim=pass (good signature) header.d="mail.example"', True),
        ("example.com; spf=pass smtp.mailfrom=news.mail.example", True),  # a subdomain aligns
        ("example.com; dmarc=pass header.from=other.example", False),  # for another domain
        ("example.com; dkim/1=pass header.i=@mail.example", True),
        ("example.com; none", False),
        ("example.com 1; dmarc=neutral header.from=mail.example", False),
    ],
)
def test_results_read_as_rfc_8601_writes_them(value, verified):
    message = mail("<p1@mail.example>", value)
    assert (
        parse_message(bytes(message), server="example.com").messages[0].sender_verified is verified
    )


def test_the_parser_reads_server_methods_and_properties():
    server, results = authentication_results(
        "mx.google.com;\r\n dkim=pass header.i=@mail.example header.s=20230601 header.b=Ab+C;"
        " spf=pass (google.com: domain of x@mail.example designates 192.0.2.1 as permitted"
        " sender) smtp.mailfrom=x@mail.example; dmarc=pass (p=NONE sp=NONE dis=NONE)"
        " header.from=mail.example"
    )
    assert server == "mx.google.com"
    assert [(r["method"], r["result"]) for r in results] == [
        ("dkim", "pass"),
        ("spf", "pass"),
        ("dmarc", "pass"),
    ]
    assert results[0]["header.i"] == "@mail.example" and results[2]["header.from"] == "mail.example"
