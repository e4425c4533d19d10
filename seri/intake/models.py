"""Reports: accounts as received. The original text and files are never edited."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingJSONField, IdentifyingTextField
from seri.core.models import TimestampedModel


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline")
    WEB_FORM = "web_form", _("Web form")
    TELEGRAM = "telegram", _("Telegram")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("Email")
    PARTNER = "partner", _("Partner organisation")
    IN_PERSON = "in_person", _("In person")
    ODK = "odk", _("KoboToolbox / ODK form")
    SPREADSHEET = "spreadsheet", _("Partner spreadsheet")


class ReporterRelation(models.TextChoices):
    SELF = "self", _("The person themself")
    FAMILY = "family", _("Family member")
    FRIEND = "friend", _("Friend")
    ORGANISATION = "organisation", _("Another organisation")
    ANONYMOUS = "anonymous", _("Anonymous")
    UNKNOWN = "unknown", _("Not known yet")


class TriageState(models.TextChoices):
    NEW = "new", _("New")
    NOT_RELEVANT = "not_relevant", _("Not relevant")


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
        settings.AUTH_USER_MODEL,
        null=True,  # reports from the public form and from devices have no recording user
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a person confirms a compound suggested from the text (never automatically).
    compound = models.ForeignKey(
        "compounds.Compound",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    triage_state = models.CharField(
        _("triage"), max_length=12, choices=TriageState.choices, default=TriageState.NEW
    )
    # A report that adds to an earlier one (the public form's "add information").
    follows = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="additions"
    )

    # What may change once a report is stored: its links and its place in the triage queue.
    MUTABLE_FIELDS = frozenset({"case", "compound", "triage_state", "updated_at"})

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["organisation", "case", "triage_state"])]

    def save(self, *args, **kwargs):
        # Originals are immutable: once stored, only the links and the triage state may be set.
        update_fields = kwargs.get("update_fields")
        if self.pk is not None and (
            update_fields is None or set(update_fields) - self.MUTABLE_FIELDS
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


class SourceItem(models.Model):
    """One imported item (a chat message, a spreadsheet row, a form submission), by a key that
    is the same each time the same item is imported again. The key is a SHA-256 of the source's
    natural key (chat id + message id, …): it carries no readable part of the item."""

    class Source(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        WHATSAPP = "whatsapp", "WhatsApp"
        SPREADSHEET = "spreadsheet", _("Spreadsheet")
        OPENROSA = "openrosa", "OpenRosa"

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(max_length=12, choices=Source.choices)
    key = models.CharField(max_length=64)
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="source_items")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source", "key"], name="intake_sourceitem_once"
            )
        ]


class ImportRun(TimestampedModel):
    """One import (from the command line or a page): its progress and its summary."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Refused")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    already_present = models.PositiveIntegerField(default=0)
    # [{"place": [[code, value], …], "reason": [code, value]}] (shown by problems_shown in the
    # reader's language; older runs: {"where", "message"}): a problem may quote what the file
    # said, so it is encrypted.
    problems = IdentifyingJSONField(default=list, blank=True)
    # Chat imports: every line or entry of the export, where it ended (ImportSummary.accounting);
    # skips name a line and a reason, and may quote a notice's text: encrypted too.
    accounting = IdentifyingJSONField(default=dict, blank=True)
    # The upload, in the run's private folder under DATA_DIR/imports/ ("run-…/upload.zip"),
    # until the run ends (seri/intake/services/imports.py).
    upload_path = models.CharField(max_length=200, blank=True)
    upload_sha256 = models.CharField(max_length=64, blank=True)  # checked by `seri verify`
    options = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def skips_shown(self) -> list[dict]:
        """The stored skips ({"where", "message"}) in the reader's language: stored as codes
        (seri.intake.importers.common.problem_shown); older runs' sentences as written."""
        from seri.intake.importers.common import problem_shown

        skips = self.accounting.get("skips", []) if isinstance(self.accounting, dict) else []
        return [problem_shown(p) for p in skips if isinstance(p, dict)]

    @property
    def problems_shown(self) -> list[dict]:
        """The stored problems (refusals, warnings) in the reader's language, as skips_shown."""
        from seri.intake.importers.common import problem_shown

        problems = self.problems if isinstance(self.problems, list) else []
        return [problem_shown(p) for p in problems if isinstance(p, dict)]


class SpreadsheetMapping(TimestampedModel):
    """How one partner's spreadsheet columns map to report fields, saved for the next time."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    partner = models.CharField(_("partner"), max_length=100)
    columns = models.JSONField(default=dict)  # column heading -> field name

    class Meta:
        ordering = ["partner"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "partner"], name="intake_mapping_once_per_partner"
            )
        ]


class DeviceCredential(TimestampedModel):
    """A user name and password with which ODK Collect / KoboCollect on one device submits
    forms to one organisation (HTTP Basic over HTTPS). The password is stored hashed."""

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    username = models.CharField(_("device user name"), max_length=60, unique=True)
    password_hash = models.CharField(max_length=200)
    label = models.CharField(_("device"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["username"]


class Submission(TimestampedModel):
    """The structured data of an OpenRosa submission. An edit (`deprecatedID`) adds a new
    version and keeps the earlier one; the report's original text is never changed."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="submissions")
    instance_id = models.CharField(max_length=100)
    form_id = models.CharField(max_length=100)
    form_version = models.CharField(max_length=40, blank=True)
    data = IdentifyingTextField()  # JSON of the fields, as submitted
    xml = IdentifyingTextField()
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )

    class Meta:
        ordering = ["id"]


class PublicReceipt(TimestampedModel):
    """What a reporter keeps after using the public form: a reference code, and a passphrase
    stored hashed. With both they may add information or see "received / being handled"."""

    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="receipt")
    reference = models.CharField(max_length=20, unique=True)
    passphrase_hash = models.CharField(max_length=200)
