"""LINE (x-line-signature, content from the api-data endpoint) and a plain HTTP SMS gateway
(shared secret in a header), over real HTTP."""

import base64
import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest

from seri.channels.models import Media, Message
from seri.channels.selectors import channel_health, webhook_path
from seri.channels.services.channels import ChannelInput, channel_create
from seri.intake.models import Report, ReportAttachment
from tests.channels.conftest import PHOTO, post

pytestmark = pytest.mark.django_db(transaction=True)

LINE_SECRET = "test-line-channel-secret"


def line_signature(body: bytes) -> str:
    return base64.b64encode(hmac.new(LINE_SECRET.encode(), body, hashlib.sha256).digest()).decode()


def line_event(message: dict, timestamp: int = 1764720000000, kind: str = "message") -> dict:
    event = {
        "type": kind,
        "mode": "active",
        "timestamp": timestamp,
        "source": {"type": "user", "userId": "U4af4980629000000000000000000test"},
        "webhookEventId": "01HTESTEVENT" + str(timestamp),
        "deliveryContext": {"isRedelivery": False},
        "replyToken": "test-reply-token",
    }
    if kind == "message":
        event["message"] = message
    return event


def test_line_messages_signature_and_content(live_server, ngo, alice, provider):
    channel = channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="line",
            name="Test LINE account",
            secrets={"app_secret": LINE_SECRET, "access_token": "wa-access-token"},
            api_base=provider.url,
        ),
    )
    url = live_server.url + webhook_path(channel)
    body = json.dumps(
        {
            "destination": "Uxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1",
            "events": [
                line_event(
                    {
                        "type": "text",
                        "id": "468789577898262529",
                        "quoteToken": "q",
                        "text": "ช่วยด้วย",
                    }
                ),
                line_event(
                    {
                        "type": "image",
                        "id": "468789577898262530",
                        "contentProvider": {"type": "line"},
                    },
                    1764720001000,
                ),
                line_event(
                    {
                        "type": "location",
                        "id": "468789577898262531",
                        "title": "Test Tower",
                        "address": "Test Road",
                        "latitude": 10.6104,
                        "longitude": 103.5225,
                    },
                    1764720002000,
                ),
                line_event(
                    {
                        "type": "sticker",
                        "id": "468789577898262532",
                        "packageId": "1",
                        "stickerId": "1",
                    },
                    1764720003000,
                ),
                line_event({}, 1764720004000, kind="follow"),
            ],
        }
    ).encode()
    assert post(url, body, {"x-line-signature": "AAAA"})[0] == 403
    assert not Message.objects.exists()
    # The console's "Verify": a signed call with no events.
    empty = b'{"destination":"U1","events":[]}'
    assert post(url, empty, {"x-line-signature": line_signature(empty)})[0] == 200
    assert post(url, body, {"x-line-signature": line_signature(body)})[0] == 200
    assert post(url, body, {"x-line-signature": line_signature(body)})[0] == 200  # redelivery
    report = Report.objects.get()
    assert report.original_text == "ช่วยด้วย" and report.language == "th"
    assert Message.objects.count() == 3 and Media.objects.get().state == "stored"
    assert ReportAttachment.objects.get().sha256 == hashlib.sha256(PHOTO).hexdigest()
    channel.refresh_from_db()
    health = channel_health(channel)
    assert (health.stored, health.duplicates, health.refused) == (3, 3, 1)
    assert {s["reason"] for s in health.skipped} == {
        "unsupported message type: sticker",
        "follow event: ignored",
    }


