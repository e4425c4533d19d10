"""Writes of the second factor: enrolling an authenticator, using a code, forgetting both.

The user who enrols or types a code is the actor: nobody else can do it for them. Resetting
another user's second factor is an admin's service in `seri.orgs.services.users`.
"""

import pyotp
from django.db import transaction
from django.utils import timezone

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.orgs import mfa
from seri.orgs.models import RecoveryCode, TOTPDevice, User


def totp_device_start(*, actor: User) -> TOTPDevice:
    """The authenticator being set up: made once and kept unconfirmed, so that reloading the
    page shows the same secret. A user who has a confirmed device must have it reset first."""
    with transaction.atomic():
        device, _created = TOTPDevice.objects.select_for_update().get_or_create(
            user=actor, defaults={"secret": pyotp.random_base32()}
        )
    if device.confirmed_at is not None:
        raise PermissionError("this user already has a second factor; an admin can reset it")
    return device


def totp_device_confirm(*, actor: User, code: str) -> list[str] | None:
    """Confirm the device being set up with a first code from it. Returns the new recovery
    codes, to be shown once, or None when the code is not a current one."""
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=actor, confirmed_at__isnull=True)
            .first()
        )
        if device is None or not _totp_accept(device, code):
            return None
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed_at", "updated_at"])
        codes = _recovery_codes_replace(actor)
        audit_record(
            actor=actor,
            action=AuditAction.USER_ADMIN,
            obj=actor,
            object_type="user",
            detail={"event": "second_factor_enrolled", "recovery_codes": len(codes)},
        )
    return codes


def second_factor_remove(*, user: User) -> bool:
    """Forget the user's authenticator and recovery codes, so that they enrol again. Only
    `user_second_factor_reset` calls it, inside its transaction, after its permission check."""
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    return bool(removed)


def second_factor_check(*, user: User, code: str) -> str | None:
    """`mfa.TOTP` when `code` is a current code of the user's confirmed authenticator, not used
    before; `mfa.RECOVERY_CODE` when it is one of their unused recovery codes, which is used up
    by this call; None otherwise. Counting failures is the caller's business."""
    code = (code or "").strip()
    digits = code.replace(" ", "")
    if len(digits) == 6 and digits.isdigit():
        device = mfa.confirmed_device(user)
        return mfa.TOTP if device is not None and _totp_accept(device, digits) else None
    normalised = code.casefold().replace("-", "").replace(" ", "")
    if len(normalised) != mfa.RECOVERY_LENGTH or not mfa.has_second_factor(user):
        return None
    hashes = mfa.recovery_code_hashes(user, normalised)
    # Used up by a conditional update, so that two requests racing cannot both use it.
    for pk in RecoveryCode.objects.filter(
        user=user, code_hash__in=hashes, used_at__isnull=True
    ).values_list("pk", flat=True):
        if RecoveryCode.objects.filter(pk=pk, used_at__isnull=True).update(used_at=timezone.now()):
            return mfa.RECOVERY_CODE
    return None


def _totp_accept(device: TOTPDevice, code: str) -> bool:
    """Accept a code once: its step must be later than the last accepted one (RFC 6238 §5.2)."""
    code = (code or "").replace(" ", "")
    if not (len(code) == 6 and code.isdigit()):
        return False
    step = mfa.totp_step_of(device, code)
    if step is None:
        return False
    accepted = TOTPDevice.objects.filter(pk=device.pk, last_used_step__lt=step).update(
        last_used_step=step
    )
    if accepted:
        device.last_used_step = step
    return bool(accepted)


def _recovery_codes_replace(user: User) -> list[str]:
    codes = mfa.recovery_codes_new()
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=mfa.recovery_code_hashes(user, code)[0]) for code in codes
    )
    half = mfa.RECOVERY_LENGTH // 2
    return [f"{code[:half]}-{code[half:]}" for code in codes]
