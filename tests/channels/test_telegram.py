"""Telegram over real HTTP: Updates as the Bot API documents them POSTed to Seri's live
server, files fetched from a local server speaking getFile and the file URL."""

import hashlib
import json
import time

import pytest
from django.db import connection
from django.urls import reverse

from seri.channels.models import Channel, Delivery, Media, Message, Sender
from seri.channels.selectors import channel_health, webhook_path
from seri.intake.models import Report, ReportAttachment
from tests.channels.conftest import PHOTO, post
from tests.conftest import login

pytestmark = pytest.mark.django_db(transaction=True)

USER = {
    "id": 700100200,
    "is_bot": False,
    "first_name": "Testsender",
    "last_name": "Synthetic",
    "username": "testsender_synth",
    "language_code": "en",
}
CHAT = {"id": 700100200, "first_name": "Testsender", "type": "private"}
T0 = 1764720000  # 2025-12-03 00:00 UTC


def update(update_id: int, message_id: int, *, date: int = T0, **content) -> bytes:
    message = {"message_id": message_id, "from": USER, "chat": CHAT, "date": date, **content}
    return json.dumps({"update_id": update_id, "message": message}).encode()


def send(live_server, channel, body: bytes, secret: str | None = None) -> int:
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret or channel.webhook_secret}
    status, _ = post(live_server.url + webhook_path(channel), body, headers)
    return status


def test_a_wrong_or_missing_secret_is_refused_before_anything_is_stored(
    live_server, telegram_channel
):
    url = live_server.url + webhook_path(telegram_channel)
    body = update(1, 1, text="Help, I am at the compound")
    assert post(url, body, {"X-Telegram-Bot-Api-Secret-Token": "wrong"})[0] == 403
    assert post(url, body, {})[0] == 403
    # Not even JSON: refused for its missing secret, not parsed.
    assert post(url, b"\x00not json", {})[0] == 403
    assert not Message.objects.exists() and not Report.objects.exists()
    assert not Delivery.objects.exists()
    telegram_channel.refresh_from_db()
    assert telegram_channel.refused_calls == 3
    # A removed channel's webhook is gone.
    other = live_server.url + "/channels/hook/00000000-0000-4000-8000-000000000000/"
    assert post(other, body, {"X-Telegram-Bot-Api-Secret-Token": "x"})[0] == 404


def test_text_photo_location_contact_and_edits_are_stored_with_media(
    live_server, telegram_channel, provider
):
    photo = [
        {
            "file_id": "photo-small",
            "file_unique_id": "s",
            "width": 90,
            "height": 90,
            "file_size": 900,
        },
        {
            "file_id": "photo-big",
            "file_unique_id": "b",
            "width": 1280,
            "height": 960,
            "file_size": len(PHOTO),
        },
    ]
    bodies = [
        update(10, 1, text="My brother is held, please help"),
        update(11, 2, date=T0 + 60, photo=photo, caption="the building"),
        update(12, 3, date=T0 + 120, location={"latitude": 10.6104, "longitude": 103.5225}),
        update(
            13,
            4,
            date=T0 + 180,
            contact={"phone_number": "+85512000111", "first_name": "Testcontact"},
        ),
        update(
            14,
            5,
            date=T0 + 200,
            voice={"file_id": "voice-1", "duration": 3, "mime_type": "audio/ogg"},
        ),
        json.dumps(
            {
                "update_id": 15,
                "edited_message": {
                    "message_id": 1,
                    "from": USER,
                    "chat": CHAT,
                    "date": T0,
                    "edit_date": T0 + 240,
                    "text": "My brother is held in building B, please help",
                },
            }
        ).encode(),
    ]
    for body in bodies:
        assert send(live_server, telegram_channel, body) == 200
    # All within the thread window: one report, six messages, in the sender's order.
    report = Report.objects.get()
    messages = list(Message.objects.order_by("sent_at", "id"))
    assert [m.kind for m in messages] == [
        "text",
        "photo",
        "location",
        "contact",
        "voice",
        "edited text",
    ]
    assert report.original_text == "My brother is held, please help"
    assert report.channel == "telegram" and report.received_at.timestamp() == T0
    assert messages[2].text == "10.6104, 103.5225"
    assert messages[1].sent_at.timestamp() == T0 + 60
    assert json.loads(messages[1].payload)["caption"] == "the building"
    # The largest photo size and the voice note were fetched through getFile, stored by hash.
    stored = {a.sha256 for a in ReportAttachment.objects.filter(report=report)}
    assert hashlib.sha256(PHOTO).hexdigest() in stored and len(stored) == 2
    assert set(Media.objects.values_list("state", flat=True)) == {"stored"}
    assert any("getFile?file_id=photo-big" in r for r in provider.requests)
    # The handle is kept encrypted and found by its keyed index only.
    sender = Sender.objects.get()
    assert sender.handle == "telegram:700100200"

    with connection.cursor() as cursor:
        cursor.execute("SELECT handle, payload FROM channels_sender, channels_message LIMIT 1")
        raw = " ".join(cursor.fetchone())
    assert "700100200" not in raw and "Testsender" not in raw


