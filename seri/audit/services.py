"""Writing the audit trail. Every service that creates, changes or reveals records calls this.

Rows are appended to the hash chain in the caller's transaction: if the caller's work is rolled
back, so is its audit row, and the chain has no hole.
"""

from collections.abc import Iterable

from seri.audit.chain import chain_append
from seri.audit.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    organisation=None,
    detail: dict | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.model_name
        object_id = object_id or str(getattr(obj, "public_id", obj.pk))
    event = AuditEvent(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        detail=detail or {},
    )
    chain_append([event])
    return event


def audit_identifying_view(*, actor, people: Iterable, context: str, organisation=None) -> None:
    """Record that `actor` was shown identifying details of these people (one row each).

    One lock, one INSERT and one head update for the whole batch, however many people."""
    rows = [
        AuditEvent(
            actor=actor,
            organisation=organisation,
            action=AuditAction.VIEW_IDENTIFYING,
            object_type="person",
            object_id=str(person.public_id),
            detail={"context": context},
        )
        for person in people
    ]
    chain_append(rows)
