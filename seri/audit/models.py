"""The audit trail: append-only and hash-chained. The application creates rows and never
changes them; `seri verify` shows whether anyone else did (see seri.audit.chain)."""

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    STATUS_CHANGE = "status_change", _("Status changed")
    VIEW_IDENTIFYING = "view_identifying", _("Viewed identifying details")
    VIEW_HISTORY = "view_history", _("Viewed access history")
    SEARCH = "search", _("Searched")
    REFERRAL = "referral", _("Referral")
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")
    USER_ADMIN = "user_admin", _("User administration")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("chained rows are never updated")

    def delete(self):
        raise PermissionError("chained rows are never deleted")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        # A row without its hash would break the chain for every row after it; a row of a
        # deferred chain comes either chained or unchained with its entry MAC.
        if any(not obj.row_hash and not obj.is_pending_entry() for obj in objs):
            raise PermissionError("chained rows are appended through seri.audit.chain")
        return super().bulk_create(objs, *args, **kwargs)


class ChainedModel(models.Model):
    """A table whose rows form a SHA-256 hash chain: append-only, numbered without gaps.

    Rows are appended only by `seri.audit.chain.chain_append`, which numbers and hashes them
    under a lock on the chain's `ChainHead`. A subclass declares which of its fields are hashed
    (`chain_fields`), which field gets the time of appending (`chain_time_field`), how
    `seri verify` calls it (`chain_label`) and, if it must, its own verify function
    (`chain_verifier`); that is all it takes for `seri verify` to walk it.
    """

    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    prev_hash = models.CharField(max_length=64, editable=False)
    row_hash = models.CharField(max_length=64, editable=False)

    chain_fields: ClassVar[tuple[str, ...]] = ()
    chain_time_field: ClassVar[str] = ""
    chain_label: ClassVar["StrOrPromise"] = ""
    # A function with the signature of seri.audit.chain.verify_chain, for a chain that needs
    # more checks than the hashes (None: verify_chain itself).
    chain_verifier: ClassVar[Callable[..., Any] | None] = None
    # True: rows are inserted unchained (`chain_insert`, no lock) and chained later, in order,
    # by the sequencer (`chain_pending`); such a model adds a nullable `sequence` and an
    # `entry_mac` (see seri.audit.chain).
    chain_deferred: ClassVar[bool] = False

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("chained rows are never updated")
        if not self.row_hash and not self.is_pending_entry():
            raise PermissionError("chained rows are appended through seri.audit.chain")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("chained rows are never deleted")

    def is_pending_entry(self) -> bool:
        """A new row of a deferred chain, not yet chained but carrying its entry MAC."""
        return (
            self.chain_deferred
            and self.sequence is None
            and not self.row_hash
            and isinstance(mac := getattr(self, "entry_mac", None), str)
            and len(mac) == 64
        )


class ChainHead(models.Model):
    """The last sequence number and hash of one chain, one row per chain.

    Appenders lock this row, so that rows are numbered strictly in order whatever the number of
    writers; `seri verify` compares it with the last row, so that rows deleted from the end of a
    chain are noticed too.
    """

    name = models.CharField(max_length=100, primary_key=True)
    sequence = models.PositiveBigIntegerField(default=0)
    row_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.name} @ {self.sequence}"


class DetailCase(models.Func):
    """`detail["case"]` as text: the case that a note, task, consent, referral or report row is
    about. Written out literally (not with a bound JSON path) so that the query is the very
    expression of the index below, which SQLite needs to use it."""

    output_field = models.CharField()

    def __init__(self, **extra):
        super().__init__(models.F("detail"), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        detail, params = compiler.compile(self.source_expressions[0])
        if connection.vendor == "postgresql":
            return f"({detail} ->> 'case')", params
        return f"json_extract({detail}, '$.case')", params


def _verify_audit_trail(model, **options):
    """The chain's own checks, then the subjects of the rows about many people."""
    from seri.audit.subjects import verify_audit_trail

    return verify_audit_trail(model, **options)


class AuditEvent(ChainedModel):
    """Who did what to which record, when, acting for which organisation.

    `detail` holds identifiers and field names, never identifying values. Rows are inserted
    unchained in the transaction of what they record and chained by the sequencer within
    seconds (`chain_deferred`): `sequence`, `prev_hash` and `row_hash` are empty until then,
    and `entry_mac` (a keyed hash of the content) shows whether the row was changed meanwhile.
    """

    sequence = models.PositiveBigIntegerField(unique=True, null=True, editable=False)  # type: ignore[assignment]  # NULL until chained
    entry_mac = models.CharField(max_length=64, blank=True, db_default="", editable=False)

    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(max_length=40)
    # no index of its own: every query by object_id names the object_type too, and the
    # (object_type, object_id, at) index answers it; two indexes fewer to write (and to
    # write again when the row is chained) for every audited row
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    chain_fields = (
        "at",
        "actor",
        "organisation",
        "action",
        "object_type",
        "object_id",
        "detail",
    )
    chain_time_field = "at"
    chain_label = _("audit trail")
    chain_deferred = True
    chain_verifier = _verify_audit_trail

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"]),
            models.Index(DetailCase(), name="audit_event_detail_case"),
            # The sequencer's queue: the rows not chained yet, oldest first.
            models.Index(
                fields=["id"],
                condition=models.Q(sequence__isnull=True),
                name="audit_event_unchained",
            ),
        ]


class SubjectQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit subjects are never updated")

    def delete(self):
        raise PermissionError("audit subjects are never deleted")


class AuditSubject(models.Model):
    """One of the people an audit row is about, when it is about several (a list of 50 people
    shown is one row, decision 0039): the row's `detail["people"]`, which the chain covers,
    kept here too so that "who saw this person" is an index lookup. Written with the row by
    `seri.audit.subjects.insert_subjects`; `seri verify` checks that both agree."""

    pk = models.CompositePrimaryKey("event", "object_id")
    # No index of its own: the primary key starts with it. No foreign-key constraint either:
    # PostgreSQL would check it for every subject at commit (0.35-0.6 ms a list of 50), and
    # `seri verify` checks more than it would (every subject against its row's list).
    event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="+", db_index=False, db_constraint=False
    )
    object_id = models.CharField(max_length=64)  # of the row's object_type

    objects = SubjectQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["object_id", "event"], name="audit_subject_object")]

    def save(self, *args, **kwargs):
        raise PermissionError("audit subjects are written with their row (seri.audit.subjects)")

    def delete(self, *args, **kwargs):
        raise PermissionError("audit subjects are never deleted")
