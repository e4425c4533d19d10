"""The service contract for channels: permission inside, audit inside the transaction, secrets
never in the audit trail; replies only as the organisation wrote them, never to a quiet
sender; the `seri channels` command."""

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.channels.models import Channel, Message, Sender
from seri.channels.selectors import webhook_path
from seri.channels.services.channels import (
    ChannelInput,
    channel_create,
    channel_remove,
    sender_quiet_set,
)
from tests.channels.conftest import BOT_TOKEN, post
from tests.conftest import login


def data(**overrides) -> ChannelInput:
    values = {"kind": "telegram", "name": "Test bot", "secrets": {"token": BOT_TOKEN}}
    return ChannelInput(**{**values, **overrides})


@pytest.mark.django_db
def test_only_an_admin_of_the_organisation_adds_or_removes_channels(ngo, alice, bob, charlie):
    with pytest.raises(PermissionError):
        channel_create(actor=bob, organisation=ngo, data=data())
    with pytest.raises(PermissionError):
        channel_create(actor=charlie, organisation=ngo, data=data())
    channel = channel_create(actor=alice, organisation=ngo, data=data())
    with pytest.raises(PermissionError):
        channel_remove(actor=charlie, channel=channel)
    assert login(bob).get("/channels/").status_code == 403


@pytest.mark.django_db
def test_a_channel_and_its_audit_row_are_written_together(ngo, alice):
    with transaction.atomic():
        channel = channel_create(actor=alice, organisation=ngo, data=data())
        assert AuditEvent.objects.filter(object_id=str(channel.public_id)).exists()
        transaction.set_rollback(True)
    assert not Channel.objects.exists()
    assert not AuditEvent.objects.filter(object_type="channel").exists()
    channel = channel_create(actor=alice, organisation=ngo, data=data())
    event = AuditEvent.objects.get(object_id=str(channel.public_id))
    assert BOT_TOKEN not in json.dumps(event.detail)
    assert BOT_TOKEN not in channel.webhook_secret and len(channel.webhook_secret) >= 43


@pytest.mark.django_db
def test_credentials_are_encrypted_at_rest_and_validated(ngo, alice):
    with pytest.raises(ValidationError) as missing:
        channel_create(actor=alice, organisation=ngo, data=data(secrets={}))
    assert "secrets" in missing.value.message_dict
    with pytest.raises(ValidationError) as unknown:
        channel_create(actor=alice, organisation=ngo, data=data(acknowledgements={"zz": "x"}))
    assert "acknowledgements" in unknown.value.message_dict
    channel = channel_create(actor=alice, organisation=ngo, data=data())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT credentials, webhook_secret FROM channels_channel")
        stored = " ".join(cursor.fetchone())
    assert BOT_TOKEN not in stored and channel.webhook_secret not in stored


@pytest.mark.django_db
def test_the_quiet_flag_is_set_by_those_who_triage(ngo, alice, bob, vera, charlie):
    channel = channel_create(actor=alice, organisation=ngo, data=data())
    sender = Sender.objects.create(channel=channel, handle="telegram:1")
    for outsider in (vera, charlie):
        with pytest.raises(PermissionError):
            sender_quiet_set(actor=outsider, sender=sender, quiet=True)
    sender_quiet_set(actor=bob, sender=sender, quiet=True)
    sender.refresh_from_db()
    assert sender.quiet


