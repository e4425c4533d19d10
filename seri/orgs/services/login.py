"""Logging in, step by step: the password, then the second factor, with failed attempts counted.

Five failures (wrong passwords and wrong codes alike) for one username within 15 minutes lock
that username for 15 minutes, whether or not a user has that name, so that the lock tells
nothing about who exists. An IP address is locked after more failures (an office shares one
address). Usernames and addresses are stored only as keyed hashes under the secret key, in
the database, so that every process of a deployment sees the same counts.

The web login (`seri.orgs.views`) and the API's token endpoint (`seri.api.auth`) both go
through `password_check` and `second_factor_verify`. The user logging in is the actor of what is
written here (None until the password is right).
"""

from datetime import datetime, timedelta
from typing import TypeAlias

from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.orgs import mfa
from seri.orgs.models import LoginFailure, LoginLock, User
from seri.orgs.services import tokens
from seri.orgs.services.mfa import second_factor_check

FAILURE_WINDOW = timedelta(minutes=15)
LOCK_DURATION = timedelta(minutes=15)
USERNAME_FAILURE_LIMIT = 5
IP_FAILURE_LIMIT = 20

# The web login's request, the API's, or None (a command).
RequestLike: TypeAlias = HttpRequest | Request | None

LOCKED_MESSAGE = _(
    "Too many failed attempts. For your safety, logging in is paused for 15 minutes; "
    "try again later."
)


class LoginLocked(Exception):
    """Too many failures for this username or this address: nothing is checked."""


class LoginRefused(Exception):
    """A wrong password (or unknown username), or a wrong code."""


def _now() -> datetime:
    """The time failures are counted at (a function, so that tests can move it)."""
    return timezone.now()


def client_address(request: RequestLike) -> str:
    # REMOTE_ADDR, not X-Forwarded-For, which a client can set to anything; behind a reverse
    # proxy every client shares the proxy's address, which IP_FAILURE_LIMIT allows for.
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


def _key(kind: str, value: str) -> str:
    return salted_hmac("seri.orgs.login", f"{kind}\x00{value}", algorithm="sha256").hexdigest()


def _limits(*, username: str, request: RequestLike) -> dict[str, int]:
    """The keys a login attempt counts against, with the number of failures that lock each."""
    limits = {_key("username", username.strip().casefold()): USERNAME_FAILURE_LIMIT}
    address = client_address(request)
    if address:
        limits[_key("ip", address)] = IP_FAILURE_LIMIT
    return limits


def is_locked(*, username: str, request: RequestLike) -> bool:
    keys = _limits(username=username, request=request)
    return LoginLock.objects.filter(key__in=keys, until__gt=_now()).exists()


def failure_record(*, username: str, request: RequestLike) -> bool:
    """Count a failed password or code. Returns True when this failure locks the username or
    the address."""
    now = _now()
    locked = False
    with transaction.atomic():
        LoginFailure.objects.filter(at__lt=now - FAILURE_WINDOW).delete()
        LoginLock.objects.filter(until__lte=now).delete()
        for key, limit in _limits(username=username, request=request).items():
            LoginFailure.objects.create(key=key, at=now)
            if LoginFailure.objects.filter(key=key, at__gte=now - FAILURE_WINDOW).count() >= limit:
                LoginLock.objects.update_or_create(key=key, defaults={"until": now + LOCK_DURATION})
                # Counting starts again when the lock ends.
                LoginFailure.objects.filter(key=key).delete()
                locked = True
    return locked


def failures_clear(*, username: str) -> None:
    """A full login (password and second factor) forgets the username's failures. The
    address's failures stay: logging into one's own account must not reset a spray."""
    LoginFailure.objects.filter(key=_key("username", username.strip().casefold())).delete()


def password_check(*, request: RequestLike, username: str, password: str) -> User:
    """The user whose password this is. Raises LoginLocked or LoginRefused."""
    if is_locked(username=username, request=request):
        audit_record(
            actor=None, action=AuditAction.LOGIN_FAILED, object_type="user", detail={"locked": True}
        )
        raise LoginLocked
    # authenticate() audits a failure through the user_login_failed signal.
    user = authenticate(request, username=username, password=password)
    if not isinstance(user, User):
        if failure_record(username=username, request=request):
            raise LoginLocked
        raise LoginRefused
    return user


def second_factor_verify(*, request: RequestLike, user: User, code: str) -> str:
    """Check a code of `user`'s second factor; returns how (`mfa.TOTP` or
    `mfa.RECOVERY_CODE`). Raises LoginLocked or LoginRefused; wrong codes count as failures
    of the username, like wrong passwords."""
    username = user.get_username()
    if is_locked(username=username, request=request):
        audit_record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            obj=user,
            object_type="user",
            detail={"step": "second_factor", "locked": True},
        )
        raise LoginLocked
    method = second_factor_check(user=user, code=code)
    if method is None:
        audit_record(
            actor=user,
            action=AuditAction.LOGIN_FAILED,
            obj=user,
            object_type="user",
            detail={"step": "second_factor"},
        )
        if failure_record(username=username, request=request):
            raise LoginLocked
        raise LoginRefused
    failures_clear(username=username)
    audit_record(
        actor=user,
        action=AuditAction.LOGIN,
        obj=user,
        object_type="user",
        detail={"step": "second_factor", "method": method},
    )
    return method


def api_token_login(
    *, request: RequestLike, username: str, password: str, otp: str
) -> tokens.IssuedToken:
    """A new API token, for a right password and a right code together.

    Every failure (an unknown username, a wrong password, a user without a second factor, a
    wrong code) raises the same LoginRefused and counts against the same lock, so that the
    answer tells nothing about which part was wrong or whether the user exists."""
    user = password_check(request=request, username=username, password=password)
    if not mfa.has_second_factor(user):
        # A right password without a second factor counts as a failure too: otherwise the
        # lock, reached later, would tell that the password was right.
        if failure_record(username=username, request=request):
            raise LoginLocked
        raise LoginRefused
    second_factor_verify(request=request, user=user, code=otp)
    return tokens.api_token_create(actor=user, via="api")
