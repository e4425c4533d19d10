"""The audit trail is a hash chain: normal activity keeps it intact, and `seri verify` names the
first row that was edited, deleted or inserted behind Seri's back."""

import threading
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from seri.audit.chain import (
    GENESIS_HASH,
    chain_pending,
    chained_models,
    row_hash,
    verify_chain,
)
from seri.audit.models import AuditAction, AuditEvent, AuditSubject, ChainHead
from seri.audit.services import audit_identifying_view, audit_record
from seri.audit.subjects import verify_audit_trail
from seri.cases.services import case_add_note, case_change_status
from tests.factories import PersonFactory


def verify() -> str:
    out = StringIO()
    # The audit trail alone: the evidence custody log and files are tested in tests/evidence.
    call_command("verify", "--chain", "audit.auditevent", stdout=out)
    return out.getvalue()


def verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("verify", stdout=StringIO())
    return str(failure.value)


def run_sql(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def activity(alice, bob, bobs_case):
    """Some ordinary work: notes, a status change, identifying views, a login."""
    case_add_note(actor=bob, case=bobs_case, text="Called the family.")
    case_change_status(actor=bob, case=bobs_case, to_status="verifying", reason="Seen in a photo.")
    others = [PersonFactory(organisation=bobs_case.organisation) for _ in range(3)]
    audit_identifying_view(
        actor=alice, people=[bobs_case.person, *others], context="case list", organisation=None
    )  # one row for the four people (decision 0039)
    for person in others:
        audit_identifying_view(actor=alice, people=[person], context="case page")
    audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user", object_id=str(bob.pk))
    case_add_note(actor=alice, case=bobs_case, text="Shelter informed.")
    chain_pending(AuditEvent)  # what the sequencer does within seconds (decision 0030)
    return list(AuditEvent.objects.order_by("sequence"))


def test_normal_activity_keeps_the_chain_intact(activity):
    assert len(activity) == 8
    assert verify() == f"audit trail: {len(activity)} rows, chain intact\n"


def test_rows_are_numbered_without_gaps_and_linked(activity):
    assert [e.sequence for e in activity] == list(range(1, len(activity) + 1))
    assert activity[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(activity):
        assert after.prev_hash == before.row_hash
    head = ChainHead.objects.get(name="audit.auditevent")
    assert (head.sequence, head.row_hash) == (activity[-1].sequence, activity[-1].row_hash)


def test_the_hash_covers_the_content(activity):
    event = activity[3]
    values = {**event.__dict__}
    assert row_hash(AuditEvent, values, event.sequence, event.prev_hash) == event.row_hash
    for name, other in [("object_id", "someone-else"), ("actor_id", None), ("detail", {})]:
        changed = {**values, name: other}
        assert row_hash(AuditEvent, changed, event.sequence, event.prev_hash) != event.row_hash


def test_it_detects_a_row_edited_with_sql(activity):
    target = activity[4]
    run_sql("UPDATE audit_auditevent SET object_id = %s WHERE id = %s", ["forged", target.pk])
    message = verify_fails()
    assert f"row id {target.pk} (sequence {target.sequence}) was edited" in message


def test_it_detects_an_edit_that_recomputes_the_hash(activity):
    # Rehashing the edited row hides the edit in that row, not in the link to the next one.
    target, following = activity[2], activity[3]
    forged = {**target.__dict__, "object_type": "forged"}
    new_hash = row_hash(AuditEvent, forged, target.sequence, target.prev_hash)
    run_sql(
        "UPDATE audit_auditevent SET object_type = %s, row_hash = %s WHERE id = %s",
        ["forged", new_hash, target.pk],
    )
    message = verify_fails()
    assert f"row id {following.pk} (sequence {following.sequence}) was inserted, or row id " in (
        message
    )
    assert f"row id {target.pk} before it was replaced" in message


def test_it_detects_a_row_deleted_with_sql(activity):
    deleted, following = activity[3], activity[4]
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])
    message = verify_fails()
    assert "rows deleted" in message
    assert f"sequence {deleted.sequence} to {deleted.sequence} missing" in message
    assert f"before row id {following.pk}" in message


