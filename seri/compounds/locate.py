"""Locating a report: which compounds does a message point to?

- `parse_locations(text)` reads coordinates out of free text: decimal and DMS coordinates,
  Google Maps, Apple Maps and OpenStreetMap links, and full plus codes.
- `compounds_near(lat, lon)` lists the registry's compounds within a radius, nearest first.
- `compounds_named_in(text)` finds compounds whose aliases, in any script, appear in the text.
- `suggest_compounds(text)` combines both, with a reason a person can check.

Suggestions only: a person confirms them (seri.intake links a report to a compound then).
Nothing here raises on bad input: a malformed coordinate is simply not found.
"""

import math
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from seri.compounds.models import Compound, CompoundAlias
from seri.compounds.names import fold, romanise

EARTH_RADIUS_KM = 6371.0088

SOURCES = ("coordinates", "google_maps", "apple_maps", "openstreetmap", "plus_code")


@dataclass(frozen=True)
class FoundLocation:
    latitude: float
    longitude: float
    source: str  # one of SOURCES
    text: str  # the snippet it was read from


@dataclass
class CompoundMatch:
    compound: Compound
    alias: str
    score: float  # 0 to 1


@dataclass
class CompoundSuggestion:
    compound: Compound
    reason: str
    score: float  # 0 to 1: 1 for the same spot, falling with distance; the name score otherwise
    distance_km: float | None = None
    alias: str = ""


# --- reading locations out of text ------------------------------------------------------------

_NUM = r"[-+]?\d{1,3}(?:\.\d+)?"
_URL = re.compile(r"(?:https?://|(?<![\w.])(?:www\.)?(?:maps\.|goo\.gl/maps))[^\s<>\"']+", re.I)
_PAIR = re.compile(rf"({_NUM})\s*,\s*({_NUM})")
_OSM_HASH = re.compile(rf"map=\d{{1,2}}/({_NUM})/({_NUM})")
_GOOGLE_AT = re.compile(rf"/@({_NUM}),({_NUM})")
_GOOGLE_DATA = re.compile(rf"!3d({_NUM})!4d({_NUM})")
_DECIMAL = re.compile(
    r"(?<![\w.])([-+]?\d{1,2}\.\d{3,})\s*°?\s*([NS])?\s*[,;/ ]\s*"
    r"([-+]?\d{1,3}\.\d{3,})\s*°?\s*([EW])?(?![\w.])",
    re.I,
)
_DMS_PART = (
    r"(\d{1,3})\s*[°º˚d]\s*(?:(\d{1,2}(?:\.\d+)?)\s*['\u2032\u2019m]\s*)?"
    r"(?:(\d{1,2}(?:\.\d+)?)\s*(?:\"|\u2033|''|\u201d|s)\s*)?"
)
_DMS = re.compile(
    rf"{_DMS_PART}([NS])[\s,;]*{_DMS_PART}([EW])|([NS])\s*{_DMS_PART}[\s,;]*([EW])\s*{_DMS_PART}",
    re.I,
)
_OLC_ALPHABET = "23456789CFGHJMPQRVWX"
_PLUS_CODE = re.compile(
    rf"(?<![0-9A-Z])([{_OLC_ALPHABET}]{{8}}\+[{_OLC_ALPHABET}]{{2,7}})(?![0-9A-Z+])", re.I
)


def _in_range(lat: float, lon: float) -> bool:
    return -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def _pair(lat: str | float, lon: str | float) -> tuple[float, float] | None:
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or not _in_range(la, lo):
        return None
    return la, lo


def _url_source(host: str) -> str | None:
    host = host.lower()
    if host.endswith("apple.com"):
        return "apple_maps"
    if "openstreetmap" in host or host.endswith("osm.org"):
        return "openstreetmap"
    if "google" in host or host.startswith("goo.gl") or host == "maps.app.goo.gl":
        return "google_maps"
    return None


