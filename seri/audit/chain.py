"""Hash chains: how rows are appended to a chained table and how `seri verify` checks them.

Each row of a `ChainedModel` carries a gap-free `sequence`, the `prev_hash` of the row before
it (`GENESIS_HASH` for the first row) and its own `row_hash`:

    row_hash = SHA-256 of the canonical JSON of
               {"sequence": …, <each chain field by attname>: …, "prev_hash": …}

Canonical JSON is `json.dumps(…, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`
in UTF-8; datetimes are written in UTC as `2026-01-31T08:15:00.123456+00:00`; foreign keys
by their id (`actor_id`). So anyone can recheck a chain from a database dump with a few lines
of code of their own, without Seri.

Changing a row breaks its own hash; deleting one leaves a gap in `sequence` and a `prev_hash`
that no longer fits; inserting one gives a row that does not fit where it stands, or that lies
beyond the chain's `ChainHead`. Someone who can rewrite the whole table, head included, can
forge a consistent chain, or delete the newest rows and move the head back: `seri anchor`
writes the heads outside the database on a schedule (seri.audit.anchors) and `seri verify`
checks against the latest anchor by default; a head noted by hand (`--show-head`) can be
given back with `--anchor`.

The registry: `chained_models()` lists every installed concrete `ChainedModel` (the audit
trail; the evidence custody log once it exists), and `seri verify` walks each one with the
model's `chain_verifier` if it sets one (a function with the signature of `verify_chain`
below, which it will usually call first), else with `verify_chain` itself. A new chain needs
no registration beyond subclassing: an evidence custody log would be

    class CustodyEntry(ChainedModel):
        at = models.DateTimeField(default=timezone.now, editable=False)
        evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT)
        ...
        chain_fields = ("at", "evidence", "actor", "event", "sha256")
        chain_time_field = "at"
        chain_label = _("evidence custody log")

appended with `chain_append([CustodyEntry(...)])`, in its own chain with its own head.

Deferred chains (`chain_deferred = True`: the audit trail). Taking the head's lock in every
request that shows identifying data made all users' reads queue behind one another. Rows of
a deferred chain are instead inserted unchained by `chain_insert` (a plain INSERT in the
caller's transaction, no lock), carrying `entry_mac`, an HMAC-SHA-256 of their content under
the index key (SERI_INDEX_KEY), which only Seri can compute. One sequencer at a time
(`chain_pending`, run by `seri audit-sequencer`, by `seri serve` beside the web server, and on
demand by `seri verify` and `seri anchor`) takes the head's lock, checks each unchained row's
entry MAC and chains the rows in id order. `verify_chain` walks the chained rows as above and
then the unchained tail: it reports how many rows wait, and fails on a row whose content no
longer matches its entry MAC, or that is older than the chain's last row by more than
SERI_AUDIT_PENDING_GRACE seconds (a row slipped in behind the chain). Decision 0030 gives the
guarantees and the failure analysis.
"""

import datetime as dt
import functools
import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.apps import apps
from django.conf import settings
from django.db import connections, models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import ChainedModel, ChainHead
from seri.core.crypto import keyring

GENESIS_HASH = "0" * 64

M = TypeVar("M", bound=ChainedModel)


def chained_models() -> list[type[ChainedModel]]:
    """Every installed model that keeps a hash chain, in the order of INSTALLED_APPS."""
    return [model for model in apps.get_models() if issubclass(model, ChainedModel)]


def chain_name(model: type[ChainedModel]) -> str:
    return model._meta.label_lower


def chain_label(model: type[ChainedModel]) -> str:
    return str(model.chain_label or model._meta.verbose_name)


def _chain_field(model: type[ChainedModel], name: str) -> models.Field:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model._meta.label}.chain_fields: {name!r} is not a field of its own")
    return field


@functools.cache
def _attnames(model: type[ChainedModel]) -> tuple[str, ...]:
    return tuple(_chain_field(model, name).attname for name in model.chain_fields)


@functools.cache
def _attnames_of_type(model: type[ChainedModel], field_class: type) -> tuple[str, ...]:
    return tuple(
        field.attname
        for field in (_chain_field(model, name) for name in model.chain_fields)
        if isinstance(field, field_class)
    )


_encode = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


def canonical_json(value: Any) -> bytes:
    return _encode(value).encode("utf-8")


def canonical_json_text(value: Any) -> str:
    return _encode(value)


