"""The triage queue: new reports not yet attached to a case, most urgent first, and what a
person does with each: open a case from it, attach it to a case, or mark it not relevant.

Only people who record reports for the report's organisation see its queue. Suggestions read
from the text are used only when the person ticks them (docs/decisions/0020).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, TimelineEntry
from seri.cases.scoping import case_access, cases_visible_to
from seri.cases.services import (
    CaseInput,
    PersonInput,
    case_create,
    case_validate,
    person_create,
    person_validate,
    timeline_add,
)
from seri.intake.models import Channel, Report, TriageState
from seri.intake.reading import urgency_of
from seri.orgs.permissions import org_ids_writing_cases

QUEUE_LIMIT = 300


@dataclass
class QueueEntry:
    report: Report
    score: int
    words: list[str]


def triage_reports(user):
    return Report.objects.filter(organisation_id__in=org_ids_writing_cases(user))


def triage_queue(user) -> list[QueueEntry]:
    """The newest untriaged reports of the user's organisations, the most urgent first."""
    reports = (
        triage_reports(user)
        .filter(case__isnull=True, triage_state=TriageState.NEW)
        .select_related("organisation", "follows")
        .prefetch_related("attachments")
        .order_by("-received_at", "-id")[:QUEUE_LIMIT]
    )
    entries = []
    for report in reports:
        score, words = urgency_of(report.original_text)
        entries.append(QueueEntry(report, score, words))
    entries.sort(key=lambda e: (-e.score, -e.report.received_at.timestamp()))
    return entries


def triage_report_get(user, public_id) -> Report:
    try:
        return (
            triage_reports(user)
            .select_related("case", "compound", "follows", "follows__case")
            .get(public_id=public_id)
        )
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def _still_new(report: Report) -> None:
    if report.case_id is not None:
        raise ValidationError(_("This report is already attached to a case."))
    if report.triage_state != TriageState.NEW:
        raise ValidationError(_("This report was already marked as not relevant."))


def triage_dismiss(*, actor, report: Report) -> Report:
    if report.organisation_id not in org_ids_writing_cases(actor):
        raise PermissionError("not a report of this user's organisation")
    _still_new(report)
    with transaction.atomic():
        report.triage_state = TriageState.NOT_RELEVANT
        report.save(update_fields=["triage_state", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            organisation=report.organisation,
            detail={"triage": TriageState.NOT_RELEVANT},
        )
    return report


def triage_attach(*, actor, report: Report, case_reference: str) -> Case:
    if report.organisation_id not in org_ids_writing_cases(actor):
        raise PermissionError("not a report of this user's organisation")
    _still_new(report)
    case = cases_visible_to(actor).filter(reference=case_reference.strip().upper()).first()
    if case is None or not case_access(actor, case).can_edit:
        raise ValidationError({"case": [_("No case with this reference that you may edit.")]})
    if case.organisation_id != report.organisation_id:
        raise ValidationError({"case": [_("This case belongs to another organisation.")]})
    with transaction.atomic():
        report.case = case
        report.save(update_fields=["case", "updated_at"])
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.REPORT,
            text=_("Report received via %s") % Channel(report.channel).label,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            organisation=report.organisation,
            detail={"case": str(case.public_id)},
        )
    return case


def triage_open_case(
    *, actor, report: Report, person: PersonInput, case: CaseInput, compound=None
) -> Case:
    """Open a case (and its person) from a report, with what the person confirmed."""
    if report.organisation_id not in org_ids_writing_cases(actor):
        raise PermissionError("not a report of this user's organisation")
    _still_new(report)
    errors = person_validate(person)[0]
    errors.update(case_validate(case, report.organisation))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        new_person = person_create(actor=actor, organisation=report.organisation, data=person)
        new_case = case_create(
            actor=actor, organisation=report.organisation, person=new_person, data=case
        )
        report.case = new_case
        fields = ["case", "updated_at"]
        if compound is not None:
            report.compound = compound
            fields.append("compound")
        report.save(update_fields=fields)
        timeline_add(
            case=new_case,
            actor=actor,
            kind=TimelineEntry.Kind.REPORT,
            text=_("Report received via %s") % Channel(report.channel).label,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            organisation=report.organisation,
            detail={"case": str(new_case.public_id)},
        )
    return new_case
