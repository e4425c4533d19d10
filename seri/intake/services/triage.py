"""What a person does with a report in the triage queue: open a case from it, attach it to a
case, or mark it not relevant. Suggestions read from the text are used only when the person
ticks them (docs/decisions/0020). The queue itself is read in seri/intake/selectors.py."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case
from seri.cases.scoping import case_access, cases_visible_to
from seri.cases.services import (
    CaseInput,
    PersonInput,
    case_create,
    case_validate,
    person_create,
    person_validate,
)
from seri.compounds.models import Compound
from seri.core.types import Actor
from seri.intake.models import Report, TriageState
from seri.intake.permissions import may_triage
from seri.intake.services.reports import report_case_attach


def _check(actor: Actor, report: Report) -> None:
    if not may_triage(actor, report.organisation_id):
        raise PermissionError("not a report of this user's organisation")
    if report.case_id is not None:
        raise ValidationError(_("This report is already attached to a case."))
    if report.triage_state != TriageState.NEW:
        raise ValidationError(_("This report was already marked as not relevant."))


def triage_dismiss(*, actor: Actor, report: Report) -> Report:
    _check(actor, report)
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


def triage_attach(*, actor: Actor, report: Report, case_reference: str) -> Case:
    _check(actor, report)
    case = cases_visible_to(actor).filter(reference=case_reference.strip().upper()).first()
    if case is None or not case_access(actor, case).can_edit:
        raise ValidationError({"case": [_("No case with this reference that you may edit.")]})
    report_case_attach(actor=actor, report=report, case=case)
    return case


def triage_open_case(
    *,
    actor: Actor,
    report: Report,
    person: PersonInput,
    case: CaseInput,
    compound: Compound | None = None,
) -> Case:
    """Open a case (and its person) from a report, with what the person confirmed."""
    _check(actor, report)
    errors = person_validate(person)[0]
    errors.update(case_validate(case, report.organisation))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        new_person = person_create(actor=actor, organisation=report.organisation, data=person)
        new_case = case_create(
            actor=actor, organisation=report.organisation, person=new_person, data=case
        )
        report_case_attach(actor=actor, report=report, case=new_case, compound=compound)
    return new_case
