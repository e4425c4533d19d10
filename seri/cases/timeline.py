"""The case's own events on its timeline (seri.cases.timeline_events), in the reader's
language. Registered when the app is ready. The free text of each (a reason, a task's title,
an assignee's name) stays in the entry's encrypted text."""

from django.utils.translation import gettext_lazy as _

from seri.cases.models import CaseStatus, ConsentKind
from seri.cases.timeline_events import Event

STATUS_CHANGED = "case.status_changed"  # params: from, to (statuses); text: the reason
ASSIGNED = "case.assigned"  # text: the assignee's name
UNASSIGNED = "case.unassigned"
CONSENT_GIVEN = "consent.given"  # params: kind
CONSENT_REFUSED = "consent.refused"  # params: kind
TASK_ADDED = "task.added"  # text: the task's title
TASK_DONE = "task.done"  # text: the task's title

EVENTS = {
    STATUS_CHANGED: Event(_("%(from)s → %(to)s"), labels={"from": CaseStatus, "to": CaseStatus}),
    ASSIGNED: Event(_("Assigned to %s"), positional="text"),
    UNASSIGNED: Event(_("Unassigned")),
    CONSENT_GIVEN: Event(_("Consent given: %s"), labels={"kind": ConsentKind}, positional="kind"),
    CONSENT_REFUSED: Event(
        _("Consent refused: %s"), labels={"kind": ConsentKind}, positional="kind"
    ),
    TASK_ADDED: Event(_("Task added: %s"), positional="text"),
    TASK_DONE: Event(_("Task done: %s"), positional="text"),
}
