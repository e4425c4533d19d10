"""A coordinator's path through the statistics pages in headless Chromium: the dashboard,
a filter by nationality, a chart downloaded as PNG, an HTCDS export with its suppression
report, a private table released, and an estimate read from uploaded lists."""

import pytest

from tests.conftest import BROWSER_MARKS
from tests.referrals.test_journey_browser import log_in
from tests.stats.conftest import make_cases

pytestmark = BROWSER_MARKS

UK = "seri/stats/data/uk2013.csv"


@pytest.fixture
def coalition(transactional_db, ngo, other_ngo, coordinator):
    make_cases(ngo, 120, seed=31, author=coordinator)
    make_cases(other_ngo, 80, seed=32, author=coordinator)
    return coordinator


def test_a_coordinator_publishes_safely(page, live_server, coalition, tmp_path):
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone
    log_in(page, live_server, coalition.username)
    page.get_by_role("button", name="Menu").click()  # on a phone the navigation is folded
    page.get_by_role("link", name="Statistics").click()
    assert page.locator(".figure-value").first.inner_text() == "200"
    page.select_option("#id_nationality", "CN")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**nationality=CN**")
    with page.expect_download() as download:
        page.locator("#chart-nationality a[data-png]").click()
    png = tmp_path / "chart.png"
    download.value.save_as(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.get_by_role("link", name="HTCDS export").click()
    page.fill("#id_k", "11")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename.endswith(".zip")  # the HTCDS file and Seri's additions
    page.reload()
    assert page.locator("td.suppressed").first.inner_text().isdigit()

    page.get_by_role("link", name="Private tables").click()
    page.select_option("#id_table", "province")
    page.fill("#id_epsilon", "0.5")
    page.get_by_role("button", name="Release").click()
    assert "0.50 of 3.00" in page.locator(".budget").inner_text()

    page.get_by_role("link", name="Hidden total").click()
    page.set_input_files("#id_histories", UK)
    page.get_by_role("button", name="Estimate").click()
    figures = page.locator(".stats-figures").inner_text()
    assert "11418" in figures.replace(",", "") and "2744" in figures.replace(",", "")