def _from_url(url: str) -> FoundLocation | None:
    raw = url.rstrip(").,;!?]")
    if "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    source = _url_source(parts.hostname or "")
    if source is None:
        return None
    query = parse_qs(parts.query)
    fragment = unquote(parts.fragment)
    path = unquote(parts.path)
    candidates: list[tuple[str, str]] = []
    if source == "openstreetmap":
        if "mlat" in query and "mlon" in query:
            candidates.append((query["mlat"][0], query["mlon"][0]))
        candidates += _OSM_HASH.findall(fragment) + _OSM_HASH.findall(parts.query)
    else:
        if source == "google_maps":
            candidates += _GOOGLE_DATA.findall(path) + _GOOGLE_AT.findall(path)
        for key in ("ll", "q", "query", "sll", "destination", "daddr", "center", "coordinate"):
            for value in query.get(key, []):
                match = _PAIR.fullmatch(value.strip())
                if match:
                    candidates.append((match.group(1), match.group(2)))
    for lat, lon in candidates:
        pair = _pair(lat, lon)
        if pair:
            return FoundLocation(pair[0], pair[1], source, url.rstrip(").,;!?]"))
    return None


def _dms_value(deg: str, minutes: str | None, seconds: str | None, hemisphere: str) -> float:
    value = float(deg) + float(minutes or 0) / 60 + float(seconds or 0) / 3600
    if float(minutes or 0) >= 60 or float(seconds or 0) >= 60:
        return math.nan
    return -value if hemisphere.upper() in "SW" else value


def _plus_code(code: str) -> tuple[float, float] | None:
    from openlocationcode import openlocationcode as olc

    code = code.upper()
    try:
        if not olc.isFull(code):
            return None
        area = olc.decode(code)
    except (ValueError, TypeError, IndexError):
        return None
    return _pair(area.latitudeCenter, area.longitudeCenter)


def parse_locations(text: str) -> list[FoundLocation]:
    """Every location the text gives, in the order it gives them, each once."""
    text = text or ""
    found: list[tuple[int, FoundLocation]] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _URL.finditer(text):
        taken.append(match.span())
        location = _from_url(match.group(0))
        if location:
            found.append((match.start(), location))
    for match in _PLUS_CODE.finditer(text):
        if not free(*match.span()):
            continue
        pair = _plus_code(match.group(1))
        if pair:
            taken.append(match.span())
            found.append((match.start(), FoundLocation(*pair, "plus_code", match.group(1))))
    for match in _DMS.finditer(text):
        if not free(*match.span()):
            continue
        g = match.groups()
        if g[3]:  # 10°36'35"N 103°31'35"E
            lat = _dms_value(g[0], g[1], g[2], g[3])
            lon = _dms_value(g[4], g[5], g[6], g[7])
        else:  # N 10°36'35" E 103°31'35"
            lat = _dms_value(g[9], g[10], g[11], g[8])
            lon = _dms_value(g[13], g[14], g[15], g[12])
        pair = _pair(lat, lon)
        if pair:
            taken.append(match.span())
            found.append((match.start(), FoundLocation(*pair, "coordinates", match.group(0))))
    for match in _DECIMAL.finditer(text):
        if not free(*match.span()):
            continue
        lat_s, ns, lon_s, ew = match.groups()
        pair = _pair(lat_s, lon_s)
        if pair is None:
            continue
        lat, lon = pair
        if ns and ns.upper() == "S":
            lat = -abs(lat)
        if ew and ew.upper() == "W":
            lon = -abs(lon)
        taken.append(match.span())
        found.append((match.start(), FoundLocation(lat, lon, "coordinates", match.group(0))))
    found.sort(key=lambda item: item[0])
    seen: set[tuple[float, float, str]] = set()
    result = []
    for _start, location in found:
        key = (round(location.latitude, 6), round(location.longitude, 6), location.source)
        if key not in seen:
            seen.add(key)
            result.append(location)
    return result


# --- compounds near a point -------------------------------------------------------------------


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def compounds_near(
    latitude: float, longitude: float, *, radius_km: float = 5.0
) -> list[tuple[Compound, float]]:
    """Compounds within `radius_km` of the point, nearest first, with their distance in km.

    A bounding box in SQL (on the latitude/longitude index) keeps the candidates few; the
    exact distance is then computed here.
    """
    if not _pair(latitude, longitude) or not radius_km or radius_km <= 0:
        return []
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = math.cos(math.radians(latitude))
    dlon = 180.0 if cos_lat < 1e-6 else min(180.0, dlat / cos_lat)
    qs = Compound.objects.filter(
        latitude__isnull=False,
        longitude__isnull=False,
        latitude__gte=latitude - dlat,
        latitude__lte=latitude + dlat,
    )
    west, east = longitude - dlon, longitude + dlon
    if west >= -180 and east <= 180:
        qs = qs.filter(longitude__gte=west, longitude__lte=east)
    result = []
    for compound in qs:
        distance = haversine_km(
            latitude, longitude, float(compound.latitude or 0), float(compound.longitude or 0)
        )
        if distance <= radius_km:
            result.append((compound, distance))
    result.sort(key=lambda pair: (pair[1], pair[0].name))
    return result


