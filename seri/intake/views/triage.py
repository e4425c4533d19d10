"""The triage queue and one report in it: open a case, attach it to a case, or dismiss it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from seri.compounds.models import Compound
from seri.intake.forms import AttachForm, OpenCaseForm
from seri.intake.permissions import org_ids_recording_reports
from seri.intake.reading import suggest
from seri.intake.selectors import triage_queue, triage_report_get
from seri.intake.services.triage import (
    report_prefill,
    triage_attach,
    triage_dismiss,
    triage_open_case,
    urgency_suggested,
)
from seri.intake.views.common import place_errors
from seri.orgs.permissions import org_ids_writing_cases

OPEN_CASE_ALIASES = {
    "names": "full_name",
    "nationalities": "nationality",
    "age_estimate": "age",
}


@login_required
def triage_queue_view(request):
    if not org_ids_recording_reports(request.user):
        raise PermissionDenied
    return render(
        request,
        "intake/triage_queue.html",
        {"entries": triage_queue(request.user), "nav": "triage"},
    )


def _dismiss(request, report, forms):
    triage_dismiss(actor=request.user, report=report)
    messages.success(request, _("Marked as not relevant."))
    return redirect("intake-triage")


def _attach(request, report, forms):
    if not forms["attach"].is_valid():
        return None
    case = triage_attach(
        actor=request.user, report=report, case_reference=forms["attach"].cleaned_data["case"]
    )
    messages.success(request, _("Report attached to case %s.") % case.reference)
    return redirect("case-detail", reference=case.reference)


def _open(request, report, forms):
    form = forms["open"]
    if not form.is_valid():
        return None
    person, case_input = form.inputs()
    compound = None
    if form.cleaned_data.get("compound"):
        compound = Compound.objects.filter(public_id=form.cleaned_data["compound"]).first()
        case_input.compound = compound
    if report.organisation_id in org_ids_writing_cases(request.user):
        case_input.assigned_to = request.user  # whoever opens the case works it
    case = triage_open_case(
        actor=request.user,
        report=report,
        person=person,
        case=case_input,
        compound=compound,
        caller=form.caller_input(),
    )
    messages.success(request, _("Case %s opened from the report.") % case.reference)
    return redirect("case-detail", reference=case.reference)


ACTIONS = {"dismiss": _dismiss, "attach": _attach, "open": _open}


def _carried(report, suggestions) -> dict:
    """What the report gives, filled in for the caseworker to check: the person's name and
    where they are (public form), nationality and languages read from the text, urgency from
    its words, and the reporter as the caller."""
    given = report_prefill(report)
    first: dict[str, str] = {}
    for s in suggestions:
        first.setdefault(s.kind, s.value)
    languages = [s.value for s in suggestions if s.kind == "language"]
    return {
        "full_name": given.get("name", ""),
        "location_text": given.get("where", ""),
        "nationality": first.get("nationality", ""),
        "languages": languages,
        "urgency": urgency_suggested(report.original_text),
        "caller_relation": report.reporter_relation,
        "caller_phone": given.get("contact", "")[:60],
    }


def _forms(request, report, suggestions, action):
    data = request.POST if request.method == "POST" else None
    # An addition from the public form: offer the earlier report's case, if it has one.
    earlier = report.follows
    attach_initial = {"case": earlier.case.reference} if earlier and earlier.case else {}
    return {
        "open": OpenCaseForm(
            data if action == "open" else None,
            suggestions=suggestions,
            prefix="open",
            initial=_carried(report, suggestions),
        ),
        "attach": AttachForm(
            data if action == "attach" else None, prefix="attach", initial=attach_initial
        ),
    }


def _act(request, report, forms, action):
    """The answer to a POST: a redirect when done, else None (the page again, with errors)."""
    handler = ACTIONS.get(action or "")
    if handler is None:
        return None
    try:
        return handler(request, report, forms)
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            messages.error(request, " ".join(exc.messages))
            return redirect("triage-report", public_id=report.public_id)
        place_errors(exc, [(forms["attach" if action == "attach" else "open"], OPEN_CASE_ALIASES)])
        return None


@login_required
def triage_report(request, public_id):
    report = triage_report_get(request.user, public_id)
    suggestions = suggest(report.original_text, language=report.language)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _forms(request, report, suggestions, action)
    if request.method == "POST":
        done = _act(request, report, forms, action)
        if done is not None:
            return done
    context = {
        "report": report,
        "suggestions": suggestions,
        "open_form": forms["open"],
        "attach_form": forms["attach"],
        "earlier": report.follows,
        # an e-mail whose From the channel's mail server did not vouch for (channels.md)
        "unverified_sender": report.channel_messages.filter(sender_verified=False).exists(),
        "nav": "triage",
    }
    return render(
        request,
        "intake/triage_report.html",
        context,
        status=400 if request.method == "POST" else 200,
    )
