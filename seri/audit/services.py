"""Writing the audit trail. Every service that creates, changes or reveals records calls this.

Rows are inserted in the caller's transaction, unchained and without a lock (so that users'
audited reads do not queue behind one another): if the caller's work is rolled back, so is its
audit row. The sequencer chains them in order within seconds (seri.audit.chain, decision 0030).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import models

from seri.audit.chain import chain_insert, chain_insert_values
from seri.audit.models import AuditAction, AuditEvent
from seri.audit.subjects import insert_subjects
from seri.core.types import Actor

if TYPE_CHECKING:
    from seri.cases.models import Person
    from seri.orgs.models import Organisation, User


@dataclass(frozen=True)
class AuditEntry:
    """One row for `audit_record_many`: what happened to which object."""

    action: str
    obj: models.Model | None = None
    object_type: str = ""
    object_id: str = ""
    organisation: "Organisation | None" = None
    detail: dict[str, Any] = field(default_factory=dict)


def _recorded_actor(actor: Actor) -> "User | None":
    """The system (None) and anonymous visitors are recorded without an actor."""
    return actor if actor is not None and actor.is_authenticated else None


def _event(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None,
    object_type: str,
    object_id: str,
    organisation: "Organisation | None",
    detail: dict[str, Any] | None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.model_name or ""
        object_id = object_id or str(getattr(obj, "public_id", obj.pk))
    return AuditEvent(
        actor=_recorded_actor(actor),
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
    )


def audit_record_many(*, actor: Actor, entries: Iterable[AuditEntry]) -> list[AuditEvent]:
    """Insert many rows by one actor in one go (bulk importers): one INSERT.

    Like `audit_record`, it writes in the caller's transaction: call it inside the
    `transaction.atomic` block that makes the changes it records."""
    events = [
        _event(
            actor=actor,
            action=entry.action,
            obj=entry.obj,
            object_type=entry.object_type,
            object_id=entry.object_id,
            organisation=entry.organisation,
            detail=entry.detail,
        )
        for entry in entries
    ]
    chain_insert(events)
    return events


def audit_record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    organisation: "Organisation | None" = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    event = _event(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        organisation=organisation,
        detail=detail,
    )
    chain_insert([event])
    return event


def audit_identifying_view(
    *,
    actor: Actor,
    people: Iterable["Person"],
    context: str,
    organisation: "Organisation | None" = None,
) -> None:
    """Record that `actor` was shown identifying details of these people: one row per
    response, however many people (decision 0039).

    One person: a row about that person (`object_id`). Several: one row with their public ids
    in `detail["people"]` (covered by the chain) and an `AuditSubject` each (for the person's
    access history): two INSERTs, no lock, no model instance built."""
    ids = list(dict.fromkeys(str(person.public_id) for person in people))
    if not ids:
        return
    recorded = _recorded_actor(actor)
    row: dict[str, Any] = {
        "actor_id": recorded.pk if recorded is not None else None,
        "organisation_id": organisation.pk if organisation is not None else None,
        "action": AuditAction.VIEW_IDENTIFYING.value,
        "object_type": "person",
        "object_id": ids[0] if len(ids) == 1 else "",
        "detail": {"context": context} if len(ids) == 1 else {"context": context, "people": ids},
    }
    if len(ids) == 1:
        chain_insert_values(AuditEvent, [row])
        return
    [event_id] = chain_insert_values(AuditEvent, [row], returning=True)
    insert_subjects(event_id, ids)


def audit_search(*, actor: Actor, object_type: str, fields: list[str], via: str = "") -> AuditEvent:
    """Record that `actor` searched by identifying fields (the values themselves are never
    recorded). Reads are recorded by the view or endpoint that shows them; writes by their
    service."""
    detail: dict[str, Any] = {"fields": fields}
    if via:
        detail["via"] = via
    return audit_record(
        actor=actor, action=AuditAction.SEARCH, object_type=object_type, detail=detail
    )
