"""A report's language is named in the reader's language, not shown as its stored code
("· vi" on a Khmer triage page, tried in a browser for #19)."""

import pytest
from django.utils import translation

from seri.core.vocabularies import language_name
from seri.intake.services.public import PublicReportInput, public_report_submit
from tests.conftest import login


@pytest.mark.parametrize("reader", ["km", "zh-hans", "en"])
def test_the_triage_queue_names_the_report_language(db, ngo, bob, reader):
    public_report_submit(
        organisation=ngo,
        data=PublicReportInput(
            account="Em trai tôi bị nhốt trong một tòa nhà. (synthetic test)",
            reporter_relation="family",
            language="vi",
        ),
    )
    client = login(bob)
    client.cookies["django_language"] = reader
    html = client.get("/intake/triage/").content.decode()
    with translation.override(reader):
        name = language_name("vi")
    assert name != "vi" and f" · {name}" in html
    assert " · vi<" not in html and " · vi " not in html


def test_a_source_list_and_page_name_the_source_language(db, ngo):
    from seri.evidence.services import SourceInput, source_create
    from seri.orgs.models import Role
    from tests.factories import UserFactory

    ivan = UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))
    source = source_create(
        actor=None,
        data=SourceInput(kind="media", title="Synthetic article", language="th"),
    )
    client = login(ivan)
    client.cookies["django_language"] = "zh-hans"
    with translation.override("zh-hans"):
        name = language_name("th")
    for path in ("/evidence/sources/", f"/evidence/sources/{source.public_id}/"):
        html = client.get(path).content.decode()
        assert name in html, path
