import pytest
from rest_framework.test import APIClient

from seri.cases.models import ConsentKind
from seri.cases.services import consent_record
from seri.referrals.services import referral_accept, referral_send


@pytest.fixture
def api():
    """`api(user)`: a client authenticated as `user`; `api()`: an anonymous one."""

    def client_for(user=None) -> APIClient:
        client = APIClient()
        client.default_format = "json"  # the API parses JSON only
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return client_for


@pytest.fixture
def intake_body():
    """`intake_body(**fields)`: a valid intake request with these fields changed."""

    def body(**fields) -> dict:
        return {
            "channel": "hotline",
            "reporter_relation": "family",
            "original_text": "  My brother Testperson Gamma is held in a compound.\n",
            "language": "en",
            "names": [{"value": "Testperson Gamma"}, {"value": "测试人", "kind": "alias"}],
            "gender": "Masculine",
            "age_estimate": 24,
            "nationalities": ["VN"],
            "phones": ["+84 91 234 5678"],
            "urgency": "immediate",
            "exploitation_types": ["ForcedLabour"],
            **fields,
        }

    return body


@pytest.fixture
def referred_case(bobs_case, bob, emma, embassy):
    """bob's case, referred to the embassy with consent and accepted there by emma."""
    consent_record(actor=bob, case=bobs_case, kind=ConsentKind.SHARE_WITH_PARTNERS, given=True)
    referral = referral_send(actor=bob, case=bobs_case, to_organisation=embassy)
    referral_accept(actor=emma, referral=referral)
    return bobs_case
