"""Records of what was published: differentially private releases and the privacy budget they
spend, and de-identified exports with what was generalised and suppressed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from seri.core.models import TimestampedModel

DEFAULT_TOTAL_EPSILON = 3.0


class PrivacyBudget(TimestampedModel):
    """The epsilon a coordinator may spend on one dataset, over all its releases."""

    dataset = models.CharField(_("dataset"), max_length=60, unique=True)
    total_epsilon = models.FloatField(_("total epsilon"), default=DEFAULT_TOTAL_EPSILON)
    spent_epsilon = models.FloatField(_("epsilon spent"), default=0.0)

    class Meta:
        ordering = ["dataset"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(spent_epsilon__lte=models.F("total_epsilon") + 1e-9),
                name="privacy_budget_not_overspent",
            )
        ]

    def __str__(self) -> str:
        return self.dataset

    @property
    def remaining(self) -> float:
        return max(0.0, self.total_epsilon - self.spent_epsilon)


class DPRelease(TimestampedModel):
    """One published table of noisy counts and every parameter needed to read it."""

    budget = models.ForeignKey(PrivacyBudget, on_delete=models.PROTECT, related_name="releases")
    table = models.CharField(_("table"), max_length=30)
    epsilon = models.FloatField(_("epsilon"))
    mechanism = models.CharField(_("mechanism"), max_length=60)
    scale = models.FloatField(_("noise scale"))
    sensitivity = models.PositiveSmallIntegerField(_("sensitivity"), default=1)
    categories = models.JSONField(_("categories"), default=list)
    noisy_counts = models.JSONField(_("noisy counts"), default=list)
    parameters = models.JSONField(_("parameters"), default=dict)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.categories, self.noisy_counts, strict=True))


class ExportRecord(TimestampedModel):
    """A de-identified HTCDS export: who asked, with which k and quasi-identifiers, and what
    had to be generalised or suppressed to reach k."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("scope"), max_length=200)
    format = models.CharField(_("format"), max_length=4)
    k = models.PositiveIntegerField()
    quasi_identifiers = models.JSONField(default=list)
    levels = models.JSONField(default=dict)  # quasi-identifier → generalisation level
    generalised = models.JSONField(default=list)  # sentences for the report
    rows_total = models.PositiveIntegerField(default=0)
    rows_suppressed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]


class CaseFact(models.Model):
    """A maintained summary row per case: what the dashboard would otherwise compute with a
    correlated subquery per case (first report, first time in safety). Kept up to date by
    signals on reports and status changes (seri.stats.signals) and rebuilt in bulk by
    `seri stats_refresh` after imports that bypass the services."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="stats_fact"
    )
    first_reported_at = models.DateTimeField()
    month = models.DateField()  # first day of the month of first_reported_at (UTC)
    safe_at = models.DateTimeField(null=True)
    days_to_safety = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["month"]), models.Index(fields=["days_to_safety"])]


class DashboardSnapshot(models.Model):
    """The dashboard's figures for one scope and set of filters, as last computed: served
    while fresh, so that a coalition-wide page at a million cases does not recompute them on
    every visit. Recomputed in the background when older than a few minutes."""

    key = models.CharField(max_length=64, unique=True)
    payload = models.JSONField()
    computed_at = models.DateTimeField()
