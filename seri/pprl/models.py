"""Privacy-preserving record linkage across installations: projects, the mapping from a
project's random record ids back to people (never leaves this installation), and the possible
matches imported from a linkage run."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.cases.models import ConsentKind


class PprlProject(models.Model):
    """One linkage project shared with other installations (its name and key are agreed out of
    band). An organisation admin chooses which organisations' cases take part and the rule of
    consent or legal basis under which they do."""

    name = models.SlugField(_("project name"), max_length=60, unique=True)
    installation = models.SlugField(
        _("this installation's name in the project"),
        max_length=60,
        help_text=_("How the other installations will see this one, e.g. shelter-kh."),
    )
    organisations = models.ManyToManyField(
        "orgs.Organisation", related_name="pprl_projects", verbose_name=_("organisations")
    )
    required_consent = models.CharField(
        _("consent required"),
        max_length=10,
        choices=ConsentKind.choices,
        blank=True,
        help_text=_("Only cases with this consent given take part. Empty: the legal basis."),
    )
    legal_basis = models.TextField(
        _("legal basis"),
        blank=True,
        help_text=_("Why people without a recorded consent may take part (required then)."),
    )
    key_version = models.PositiveSmallIntegerField(_("key version"), default=1)
    tells_safe = models.BooleanField(
        _("tell the others who is safe"),
        default=False,
        help_text=_(
            "Mark the encodings of people whose case here is released, in support or "
            "repatriated, so that a family's tracing report elsewhere hears of a possible match."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PprlRecord(models.Model):
    """A person's random id in one project (and key version): the only way back from a
    linkage result to the person, kept inside this installation."""

    project = models.ForeignKey(PprlProject, on_delete=models.CASCADE, related_name="records")
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    key_version = models.PositiveSmallIntegerField()
    token = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "token"], name="pprl_one_token"),
            models.UniqueConstraint(
                fields=["project", "person", "key_version"], name="pprl_one_record_per_key"
            ),
        ]


class PprlMatch(models.Model):
    """ "A possible match exists at installation X": one imported group member of another
    installation for one of our records."""

    class Status(models.TextChoices):
        OPEN = "open", _("Not decided")
        REFERRAL_ASKED = "referral", _("Referral asked")
        CONFIRMED = "confirmed", _("Confirmed the same person")
        NOT_SAME = "not_same", _("Not the same person")

    # What URLs name (the integer key stays internal).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(PprlRecord, on_delete=models.CASCADE, related_name="matches")
    installation = models.CharField(_("installation"), max_length=60)
    remote_record = models.CharField(_("record there"), max_length=32)
    similarity = models.FloatField(_("similarity"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True)
    # The other installation marked its record as a person in safety (and sent nothing else).
    remote_safe = models.BooleanField(default=False)
    referral_asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    referral_asked_at = models.DateTimeField(null=True)
    # When the request left through the agreed channel (empty: not sent yet, or the mail failed).
    referral_sent_at = models.DateTimeField(null=True)
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "installation", "remote_record"], name="pprl_one_match"
            )
        ]


class PprlContact(models.Model):
    """The channel two organisations agreed on for referral requests: the e-mail address of the
    other installation's coordinator in this project."""

    project = models.ForeignKey(PprlProject, on_delete=models.CASCADE, related_name="contacts")
    installation = models.SlugField(_("other installation"), max_length=60)
    referral_email = models.EmailField(_("coordinator's e-mail for referral requests"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["installation"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "installation"], name="pprl_one_contact_per_installation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} → {self.installation}"
