"""Notices for events other apps make, without touching their code: a new possible-duplicate
pair (seri.linkage) and a reporter's addition on the public form (seri.intake). Both run after
the commit of the transaction that made them, as the system. And the language a user logs in
with, remembered for their e-mails."""

from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from seri.intake.models import Report
from seri.linkage.models import MatchCandidate
from seri.notifications import events, services


@receiver(post_save, sender=MatchCandidate, dispatch_uid="notify_duplicate_found")
def _candidate_saved(sender, instance: MatchCandidate, created: bool, **kwargs) -> None:
    if created and not kwargs.get("raw"):
        pk = instance.pk
        transaction.on_commit(lambda: events.duplicate_found(actor=None, candidate_ids=[pk]))


@receiver(post_save, sender=Report, dispatch_uid="notify_reporter_added")
def _report_saved(sender, instance: Report, created: bool, **kwargs) -> None:
    if created and instance.follows_id and not kwargs.get("raw"):
        pk = instance.pk
        transaction.on_commit(lambda: events.reporter_added(actor=None, report_id=pk))


@receiver(user_logged_in, dispatch_uid="remember_user_language")
def _logged_in(sender, request, user, **kwargs) -> None:
    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    if language:
        services.notification_language_remember(actor=user, language=language)
