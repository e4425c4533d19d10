"""Audit pages for organisation admins. Thin: they read through selectors, and reading them is
itself audited."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from seri.audit.models import AuditAction
from seri.audit.selectors import access_entries, person_access_history_for_user
from seri.audit.services import audit_record


@login_required
def person_access(request, public_id):
    history = person_access_history_for_user(request.user, public_id)
    # Recorded before the rows are read, so the admin's own look is listed with the others.
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW_HISTORY,
        obj=history.person,
        organisation=history.organisation,
        detail={"context": "access history"},
    )
    page = Paginator(history.events, settings.SERI_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "history": history,
        "page": page,
        "entries": access_entries(page.object_list, history),
        "nav": "cases",
    }
    return render(request, "audit/person_access.html", context)
