"""API tokens: made, used, listed and revoked.

A token is `seri_<prefix>_<secret>`: eight hex characters that its owner sees in the list, and
43 characters of randomness (256 bits). Only a keyed hash of the whole key is stored, under the
secret key (and checked under its fallbacks, so that tokens survive a key rotation done with
SECRET_KEY_FALLBACKS); the key itself is shown once, when it is made. A token expires
`SERI_API_TOKEN_DAYS` after it is made, and stops working at once when its user's password
changes (`password_marker`), when the user is deactivated, and when their second factor is reset.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.prepared import prepared
from seri.orgs.models import ApiToken, User
from seri.orgs.permissions import may_manage_tokens_of

KEY_START = "seri_"
_PREFIX_CHARS = 8
# Last-used times are written at most this often: not a write on every request.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token with its key, which exists only here: it is shown once and never stored."""

    token: ApiToken
    key: str


def _hashes(key: str, salt: str = "seri.orgs.api-token") -> list[str]:
    return [
        salted_hmac(salt, key, secret=secret, algorithm="sha256").hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def _password_marker(user: User) -> str:
    return _hashes(user.password, salt="seri.orgs.api-token-password")[0]


def _prefix_of(key: str) -> str | None:
    """The prefix of a well-formed key, or None."""
    body = key[len(KEY_START) :]
    if not key.startswith(KEY_START) or len(body) < _PREFIX_CHARS + 2:
        return None
    prefix, separator = body[:_PREFIX_CHARS], body[_PREFIX_CHARS]
    if separator != "_" or not all(c in "0123456789abcdef" for c in prefix):
        return None
    return prefix


def api_token_create(*, actor: User, via: str) -> IssuedToken:
    """A new token for `actor` (who has just proved both factors, or is logged in with both).
    Every call makes another one: a user may hold several, one per script or machine."""
    if not actor.is_active:
        raise PermissionError("an inactive user cannot have API tokens")
    if actor.must_change_password:
        raise PermissionError("a user must choose their own password before having API tokens")
    key = f"{KEY_START}{secrets.token_hex(_PREFIX_CHARS // 2)}_{secrets.token_urlsafe(32)}"
    prefix = _prefix_of(key)
    if prefix is None:  # pragma: no cover - the format above always parses
        raise RuntimeError("malformed API token")
    now = timezone.now()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            prefix=prefix,
            key_hash=_hashes(key)[0],
            password_marker=_password_marker(actor),
            expires_at=now + timedelta(days=settings.SERI_API_TOKEN_DAYS),
        )
        audit_record(
            actor=actor,
            action=AuditAction.USER_ADMIN,
            obj=actor,
            object_type="user",
            detail={"event": "api_token_created", "token": prefix, "via": via},
        )
    return IssuedToken(token=token, key=key)


@prepared
def _token_by_prefix(prefix: str) -> QuerySet:
    return ApiToken.objects.select_related("user").filter(prefix=prefix).order_by("pk")[:1]


def api_token_authenticate(key: str) -> ApiToken | None:
    """The token whose key this is, if it is current and its user may still use it; its
    last-used time is brought up to date. None for anything else, whatever the reason."""
    prefix = _prefix_of(key or "")
    if prefix is None:
        return None
    token = next(iter(_token_by_prefix.list(prefix)), None)
    if token is None or not any(hmac.compare_digest(token.key_hash, h) for h in _hashes(key)):
        return None
    now = timezone.now()
    user = token.user
    if (
        token.expires_at <= now
        or not user.is_active
        or not hmac.compare_digest(token.password_marker, _password_marker(user))
    ):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    """Revoke one token: its owner may, and an admin of an organisation the owner belongs to."""
    if not may_manage_tokens_of(actor, token.user):
        raise PermissionError("this user cannot revoke this API token")
    with transaction.atomic():
        token.delete()
        audit_record(
            actor=actor,
            action=AuditAction.USER_ADMIN,
            obj=token.user,
            object_type="user",
            detail={"event": "api_token_revoked", "token": token.prefix},
        )


def api_tokens_revoke_all(*, user: User) -> int:
    """Delete every token of `user`. For services that have checked their own permission and
    audit the event they are part of (a password change, a deactivation, a second-factor reset,
    ending a user's sessions); call it inside their transaction."""
    return ApiToken.objects.filter(user=user).delete()[0]
