"""Keep the dashboard's summary rows (CaseFact and its tags) current as cases, reports, status
changes, nationalities and compounds are written through the services. Bulk loads that bypass
signals run `seri stats_refresh`."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from seri.cases.models import Case, Nationality, Person, StatusChange
from seri.compounds.models import Compound
from seri.intake.models import Report


def _refresh_later(cases) -> None:
    """After the commit (nothing is summarised that is rolled back)."""

    def refresh():
        from seri.stats.services import case_facts_refresh

        case_facts_refresh(cases=cases)

    transaction.on_commit(refresh)


@receiver(post_save, sender=Case, dispatch_uid="stats-case-fact")
def case_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(Case.objects.filter(pk=instance.pk))


@receiver(post_save, sender=StatusChange, dispatch_uid="stats-status-fact")
def status_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _refresh_later(Case.objects.filter(pk=instance.case_id))


@receiver(post_save, sender=Report, dispatch_uid="stats-report-fact")
def report_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.case_id:
        _refresh_later(Case.objects.filter(pk=instance.case_id))


@receiver(post_save, sender=Nationality, dispatch_uid="stats-nationality-fact")
@receiver(post_delete, sender=Nationality, dispatch_uid="stats-nationality-fact-gone")
def nationality_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _refresh_later(Case.objects.filter(person_id=instance.person_id))


@receiver(post_save, sender=Person, dispatch_uid="stats-person-fact")
def person_saved(sender, instance, created, raw=False, **kwargs):
    # Sex, date of birth and age are quasi-identifiers of the export.
    if not created and not raw:
        _refresh_later(Case.objects.filter(person_id=instance.pk))


@receiver(post_save, sender=Compound, dispatch_uid="stats-compound-fact")
def compound_saved(sender, instance, created, raw=False, **kwargs):
    if not created and not raw:
        from seri.stats.models import CaseFact

        CaseFact.objects.filter(compound=instance).exclude(
            province=instance.province, qi_exploitation_country=instance.country
        ).update(province=instance.province, qi_exploitation_country=instance.country)
