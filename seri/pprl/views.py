"""Pages of seri.pprl: the person page's notice of possible matches at other installations
(decide, ask for a referral), and a project's page for the admins who run it (download the
encodings, import a result, set the channel agreed with each installation, find a record a
referral request names). Thin views over the services and selectors; a refused write becomes
the 403 page through ServicePermissionMiddleware."""

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from seri.pprl import keys, selectors, services
from seri.pprl.models import PprlMatch, PprlProject

MAX_RESULT_BYTES = 256 * 1024 * 1024


def _match(request, public_id: UUID) -> PprlMatch:
    try:
        return selectors.match_get_for_user(request.user, public_id)
    except PprlMatch.DoesNotExist:
        raise Http404 from None


def _project(request, name: str) -> PprlProject:
    try:
        return selectors.project_get_for_admin(request.user, name)
    except PprlProject.DoesNotExist:
        raise Http404 from None


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("/")


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
@require_POST
def ask_referral_view(request, public_id: UUID):
    try:
        match = services.match_ask_referral(actor=request.user, match=_match(request, public_id))
    except ValidationError as exc:
        _errors(request, exc)
        return _back(request)
    messages.success(
        request,
        _("Referral asked of installation %(installation)s.")
        % {"installation": match.installation},
    )
    return _back(request)


@login_required
@require_POST
def decide_view(request, public_id: UUID):
    same = request.POST.get("same") == "yes"
    services.match_decide(actor=request.user, match=_match(request, public_id), same=same)
    messages.success(request, _("Decision recorded."))
    return _back(request)


@login_required
@require_GET
def project_list_view(request):
    projects = selectors.projects_for_admin(request.user)
    return render(request, "pprl/project_list.html", {"projects": projects, "nav": "pprl"})


@login_required
@require_GET
def project_detail_view(request, name: str):
    project = _project(request, name)
    return render(
        request,
        "pprl/project_detail.html",
        {"project": project, "summary": selectors.project_summary(project), "nav": "pprl"},
    )


@login_required
@require_POST
def encode_view(request, name: str):
    """The encodings file, as `seri pprl encode` writes it, for the admin to send on."""
    project = _project(request, name)
    try:
        key = keys.derived_key(project.name, project.key_version)
    except ImproperlyConfigured:
        messages.error(request, _("No linkage key is set for this project here (SERI_PPRL_KEYS)."))
        return redirect("pprl-project", name=project.name)
    # streamed, a record at a time: an installation's file can be a gigabyte and more
    chunks = services.encodings_stream(actor=request.user, project=project, key=key)
    response = StreamingHttpResponse(chunks, content_type="application/json")
    filename = f"{project.name}-{project.installation}-v{project.key_version}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def import_view(request, name: str):
    project = _project(request, name)
    upload = request.FILES.get("result")
    if upload is None or upload.size > MAX_RESULT_BYTES:
        messages.error(request, _("Choose the result file the linkage service returned."))
        return redirect("pprl-project", name=project.name)
    try:
        doc = json.loads(upload.read())
    except (ValueError, UnicodeDecodeError):
        messages.error(request, _("The result file is not JSON."))
        return redirect("pprl-project", name=project.name)
    if not isinstance(doc, dict):
        messages.error(request, _("The result file is not a linkage result."))
        return redirect("pprl-project", name=project.name)
    try:
        summary = services.results_import(actor=request.user, project=project, doc=doc)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("pprl-project", name=project.name)
    messages.success(
        request,
        _(
            "%(stored)s possible match(es) stored, %(known)s already known, %(skipped)s "
            "skipped; %(notified)s caseworker notice(s) for families' tracing reports."
        )
        % {
            "stored": summary.stored,
            "known": summary.duplicates,
            "skipped": len(summary.skipped),
            "notified": summary.notified,
        },
    )
    return redirect("pprl-project", name=project.name)


@login_required
@require_POST
def contact_view(request, name: str):
    project = _project(request, name)
    try:
        services.project_contact_set(
            actor=request.user,
            project=project,
            installation=request.POST.get("installation", ""),
            referral_email=request.POST.get("referral_email", ""),
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Channel saved."))
    return redirect("pprl-project", name=project.name)


@login_required
@require_POST
def find_record_view(request, name: str):
    """The record a referral request names (posted, so the id stays out of URLs and logs)."""
    project = _project(request, name)
    case = selectors.record_case_for(request.user, project, request.POST.get("record", ""))
    if case is None:
        messages.error(request, _("No record of this project has that id here."))
        return redirect("pprl-project", name=project.name)
    return redirect(reverse("case-detail", args=[case.reference]))
