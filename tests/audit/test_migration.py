"""The migration that starts the chain chains the rows that existed before it, in id order."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from seri.audit.chain import chain_pending, verify_chain
from seri.audit.models import AuditAction, AuditEvent
from seri.audit.services import audit_record

BEFORE = [("audit", "0002_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_chains_existing_rows(bob):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldEvent = old_apps.get_model("audit", "AuditEvent")
    for n in range(5):
        OldEvent.objects.create(
            actor_id=bob.pk, action="view_identifying", object_type="person", object_id=str(n)
        )
    OldEvent.objects.create(action="login_failed", object_type="user", detail={"x": ["é", 1]})

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e.pk for e in events] == sorted(e.pk for e in events)
    report = verify_chain(AuditEvent)
    assert report.intact, report.problem
    assert report.rows == 6

    # New rows go on from where the migration left the chain.
    audit_record(actor=bob, action=AuditAction.LOGIN, object_type="user")
    assert verify_chain(AuditEvent).unchained == 1
    chain_pending(AuditEvent)
    assert AuditEvent.objects.order_by("sequence").last().sequence == 7
    assert verify_chain(AuditEvent).intact