def _digest(model: type[ChainedModel], content: dict, sequence: int, prev_hash: str) -> str:
    # `content` is a fresh dict of the chain fields by attname, which this changes.
    for name in _attnames_of_type(model, models.DateTimeField):
        if content[name] is not None:
            content[name] = content[name].astimezone(dt.timezone.utc).isoformat("T", "microseconds")
    content["sequence"] = sequence
    content["prev_hash"] = prev_hash
    return hashlib.sha256(canonical_json(content)).hexdigest()


def row_hash(
    model: type[ChainedModel], values: Mapping[str, Any], sequence: int, prev_hash: str
) -> str:
    """The hash of one row, from its field values by attname."""
    return _digest(model, {name: values[name] for name in _attnames(model)}, sequence, prev_hash)


def _json_round_trip(value: Any) -> Any:
    # Hash what the database will give back, not what the caller passed: tuples come back as
    # lists and integer keys as strings.
    return json.loads(json.dumps(value, allow_nan=False))


def _locked_head(model: type[ChainedModel]) -> ChainHead:
    """The chain's head, locked until the end of the transaction.

    On PostgreSQL, SELECT … FOR UPDATE makes the other appenders wait here, and then read the
    head as the previous appender left it. SQLite ignores FOR UPDATE; there the transaction
    already holds the database's one write lock (settings start transactions IMMEDIATE).
    """
    name = chain_name(model)
    try:
        return ChainHead.objects.select_for_update().get(name=name)
    except ChainHead.DoesNotExist:
        pass
    # The migration creates the head; a test database that was flushed has none. Start it from
    # the last row, if any, so that numbering goes on where it stopped. (A head deleted behind
    # Seri's back is thus rebuilt at the next append; `seri verify` before that reports it.)
    last = (
        model._base_manager.filter(sequence__isnull=False)  # PostgreSQL puts NULLs first
        .order_by("-sequence")
        .values_list("sequence", "row_hash")
        .first()
    )
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        name=name,
        defaults={
            "sequence": last[0] if last else 0,
            "row_hash": last[1] if last else GENESIS_HASH,
        },
    )
    return head


def chain_append(rows: Sequence[M]) -> Sequence[M]:
    """Number, hash and insert new rows of one chained model, in order, in the caller's
    transaction (or in a transaction of their own when there is none).

    The head stays locked until that transaction ends: appends are serialised, so keep what
    follows an append in the same transaction short.
    """
    if not rows:
        return rows
    model = type(rows[0])
    json_attnames = _attnames_of_type(model, models.JSONField)
    # No savepoint: if the append fails, the caller's transaction must fail with it.
    with transaction.atomic(savepoint=False):
        head = _locked_head(model)
        now = timezone.now()  # taken under the lock, so times follow the sequence
        sequence, prev_hash = head.sequence, head.row_hash
        for row in rows:
            if type(row) is not model or row.pk is not None:
                raise ValueError("chain_append takes new rows of one model")
            if model.chain_time_field:
                setattr(row, model.chain_time_field, now)
            for name in json_attnames:
                setattr(row, name, _json_round_trip(getattr(row, name)))
            sequence += 1
            row.sequence = sequence
            row.prev_hash = prev_hash
            row.row_hash = row_hash(model, row.__dict__, sequence, prev_hash)
            prev_hash = row.row_hash
        model.objects.bulk_create(rows)
        ChainHead.objects.filter(pk=head.pk).update(sequence=sequence, row_hash=prev_hash)
    return rows


# --- deferred chains: insert now, chain later --------------------------------------------------


def entry_mac(model: type[ChainedModel], values: Mapping[str, Any]) -> str:
    """The keyed hash of one row's content (its chain fields by attname), checked when the
    row is chained and by `seri verify` while it waits."""
    content = _mac_content(model, values)
    return hmac.new(keyring().index_key, canonical_json(content), hashlib.sha256).hexdigest()


def _mac_content(model: type[ChainedModel], values: Mapping[str, Any]) -> dict[str, Any]:
    content = {name: values[name] for name in _attnames(model)}
    for name in _attnames_of_type(model, models.DateTimeField):
        if content[name] is not None:
            content[name] = content[name].astimezone(dt.timezone.utc).isoformat("T", "microseconds")
    content["chain"] = chain_name(model)
    return content


