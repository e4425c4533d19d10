"""Meta webhooks over real HTTP: the verification challenge, X-Hub-Signature-256 on the raw
body, WhatsApp Cloud API messages (text, image through the Graph API's media URL and a bearer
token, location, contacts) and statuses; Messenger messages. Payloads are written from Meta's
documentation (synthetic numbers and names)."""

import hashlib
import json
from urllib.parse import urlencode

import pytest

from seri.channels.models import Delivery, Media, Message
from seri.channels.selectors import channel_health, webhook_path
from seri.channels.services.channels import ChannelInput, channel_create
from seri.intake.models import Report, ReportAttachment
from tests.channels.conftest import PHOTO, get, meta_signature, post

pytestmark = pytest.mark.django_db(transaction=True)

APP_SECRET = "test-app-secret-not-real"
WA_FROM = "15550001234"


@pytest.fixture
def whatsapp(ngo, alice, provider):
    return channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="whatsapp",
            name="Test WhatsApp line",
            secrets={
                "app_secret": APP_SECRET,
                "access_token": "wa-access-token",
                "phone_number_id": "1098765432",
            },
            api_base=provider.url,
        ),
    )


def notification(*messages, statuses=()) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "15550100", "phone_number_id": "1098765432"},
        "contacts": [{"profile": {"name": "Testsender Wa"}, "wa_id": WA_FROM}],
        "messages": list(messages),
    }
    if statuses:
        value["statuses"] = list(statuses)
    body = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"value": value, "field": "messages"}]}],
    }
    return json.dumps(body).encode()


def wa(message_id, kind, timestamp="1764720000", **content):
    return {"from": WA_FROM, "id": message_id, "timestamp": timestamp, "type": kind, **content}


def test_the_verification_challenge(live_server, whatsapp):
    url = live_server.url + webhook_path(whatsapp)
    good = {
        "hub.mode": "subscribe",
        "hub.verify_token": whatsapp.webhook_secret,
        "hub.challenge": "1158201444",
    }
    assert get(f"{url}?{urlencode(good)}") == (200, b"1158201444")
    bad = {**good, "hub.verify_token": "guess"}
    assert get(f"{url}?{urlencode(bad)}")[0] == 403


def test_signature_checked_on_the_raw_body_before_parsing(live_server, whatsapp):
    url = live_server.url + webhook_path(whatsapp)
    body = notification(wa("wamid.T1", "text", text={"body": "Please help my sister"}))
    assert post(url, body, {"X-Hub-Signature-256": meta_signature("wrong", body)})[0] == 403
    assert post(url, body, {})[0] == 403
    # The same JSON re-serialised has another signature: the raw bytes are what is signed.
    spaced = json.dumps(json.loads(body), indent=1).encode()
    assert post(url, spaced, {"X-Hub-Signature-256": meta_signature(APP_SECRET, body)})[0] == 403
    assert not Message.objects.exists() and not Delivery.objects.exists()
    assert post(url, body, {"X-Hub-Signature-256": meta_signature(APP_SECRET, body)})[0] == 200
    assert Report.objects.get().original_text == "Please help my sister"


