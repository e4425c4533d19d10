"""Audit rows are inserted with one multi-row INSERT per batch, each value shared by many rows
converted once (seri.audit.chain._insert): the rows must be exactly what the ORM would have
stored, get their ids, and chain and verify like any other."""

import uuid
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from seri.audit.chain import (
    _write_chain_columns,
    chain_insert_values,
    chain_pending,
    entry_mac,
    verify_chain,
)
from seri.audit.models import AuditAction, AuditEvent, AuditSubject
from seri.audit.services import AuditEntry, audit_identifying_view, audit_record, audit_record_many
from seri.audit.subjects import verify_audit_trail
from tests.factories import PersonFactory


def test_a_batch_of_identifying_views_is_one_complete_row_and_its_subjects(bob, ngo):
    people = [PersonFactory(organisation=ngo) for _ in range(4)]
    with CaptureQueriesContext(connection) as queries:
        audit_identifying_view(actor=bob, people=people, context="case list", organisation=ngo)
    assert len(queries.captured_queries) == 2  # the row, then its subjects
    [row] = AuditEvent.objects.all()
    ids = [str(p.public_id) for p in people]
    assert (row.actor_id, row.organisation_id, row.action, row.object_type, row.object_id) == (
        bob.pk,
        ngo.pk,
        AuditAction.VIEW_IDENTIFYING,
        "person",
        "",
    )
    assert row.detail == {"context": "case list", "people": ids}
    assert row.at.tzinfo is not None
    assert sorted(AuditSubject.objects.filter(event=row).values_list("object_id", flat=True)) == (
        sorted(ids)
    )
    # What was stored is what the MAC was computed over: the sequencer will accept it.
    assert row.entry_mac == entry_mac(AuditEvent, row.__dict__)
    assert chain_pending(AuditEvent).chained == 1 and verify_audit_trail(AuditEvent).intact


def test_one_person_shown_is_one_row_about_them(bob, ngo):
    person = PersonFactory(organisation=ngo)
    with CaptureQueriesContext(connection) as queries:
        audit_identifying_view(actor=bob, people=[person, person], context="case page")
    assert len(queries.captured_queries) == 1
    [row] = AuditEvent.objects.all()
    assert (row.object_id, row.detail) == (str(person.public_id), {"context": "case page"})
    assert not AuditSubject.objects.exists()


def test_a_list_of_many_people_is_split_across_inserts_on_sqlite(bob, ngo):
    people = [SimpleNamespace(public_id=uuid.uuid4()) for _ in range(900)]  # what is read
    audit_identifying_view(actor=bob, people=people, context="api:person-list")  # type: ignore[arg-type]
    assert AuditSubject.objects.count() == 900
    assert verify_audit_trail(AuditEvent).intact


def test_the_rows_get_their_ids_as_bulk_create_gives_them(bob):
    rows = audit_record_many(
        actor=bob,
        entries=[
            AuditEntry(action=AuditAction.SEARCH, object_type="case", object_id=str(n))
            for n in range(3)
        ],
    )
    stored = dict(AuditEvent.objects.values_list("object_id", "pk"))
    assert [row.pk for row in rows] == [stored[str(n)] for n in range(3)]
    assert all(not row._state.adding for row in rows)


def test_a_batch_larger_than_one_insert_is_split_and_complete(bob):
    count = 1200  # over SQLite's 999 parameters many times
    audit_record_many(
        actor=bob,
        entries=(
            AuditEntry(action=AuditAction.SEARCH, object_type="case", object_id=str(n))
            for n in range(count)
        ),
    )
    assert AuditEvent.objects.count() == count
    assert chain_pending(AuditEvent).chained == count
    report = verify_chain(AuditEvent)
    assert report.intact and report.rows == count and report.unchained == 0


