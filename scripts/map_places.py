#!/usr/bin/env python3
"""Write seri/compounds/static/compounds/places.json: the offline map's place labels.

    python scripts/map_places.py

Province labels stand at the point of each province's largest piece farthest from its border
(searched on a grid), named as the shipped outlines name them (English, Khmer, Chinese). The
towns are a short list, written here with their names where the scripts have one; a missing
name falls back to English on the map. tests/compounds/test_map_places.py checks that every
label stands inside its outline.
"""

from __future__ import annotations

import itertools
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "seri" / "compounds" / "static" / "compounds"

# (English, Khmer, Chinese, latitude, longitude, shown from zoom): border and coastal towns
# where compounds are reported, and the capital. Khmer or Chinese left empty where no settled
# name is known. The zoom keeps neighbours' labels apart on the first view (zoom 7).
TOWNS = [
    ("Phnom Penh", "ភ្នំពេញ", "金边", 11.5564, 104.9282, 5),
    ("Sihanoukville", "ព្រះសីហនុ", "西哈努克城", 10.6253, 103.5234, 6),
    ("Bavet", "បាវិត", "巴域", 11.0633, 106.1372, 6),
    ("Poipet", "ប៉ោយប៉ែត", "波贝", 13.6586, 102.5628, 6),
    ("Siem Reap", "សៀមរាប", "暹粒", 13.3633, 103.8564, 7),
    ("Battambang", "បាត់ដំបង", "马德望", 13.0957, 103.2022, 7),
    ("Koh Kong", "កោះកុង", "戈公", 11.6175, 102.9842, 7),
    ("Kampot", "កំពត", "贡布", 10.6104, 104.1815, 8),
    ("O'Smach", "អូរស្មាច់", "", 14.4267, 103.7181, 7),
    ("Myawaddy", "", "妙瓦底", 16.6887, 98.5085, 5),
    ("Golden Triangle SEZ", "", "金三角经济特区", 20.3600, 100.1000, 5),
]
SMALL = 0.05  # square degrees: provinces smaller than this (Kep) are named from zoom 8


def _rings(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _area(ring: list[list[float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)))


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _edge_distance(x: float, y: float, ring: list[list[float]]) -> float:
    best = math.inf
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        dx, dy = x2 - x1, y2 - y1
        length = dx * dx + dy * dy
        t = 0.0 if length == 0 else max(0, min(1, ((x - x1) * dx + (y - y1) * dy) / length))
        best = min(best, math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)))
    return best


def label_point(geometry: dict) -> tuple[float, float]:
    """The grid point of the largest piece farthest from its border and holes (lon, lat)."""
    polygon = max(_rings(geometry), key=lambda rings: _area(rings[0]))
    ring, holes = polygon[0], polygon[1:]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    steps = 40
    best, where = -1.0, (xs[0], ys[0])
    for i in range(1, steps):
        for j in range(1, steps):
            x = min(xs) + (max(xs) - min(xs)) * i / steps
            y = min(ys) + (max(ys) - min(ys)) * j / steps
            if not _inside(x, y, ring) or any(_inside(x, y, hole) for hole in holes):
                continue
            if (d := min(_edge_distance(x, y, r) for r in polygon)) > best:
                best, where = d, (x, y)
    return round(where[0], 4), round(where[1], 4)


def main() -> None:
    outlines = json.loads((STATIC / "cambodia-provinces.geojson").read_text(encoding="utf-8"))
    provinces = []
    for feature in outlines["features"]:
        p = feature["properties"]
        lon, lat = label_point(feature["geometry"])
        # A province named like its main town shown from the same zoom (Phnom Penh, Siem Reap,
        # Battambang, Koh Kong): one label, the town's.
        if any(p["name_en"] == town[0] and town[5] <= 7 for town in TOWNS):
            continue
        provinces.append(
            {
                "code": p["cambodia_code"],
                "lat": lat,
                "lon": lon,
                "name_en": p["name_en"],
                "name_km": p.get("name_km", ""),
                "name_zh": p.get("name_zh", ""),
                "zoom": 8
                if _area(max(_rings(feature["geometry"]), key=lambda r: _area(r[0]))[0]) / 2 < SMALL
                else 7,
            }
        )
    towns = [
        {"lat": lat, "lon": lon, "name_en": en, "name_km": km, "name_zh": zh, "zoom": zoom}
        for en, km, zh, lat, lon, zoom in TOWNS
    ]
    out = STATIC / "places.json"
    out.write_text(
        json.dumps({"provinces": provinces, "towns": towns}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"{len(provinces)} provinces, {len(towns)} towns -> {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
