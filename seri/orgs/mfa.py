"""The second factor: an authenticator app (TOTP, RFC 6238) and single-use recovery codes.

Every user has one, because every role sees the names of the cases it may see
(docs/decisions/0008-two-factor.md). A session counts as verified once its user has typed a
current code or a recovery code; `seri.orgs.middleware` lets an unverified session do nothing
else. WebAuthn (security keys, passkeys) is not supported yet.
"""

import hmac
import secrets
import time

import pyotp
import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.orgs.models import RecoveryCode, TOTPDevice, User

ISSUER = "Seri"
RECOVERY_CODE_COUNT = 10
# Ten characters from 31 (no 0/o, 1/l/i): about 50 bits each, typed as "abcde-fghjk".
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
# A code from the previous or the next 30-second step is accepted too: phones' clocks drift.
_VALID_STEPS = (-1, 0, 1)

SESSION_KEY = "seri_second_factor"
TOTP = "totp"
RECOVERY_CODE = "recovery_code"


def _now() -> float:
    """The time TOTP codes are computed for (a function, so that tests can move it)."""
    return time.time()


# --- reading ----------------------------------------------------------------------------------


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def recovery_codes_left(user) -> int:
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


def session_mark_verified(session, *, method: str) -> None:
    """Record in the session that its user has passed the second factor."""
    session[SESSION_KEY] = {"at": int(_now()), "method": method}


def session_is_verified(session) -> bool:
    return bool(session.get(SESSION_KEY))


# --- enrolment --------------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """The authenticator being set up: made once and kept unconfirmed, so that reloading the
    page shows the same secret. A user who has a confirmed device must have it reset first."""
    with transaction.atomic():
        device, _created = TOTPDevice.objects.select_for_update().get_or_create(
            user=user, defaults={"secret": pyotp.random_base32()}
        )
    if device.confirmed_at is not None:
        raise PermissionError("this user already has a second factor; an admin can reset it")
    return device


def totp_device_confirm(*, user: User, code: str) -> list[str] | None:
    """Confirm the device being set up with a first code from it. Returns the new recovery
    codes, to be shown once, or None when the code is not a current one."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed_at__isnull=True)
            .first()
        )
        if device is None or not _totp_accept(device, code):
            return None
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at", "updated_at"])
        codes = _recovery_codes_replace(user)
        audit_record(
            actor=user,
            action=AuditAction.USER_ADMIN,
            obj=user,
            object_type="user",
            detail={"event": "second_factor_enrolled", "recovery_codes": len(codes)},
        )
    return codes


def second_factor_remove(*, user: User) -> bool:
    """Forget the user's authenticator and recovery codes, so that they enrol again. The caller
    (an admin's reset) audits it and ends the user's sessions."""
    with transaction.atomic():
        removed, _detail = TOTPDevice.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
    return bool(removed)


# --- checking a code --------------------------------------------------------------------------


def second_factor_check(*, user: User, code: str) -> str | None:
    """`TOTP` when `code` is a current code of the user's confirmed authenticator, not used
    before; `RECOVERY_CODE` when it is one of their unused recovery codes, which is used up
    by this call; None otherwise. Counting failures is the caller's business."""
    code = (code or "").strip()
    digits = code.replace(" ", "")
    if len(digits) == 6 and digits.isdigit():
        device = confirmed_device(user)
        return TOTP if device is not None and _totp_accept(device, digits) else None
    normalised = code.casefold().replace("-", "").replace(" ", "")
    if len(normalised) != _RECOVERY_LENGTH or not has_second_factor(user):
        return None
    hashes = _recovery_code_hashes(user, normalised)
    # Used up by a conditional update, so that two requests racing cannot both use it.
    for pk in RecoveryCode.objects.filter(
        user=user, code_hash__in=hashes, used_at__isnull=True
    ).values_list("pk", flat=True):
        if RecoveryCode.objects.filter(pk=pk, used_at__isnull=True).update(used_at=timezone.now()):
            return RECOVERY_CODE
    return None


def _totp_step(device: TOTPDevice, code: str) -> int | None:
    totp = pyotp.TOTP(device.secret)
    current = int(_now()) // totp.interval
    for offset in _VALID_STEPS:
        if hmac.compare_digest(totp.generate_otp(current + offset), code):
            return current + offset
    return None


def _totp_accept(device: TOTPDevice, code: str) -> bool:
    """Accept a code once: its step must be later than the last accepted one (RFC 6238 §5.2)."""
    code = (code or "").replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return False
    step = _totp_step(device, code)
    if step is None:
        return False
    accepted = TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    if accepted:
        device.last_used_step = step
    return bool(accepted)


# --- recovery codes ---------------------------------------------------------------------------


def _recovery_code_hashes(user: User, normalised: str) -> list[str]:
    """Keyed hashes of a recovery code under the secret key and its fallbacks, so that codes
    survive a key rotation done with SECRET_KEY_FALLBACKS. The codes are random (50 bits), so a
    keyed hash is enough; a slow password hash would only make each attempt slower."""
    return [
        salted_hmac(
            "seri.orgs.recovery-code", f"{user.pk}:{normalised}", secret=secret, algorithm="sha256"
        ).hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def _recovery_codes_replace(user: User) -> list[str]:
    codes = [
        "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_recovery_code_hashes(user, code)[0]) for code in codes
    )
    half = _RECOVERY_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]
