"""Pages for sources, evidence files, web capture and bundles. Thin: selectors read,
services write; every view and download of a file goes into its custody log."""

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.cases.selectors import case_get_for_user
from seri.compounds.selectors import compound_get_for_user
from seri.core.files import INLINE_IMAGE_TYPES, stored_file_response
from seri.core.forms import apply_service_errors
from seri.evidence import permissions, services
from seri.evidence.forms import (
    CaptureForm,
    EvidenceUploadForm,
    SourceFilterForm,
    SourceForm,
    TransferForm,
)
from seri.evidence.responses import file_response
from seri.evidence.selectors import (
    custody_of,
    evidence_get_for_user,
    evidence_visible_to,
    source_get_for_user,
    source_list_for_user,
    sources_visible_to,
)

# --- sources ------------------------------------------------------------------------------------


@login_required
def source_list(request):
    form = SourceFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        compound = data["compound"]
        filters = {
            "kind": data["kind"],
            "country": data["country"],
            "compound": str(compound.public_id) if compound else "",
        }
    sources = source_list_for_user(request.user, **filters)
    return render(
        request,
        "evidence/source_list.html",
        {
            "form": form,
            "sources": sources[:200],
            "nav": "compounds",
            "can_add": permissions.can_add_evidence(request.user),
        },
    )


