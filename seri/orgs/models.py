"""Organisations, their users and the role each user holds in each organisation."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingCharField
from seri.core.models import TimestampedModel
from seri.core.vocabularies import OrganisationType, country_choices


class Organisation(TimestampedModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, unique=True)
    type = models.CharField(_("type"), max_length=40, choices=OrganisationType.choices)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name


class User(AbstractUser):
    """A person who logs in. Their organisations and roles are their memberships."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    # Set when an admin chose the password (a new user): the user must choose their own before
    # anything else (seri.orgs.middleware); cleared by `user_password_change`.
    must_change_password = models.BooleanField(_("must change password"), default=False)
    # The language the user last chose (remembered at login and by the language switcher):
    # their notice e-mails are written in it. Empty: the site's language.
    # A code of settings.LANGUAGES, checked by the service (no choices: the list is a setting).
    language = models.CharField(_("language"), max_length=10, blank=True)

    def __str__(self) -> str:
        return self.display_name or self.username


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    CASEWORKER = "caseworker", _("Caseworker")
    INVESTIGATOR = "investigator", _("Investigator")
    COORDINATOR = "coordinator", _("Coordinator")
    PARTNER_LIAISON = "partner_liaison", _("Partner liaison")
    VIEWER = "viewer", _("Viewer")


# Roles that see every case their organisation holds. A partner liaison sees only what is
# referred to the organisation; every role sees what is referred to it.
ROLES_SEEING_OWN_CASES = frozenset(
    {Role.ORG_ADMIN, Role.CASEWORKER, Role.INVESTIGATOR, Role.COORDINATOR, Role.VIEWER}
)
# Roles that may record reports, change cases, and send referrals.
ROLES_WRITING_CASES = frozenset(
    {Role.ORG_ADMIN, Role.CASEWORKER, Role.INVESTIGATOR, Role.COORDINATOR}
)
# Roles that may act on cases referred to their organisation (accept, add notes and tasks).
ROLES_WORKING_REFERRALS = ROLES_WRITING_CASES | {Role.PARTNER_LIAISON}


class Membership(TimestampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


# --- logging in: second factor, failed attempts, sessions -------------------------------------


class TOTPDevice(TimestampedModel):
    """A user's authenticator app: the secret it shares with Seri (RFC 6238, 30-second codes).

    Unconfirmed until the user has typed a first code from it. `last_used_step` is the time step
    of the last code accepted, so that a code seen over someone's shoulder cannot be used again.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    # Encrypted at rest like identifying data: with it, anyone could make the user's codes.
    secret = IdentifyingCharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP device of {self.user}"


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator app is lost; only its keyed hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "code_hash"])]


class LoginFailure(models.Model):
    """One failed password or code. `key` is a keyed hash of what failed (a username, an IP
    address), never the value itself; rows older than the counting window are deleted."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["key", "at"])]


class LoginLock(models.Model):
    """A username or an IP address (by keyed hash) that may not log in until `until`."""

    key = models.CharField(max_length=64, unique=True)
    until = models.DateTimeField()


class UserSession(models.Model):
    """Which session belongs to which user, so that an admin can end them all."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ApiToken(TimestampedModel):
    """A key for the API (`Authorization: Token seri_<prefix>_<secret>`).

    Only a keyed hash of the key is kept (HMAC-SHA256 under the secret key), so that a copy of
    the database does not hold usable keys; the prefix is kept in clear so that its owner can
    tell their tokens apart. `password_marker`, a keyed hash of the password hash at issue time,
    makes every token stop working when the password changes, whatever changed it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    password_marker = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"API token {self.prefix}… of {self.user}"
