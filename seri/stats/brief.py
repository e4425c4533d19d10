"""The PDF brief: key figures, a map of compounds and the main charts, in English, Simplified
Chinese or Khmer, rendered by WeasyPrint with the fonts Seri ships (seri/core/fonts.py), so the
PDF does not depend on the fonts installed on the server."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from django.apps import apps
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone, translation

from seri.core.fonts import FAMILY_STACK, font_face_css, shipped_fonts_fetcher
from seri.stats import charts, mse, permissions, selectors, services
from seri.stats.selectors import Filters

LANGUAGES = ("en", "zh-hans", "km")
NAME_KEY = {"en": "name_en", "zh-hans": "name_zh", "km": "name_km"}
MAP_CHARTS = ("status", "nationality", "province", "outcomes", "time_to_safety")


@lru_cache(maxsize=1)
def province_outlines() -> list[dict]:
    """The province outlines the compound registry ships (Natural Earth, see its README)."""
    path = (
        Path(apps.get_app_config("compounds").path)
        / "static"
        / "compounds"
        / "cambodia-provinces.geojson"
    )
    if not path.exists():
        return []
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def compound_map_svg(
    facts, provinces: list[tuple[str, int]], language: str, *, width: int = 620
) -> tuple[str, list[tuple]]:
    """Province outlines with a dot per compound sized by its cases (counted from the
    dashboard's summary rows); and the table beside it: the ten provinces with most cases,
    named in the brief's language."""
    from seri.compounds.models import Compound

    features = province_outlines()
    west, east, south, north = 102.3, 107.7, 10.3, 14.75
    height = int(width * (north - south) / (east - west))

    def xy(lon, lat):
        return (lon - west) / (east - west) * width, (north - lat) / (north - south) * height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">',
        f'<rect width="{width}" height="{height}" fill="#f3f7fa"/>',
    ]
    for feature in features:
        for ring in _rings(feature["geometry"]):
            points = " ".join("{:.1f},{:.1f}".format(*xy(lon, lat)) for lon, lat in ring)
            parts.append(
                f'<polygon points="{points}" fill="#ffffff" stroke="#8aa1b1" stroke-width="0.8"/>'
            )
    located = dict(
        facts.exclude(compound=None).values_list("compound").annotate(n=Count("*")).order_by()
    )
    places = Compound.objects.filter(pk__in=located, latitude__isnull=False).values_list(
        "pk", "latitude", "longitude"
    )
    # latitude__isnull=False above: both coordinates are set
    per_compound = [
        (lat, lon, located[pk]) for pk, lat, lon in places if lat is not None and lon is not None
    ]
    biggest = max((n for _lat, _lon, n in per_compound), default=1)
    for lat, lon, n in per_compound:
        x, y = xy(float(lon), float(lat))
        radius = 3 + 12 * (n / biggest) ** 0.5
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="#c0392b" '
            'fill-opacity="0.6" stroke="#7b1d14" stroke-width="0.8"/>'
        )
    parts.append("</svg>")
    # Provinces by cases, named in the brief's language from the outlines' own names.
    names = {f["properties"]["name_en"]: f["properties"] for f in features}
    aliases = {"Preah Sihanouk": "Sihanoukville", "Siem Reap": "Siemreap"}
    table = []
    for province, n in provinces[:10]:
        props = names.get(aliases.get(province, province)) or names.get(province)
        label = props.get(NAME_KEY[language]) if props else None
        table.append((label or province, n))
    return "".join(parts), table


def brief_context(*, user, language: str, filters: Filters) -> dict:
    data = services.dashboard(user, filters)  # refuses a role without statistics
    facts = selectors.apply_fact_filters(selectors.stats_facts(user), filters)
    by_province = data.chart("province")
    (counts,) = by_province.series.values()
    map_svg, provinces = compound_map_svg(
        facts, list(zip(by_province.labels, counts, strict=True)), language
    )
    estimate = None
    if permissions.is_coordinator(user) and not filters.describe():
        try:
            estimate = mse.estimate(services.seri_capture_histories(), bootstrap=0).as_dict()
        except mse.EstimateRefused as exc:
            estimate = {"refused": str(exc)}
    drawn = [(c, charts.svg(c, width=620)) for c in data.charts if c.key in MAP_CHARTS]
    return {
        "data": data,
        "charts": drawn,
        "map_svg": map_svg,
        "provinces": provinces,
        "estimate": estimate,
        "filters": filters.describe(),
        "generated": timezone.now(),
        "coalition": permissions.is_coordinator(user),
        "LANGUAGE_CODE": language,
    }


def render_brief(*, user, language: str = "en", filters: Filters | None = None) -> bytes:
    import logging

    # WeasyPrint logs every rendering step at INFO, from its import on.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    with translation.override(language):
        html = render_to_string(
            "stats/brief.html",
            brief_context(user=user, language=language, filters=filters or Filters())
            | {"font_stack": FAMILY_STACK},
        )
    font_config = FontConfiguration()
    fetcher = shipped_fonts_fetcher()
    shipped = CSS(string=font_face_css(html), font_config=font_config, url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[shipped], font_config=font_config
    )
