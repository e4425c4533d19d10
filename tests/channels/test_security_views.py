"""The channels' pages take what is posted as data only: a value that is not what the page
expects gets the ordinary answer, never a server error."""

import uuid

import pytest
from django.urls import reverse

from seri.channels.models import Sender
from seri.channels.services.channels import ChannelInput, channel_create

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("report", ["not-a-uuid", "../../admin/", "https://evil.example/"])
def test_quieting_a_sender_with_a_bad_thread_goes_back_to_triage(
    client_for, ngo, alice, bob, report
):
    channel = channel_create(
        actor=alice, organisation=ngo, data=ChannelInput(kind="sms", name="Test SMS line")
    )
    sender = Sender.objects.create(channel=channel, handle="sms:+85512000999")
    url = reverse("channel-sender-quiet", kwargs={"public_id": sender.public_id})
    answer = client_for(bob).post(url, {"quiet": "1", "report": report})
    assert answer.status_code == 302 and answer.url == reverse("intake-triage")
    sender.refresh_from_db()
    assert sender.quiet


def test_quieting_a_sender_goes_back_to_the_thread(client_for, ngo, alice, bob):
    channel = channel_create(
        actor=alice, organisation=ngo, data=ChannelInput(kind="sms", name="Test SMS line")
    )
    sender = Sender.objects.create(channel=channel, handle="sms:+85512000998")
    thread = uuid.uuid4()
    url = reverse("channel-sender-quiet", kwargs={"public_id": sender.public_id})
    answer = client_for(bob).post(url, {"quiet": "1", "report": str(thread)})
    assert answer.url == reverse("channel-thread", kwargs={"public_id": thread})


def test_a_signed_call_nested_too_deeply_is_accounted_as_skipped(client, ngo, alice):
    channel = channel_create(
        actor=alice, organisation=ngo, data=ChannelInput(kind="sms", name="Test SMS gateway")
    )
    deep = '{"from": ' + "[" * 100_000 + "]" * 100_000 + "}"
    answer = client.post(
        reverse("channel-webhook", kwargs={"public_id": channel.public_id}),
        data=deep,
        content_type="application/json",
        headers={"X-Seri-Secret": channel.webhook_secret},
    )
    assert answer.status_code == 200
    assert channel.deliveries.get().skipped == [
        {"where": "body", "reason": "unreadable payload (RecursionError)"}
    ]
