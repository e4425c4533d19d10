"""Writes to organisations, users and memberships (issue #9's contract: keyword-only, the
permission checked inside by `seri.orgs.permissions`, audited inside the transaction).

Only an organisation admin manages the people of their own organisation. Bootstrap commands
(`seri createadmin`, `seri demo`), which run before anyone can log in, say so explicitly with
`system=True`: a missing actor is never taken as permission.
"""

from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import audit_record
from seri.core.types import Actor
from seri.orgs.models import Membership, Organisation, Role, User
from seri.orgs.permissions import forget_memberships, org_ids_administered, require_admin_of
from seri.orgs.services import mfa, sessions, tokens
from seri.orgs.validators import OrganisationNameValidator


def _audit_user_event(
    actor: Actor,
    event: str,
    /,
    *,
    obj: User | Membership,
    organisation: Organisation | None,
    **detail: Any,
) -> None:
    """The audit row of a change to who may log in, and how: USER_ADMIN about a user or one of
    their memberships (object type "user" or "membership", from the model), `event` first in
    its detail. Written in the caller's transaction, like `audit_record`."""
    audit_record(
        actor=actor,
        action=AuditAction.USER_ADMIN,
        obj=obj,
        organisation=organisation,
        detail={"event": event, **detail},
    )


# --- organisations ----------------------------------------------------------------------------


def organisation_create(*, name: str, short_name: str, type: str, country: str) -> Organisation:
    """A new organisation. There is no platform-wide admin role yet, so only bootstrap
    commands call this; the audit row therefore has no actor."""
    organisation = Organisation(
        name=name.strip(), short_name=short_name.strip(), type=type, country=country.strip().upper()
    )
    # full_clean checks the choices and the uniqueness of both names (case-sensitively);
    # two organisations whose names differ only in case would confuse every list.
    errors: dict[str, list] = {}
    try:
        organisation.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if organisation.name and Organisation.objects.filter(name__iexact=organisation.name).exists():
        errors.setdefault("name", [_("An organisation with this name already exists.")])
    if (
        organisation.short_name
        and Organisation.objects.filter(short_name__iexact=organisation.short_name).exists()
    ):
        errors.setdefault("short_name", [_("An organisation with this short name already exists.")])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        organisation.save()
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=organisation,
            organisation=organisation,
            detail={"type": organisation.type, "country": organisation.country},
        )
    return organisation


# --- users ------------------------------------------------------------------------------------


