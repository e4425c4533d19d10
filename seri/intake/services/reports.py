"""Recording reports. A report, its person and its case are created in one transaction; a
report goes on a case through `report_case_attach` only (form, triage, API)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.cases.models import Case, TimelineEntry
from seri.cases.scoping import case_access
from seri.cases.services import (
    CaseInput,
    PersonInput,
    case_create,
    case_validate,
    person_create,
    person_validate,
    timeline_add,
)
from seri.compounds.models import Compound
from seri.core.types import Actor
from seri.core.vocabularies import language_codes
from seri.intake import timeline
from seri.intake.models import Channel, Report, ReporterRelation
from seri.intake.permissions import may_record_reports, signed_in
from seri.intake.services.attachments import attachment_store
from seri.orgs.models import Organisation

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
EARLIEST_RECEIVED_AT = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


@dataclass
class ReportInput:
    channel: str
    reporter_relation: str
    original_text: str
    language: str = ""
    received_at: dt.datetime | None = None
    attachments: list[UploadedFile] = field(default_factory=list)


def _validate_received_at(received_at: dt.datetime | None) -> list[str]:
    if received_at and received_at > timezone.now() + dt.timedelta(minutes=5):
        return [_("This time is in the future.")]
    if received_at and received_at < EARLIEST_RECEIVED_AT:
        # Older times are typing mistakes; before 1911 they would also be shown with Phnom
        # Penh's local mean time offset, which has seconds and is no valid RFC 3339 time.
        return [_("A report cannot have been received before 2000.")]
    return []


def _validate_report(data: ReportInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.channel not in Channel.values:
        errors["channel"] = [_("Unknown channel: %s") % data.channel]
    if data.reporter_relation not in ReporterRelation.values:
        errors["reporter_relation"] = [_("Unknown reporter: %s") % data.reporter_relation]
    if not data.original_text.strip():
        errors["original_text"] = [_("Record the account as it was received.")]
    if data.language and data.language not in language_codes():
        errors["language"] = [_("Unknown language code: %s") % data.language]
    if received := _validate_received_at(data.received_at):
        errors["received_at"] = received
    too_large = _("A file is larger than %(mb)d MB.") % {"mb": MAX_ATTACHMENT_BYTES // 2**20}
    for upload in data.attachments:
        if (upload.size or 0) > MAX_ATTACHMENT_BYTES:
            errors.setdefault("attachments", []).append(too_large)
    return errors


def report_case_attach(
    *, actor: Actor, report: Report, case: Case, compound: Compound | None = None
) -> Report:
    """Put a report on a case: the report's link, a line on the case's timeline and the audit
    row, together. The report and the case must be of one organisation, and the user must
    be allowed to edit the case."""
    if not case_access(actor, case).can_edit:
        raise PermissionError("this user cannot add reports to this case")
    if case.organisation_id != report.organisation_id:
        raise ValidationError({"case": [_("This case belongs to another organisation.")]})
    fields = ["case", "updated_at"]
    with transaction.atomic():
        report.case = case
        if compound is not None:
            report.compound = compound
            fields.append("compound")
        report.save(update_fields=fields)
        timeline_add(
            case=case,
            actor=actor,
            kind=TimelineEntry.Kind.REPORT,
            text="",
            event=timeline.REPORT_RECEIVED,
            params={"channel": str(report.channel)},
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=report,
            organisation=report.organisation,
            detail={"case": str(case.public_id)},
        )
    return report


def report_create(
    *, actor: Actor, organisation: Organisation, data: ReportInput, case: Case | None = None
) -> Report:
    """Store an account as received, optionally attached to an existing case."""
    if not may_record_reports(actor, organisation):
        raise PermissionError("this user cannot record reports for this organisation")
    errors = _validate_report(data)
    if case is not None and not case_access(actor, case).can_edit:
        errors.setdefault("case", []).append(_("You cannot add reports to this case."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = Report.objects.create(
            organisation=organisation,
            channel=data.channel,
            reporter_relation=data.reporter_relation,
            language=data.language,
            original_text=data.original_text,  # verbatim: never stripped or normalised
            received_at=data.received_at or timezone.now(),
            recorded_by=signed_in(actor),
        )
        for upload in data.attachments:
            attachment_store(report=report, source=upload)
        audit_record(actor=actor, action=AuditAction.CREATE, obj=report, organisation=organisation)
        if case is not None:
            report_case_attach(actor=actor, report=report, case=case)
    return report


def intake_record(
    *,
    actor: Actor,
    organisation: Organisation,
    report: ReportInput,
    person: PersonInput,
    case: CaseInput,
) -> Case:
    """The intake form: report + person + case, all or nothing. Every field is checked before
    anything is written, so that all errors come back at once."""
    if not may_record_reports(actor, organisation):
        raise PermissionError("this user cannot record reports for this organisation")
    errors = _validate_report(report)
    errors.update(person_validate(person)[0])
    errors.update(case_validate(case, organisation))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        new_person = person_create(actor=actor, organisation=organisation, data=person)
        new_case = case_create(actor=actor, organisation=organisation, person=new_person, data=case)
        report_create(actor=actor, organisation=organisation, data=report, case=new_case)
    return new_case
