from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.audit.services import audit_identifying_view
from seri.linkage import selectors
from seri.linkage.permissions import is_coordinator, may_review
from seri.linkage.services import decision_record, decision_undo, review_request
from seri.linkage.splink_model import match_weights


@login_required
def queue_view(request):
    """Candidate pairs to review, side by side, a page at a time, filtered. Identifying
    details only of people the user may see (each audited)."""
    if not may_review(request.user):
        raise PermissionDenied
    filters = selectors.QueueFilters.from_query(request.GET)
    page, cards = selectors.queue_page(request.user, filters=filters, page=request.GET.get("page"))
    decided = selectors.recent_decisions(request.user)
    shown = selectors.shown_people([*cards, *(card for _d, card in decided)])
    # one audit row for the page, each person once (audit_identifying_view)
    audit_identifying_view(actor=request.user, people=shown, context="linkage review queue")
    model = selectors.active_model()
    return render(
        request,
        "linkage/queue.html",
        {
            "page": page,
            "cards": cards,
            "filters": filters,
            "query": filters.as_query(),
            "choices": selectors.filter_choices(),
            "coordinator": is_coordinator(request.user),
            "decided": decided,
            "notices": selectors.tracing_notices(request.user),
            "model": model,
            "nav": "linkage",
            "weights": match_weights(model.splink_settings)
            if model and model.splink_settings
            else [],
        },
    )


@require_POST
@login_required
def decide_view(request, public_id):
    """Same person / different people / not sure (with a reason), or undo the last decision.
    The services check who may decide (a PermissionError is the 403 page)."""
    candidate = selectors.candidate_get(public_id)
    choice = request.POST.get("decision", "")
    if choice == "undo":
        decision_undo(actor=request.user, candidate=candidate)
        messages.success(request, _("Decision undone."))
        return redirect("linkage-queue")
    try:
        decision_record(
            actor=request.user,
            candidate=candidate,
            decision=choice,
            reason=request.POST.get("reason", "")[:2000],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect("linkage-queue")


@require_POST
@login_required
def ask_view(request, public_id):
    """Ask the coordinator to check a possible match at another organisation."""
    candidate = selectors.candidate_get(public_id)
    review_request(actor=request.user, candidate=candidate)
    messages.success(request, _("The coordinator has been asked to check this possible match."))
    return redirect(request.POST.get("next") if _safe(request) else "linkage-queue")


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