def user_create(
    *,
    actor: Actor,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    email: str = "",
    system: bool = False,
) -> User:
    """A new user with one membership. `actor` must be an org admin of `organisation`,
    unless `system=True` (bootstrap commands only; `actor` is then usually None)."""
    if not system:
        require_admin_of(actor, organisation.pk)
    username = User.normalize_username(username.strip())
    email = email.strip()
    user = User(
        username=username,
        display_name=display_name.strip(),
        email=User.objects.normalize_email(email) if email else "",
        # an admin chose this password: the user replaces it at first login
        must_change_password=not system,
    )
    user.set_password(password)
    errors: dict[str, list] = {}
    try:
        # The password field holds a hash here; the password itself is checked below.
        user.full_clean(exclude=["password"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if username and User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("A user with that username already exists.")]
    # The membership does not exist yet, so the validator is told the organisation.
    if password_errors := _password_errors(password, user, [organisation]):
        errors["password"] = password_errors
    if role not in Role.values:
        errors["role"] = [_("Unknown role: %s") % role]
    if not organisation.is_active:
        errors["organisation"] = [_("This organisation is not active.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        user.save()
        membership = Membership(user=user, organisation=organisation, role=role)
        membership.full_clean()
        membership.save()
        _audit_user_event(
            actor,
            "user_created",
            obj=user,
            organisation=organisation,
            membership=str(membership.public_id),
            role=role,
            system=system,
        )
    forget_memberships(user)
    return user


# --- memberships ------------------------------------------------------------------------------


def membership_deactivate(*, actor: Actor, membership: Membership) -> Membership:
    """End a user's access to one organisation. Their other memberships stay; a user left
    with no active membership is deactivated so that they cannot log in at all."""
    require_admin_of(actor, membership.organisation_id)
    _refuse_self(
        actor, membership, _("You cannot deactivate your own membership; ask another admin.")
    )
    if not membership.is_active:
        return membership
    user = membership.user
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        user_deactivated, ended = False, {"sessions": 0, "tokens": 0}
        if user.is_active and not user.memberships.filter(is_active=True).exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
            user_deactivated = True
            # A deactivated user is refused anyway; ending their sessions and deleting their
            # tokens means that reactivating the user does not bring them back.
            ended = _log_out_everywhere(user)
        _audit_user_event(
            actor,
            "membership_deactivated",
            obj=membership,
            organisation=membership.organisation,
            user=user.pk,
            role=membership.role,
            user_deactivated=user_deactivated,
            **ended,
        )
    forget_memberships(user)
    return membership


def membership_reactivate(*, actor: Actor, membership: Membership) -> Membership:
    """Give back access to one organisation, and the ability to log in."""
    require_admin_of(actor, membership.organisation_id)
    user = membership.user
    if membership.is_active and user.is_active:
        return membership
    with transaction.atomic():
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
        user_reactivated = not user.is_active
        if user_reactivated:
            user.is_active = True
            user.save(update_fields=["is_active"])
        _audit_user_event(
            actor,
            "membership_reactivated",
            obj=membership,
            organisation=membership.organisation,
            user=user.pk,
            role=membership.role,
            user_reactivated=user_reactivated,
        )
    forget_memberships(user)
    return membership


# --- logins -----------------------------------------------------------------------------------


def _log_out_everywhere(user: User) -> dict[str, int]:
    """Delete the user's web sessions and API tokens (inside the caller's transaction); how
    many of each, for the caller's audit row. Every admin action that locks someone out, or
    changes how they log in, ends with this."""
    return {
        "sessions": sessions.user_sessions_delete(user),
        "tokens": tokens.api_tokens_revoke_all(user=user),
    }


def _refuse_self(actor: Actor, membership: Membership, message: str) -> None:
    if actor is not None and membership.user_id == actor.pk:
        raise ValidationError({"membership": [message]})


def _require_admin_of_every_organisation(actor: Actor, membership: Membership) -> None:
    """What changes how a user logs in (password, second factor, sessions) acts on every
    organisation they belong to, so only an admin of all of them may do it: otherwise an admin
    of one organisation could take over an account that also opens another organisation's
    cases. A superuser's login is changed only by a superuser."""
    require_admin_of(actor, membership.organisation_id)
    user = membership.user
    elsewhere = set(
        user.memberships.filter(is_active=True).values_list("organisation_id", flat=True)
    ) - org_ids_administered(actor)
    if elsewhere or (user.is_superuser and not getattr(actor, "is_superuser", False)):
        raise ValidationError(
            {
                "membership": [
                    _(
                        "This user also belongs to an organisation you do not administer: "
                        "ask an admin of every organisation they belong to, or end their "
                        "membership here instead."
                    )
                ]
            }
        )


def user_sessions_end(*, actor: Actor, membership: Membership) -> dict[str, int]:
    """Log a user of the admin's organisation out everywhere: delete their web sessions and
    their API token. Their next request finds itself logged out."""
    _require_admin_of_every_organisation(actor, membership)
    user = membership.user
    with transaction.atomic():
        ended = _log_out_everywhere(user)
        _audit_user_event(
            actor, "sessions_ended", obj=user, organisation=membership.organisation, **ended
        )
    return ended


def user_second_factor_reset(*, actor: Actor, membership: Membership) -> Membership:
    """Forget a user's authenticator and recovery codes (a lost phone) and log them out
    everywhere: at their next login they set up a second factor again."""
    _require_admin_of_every_organisation(actor, membership)
    _refuse_self(
        actor, membership, _("You cannot reset your own second factor; ask another admin.")
    )
    user = membership.user
    with transaction.atomic():
        removed = mfa.second_factor_remove(user=user)
        ended = _log_out_everywhere(user)
        _audit_user_event(
            actor,
            "second_factor_reset",
            obj=user,
            organisation=membership.organisation,
            had_second_factor=removed,
            **ended,
        )
    return membership


def _password_errors(password: str, user: User, organisations) -> list[str]:
    if not password:
        return [_("Give a password.")]
    try:
        password_validation.validate_password(password, user=user)
        OrganisationNameValidator().check(password, organisations)
    except ValidationError as exc:
        return list(exc.messages)
    return []


def user_password_reset(*, actor: Actor, membership: Membership, password: str) -> dict[str, int]:
    """An admin sets a temporary password for a user of their organisation (who forgot
    theirs). The user must replace it at their next login (`must_change_password`, as for a
    new user), every session and API token of theirs ends, and their second factor stays: the
    admin who knows the temporary password still cannot log in as them. The password itself
    is never recorded, only that it was reset.

    Not a reset link by e-mail: a user's address is optional and never verified here, many
    organisations run Seri without outgoing mail, and a link to a shared or lost mailbox would
    let whoever reads it in. A temporary password is handed over the way the first one was
    (`user_create`), and the change it forces is the mechanism new users already go through."""
    _require_admin_of_every_organisation(actor, membership)
    _refuse_self(actor, membership, _("Change your own password on the password page."))
    user = membership.user
    errors = _password_errors(password, user, [membership.organisation])
    if errors:
        raise ValidationError({"password": errors})
    if not membership.is_active or not user.is_active:
        raise ValidationError({"membership": [_("Reactivate this user first.")]})
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        ended = _log_out_everywhere(user)
        _audit_user_event(
            actor, "password_reset", obj=user, organisation=membership.organisation, **ended
        )
    return ended


def user_password_change(*, actor: User, password: str) -> int:
    """Set the actor's own new password (the form has checked the old one). Their API tokens
    are revoked; the caller keeps the current session with update_session_auth_hash, and every
    other session ends by Django's session hash. Returns the number of tokens revoked."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionError("only an active, logged-in user changes their password")
    try:
        password_validation.validate_password(password, user=actor)
    except ValidationError as exc:
        raise ValidationError({"new_password1": exc.messages}) from None
    with transaction.atomic():
        actor.set_password(password)
        actor.must_change_password = False
        actor.save(update_fields=["password", "must_change_password"])
        revoked = tokens.api_tokens_revoke_all(user=actor)
        _audit_user_event(actor, "password_changed", obj=actor, organisation=None, tokens=revoked)
    return revoked
