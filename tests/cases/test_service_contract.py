"""Case services refuse users without the role, and audit inside their own transaction."""

import pytest
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.cases import services
from seri.cases.models import TimelineEntry


def test_a_viewer_cannot_change_a_case(vera, bobs_case):
    with pytest.raises(PermissionError):
        services.case_add_note(actor=vera, case=bobs_case, text="synthetic note")
    with pytest.raises(PermissionError):
        services.case_change_status(
            actor=vera, case=bobs_case, to_status="verifying", reason="synthetic"
        )


def test_another_organisation_cannot_record_people(charlie, ngo):
    with pytest.raises(PermissionError):
        services.person_create(
            actor=charlie,
            organisation=ngo,
            data=services.PersonInput(names=[services.NameInput(value="Testperson Beta")]),
        )


def test_the_audit_row_is_written_and_undone_with_the_write(bob, bobs_case):
    notes = TimelineEntry.objects.filter(case=bobs_case).count()
    events = AuditEvent.objects.count()
    with transaction.atomic():
        services.case_add_note(actor=bob, case=bobs_case, text="synthetic note")
        assert AuditEvent.objects.count() > events
        transaction.set_rollback(True)
    assert TimelineEntry.objects.filter(case=bobs_case).count() == notes
    assert AuditEvent.objects.count() == events

    entry = services.case_add_note(actor=bob, case=bobs_case, text="synthetic note")
    assert TimelineEntry.objects.filter(case=bobs_case).count() == notes + 1
    assert AuditEvent.objects.filter(object_id=str(entry.public_id), actor=bob).exists()
