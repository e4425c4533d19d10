from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from seri.cases.forms import CaseDetailsForm
from seri.cases.selectors import case_get_for_user
from seri.intake.forms import (
    AttachForm,
    ImportForm,
    OpenCaseForm,
    OrganisationChoiceForm,
    PersonForm,
    ReportForm,
)
from seri.intake.services import intake_record, report_create
from seri.orgs.models import ROLES_WRITING_CASES
from seri.orgs.permissions import organisations_with_roles
from seri.orgs.selectors import users_who_work_cases


def _place_errors(exc: ValidationError, forms_and_aliases) -> None:
    for field, messages_ in exc.message_dict.items():
        for form, aliases in forms_and_aliases:
            name = aliases.get(field, field)
            if name in form.fields:
                form.add_error(name, messages_)
                break
        else:
            forms_and_aliases[0][0].add_error(None, messages_)


@login_required
def intake_new(request):
    organisations = organisations_with_roles(request.user, ROLES_WRITING_CASES)
    if not organisations:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    organisation = organisations[0]
    org_form = None
    if len(organisations) > 1:
        org_form = OrganisationChoiceForm(data, organisations=organisations, prefix="org")
        if org_form.is_valid():
            organisation = org_form.organisations[org_form.cleaned_data["organisation"]]
    report_form = ReportForm(data, request.FILES or None, prefix="report")
    person_form = PersonForm(data, prefix="person")
    case_form = CaseDetailsForm(
        data,
        prefix="case",
        assignable=users_who_work_cases(organisation),
        initial={"assigned_to": request.user},
    )
    forms = [f for f in (org_form, report_form, person_form, case_form) if f is not None]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            case = intake_record(
                actor=request.user,
                organisation=organisation,
                report=report_form.report_input(),
                person=person_form.person_input(),
                case=case_form.case_input(),
            )
        except ValidationError as exc:
            _place_errors(
                exc, [(report_form, {}), (person_form, PersonForm.SERVICE_FIELDS), (case_form, {})]
            )
        else:
            messages.success(request, _("Report recorded: case %s opened.") % case.reference)
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "intake/intake_form.html",
        {
            "org_form": org_form,
            "report_form": report_form,
            "person_form": person_form,
            "case_form": case_form,
            "nav": "intake",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_add(request, reference):
    case, _access = case_get_for_user(request.user, reference, write=True)
    form = ReportForm(request.POST or None, request.FILES or None, prefix="report")
    if request.method == "POST" and form.is_valid():
        try:
            report_create(
                actor=request.user,
                organisation=case.organisation,
                case=case,
                data=form.report_input(),
            )
        except ValidationError as exc:
            _place_errors(exc, [(form, {})])
        else:
            messages.success(request, _("Report added to the case."))
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "intake/report_add.html",
        {"case": case, "form": form, "nav": "cases"},
        status=400 if request.method == "POST" else 200,
    )


# --- triage -----------------------------------------------------------------------------------


@login_required
def triage_queue_view(request):
    from seri.intake.triage import triage_queue

    if not organisations_with_roles(request.user, ROLES_WRITING_CASES):
        raise PermissionDenied
    return render(
        request,
        "intake/triage_queue.html",
        {"entries": triage_queue(request.user), "nav": "triage"},
    )


@login_required
def triage_report(request, public_id):
    from seri.compounds.models import Compound
    from seri.intake.reading import suggest
    from seri.intake.triage import (
        triage_attach,
        triage_dismiss,
        triage_open_case,
        triage_report_get,
    )

    report = triage_report_get(request.user, public_id)
    suggestions = suggest(report.original_text, language=report.language)
    action = request.POST.get("action") if request.method == "POST" else None
    open_form = OpenCaseForm(
        request.POST if action == "open" else None, suggestions=suggestions, prefix="open"
    )
    # An addition from the public form: offer the earlier report's case, if it has one.
    earlier = report.follows
    attach_initial = {"case": earlier.case.reference} if earlier and earlier.case else {}
    attach_form = AttachForm(
        request.POST if action == "attach" else None, prefix="attach", initial=attach_initial
    )
    status = 200
    if request.method == "POST":
        try:
            if action == "dismiss":
                triage_dismiss(actor=request.user, report=report)
                messages.success(request, _("Marked as not relevant."))
                return redirect("intake-triage")
            if action == "attach" and attach_form.is_valid():
                case = triage_attach(
                    actor=request.user,
                    report=report,
                    case_reference=attach_form.cleaned_data["case"],
                )
                messages.success(request, _("Report attached to case %s.") % case.reference)
                return redirect("case-detail", reference=case.reference)
            if action == "open" and open_form.is_valid():
                person, case_input = open_form.inputs()
                compound = None
                if open_form.cleaned_data.get("compound"):
                    compound = Compound.objects.filter(
                        public_id=open_form.cleaned_data["compound"]
                    ).first()
                    case_input.compound = compound
                case = triage_open_case(
                    actor=request.user,
                    report=report,
                    person=person,
                    case=case_input,
                    compound=compound,
                )
                messages.success(request, _("Case %s opened from the report.") % case.reference)
                return redirect("case-detail", reference=case.reference)
            if action not in ("open", "attach"):
                status = 400
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                form = attach_form if action == "attach" else open_form
                _place_errors(exc, [(form, OpenCaseFormAliases)])
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("triage-report", public_id=report.public_id)
        if status == 200:
            status = 400
    return render(
        request,
        "intake/triage_report.html",
        {
            "report": report,
            "suggestions": suggestions,
            "open_form": open_form,
            "attach_form": attach_form,
            "earlier": earlier,
            "nav": "triage",
        },
        status=status,
    )


