"""The public report form's writes: a report from someone without an account, its receipt,
and additions to it (docs/decisions/0025-public-report-form.md). The form's mechanics (codes,
rate limits, the time trap) are in seri/intake/public.py.

The actor is always the system (`None`): the reporter has no account, and the permission that
stands in for a role is the receipt (reference code and passphrase) checked by
`public_receipt_check`.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.vocabularies import language_codes
from seri.intake.models import Channel, PublicReceipt, Report, ReporterRelation
from seri.intake.public import (
    REPORT_LANGUAGE,
    new_passphrase,
    new_reference,
    normalise_passphrase,
)
from seri.intake.reading import detect_language
from seri.orgs.models import Organisation


@dataclass
class PublicReportInput:
    account: str
    reporter_relation: str = ReporterRelation.UNKNOWN
    person_name: str = ""
    where: str = ""
    contact: str = ""
    language: str = "en"  # the language of the page it was written on


@dataclass
class Receipt:
    reference: str
    passphrase: str  # shown once, never stored


def _text(data: PublicReportInput) -> str:
    lines = [data.account.strip()]
    for label, value in (
        ("Name", data.person_name),
        ("Where", data.where),
        ("Contact of the reporter", data.contact),
    ):
        if value.strip():
            lines.append(f"{label}: {value.strip()}")
    return "\n".join(lines)


def _language(account: str, page_language: str) -> str:
    codes = language_codes()
    detected = detect_language(account)
    if detected in codes:
        return detected
    page = REPORT_LANGUAGE.get(page_language, page_language)
    return page if page in codes else ""


def _report_with_receipt(
    organisation: Organisation, data: PublicReportInput, passphrase: str
) -> PublicReceipt:
    with transaction.atomic():
        report = Report.objects.create(
            organisation=organisation,
            channel=Channel.WEB_FORM,
            reporter_relation=data.reporter_relation,
            language=_language(data.account, data.language),
            original_text=_text(data),
            received_at=timezone.now(),
            recorded_by=None,
        )
        receipt = PublicReceipt.objects.create(
            report=report,
            reference=new_reference(),
            passphrase_hash=make_password(normalise_passphrase(passphrase)),
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=report,
            organisation=organisation,
            detail={"public_form": "report"},
        )
    return receipt


def public_report_submit(*, organisation: Organisation, data: PublicReportInput) -> Receipt:
    """Store a report from the public form and make its receipt. The caller has checked the
    form (fields, honeypot, time trap, rate limit)."""
    if data.reporter_relation not in ReporterRelation.values:
        data.reporter_relation = ReporterRelation.UNKNOWN
    passphrase = new_passphrase()
    for _attempt in range(5):
        try:
            receipt = _report_with_receipt(organisation, data, passphrase)
        except IntegrityError:  # the same reference drawn twice (1 in 10^11): draw again
            continue
        return Receipt(reference=receipt.reference, passphrase=passphrase)
    raise RuntimeError("could not draw a free reference code")


def public_report_add(*, receipt: PublicReceipt, text: str, language: str = "en") -> Report:
    """More information from the reporter: a new report that follows the first one, in the
    same organisation's triage queue (the first report is never changed). The receipt is the
    permission: the caller got it from `public_receipt_check`."""
    first = receipt.report
    with transaction.atomic():
        addition = Report.objects.create(
            organisation=first.organisation,
            channel=Channel.WEB_FORM,
            reporter_relation=first.reporter_relation,
            language=_language(text, language),
            original_text=text.strip(),
            received_at=timezone.now(),
            recorded_by=None,
            follows=first,
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=addition,
            organisation=first.organisation,
            detail={"public_form": "addition", "follows": str(first.public_id)},
        )
    return addition
