from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from seri.core.forms import apply_service_errors
from seri.orgs import mfa, services
from seri.orgs.forms import (
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    SecondFactorForm,
    TOTPConfirmForm,
    UserCreateForm,
)
from seri.orgs.middleware import second_factor_url
from seri.orgs.models import Role
from seri.orgs.permissions import organisations_with_roles
from seri.orgs.selectors import (
    api_token_get_for_user,
    api_tokens_of,
    membership_get_for_admin,
    memberships_administered_by,
)
from seri.orgs.services import login, sessions, tokens
from seri.orgs.services import mfa as mfa_services


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


def _confirm(request, membership, *, title: str, consequence: str, button: str):
    """The confirmation step of an action that locks someone out: nothing happens until the
    admin posts this page's form (`confirm=yes`)."""
    return render(
        request,
        "orgs/confirm.html",
        {
            "membership": membership,
            "title": title,
            "consequence": consequence,
            "button": button,
            "action": request.path,
            "nav": "users",
        },
    )


@login_required
@require_POST
def membership_toggle(request, public_id):
    membership = membership_get_for_admin(request.user, public_id)
    if membership.is_active and request.POST.get("confirm") != "yes":
        return _confirm(
            request,
            membership,
            title=_("Deactivate %s?") % membership.user,
            consequence=_(
                "%(user)s will no longer be able to work for %(org)s (nor log in at all, if "
                "this is their only organisation). You can reactivate them later."
            )
            % {"user": membership.user, "org": membership.organisation.short_name},
            button=_("Deactivate"),
        )
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


@login_required
@require_POST
def membership_sessions_end(request, public_id):
    membership = membership_get_for_admin(request.user, public_id)
    if request.POST.get("confirm") != "yes":
        return _confirm(
            request,
            membership,
            title=_("Log %s out everywhere?") % membership.user,
            consequence=_(
                "Every session of %(user)s ends at once, on every device, and their API tokens "
                "stop working. They can log in again."
            )
            % {"user": membership.user},
            button=_("Log out everywhere"),
        )
    try:
        services.user_sessions_end(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%s is logged out everywhere, and their API tokens no longer work.")
            % membership.user,
        )
    return redirect("user-list")


@login_required
def membership_password_reset(request, public_id):
    """A temporary password for a user who forgot theirs: one page that says what follows
    (they are logged out everywhere and must choose their own password at their next login)
    and asks for the password twice; nothing happens until it is posted."""
    membership = membership_get_for_admin(request.user, public_id)
    form = PasswordResetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.user_password_reset(
                    actor=request.user,
                    membership=membership,
                    password=form.cleaned_data["password"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "%s has a temporary password, is logged out everywhere and must choose "
                        "a new password at their next login."
                    )
                    % membership.user,
                )
                return redirect("user-list")
        status = 400
    return render(
        request,
        "orgs/password_reset.html",
        {"membership": membership, "form": form, "nav": "users"},
        status=status,
    )


@login_required
@require_POST
def membership_second_factor_reset(request, public_id):
    membership = membership_get_for_admin(request.user, public_id)
    try:
        services.user_second_factor_reset(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%s is logged out and sets up a second factor again at their next login.")
            % membership.user,
        )
    return redirect("user-list")


# --- logging in ---------------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """The password step; the second factor follows (seri.orgs.middleware enforces it)."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        url = super().get_success_url()
        if mfa.session_is_verified(self.request.session):
            return url
        return second_factor_url(self.request.user, url)


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_out(request):
    """Too many wrong codes: the session ends, and the login page says why."""
    logout(request)
    messages.error(request, login.LOCKED_MESSAGE)
    return redirect("login")


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_verify(request):
    next_url = _next_url(request)
    if mfa.session_is_verified(request.session):
        return redirect(next_url)
    if not mfa.has_second_factor(request.user):
        return redirect(second_factor_url(request.user, next_url))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = login.second_factor_verify(
                request=request, user=request.user, code=form.cleaned_data["code"]
            )
        except login.LoginLocked:
            return _locked_out(request)
        except login.LoginRefused:
            form.add_error(
                "code",
                _("This code is not right, or it was used already. Wait for the next one."),
            )
        else:
            sessions.session_second_factor_passed(request, method=method)
            if method == mfa.RECOVERY_CODE:
                left = mfa.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    ngettext(
                        "You used a recovery code: %(count)d is left. If you lost your "
                        "authenticator app, ask an admin of your organisation to reset it.",
                        "You used a recovery code: %(count)d are left. If you lost your "
                        "authenticator app, ask an admin of your organisation to reset it.",
                        left,
                    )
                    % {"count": left},
                )
            return redirect(next_url)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_enrol(request):
    next_url = _next_url(request)
    if mfa.has_second_factor(request.user):
        return redirect(second_factor_url(request.user, next_url))
    device = mfa_services.totp_device_start(actor=request.user)
    form = TOTPConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = mfa_services.totp_device_confirm(actor=request.user, code=form.cleaned_data["code"])
        if codes is None:
            form.add_error(
                "code",
                _(
                    "This code is not right. Check the time on your phone, and type the code "
                    "the app shows now."
                ),
            )
        else:
            sessions.session_second_factor_passed(request, method=mfa.TOTP)
            # Shown once, in this answer, and never again: only their hashes are kept.
            return render(
                request,
                "registration/two_factor_recovery_codes.html",
                {"codes": codes, "next": next_url},
            )
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": mfa.totp_qr_svg(device),
            "secret": mfa.secret_for_display(device),
        },
        status=400 if form.errors else 200,
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, writing through the service so that API tokens are revoked and the change
    is audited."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        try:
            services.user_password_change(
                actor=self.request.user, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self.form_invalid(form)
        # This session stays logged in under a new key; every other session ends.
        update_session_auth_hash(self.request, self.request.user)
        return redirect(self.get_success_url())


# --- API tokens -----------------------------------------------------------------------------------


@never_cache
@login_required
def account_tokens(request):
    """The user's own API tokens; a POST makes a new one, whose key this answer shows once."""
    issued = None
    if request.method == "POST":
        issued = tokens.api_token_create(actor=request.user, via="web")
    return render(
        request,
        "orgs/api_tokens.html",
        {
            "owner": request.user,
            "tokens": api_tokens_of(request.user),
            "issued": issued,
            "own": True,
            "nav": "account",
        },
    )


@login_required
def membership_tokens(request, public_id):
    """An admin's view of the API tokens of one of their organisation's users."""
    membership = membership_get_for_admin(request.user, public_id)
    return render(
        request,
        "orgs/api_tokens.html",
        {
            "owner": membership.user,
            "tokens": api_tokens_of(membership.user),
            "own": membership.user_id == request.user.pk,
            "nav": "users",
        },
    )


@login_required
@require_POST
def api_token_revoke(request, public_id):
    token = api_token_get_for_user(request.user, public_id)
    tokens.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The API token %s… no longer works.") % token.prefix)
    if token.user_id == request.user.pk:
        return redirect("account-tokens")
    return redirect("user-list")
