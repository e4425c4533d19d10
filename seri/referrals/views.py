from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from seri.cases.scoping import CaseAccess
from seri.cases.selectors import case_get_for_user, consent_to_share
from seri.cases.views import render_case_page
from seri.core.forms import apply_service_errors
from seri.orgs.permissions import all_org_ids
from seri.orgs.selectors import partner_organisations
from seri.referrals import services
from seri.referrals.forms import ReferralForm, ReferralResponseForm
from seri.referrals.models import ReferralStatus
from seri.referrals.selectors import referral_get_for_user, referrals_visible_to


@login_required
def inbox(request):
    return _inbox_page(request)


def _inbox_page(request, *, refused=None, errors=(), status=200):
    """The inbox; `refused` is the waiting referral whose answer came back with `errors`,
    shown at its note (focused by seri.js) rather than in a message at the top."""
    visible = referrals_visible_to(request.user).prefetch_related("case__person__nationalities")
    mine = all_org_ids(request.user)
    received = list(visible.filter(to_organisation_id__in=mine)[:200])
    sent = list(visible.exclude(to_organisation_id__in=mine)[:200])
    return render(
        request,
        "referrals/inbox.html",
        {
            "waiting": [r for r in received if r.status == ReferralStatus.SENT],
            "received": [r for r in received if r.status != ReferralStatus.SENT],
            "sent": sent,
            "response_form": ReferralResponseForm(),
            "refused": refused,
            "refused_errors": list(errors),
            "nav": "referrals",
        },
        status=status,
    )


@login_required
@require_POST
def referral_send(request, reference):
    case, access = case_get_for_user(request.user, reference, write=True)
    form = ReferralForm(
        request.POST,
        organisations=partner_organisations(exclude=case.organisation),
        consent_given=consent_to_share(case),
    )
    if form.is_valid():
        try:
            referral = services.referral_send(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Referred to %s.") % referral.to_organisation.short_name)
            return redirect("case-detail", reference=case.reference)
    return render_case_page(request, case, access, status=400, referral_form=form)


@login_required
@require_POST
def referral_preview(request, reference):
    """The case page exactly as the chosen partner will see it with the chosen sections,
    before the referral is sent (the referral form posts here with its "Preview" button)."""
    case, access = case_get_for_user(request.user, reference, write=True)
    form = ReferralForm(
        request.POST,
        organisations=partner_organisations(exclude=case.organisation),
        consent_given=consent_to_share(case),
    )
    if not form.is_valid():
        return render_case_page(request, case, access, status=400, referral_form=form)
    partner = CaseAccess(
        can_view=True,
        acting_organisation=form.cleaned_data["to_organisation"],
        via_referral=True,
        shared_sections=frozenset(form.cleaned_data["shared_sections"]),
    )
    return render_case_page(request, case, partner, preview=True)


ACTIONS = {
    "accept": (services.referral_accept, gettext_lazy("Referral accepted.")),
    "decline": (services.referral_decline, gettext_lazy("Referral declined.")),
    "complete": (services.referral_complete, gettext_lazy("Referral completed.")),
}


@login_required
@require_POST
def referral_respond(request, public_id, action):
    if action not in {*ACTIONS, "revoke"}:
        raise Http404
    referral = referral_get_for_user(request.user, public_id)
    form = ReferralResponseForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    try:
        if action == "revoke":
            services.referral_revoke(actor=request.user, referral=referral, reason=note)
            messages.success(request, _("Referral revoked."))
        else:
            service, done = ACTIONS[action]
            service(actor=request.user, referral=referral, note=note)
            messages.success(request, done)
    except ValidationError as exc:
        answering = action in {"accept", "decline"} and referral.status == ReferralStatus.SENT
        if answering and request.POST.get("back") != "case":
            # Answered from the inbox (declining needs a reason): the error at the note.
            return _inbox_page(request, refused=referral, errors=exc.messages, status=400)
        messages.error(request, " ".join(exc.messages))
    if referral.status == ReferralStatus.ACCEPTED or request.POST.get("back") == "case":
        return redirect("case-detail", reference=referral.case.reference)
    return redirect("referral-inbox")
