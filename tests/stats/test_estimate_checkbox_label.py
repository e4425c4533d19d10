"""The estimate form's checkbox sits inside its label, on one line, with no colon after it
(it showed alone, its label on the next line as "候选模型的平均:", #19 tried in a browser)."""

import re

import pytest

from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_the_checkbox_is_inside_its_label(coordinator):
    html = login(coordinator).get("/stats/estimate/").content.decode()
    checkbox = re.search(r'<input type="checkbox"[^>]*>', html)
    assert checkbox
    before = html[: checkbox.start()]
    assert before.rfind("<label") > before.rfind("</label>")
    after = html[checkbox.end() :]
    assert not re.match(r"\s*[^<]*:</label>", after)
