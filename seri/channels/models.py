"""Live hotline channels: a chat account, an SMS number or an e-mail address whose messages
arrive in an organisation's triage queue as they are sent (docs/channels.md).

- `Channel`: one account's configuration. Its credentials are encrypted at rest and never
  shown again; its webhook is addressed by a random public id, never by the organisation.
- `Sender`: one person writing to a channel, found by the keyed (blind) index of their handle
  or number; the handle itself is stored encrypted. A "quiet" sender gets no reply at all.
- `Message`: each message as the provider sent it, once (unique provider id per channel).
- `Media`: a file a message refers to, fetched from the provider in the background.
- `Delivery`: every webhook call the provider made, and where each item in it ended: stored,
  already present, or skipped with a reason (the accounting the importers keep too).
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import BlindIndexField, IdentifyingCharField, IdentifyingTextField
from seri.core.models import TimestampedModel


class Kind(models.TextChoices):
    TELEGRAM = "telegram", "Telegram"
    WHATSAPP = "whatsapp", "WhatsApp"
    MESSENGER = "messenger", "Messenger"
    LINE = "line", "LINE"
    VIBER = "viber", "Viber"
    SMS = "sms", _("SMS gateway")
    RAPIDPRO = "rapidpro", "RapidPro / TextIt"
    EMAIL = "email", _("E-mail")


def new_webhook_secret() -> str:
    # Telegram's secret_token allows 1-256 characters of A-Z, a-z, 0-9, _ and -.
    return secrets.token_urlsafe(32)


class Channel(TimestampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=60, unique=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    # Replies: none unless the organisation writes an acknowledgement, per language
    # ({"en": "…", "vi": "…"}), sent as written (docs/channels.md).
    acknowledgements = models.JSONField(_("acknowledgements"), default=dict, blank=True)
    # The provider's secrets (bot token, app secret, access token, …) as JSON, encrypted; and
    # the secret the provider sends back with each call (Telegram's secret token, Meta's
    # verify token), generated here with 256 bits of entropy.
    credentials = IdentifyingTextField(blank=True)
    webhook_secret = IdentifyingCharField(max_length=100, default=new_webhook_secret)
    # Where the provider's API answers; blank for the provider's own address. Set only by an
    # admin (a local server in tests, a proxy where the provider is blocked).
    api_base = models.URLField(_("API address"), blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Health, for the admin's page.
    last_message_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    refused_calls = models.PositiveIntegerField(default=0)  # bad signatures: counted only

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sender(TimestampedModel):
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="senders")
    handle = IdentifyingCharField(max_length=200)  # the provider's id of the sender
    handle_index = BlindIndexField(source="handle", purpose="handle")
    display_name = IdentifyingCharField(max_length=200, blank=True)
    phone = IdentifyingCharField(max_length=40, blank=True)
    phone_index = BlindIndexField(source="phone", purpose="phone")
    language = models.CharField(max_length=8, blank=True)
    quiet = models.BooleanField(_("quiet"), default=False)  # never reply to this sender
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_message_at"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "handle_index"], name="channels_sender_once")
        ]


class Message(TimestampedModel):
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="messages")
    provider_id = models.CharField(max_length=200)
    sender = models.ForeignKey(Sender, on_delete=models.PROTECT, related_name="messages")
    report = models.ForeignKey(
        "intake.Report", on_delete=models.PROTECT, related_name="channel_messages"
    )
    kind = models.CharField(max_length=20)  # text, photo, location, …
    text = IdentifyingTextField(blank=True)  # what the message says, as a line of the report
    payload = IdentifyingTextField()  # the provider's JSON of this message, verbatim
    sent_at = models.DateTimeField()  # as the provider states it
    replied = models.BooleanField(default=False)
    # False for an e-mail whose From the organisation's mail server did not verify: it joined
    # no case or thread (seri/channels/services/receiving.py).
    sender_verified = models.BooleanField(default=True)

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "provider_id"], name="channels_message_once")
        ]


class Media(TimestampedModel):
    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        STORED = "stored", _("Stored")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="media")
    reference = IdentifyingCharField(max_length=500)  # the provider's file id or URL
    name = IdentifyingCharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    attachment = models.ForeignKey(
        "intake.ReportAttachment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["id"]


class Delivery(models.Model):
    """One call of the provider's webhook that passed the signature check: how many items
    it held and where each ended."""

    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deliveries")
    received_at = models.DateTimeField()
    stored = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    skipped = models.JSONField(default=list, blank=True)  # [{"where": …, "reason": …}]

    class Meta:
        ordering = ["-received_at", "-id"]
