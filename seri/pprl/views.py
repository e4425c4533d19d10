"""The person page's notice of possible matches at other installations: thin views over the
services (a refused write becomes the 403 page through ServicePermissionMiddleware)."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.pprl import selectors, services
from seri.pprl.models import PprlMatch


def _match(request, public_id: UUID) -> PprlMatch:
    try:
        return selectors.match_get_for_user(request.user, public_id)
    except PprlMatch.DoesNotExist:
        raise Http404 from None


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("/")


@login_required
@require_POST
def ask_referral_view(request, public_id: UUID):
    match = services.match_ask_referral(actor=request.user, match=_match(request, public_id))
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
