"""Locating a report: locations read out of text, compounds near them, compounds named."""

import pytest

from seri.compounds.locate import (
    FoundLocation,
    compounds_named_in,
    compounds_near,
    haversine_km,
    parse_locations,
    suggest_compounds,
)
from seri.compounds.services import CompoundInput, compound_create


def only(text: str) -> FoundLocation:
    found = parse_locations(text)
    assert len(found) == 1, found
    return found[0]


def close(location: FoundLocation, lat: float, lon: float, places: int = 4) -> bool:
    return round(location.latitude, places) == round(lat, places) and round(
        location.longitude, places
    ) == round(lon, places)


# --- parse_locations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("He is at 10.6305, 103.5052 near the port", 10.6305, 103.5052),
        ("pin: 10.6305,103.5052", 10.6305, 103.5052),
        ("10.6305° N, 103.5052° E", 10.6305, 103.5052),
        ("somewhere south: 33.8688 S, 151.2093 E", -33.8688, 151.2093),
        ("-12.04640, -77.04280", -12.0464, -77.0428),
    ],
)
def test_decimal_coordinates(text, lat, lon):
    location = only(text)
    assert location.source == "coordinates"
    assert close(location, lat, lon)


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("""10°37'49.8"N 103°30'18.7"E""", 10.630500, 103.505194),
        ("10°37′49.8″N, 103°30′18.7″E", 10.630500, 103.505194),  # noqa: RUF001
        ("N 10°37'49.8\" E 103°30'18.7\"", 10.630500, 103.505194),
        ("11°33'S 104°55'W", -11.55, -104.916667),
    ],
)
def test_dms_coordinates(text, lat, lon):
    location = only(text)
    assert location.source == "coordinates"
    assert close(location, lat, lon)


@pytest.mark.parametrize(
    ("text", "source", "lat", "lon"),
    [
        (
            "https://www.google.com/maps/@10.6305,103.5052,17z",
            "google_maps",
            10.6305,
            103.5052,
        ),
        (
            "look https://maps.google.com/?q=10.6305,103.5052 please",
            "google_maps",
            10.6305,
            103.5052,
        ),
        ("https://maps.google.com/maps?ll=10.6305,103.5052&z=15", "google_maps", 10.6305, 103.5052),
        (
            "https://www.google.com/maps/search/?api=1&query=10.6305%2C103.5052",
            "google_maps",
            10.6305,
            103.5052,
        ),
        (
            "https://www.google.com/maps/place/X/@10.60,103.50,15z/data=!3m1!4b1!4m6!3m5"
            "!1s0x0:0x0!8m2!3d10.6305!4d103.5052",
            "google_maps",
            10.6305,
            103.5052,
        ),
        ("https://maps.apple.com/?ll=10.6305,103.5052&q=Pin", "apple_maps", 10.6305, 103.5052),
        ("https://maps.apple.com/?q=10.6305,103.5052", "apple_maps", 10.6305, 103.5052),
        (
            "https://www.openstreetmap.org/#map=17/10.6305/103.5052",
            "openstreetmap",
            10.6305,
            103.5052,
        ),
        (
            "https://www.openstreetmap.org/?mlat=10.6305&mlon=103.5052#map=17/10.6/103.5",
            "openstreetmap",
            10.6305,
            103.5052,
        ),
    ],
)
def test_map_links(text, source, lat, lon):
    location = only(text)
    assert location.source == source
    assert close(location, lat, lon)
    assert location.text.startswith("https://")


@pytest.mark.parametrize(
    ("text", "code", "lat", "lon"),
    [
        # The example of the Open Location Code specification (Zurich).
        ("The driver sent 8FVC9G8F+6X and left.", "8FVC9G8F+6X", 47.3656, 8.5249),
        ("Pin 7p25jgj4+63 near the port", "7p25jgj4+63", 10.6305, 103.5052),
    ],
)
def test_plus_code(text, code, lat, lon):
    location = only(text)
    assert location.source == "plus_code"
    assert location.text == code
    assert abs(location.latitude - lat) < 0.0002
    assert abs(location.longitude - lon) < 0.0002


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no place here at all",
        "95.1234, 103.5052",  # latitude out of range
        "10.1234, 190.5052",  # longitude out of range
        "10°75'00\"N 103°30'00\"E",  # minutes past 60
        "https://www.google.com/maps/@95.0,103.5,17z",
        "https://www.openstreetmap.org/#map=17/abc/103.5",
        "https://example.org/?q=10.6305,103.5052",  # not a map site
        "https://maps.google.com/?q=Sihanoukville",  # a name, no coordinates
        "7P5M5MJX",  # no plus sign: not a code
        "CFGH+2F",  # a short code needs a reference point
        "version 1.2.3, 4.5.6",
        "Call +855 12 345 678, ref 2022.03.10",
        "https://[broken",
    ],
)
def test_malformed_or_absent_gives_nothing(text):
    assert parse_locations(text) == []


