"""A partner's case list: its own cases and the cases referred to it and accepted, merged
newest first and paged as one list (seri.cases.scoping reads the referred cases' keys first)."""

import re

import pytest
from django.urls import reverse

from seri.cases import scoping
from seri.referrals.models import Referral, ReferralStatus
from tests.conftest import login
from tests.factories import CaseFactory, PersonFactory


def _refer(case, to, by, status=ReferralStatus.ACCEPTED):
    return Referral.objects.create(
        case=case,
        from_organisation=case.organisation,
        to_organisation=to,
        sent_by=by,
        status=status,
    )


def _references(response) -> list[str]:
    return re.findall(r"/cases/([A-Z0-9]{4}-[A-Z0-9]{4})/", response.text)


@pytest.fixture
def mixed(ngo, other_ngo, bob, charlie):
    """Charlie's organisation: two own cases and, between them in time, two cases of Bob's
    organisation referred to it (one accepted, one only sent), and one never referred."""
    own_old = CaseFactory(organisation=other_ngo, person=PersonFactory(organisation=other_ngo))
    referred = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo))
    _refer(referred, other_ngo, bob)
    sent = CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo))
    _refer(sent, other_ngo, bob, status=ReferralStatus.SENT)
    CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo))
    own_new = CaseFactory(organisation=other_ngo, person=PersonFactory(organisation=other_ngo))
    return [own_new.reference, referred.reference, own_old.reference]


def _listed(charlie, settings, page_size=2) -> list[str]:
    settings.SERI_PAGE_SIZE = page_size
    client = login(charlie)
    first = client.get(reverse("case-list"))
    second = client.get(reverse("case-list"), {"page": "2"})
    assert first.status_code == second.status_code == 200
    return list(dict.fromkeys(_references(first))) + list(dict.fromkeys(_references(second)))


def test_own_and_accepted_referred_cases_are_one_list_newest_first(charlie, settings, mixed):
    assert _listed(charlie, settings) == mixed


def test_the_same_list_when_the_referred_cases_are_too_many_to_name(
    charlie, settings, mixed, monkeypatch
):
    # Past the threshold the referred cases are a subquery instead of a list of keys.
    monkeypatch.setattr(scoping, "REFERRED_AS_LIST_UP_TO", 0)
    assert _listed(charlie, settings) == mixed


def test_a_partner_without_referrals_sees_only_its_own_cases(bob, ngo, other_ngo, charlie):
    mine = CaseFactory(organisation=other_ngo, person=PersonFactory(organisation=other_ngo))
    CaseFactory(organisation=ngo, person=PersonFactory(organisation=ngo))
    assert set(scoping.cases_visible_to(charlie).values_list("reference", flat=True)) == {
        mine.reference
    }
