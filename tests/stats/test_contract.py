"""The statistics writes follow the service contract: the rule is checked inside the service
(PermissionError for a role without it), and the audit row is written in the same
transaction as the release or the export record."""

import pytest
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.stats.models import DPRelease, ExportRecord, PrivacyBudget
from seri.stats.services import dp_release_create, export_create
from tests.conftest import login
from tests.stats.conftest import make_cases


class Rollback(Exception):
    pass


def _audited(model) -> int:
    return AuditEvent.objects.filter(object_type__icontains=model._meta.model_name).count()


@pytest.mark.django_db
def test_a_release_by_a_role_without_the_rule_is_refused(ngo, alice, bob):
    make_cases(ngo, 30, seed=3)
    for user in (alice, bob):
        with pytest.raises(PermissionError):
            dp_release_create(actor=user, table="month", epsilon=0.1)
    assert not DPRelease.objects.exists()
    assert not PrivacyBudget.objects.filter(spent_epsilon__gt=0).exists()


@pytest.mark.django_db
def test_an_export_by_a_role_without_the_rule_is_refused(ngo, bob, vera):
    make_cases(ngo, 30, seed=3)
    for user in (bob, vera):
        with pytest.raises(PermissionError):
            export_create(actor=user, fmt="csv", k=2)
    assert not ExportRecord.objects.exists()
    # on the web: the 403 page, not a traceback
    assert login(bob).get("/stats/export/").status_code == 403


@pytest.mark.django_db(transaction=True)
def test_release_and_its_audit_row_commit_or_roll_back_together(ngo, coordinator):
    make_cases(ngo, 30, seed=4)
    with pytest.raises(Rollback), transaction.atomic():
        dp_release_create(actor=coordinator, table="month", epsilon=0.2)
        assert DPRelease.objects.count() == 1 and _audited(DPRelease) == 1
        raise Rollback
    assert DPRelease.objects.count() == 0 and _audited(DPRelease) == 0
    dp_release_create(actor=coordinator, table="month", epsilon=0.2)
    assert DPRelease.objects.count() == 1 and _audited(DPRelease) == 1


@pytest.mark.django_db(transaction=True)
def test_export_record_and_its_audit_row_commit_or_roll_back_together(ngo, alice):
    make_cases(ngo, 60, seed=5)
    with pytest.raises(Rollback), transaction.atomic():
        export_create(actor=alice, fmt="csv", k=2)
        assert ExportRecord.objects.count() == 1 and _audited(ExportRecord) == 1
        raise Rollback
    assert ExportRecord.objects.count() == 0 and _audited(ExportRecord) == 0
    export_create(actor=alice, fmt="csv", k=2)
    assert ExportRecord.objects.count() == 1 and _audited(ExportRecord) == 1
