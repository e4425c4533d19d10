"""Re-encrypting identifying data under the current key (key rotation)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, models, transaction

from seri.core import crypto
from seri.core.identifying import encrypted_fields


def _column(field: models.Field | None) -> str:
    """The database column of a concrete field (encrypted fields and primary keys have one)."""
    if field is None or field.column is None:
        raise TypeError(f"{field!r} has no database column")
    return field.column


@dataclass
class RotationProgress:
    table: str
    column: str
    rewritten: int


def encryption_rotate(
    *, batch_size: int = 1000, report: Callable[[RotationProgress], None] | None = None
) -> int:
    """Re-encrypt every value that is not under the current key, batch by batch, each batch in
    its own transaction. Safe to stop and run again: it only rewrites what is still under an
    old key (or still plaintext), so a second run continues where the first one stopped."""
    ring = crypto.keyring()
    total = 0
    quote = connection.ops.quote_name
    for model, field in encrypted_fields():
        table, column, pk = model._meta.db_table, _column(field), _column(model._meta.pk)
        context = f"{model._meta.label}.{field.name}"
        last_pk = None
        rewritten = 0
        while True:
            # Raw SQL: the ciphertext itself is what is read and compared, not the value.
            where = f"WHERE {quote(pk)} > %s " if last_pk is not None else ""
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} {where}"  # noqa: S608
                    f"ORDER BY {quote(pk)} LIMIT %s",
                    [last_pk, batch_size] if last_pk is not None else [batch_size],
                )
                rows = cursor.fetchall()
            if not rows:
                break
            last_pk = rows[-1][0]
            stale = [
                (row_pk, value)
                for row_pk, value in rows
                if value and crypto.key_id_of(value) != ring.current_id
            ]
            if stale:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s "  # noqa: S608
                        f"WHERE {quote(pk)} = %s",
                        [
                            (
                                crypto.encrypt(
                                    crypto.decrypt(value, context=context), context=context
                                ),
                                row_pk,
                            )
                            for row_pk, value in stale
                        ],
                    )
                rewritten += len(stale)
                if report:
                    report(RotationProgress(table, column, rewritten))
        total += rewritten
    return total


def encryption_status() -> dict[str, int]:
    """How many stored values are under each key id ('plaintext' for none)."""
    counts: dict[str, int] = {}
    quote = connection.ops.quote_name
    for model, field in encrypted_fields():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {quote(_column(field))} FROM {quote(model._meta.db_table)}"  # noqa: S608
            )
            for (value,) in cursor.fetchall():
                if value:
                    key = crypto.key_id_of(value) or "plaintext"
                    counts[key] = counts.get(key, 0) + 1
    return counts