def _update(update_id, user_id, text):
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "from": {"id": user_id, "is_bot": False, "first_name": "T", "language_code": "vi"},
                "chat": {"id": user_id, "type": "private"},
                "date": 1764720000 + update_id,
                "text": text,
            },
        }
    ).encode()


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_in_the_senders_language_once_and_never_to_a_quiet_sender(
    live_server, ngo, alice, bob, provider
):
    acks = {"vi": "Chúng tôi đã nhận được tin nhắn.", "en": "We received your message."}
    channel = channel_create(
        actor=alice,
        organisation=ngo,
        data=data(acknowledgements=acks, api_base=provider.url, language="en"),
    )
    hook = live_server.url + webhook_path(channel)
    headers = {"X-Telegram-Bot-Api-Secret-Token": channel.webhook_secret}
    post(hook, _update(1, 4242, "help"), headers)
    post(hook, _update(2, 4242, "we are in building C"), headers)  # same thread: no second reply
    assert provider.sent == [
        {
            "path": f"/bot{BOT_TOKEN}/sendMessage",
            "chat_id": "4242",
            "text": "Chúng tôi đã nhận được tin nhắn.",
        }
    ]
    # Exactly the admin's text: neither the organisation nor any case is named.
    assert (
        ngo.name not in provider.sent[0]["text"] and ngo.short_name not in provider.sent[0]["text"]
    )
    # A quiet sender gets nothing, even when a new thread starts.
    post(hook, _update(3, 5151, "first"), headers)
    provider.sent.clear()
    sender = Message.objects.get(provider_id="5151:3").sender
    sender_quiet_set(actor=bob, sender=sender, quiet=True)
    post(hook, _update(100000, 5151, "much later, a new thread"), headers)
    assert provider.sent == []


@pytest.mark.django_db(transaction=True)
def test_the_command_adds_lists_tests_and_removes(ngo, provider):
    out = StringIO()
    call_command(
        "channels",
        "add",
        "telegram",
        "--org",
        ngo.short_name,
        "--name",
        "Cli bot",
        "--token",
        BOT_TOKEN,
        "--api-base",
        provider.url,
        "--base-url",
        "https://seri.example",
        stdout=out,
    )
    channel = Channel.objects.get(name="Cli bot")
    text = out.getvalue()
    assert f"https://seri.example/channels/hook/{channel.public_id}/" in text
    assert f"Secret: {channel.webhook_secret}" in text and BOT_TOKEN not in text
    out = StringIO()
    call_command("channels", "list", stdout=out)
    assert "Cli bot\ttelegram\t" in out.getvalue() and BOT_TOKEN not in out.getvalue()
    out = StringIO()
    call_command("channels", "test", "Cli bot", stdout=out)
    assert "@TestHotlineBot" in out.getvalue()
    provider.server.shutdown()  # the provider is unreachable: a clear error, no token
    provider.server.server_close()
    provider.server = type(
        "Stopped", (), {"shutdown": lambda s: None, "server_close": lambda s: None}
    )()
    with pytest.raises(CommandError) as failed:
        call_command("channels", "test", "Cli bot")
    assert "could not be reached" in str(failed.value) and BOT_TOKEN not in str(failed.value)
    call_command("channels", "remove", "Cli bot", stdout=StringIO())
    assert not Channel.objects.filter(is_active=True).exists()
    with pytest.raises(CommandError):
        call_command("channels", "add", "telegram", "--org", ngo.short_name, "--name", "No token")


@pytest.mark.django_db
def test_a_message_and_its_audit_rows_are_written_together(ngo, alice):
    import datetime as dt

    from seri.channels.providers import Incoming
    from seri.channels.services.receiving import message_receive
    from seri.intake.models import Report

    channel = channel_create(actor=alice, organisation=ngo, data=data())
    incoming = Incoming(
        provider_id="1:1",
        sender_handle="telegram:1",
        sent_at=dt.datetime(2025, 12, 3, tzinfo=dt.UTC),
        kind="text",
        text="Synthetic test message",
        payload={"message_id": 1},
    )
    with transaction.atomic():
        assert message_receive(channel=channel, incoming=incoming, after_commit=print) == "stored"
        message = Message.objects.get()
        assert AuditEvent.objects.filter(object_id=str(message.public_id)).exists()
        transaction.set_rollback(True)
    assert not Message.objects.exists() and not Report.objects.exists()
    assert not AuditEvent.objects.filter(object_type__in=["message", "report"]).exists()
    outcome = message_receive(channel=channel, incoming=incoming, after_commit=print)
    assert outcome == "stored" and Message.objects.count() == 1
    assert AuditEvent.objects.filter(object_id=str(Message.objects.get().public_id)).exists()
    assert message_receive(channel=channel, incoming=incoming, after_commit=print) == "duplicate"
