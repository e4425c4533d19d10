"""People, their cases, and everything that happens on a case."""

import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import (
    BlindIndexField,
    IdentifyingCharField,
    IdentifyingJSONField,
    IdentifyingTextField,
)
from seri.core.models import TimestampedModel
from seri.core.vocabularies import Gender, MessagingPlatform, country_choices

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- people -----------------------------------------------------------------------------------


class Person(TimestampedModel):
    """Someone reported as trafficked. Who may see them follows from their cases."""

    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("recorded by organisation"),
    )
    gender = models.CharField(
        _("sex / gender"), max_length=30, choices=Gender.choices, default=Gender.UNKNOWN
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    age_estimate = models.PositiveSmallIntegerField(_("estimated age"), null=True, blank=True)
    age_estimated_on = models.DateField(_("age estimated on"), null=True, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(age_estimate__isnull=True) | models.Q(age_estimate__lte=120),
                name="person_age_estimate_plausible",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)

    @property
    def display_name(self) -> str:
        names = list(self.names.all())
        for kind in (NameKind.FULL, NameKind.GIVEN, NameKind.ALIAS, NameKind.FAMILY):
            for name in names:
                if name.kind == kind:
                    return name.value
        return str(_("(no name)"))


class NameKind(models.TextChoices):
    FULL = "full", _("Full name")
    GIVEN = "given", _("Given name")
    FAMILY = "family", _("Family name")
    ALIAS = "alias", _("Alias / nickname")


class Script(models.TextChoices):
    LATIN = "Latn", _("Latin")
    HAN = "Hani", _("Chinese characters")
    KHMER = "Khmr", _("Khmer")
    THAI = "Thai", _("Thai")
    MYANMAR = "Mymr", _("Burmese")
    LAO = "Laoo", _("Lao")
    ARABIC = "Arab", _("Arabic")
    BENGALI = "Beng", _("Bengali")
    DEVANAGARI = "Deva", _("Devanagari")
    ETHIOPIC = "Ethi", _("Ethiopic")
    HANGUL = "Hang", _("Korean")
    JAPANESE = "Jpan", _("Japanese")
    CYRILLIC = "Cyrl", _("Cyrillic")
    OTHER = "Zyyy", _("Other")


class PersonName(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    kind = models.CharField(
        _("kind"), max_length=10, choices=NameKind.choices, default=NameKind.FULL
    )
    script = models.CharField(_("script"), max_length=4, choices=Script.choices)
    value = IdentifyingCharField(_("name"), max_length=300)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.value


class PersonNameToken(models.Model):
    """Keyed hashes of the words of a person's names: how names are searched while they are
    encrypted (see seri.core.crypto.name_tokens)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_tokens")
    token = models.CharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "person"], name="one_row_per_name_token")
        ]


class Nationality(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="nationalities")
    country = models.CharField(_("nationality"), max_length=2, choices=country_choices)

    class Meta:
        verbose_name_plural = _("nationalities")
        constraints = [
            models.UniqueConstraint(fields=["person", "country"], name="one_row_per_nationality")
        ]
        indexes = [models.Index(fields=["country"])]


class PhoneNumber(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="phones")
    e164 = IdentifyingCharField(_("phone number (E.164)"), max_length=20)
    original = IdentifyingCharField(_("phone number as given"), max_length=60)
    e164_index = BlindIndexField(source="e164", purpose="phone")

    class Meta:
        ordering = ["id"]


class MessagingHandle(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="handles")
    platform = models.CharField(_("platform"), max_length=20, choices=MessagingPlatform.choices)
    handle = IdentifyingCharField(_("handle"), max_length=200)
    handle_index = BlindIndexField(source="handle", purpose="handle")

    class Meta:
        ordering = ["id"]


class IdentityDocument(models.Model):
    class Kind(models.TextChoices):
        PASSPORT = "passport", _("Passport")
        NATIONAL_ID = "national_id", _("National identity card")
        OTHER = "other", _("Other")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    number = IdentifyingCharField(_("document number"), max_length=60)
    number_index = BlindIndexField(source="number", purpose="document")
    issuing_country = models.CharField(
        _("issued by"), max_length=2, choices=country_choices, blank=True
    )

    class Meta:
        ordering = ["id"]


# --- cases ------------------------------------------------------------------------------------


class CaseStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    VERIFYING = "verifying", _("Verifying")
    CONFIRMED_IN_COMPOUND = "confirmed", _("Confirmed in compound")
    REFERRED = "referred", _("Referred")
    RELEASED_RESCUED = "released", _("Released / rescued")
    IN_SUPPORT = "in_support", _("In shelter or support")
    REPATRIATED = "repatriated", _("Repatriated")
    CLOSED = "closed", _("Closed")
    NOT_A_VICTIM = "not_victim", _("Not a victim")
    DUPLICATE = "duplicate", _("Duplicate")
    LOST_CONTACT = "lost_contact", _("Lost contact")


S = CaseStatus
# The path to safety, and the side exits at each step. Anything not listed is refused.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    S.REPORTED: frozenset({S.VERIFYING, S.NOT_A_VICTIM, S.DUPLICATE, S.LOST_CONTACT}),
    S.VERIFYING: frozenset(
        {S.CONFIRMED_IN_COMPOUND, S.RELEASED_RESCUED, S.NOT_A_VICTIM, S.DUPLICATE, S.LOST_CONTACT}
    ),
    S.CONFIRMED_IN_COMPOUND: frozenset(
        {S.REFERRED, S.RELEASED_RESCUED, S.DUPLICATE, S.LOST_CONTACT}
    ),
    S.REFERRED: frozenset({S.RELEASED_RESCUED, S.CONFIRMED_IN_COMPOUND, S.LOST_CONTACT}),
    S.RELEASED_RESCUED: frozenset({S.IN_SUPPORT, S.REPATRIATED, S.CLOSED, S.LOST_CONTACT}),
    S.IN_SUPPORT: frozenset({S.REPATRIATED, S.CLOSED, S.LOST_CONTACT}),
    S.REPATRIATED: frozenset({S.IN_SUPPORT, S.CLOSED}),
    S.LOST_CONTACT: frozenset({S.VERIFYING, S.CONFIRMED_IN_COMPOUND, S.RELEASED_RESCUED, S.CLOSED}),
    S.NOT_A_VICTIM: frozenset({S.CLOSED, S.VERIFYING}),
    S.DUPLICATE: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.VERIFYING}),  # reopening needs a reason like every change
}
OPEN_STATUSES = frozenset(set(CaseStatus) - {S.CLOSED, S.NOT_A_VICTIM, S.DUPLICATE})
# Out of the compound and out of danger: not urgent any more, whatever the urgency said.
SAFE_STATUSES = frozenset({S.RELEASED_RESCUED, S.IN_SUPPORT, S.REPATRIATED})


class Urgency(models.TextChoices):
    IMMEDIATE_DANGER = "immediate", _("Immediate danger")
    MEDICAL = "medical", _("Medical")
    NORMAL = "normal", _("Normal")


URGENCY_ORDER = {Urgency.IMMEDIATE_DANGER: 0, Urgency.MEDICAL: 1, Urgency.NORMAL: 2}


def new_case_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(8))
    return f"{code[:4]}-{code[4:]}"


class Case(TimestampedModel):
    reference = models.CharField(
        _("reference"), max_length=9, unique=True, default=new_case_reference, editable=False
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("organisation"),
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="cases")
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REPORTED
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworker"),
    )
    # last known location
    location_text = IdentifyingTextField(_("last known location"), blank=True)
    location_latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    compound = models.ForeignKey(
        "compounds.Compound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("compound"),
    )
    # HTCDS case fields (multi-select picklists kept as lists of HTCDS values)
    exploitation_types = models.JSONField(_("type of exploitation"), default=list, blank=True)
    control_methods = models.JSONField(_("methods of control"), default=list, blank=True)
    recruitment_methods = models.JSONField(_("method of recruitment"), default=list, blank=True)
    recruitment_platforms = models.JSONField(_("recruitment platforms"), default=list, blank=True)
    date_trafficked = models.DateField(_("date trafficked"), null=True, blank=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status"]),
            models.Index(fields=["status", "urgency"]),
            models.Index(fields=["assigned_to", "status"]),
            # The case list's order: the newest page is read from the index instead of sorting
            # every visible case (docs/benchmarks.md, decision 0015).
            models.Index(fields=["created_at", "id"], name="case_newest_first"),
            # Each filter's page read newest first from its own index, the organisation (and the
            # person, for the nationality filter) checked in the index before the row is read:
            # a page costs its 25 rows whatever the filter's share of the cases, at the same
            # cost for a user of one organisation or of several (docs/benchmarks.md, issue 20).
            models.Index(
                fields=["created_at", "id", "organisation", "person"],
                name="case_newest_first_scoped",
            ),
            models.Index(
                fields=["status", "created_at", "id", "organisation"], name="case_status_newest"
            ),
            models.Index(
                fields=["urgency", "created_at", "id", "organisation"], name="case_urgency_newest"
            ),
            models.Index(
                fields=["assigned_to", "created_at", "id", "organisation"],
                name="case_assignee_newest",
            ),
            # A search's people to the user's cases: the organisation checked in the index.
            models.Index(fields=["person", "organisation", "id"], name="case_person_scoped"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def allowed_next_statuses(self) -> list[str]:
        return [s for s in CaseStatus if s in STATUS_TRANSITIONS[self.status]]


class StatusChange(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=CaseStatus.choices)
    reason = IdentifyingTextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["changed_at", "id"]

    @property
    def display_reason(self) -> str:
        """The reason in the reader's language when the system gave it (the case's opening,
        stored without one), else as its writer typed it."""
        if not self.from_status and not self.reason:
            return str(_("Case opened"))
        return self.reason


class ConsentKind(models.TextChoices):
    SHARE_WITH_PARTNERS = "share", _("Share with partners")
    TRACING = "tracing", _("Tracing")
    DATA_USE = "data_use", _("Use of data")


class ConsentRecord(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("consent to"), max_length=10, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"))
    given_by = IdentifyingCharField(
        _("given by"),
        max_length=100,
        blank=True,
        help_text=_("Who gave or refused consent, e.g. the person, a parent."),
    )
    note = IdentifyingTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]


class TimelineEntry(TimestampedModel):
    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        STATUS = "status", _("Status change")
        REPORT = "report", _("Report")
        REFERRAL = "referral", _("Referral")
        CONSENT = "consent", _("Consent")
        TASK = "task", _("Task")
        ASSIGNMENT = "assignment", _("Assignment")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    text = IdentifyingTextField(_("text"))
    # A note its writer marked as shareable: partners see it when a referral shares notes.
    shareable = models.BooleanField(
        _("share with partners this case is referred to"), default=False
    )
    # An event entry (seri.cases.timeline_events): its code and parameters, rendered in the
    # reader's language; `text` then holds only the free text that goes with it, if any.
    event = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def display_text(self) -> str:
        if not self.event:
            return self.text
        from seri.cases.timeline_events import render

        return render(self.event, self.params, self.text)


class Task(TimestampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    title = IdentifyingCharField(_("task"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["assigned_to", "done_at", "due_on"])]


class PersonChange(models.Model):
    """One edit of a person's details after intake: who, when, why, and what the fields held
    before (identifying, so encrypted). Written by `seri.cases.people.person_update`."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now, editable=False)
    reason = IdentifyingTextField(_("reason"))
    fields = models.JSONField(_("fields changed"), default=list)
    previous = IdentifyingJSONField(_("previous values"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]


def _relation_choices() -> list[tuple[str, "StrOrPromise"]]:
    from seri.intake.models import ReporterRelation  # intake builds on cases, not the reverse

    return list(ReporterRelation.choices)


class CaseCaller(models.Model):
    """Who reported the case and how to reach them back: kept apart from the person's own
    details (a relative's number is not the person's), identifying, so encrypted."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="callers")
    name = IdentifyingCharField(_("caller's name"), max_length=300, blank=True)
    relation = models.CharField(
        _("relation to the person"), max_length=12, choices=_relation_choices, blank=True
    )
    phone = IdentifyingCharField(_("call-back number"), max_length=60, blank=True)
    safe_to_call = models.BooleanField(_("safe to call back"), null=True, blank=True)
    best_time = IdentifyingCharField(_("best time to call"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["recorded_at", "id"]
