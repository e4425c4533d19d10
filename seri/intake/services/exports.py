"""Exporting an organisation's reports as a spreadsheet, in the format the spreadsheet importer
reads (`seri export csv|xlsx PATH --org ORG`, or the button on the import page).

The accounts are identifying data: an export is recorded in the audit trail (who, which
organisation, how many reports), and only an organisation's admin may export from the page.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.types import Actor
from seri.intake.importers.spreadsheet import export_spreadsheet
from seri.intake.models import Report
from seri.intake.permissions import may_export_reports
from seri.orgs.models import Organisation

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def reports_export(
    *,
    actor: Actor,
    organisation: Organisation,
    fmt: str,
    since: dt.datetime | None = None,
) -> tuple[bytes, int]:
    """The organisation's reports (oldest first) as CSV or XLSX bytes, and how many. Only its
    admins may, or the system (`actor=None`: `seri export` run by the server's operator)."""
    if actor is not None and not may_export_reports(actor, organisation):
        raise PermissionError("only an organisation's admin exports its reports")
    if fmt not in FORMATS:
        raise ValidationError({"format": [_("Choose CSV or XLSX.")]})
    chosen = Report.objects.filter(organisation=organisation).order_by("received_at", "id")
    if since is not None:
        chosen = chosen.filter(received_at__gte=since)
    reports = list(chosen)
    content = export_spreadsheet(reports, fmt=fmt)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditAction.VIEW_IDENTIFYING,
            object_type="report_export",
            object_id=organisation.short_name,
            organisation=organisation,
            detail={"export": fmt, "reports": len(reports)},
        )
    return content, len(reports)
