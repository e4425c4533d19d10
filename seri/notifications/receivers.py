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


class _NewCandidates(list[int]):
    """The candidate pairs a transaction made, told in one batch after its commit (an intake
    makes up to a hundred). Registered once per transaction: when the transaction (or the
    savepoint that registered it) is rolled back, Django drops it from the connection's
    on-commit list and the next pair starts a new batch."""

    told = False

    def __call__(self) -> None:
        self.told = True
        events.duplicate_found(actor=None, candidate_ids=list(self))


@receiver(post_save, sender=MatchCandidate, dispatch_uid="notify_duplicate_found")
def _candidate_saved(sender, instance: MatchCandidate, created: bool, **kwargs) -> None:
    if not created or kwargs.get("raw"):
        return
    connection = transaction.get_connection(kwargs.get("using"))
    waiting = [
        f
        for _ids, f, _robust in connection.run_on_commit
        if isinstance(f, _NewCandidates) and not f.told
    ]
    if waiting:
        waiting[-1].append(instance.pk)
        return
    batch = _NewCandidates([instance.pk])
    transaction.on_commit(batch, using=kwargs.get("using"))


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
