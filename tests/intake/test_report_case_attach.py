"""`report_case_attach`: the one way a report goes on a case (form, triage, API), with its
timeline line and its audit row in the same transaction."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from seri.audit.models import AuditAction, AuditEvent
from seri.cases.models import TimelineEntry
from seri.intake.models import Channel, Report
from seri.intake.services import report_case_attach
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _report(organisation):
    return Report.objects.create(
        organisation=organisation,
        channel=Channel.HOTLINE,
        reporter_relation="family",
        original_text="Synthetic account: Testperson Alpha called the hotline",
    )


def _attached(report, case):
    report.refresh_from_db()
    timeline = TimelineEntry.objects.filter(case=case, kind=TimelineEntry.Kind.REPORT)
    audit = AuditEvent.objects.filter(
        action=AuditAction.UPDATE, object_id=str(report.public_id), detail__case=str(case.public_id)
    )
    return report.case_id == case.pk, timeline.exists(), audit.exists()


def test_link_timeline_and_audit_together(bob, ngo, bobs_case):
    report = _report(ngo)
    with transaction.atomic():
        report_case_attach(actor=bob, report=report, case=bobs_case)
        assert _attached(report, bobs_case) == (True, True, True)
        transaction.set_rollback(True)
    assert _attached(report, bobs_case) == (False, False, False)
    report_case_attach(actor=bob, report=report, case=bobs_case)
    assert _attached(report, bobs_case) == (True, True, True)


def test_a_viewer_may_not(vera, ngo, bobs_case):
    report = _report(ngo)
    with pytest.raises(PermissionError):
        report_case_attach(actor=vera, report=report, case=bobs_case)
    assert _attached(report, bobs_case) == (False, False, False)


def test_not_across_organisations(bob, ngo, other_ngo, charlie):
    report = _report(other_ngo)
    case = CaseFactory(organisation=ngo)
    with pytest.raises(ValidationError) as exc:
        report_case_attach(actor=bob, report=report, case=case)
    assert "case" in exc.value.message_dict
    # and charlie, of the report's organisation, may not edit bob's organisation's case
    with pytest.raises(PermissionError):
        report_case_attach(actor=charlie, report=report, case=case)
