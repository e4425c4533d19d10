"""Sources, evidence files with their chain of custody, and web captures.

An `EvidenceFile` is stored exactly as received, under its SHA-256, and never changed; what is
derived from it (the shareable copy without location and device metadata) is a separate file
with its own hash. Every upload, view, download, export, transfer and capture is a
`CustodyEntry`, a row of a hash chain (seri.audit.chain) that `seri verify` walks.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.audit.models import ChainedModel
from seri.core.identifying import (
    IdentifyingCharField,
    IdentifyingJSONField,
    IdentifyingTextField,
)
from seri.core.models import TimestampedModel
from seri.core.vocabularies import country_choices


class SourceKind(models.TextChoices):
    MEDIA = "media", _("Media article")
    ADVISORY = "advisory", _("Embassy or government advisory")
    STATEMENT = "statement", _("NGO statement")
    REPORT = "report", _("NGO or UN report")
    COURT = "court", _("Court document")
    SOCIAL = "social", _("Social-media post")
    TESTIMONY = "testimony", _("Testimony")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    COALITION = "coalition", _("Coalition (every member organisation)")
    ORGANISATION = "organisation", _("Our organisation")
    RESTRICTED = "restricted", _("Restricted (investigators and coordinators of our organisation)")


class Source(TimestampedModel):
    kind = models.CharField(_("kind"), max_length=12, choices=SourceKind.choices)
    title = models.CharField(_("title"), max_length=500)
    publisher = models.CharField(_("publisher or author"), max_length=300, blank=True)
    published_on = models.DateField(_("date"), null=True, blank=True, db_index=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    url = models.URLField(_("URL"), max_length=2000, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    # The same source in other languages: symmetrical, so each version lists the others.
    translations = models.ManyToManyField(
        "self", symmetrical=True, blank=True, verbose_name=_("translations")
    )
    compounds = models.ManyToManyField(
        "compounds.Compound", blank=True, related_name="sources", verbose_name=_("compounds")
    )
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.COALITION
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title


def original_path(instance: "EvidenceFile", filename: str) -> str:
    # Named by content: the original file name may itself be identifying.
    return f"evidence/originals/{instance.sha256[:2]}/{instance.sha256}"


def shareable_path(instance: "EvidenceFile", filename: str) -> str:
    return f"evidence/shareable/{instance.sha256[:2]}/{instance.sha256}"


class CapturePart(models.TextChoices):
    HTML = "html", _("HTML source")
    SCREENSHOT = "screenshot", _("Full-page screenshot")
    MEDIA = "media", _("Embedded media")


class EvidenceFile(TimestampedModel):
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="evidence_files"
    )
    file = models.FileField(upload_to=original_path, max_length=200)
    original_name = IdentifyingTextField(_("file name as sent"), blank=True)
    description = IdentifyingCharField(_("description"), max_length=500, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    media_type = models.CharField(_("media type (from the content)"), max_length=100)
    claimed_media_type = models.CharField(_("media type claimed"), max_length=200, blank=True)
    # What the sender says about the file (when and where taken, by whom), verbatim: a claim.
    claimed_metadata = IdentifyingTextField(_("metadata claimed by the sender"), blank=True)
    perceptual_hash = models.CharField(max_length=32, blank=True, db_index=True)
    shareable = models.FileField(upload_to=shareable_path, max_length=200, blank=True)
    shareable_sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received by the server"), default=timezone.now)
    # What it is evidence of: at least one of these.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    report = models.ForeignKey(
        "intake.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    compound = models.ForeignKey(
        "compounds.Compound",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    capture = models.ForeignKey(
        "WebCapture", on_delete=models.PROTECT, null=True, blank=True, related_name="parts"
    )
    capture_part = models.CharField(max_length=12, choices=CapturePart.choices, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.media_type} {self.sha256[:12]}"

    @property
    def is_image(self) -> bool:
        return self.media_type.startswith("image/")

    @property
    def display_description(self) -> str:
        """The description as typed; a web capture's part, described in the reader's language."""
        capture = self.capture if self.capture_id else None
        if self.description or capture is None:
            return self.description
        return str(
            _("Web capture of %(url)s: %(part)s")
            % {"url": capture.url[:300], "part": self.original_name}
        )


class CustodyEvent(models.TextChoices):
    UPLOAD = "upload", _("Received")
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Original downloaded")
    DOWNLOAD_SHAREABLE = "download_shareable", _("Shareable copy downloaded")
    EXPORT = "export", _("Exported in a bundle")
    TRANSFER = "transfer", _("Transferred")
    CAPTURE = "capture", _("Captured from the web")
    DERIVE = "derive", _("Shareable copy made")


def _verify_custody(model, **options):
    """The chain's own checks, and the evidence file the first bad entry belongs to."""
    from seri.audit.chain import verify_chain

    report = verify_chain(model, **options)
    if report.bad_row_id is not None:
        evidence = (
            model._base_manager.filter(pk=report.bad_row_id)
            .values_list("evidence__public_id", flat=True)
            .first()
        )
        if evidence:
            report.problem = f"{report.problem} (evidence {evidence})"
    return report


