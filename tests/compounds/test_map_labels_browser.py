"""The map's place labels are drawn in the shipped fonts, not in leaflet.css's Helvetica and
Arial, which have no Khmer or Chinese: tried in a real browser for #19, the Khmer and Chinese
labels and the attribution showed as boxes on a machine without those fonts."""

import pytest
from playwright.sync_api import expect

from tests.browser import Screen
from tests.conftest import BROWSER_MARKS

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize(
    ("language", "width", "family"),
    [("km", 390, "Noto Sans Khmer"), ("zh-hans", 1280, "Noto Sans SC")],
)
def test_place_labels_use_the_shipped_fonts(
    page, live_server, transactional_db, bob, language, width, family
):
    screen = Screen(page, live_server, language, width).sign_in(bob)
    screen.goto("/compounds/map/")
    label = page.locator(".map-label span").first
    expect(label).to_be_visible()
    for element in (label, page.locator(".leaflet-control-attribution")):
        assert family in element.evaluate("e => getComputedStyle(e).fontFamily")
    screen.check()
