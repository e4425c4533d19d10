"""Audit rows are inserted unchained, without a lock, in the transaction of what they record,
and chained in order by one sequencer (decision 0030). What must still hold: every row ends in
the chain in order, a row changed or slipped in while it waits is caught, and `seri verify`
covers the rows not chained yet."""

import datetime as dt
import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from seri.audit.chain import chain_pending, entry_mac, verify_chain
from seri.audit.models import AuditAction, AuditEvent, ChainHead
from seri.audit.services import audit_identifying_view, audit_record
from tests.audit.test_chain import run_sql
from tests.factories import PersonFactory


def verify(*args) -> str:
    out = StringIO()
    call_command("verify", "--chain", "audit.auditevent", "--no-anchor", *args, stdout=out)
    return out.getvalue()


def verify_fails(*args) -> str:
    with pytest.raises(CommandError) as failure:
        verify(*args)
    return str(failure.value)


def sequencer_once() -> None:
    call_command("audit-sequencer", "--once", stdout=StringIO(), stderr=StringIO())


def record(actor, n: int) -> AuditEvent:
    return audit_record(
        actor=actor, action=AuditAction.SEARCH, object_type="case", object_id=str(n)
    )


def test_an_audited_read_neither_locks_nor_touches_the_chain_head(bob, ngo):
    people = [PersonFactory(organisation=ngo) for _ in range(3)]
    with CaptureQueriesContext(connection) as queries:
        audit_identifying_view(actor=bob, people=people, context="case list")
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert len(queries.captured_queries) == 2  # the row and its subjects
    assert all(q["sql"].lower().startswith("insert into") for q in queries.captured_queries)
    assert "audit_chainhead" not in sql and "for update" not in sql
    rows = list(AuditEvent.objects.order_by("id"))
    assert [(r.sequence, r.prev_hash, r.row_hash) for r in rows] == [(None, "", "")]
    assert all(len(r.entry_mac) == 64 for r in rows)


def test_the_sequencer_chains_waiting_rows_in_order(bob):
    for n in range(3):
        with transaction.atomic():
            record(bob, n)
            record(bob, n + 100)
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    assert verify_chain(AuditEvent).unchained == 6
    sequencer_once()
    chained = list(AuditEvent.objects.order_by("sequence").values_list("id", "sequence"))
    assert chained == [(pk, n) for n, pk in enumerate(ids, start=1)]
    report = verify_chain(AuditEvent)
    assert report.intact and report.rows == 6 and report.unchained == 0
    assert ChainHead.objects.get(name="audit.auditevent").sequence == 6
    # New rows go on after them, in batches of any size.
    for n in range(7):
        record(bob, n)
    assert chain_pending(AuditEvent, batch_size=3).chained == 7
    assert verify_chain(AuditEvent).rows == 13


def test_verify_covers_the_rows_not_chained_yet(bob):
    record(bob, 1)
    sequencer_once()
    record(bob, 2)
    record(bob, 3)
    output = verify("--no-chain")
    assert "audit trail: 1 row, chain intact" in output
    assert "audit trail: 2 newer rows not chained yet, their content unchanged" in output
    # Without --no-chain it chains them first.
    assert verify() == "audit trail: 3 rows, chain intact\n"


def test_a_waiting_row_edited_before_chaining_is_refused_and_reported(bob):
    """The guarantee: a row changed between its INSERT and its chaining is never chained with
    the changed content. The sequencer stops at it (it and the rows after it stay unchained),
    and `seri verify` names it: the entry MAC, keyed with SERI_INDEX_KEY, which the database
    does not hold, no longer matches."""
    first = record(bob, 1)
    edited = record(bob, 2)
    after = record(bob, 3)
    run_sql("UPDATE audit_auditevent SET object_id = 'someone-else' WHERE id = %s", [edited.pk])
    with pytest.raises(CommandError) as refused:
        call_command("audit-sequencer", "--once", stdout=StringIO(), stderr=StringIO())
    expected = f"row id {edited.pk} (not chained yet) was edited"
    assert expected in str(refused.value)
    # The row before it was chained; it and the one after it wait.
    assert AuditEvent.objects.get(pk=first.pk).sequence == 1
    assert AuditEvent.objects.get(pk=edited.pk).sequence is None
    assert AuditEvent.objects.get(pk=after.pk).sequence is None
    assert expected in verify_fails()
    assert verify_chain(AuditEvent).bad_row_id == edited.pk


