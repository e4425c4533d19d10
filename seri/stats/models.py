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
    released = models.JSONField(default=dict)  # column published as recorded → the reason
    levels = models.JSONField(default=dict)  # quasi-identifier → generalisation level
    generalised = models.JSONField(default=list)  # sentences for the report
    rows_total = models.PositiveIntegerField(default=0)
    rows_suppressed = models.PositiveIntegerField(default=0)
    people_total = models.PositiveIntegerField(default=0)  # distinct people (linked: once)
    # re-identification risk over every published column: share of rows unique, the highest
    # prosecutor risk (1 / the smallest group, in people), the number of groups
    risk = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]


# Columns every dashboard query may read or filter on: each index below ends with them, so a
# filtered query is read from one index alone (SQLite especially: no row lookups).
_COVER = [
    "month",
    "status",
    "province",
    "compound",
    "days_to_safety",
    "person",
    "methods",
    "platforms",
    "outcomes",
    "organisation",
    "first_reported_at",
    "nationality",
    "rank",
    "multiple",
]


def _covering(*leading: str) -> list[str]:
    return [*leading, *(c for c in _COVER if c not in leading)]


_FILTERS = ["first_reported_at", "organisation", "province", "nationality", "multiple"]


def _by(*figure: str) -> list[str]:
    return ["rank", *figure, *(c for c in _FILTERS if c not in figure)]


class CaseFact(models.Model):
    """The maintained summary of a case, one row per nationality of its person (one row with
    no nationality if none is known); the row of `rank` 0 counts the case when no nationality
    is chosen. Holds every dimension the dashboard counts or filters by, and the
    HTCDS export's quasi-identifiers, so that each figure is one GROUP BY over this table, read
    from a covering index: no join, no correlated subquery, quick at a million cases.

    Kept up to date by signals on cases, people, nationalities, reports, status changes and
    compounds (seri.stats.signals); rebuilt in bulk by `seri stats_refresh` after imports that
    bypass the services."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="stats_facts", db_index=False
    )
    nationality = models.CharField(max_length=2, default="")
    # 0: the row that counts the case when no nationality is chosen; 1, 2 …: its other
    # nationalities. (A number, not a flag: `rank = 0` is an equality an index can lead with.)
    rank = models.PositiveSmallIntegerField(default=0)
    multiple = models.BooleanField(default=False)  # the person has more than one nationality
    organisation = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    status = models.CharField(max_length=20)
    compound = models.ForeignKey(
        "compounds.Compound",
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        db_index=False,
    )
    province = models.CharField(max_length=100, default="")
    # Bit i set: the i-th value of the vocabulary (seri.stats.selectors.bits_of).
    methods = models.BigIntegerField(default=0)
    platforms = models.BigIntegerField(default=0)
    outcomes = models.IntegerField(default=0)
    first_reported_at = models.DateTimeField()
    month = models.DateField()  # first day of the month of first_reported_at (UTC)
    safe_at = models.DateTimeField(null=True)
    days_to_safety = models.IntegerField(null=True)
    # The raw quasi-identifiers of the HTCDS export (seri.stats.htcds), counted by its first
    # pass and written by its second from the row of rank 0: what is counted is what is written.
    qi_age = models.IntegerField(null=True)  # at registration: from the date of birth, or as told
    qi_gender = models.CharField(max_length=30, default="")
    # every nationality of the person (HTCDS prs_Citizenship is multi-valued): ISO codes in
    # alphabetical order, joined by ";" (the standard's multiselect separator)
    qi_citizenships = models.CharField(max_length=120, default="")
    qi_year = models.IntegerField(null=True)  # of registration
    qi_exploitation_country = models.CharField(max_length=2, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "nationality"], name="case_fact_unique"),
        ]
        indexes = [
            models.Index(fields=["case", "rank"], name="case_fact_case"),
            # the whole coalition: one index per figure, read in order; the filters' columns
            # follow, so that a filtered query the planner sends here reads no row either
            models.Index(fields=_by("month", "status"), name="case_fact_all_month"),
            models.Index(fields=_by("province"), name="case_fact_all_province"),
            models.Index(fields=_by("compound"), name="case_fact_all_compound"),
            models.Index(fields=_by("days_to_safety"), name="case_fact_all_days"),
            models.Index(fields=_by("person"), name="case_fact_all_person"),
            models.Index(fields=_by("methods", "platforms", "outcomes"), name="case_fact_all_tags"),
            # one filter or more: the most selective leads, the rest is read from the index
            models.Index(fields=_covering("organisation"), name="case_fact_by_organisation"),
            models.Index(fields=_covering("nationality"), name="case_fact_by_nationality"),
            models.Index(fields=_covering("province"), name="case_fact_by_province"),
            models.Index(fields=_covering("first_reported_at"), name="case_fact_by_period"),
            models.Index(
                fields=["multiple", "case", "nationality"],
                name="case_fact_multiple",
                condition=models.Q(multiple=True),
            ),
        ]


class SyntheticRelease(TimestampedModel):
    """Differentially private synthetic records (seri.stats.synth, MST): made and paid for
    from the budget when previewed; downloadable only once a coordinator, having read the
    utility report, releases them. The utility report compares them with the true figures: it
    is not private and stays on the page of coordinators."""

    budget = models.ForeignKey(
        PrivacyBudget, on_delete=models.PROTECT, related_name="synthetic_releases"
    )
    epsilon = models.FloatField(_("epsilon"))
    records = models.PositiveIntegerField(_("records"))
    mechanism = models.CharField(_("mechanism"), max_length=200)
    parameters = models.JSONField(_("parameters"), default=dict)
    utility = models.JSONField(_("utility report"), default=dict)
    csv_gzip = models.BinaryField()  # the synthetic records, CSV (safecsv), gzip-compressed
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def is_released(self) -> bool:
        return self.released_at is not None
