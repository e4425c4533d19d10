"""Web sessions: when each started and was last used, and whose it is.

A session ends after `SERI_SESSION_IDLE_MINUTES` without a request, and `SESSION_COOKIE_AGE`
after its login whatever happens (`seri.orgs.middleware` checks both on every request). Each
session's key is kept with its user (`UserSession`) so that an admin can end all of a user's
sessions at once. The key changes at each step of logging in: Django cycles it at the password,
`session_second_factor_passed` after the second factor.
"""

import time
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.orgs import mfa
from seri.orgs.models import User, UserSession

LOGIN_AT = "seri_login_at"
SEEN_AT = "seri_seen_at"
REGISTERED_AS = "seri_session_key"
# The last-seen time is written at most this often, not on every request: idle expiry is
# then exact to a minute, and a page with many htmx requests does not rewrite its session.
TOUCH_EVERY_SECONDS = 60

IDLE = "idle"
TOO_OLD = "too_old"


def _now() -> float:
    return time.time()


def session_start(session: SessionBase, *, user: User) -> None:
    """Called when a user logs in (the user_logged_in signal)."""
    now = int(_now())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    if session.session_key is None:
        session.save()
    session_register(session, user=user)


def session_register(session: SessionBase, *, user: User) -> None:
    """Keep the session's key with its user. Called again when the key changes (a password
    change cycles it), so that the mapping follows the session."""
    key = session.session_key
    previous = session.get(REGISTERED_AS)
    if key is None or previous == key:
        return
    with transaction.atomic():
        if previous:
            UserSession.objects.filter(session_key=previous).delete()
        UserSession.objects.update_or_create(session_key=key, defaults={"user": user})
    session[REGISTERED_AS] = key


def session_forget(session: SessionBase) -> None:
    """Called when a user logs out."""
    key = session.get(REGISTERED_AS) or session.session_key
    if key:
        UserSession.objects.filter(session_key=key).delete()


def session_second_factor_passed(request: HttpRequest, *, method: str) -> None:
    """The session's user has passed the second factor: mark the session verified under a new
    key, so that a key seen before this step (on a shared computer, in a fixed session) is
    worth nothing afterwards, and keep the key-to-user mapping following it."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionError("only a user who has given their password passes the second factor")
    request.session.cycle_key()
    mfa.session_mark_verified(request.session, method=method)
    session_register(request.session, user=user)


def session_expire(request: HttpRequest, *, reason: str) -> None:
    """End a session that was idle too long or is too old (IDLE or TOO_OLD), with its audit
    row; the user is the actor, as if they had logged out."""
    user = request.user
    if not isinstance(user, User):
        return  # nobody is logged in: nothing to end
    with transaction.atomic():
        audit_record(
            actor=user,
            action=AuditAction.LOGOUT,
            obj=user,
            object_type="user",
            detail={"reason": reason},
        )
        session_forget(request.session)
    request.session.flush()


def session_end_reason(session: SessionBase) -> str | None:
    """IDLE or TOO_OLD when the session must end now; None while it may go on."""
    now = _now()
    seen_at = session.get(SEEN_AT)
    login_at = session.get(LOGIN_AT)
    if seen_at is not None and now - seen_at > settings.SERI_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
        return TOO_OLD
    return None


def session_touch(session: SessionBase) -> None:
    now = int(_now())
    if now - session.get(SEEN_AT, 0) >= TOUCH_EVERY_SECONDS:
        session[SEEN_AT] = now
        session.setdefault(LOGIN_AT, now)


def user_sessions_delete(user: User) -> int:
    """Delete every session of the user: their next request finds itself logged out."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for key in keys:
        store.delete(key)
    UserSession.objects.filter(user=user).delete()
    return len(keys)