def test_it_detects_the_last_rows_deleted(activity):
    run_sql("DELETE FROM audit_auditevent WHERE id IN (%s, %s)", [activity[-1].pk, activity[-2].pk])
    message = verify_fails()
    assert "rows deleted at the end" in message
    assert f"last row, id {activity[-3].pk}, has sequence {activity[-3].sequence}" in message


def test_it_detects_the_first_row_deleted(activity):
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", [activity[0].pk])
    message = verify_fails()
    assert f"rows deleted at the start: the first row, id {activity[1].pk}" in message


def _insert(sequence: int, prev_hash: str, row_hash_value: str, at) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO audit_auditevent (at, actor_id, organisation_id, action, object_type, "
            "object_id, detail, sequence, prev_hash, row_hash) "
            "VALUES (%s, NULL, NULL, 'view_identifying', 'person', 'forged', '{}', %s, %s, %s)",
            [at, sequence, prev_hash, row_hash_value],
        )
    return AuditEvent.objects.get(sequence=sequence).pk


def test_it_detects_a_row_inserted_with_sql(activity):
    last = activity[-1]
    inserted = _insert(last.sequence + 1, "f" * 64, "e" * 64, last.at)
    message = verify_fails()
    assert f"row id {inserted} (sequence {last.sequence + 1}) was inserted" in message


def test_it_detects_a_well_forged_row_inserted_with_sql(activity):
    # Right number, right link, right hash: only the chain head gives it away.
    last = activity[-1]
    sequence = last.sequence + 1
    values = {
        "at": last.at,
        "actor_id": None,
        "organisation_id": None,
        "action": "view_identifying",
        "object_type": "person",
        "object_id": "forged",
        "detail": {},
    }
    forged_hash = row_hash(AuditEvent, values, sequence, last.row_hash)
    inserted = _insert(sequence, last.row_hash, forged_hash, last.at)
    message = verify_fails()
    assert f"row id {inserted} (sequence {sequence}) was inserted" in message
    assert "beyond the chain head" in message


def test_it_names_only_the_first_bad_row(activity):
    run_sql("UPDATE audit_auditevent SET object_id = 'x' WHERE id = %s", [activity[5].pk])
    run_sql("UPDATE audit_auditevent SET object_id = 'x' WHERE id = %s", [activity[2].pk])
    message = verify_fails()
    assert f"row id {activity[2].pk} " in message
    assert f"row id {activity[5].pk} " not in message


def test_it_walks_in_batches(activity):
    report = verify_chain(AuditEvent, batch_size=2)
    assert report.intact
    assert report.rows == len(activity)
    run_sql("UPDATE audit_auditevent SET action = 'logout' WHERE id = %s", [activity[-2].pk])
    report = verify_chain(AuditEvent, batch_size=2)
    assert report.bad_row_id == activity[-2].pk


def test_an_anchor_catches_a_chain_rewritten_as_a_whole(activity):
    out = StringIO()
    call_command("verify", "--show-head", stdout=out)
    anchor = out.getvalue().splitlines()[1].split()[-1]
    assert anchor == f"{activity[-1].sequence}:{activity[-1].row_hash}"
    call_command("verify", "--chain", "audit.auditevent", "--anchor", anchor, stdout=StringIO())

    # Someone with the database rewrites one row and rehashes every row after it, head too.
    run_sql("UPDATE audit_auditevent SET object_id = 'forged' WHERE id = %s", [activity[1].pk])
    prev_hash = activity[0].row_hash
    for event in AuditEvent.objects.order_by("sequence")[1:]:
        new_hash = row_hash(AuditEvent, event.__dict__, event.sequence, prev_hash)
        run_sql(
            "UPDATE audit_auditevent SET prev_hash = %s, row_hash = %s WHERE id = %s",
            [prev_hash, new_hash, event.pk],
        )
        prev_hash = new_hash
    run_sql("UPDATE audit_chainhead SET row_hash = %s", [prev_hash])

    assert "chain intact" in verify()
    with pytest.raises(CommandError, match="does not match the anchor"):
        call_command("verify", "--chain", "audit.auditevent", "--anchor", anchor)


