"""The demo's compounds stand on land, inside their province's outline on the offline map."""

import random

import pytest

from seri.compounds import gazetteer
from seri.demo.geo import on_land_in
from seri.demo.services import DEMO_COMPOUNDS, _DemoBuilder


def test_the_outline_check_tells_land_from_sea():
    assert on_land_in("18", 10.6253, 103.5234)  # Sihanoukville town
    assert not on_land_in("18", 10.55, 103.30)  # the Gulf of Thailand, west of it
    assert not on_land_in("09", 10.6253, 103.5234)  # land, but another province


@pytest.mark.parametrize("seed", range(20))
def test_every_demo_compound_is_placed_on_land_in_its_province(seed):
    builder = _DemoBuilder(random.Random(seed))
    for _name, province in DEMO_COMPOUNDS:
        lat, lon = builder._on_land(province)
        assert on_land_in(gazetteer.province(province).code, lat, lon)