def test_a_row_inserted_unchained_with_sql_is_refused(bob):
    record(bob, 1)
    run_sql(
        "INSERT INTO audit_auditevent (at, actor_id, organisation_id, action, object_type, "
        "object_id, detail, sequence, prev_hash, row_hash, entry_mac) "
        "VALUES (%s, NULL, NULL, 'login', 'user', 'forged', '{}', NULL, '', '', %s)",
        [dt.datetime.now(dt.UTC), "a" * 64],
    )
    forged = AuditEvent.objects.get(object_id="forged")
    assert f"row id {forged.pk} (not chained yet) was edited" in verify_fails()
    assert AuditEvent.objects.get(pk=forged.pk).sequence is None


def test_a_waiting_row_older_than_the_chain_is_reported(bob, settings):
    """A row still waiting may be older than the last chained row (on PostgreSQL a transaction
    that was open while newer rows were chained), but not by more than the grace: past it, it
    was slipped in behind the chain, whoever computed its MAC."""
    settings.SERI_AUDIT_PENDING_GRACE = 60
    chained = record(bob, 1)
    sequencer_once()
    late = record(bob, 2)
    late.at = AuditEvent.objects.get(pk=chained.pk).at - dt.timedelta(minutes=10)
    run_sql(
        "UPDATE audit_auditevent SET at = %s, entry_mac = %s WHERE id = %s",
        [late.at, entry_mac(AuditEvent, late.__dict__), late.pk],
    )
    report = verify_chain(AuditEvent)
    assert report.bad_row_id == late.pk
    assert f"row id {late.pk} (not chained yet) was inserted: it is older" in report.problem
    settings.SERI_AUDIT_PENDING_GRACE = 3600
    assert verify_chain(AuditEvent).unchained == 1
    assert chain_pending(AuditEvent).chained == 1
    assert verify_chain(AuditEvent).intact


def test_verify_detects_a_deleted_chained_row(bob):
    rows = [record(bob, n) for n in range(5)]
    sequencer_once()
    deleted = AuditEvent.objects.get(pk=rows[2].pk)
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])
    record(bob, 99)  # a row waiting does not hide it
    message = verify_fails("--no-chain")
    assert f"sequence {deleted.sequence} to {deleted.sequence} missing" in message


def test_a_rolled_back_request_leaves_no_waiting_row(bob):
    with pytest.raises(RuntimeError), transaction.atomic():
        record(bob, 1)
        raise RuntimeError
    assert not AuditEvent.objects.exists()
    sequencer_once()
    assert verify_chain(AuditEvent).rows == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one write lock for the whole database, whatever the audit trail does",
)
def test_appenders_do_not_wait_for_the_chain_head(bob, ngo):
    """While something holds the chain head's lock (the sequencer chaining a batch), audited
    reads from many threads still commit: none of them waits for the head."""
    people = [PersonFactory(organisation=ngo) for _ in range(3)]
    writers, rounds = 6, 5
    held = threading.Event()
    done = threading.Barrier(writers + 1)
    errors: list[BaseException] = []

    def hold_the_head() -> None:
        try:
            with transaction.atomic():
                ChainHead.objects.select_for_update().get_or_create(
                    name="audit.auditevent", defaults={"sequence": 0, "row_hash": "0" * 64}
                )
                held.set()
                done.wait(timeout=60)  # every writer has committed while the lock is held
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def write(n: int) -> None:
        try:
            held.wait(timeout=60)
            for i in range(rounds):
                with transaction.atomic():
                    audit_identifying_view(actor=bob, people=people, context=f"{n}:{i}")
            done.wait(timeout=60)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=hold_the_head)]
    threads += [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert not errors, errors
    expected = writers * rounds  # one row per list shown (decision 0039)
    assert AuditEvent.objects.filter(sequence__isnull=True).count() == expected
    assert chain_pending(AuditEvent).chained == expected
    ids = list(AuditEvent.objects.order_by("sequence").values_list("id", flat=True))
    assert ids == sorted(ids)
    assert verify_chain(AuditEvent).intact