def test_sms_gateway_with_a_shared_secret(live_server, ngo, alice):
    channel = channel_create(
        actor=alice, organisation=ngo, data=ChannelInput(kind="sms", name="Test SMS phone")
    )
    url = live_server.url + webhook_path(channel)
    form = urlencode(
        {
            "from": "+85512000333",
            "message": "Help 10.6104, 103.5225",
            "message_id": "sms-1",
            "sent_timestamp": "1764720000000",
            "sent_to": "+85512000999",
        }
    ).encode()
    assert post(url, form, {"X-Seri-Secret": "wrong"})[0] == 403
    headers = {
        "X-Seri-Secret": channel.webhook_secret,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    assert post(url, form, headers)[0] == 200
    assert post(url, form, headers)[0] == 200
    as_json = json.dumps(
        {
            "from": "+85512000333",
            "message": "Still here",
            "message_id": "sms-2",
            "sent_timestamp": "1764720060000",
        }
    ).encode()
    assert post(url, as_json, {"X-Seri-Secret": channel.webhook_secret})[0] == 200
    empty = urlencode({"from": "+85512000333", "message": " ", "message_id": "sms-3"}).encode()
    assert post(url, empty, headers)[0] == 200
    report = Report.objects.get()
    assert [m.text for m in report.channel_messages.order_by("sent_at")] == [
        "Help 10.6104, 103.5225",
        "Still here",
    ]
    assert Message.objects.first().sender.phone == "+85512000333"
    channel.refresh_from_db()
    health = channel_health(channel)
    assert (health.stored, health.duplicates, health.refused) == (2, 1, 1)
    assert [s["reason"] for s in health.skipped] == ["an empty SMS"]


def rapidpro_call(run_uuid: str, input_uuid: str, text: str, created_on: str, attachments=()):
    """The default body of a RapidPro/TextIt "Call Webhook" action (synthetic values)."""
    urn = "tel:+85512000444"
    return json.dumps(
        {
            "contact": {
                "uuid": "0b7a5b1e-0000-4000-8000-00000000c001",
                "name": "Testsender Rp",
                "urn": urn,
            },
            "flow": {"uuid": "9a1e0000-0000-4000-8000-00000000f001", "name": "Hotline intake"},
            "path": [{"node_uuid": "n1", "arrived_on": created_on, "exit_uuid": "e1"}],
            "results": {
                "location": {
                    "name": "Location",
                    "value": "Test Tower",
                    "category": "Has Text",
                    "node_uuid": "n1",
                    "input": "Test Tower",
                    "created_on": created_on,
                },
            },
            "run": {"uuid": run_uuid, "created_on": created_on},
            "input": {
                "uuid": input_uuid,
                "type": "msg",
                "created_on": created_on,
                "text": text,
                "urn": {"scheme": "tel", "path": "+85512000444", "identity": urn},
                "channel": {"uuid": "c1", "name": "Test modem"},
                "attachments": list(attachments),
            },
            "channel": {"uuid": "c1", "name": "Test modem"},
        }
    ).encode()


def test_rapidpro_flow_webhook(live_server, ngo, alice, provider):
    channel = channel_create(
        actor=alice, organisation=ngo, data=ChannelInput(kind="rapidpro", name="Test TextIt")
    )
    url = live_server.url + webhook_path(channel)
    headers = {"X-Seri-Secret": channel.webhook_secret}
    first = rapidpro_call(
        "run-1",
        "in-1",
        "Please help",
        "2025-12-03T01:00:00.123456789Z",
        [f"image/jpeg:{provider.url}/download/public"],
    )
    assert post(url, first, {"X-Seri-Secret": "nope"})[0] == 403
    assert post(url, first, headers)[0] == 200
    assert post(url, first, headers)[0] == 200  # RapidPro retries up to three times
    message = Message.objects.get()
    assert message.text == "Please help\nLocation: Test Tower"
    assert message.sent_at.isoformat() == "2025-12-03T01:00:00.123456+00:00"
    assert message.sender.phone == "+85512000444" and message.report.channel == "hotline"
    channel.refresh_from_db()
    assert (channel_health(channel).stored, channel_health(channel).duplicates) == (1, 1)
    # The attachment URL answers 401 here: the file is marked failed, the message stays.
    assert Media.objects.get().state == "failed"


def viber_callback(token: int, message: dict, event: str = "message") -> bytes:
    body = {"event": event, "timestamp": 1764720000000 + token, "message_token": token}
    if event == "message":
        body["sender"] = {
            "id": "01234567890A=",
            "name": "Testsender Vb",
            "language": "km",
            "country": "KH",
            "api_version": 1,
        }
        body["message"] = message
    return json.dumps(body).encode()


def test_viber_callbacks_signature_media_and_acknowledgement(live_server, ngo, alice, provider):
    viber_token = "445da6az1s345z78-dazcczb2542zv51a-e0vc5fva17480im9"
    channel = channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="viber",
            name="Test Viber",
            secrets={"token": viber_token},
            api_base=provider.url,
            acknowledgements={"km": "បានទទួល។"},
        ),
    )
    url = live_server.url + webhook_path(channel)

    def sign(body: bytes) -> dict:
        return {
            "X-Viber-Content-Signature": hmac.new(
                viber_token.encode(), body, hashlib.sha256
            ).hexdigest()
        }

    hello = viber_callback(1, {}, event="webhook")
    assert post(url, hello, sign(hello))[0] == 200  # set_webhook's check
    text = viber_callback(2, {"type": "text", "text": "សូមជួយ"})
    assert post(url, text, {"X-Viber-Content-Signature": "0" * 64})[0] == 403
    assert post(url, text, sign(text))[0] == 200
    picture = viber_callback(
        3, {"type": "picture", "text": "", "media": f"{provider.url}/public/p.jpg"}
    )
    assert post(url, picture, sign(picture))[0] == 200
    place = viber_callback(4, {"type": "location", "location": {"lat": 10.6104, "lon": 103.5225}})
    assert post(url, place, sign(place))[0] == 200
    assert post(url, place, sign(place))[0] == 200
    report = Report.objects.get()
    assert report.original_text == "សូមជួយ" and Message.objects.count() == 3
    assert Media.objects.get().state == "stored"
    assert [m.text for m in Message.objects.order_by("sent_at")][2] == "10.6104, 103.5225"
    # One acknowledgement, in the sender's language, to the sender's Viber id.
    assert provider.sent == [
        {"path": "/pa/send_message", "receiver": "01234567890A=", "type": "text", "text": "បានទទួល។"}
    ]
    channel.refresh_from_db()
    health = channel_health(channel)
    assert (health.stored, health.duplicates, health.refused) == (3, 1, 1)
    assert [s["reason"] for s in health.skipped] == ["webhook callback: ignored"]
