"""Referrals: one organisation asks another to act on a case."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingTextField
from seri.core.models import TimestampedModel


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")
    REVOKED = "revoked", _("Revoked")


class ReferralKind(models.TextChoices):
    REFERRAL = "referral", _("Referral (shared access)")
    TRANSFER = "transfer", _("Transfer (moves ownership)")


class SharedSection(models.TextChoices):
    """What a referral lets the partner see of a case beyond its status and referrals."""

    PERSON = "person", _("The person's details (names, phones, handles, documents)")
    REPORTS = "reports", _("Reports")
    NOTES = "notes", _("Notes marked shareable")
    TASKS = "tasks", _("Tasks")
    EVIDENCE = "evidence", _("Evidence")


def every_section() -> list[str]:
    return list(SharedSection.values)


# Statuses in which the receiving organisation has access to the case.
ACCESS_GRANTING_STATUSES = frozenset({ReferralStatus.ACCEPTED})


class Referral(TimestampedModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(
        _("kind"), max_length=10, choices=ReferralKind.choices, default=ReferralKind.REFERRAL
    )
    from_organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="referrals_received",
        verbose_name=_("refer to"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    message = IdentifyingTextField(_("message to the partner"), blank=True)
    consent_override_reason = IdentifyingTextField(
        _("reason for sharing without consent"), blank=True
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = IdentifyingTextField(_("response"), blank=True)
    # What the partner sees (SharedSection values). Referrals made before the choice existed
    # share every section; internal notes are never shared, only notes marked shareable.
    shared_sections = models.JSONField(_("shared with the partner"), default=every_section)
    # The referral a transfer leaves behind so that the former owner keeps access: its message
    # is shown in the reader's language ("Access kept after transfer"), not stored.
    kept_after_transfer = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["to_organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="referral_to_another_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"

    @property
    def display_message(self) -> str:
        """The message in the reader's language when the system gave it, else as typed."""
        if self.kept_after_transfer and not self.message:
            return str(_("Access kept after transfer"))
        return self.message
