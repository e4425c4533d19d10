"""Writes to the compound registry. Views, the API, the demo and importers call these.

Each takes `actor` (the user; `None` for the system), checks it against
`seri.compounds.permissions`, validates, and writes with its audit row in one transaction."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.compounds import gazetteer, permissions
from seri.compounds.geometry import validate_outline
from seri.compounds.models import (
    Actor,
    Compound,
    CompoundAlias,
    CompoundStatus,
    CompoundStatusChange,
    Relationship,
)
from seri.compounds.names import core_name, fold, romanise, script_of
from seri.core.types import Actor as ActorUser
from seri.orgs.models import User


@dataclass(frozen=True, kw_only=True)
class CompoundInput:
    name: str
    country: str = "KH"
    province_code: str = ""
    district_code: str = ""
    province: str = ""  # outside Cambodia: a free-text region
    latitude: Decimal | float | None = None
    longitude: Decimal | float | None = None
    outline: dict | None = None
    status: str = CompoundStatus.ACTIVE
    estimated_people_held: int | None = None
    estimate_source: str = ""
    estimate_date: dt.date | None = None
    first_reported: dt.date | None = None
    last_reported: dt.date | None = None
    description: str = ""
    aliases: list[str] = field(default_factory=list)


def _place(compound: Compound, data: CompoundInput) -> None:
    compound.country = data.country
    compound.province_code = compound.district_code = compound.district = ""
    compound.province = data.province.strip()
    if data.country == "KH" and (data.province_code or data.province):
        province = gazetteer.province(data.province_code or data.province)
        if province is None:
            raise ValidationError({"province_code": _("Not a province of Cambodia.")})
        compound.province_code, compound.province = province.code, province.name_en
        if data.district_code:
            district = gazetteer.district(data.district_code)
            if district is None or district.province_code != province.code:
                raise ValidationError({"district_code": _("Not a district of this province.")})
            compound.district_code, compound.district = district.code, district.name_en


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(round(float(value), 6)))


def _alias_store(compound: Compound, name: str, language: str = "") -> tuple[CompoundAlias, bool]:
    """The alias (new or already there) of an already normalised, non-empty name."""
    return CompoundAlias.objects.get_or_create(
        compound=compound,
        name=name,
        defaults={
            "language": language,
            "script": script_of(name),
            "folded": fold(core_name(name))[:300],
            "romanised": romanise(core_name(name))[:400],
        },
    )


def _names(*names: str) -> list[str]:
    """Names with their spaces normalised, empty ones left out."""
    return [n for n in (" ".join((name or "").split()) for name in names) if n]


def _recorder(actor: ActorUser) -> User | None:
    return actor if isinstance(actor, User) else None


def alias_add(
    *, actor: ActorUser, compound: Compound, name: str, language: str = ""
) -> CompoundAlias:
    """Another name of a compound (in another script, or a nickname); once each."""
    permissions.require_registry_editor(actor)
    if not _names(name):
        raise ValidationError({"name": _("Give the name.")})
    with transaction.atomic():
        alias, created = _alias_store(compound, _names(name)[0], language)
        if created:
            audit_record(
                actor=actor, action=AuditAction.UPDATE, obj=compound, detail={"added": "alias"}
            )
    return alias


def _describe(compound: Compound, data: CompoundInput) -> None:
    """What create and update both set from the input (not the status)."""
    compound.name = data.name.strip()
    compound.latitude = _decimal(data.latitude)
    compound.longitude = _decimal(data.longitude)
    compound.outline = validate_outline(data.outline) if data.outline else None
    compound.estimated_people_held = data.estimated_people_held
    compound.estimate_source = data.estimate_source
    compound.estimate_date = data.estimate_date
    compound.first_reported = data.first_reported
    compound.last_reported = data.last_reported
    compound.description = data.description
    _place(compound, data)
    compound.full_clean()
    compound.save()
    for name in _names(compound.name, *data.aliases):
        _alias_store(compound, name)


def compound_create(*, actor: ActorUser, data: CompoundInput) -> Compound:
    permissions.require_registry_editor(actor)
    with transaction.atomic():
        compound = Compound(status=data.status, created_by=_recorder(actor))
        _describe(compound, data)
        CompoundStatusChange.objects.create(
            compound=compound,
            status=compound.status,
            on=data.first_reported or timezone.localdate(),
            added=True,  # shown as "Added to the registry" in the reader's language
            recorded_by=_recorder(actor),
        )
        audit_record(actor=actor, action=AuditAction.CREATE, obj=compound)
    return compound


def compound_update(*, actor: ActorUser, compound: Compound, data: CompoundInput) -> Compound:
    """Change what is known of a compound (not its status: see `compound_status_change`)."""
    permissions.require_registry_editor(actor)
    with transaction.atomic():
        _describe(compound, data)
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=compound)
    return compound


def _relocation(compound: Compound, status: str, relocated_to: Compound | None) -> Compound | None:
    if status not in CompoundStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if status != CompoundStatus.RELOCATED:
        return None
    if relocated_to is None:
        raise ValidationError({"relocated_to": _("Say to which compound it moved.")})
    if relocated_to.pk == compound.pk:
        raise ValidationError({"relocated_to": _("A compound cannot move to itself.")})
    return relocated_to


def compound_status_change(
    *,
    actor: ActorUser,
    compound: Compound,
    status: str,
    on: dt.date | None = None,
    relocated_to: Compound | None = None,
    note: str = "",
) -> CompoundStatusChange:
    permissions.require_registry_editor(actor)
    relocated_to = _relocation(compound, status, relocated_to)
    with transaction.atomic():
        change = CompoundStatusChange(
            compound=compound,
            status=status,
            relocated_to=relocated_to,
            on=on or timezone.localdate(),
            note=note,
            recorded_by=_recorder(actor),
        )
        change.full_clean()
        change.save()
        # The change recorded last is the status now, whatever date it carries: a raid entered
        # today with last month's date still changes the status (the timeline sorts by date).
        compound.status = change.status
        compound.relocated_to = change.relocated_to
        compound.save(update_fields=["status", "relocated_to", "updated_at"])
        audit_record(
            actor=actor, action=AuditAction.STATUS_CHANGE, obj=compound, detail={"status": status}
        )
    return change


# --- actors -----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ActorInput:
    kind: str
    name: str
    other_names: str = ""
    country: str = ""
    description: str = ""


def actor_create(*, actor: ActorUser, data: ActorInput) -> Actor:
    """Record an actor (`actor` is the user recording it, as in every service)."""
    permissions.require_actor_editor(actor)
    record = Actor(
        kind=data.kind,
        name=data.name.strip(),
        other_names=data.other_names,
        country=data.country,
        description=data.description,
        created_by=_recorder(actor),
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_record(actor=actor, action=AuditAction.CREATE, obj=record)
    return record


@dataclass(frozen=True, kw_only=True)
class RelationshipInput:
    actor: Actor
    kind: str
    compound: Compound | None = None
    other_actor: Actor | None = None
    status: str = "alleged"
    reliability: str = "F"
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    note: str = ""
    sources: list = field(default_factory=list)


def relationship_create(*, actor: ActorUser, data: RelationshipInput) -> Relationship:
    permissions.require_actor_editor(actor)
    if (data.compound is None) == (data.other_actor is None):
        raise ValidationError(_("A relationship links an actor to one compound or one actor."))
    if data.other_actor is not None and data.other_actor.pk == data.actor.pk:
        raise ValidationError({"other_actor": _("An actor cannot be linked to itself.")})
    if data.started_on and data.ended_on and data.ended_on < data.started_on:
        raise ValidationError({"ended_on": _("Ends before it starts.")})
    relationship = Relationship(
        actor=data.actor,
        kind=data.kind,
        compound=data.compound,
        other_actor=data.other_actor,
        status=data.status,
        reliability=data.reliability,
        started_on=data.started_on,
        ended_on=data.ended_on,
        note=data.note,
        created_by=_recorder(actor),
    )
    relationship.full_clean()
    with transaction.atomic():
        relationship.save()
        if data.sources:
            relationship.sources.set(data.sources)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=relationship)
    return relationship