# --- compounds named in a text ----------------------------------------------------------------

# Words that say "compound" in many names: alone they should not make a match.
_GENERIC = {
    "compound",
    "park",
    "building",
    "casino",
    "hotel",
    "zone",
    "the",
    "of",
    "khu",
    "yuan",
    "qu",
    "yuan qu",
    "demo",
}


def _score(alias_form: str, text_form: str) -> float:
    if not alias_form or not text_form or alias_form in _GENERIC:
        return 0.0
    if len(alias_form) <= 3:  # short names: only whole words count
        return 1.0 if re.search(rf"(?<!\w){re.escape(alias_form)}(?!\w)", text_form) else 0.0
    if alias_form in text_form:
        return 1.0
    # Fuzzy: the best-matching stretch of the text against the whole alias.
    return fuzz.partial_ratio(alias_form, text_form) / 100.0


def compounds_named_in(text: str, *, limit: int = 5) -> list[CompoundMatch]:
    """Compounds with an alias in the text (folded, and romanised for any script), best first.

    rapidfuzz compares the text with every alias in one C loop (`process.extract`) to find the
    candidates; the short-name and generic-word rules of `_score` then decide.
    """
    folded_text = fold(text)
    if not folded_text:
        return []
    romanised_text = romanise(text)
    rows = list(CompoundAlias.objects.values_list("compound_id", "name", "folded", "romanised"))
    if not rows:
        return []
    folded_forms = [r[2] for r in rows]
    romanised_forms = [r[3] for r in rows]
    candidates: set[int] = set()
    for query, forms in (
        (folded_text, folded_forms),
        (romanised_text, romanised_forms),
        (folded_text, romanised_forms),
    ):
        for _form, _score_value, index in process.extract(
            query, forms, scorer=fuzz.partial_ratio, score_cutoff=85, limit=None
        ):
            candidates.add(index)
    best: dict[int, tuple[float, str]] = {}
    for index in candidates:
        compound_id, name, folded, romanised_form = rows[index]
        score = max(
            _score(folded, folded_text),
            _score(romanised_form, romanised_text) * 0.95,
            _score(romanised_form, folded_text) * 0.95,
        )
        if score >= 0.85 and score > best.get(compound_id, (0.0, ""))[0]:
            best[compound_id] = (round(score, 3), name)
    compounds = Compound.objects.in_bulk(list(best))
    ranked = sorted(
        (CompoundMatch(compounds[pk], name, score) for pk, (score, name) in best.items()),
        key=lambda m: (-m.score, m.compound.name),
    )
    return ranked[:limit]


def suggest_compounds(
    text: str, *, radius_km: float = 5.0, limit: int = 5
) -> list[CompoundSuggestion]:
    """Compounds near a location in the text, then compounds named in it; each once."""
    suggestions: dict[int, CompoundSuggestion] = {}
    for location in parse_locations(text):
        for compound, distance in compounds_near(
            location.latitude, location.longitude, radius_km=radius_km
        ):
            score = max(0.0, 1.0 - distance / (2 * radius_km))
            current = suggestions.get(compound.pk)
            if current is None or current.distance_km is None or distance < current.distance_km:
                suggestions[compound.pk] = CompoundSuggestion(
                    compound=compound,
                    reason=_("near a location in the text, %(distance)s km")
                    % {"distance": f"{distance:.1f}"},
                    score=round(score, 3),
                    distance_km=round(distance, 3),
                )
    for match in compounds_named_in(text, limit=limit):
        if match.compound.pk in suggestions:
            continue
        suggestions[match.compound.pk] = CompoundSuggestion(
            compound=match.compound,
            reason=_("name matches alias %(alias)s") % {"alias": match.alias},
            score=match.score,
            alias=match.alias,
        )
    ranked = sorted(
        suggestions.values(),
        key=lambda s: (s.distance_km is None, s.distance_km or 0.0, -s.score),
    )
    return ranked[: max(limit, 1)]
