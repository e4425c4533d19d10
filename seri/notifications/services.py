"""Writing notices (the system, on events of other apps) and marking them read (their reader).

A notice is stored for each recipient who may see its case and, when e-mail is configured
(SERI_EMAIL_HOST), announced by an e-mail that carries nothing identifying: the case
reference and a link, never a name or a phone number."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from seri.audit.models import AuditAction
from seri.audit.services import AuditEntry, audit_record, audit_record_many
from seri.cases.models import Case
from seri.core.types import Actor
from seri.notifications import permissions
from seri.notifications.models import Notification
from seri.orgs.models import User

logger = logging.getLogger(__name__)


def notify(
    *,
    actor: Actor,
    recipients: Iterable[User | None],
    kind: str,
    case: Case | None,
    key: str,
    params: dict[str, str] | None = None,
) -> list[Notification]:
    """Notify each recipient once per `key` (an event), skipping the actor (who knows) and
    anyone who may not see the case. Audited; e-mails go after the commit."""
    me = getattr(actor, "pk", None)
    wanted: dict[int, User] = {}
    for user in recipients:
        if user is not None and user.pk != me and permissions.may_receive(user, case):
            wanted[user.pk] = user
    already = set(
        Notification.objects.filter(recipient_id__in=wanted, key=key).values_list(
            "recipient_id", flat=True
        )
    )
    new = [
        Notification(recipient=user, kind=kind, case=case, key=key, params=params or {})
        for pk, user in wanted.items()
        if pk not in already
    ]
    if not new:
        return []
    with transaction.atomic():
        made = Notification.objects.bulk_create(new)
        audit_record_many(
            actor=actor,
            entries=[
                AuditEntry(
                    action=AuditAction.CREATE,
                    obj=n,
                    object_type="notification",
                    detail={"kind": kind, "recipient": n.recipient_id},
                )
                for n in made
            ],
        )
        ids = [n.pk for n in made if n.pk is not None]
        if email_enabled() and ids:
            transaction.on_commit(lambda: notifications_email(ids))
    return made


def email_enabled() -> bool:
    return bool(getattr(settings, "SERI_EMAIL_NOTIFICATIONS", False))


def case_link(case: Case | None) -> str:
    path = reverse("case-detail", args=[case.reference]) if case else reverse("notification-list")
    return (settings.SERI_PUBLIC_URL or "").rstrip("/") + path


def recipient_language(user: User) -> str:
    """The language a user's e-mails are written in: theirs, else the site's."""
    known = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in known else settings.LANGUAGE_CODE


def _email_of(notice: Notification) -> tuple[str, str]:
    """Subject and body in the active language."""
    reference = notice.case.reference if notice.case else "—"
    subject = _("Seri: news on case %(case)s") % {"case": reference}
    body = "\n\n".join(
        [
            _("There is news on case %(case)s.") % {"case": reference},
            _("Open it in Seri: %(link)s") % {"link": case_link(notice.case)},
            _("This message says no more on purpose: sign in to read the details."),
        ]
    )
    return subject, body


def notifications_email(ids: list[int]) -> int:
    """Send the e-mail of each notice (after its transaction committed), in its recipient's
    language. A notice whose mail fails stays in the app and keeps `emailed_at` empty; the
    failure is logged without the address. Returns the e-mails sent."""
    sent = 0
    notices = Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).select_related(
        "recipient", "case"
    )
    for notice in notices:
        if not notice.recipient.email:
            continue
        with translation.override(recipient_language(notice.recipient)):
            subject, body = _email_of(notice)
        try:
            send_mail(subject, body, None, [notice.recipient.email], fail_silently=False)
        except OSError as exc:
            logger.warning("notice e-mail %s not sent: %s", notice.pk, type(exc).__name__)
            continue
        Notification.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
        sent += 1
    return sent


def notification_language_remember(*, actor: Actor, language: str) -> bool:
    """Remember the language the user reads Seri in (at login), for their e-mails. Returns
    whether it changed; a language the site does not offer is not remembered."""
    if not isinstance(actor, User) or not permissions.may_set_language(actor):
        raise PermissionError("a user's language is remembered for themselves only")
    if language not in {code for code, _name in settings.LANGUAGES}:
        return False
    user = User.objects.get(pk=actor.pk)
    if recipient_language(user) == language:
        return False  # already theirs (or the site's, which they get by default)
    with transaction.atomic():
        user.language = language
        user.save(update_fields=["language"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=user, detail={"fields": ["language"]}
        )
    actor.language = language
    return True


def notification_mark_read(*, actor: Actor, notification: Notification) -> Notification:
    if not permissions.may_mark_read(actor, notification):
        raise PermissionError("a notice is marked read by its recipient only")
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        audit_record(
            actor=actor, action=AuditAction.UPDATE, obj=notification, detail={"read": True}
        )
    return notification


def notifications_mark_all_read(*, actor: Actor) -> int:
    if actor is None or not actor.is_authenticated:
        raise PermissionError("notices are marked read by their recipient")
    with transaction.atomic():
        count = Notification.objects.filter(recipient_id=actor.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            audit_record(
                actor=actor,
                action=AuditAction.UPDATE,
                object_type="notification",
                detail={"read_all": count},
            )
    return count
