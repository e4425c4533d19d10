"""The second factor: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

Every user has one, because every role sees the names of the cases it may see
(docs/decisions/0008-two-factor.md). This module reads; enrolment and the use of codes (which
write) are in `seri.orgs.services.mfa`. A session counts as verified once its user has typed a
current code or a recovery code; `seri.orgs.middleware` lets an unverified session do nothing
else. WebAuthn (security keys, passkeys) is not supported yet.
"""

import hmac
import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seri.orgs.models import RecoveryCode, TOTPDevice, User

ISSUER = "Seri"
RECOVERY_CODE_COUNT = 10
# Ten characters from 31 (no 0/o, 1/l/i): about 50 bits each, typed as "abcde-fghjk".
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
# A code from the previous or the next 30-second step is accepted too: phones' clocks drift.
_VALID_STEPS = (-1, 0, 1)

SESSION_KEY = "seri_second_factor"
TOTP = "totp"
RECOVERY_CODE = "recovery_code"


def _now() -> float:
    """The time TOTP codes are computed for (a function, so that tests can move it)."""
    return time.time()


# --- reading ----------------------------------------------------------------------------------


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def totp_uri(device: TOTPDevice) -> str:
    return pyotp.TOTP(device.secret).provisioning_uri(
        name=device.user.get_username(), issuer_name=ISSUER
    )


def totp_qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// address as a QR code, drawn here as inline SVG: no script, no CDN."""
    svg = segno.make(totp_uri(device), error="m").svg_inline(
        scale=5, border=4, light="#fff", title=_("QR code for your authenticator app")
    )
    return mark_safe(svg)  # noqa: S308 (segno's own markup; the address is escaped by segno)


def secret_for_display(device: TOTPDevice) -> str:
    """The secret in groups of four, for people who type it instead of scanning."""
    return " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))


# --- sessions ---------------------------------------------------------------------------------


def session_mark_verified(session: SessionBase, *, method: str) -> None:
    """Record in the session that its user has passed the second factor."""
    session[SESSION_KEY] = {"at": int(_now()), "method": method}


def session_is_verified(session: SessionBase) -> bool:
    return bool(session.get(SESSION_KEY))


# --- checking a code (pure: nothing is written here) ------------------------------------------


def totp_step_of(device: TOTPDevice, code: str) -> int | None:
    """The time step (previous, current or next) whose code `code` is, or None."""
    totp = pyotp.TOTP(device.secret)
    current = int(_now()) // totp.interval
    for offset in _VALID_STEPS:
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def recovery_code_hashes(user: User, normalised: str) -> list[str]:
    """Keyed hashes of a recovery code under the secret key and its fallbacks, so that codes
    survive a key rotation done with SECRET_KEY_FALLBACKS. The codes are random (50 bits), so a
    keyed hash is enough; a slow password hash would only make each attempt slower."""
    return [
        salted_hmac(
            "seri.orgs.recovery-code", f"{user.pk}:{normalised}", secret=secret, algorithm="sha256"
        ).hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def recovery_codes_new() -> list[str]:
    """Fresh random recovery codes, without their hyphen."""
    return [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
