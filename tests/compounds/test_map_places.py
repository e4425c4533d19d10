"""The offline map's place labels (compounds/places.json, written by scripts/map_places.py):
each stands inside its outline, and the map shows them in the reader's language with the
shipped fonts, at a desk and on a phone."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from seri.demo.geo import on_land_in
from seri.orgs.models import Role
from tests.browser import Screen
from tests.conftest import BROWSER_MARKS
from tests.factories import UserFactory

STATIC = Path(__file__).resolve().parents[2] / "seri" / "compounds" / "static" / "compounds"


def places() -> dict:
    return json.loads((STATIC / "places.json").read_text(encoding="utf-8"))


def _inside(lon, lat, ring) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_land(lat, lon) -> bool:
    """Inside one of the region's admin-1 outlines (the map's own, sea-admin1.geojson)."""
    region = json.loads((STATIC / "sea-admin1.geojson").read_text(encoding="utf-8"))
    for feature in region["features"]:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        if any(_inside(lon, lat, polygon[0]) for polygon in polygons):
            return True
    return False


def test_every_province_label_stands_inside_its_province():
    provinces = places()["provinces"]
    assert len(provinces) >= 18
    for province in provinces:
        assert on_land_in(province["code"], province["lat"], province["lon"]), province
        assert province["name_en"] and province["name_km"] and province["name_zh"]


def test_every_town_stands_on_land_and_is_named_in_english():
    towns = places()["towns"]
    assert {"Phnom Penh", "Sihanoukville", "Bavet", "Poipet"} <= {t["name_en"] for t in towns}
    for town in towns:
        assert on_land(town["lat"], town["lon"]), town["name_en"]


@pytest.mark.parametrize(
    ("language", "width", "province", "town"),
    [
        pytest.param("km", 1280, "កំពង់ចាម", "ភ្នំពេញ", id="km-desk"),
        pytest.param("zh-hans", 390, "磅湛省", "金边", id="zh-phone"),
        pytest.param("en", 390, "Kampong Cham", "Phnom Penh", id="en-phone"),
    ],
)
@BROWSER_MARKS[0]
@BROWSER_MARKS[1]
def test_the_map_names_places_in_the_readers_language_with_the_shipped_fonts(
    page, live_server, transactional_db, ngo, language, width, province, town
):
    investigator = UserFactory(username="ivan", membership=(ngo, Role.INVESTIGATOR))
    screen = Screen(page, live_server, language, width).sign_in(investigator)
    screen.goto("/compounds/map/")
    # (No compound: the map stays on all of Cambodia, where province names show.)
    page.locator(".province-label").filter(has_text=province).wait_for()
    expect(page.locator(".town-label").filter(has_text=town)).to_be_visible()
    # The page's text is drawn with the fonts Seri ships, fetched from its own static files.
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    expected = {"km": "Noto Sans Khmer", "zh-hans": "Noto Sans SC", "en": "Noto Sans"}[language]
    assert any(family.strip("\"'") == expected for family in loaded), loaded
    screen.check()
    folder = os.environ.get("SERI_SCREENSHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"map-places-{language}-{width}.png"))
