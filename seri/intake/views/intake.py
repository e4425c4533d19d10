"""The intake form (report + person + case) and adding a report to a case."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.audit.services import audit_identifying_view, audit_search
from seri.cases.duplicates import IntakeMatches, intake_matches
from seri.cases.forms import CaseDetailsForm
from seri.cases.selectors import case_get_for_user
from seri.intake.forms import PersonForm, ReportForm, typed_person
from seri.intake.services import intake_record, report_create
from seri.intake.views.common import organisation_choice, place_errors
from seri.linkage.services import linkage_intake_not_same
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
    if request.method == "POST" and request.POST.get("attach_to"):
        # "Add this report to that case": the report goes on the existing case, no new person
        if (attached := _attach_report(request, report_form)) is not None:
            return attached
    elif request.method == "POST" and all(f.is_valid() for f in forms):
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
            # "It's someone else": a linkage decision on each pair, once the person exists.
            # After the report is recorded, apart from it: a report is never lost to this.
            linkage_intake_not_same(
                actor=request.user,
                person=case.person,
                not_same=request.POST.getlist("person-not_same"),
            )
            messages.success(request, _("Report recorded: case %s opened.") % case.reference)
            return redirect("case-detail", reference=case.reference)
    context = {
        "org_form": org_form,
        "report_form": report_form,
        "person_form": person_form,
        "case_form": case_form,
        "nav": "intake",
    }
    if request.method == "POST":  # shown again with the form, and without JavaScript
        context["matches"] = _matches(request, organisation)
        context["not_same"] = request.POST.getlist("person-not_same")
    status = 400 if request.method == "POST" else 200
    return render(request, "intake/intake_form.html", context, status=status)


def _attach_report(request, report_form):
    case, _access = case_get_for_user(request.user, request.POST["attach_to"], write=True)
    if not report_form.is_valid():
        return None
    try:
        report_create(
            actor=request.user,
            organisation=case.organisation,
            case=case,
            data=report_form.report_input(),
        )
    except ValidationError as exc:
        place_errors(exc, [(report_form, {})])
        return None
    messages.success(request, _("Report added to case %s.") % case.reference)
    return redirect("case-detail", reference=case.reference)


@login_required
@require_POST
def intake_check(request):
    """The intake form's "is this person already known?" panel, refreshed as the caseworker
    types: the details come by POST (never in a URL) and nothing is stored."""
    _all, organisation, _org_form = organisation_choice(request, ROLES_WRITING_CASES)
    return render(request, "intake/_matches.html", {"matches": _matches(request, organisation)})


def _matches(request, organisation) -> IntakeMatches | None:
    """People already known who may be the one typed in the form's person fields (audited as
    a search, and as a view of those shown)."""
    data, fields = typed_person(request.POST, prefix="person")
    if not fields:
        return None
    audit_search(actor=request.user, object_type="person", fields=fields, via="intake check")
    matches = intake_matches(
        request.user, organisation, data, dismissed=set(request.POST.getlist("person-not_same"))
    )
    if matches.matches:
        audit_identifying_view(
            actor=request.user, people=[m.person for m in matches.matches], context="intake check"
        )
    return matches


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
