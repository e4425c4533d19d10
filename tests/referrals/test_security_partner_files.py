"""The files of a referred case reach a partner only through the sections its referral
shares: a report's attachment (`/intake/files/…`) with the reports, an evidence file's
preview and shareable copy with the evidence, like the pages and downloads that
tests/referrals/test_partner_doors.py walks."""

import pytest

from seri.referrals.models import SharedSection
from tests.referrals.test_partner_doors import referred  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

DOORS = [
    ("reports", lambda seen: f"/intake/files/{seen.report.attachments.get().public_id}/"),
    ("evidence", lambda seen: f"/evidence/{seen.evidence.public_id}/preview/"),
    ("evidence", lambda seen: f"/evidence/{seen.evidence.public_id}/shareable/"),
    ("reports", lambda seen: f"/channels/reports/{seen.report.public_id}/"),
]
IDS = ["report file", "evidence preview", "evidence shareable", "report thread"]


@pytest.mark.parametrize(("section", "url"), DOORS, ids=IDS)
def test_a_file_of_a_section_not_shared_is_not_served(referred, section, url):  # noqa: F811
    seen = referred([s for s in SharedSection if s != section])
    assert seen.client.get(url(seen)).status_code in (403, 404)


@pytest.mark.parametrize(("section", "url"), DOORS[:2], ids=IDS[:2])
def test_a_file_of_a_shared_section_is_served(referred, section, url):  # noqa: F811
    seen = referred([section])
    answer = seen.client.get(url(seen))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
