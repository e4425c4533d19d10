"""Reading reports, scoped to the asking user."""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from seri.cases.scoping import cases_visible_to
from seri.intake.models import Report


def reports_visible_to(user) -> QuerySet[Report]:
    """Reports on the cases the user may see."""
    return Report.objects.filter(case__in=cases_visible_to(user)).select_related(
        "case", "case__person", "organisation", "recorded_by"
    )


def report_list_for_user(user, *, case_reference: str = "") -> QuerySet[Report]:
    reports = reports_visible_to(user)
    if case_reference:
        reports = reports.filter(case__reference=case_reference.upper())
    return reports


def report_get_for_user(user, public_id: UUID) -> Report:
    try:
        return reports_visible_to(user).get(public_id=public_id)
    except Report.DoesNotExist as exc:
        raise Http404 from exc