def test_audit_rows_are_append_only(activity):
    event = AuditEvent.objects.first()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(object_id="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.create(action=AuditAction.LOGIN, object_type="user")
    with pytest.raises(PermissionError):
        AuditEvent.objects.bulk_create([AuditEvent(action=AuditAction.LOGIN, object_type="user")])


def test_a_rolled_back_action_leaves_no_hole(activity, bob):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user")
        raise RuntimeError
    audit_record(actor=bob, action=AuditAction.LOGOUT, object_type="user")
    chain_pending(AuditEvent)
    assert AuditEvent.objects.order_by("sequence").last().sequence == len(activity) + 1
    assert "chain intact" in verify()


def test_a_batch_of_identifying_views_takes_one_query(bob, ngo, django_assert_num_queries):
    people = [PersonFactory(organisation=ngo) for _ in range(30)]
    # one row and its 30 subjects, no lock on the chain head: the sequencer chains it later
    with django_assert_num_queries(2):
        audit_identifying_view(actor=bob, people=people, context="case list")
    assert AuditEvent.objects.count() == 1
    assert AuditSubject.objects.count() == 30
    assert "audit trail: 1 row, chain intact" in verify()


@pytest.mark.django_db(transaction=True)
def test_audit_record_works_outside_a_transaction(bob):
    assert connection.get_autocommit()
    audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user")
    audit_record(actor=bob, action=AuditAction.LOGOUT, object_type="user")
    assert verify() == "audit trail: 2 rows, chain intact\n"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers with one database lock, and the in-memory test database "
    "cannot be shared by threads; the row lock on the chain head is PostgreSQL's",
)
def test_concurrent_appends_keep_the_chain_valid(bob, ngo):
    people = [PersonFactory(organisation=ngo) for _ in range(5)]
    writers, rounds = 4, 10
    start = threading.Barrier(writers + 1)
    errors: list[BaseException] = []
    reports = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(rounds):
                if i % 3 == 0:
                    # Several rows in the caller's own transaction, as services do.
                    with transaction.atomic():
                        audit_record(actor=bob, action=AuditAction.SEARCH, object_type="case")
                        audit_identifying_view(actor=bob, people=people, context=f"writer {n}")
                else:
                    audit_record(
                        actor=bob, action=AuditAction.LOGIN, object_type="user", object_id=str(n)
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def check() -> None:
        # Verifying while others write must not raise false alarms (the subjects of a list
        # view committed between reading the rows and reading the subjects included).
        try:
            start.wait()
            for _ in range(5):
                reports.append(verify_audit_trail(AuditEvent, batch_size=7))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    threads.append(threading.Thread(target=check))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert all(report.intact for report in reports), [r.problem for r in reports]

    per_writer = sum(2 if i % 3 == 0 else 1 for i in range(rounds))  # a list view is one row
    expected = writers * per_writer
    chain_pending(AuditEvent)
    assert list(AuditEvent.objects.order_by("sequence").values_list("sequence", flat=True)) == (
        list(range(1, expected + 1))
    )
    assert verify() == f"audit trail: {expected} rows, chain intact\n"


def test_every_chain_is_verified_by_its_own_verifier(activity, monkeypatch):
    assert chained_models()[0] is AuditEvent  # then the evidence custody log

    def stricter(model, **options):
        report = verify_chain(model, **options)
        report.problem = "the custody log says no"
        return report

    monkeypatch.setattr(AuditEvent, "chain_verifier", stricter)
    assert verify_fails() == "audit trail: the custody log says no"