def test_redelivery_and_unsupported_types_are_accounted(live_server, telegram_channel):
    body = update(20, 7, text="Where are you?")
    assert send(live_server, telegram_channel, body) == 200
    assert send(live_server, telegram_channel, body) == 200  # Telegram retries
    sticker = update(21, 8, sticker={"file_id": "st", "width": 512, "height": 512})
    assert send(live_server, telegram_channel, sticker) == 200
    poll = json.dumps({"update_id": 22, "poll": {"id": "1"}}).encode()
    assert send(live_server, telegram_channel, poll) == 200
    broken = json.dumps(
        {
            "update_id": 23,
            "message": {"message_id": 9, "chat": {"id": 1}, "date": "yesterday", "text": "x"},
        }
    ).encode()
    assert send(live_server, telegram_channel, broken) == 200  # accounted, not retried
    assert Message.objects.count() == 1 and Report.objects.count() == 1
    health = channel_health(Channel.objects.get())
    assert (health.stored, health.duplicates, health.messages) == (1, 1, 1)
    reasons = [s["reason"] for s in health.skipped]
    assert "unsupported message type: sticker" in reasons
    assert "unsupported update type: poll" in reasons
    assert "unreadable payload (ValueError)" in reasons


def test_messages_outside_the_window_start_a_new_report(live_server, telegram_channel, settings):
    settings.SERI_CHANNEL_THREAD_MINUTES = 30
    send(live_server, telegram_channel, update(30, 1, text="first"))
    send(live_server, telegram_channel, update(31, 2, date=T0 + 29 * 60, text="second"))
    send(live_server, telegram_channel, update(32, 3, date=T0 + 120 * 60, text="much later"))
    first, later = Report.objects.order_by("received_at")
    assert first.channel_messages.count() == 2 and later.channel_messages.count() == 1
    assert later.original_text == "much later"


def test_media_failures_are_retried_then_shown_without_the_token(
    live_server, telegram_channel, provider, alice
):
    provider.fail = True
    body = update(
        40,
        1,
        document={"file_id": "photo-big", "file_name": "list.pdf", "mime_type": "application/pdf"},
    )
    assert send(live_server, telegram_channel, body) == 200
    media = Media.objects.get()
    assert media.state == "failed" and media.attempts == 3
    health = channel_health(Channel.objects.get())
    assert "HTTP 500" in health.last_error and "TEST-token" not in health.last_error
    assert health.failed_media == 1 and health.queue == 0
    # The message itself is kept: the report exists with its text placeholder.
    assert Report.objects.get().original_text == "[document]"
    # The provider is back: the admin tries again from the channel's page.
    provider.fail = False
    page = reverse("channel-detail", args=[telegram_channel.public_id])
    admin = login(alice)
    assert "Try again" in admin.get(page).text
    response = admin.post(reverse("channel-media-retry", args=[telegram_channel.public_id]))
    assert response.status_code == 302
    media.refresh_from_db()
    assert media.state == "stored" and media.attachment.sha256 == hashlib.sha256(PHOTO).hexdigest()


def test_a_burst_of_1000_messages_is_stored_exactly_once(live_server, telegram_channel):
    url = live_server.url + webhook_path(telegram_channel)
    headers = {"X-Telegram-Bot-Api-Secret-Token": telegram_channel.webhook_secret}
    started = time.monotonic()
    for n in range(1000):
        sender = {**USER, "id": 800000000 + n % 50}
        message = {
            "message_id": n,
            "from": sender,
            "chat": {"id": sender["id"], "type": "private"},
            "date": T0 + n,
            "text": f"message {n}",
        }
        assert (
            post(url, json.dumps({"update_id": n, "message": message}).encode(), headers)[0] == 200
        )
    for n in range(0, 1000, 10):  # the provider redelivers a hundred of them
        sender = {**USER, "id": 800000000 + n % 50}
        message = {
            "message_id": n,
            "from": sender,
            "chat": {"id": sender["id"], "type": "private"},
            "date": T0 + n,
            "text": f"message {n}",
        }
        assert (
            post(url, json.dumps({"update_id": n, "message": message}).encode(), headers)[0] == 200
        )
    elapsed = time.monotonic() - started
    assert Message.objects.count() == 1000
    assert len(set(Message.objects.values_list("provider_id", flat=True))) == 1000
    health = channel_health(Channel.objects.get())
    assert (health.stored, health.duplicates) == (1000, 100)
    # Fifty senders, each writing within the window: fifty reports in triage.
    assert Report.objects.count() == 50
    # 1,100 POSTs: about 27 s on SQLite here. On PostgreSQL the test server (one thread per
    # request) opens a new database connection for every POST, which `seri serve` does not:
    # 130 s was measured on a loaded machine, so the minute is held on SQLite only.
    limit = 60 if connection.vendor == "sqlite" else 240
    assert elapsed < limit, f"{elapsed:.1f} s"
