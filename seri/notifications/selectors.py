"""Reading a user's notices, tasks and the counts the navigation shows (counts only)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Func, IntegerField, Q, QuerySet, Subquery

from seri.cases.models import Task
from seri.cases.scoping import cases_visible_to
from seri.core.types import Actor
from seri.notifications.models import Notification
from seri.orgs.models import User
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


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of `queryset`, as a scalar subquery."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=IntegerField(),
    )


def nav_counts(user: Actor) -> dict[str, int]:
    """Counts for the navigation, asked in one query (on every page): untriaged reports,
    referrals waiting for an answer, unread notices."""
    from seri.intake.models import TriageState
    from seri.intake.selectors import triage_reports

    if user is None or not user.is_authenticated:
        return {"triage": 0, "referrals": 0, "notices": 0}
    counts = {"notices": _count(notifications_for(user).filter(read_at__isnull=True))}
    if org_ids_writing_cases(user):
        counts["triage"] = _count(
            triage_reports(user).filter(case__isnull=True, triage_state=TriageState.NEW)
        )
    mine = all_org_ids(user)
    if mine:
        counts["referrals"] = _count(
            Referral.objects.filter(to_organisation_id__in=mine, status=ReferralStatus.SENT)
        )
    # The user's own row carries the three subqueries: one round trip instead of three.
    row = User.objects.filter(pk=user.pk).annotate(**counts).values(*counts).first() or {}
    return {"triage": 0, "referrals": 0, **{name: row.get(name) or 0 for name in counts}}
