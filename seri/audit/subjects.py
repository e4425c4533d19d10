"""The people of an audit row about several people (decision 0039).

A page or API response that shows identifying details of many people is recorded as one audit
row: `object_type` "person", `object_id` empty, and the people's public ids in
`detail["people"]`, which the chain (and, until it is chained, the entry MAC) covers. The same
ids are written beside it, one `AuditSubject` each, so that a person's access history finds the
row through an index; `verify_audit_trail` (run by `seri verify`) checks that the two agree:
a subject deleted, added or changed behind Seri's back is reported with its row.
"""

from collections.abc import Sequence

from django.db import connections, router
from django.utils.translation import gettext as _

from seri.audit.chain import ChainReport, verify_chain
from seri.audit.models import AuditEvent, AuditSubject


def insert_subjects(event_id: int, object_ids: Sequence[str]) -> None:
    """The subjects of one row, in one INSERT (in the caller's transaction)."""
    if not object_ids:
        return
    connection = connections[router.db_for_write(AuditSubject)]
    table = connection.ops.quote_name(AuditSubject._meta.db_table)
    if connection.vendor == "postgresql":
        # one statement of two parameters however many people (psycopg keeps it prepared)
        sql = f"INSERT INTO {table} (event_id, object_id) SELECT %s, unnest(%s::varchar[])"
        params: list = [event_id, list(object_ids)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
        return
    step = 400  # under SQLite's 999 parameters
    with connection.cursor() as cursor:
        for start in range(0, len(object_ids), step):
            batch = object_ids[start : start + step]
            values = ", ".join(["(%s, %s)"] * len(batch))
            # Only the model's own table name, quoted, and placeholders: no value.
            sql = f"INSERT INTO {table} (event_id, object_id) VALUES {values}"  # noqa: S608
            cursor.execute(sql, [v for object_id in batch for v in (event_id, object_id)])


def _listed(detail) -> set[str]:
    people = detail.get("people") if isinstance(detail, dict) else None
    return {str(p) for p in people} if isinstance(people, list) else set()


def _problem(event_id: int) -> str | None:
    """What is wrong with the subjects of this row, read afresh (a row and its subjects are
    committed together: read the row first, and its subjects are visible by then)."""
    detail = AuditEvent._base_manager.filter(pk=event_id).values_list("detail", flat=True).first()
    listed = _listed(detail)
    subjects = AuditSubject.objects.filter(event_id=event_id)
    if listed and set(subjects.values_list("object_id", flat=True)) != listed:
        return _(
            "row id %(id)s: the people it lists and its subjects differ (a subject was deleted, "
            "added or changed)"
        ) % {"id": event_id}
    if not listed and subjects.exists():
        return _("row id %(id)s has subjects but lists no people (a subject was added)") % {
            "id": event_id
        }
    return None


def verify_audit_trail(
    model: type[AuditEvent], *, batch_size: int = 5000, **options
) -> ChainReport:
    """`verify_chain`, then: every row about several people has exactly the subjects its
    `detail["people"]` lists, and no subject belongs to any other row. Reads both in id
    order, in batches, so memory stays flat; a difference is read again before it is reported
    (a row committed between the two reads is not one)."""
    report = verify_chain(model, batch_size=batch_size, **options)
    if not report.intact:
        return report
    events = model._base_manager.filter(detail__has_key="people").order_by("pk")
    after = 0
    while True:
        batch = list(events.filter(pk__gt=after).values_list("pk", "detail")[:batch_size])
        upto = batch[-1][0] if len(batch) == batch_size else None
        subjects = AuditSubject.objects.filter(event_id__gt=after)
        if upto is not None:
            subjects = subjects.filter(event_id__lte=upto)
        found: dict[int, set[str]] = {}
        for event_id, object_id in subjects.values_list("event_id", "object_id").iterator():
            found.setdefault(event_id, set()).add(object_id)
        suspects = [pk for pk, detail in batch if found.pop(pk, set()) != _listed(detail)]
        for pk in sorted([*suspects, *found]):
            if problem := _problem(pk):
                report.problem, report.bad_row_id = problem, pk
                return report
        if upto is None:
            return report
        after = upto
