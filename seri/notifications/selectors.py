"""Reading a user's notices, tasks and the counts the navigation shows (counts only)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from seri.cases.models import Task
from seri.cases.scoping import cases_visible_to
from seri.core.prepared import prepared
from seri.core.types import Actor
from seri.notifications.models import Notification
from seri.orgs.permissions import all_org_ids, org_ids_writing_cases
from seri.referrals.models import Referral, ReferralStatus


def notifications_for(user: Actor) -> QuerySet[Notification]:
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).select_related("case")


@dataclass
class MyTasks:
    overdue: list[Task]
    due: list[Task]  # due today or later, or with no date
    done: list[Task]


def my_tasks(user: Actor, *, today: dt.date, done_limit: int = 50) -> MyTasks:
    """Tasks assigned to the user, or on cases assigned to them, among the cases they see."""
    if user is None or not user.is_authenticated:
        return MyTasks([], [], [])
    tasks = (
        Task.objects.filter(case__in=cases_visible_to(user))
        .filter(
            Q(assigned_to_id=user.pk) | Q(assigned_to__isnull=True, case__assigned_to_id=user.pk)
        )
        .select_related("case", "assigned_to")
    )
    open_tasks = list(tasks.filter(done_at__isnull=True).order_by("due_on", "id")[:500])
    return MyTasks(
        overdue=[t for t in open_tasks if t.due_on and t.due_on < today],
        due=[t for t in open_tasks if not t.due_on or t.due_on >= today],
        done=list(tasks.filter(done_at__isnull=False).order_by("-done_at", "-id")[:done_limit]),
    )


@prepared
def _unread_notices(user_id: int) -> QuerySet:
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)


@prepared
def _untriaged_reports(organisation_ids: tuple[int, ...]) -> QuerySet:
    from seri.intake.models import TriageState
    from seri.intake.selectors import triage_reports_of

    return triage_reports_of(organisation_ids).filter(
        case__isnull=True, triage_state=TriageState.NEW
    )


@prepared
def _referrals_waiting(organisation_ids: tuple[int, ...]) -> QuerySet:
    return Referral.objects.filter(
        to_organisation_id__in=organisation_ids, status=ReferralStatus.SENT
    )


def nav_counts(user: Actor) -> dict[str, int]:
    """Counts for the navigation, one COUNT query each (prepared: every page asks them):
    untriaged reports, referrals waiting for an answer, unread notices."""
    counts = {"triage": 0, "referrals": 0, "notices": 0}
    if user is None or not user.is_authenticated:
        return counts
    counts["notices"] = _unread_notices.count(user.pk)
    if recording := org_ids_writing_cases(user):  # seri.intake.permissions: who triages
        counts["triage"] = _untriaged_reports.count(tuple(sorted(recording)))
    if mine := all_org_ids(user):
        counts["referrals"] = _referrals_waiting.count(tuple(sorted(mine)))
    return counts
