"""The referral form asks for a reason to share without consent only when there is none."""

import pytest
from django.urls import reverse

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from tests.conftest import login

pytestmark = pytest.mark.django_db

FIELD = 'name="consent_override_reason"'


def test_the_reason_is_asked_only_without_consent(alice, bobs_case):
    client = login(alice)
    url = reverse("case-detail", args=[bobs_case.reference])
    assert FIELD in client.get(url).text
    consent_record(actor=alice, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    assert FIELD not in client.get(url).text
    consent_record(actor=alice, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=False)
    assert FIELD in client.get(url).text  # withdrawn: the reason is asked again
