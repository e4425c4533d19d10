"""Reports: accounts as received. The original text and files are never edited."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingTextField
from seri.core.models import TimestampedModel


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    WEB_FORM = "web_form", _("Web form")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    PARTNER = "partner", _("Partner organisation")
    IN_PERSON = "in_person", _("In person")


class ReporterRelation(models.TextChoices):
    SELF = "self", _("The person themself")
    FAMILY = "family", _("Family member")
    FRIEND = "friend", _("Friend")
    ORGANISATION = "organisation", _("Another organisation")
    ANONYMOUS = "anonymous", _("Anonymous")


class Report(TimestampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="reports"
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    reporter_relation = models.CharField(
        _("reported by"), max_length=12, choices=ReporterRelation.choices
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    original_text = IdentifyingTextField(_("account as received"))
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_at", "-id"]

    def save(self, *args, **kwargs):
        # Originals are immutable: once stored, only the link to a case may be set.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or set(update_fields) - {"case", "updated_at"}
        ):
            raise PermissionError("a report's original content is never edited")
        super().save(*args, **kwargs)


def attachment_path(instance: "ReportAttachment", filename: str) -> str:
    # The stored name carries no part of the original file name (it may be identifying).
    return f"reports/{instance.sha256[:2]}/{instance.sha256}"


class ReportAttachment(TimestampedModel):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    original_name = IdentifyingTextField(_("file name"))
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)

    class Meta:
        ordering = ["id"]
