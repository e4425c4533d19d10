"""The intake form (report + person + case) and adding a report to a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from seri.cases.forms import CaseDetailsForm
from seri.cases.selectors import case_get_for_user
from seri.intake.forms import PersonForm, ReportForm
from seri.intake.services import intake_record, report_create
from seri.intake.views.common import organisation_choice, place_errors
from seri.orgs.models import ROLES_WRITING_CASES
from seri.orgs.selectors import users_who_work_cases


@login_required
def intake_new(request):
    _all, organisation, org_form = organisation_choice(request, ROLES_WRITING_CASES)
    data = request.POST if request.method == "POST" else None
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
            place_errors(
                exc, [(report_form, {}), (person_form, PersonForm.SERVICE_FIELDS), (case_form, {})]
            )
        else:
            messages.success(request, _("Report recorded: case %s opened.") % case.reference)
            return redirect("case-detail", reference=case.reference)
    context = {
        "org_form": org_form,
        "report_form": report_form,
        "person_form": person_form,
        "case_form": case_form,
        "nav": "intake",
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/intake_form.html", context, status=status)


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
            place_errors(exc, [(form, {})])
        else:
            messages.success(request, _("Report added to the case."))
            return redirect("case-detail", reference=case.reference)
    return render(
        request,
        "intake/report_add.html",
        {"case": case, "form": form, "nav": "cases"},
        status=400 if request.method == "POST" else 200,
    )
