"""Referral services refuse users without the role, and audit inside their own transaction."""

import pytest
from django.db import transaction

from seri.audit.models import AuditEvent
from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.referrals import services
from seri.referrals.models import Referral, ReferralStatus


@pytest.fixture
def consented_case(bob, bobs_case):
    consent_record(
        actor=bob,
        case=bobs_case,
        kind=ConsentKind.SHARE_WITH_PARTNERS,
        given=True,
        given_by="the person (synthetic)",
    )
    return bobs_case


def test_only_the_receiver_answers_and_only_a_writer_refers(
    bob, vera, charlie, emma, embassy, consented_case
):
    with pytest.raises(PermissionError):
        services.referral_send(actor=vera, case=consented_case, to_organisation=embassy)
    referral = services.referral_send(actor=bob, case=consented_case, to_organisation=embassy)
    with pytest.raises(PermissionError):
        services.referral_accept(actor=charlie, referral=referral)
    with pytest.raises(PermissionError):
        services.referral_accept(actor=bob, referral=referral)
    services.referral_accept(actor=emma, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED


def test_the_audit_row_is_written_and_undone_with_the_write(bob, embassy, consented_case):
    events = AuditEvent.objects.count()
    with transaction.atomic():
        services.referral_send(actor=bob, case=consented_case, to_organisation=embassy)
        assert AuditEvent.objects.count() > events
        transaction.set_rollback(True)
    assert not Referral.objects.filter(case=consented_case).exists()
    assert AuditEvent.objects.count() == events
