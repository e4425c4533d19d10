"""Keep the dashboard's summary rows (CaseFact) current as cases, reports and status changes
are written through the services. Bulk loads that bypass signals run `seri stats_refresh`."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from seri.cases.models import Case, StatusChange
from seri.intake.models import Report


def _refresh_later(case_id: int | None) -> None:
    if case_id is None:
        return

    def refresh():
        from seri.stats.services import case_facts_refresh

        case_facts_refresh(cases=Case.objects.filter(pk=case_id))

    transaction.on_commit(refresh)


@receiver(post_save, sender=Case, dispatch_uid="stats-case-fact")
def case_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _refresh_later(instance.pk)


@receiver(post_save, sender=StatusChange, dispatch_uid="stats-status-fact")
def status_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.to_status == "released":
        _refresh_later(instance.case_id)


@receiver(post_save, sender=Report, dispatch_uid="stats-report-fact")
def report_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _refresh_later(instance.case_id)