def test_rows_with_details_of_their_own_keep_them(bob, ngo):
    # Values shared by identity are converted once; equal-looking or different ones are not
    # taken for one another.
    people = [PersonFactory(organisation=ngo) for _ in range(2)]
    audit_record_many(
        actor=bob,
        entries=[
            AuditEntry(action=AuditAction.SEARCH, object_type="case", detail={"fields": [n]})
            for n in range(5)
        ]
        + [AuditEntry(action=AuditAction.UPDATE, obj=p, organisation=ngo) for p in people],
    )
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.detail for r in rows] == [{"fields": [n]} for n in range(5)] + [{}, {}]
    assert [r.organisation_id for r in rows] == [None] * 5 + [ngo.pk] * 2
    assert [r.object_id for r in rows[5:]] == [str(p.public_id) for p in people]
    assert chain_pending(AuditEvent).chained == 7 and verify_chain(AuditEvent).intact


def test_rows_differing_in_one_value_share_the_start_of_their_mac(bob, ngo):
    """The MACs of a batch that shares all but one value are computed from one encoded
    template (seri.audit.chain._entry_macs): each must be the MAC of its own row, whatever
    the value holds (quotes, backslashes, other scripts, control characters, the template's
    own marker; PostgreSQL stores no NUL, so none here)."""
    odd = ['a"b', "c\\d", "ស្រី", "seri:varying", "\x01", "", "e\nf", "1"]
    shared = {
        "actor_id": bob.pk,
        "organisation_id": ngo.pk,
        "action": AuditAction.VIEW_IDENTIFYING,
        "object_type": "person",
        "detail": {"context": "case list", "note": "ü"},
    }
    chain_insert_values(AuditEvent, [{**shared, "object_id": value} for value in odd])
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.object_id for r in rows] == odd
    assert [r.entry_mac for r in rows] == [entry_mac(AuditEvent, r.__dict__) for r in rows]
    assert len({r.entry_mac for r in rows}) == len(odd)
    assert chain_pending(AuditEvent).chained == len(odd) and verify_chain(AuditEvent).intact


def test_rows_differing_in_more_than_one_value_get_their_own_macs(bob, ngo):
    rows = [
        {
            "actor_id": bob.pk,
            "organisation_id": ngo.pk if n % 2 else None,
            "action": AuditAction.SEARCH,
            "object_type": "case",
            "object_id": str(n),
            "detail": {},
        }
        for n in range(4)
    ]
    chain_insert_values(AuditEvent, rows)
    stored = list(AuditEvent.objects.order_by("id"))
    assert [r.entry_mac for r in stored] == [entry_mac(AuditEvent, r.__dict__) for r in stored]
    assert chain_pending(AuditEvent).chained == 4 and verify_chain(AuditEvent).intact


def test_the_sequencer_writes_a_batch_in_one_statement_of_the_chain_columns(bob):
    audit_record_many(
        actor=bob,
        entries=[
            AuditEntry(action=AuditAction.SEARCH, object_type="case", object_id=str(n))
            for n in range(30)
        ],
    )
    with CaptureQueriesContext(connection) as queries:
        assert chain_pending(AuditEvent).chained == 30
    # (Django logs SQLite's executemany as "30 times: UPDATE …", once.)
    updates = [q["sql"] for q in queries.captured_queries if "update " in q["sql"].lower()]
    # The rows' three chain columns in one statement (not bulk_update's CASE per row per
    # column), then the head.
    assert len(updates) == 2
    assert "case" not in updates[0].lower() and "audit_chainhead" in updates[1]
    sequences = list(AuditEvent.objects.order_by("id").values_list("sequence", flat=True))
    assert sequences == list(range(1, 31))
    assert verify_chain(AuditEvent).intact


def test_the_sequencer_never_rewrites_a_chained_row(bob):
    """Only rows still unchained are written: a chained row's columns cannot be set again
    through the sequencer's statement, and a batch that finds one chained behind its back
    is rolled back whole."""
    for _n in range(3):
        audit_record_many(
            actor=bob, entries=[AuditEntry(action=AuditAction.SEARCH, object_type="case")]
        )
    chain_pending(AuditEvent)
    first = AuditEvent.objects.order_by("id").first()
    with pytest.raises(RuntimeError, match="0 of 1 waiting rows"):
        _write_chain_columns(AuditEvent, [(first.pk, 99, "0" * 64, "f" * 64)])
    first.refresh_from_db()
    assert first.sequence == 1 and verify_chain(AuditEvent).intact


