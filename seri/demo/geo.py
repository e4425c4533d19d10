"""Where a demo compound may stand: on land, inside its province's outline (the offline map's
own GeoJSON, seri/compounds/static/compounds/cambodia-provinces.geojson)."""

import functools
import json
from pathlib import Path

OUTLINES = (
    Path(__file__).resolve().parent.parent
    / "compounds"
    / "static"
    / "compounds"
    / "cambodia-provinces.geojson"
)

Ring = list[list[float]]


@functools.cache
def _polygons_by_code() -> dict[str, list[list[Ring]]]:
    features = json.loads(OUTLINES.read_text(encoding="utf-8"))["features"]
    by_code: dict[str, list[list[Ring]]] = {}
    for feature in features:
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        by_code[feature["properties"]["cambodia_code"]] = polygons
    return by_code


def _in_ring(lon: float, lat: float, ring: Ring) -> bool:
    """Ray casting: a ray to the east crosses the ring's edges an odd number of times."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def on_land_in(province_code: str, lat: float, lon: float) -> bool:
    """Inside the province's outline (outer ring, outside its holes)."""
    for rings in _polygons_by_code().get(province_code, []):
        if _in_ring(lon, lat, rings[0]) and not any(_in_ring(lon, lat, h) for h in rings[1:]):
            return True
    return False