def test_several_locations_in_order_each_once():
    text = (
        "First https://maps.apple.com/?ll=11.5564,104.9282 then 10.6305, 103.5052, "
        "and again https://maps.apple.com/?ll=11.5564,104.9282"
    )
    found = parse_locations(text)
    assert [f.source for f in found] == ["apple_maps", "coordinates"]
    assert close(found[0], 11.5564, 104.9282)


def test_found_location_is_frozen():
    location = only("10.6305, 103.5052")
    with pytest.raises(AttributeError):
        location.latitude = 1.0  # type: ignore[misc]


# --- compounds_near, compounds_named_in, suggest_compounds ----------------------------------


@pytest.fixture
def registry(db):
    golden = compound_create(
        actor=None,
        data=CompoundInput(
            name="Golden Lotus Demo Compound",
            province_code="18",
            latitude=10.6305,
            longitude=103.5052,
            aliases=["金莲园区", "កំពង់ផ្កាឈូកមាស", "Khu Sen Vàng"],
        ),
    )
    harbour = compound_create(
        actor=None,
        data=CompoundInput(
            name="Harbour View Demo Park",
            province_code="18",
            latitude=10.6500,  # about 2.2 km north
            longitude=103.5052,
            aliases=["海景园区"],
        ),
    )
    far = compound_create(
        actor=None,
        data=CompoundInput(
            name="Riverside Demo Tower",
            province_code="12",
            latitude=11.5564,
            longitude=104.9282,
        ),
    )
    return {"golden": golden, "harbour": harbour, "far": far}


def test_haversine_known_distance():
    # Phnom Penh to Sihanoukville: about 185 km as the crow flies.
    assert 180 < haversine_km(11.5564, 104.9282, 10.6305, 103.5052) < 190


def test_compounds_near_nearest_first(registry):
    near = compounds_near(10.6300, 103.5052, radius_km=5)
    assert [c for c, _d in near] == [registry["golden"], registry["harbour"]]
    assert near[0][1] < 0.1
    assert 2.0 < near[1][1] < 2.4
    assert compounds_near(10.6300, 103.5052, radius_km=1) == [(registry["golden"], near[0][1])]


def test_compounds_near_bad_input(registry):
    assert compounds_near(95.0, 103.5) == []
    assert compounds_near(10.63, 103.5, radius_km=0) == []


def test_compounds_near_uses_few_queries(registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        compounds_near(10.63, 103.5052)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("My son is held in the Golden Lotus compound", "Golden Lotus Demo Compound"),
        ("我儿子被关在金莲园区，护照被收走", "金莲园区"),  # noqa: RUF001
        ("he said jin lian yuan qu", "金莲园区"),  # pinyin typed without the characters
        ("em bị giữ ở khu sen vang", "Khu Sen Vàng"),  # no diacritics
        ("golden lotos demo compund", "Golden Lotus Demo Compound"),  # typos
    ],
)
def test_compounds_named_in_across_scripts(registry, text, alias):
    matches = compounds_named_in(text)
    assert matches, text
    assert matches[0].compound == registry["golden"]
    assert matches[0].alias == alias
    assert 0.85 <= matches[0].score <= 1.0


def test_compounds_named_in_no_false_match_on_generic_words(registry):
    assert compounds_named_in("He is in a compound near the park") == []
    assert compounds_named_in("") == []


def test_suggest_compounds_by_link_then_name(registry):
    text = (
        "Mother says he is at https://maps.google.com/?q=10.6305,103.5052 "
        "and mentioned Riverside Demo Tower."
    )
    suggestions = suggest_compounds(text)
    compounds = [s.compound for s in suggestions]
    assert compounds[:2] == [registry["golden"], registry["harbour"]]
    assert suggestions[0].reason == "near a location in the text, 0.0 km"
    assert suggestions[1].reason.startswith("near a location in the text, 2.")
    assert compounds[2] == registry["far"]
    assert suggestions[2].reason == "name matches alias Riverside Demo Tower"


def test_suggest_compounds_nothing_found(registry):
    assert suggest_compounds("no place, no name") == []