def test_the_sequencers_encoder_gives_the_canonical_json_of_each_row():
    """The sequencer keeps the encoding of a value equal to the previous row's: each row's
    JSON must still be exactly `canonical_json` of it, whatever came before."""
    from seri.audit.chain import _BatchEncoder, canonical_json

    rows = [
        {"a": 1, "b": "x", "d": {"k": 1}, "n": None},
        {"a": True, "b": "x", "d": {"k": True}, "n": None},  # equal to the above in Python
        {"a": 1.0, "b": "x", "d": {"k": 1.0}, "n": 0},
        {"a": 1, "b": "ស្រី", "d": {"k": [1, "é"]}, "n": False},
        {"a": 1, "b": 'q"\\', "d": {}, "n": ""},
        {"a": 1, "b": 'q"\\', "d": {}, "n": "", "extra": 2},
    ]
    encoder = _BatchEncoder()
    for row in rows + rows[::-1]:
        assert encoder.encode(row) == canonical_json(row)


@pytest.fixture
def shown(bob, ngo):
    """A list of three people shown, chained: one row and three subjects."""
    people = [PersonFactory(organisation=ngo) for _ in range(3)]
    audit_identifying_view(actor=bob, people=people, context="case list")
    chain_pending(AuditEvent)
    return AuditEvent.objects.get(), [str(p.public_id) for p in people]


def _sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_subject_deleted_behind_serris_back_is_reported(shown):
    event, ids = shown
    assert verify_audit_trail(AuditEvent).intact
    _sql("DELETE FROM audit_auditsubject WHERE object_id = %s", [ids[1]])
    report = verify_audit_trail(AuditEvent)
    assert report.bad_row_id == event.pk
    assert "the people it lists and its subjects differ" in report.problem


def test_a_subject_changed_or_added_is_reported(shown, bob):
    event, ids = shown
    _sql("UPDATE audit_auditsubject SET object_id = 'someone-else' WHERE object_id = %s", [ids[0]])
    assert verify_audit_trail(AuditEvent).bad_row_id == event.pk
    _sql("UPDATE audit_auditsubject SET object_id = %s WHERE object_id = 'someone-else'", [ids[0]])
    assert verify_audit_trail(AuditEvent).intact
    # a subject slipped under a row about one person (the history would show a false view)
    single = audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user")
    chain_pending(AuditEvent)
    _sql("INSERT INTO audit_auditsubject (event_id, object_id) VALUES (%s, 'x')", [single.pk])
    report = verify_audit_trail(AuditEvent)
    assert report.bad_row_id == single.pk and "lists no people" in report.problem
    _sql("DELETE FROM audit_auditsubject WHERE object_id = 'x'", [])
    assert verify_audit_trail(AuditEvent).intact
    # ... or under no row at all (there is no foreign-key constraint to refuse it)
    _sql("INSERT INTO audit_auditsubject (event_id, object_id) VALUES (%s, 'x')", [single.pk + 9])
    assert verify_audit_trail(AuditEvent).bad_row_id == single.pk + 9


def test_the_people_a_row_lists_are_covered_by_the_chain(shown):
    event, _ids = shown
    _sql(
        "UPDATE audit_auditevent SET detail = %s WHERE id = %s",
        ['{"context": "case list", "people": []}', event.pk],
    )
    assert f"row id {event.pk} (sequence 1) was edited" in verify_audit_trail(AuditEvent).problem


def test_subjects_are_never_changed_through_seri(shown):
    with pytest.raises(PermissionError):
        AuditSubject.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditSubject.objects.update(object_id="x")
    with pytest.raises(PermissionError):
        AuditSubject.objects.first().delete()
