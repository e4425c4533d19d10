"""Who is the same person: identities, stored name keys, candidate pairs, decisions, models.
Contract for other apps (statistics, benchmarks):

- `PersonIdentity` maps a person to the `Identity` they were linked to. A person without a row
  is their own identity. Count distinct identities with
  ``COALESCE('i' || linkage_personidentity.identity_id, 'p' || cases_person.id)``.
- `PersonNameKey` holds keyed hashes (blind indexes) of the normalised forms of each person's
  names: what the intake candidate search blocks on. Names never appear in clear.
- `PersonNameForms` holds each person's names as the model reads them (encrypted), so that
  the intake scorer does not read its candidates' names afresh.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingJSONField, IdentifyingTextField


class Identity(models.Model):
    """One real person, as far as the coalition knows, behind one or more `Person` records."""

    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("identities")

    def __str__(self) -> str:
        return f"identity {self.pk}"


class PersonIdentity(models.Model):
    person = models.OneToOneField(
        "cases.Person", on_delete=models.CASCADE, related_name="identity_link"
    )
    identity = models.ForeignKey(Identity, on_delete=models.PROTECT, related_name="members")
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["identity"])]


class KeyKind(models.TextChoices):
    TOKEN = "tok", _("romanised name word")
    PHONETIC = "pho", _("phonetic key of a name word")
    FULL = "full", _("all words of a name, sorted")


class PersonNameKey(models.Model):
    """A blind index of one normalised form of a person's name (see seri.linkage.names)."""

    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="linkage_keys"
    )
    kind = models.CharField(max_length=4, choices=KeyKind.choices)
    key = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "kind", "person"], name="one_row_per_name_key")
        ]


class PersonNameForms(models.Model):
    """A person's names as the match model reads them (`seri.linkage.names.parse_name`: the
    readings, words and sound keys of each), stored with their keys so that the intake scorer
    reads its candidates' names back instead of reading them again (a Khmer or Chinese name
    takes milliseconds to a quarter of a second). `forms`: [[name as written, parsed], ...],
    encrypted (the readings are the names); `reader_hash`: `records.forms_version()` of the
    code that read them: forms of another version, or of a name since changed, are read
    afresh until `seri linkage reindex` stores them anew."""

    person = models.OneToOneField(
        "cases.Person", on_delete=models.CASCADE, primary_key=True, related_name="linkage_forms"
    )
    reader_hash = models.CharField(max_length=16)
    forms = IdentifyingJSONField(default=list)


class ModelVersion(models.Model):
    """A trained (or default) linkage model: the Splink settings with m and u probabilities."""

    created_at = models.DateTimeField(default=timezone.now)
    trained_on = models.PositiveIntegerField(_("people"), default=0)
    threshold = models.FloatField(_("match threshold"), default=0.9)
    splink_settings = models.JSONField(default=dict)
    notes = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"model v{self.pk}"


class Source(models.TextChoices):
    INTAKE = "intake", _("found at intake")
    BATCH = "batch", _("batch linkage")
    TRACING = "tracing", _("tracing")
    REQUEST = "request", _("asked to check")


class Decision(models.TextChoices):
    OPEN = "open", _("to review")
    SAME = "same", _("same person")
    DIFFERENT = "different", _("different people")
    UNSURE = "unsure", _("not sure")


class MatchCandidate(models.Model):
    """Two person records that may be one person. `person_a.id < person_b.id`."""

    person_a = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="+")
    # In URLs (the review queue, the case page's "ask the coordinator"): integer keys stay
    # internal, so a pair cannot be guessed by counting.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    probability = models.FloatField(_("match probability"))
    explanation = models.JSONField(default=list)
    exact = models.JSONField(default=list)  # identifiers both share: ["phone", "document"]
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Decision.choices, default=Decision.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    model = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_candidate_per_pair"),
            models.CheckConstraint(
                condition=models.Q(person_a__lt=models.F("person_b")), name="candidate_ordered"
            ),
        ]
        indexes = [models.Index(fields=["status", "probability"])]


class MatchDecision(models.Model):
    """A reviewer's decision on a candidate. `identities_before` lets "same person" be undone."""

    candidate = models.ForeignKey(
        MatchCandidate, on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(max_length=10, choices=Decision.choices)
    reason = IdentifyingTextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    identities_before = models.JSONField(default=dict)  # {person_id: identity_id | None}
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-decided_at", "-id"]


class LinkageRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    task_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    people = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    clusters = models.PositiveIntegerField(default=0)
    candidates = models.PositiveIntegerField(default=0)
    model = models.ForeignKey(ModelVersion, null=True, blank=True, on_delete=models.SET_NULL)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]


class Notification(models.Model):
    """A likely match a caseworker should look at (tracing, or a match on their case)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="linkage_notifications"
    )
    candidate = models.ForeignKey(MatchCandidate, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Source.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "candidate", "kind"], name="one_notice_each")
        ]


class NameWordFrequency(models.Model):
    """How many people have one name word, by the word's keyed sound key (the `PersonNameKey`
    of kind PHONETIC, never the word): common words count for less (`scoring.WordFrequencies`).
    Refreshed as a whole by `services.linkage_frequencies_refresh`."""

    key = models.CharField(max_length=32, unique=True)
    people = models.PositiveIntegerField()


class NameFrequencies(models.Model):
    """What one refresh of `NameWordFrequency` counted over: the number of people and the
    frequency of the typical word two people agree on (Σf² / Σf over words)."""

    refreshed_at = models.DateTimeField(default=timezone.now)
    people = models.PositiveIntegerField(default=0)
    expected = models.FloatField(default=0.0)

    class Meta:
        ordering = ["-refreshed_at", "-id"]
        verbose_name_plural = _("name frequencies")