def _prepare(model: type[ChainedModel], rows: Sequence[dict[str, Any]]) -> None:
    """Fill in what a waiting row carries — the time, the JSON as the database will give it
    back, empty chain columns and the entry MAC — in these rows' attribute dicts."""
    json_attnames = _attnames_of_type(model, models.JSONField)
    now = timezone.now()
    # A JSON value shared by many rows (by identity) is converted once. Looking originals up
    # by id is safe: they all exist, held by their rows, before the first is replaced.
    round_tripped: dict[int, Any] = {}
    for row in rows:
        if model.chain_time_field:
            row[model.chain_time_field] = now
        for name in json_attnames:
            value = row[name]
            if id(value) not in round_tripped:
                round_tripped[id(value)] = _json_round_trip(value)
            row[name] = round_tripped[id(value)]
        row["sequence"] = None  # NULL until chained
        row["prev_hash"] = row["row_hash"] = ""
    for row, mac in zip(rows, _entry_macs(model, rows), strict=True):
        row["entry_mac"] = mac


_MARK = "\x00seri:varying\x00"


def _entry_macs(model: type[ChainedModel], rows: Sequence[dict[str, Any]]) -> list[str]:
    """`entry_mac` of each row. Rows that share every chain field but one text field (a batch
    of identifying views: the same actor, time and detail, one person each) share the start
    and end of their canonical JSON: it is encoded and fed to the HMAC once, and each row adds
    only its own value (tests/audit/test_insert.py checks it against `entry_mac`)."""
    attnames = _attnames(model)
    first = rows[0]
    varying = [name for name in attnames if any(row[name] is not first[name] for row in rows)]
    if len(rows) < 2 or len(varying) != 1 or not all(isinstance(r[varying[0]], str) for r in rows):
        return [entry_mac(model, row) for row in rows]
    name = varying[0]
    template = canonical_json_text(_mac_content(model, {**first, name: _MARK}))
    marker = _encode(_MARK)
    if template.count(marker) != 1:
        return [entry_mac(model, row) for row in rows]
    before, after = template.split(marker)
    start = hmac.new(keyring().index_key, before.encode("utf-8"), hashlib.sha256)
    macs = []
    for row in rows:
        mac = start.copy()
        mac.update((_encode(row[name]) + after).encode("utf-8"))
        macs.append(mac.hexdigest())
    return macs


def chain_insert(rows: Sequence[M]) -> Sequence[M]:
    """Insert new rows of a deferred chain unchained, in the caller's transaction: no lock, so
    that appenders do not wait for one another. `chain_pending` chains them."""
    if not rows:
        return rows
    model = type(rows[0])
    if not model.chain_deferred:
        raise ValueError(f"{model._meta.label} is not a deferred chain: use chain_append")
    for row in rows:
        if type(row) is not model or row.pk is not None:
            raise ValueError("chain_insert takes new rows of one model")
    # A model instance keeps its field values by attname in its __dict__.
    _prepare(model, [row.__dict__ for row in rows])
    ids = _insert(model, [row.__dict__ for row in rows], returning=True)
    connection_alias = router.db_for_write(model)
    for row, pk in zip(rows, ids, strict=False):
        row.pk = pk
    for row in rows:
        row._state.adding = False
        row._state.db = connection_alias
    return rows


def chain_insert_values(
    model: type[ChainedModel], rows: Sequence[dict[str, Any]], *, returning: bool = False
) -> list[int]:
    """`chain_insert` for rows given as dicts of every field's value by attname (but the
    chain's own columns, the time and the MAC, which this fills in), without a model instance
    per row: building 50 instances cost more than inserting them (docs/benchmarks.md, issue
    20). Values shared by the rows should be one object, so that they are converted once.
    The new ids if `returning`, else []."""
    if not rows:
        return []
    if not model.chain_deferred:
        raise ValueError(f"{model._meta.label} is not a deferred chain: use chain_append")
    _prepare(model, rows)
    return _insert(model, rows, returning=returning)


def _insert_fields(model: type[ChainedModel]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if not field.primary_key]


def _prepared(
    field: models.Field, value: Any, connection: Any, prepared: dict[tuple[str, int], Any]
) -> Any:
    """`value` as the database is given it for `field`, converted once per (field, value by
    identity): the values are held by their rows throughout, so their ids are not reused."""
    key = (field.attname, id(value))
    if key not in prepared:
        prepared[key] = field.get_db_prep_save(value, connection)
    return prepared[key]


