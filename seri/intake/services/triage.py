"""What a person does with a report in the triage queue: open a case from it, attach it to a
case, or mark it not relevant. Suggestions read from the text are used only when the person
ticks them (docs/decisions/0020). The queue itself is read in seri/intake/selectors.py."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, CaseCaller, Urgency
from seri.cases.scoping import case_access, cases_visible_to
from seri.cases.services import (
    CaseInput,
    PersonInput,
    acting_user,
    case_create,
    case_validate,
    person_create,
    person_validate,
)
from seri.compounds.models import Compound
from seri.core.types import Actor
from seri.intake.models import Channel, Report, ReporterRelation, TriageState
from seri.intake.permissions import may_triage
from seri.intake.reading import URGENCY_WORDS
from seri.intake.services.reports import report_case_attach


@dataclass
class CallerInput:
    """Who called or wrote, and how to reach them back: not the person's details."""

    name: str = ""
    relation: str = ""
    phone: str = ""
    safe_to_call: bool | None = None
    best_time: str = ""

    def __bool__(self) -> bool:
        return bool(self.name.strip() or self.phone.strip() or self.best_time.strip())


# The lines the public report form adds under the account (seri/intake/services/public.py _text)
PUBLIC_FORM_LINES = {"Name": "name", "Where": "where", "Contact of the reporter": "contact"}


def report_prefill(report: Report) -> dict[str, str]:
    """What a report from the public form says in its labelled lines: the person's name,
    where they are, the reporter's contact. Other reports have no such lines."""
    found: dict[str, str] = {}
    if report.channel != Channel.WEB_FORM:
        return found
    for line in report.original_text.splitlines():
        label, sep, value = line.partition(": ")
        if sep and label in PUBLIC_FORM_LINES and value.strip():
            found.setdefault(PUBLIC_FORM_LINES[label], value.strip())
    return found


def urgency_suggested(text: str) -> str:
    """Immediate danger when the text speaks of violence, medical of injury or illness."""
    lowered = text.lower()
    for weight, urgency in ((3, Urgency.IMMEDIATE_DANGER), (2, Urgency.MEDICAL)):
        if any(word in lowered for word in URGENCY_WORDS[weight]):
            return urgency
    return Urgency.NORMAL


def _caller_errors(caller: CallerInput | None) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if caller is None:
        return errors
    if caller.relation and caller.relation not in ReporterRelation.values:
        errors["caller_relation"] = [_("Unknown reporter: %s") % caller.relation]
    for name, limit in (("name", 300), ("phone", 60), ("best_time", 200)):
        if len(getattr(caller, name).strip()) > limit:
            errors[f"caller_{name}"] = [
                _("Keep each entry under %(limit)d characters.") % {"limit": limit}
            ]
    return errors


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
    caller: CallerInput | None = None,
) -> Case:
    """Open a case (and its person) from a report, with what the person confirmed; the
    caller's details, if any, go on the case apart from the person's."""
    _check(actor, report)
    errors = person_validate(person)[0]
    errors.update(case_validate(case, report.organisation))
    errors.update(_caller_errors(caller))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        new_person = person_create(actor=actor, organisation=report.organisation, data=person)
        new_case = case_create(
            actor=actor, organisation=report.organisation, person=new_person, data=case
        )
        report_case_attach(actor=actor, report=report, case=new_case, compound=compound)
        if caller:
            record = CaseCaller.objects.create(
                case=new_case,
                name=caller.name.strip(),
                relation=caller.relation,
                phone=caller.phone.strip(),
                safe_to_call=caller.safe_to_call,
                best_time=caller.best_time.strip(),
                recorded_by=acting_user(actor),
            )
            audit_record(
                actor=actor,
                action=AuditAction.CREATE,
                obj=record,
                object_type="caller",
                object_id=str(record.pk),
                organisation=report.organisation,
                detail={"case": str(new_case.public_id)},
            )
    return new_case
