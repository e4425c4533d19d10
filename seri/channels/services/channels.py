"""Channels as configuration: adding, changing the acknowledgement of, and removing a channel;
the quiet flag of a sender. Each checks permission (seri/channels/permissions.py), runs in one
transaction and audits inside it. Secrets never reach the audit trail or a log."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.channels.models import Channel, Kind, Sender
from seri.channels.permissions import may_manage_channels
from seri.core.types import Actor
from seri.core.vocabularies import language_codes
from seri.intake.permissions import may_triage, signed_in
from seri.orgs.models import Organisation

# The secrets each kind needs, as the provider names them.
REQUIRED_SECRETS: dict[str, tuple[str, ...]] = {
    Kind.TELEGRAM: ("token",),
    Kind.WHATSAPP: ("app_secret", "access_token", "phone_number_id"),
    Kind.MESSENGER: ("app_secret", "access_token"),
    Kind.EMAIL: ("address",),
    Kind.LINE: ("app_secret", "access_token"),
    Kind.SMS: (),
    Kind.RAPIDPRO: (),
    Kind.VIBER: ("token",),
}


@dataclass
class ChannelInput:
    kind: str
    name: str
    secrets: dict[str, str] = field(default_factory=dict)
    language: str = ""
    acknowledgements: dict[str, str] = field(default_factory=dict)
    api_base: str = ""


def _validate_acknowledgements(texts: dict[str, str]) -> list[str]:
    codes = language_codes()
    unknown = sorted(code for code in texts if code not in codes)
    if unknown:
        return [_("Unknown language code: %s") % ", ".join(unknown)]
    if any(len(text) > 1000 for text in texts.values()):
        return [_("An acknowledgement is at most 1,000 characters.")]
    return []


def _validate(data: ChannelInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.kind not in Kind.values:
        errors["kind"] = [_("Unknown kind of channel: %s") % data.kind]
    name = data.name.strip()
    if not name or len(name) > 60:
        errors["name"] = [_("Give the channel a name of at most 60 characters.")]
    elif Channel.objects.filter(name=name).exists():
        errors["name"] = [_("A channel with this name exists already.")]
    missing = [key for key in REQUIRED_SECRETS.get(data.kind, ()) if not data.secrets.get(key)]
    if missing:
        errors["secrets"] = [_("Missing: %s") % ", ".join(missing)]
    if data.language and data.language not in language_codes():
        errors["language"] = [_("Unknown language code: %s") % data.language]
    if ack_errors := _validate_acknowledgements(data.acknowledgements):
        errors["acknowledgements"] = ack_errors
    if data.api_base and not data.api_base.startswith(("https://", "http://")):
        errors["api_base"] = [_("An address starting with https://")]
    return errors


def channel_create(*, actor: Actor, organisation: Organisation, data: ChannelInput) -> Channel:
    """Add a channel. The webhook secret is generated here; the caller shows it (and the
    webhook URL) once, to be registered with the provider."""
    if not may_manage_channels(actor, organisation.pk):
        raise PermissionError("only an admin of the organisation adds its channels")
    errors = _validate(data)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        channel = Channel.objects.create(
            organisation=organisation,
            kind=data.kind,
            name=data.name.strip(),
            language=data.language,
            acknowledgements={k: v.strip() for k, v in data.acknowledgements.items() if v.strip()},
            credentials=json.dumps({k: v.strip() for k, v in data.secrets.items()}),
            api_base=data.api_base,
            created_by=signed_in(actor),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=channel,
            organisation=organisation,
            detail={"kind": channel.kind, "replies": bool(channel.acknowledgements)},
        )
    return channel


def channel_acknowledgements_set(
    *, actor: Actor, channel: Channel, acknowledgements: dict[str, str]
) -> Channel:
    if not may_manage_channels(actor, channel.organisation_id):
        raise PermissionError("only an admin of the organisation changes its channels")
    if errors := _validate_acknowledgements(acknowledgements):
        raise ValidationError({"acknowledgements": errors})
    with transaction.atomic():
        channel.acknowledgements = {k: v.strip() for k, v in acknowledgements.items() if v.strip()}
        channel.save(update_fields=["acknowledgements", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=channel,
            organisation=channel.organisation,
            detail={"replies": bool(channel.acknowledgements)},
        )
    return channel


def channel_remove(*, actor: Actor, channel: Channel) -> Channel:
    """Stop a channel: its webhook answers 404 from now on and its secrets are erased. Its
    messages stay (they are reports); its name is freed for a new channel."""
    if not may_manage_channels(actor, channel.organisation_id):
        raise PermissionError("only an admin of the organisation removes its channels")
    with transaction.atomic():
        channel.is_active = False
        channel.credentials = ""
        channel.name = f"{channel.name[:40]} ({_('removed')} {timezone.now():%Y-%m-%d %H%M%S})"
        channel.save(update_fields=["is_active", "credentials", "name", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=channel,
            organisation=channel.organisation,
            detail={"removed": True},
        )
    return channel


def sender_quiet_set(*, actor: Actor, sender: Sender, quiet: bool) -> Sender:
    """A quiet sender gets no reply at all, whatever the channel's policy (their phone may be
    in someone else's hands). Anyone who triages the organisation's reports may set it."""
    if not may_triage(actor, sender.channel.organisation_id):
        raise PermissionError("not a sender of this user's organisation")
    with transaction.atomic():
        sender.quiet = quiet
        sender.save(update_fields=["quiet", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=sender,
            organisation=sender.channel.organisation,
            detail={"quiet": quiet},
        )
    return sender