def _insert(
    model: type[ChainedModel], rows: Sequence[dict[str, Any]], *, returning: bool
) -> list[int]:
    """What `bulk_create` does for these rows (each a dict of values by attname) — the new
    ids read back with RETURNING if asked — without its preparation of every value of every
    row: a value that many rows share (the time, the actor, the organisation, the detail of a
    batch of identifying views) is converted for the database once. An audited list of 50
    people spent more time in that preparation than in the database (docs/benchmarks.md)."""
    connection = connections[router.db_for_write(model)]
    if connection.vendor == "postgresql":
        return _insert_postgresql(model, connection, rows, returning=returning)
    meta = model._meta
    fields = _insert_fields(model)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(field.column)) for field in fields)
    suffix = ""
    if returning and connection.features.can_return_rows_from_bulk_insert:  # SQLite ≥ 3.35
        suffix = f" RETURNING {quote(str(meta.pk.column))}"
    one_row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch_size = max(1, connection.ops.bulk_batch_size(fields, rows))
    ids: list[int] = []
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        prepared: dict[tuple[str, int], Any] = {}
        params = [
            _prepared(field, row[field.attname], connection, prepared)
            for row in batch
            for field in fields
        ]
        # Only the model's own table and column names, quoted, and placeholders: no value.
        values = ", ".join([one_row] * len(batch))
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql + suffix, params)
            if suffix:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


def _insert_postgresql(
    model: type[ChainedModel], connection: Any, rows: Sequence[dict[str, Any]], *, returning: bool
) -> list[int]:
    """On PostgreSQL, one statement of a dozen parameters however many rows: a value that
    every row shares is one parameter, the others one array each, unnested. With a
    placeholder per value (600 for 50 rows) psycopg parsed the statement anew each time
    (it caches statements of at most 50 parameters): 1 ms of every audited list."""
    meta = model._meta
    quote = connection.ops.quote_name
    columns: list[str] = []
    selected: list[str] = []
    params: list[Any] = []
    arrays: list[tuple[str, str, models.Field]] = []
    for field in _insert_fields(model):
        columns.append(quote(str(field.column)))
        db_type = str(field.db_type(connection))
        first = rows[0][field.attname]
        # The entry MAC differs from row to row: it is always an array, which also makes as
        # many rows as were given.
        if len(rows) == 1 or (
            field.attname != "entry_mac" and all(row[field.attname] is first for row in rows)
        ):
            selected.append(f"%s::{db_type}")
            params.append(field.get_db_prep_save(first, connection))
        else:
            name = f"c{len(arrays)}"
            selected.append(f"v.{name}")
            arrays.append((name, db_type, field))
    source = ""
    if arrays:
        unnest = ", ".join(f"%s::{db_type}[]" for _name, db_type, _field in arrays)
        names = ", ".join(name for name, _t, _f in arrays)
        source = f" FROM unnest({unnest}) WITH ORDINALITY AS v({names}, n)"
        prepared: dict[tuple[str, int], Any] = {}
        for _name, _db_type, field in arrays:
            params.append(
                [_prepared(field, row[field.attname], connection, prepared) for row in rows]
            )
        source += " ORDER BY v.n"  # ids in the order of the rows
    # Only the model's own table and column names, quoted, types and placeholders.
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
        f"SELECT {', '.join(selected)}{source}"
    )
    if returning:
        sql += f" RETURNING {quote(str(meta.pk.column))}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [r[0] for r in cursor.fetchall()] if returning else []


@dataclass
class PendingResult:
    """What `chain_pending` did: rows chained, and the row it refused (content changed since
    it was inserted), if any."""

    chained: int = 0
    problem: str | None = None
    bad_row_id: int | None = None


def _unchained(model: type[ChainedModel]) -> models.QuerySet:
    return model._base_manager.filter(sequence__isnull=True)


def _refused(row_id: int) -> str:
    return _(
        "row id %(id)s (not chained yet) was edited: its content does not match its entry MAC"
    ) % {"id": row_id}


