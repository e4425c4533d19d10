"""The import page (uploads run in the background) and the reports export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from seri.intake.forms import ImportForm
from seri.intake.selectors import import_runs_for_user
from seri.intake.services.exports import CONTENT_TYPES, FORMATS, reports_export
from seri.intake.services.imports import import_run_start, max_upload_bytes
from seri.intake.views.common import organisation_choice, place_errors
from seri.orgs.models import ROLES_WRITING_CASES, Role
from seri.orgs.permissions import organisations_with_roles


def _start(request, form, organisation):
    data = form.cleaned_data
    try:
        import_run_start(
            actor=request.user,
            organisation=organisation,
            kind=data["kind"],
            upload=data["file"],
            options={"reporter_relation": data["reporter_relation"], "partner": data["partner"]},
        )
    except ValidationError as exc:
        place_errors(exc, [(form, {})])
        return False
    messages.success(request, _("Import started."))
    return True


class _SizeLimit(FileUploadHandler):
    """Stops reading an upload the moment it passes the import limit: the rest is discarded
    as it arrives, never written to a temporary file (the form then says why)."""

    def __init__(self, request, limit: int):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.import_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, _file_size):
        return None


@csrf_exempt  # checked below, once the size limit is in place
@login_required
def import_page(request):
    request.upload_handlers.insert(0, _SizeLimit(request, max_upload_bytes()))
    return _import_page(request)


@csrf_protect
def _import_page(request):
    organisations, organisation, org_form = organisation_choice(request, ROLES_WRITING_CASES)
    data, files = request.POST or None, request.FILES or None  # reads the upload, if any
    too_large = getattr(request, "import_too_large", False)
    form = ImportForm(data, files, too_large=too_large)
    if (
        request.method == "POST"
        and form.is_valid()
        and (org_form is None or org_form.is_valid())
        and _start(request, form, organisation)
    ):
        return redirect("intake-import")
    runs = import_runs_for_user(request.user, organisations)
    context = {
        "form": form,
        "org_form": org_form,
        "runs": runs,
        "running": any(r.state in ("queued", "running") for r in runs),
        "nav": "triage",
    }
    return render(
        request, "intake/import.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
@require_POST
def export_reports(request):
    """An organisation's reports as a spreadsheet (admins only; recorded in the audit trail)."""
    organisations = organisations_with_roles(request.user, {Role.ORG_ADMIN})
    if not organisations:
        raise PermissionDenied
    fmt = request.POST.get("format", "xlsx")
    by_name = {o.short_name: o for o in organisations}
    organisation = by_name.get(request.POST.get("organisation", ""), organisations[0])
    if fmt not in FORMATS:
        messages.error(request, _("Choose CSV or XLSX."))
        return redirect("intake-import")
    content, _count = reports_export(actor=request.user, organisation=organisation, fmt=fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="seri-reports.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response
