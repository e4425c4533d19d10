"""Checking a compound's outline: a GeoJSON (RFC 7946) Polygon or MultiPolygon in WGS84."""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_POINTS = 5000


def _position(value) -> bool:
    if not isinstance(value, list | tuple) or len(value) not in (2, 3):
        return False
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        return False
    lon, lat = value[0], value[1]
    return math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90


def _ring(ring) -> bool:
    return (
        isinstance(ring, list)
        and len(ring) >= 4
        and all(_position(p) for p in ring)
        and list(ring[0][:2]) == list(ring[-1][:2])
    )


def _polygon(rings) -> bool:
    return isinstance(rings, list) and len(rings) >= 1 and all(_ring(r) for r in rings)


def validate_outline(value) -> dict:
    """The outline as a geometry dict, or a ValidationError on the `outline` field.

    Takes a geometry, a Feature, or a FeatureCollection of one feature, as a dict or JSON text.
    """
    error = ValidationError(
        {"outline": _("Not a GeoJSON polygon: give a Polygon with closed rings of [lon, lat].")}
    )
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise error from None
    if isinstance(value, dict) and value.get("type") == "FeatureCollection":
        features = value.get("features") or []
        if len(features) != 1:
            raise error
        value = features[0]
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    if not isinstance(value, dict):
        raise error
    kind, coords = value.get("type"), value.get("coordinates") or []
    if kind == "Polygon" and _polygon(coords):
        points: int = sum(len(r) for r in coords)
    elif (
        kind == "MultiPolygon"
        and isinstance(coords, list)
        and coords
        and all(_polygon(p) for p in coords)
    ):
        points = sum(len(r) for p in coords for r in p)
    else:
        raise error
    if points > MAX_POINTS:
        raise ValidationError({"outline": _("The outline has too many points.")})
    return {"type": kind, "coordinates": coords}
