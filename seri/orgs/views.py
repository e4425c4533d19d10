from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from seri.core.forms import apply_service_errors
from seri.orgs import services
from seri.orgs.forms import UserCreateForm
from seri.orgs.models import Role
from seri.orgs.permissions import organisations_with_roles
from seri.orgs.selectors import membership_get_for_admin, memberships_administered_by


def _administered(user):
    organisations = organisations_with_roles(user, {Role.ORG_ADMIN})
    if not organisations:
        raise PermissionDenied
    return organisations


@login_required
def user_list(request):
    organisations = _administered(request.user)
    form = UserCreateForm(organisations=organisations)
    return render(
        request,
        "orgs/user_list.html",
        {"memberships": memberships_administered_by(request.user), "form": form, "nav": "users"},
    )


@login_required
@require_POST
def user_create(request):
    organisations = _administered(request.user)
    form = UserCreateForm(request.POST, organisations=organisations)
    if form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                organisation=form.organisations[data["organisation"]],
                username=data["username"],
                password=data["password"],
                role=data["role"],
                display_name=data["display_name"],
                email=data["email"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("User %s added.") % user.username)
            return redirect("user-list")
    return render(
        request,
        "orgs/user_list.html",
        {"memberships": memberships_administered_by(request.user), "form": form, "nav": "users"},
        status=400,
    )


@login_required
@require_POST
def membership_toggle(request, public_id):
    membership = membership_get_for_admin(request.user, public_id)
    try:
        if membership.is_active:
            services.membership_deactivate(actor=request.user, membership=membership)
            messages.success(
                request, _("%s can no longer log in for this organisation.") % membership.user
            )
        else:
            services.membership_reactivate(actor=request.user, membership=membership)
            messages.success(request, _("%s is active again.") % membership.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("user-list")