OpenCaseFormAliases = {"names": "full_name", "nationalities": "nationality", "age_estimate": "age"}


# --- imports from the page --------------------------------------------------------------------


@login_required
def import_page(request):
    from seri.intake.models import ImportRun
    from seri.intake.tasks import run_import

    organisations = organisations_with_roles(request.user, ROLES_WRITING_CASES)
    if not organisations:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    org_form = None
    organisation = organisations[0]
    if len(organisations) > 1:
        org_form = OrganisationChoiceForm(
            request.POST or None, organisations=organisations, prefix="org"
        )
        if org_form.is_valid():
            organisation = org_form.organisations[org_form.cleaned_data["organisation"]]
    if request.method == "POST" and form.is_valid() and (org_form is None or org_form.is_valid()):
        data = form.cleaned_data
        import_run = ImportRun(
            organisation=organisation,
            kind=data["kind"],
            started_by=request.user,
            options={
                "reporter_relation": data["reporter_relation"],
                "partner": data["partner"],
            },
        )
        import_run.upload.save("upload", data["file"], save=False)
        import_run.save()
        run_import.enqueue(import_run.pk)
        messages.success(request, _("Import started."))
        return redirect("intake-import")
    runs = ImportRun.objects.filter(
        organisation__in=organisations, started_by=request.user
    ).order_by("-created_at")[:10]
    return render(
        request,
        "intake/import.html",
        {
            "form": form,
            "org_form": org_form,
            "runs": runs,
            "running": any(r.state in ("queued", "running") for r in runs),
            "nav": "triage",
        },
        status=400 if request.method == "POST" else 200,
    )


# --- exporting reports ---------------------------------------------------------------------------


@login_required
@require_POST
def export_reports(request):
    """An organisation's reports as a spreadsheet (admins only; recorded in the audit trail)."""
    from django.http import HttpResponse

    from seri.intake.export import CONTENT_TYPES, FORMATS, reports_export
    from seri.orgs.models import Role

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


# --- device credentials (ODK Collect, KoboCollect) -----------------------------------------------


class DeviceForm(forms.Form):
    label = forms.CharField(
        label=_lazy("Device"),
        max_length=100,
        help_text=_lazy("Which phone or tablet, e.g. “Field team tablet 2”. No person's name."),
    )


@login_required
def device_list(request):
    from seri.intake.openrosa import device_credential_create, device_credentials_for_admin
    from seri.orgs.models import Role

    organisations = organisations_with_roles(request.user, {Role.ORG_ADMIN})
    if not organisations:
        raise PermissionDenied
    form = DeviceForm(request.POST or None)
    org_form = None
    organisation = organisations[0]
    if len(organisations) > 1:
        org_form = OrganisationChoiceForm(
            request.POST or None, organisations=organisations, prefix="org"
        )
        if org_form.is_valid():
            organisation = org_form.organisations[org_form.cleaned_data["organisation"]]
    created = password = None
    status = 200
    if request.method == "POST":
        if form.is_valid() and (org_form is None or org_form.is_valid()):
            created, password = device_credential_create(
                actor=request.user, organisation=organisation, label=form.cleaned_data["label"]
            )
            form = DeviceForm()
        else:
            status = 400
    response = render(
        request,
        "intake/devices.html",
        {
            "form": form,
            "org_form": org_form,
            "credentials": device_credentials_for_admin(request.user),
            # Shown once, in this answer only: it is stored hashed.
            "created": created,
            "password": password,
            # What ODK Collect calls the server URL: where formList and submission live.
            "server_url": request.build_absolute_uri(
                reverse("openrosa-form-list").rsplit("/", 1)[0]
            ),
            "nav": "users",
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def device_revoke(request, public_id):
    from django.http import Http404

    from seri.intake.openrosa import device_credential_revoke, device_credentials_for_admin

    credential = device_credentials_for_admin(request.user).filter(public_id=public_id).first()
    if credential is None:
        raise Http404
    device_credential_revoke(actor=request.user, credential=credential)
    messages.success(request, _("Device %s can no longer send forms.") % credential.username)
    return redirect("intake-devices")