# What the system itself notes in a custody entry is stored as a code and its parameters, in
# canonical JSON, so that the chain covers it and each reader reads it in their own language.
# Only the entries the system writes (a shareable copy made, an export) are read as codes: a
# note someone typed is shown as typed, as are entries older than this scheme.
CUSTODY_NOTES = {
    "metadata_removed": _("Location and device metadata removed; SHA-256 of the copy %(hash)s"),
    # {"code": "bundle", <what the bundle is about>}; older entries hold its English title
    "bundle": _("Bundle: %(title)s"),
}
_SYSTEM_NOTED = {CustodyEvent.DERIVE, CustodyEvent.EXPORT}

# What an evidence bundle is about, as its manifest and its export's custody note store it, and
# the title it has in the reader's language.
BUNDLE_TITLES = {
    "case": _("Case %(case)s"),  # {"case": reference}
    "compound": _("Compound %(name)s"),  # {"compound": public id, "name": name}
}


def bundle_title(about: dict) -> str:
    """The title of a bundle about `about`, in the active language."""
    for kind, title in BUNDLE_TITLES.items():
        if kind in about:
            return str(title % about)
    raise ValueError(f"a bundle is about a case or a compound, not {sorted(about)}")


def custody_note(code: str, **params: str) -> str:
    """A system note for a custody entry: `{"code": …, <params>}` in canonical JSON."""
    if code not in CUSTODY_NOTES:
        raise ValueError(f"unknown custody note {code!r}")
    value = {"code": code, **params}
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def custody_note_text(event: str, note: str) -> str:
    """A custody entry's note in the active language; as stored when it is not a code."""
    if event not in _SYSTEM_NOTED or not note.startswith("{"):
        return note
    try:
        value = json.loads(note)
        code = value.pop("code")
        if code == "bundle" and "title" not in value:
            value = {"title": bundle_title(value)}
        return str(CUSTODY_NOTES[code] % value)
    except (ValueError, KeyError, TypeError, AttributeError):
        return note


class CustodyEntry(ChainedModel):
    """Who did what with which evidence file, when: one hash chain over all files."""

    at = models.DateTimeField(default=timezone.now, editable=False)
    evidence = models.ForeignKey(EvidenceFile, on_delete=models.PROTECT, related_name="custody")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    event = models.CharField(max_length=20, choices=CustodyEvent.choices)
    sha256 = models.CharField(max_length=64)  # of the original, as it was at that moment
    note = IdentifyingCharField(max_length=500, blank=True)  # chained as its plain text

    chain_fields = ("at", "evidence", "actor", "organisation", "event", "sha256", "note")
    chain_time_field = "at"
    chain_label = _("evidence custody log")
    chain_verifier = _verify_custody

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("custody entry")
        verbose_name_plural = _("custody entries")

    @property
    def display_note(self) -> str:
        return custody_note_text(self.event, self.note)


class WebCapture(TimestampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Captured")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    # What was captured says what an investigation looks at: encrypted like any free text.
    url = IdentifyingCharField(_("URL"), max_length=2000)
    final_url = IdentifyingCharField(max_length=2000, blank=True)
    page_title = IdentifyingCharField(max_length=500, blank=True)
    captured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    captured_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    error = IdentifyingCharField(max_length=500, blank=True)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    compound = models.ForeignKey(
        "compounds.Compound", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="captures"
    )
    # The manifest of the parts (name, SHA-256, size, media type), hashed as a whole.
    manifest = IdentifyingJSONField(default=dict, blank=True)
    manifest_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
