"""Reading reports, the triage queue, import runs and device credentials, scoped to the asking
user (reports on cases through seri/cases/scoping.py; reports not yet on a case through
seri/intake/permissions.py, proven equal to the case scope's write rule by a test)."""

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404

from seri.cases.scoping import cases_sharing
from seri.core.types import Actor
from seri.intake.models import (
    DeviceCredential,
    ImportRun,
    PublicReceipt,
    Report,
    ReportAttachment,
    SourceItem,
    TriageState,
)
from seri.intake.permissions import (
    org_ids_managing_devices,
    org_ids_recording_reports,
    signed_in,
)
from seri.intake.reading import urgency_of
from seri.orgs.models import Organisation

QUEUE_LIMIT = 300


def reports_visible_to(user: Actor) -> QuerySet[Report]:
    """Reports on the cases whose reports the user may see (a partner: when the referral
    shares the reports)."""
    return Report.objects.filter(case__in=cases_sharing(user, "reports")).select_related(
        "case", "case__person", "organisation", "recorded_by"
    )


def report_list_for_user(user: Actor, *, case_reference: str = "") -> QuerySet[Report]:
    reports = reports_visible_to(user)
    if case_reference:
        reports = reports.filter(case__reference=case_reference.upper())
    return reports


def report_get_for_user(user: Actor, public_id: UUID | str) -> Report:
    try:
        return reports_visible_to(user).get(public_id=public_id)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


# --- triage --------------------------------------------------------------------------------------


@dataclass
class QueueEntry:
    report: Report
    score: int
    words: list[str]


def triage_reports(user: Actor) -> QuerySet[Report]:
    """Every report the user may triage: those of the organisations they record reports for."""
    return triage_reports_of(org_ids_recording_reports(user))


def triage_reports_of(organisation_ids: Iterable[int]) -> QuerySet[Report]:
    """The reports of these organisations (`triage_reports` of a user who records them)."""
    return Report.objects.filter(organisation_id__in=organisation_ids)


def triage_queue(user: Actor) -> list[QueueEntry]:
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


def triage_report_get(user: Actor, public_id: UUID) -> Report:
    try:
        return (
            triage_reports(user)
            .select_related("case", "compound", "follows", "follows__case")
            .get(public_id=public_id)
        )
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def attachments_visible_to(user: Actor) -> QuerySet[ReportAttachment]:
    """Files of the reports the user may see: on a case whose reports they see, or in the
    triage queue of an organisation they record reports for."""
    return ReportAttachment.objects.filter(
        Q(report__in=reports_visible_to(user).values("pk"))
        | Q(report__in=triage_reports(user).values("pk"))
    )


def attachment_get_for_user(user: Actor, public_id: UUID | str) -> ReportAttachment:
    try:
        return attachments_visible_to(user).select_related("report").get(public_id=public_id)
    except ReportAttachment.DoesNotExist as exc:
        raise Http404 from exc


# --- imports, devices, the public form -----------------------------------------------------------


def source_keys_present(organisation: Organisation, source: str, keys: Iterable[str]) -> set[str]:
    """Which of these (hashed) source keys an earlier import stored: the system's read that
    makes a re-import create nothing."""
    keys = list(keys)
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        found.update(
            SourceItem.objects.filter(
                organisation=organisation, source=source, key__in=keys[start : start + 500]
            ).values_list("key", flat=True)
        )
    return found


def import_runs_for_user(
    user: Actor, organisations: list[Organisation], limit: int = 10
) -> list[ImportRun]:
    """The user's own latest imports into these organisations."""
    starter = signed_in(user)
    if starter is None:
        return []
    return list(
        ImportRun.objects.filter(organisation__in=organisations, started_by=starter).order_by(
            "-created_at"
        )[:limit]
    )


def device_credentials_for_admin(user: Actor) -> QuerySet[DeviceCredential]:
    """The device credentials of the organisations the user administers."""
    return DeviceCredential.objects.filter(
        organisation_id__in=org_ids_managing_devices(user)
    ).select_related("organisation", "created_by")


class Status:
    RECEIVED = "received"
    BEING_HANDLED = "being handled"


def public_status(receipt: PublicReceipt) -> str:
    """Only "received" or "being handled": whether the report (or an addition to it) is on a
    case. A report marked not relevant is still "received"; nothing else is ever told."""
    first = receipt.report
    handled = Report.objects.filter(Q(pk=first.pk) | Q(follows=first), case__isnull=False).exists()
    return Status.BEING_HANDLED if handled else Status.RECEIVED
