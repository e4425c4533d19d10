"""The home page's urgent list: open cases in danger or needing care, not people already safe."""

import pytest

from seri.cases.models import CaseStatus, Urgency
from seri.cases.selectors import dashboard_for_user
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_people_already_safe_are_not_urgent(ngo, bob):
    held = CaseFactory(organisation=ngo, urgency=Urgency.IMMEDIATE_DANGER)
    unwell = CaseFactory(
        organisation=ngo, urgency=Urgency.MEDICAL, status=CaseStatus.CONFIRMED_IN_COMPOUND
    )
    safe = [
        CaseFactory(organisation=ngo, urgency=Urgency.IMMEDIATE_DANGER, status=status)
        for status in (CaseStatus.RELEASED_RESCUED, CaseStatus.IN_SUPPORT, CaseStatus.REPATRIATED)
    ]
    CaseFactory(organisation=ngo, urgency=Urgency.NORMAL)
    urgent = dashboard_for_user(bob).urgent_cases
    assert set(urgent) == {held, unwell}
    assert not set(urgent) & set(safe)