@login_required
def source_create(request):
    organisation = permissions.acting_organisation(request.user)
    visible = sources_visible_to(request.user)
    initial = {}
    if request.GET.get("compound"):
        initial["compounds"] = [request.GET["compound"]]
    form = SourceForm(request.POST or None, sources=visible, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = services.source_create(
                actor=request.user,
                data=services.SourceInput(
                    kind=data["kind"],
                    title=data["title"],
                    publisher=data["publisher"],
                    published_on=data["published_on"],
                    language=data["language"],
                    url=data["url"],
                    summary=data["summary"],
                    country=data["country"],
                    visibility=data["visibility"],
                    compounds=list(data["compounds"]),
                    translations=list(data["translations"]),
                ),
                organisation=organisation,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Source added."))
            return redirect("source-detail", public_id=source.public_id)
    return render(request, "evidence/source_form.html", {"form": form, "nav": "compounds"})


@login_required
def source_detail(request, public_id):
    source = source_get_for_user(request.user, public_id)
    visible = sources_visible_to(request.user)
    return render(
        request,
        "evidence/source_detail.html",
        {
            "source": source,
            "translations": visible.filter(pk__in=source.translations.values("pk")),
            "compounds": source.compounds.all(),
            "evidence": evidence_visible_to(request.user).filter(source=source),
            "can_add": permissions.can_add_evidence(request.user),
            "nav": "compounds",
        },
    )


# --- evidence -----------------------------------------------------------------------------------


def _public_id(text: str) -> uuid.UUID:
    """A compound's or source's id from a form or an address: 404 for anything else (a
    mistyped or cut link), not a server error."""
    try:
        return uuid.UUID(text)
    except ValueError:
        raise Http404 from None


def _targets(user, data) -> dict[str, Any]:
    """The case, compound or source a file is attached to, found for this user (404 for what
    they do not see), and refused (403) where the user may not add a file."""
    permissions.require_evidence_adder(user)
    targets: dict[str, Any] = {}
    if data.get("case"):
        targets["case"], _access = case_get_for_user(user, data["case"])
    if data.get("compound"):
        targets["compound"] = compound_get_for_user(user, _public_id(data["compound"]))
    if data.get("source"):
        targets["source"] = source_get_for_user(user, _public_id(data["source"]))
    if not targets:
        raise Http404
    targets["organisation"] = permissions.receiving_organisation(user, targets.get("case"))
    permissions.require_evidence_receiver(user, **targets)
    return targets


def _back_to(targets) -> str:
    if "case" in targets:
        return reverse("case-detail", args=[targets["case"].reference])
    if "compound" in targets:
        return reverse("compound-detail", args=[targets["compound"].public_id])
    return reverse("source-detail", args=[targets["source"].public_id])


@login_required
def evidence_upload(request):
    source = request.POST if request.method == "POST" else request.GET
    targets = _targets(request.user, {k: source.get(k, "") for k in ("case", "compound", "source")})
    form = EvidenceUploadForm(
        request.POST or None,
        request.FILES or None,
        initial={k: source.get(k, "") for k in ("case", "compound", "source")},
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            evidence = services.evidence_receive(
                actor=request.user,
                data=services.EvidenceInput(
                    organisation=targets["organisation"],
                    file=upload,
                    original_name=upload.name,
                    claimed_media_type=upload.content_type or "",
                    claimed_metadata=form.cleaned_data["claimed_metadata"],
                    description=form.cleaned_data["description"],
                    case=targets.get("case"),
                    compound=targets.get("compound"),
                    source=targets.get("source"),
                ),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("File received and hashed."))
            return redirect("evidence-detail", public_id=evidence.public_id)
    return render(
        request,
        "evidence/upload.html",
        {"form": form, "targets": targets, "back": _back_to(targets), "nav": "compounds"},
    )


@login_required
def evidence_detail(request, public_id):
    evidence = evidence_get_for_user(request.user, public_id)
    services.evidence_viewed(actor=request.user, evidence=evidence)
    similar = services.similar_images(evidence, among=evidence_visible_to(request.user))
    return render(
        request,
        "evidence/detail.html",
        {
            "evidence": evidence,
            "custody": custody_of(evidence),
            "similar": similar,
            "may_download_original": permissions.may_download_original(request.user, evidence),
            "previewable": evidence.media_type in INLINE_IMAGE_TYPES
            and (
                bool(evidence.shareable)
                or permissions.may_download_original(request.user, evidence)
            ),
            "transfer_form": TransferForm(),
            "nav": "compounds",
        },
    )


@login_required
def evidence_download(request, public_id):
    evidence = evidence_get_for_user(request.user, public_id)
    handle = services.evidence_open_for(actor=request.user, evidence=evidence)
    return file_response(handle, evidence, shareable=False)


@login_required
def evidence_preview(request, public_id):
    evidence = evidence_get_for_user(request.user, public_id)
    if evidence.media_type not in INLINE_IMAGE_TYPES:
        raise Http404
    handle = services.evidence_preview_open(actor=request.user, evidence=evidence)
    return stored_file_response(
        handle, media_type=evidence.media_type, sha256=evidence.shareable_sha256 or evidence.sha256
    )


@login_required
def evidence_shareable(request, public_id):
    evidence = evidence_get_for_user(request.user, public_id)
    if not evidence.shareable:
        raise Http404
    handle = services.evidence_open_for(actor=request.user, evidence=evidence, shareable=True)
    return file_response(handle, evidence, shareable=True)


@login_required
@require_POST
def evidence_transfer(request, public_id):
    evidence = evidence_get_for_user(request.user, public_id)
    form = TransferForm(request.POST)
    if form.is_valid():
        services.evidence_transfer(actor=request.user, evidence=evidence, **form.cleaned_data)
        messages.success(request, _("Transfer recorded in the custody log."))
    else:
        messages.error(request, _("Say to whom the evidence was transferred."))
    return redirect("evidence-detail", public_id=evidence.public_id)


# --- web capture --------------------------------------------------------------------------------


@login_required
def web_capture(request):
    data = request.POST if request.method == "POST" else request.GET
    targets = _targets(request.user, {k: data.get(k, "") for k in ("case", "compound", "source")})
    form = CaptureForm(
        request.POST or None,
        initial={k: data.get(k, "") for k in ("case", "compound", "source")},
    )
    if request.method == "POST" and form.is_valid():
        from seri.evidence.capture import web_capture_start

        try:
            web_capture_start(
                actor=request.user,
                url=form.cleaned_data["url"],
                organisation=targets["organisation"],
                case=targets.get("case"),
                compound=targets.get("compound"),
                source=targets.get("source"),
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Capture queued: its progress is shown below."))
            query = urlencode({k: data[k] for k in ("case", "compound", "source") if data.get(k)})
            return redirect(f"{reverse('web-capture')}?{query}")
    from seri.evidence.capture import web_captures_of

    return render(
        request,
        "evidence/capture.html",
        {
            "form": form,
            "targets": targets,
            "back": _back_to(targets),
            "nav": "compounds",
            "captures": web_captures_of(request.user, **targets),
        },
    )


# --- bundles ------------------------------------------------------------------------------------


def _bundle_response(bundle) -> HttpResponse:
    response = HttpResponse(bundle.data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
    response["X-Manifest-SHA256"] = bundle.manifest_sha256
    return response


@login_required
@require_POST
def bundle_for_case(request, reference):
    case, access = case_get_for_user(request.user, reference, write=True)
    files = evidence_visible_to(request.user).filter(case=case).order_by("received_at", "pk")
    bundle = services.evidence_bundle(
        actor=request.user,
        files=files,
        organisation=access.acting_organisation,
        about={"case": case.reference},
    )
    return _bundle_response(bundle)


@login_required
@require_POST
def bundle_for_compound(request, public_id):
    compound = compound_get_for_user(request.user, public_id)
    files = (
        evidence_visible_to(request.user).filter(compound=compound).order_by("received_at", "pk")
    )
    bundle = services.evidence_bundle(
        actor=request.user,
        files=files,
        organisation=permissions.acting_organisation(request.user),
        about={"compound": str(compound.public_id), "name": compound.name},
    )
    return _bundle_response(bundle)