def _chain_batch(model: type[ChainedModel], batch_size: int, result: PendingResult) -> int:
    """Chain up to `batch_size` waiting rows under the head's lock; how many were chained."""
    attnames = _attnames(model)
    with transaction.atomic():
        head = _locked_head(model)
        # Plain values, not model instances: the sequencer reads every row once more after
        # its insert, and building 500 instances cost more than checking and hashing them.
        batch = list(
            _unchained(model).order_by("pk").values("pk", "entry_mac", *attnames)[:batch_size]
        )
        sequence, prev_hash = head.sequence, head.row_hash
        chained: list[tuple[int, int, str, str]] = []  # (pk, sequence, prev_hash, row_hash)
        encoder, key = _BatchEncoder(), keyring().index_key
        for row in batch:
            # As entry_mac and row_hash compute them (tests/audit/test_insert.py).
            content = _mac_content(model, row)
            mac = hmac.new(key, encoder.encode(content), hashlib.sha256).hexdigest()
            if not hmac.compare_digest(mac, row["entry_mac"]):
                result.problem, result.bad_row_id = _refused(row["pk"]), row["pk"]
                break
            sequence += 1
            del content["chain"]
            content["sequence"], content["prev_hash"] = sequence, prev_hash
            digest = hashlib.sha256(encoder.encode(content)).hexdigest()
            chained.append((row["pk"], sequence, prev_hash, digest))
            prev_hash = digest
        if chained:
            _write_chain_columns(model, chained)
            ChainHead.objects.filter(pk=head.pk).update(sequence=sequence, row_hash=prev_hash)
    return len(chained)


