"""Who hears of what: one function per event, called by the service that made the event
(referrals), by a signal receiver (duplicates, reporters' additions) or by a daily command
(tasks falling due)."""

import datetime as dt

from django.db.models import Q

from seri.cases.models import Case, Task
from seri.core.types import Actor
from seri.notifications.kinds import NoticeKind
from seri.notifications.services import notify
from seri.referrals.models import Referral, ReferralStatus


def referral_answered(*, actor: Actor, referral: Referral) -> None:
    """The sender and the case's caseworker hear that the partner accepted or declined."""
    kind = {
        ReferralStatus.ACCEPTED: NoticeKind.REFERRAL_ACCEPTED,
        ReferralStatus.DECLINED: NoticeKind.REFERRAL_DECLINED,
    }.get(referral.status)  # type: ignore[call-overload]
    if kind is None:
        return
    case = referral.case
    notify(
        actor=actor,
        recipients=[referral.sent_by, case.assigned_to],
        kind=kind,
        case=case,
        key=f"referral:{referral.pk}:{referral.status}",
        params={"org": referral.to_organisation.short_name},
    )


def tasks_due_notify(*, actor: Actor, today: dt.date) -> int:
    """Every open task due today or overdue: its assignee (else the case's caseworker) hears
    once per task and due date. Returns the notices made."""
    made = 0
    tasks = (
        Task.objects.filter(done_at__isnull=True, due_on__lte=today)
        .filter(Q(assigned_to__isnull=False) | Q(case__assigned_to__isnull=False))
        .select_related("case", "assigned_to", "case__assigned_to")
    )
    for task in tasks.iterator():
        due = task.due_on.isoformat() if task.due_on else ""
        made += len(
            notify(
                actor=actor,
                recipients=[task.assigned_to or task.case.assigned_to],
                kind=NoticeKind.TASK_DUE,
                case=task.case,
                key=f"task:{task.pk}:{due}",
                params={"due": due},
            )
        )
    return made


def duplicate_found(*, actor: Actor, candidate_ids: list[int]) -> int:
    """The caseworkers of the cases on both sides of new candidate pairs: one notice per case
    while an earlier one about that case is unread (a person recorded again often brings
    several candidates at once, and the duplicates queue lists them all). The notice names only
    their own case; the other record is for the queue to show. Three queries for the whole
    batch, then one `notify` per case that has no unread notice."""
    from seri.linkage.models import MatchCandidate
    from seri.notifications.models import Notification

    first: dict[int, int] = {}  # person -> the first new candidate pair they are in
    pairs = MatchCandidate.objects.filter(pk__in=candidate_ids).order_by("pk")
    for pk, a, b in pairs.values_list("pk", "person_a_id", "person_b_id"):
        first.setdefault(a, pk)
        first.setdefault(b, pk)
    if not first:
        return 0
    cases = list(
        Case.objects.filter(person_id__in=list(first), assigned_to__isnull=False).select_related(
            "assigned_to"
        )
    )
    unread = set(
        Notification.objects.filter(
            kind=NoticeKind.DUPLICATE_FOUND, read_at__isnull=True, case__in=cases
        ).values_list("recipient_id", "case_id")
    )
    made = 0
    for case in cases:
        if (case.assigned_to_id, case.pk) in unread:
            continue
        made += len(
            notify(
                actor=actor,
                recipients=[case.assigned_to],
                kind=NoticeKind.DUPLICATE_FOUND,
                case=case,
                key=f"candidate:{first[case.person_id]}:{case.pk}",
            )
        )
    return made


def reporter_added(*, actor: Actor, report_id: int) -> int:
    """A reporter added information on the public form: the caseworker of the case that holds
    the first report hears of it."""
    from seri.intake.models import Report

    report = Report.objects.filter(pk=report_id).select_related("follows__case").first()
    case = report.follows.case if report and report.follows else None
    if case is None or case.assigned_to is None:
        return 0
    return len(
        notify(
            actor=actor,
            recipients=[case.assigned_to],
            kind=NoticeKind.REPORTER_ADDED,
            case=case,
            key=f"report:{report_id}",
        )
    )
