from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.audit.services import audit_identifying_view
from seri.cases.scoping import cases_visible_to
from seri.linkage.models import (
    Decision,
    MatchCandidate,
    MatchDecision,
    ModelVersion,
    Notification,
)
from seri.linkage.selectors import (
    can_decide,
    can_see_candidate_exists,
    is_coordinator,
    review_queue,
    visible_person_ids,
)
from seri.linkage.services import decision_record, decision_undo, review_request
from seri.linkage.splink_model import match_weights
from seri.orgs.permissions import can_record_reports


@login_required
def queue_view(request):
    """Candidate pairs to review, side by side. Names only of people the user may see."""
    if not can_record_reports(request.user):
        raise PermissionDenied
    candidates = list(
        review_queue(request.user)
        .select_related("person_a__organisation", "person_b__organisation")
        .prefetch_related(
            "person_a__names",
            "person_b__names",
            "person_a__nationalities",
            "person_b__nationalities",
        )[:50]
    )
    ids = {c.person_a_id for c in candidates} | {c.person_b_id for c in candidates}
    visible = visible_person_ids(request.user, ids)
    shown = [p for c in candidates for p in (c.person_a, c.person_b) if p.pk in visible]
    if shown:
        audit_identifying_view(actor=request.user, people=shown, context="linkage review queue")
    rows = [
        {
            "candidate": c,
            "sides": [{"person": p, "visible": p.pk in visible} for p in (c.person_a, c.person_b)],
        }
        for c in candidates
    ]
    model = ModelVersion.objects.filter(is_active=True).first()
    decided = [
        d
        for d in MatchDecision.objects.filter(undone_at__isnull=True)
        .select_related("candidate", "decided_by")
        .order_by("-decided_at", "-id")[:50]
        if can_decide(request.user, d.candidate)
    ][:10]
    notices = []
    for notice in (
        Notification.objects.filter(user=request.user, read_at__isnull=True)
        .select_related("candidate")
        .order_by("-created_at")[:20]
    ):
        pair = (notice.candidate.person_a_id, notice.candidate.person_b_id)
        mine = [pid for pid in pair if pid in visible_person_ids(request.user, pair)]
        case = (
            cases_visible_to(request.user)
            .filter(person_id__in=mine)
            .order_by("-created_at")
            .first()
        )
        notices.append({"notice": notice, "case": case})
    return render(
        request,
        "linkage/queue.html",
        {
            "rows": rows,
            "coordinator": is_coordinator(request.user),
            "decided": decided,
            "notices": notices,
            "model": model,
            "nav": "linkage",
            "weights": match_weights(model.splink_settings)
            if model and model.splink_settings
            else [],
        },
    )


@require_POST
@login_required
def decide_view(request, pk: int):
    """Same person / different people / not sure (with a reason), or undo the last decision."""
    candidate = get_object_or_404(MatchCandidate, pk=pk)
    if not can_record_reports(request.user) or not can_decide(request.user, candidate):
        raise PermissionDenied
    choice = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")[:2000]
    if choice == "undo":
        last = candidate.decisions.filter(undone_at__isnull=True).first()
        if last is not None:
            decision_undo(actor=request.user, decision=last)
            messages.success(request, _("Decision undone."))
    elif choice in (Decision.SAME, Decision.DIFFERENT, Decision.UNSURE):
        decision_record(actor=request.user, candidate=candidate, decision=choice, reason=reason)
        messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Choose same person, different people or not sure."))
    return redirect("linkage-queue")


@require_POST
@login_required
def ask_view(request, pk: int):
    """Ask the coordinator to check a possible match at another organisation."""
    candidate = get_object_or_404(MatchCandidate, pk=pk)
    if not can_record_reports(request.user) or not can_see_candidate_exists(
        request.user, candidate
    ):
        raise PermissionDenied
    review_request(actor=request.user, candidate=candidate)
    messages.success(request, _("The coordinator has been asked to check this possible match."))
    return redirect(request.POST.get("next") if _safe(request) else "linkage-queue")


def _safe(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    return bool(target) and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
