"""In-app notices for one user, about one case. The text is never stored: `kind` + `params`
are rendered in the reader's language (seri.notifications.kinds)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from seri.notifications.kinds import NoticeKind, notice_text


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=24, choices=NoticeKind.choices)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # Parameters of the text: organisation short names, dates. Never a person's details.
    params = models.JSONField(default=dict, blank=True)
    # What the notice is about, so one event notifies once (e.g. "task:12:2026-12-03").
    key = models.CharField(max_length=80)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="one_notice_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id}"

    @property
    def text(self) -> str:
        return notice_text(self.kind, self.params, self.case.reference if self.case else "—")