def test_whatsapp_messages_media_and_statuses(live_server, whatsapp, provider):
    url = live_server.url + webhook_path(whatsapp)
    body = notification(
        wa("wamid.A1", "text", text={"body": "I am the mother of Testperson"}),
        wa(
            "wamid.A2",
            "image",
            "1764720060",
            image={
                "caption": "the gate",
                "mime_type": "image/jpeg",
                "sha256": hashlib.sha256(PHOTO).hexdigest(),
                "id": "wa-media-1",
            },
        ),
        wa(
            "wamid.A3",
            "location",
            "1764720120",
            location={
                "latitude": 10.6104,
                "longitude": 103.5225,
                "name": "Test Tower",
                "address": "Test Road",
            },
        ),
        wa(
            "wamid.A4",
            "contacts",
            "1764720180",
            contacts=[
                {
                    "name": {"formatted_name": "Testcontact Two", "first_name": "Testcontact"},
                    "phones": [{"phone": "+85512000222", "type": "CELL", "wa_id": "85512000222"}],
                }
            ],
        ),
        wa("wamid.A5", "reaction", "1764720190", reaction={"message_id": "wamid.A1", "emoji": "x"}),
        statuses=[
            {
                "id": "wamid.OUT1",
                "status": "delivered",
                "timestamp": "1764720200",
                "recipient_id": WA_FROM,
            }
        ],
    )
    headers = {"X-Hub-Signature-256": meta_signature(APP_SECRET, body)}
    assert post(url, body, headers)[0] == 200
    assert post(url, body, headers)[0] == 200  # Meta redelivers
    report = Report.objects.get()
    assert report.channel == "whatsapp"
    kinds = list(Message.objects.order_by("sent_at").values_list("kind", flat=True))
    assert kinds == ["text", "image", "location", "contacts"]
    assert (
        Message.objects.get(provider_id="wamid.A3").text
        == "Test Tower, Test Road\n10.6104, 103.5225"
    )
    assert Media.objects.get().state == "stored"
    assert ReportAttachment.objects.get(report=report).sha256 == hashlib.sha256(PHOTO).hexdigest()
    sender = Message.objects.first().sender
    assert sender.phone == "+15550001234" and sender.display_name == "Testsender Wa"
    health = channel_health(whatsapp)
    assert (health.stored, health.duplicates) == (4, 4)
    reasons = sorted({s["reason"] for s in health.skipped})
    assert reasons == ["delivery status (delivered): ignored", "unsupported message type: reaction"]


def test_whatsapp_sender_already_known_by_number_goes_to_the_case(live_server, whatsapp, bobs_case):
    # bobs_case's person has +84912345678: a message from that number goes on the case.
    body = notification(
        {
            "from": "84912345678",
            "id": "wamid.K1",
            "timestamp": "1764720000",
            "type": "text",
            "text": {"body": "It is me again"},
        }
    )
    url = live_server.url + webhook_path(whatsapp)
    assert post(url, body, {"X-Hub-Signature-256": meta_signature(APP_SECRET, body)})[0] == 200
    assert Report.objects.get(channel_messages__provider_id="wamid.K1").case == bobs_case


def test_messenger_messages(live_server, ngo, alice, provider):
    channel = channel_create(
        actor=alice,
        organisation=ngo,
        data=ChannelInput(
            kind="messenger",
            name="Test page",
            secrets={"app_secret": APP_SECRET, "access_token": "wa-access-token"},
            api_base=provider.url,
        ),
    )
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "id": "PAGE-1",
                    "time": 1764720000000,
                    "messaging": [
                        {
                            "sender": {"id": "PSID-77"},
                            "recipient": {"id": "PAGE-1"},
                            "timestamp": 1764720000000,
                            "message": {"mid": "m_AAA", "text": "Can you help us?"},
                        },
                        {
                            "sender": {"id": "PSID-77"},
                            "recipient": {"id": "PAGE-1"},
                            "timestamp": 1764720001000,
                            "message": {
                                "mid": "m_BBB",
                                "attachments": [
                                    {
                                        "type": "image",
                                        "payload": {"url": f"{provider.url}/download/wa-media-1"},
                                    }
                                ],
                            },
                        },
                        {
                            "sender": {"id": "PSID-77"},
                            "recipient": {"id": "PAGE-1"},
                            "timestamp": 1764720002000,
                            "read": {"watermark": 1764720001000},
                        },
                    ],
                }
            ],
        }
    ).encode()
    url = live_server.url + webhook_path(channel)
    assert post(url, body, {"X-Hub-Signature-256": meta_signature(APP_SECRET, body)})[0] == 200
    report = Report.objects.get()
    assert report.original_text == "Can you help us?" and report.channel == "hotline"
    assert Message.objects.count() == 2 and Media.objects.get().state == "stored"
    assert [s["reason"] for s in channel_health(channel).skipped] == ["read event: ignored"]