def _chain_column(model: type[ChainedModel], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # noqa: S101 (the chain's own columns)
    return str(field.column)


_SCALARS = (str, int, bool, type(None))


@functools.cache
def _key_text(key: str) -> str:
    return _encode(key) + ":"


class _BatchEncoder:
    """`canonical_json` of the flat dicts the sequencer checks and hashes, one row after
    another: a scalar equal to the previous row's value of the same key, and of the same
    type, keeps its encoding (the rows of one response share all but their object). Nested
    values (`detail`) are encoded every time: `{"a": 1} == {"a": True}`, but not their JSON."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[Any, str]] = {}

    def encode(self, content: Mapping[str, Any]) -> bytes:
        parts = []
        for name in sorted(content):
            value = content[name]
            last = self._last.get(name)
            if (
                last is not None
                and type(value) in _SCALARS
                and type(value) is type(last[0])
                and value == last[0]
            ):
                text = last[1]
            else:
                text = _encode(value)
                self._last[name] = (value, text)
            parts.append(_key_text(name) + text)
        return ("{" + ",".join(parts) + "}").encode("utf-8")


def _write_chain_columns(
    model: type[ChainedModel], chained: list[tuple[int, int, str, str]]
) -> None:
    """Set the three chain columns of rows waiting to be chained, in one statement: the
    chain's own columns only, and only of rows still unchained (chained rows stay
    append-only, AppendOnlyQuerySet). `bulk_update` built a CASE WHEN of every row for every
    column: 92 % of the sequencer's time, about 0.5 ms of CPU per row (docs/benchmarks.md),
    which is ~25 ms for each API list of 50 people."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    meta = model._meta
    table, pk = quote(meta.db_table), quote(str(meta.pk.column))
    sequence, prev, digest = (
        quote(str(_chain_column(model, name))) for name in ("sequence", "prev_hash", "row_hash")
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Four lists whatever the batch's size, each sent as one comma-separated text
            # (numbers and hex digests: nothing to escape), which psycopg passes as it is
            # instead of quoting 500 values one by one: one short statement, one round trip.
            ids, numbers, prevs, digests = (
                ",".join(map(str, column)) for column in zip(*chained, strict=True)
            )
            cursor.execute(
                f"UPDATE {table} SET {sequence} = v.s, {prev} = v.p, {digest} = v.h "  # noqa: S608
                "FROM unnest(string_to_array(%s, ',')::bigint[], "
                "string_to_array(%s, ',')::bigint[], string_to_array(%s, ','), "
                "string_to_array(%s, ',')) AS v(id, s, p, h) "
                f"WHERE {table}.{pk} = v.id AND {table}.{sequence} IS NULL",
                [ids, numbers, prevs, digests],
            )
        else:  # SQLite: one prepared statement run per row, in this process
            cursor.executemany(
                f"UPDATE {table} SET {sequence} = %s, {prev} = %s, {digest} = %s "  # noqa: S608
                f"WHERE {pk} = %s AND {sequence} IS NULL",
                [
                    (number, prev_hash, row_digest, key)
                    for key, number, prev_hash, row_digest in chained
                ],
            )
        updated = cursor.rowcount
    if updated != len(chained):
        # A row was chained meanwhile by someone else: impossible under the head's lock unless
        # the table was written behind Seri's back. Roll the whole batch back.
        raise RuntimeError(
            f"{meta.label}: {updated} of {len(chained)} waiting rows could be chained"
        )


def chain_pending(model: type[ChainedModel], *, batch_size: int = 500) -> PendingResult:
    """Chain every row of a deferred chain that waits, oldest first, in batches (each in a
    transaction of its own, so that appenders are never held for long). Stops at a row whose
    content changed since it was inserted: that row and those after it stay unchained, and
    `seri verify` reports it."""
    result = PendingResult()
    if not model.chain_deferred:
        return result
    while result.problem is None:
        chained = _chain_batch(model, batch_size, result)
        result.chained += chained
        if chained < batch_size:
            break
    return result


def chain_all_pending() -> dict[str, PendingResult]:
    """`chain_pending` for every deferred chain, by chain name."""
    return {chain_name(m): chain_pending(m) for m in chained_models() if m.chain_deferred}


# --- verifying --------------------------------------------------------------------------------


@dataclass
class ChainReport:
    """What `verify_chain` found: `problem` is None when the chain is intact."""

    label: str
    rows: int = 0
    problem: str | None = None
    bad_row_id: int | None = None
    head_sequence: int = 0
    head_hash: str = GENESIS_HASH
    unchained: int = 0  # rows of a deferred chain waiting for the sequencer

    @property
    def intact(self) -> bool:
        return self.problem is None


def _head(model: type[ChainedModel]) -> ChainHead | None:
    return ChainHead.objects.filter(name=chain_name(model)).first()


def _row_problem(
    model: type[ChainedModel],
    attnames: tuple[str, ...],
    row: Any,
    last: tuple[int, str, int | None],
    anchors: dict[int, str],
) -> str | None:
    """What is wrong with `row`, read after the row `last` = (sequence, hash, id), or None.
    An anchor met on the way is taken out of `anchors`."""
    last_sequence, last_hash, last_id = last
    args = {"id": row.pk, "sequence": row.sequence}
    if row.sequence <= last_sequence:
        return (
            _("row id %(id)s (sequence %(sequence)s) was inserted: its sequence is out of order")
            % args
        )
    if row.sequence != last_sequence + 1:
        if last_sequence == 0:
            return (
                _(
                    "rows deleted at the start: the first row, id %(id)s, has sequence "
                    "%(sequence)s instead of 1"
                )
                % args
            )
        return _(
            "rows deleted: sequence %(first)s to %(last)s missing before row id %(id)s "
            "(sequence %(sequence)s)"
        ) % {**args, "first": last_sequence + 1, "last": row.sequence - 1}
    content = dict(zip(attnames, row[4:], strict=True))
    if _digest(model, content, row.sequence, row.prev_hash) != row.row_hash:
        return (
            _(
                "row id %(id)s (sequence %(sequence)s) was edited: its content does not match "
                "its row_hash"
            )
            % args
        )
    if row.prev_hash != last_hash:
        if last_id is None:
            return (
                _(
                    "row id %(id)s (sequence %(sequence)s) was inserted: it stands first "
                    "but its prev_hash is not the genesis hash"
                )
                % args
            )
        return _(
            "row id %(id)s (sequence %(sequence)s) was inserted, or row id %(previous)s "
            "before it was replaced: its prev_hash does not match the row_hash of row id "
            "%(previous)s"
        ) % {**args, "previous": last_id}
    if row.sequence in anchors and anchors.pop(row.sequence) != row.row_hash:
        return (
            _(
                "row id %(id)s (sequence %(sequence)s) does not match the anchor given: the "
                "chain was rewritten up to here"
            )
            % args
        )
    return None


def verify_chain(
    model: type[ChainedModel],
    *,
    batch_size: int = 5000,
    anchors: Mapping[int, str] | None = None,
) -> ChainReport:
    """Walk the chain in sequence order, recompute every hash, and stop at the first bad row.

    Reads in batches by sequence (the unique index), so memory stays flat whatever the length.
    Safe to run while Seri is writing: a head and the rows it covers are committed together
    and appends are serialised, so rows that a head read *before* a walk promises must be
    found by that walk, and a row found *before* reading a head must be covered by it.
    `anchors` maps sequence numbers to the row hashes noted from an earlier run.
    """
    report = ChainReport(label=chain_label(model))
    anchors = dict(anchors or {})
    attnames = _attnames(model)
    rows = model._base_manager.order_by("sequence").values_list(
        "pk", "sequence", "prev_hash", "row_hash", *attnames, named=True
    )
    last_sequence, last_hash, last_id = 0, GENESIS_HASH, None

    def fail(problem: str, row_id: int | None) -> ChainReport:
        report.problem, report.bad_row_id = problem, row_id
        return report

    head = _head(model)
    if head is None:
        first = rows.filter(sequence__isnull=False).first()
        if first is None:
            return _verify_unchained(model, report, batch_size)
        head = _head(model)  # the first append creates the head: it may have just run
        if head is None:
            return fail(_("the chain head is missing"), first.pk)
    while True:
        while last_sequence < head.sequence:
            # From -1 at first, so that a row numbered 0 is seen (and reported) too.
            after = last_sequence if last_id is not None else -1
            batch = list(rows.filter(sequence__gt=after, sequence__lte=head.sequence)[:batch_size])
            if not batch and last_id is None:
                return fail(
                    _("rows deleted: the chain head is at sequence %(head)s but no row is left")
                    % {"head": head.sequence},
                    None,
                )
            if not batch:
                return fail(
                    _(
                        "rows deleted at the end: the chain head is at sequence %(head)s but "
                        "the last row, id %(id)s, has sequence %(sequence)s"
                    )
                    % {"head": head.sequence, "id": last_id, "sequence": last_sequence},
                    last_id,
                )
            for row in batch:
                problem = _row_problem(
                    model, attnames, row, (last_sequence, last_hash, last_id), anchors
                )
                if problem:
                    return fail(problem, row.pk)
                last_sequence, last_hash, last_id = row.sequence, row.row_hash, row.pk
                report.rows += 1
        if head.row_hash != last_hash:
            return fail(
                _(
                    "the chain head does not match the last row, id %(id)s (sequence "
                    "%(sequence)s): that row was replaced, or the head was changed"
                )
                % {"id": last_id, "sequence": last_sequence},
                last_id,
            )
        report.head_sequence, report.head_hash = head.sequence, head.row_hash
        beyond = rows.filter(sequence__gt=head.sequence).first()
        if beyond is None:
            break
        newer = _head(model)
        if newer is None or newer.sequence < beyond.sequence:
            return fail(
                _(
                    "row id %(id)s (sequence %(sequence)s) was inserted: it lies beyond the "
                    "chain head (sequence %(head)s)"
                )
                % {"id": beyond.pk, "sequence": beyond.sequence, "head": head.sequence},
                beyond.pk,
            )
        head = newer  # appended while we walked: walk those too
    if anchors:
        return fail(
            _("no row has the sequence of anchor %(sequence)s: the chain was cut short")
            % {"sequence": min(anchors)},
            None,
        )
    return _verify_unchained(model, report, batch_size)


def _verify_unchained(
    model: type[ChainedModel], report: ChainReport, batch_size: int
) -> ChainReport:
    """The tail of a deferred chain, after its chained rows: count the rows waiting, check each
    one's entry MAC, and that none is older than the chain's last row by more than the grace
    (a transaction still open when the sequencer chained newer rows)."""
    if not model.chain_deferred:
        return report
    time_field = model.chain_time_field
    not_before = None
    if time_field and report.head_sequence:
        last_at = (
            model._base_manager.filter(sequence=report.head_sequence)
            .values_list(time_field, flat=True)
            .first()
        )
        if last_at is not None:
            grace = dt.timedelta(seconds=settings.SERI_AUDIT_PENDING_GRACE)
            not_before = last_at - grace
    rows = _unchained(model).order_by("pk")
    after = 0
    while True:
        batch = list(rows.filter(pk__gt=after)[:batch_size])
        for row in batch:
            if not hmac.compare_digest(entry_mac(model, row.__dict__), row.entry_mac):
                report.problem, report.bad_row_id = _refused(row.pk), row.pk
                return report
            if not_before is not None and getattr(row, time_field) < not_before:
                report.problem, report.bad_row_id = (
                    _(
                        "row id %(id)s (not chained yet) was inserted: it is older than the "
                        "last chained row (sequence %(sequence)s)"
                    )
                    % {"id": row.pk, "sequence": report.head_sequence},
                    row.pk,
                )
                return report
            report.unchained += 1
        if len(batch) < batch_size:
            return report
        after = batch[-1].pk
