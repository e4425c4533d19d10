"""Audit rows are inserted with one multi-row INSERT per batch, each value shared by many rows
converted once (seri.audit.chain._insert): the rows must be exactly what the ORM would have
stored, get their ids, and chain and verify like any other."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from seri.audit.chain import chain_pending, entry_mac, verify_chain
from seri.audit.models import AuditAction, AuditEvent
from seri.audit.services import AuditEntry, audit_identifying_view, audit_record_many
from tests.factories import PersonFactory


def test_a_batch_of_identifying_views_is_one_insert_of_complete_rows(bob, ngo):
    people = [PersonFactory(organisation=ngo) for _ in range(4)]
    with CaptureQueriesContext(connection) as queries:
        audit_identifying_view(actor=bob, people=people, context="case list", organisation=ngo)
    assert len(queries.captured_queries) == 1
    rows = list(AuditEvent.objects.order_by("id"))
    assert [r.object_id for r in rows] == [str(p.public_id) for p in people]
    for row in rows:
        assert (row.actor_id, row.organisation_id, row.action, row.object_type) == (
            bob.pk,
            ngo.pk,
            AuditAction.VIEW_IDENTIFYING,
            "person",
        )
        assert row.detail == {"context": "case list"}
        assert row.at.tzinfo is not None and abs(row.at - rows[0].at) < dt.timedelta(seconds=1)
        # What was stored is what the MAC was computed over: the sequencer will accept it.
        assert row.entry_mac == entry_mac(AuditEvent, row.__dict__)


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
