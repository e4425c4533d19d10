"""What a logged-in session may do: nothing but its second factor until it has passed it, and
nothing at all once it has been idle too long or is too old.

Enforced here, on every request, rather than view by view, so that a new page cannot forget it.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.views import APIView

from seri.orgs import mfa
from seri.orgs.services import sessions

# The views an authenticated session may open before its second factor.
ALLOWED_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "two-factor-verify",
        "two-factor-enrol",
        "set_language",
        "javascript-catalog",
        "api-token",
    }
)


# The views a session whose password an admin chose may open before changing it.
ALLOWED_BEFORE_PASSWORD_CHANGE = ALLOWED_BEFORE_SECOND_FACTOR | {
    "password_change",
    "password_change_done",
}


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _redirect(request, url: str) -> HttpResponse:
    if _is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def second_factor_url(user, next_url: str = "") -> str:
    """Where an unverified session goes: enrolment when the user has no second factor yet."""
    name = "two-factor-verify" if mfa.has_second_factor(user) else "two-factor-enrol"
    url = reverse(name)
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return url


class LoginSecurityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            reason = sessions.session_end_reason(request.session)
            if reason is not None:
                response = self._end_session(request, reason)
                if response is not None:
                    return response
            else:
                sessions.session_touch(request.session)
        response = self.get_response(request)
        if request.user.is_authenticated:
            # After a password change the session has a new key: follow it.
            sessions.session_register(request.session, user=request.user)
        return response

    def _end_session(self, request, reason: str) -> HttpResponse | None:
        sessions.session_expire(request, reason=reason)
        request.user = AnonymousUser()
        if reason == sessions.IDLE:
            messages.info(request, _("You were logged out after a while without activity."))
        else:
            messages.info(request, _("Your session has ended; please log in again."))
        if _is_htmx(request):
            return _redirect(request, resolve_url("login"))
        return None  # the view answers as for anyone logged out

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = match.url_name if match is not None else None
        if mfa.session_is_verified(request.session):
            if request.user.must_change_password and name not in ALLOWED_BEFORE_PASSWORD_CHANGE:
                return self._password_first(request, view_func)
            return None
        if name in ALLOWED_BEFORE_SECOND_FACTOR:
            return None
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None  # the token, not this session, authenticates the request
            return JsonResponse(
                {"detail": _("Verify your second factor on the web before using the API.")},
                status=403,
            )
        next_url = request.get_full_path() if request.method == "GET" else ""
        return _redirect(request, second_factor_url(request.user, next_url))

    def _password_first(self, request, view_func) -> HttpResponse:
        """A password an admin chose is replaced before anything else is opened."""
        view_class = getattr(view_func, "cls", None)
        if isinstance(view_class, type) and issubclass(view_class, APIView):
            return JsonResponse(
                {"detail": _("Change the password an admin chose for you on the web first.")},
                status=403,
            )
        if request.method == "GET":
            messages.info(request, _("Choose your own password before you continue."))
        return _redirect(request, reverse("password_change"))
