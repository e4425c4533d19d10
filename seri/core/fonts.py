"""The shipped web fonts (seri/static/fonts/, made by scripts/vendor_fonts.py), for renderers
other than the browser: the PDF brief embeds them instead of whatever the server has installed.

A browser reads `fonts.css` itself and fetches only the pieces whose `unicode-range` a page
uses. WeasyPrint would fetch and decode every piece it is given (Noto Sans SC alone has 200),
so `font_face_css(text)` gives it only the pieces that cover some character of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"

# The family stack the pages and the PDF share: Latin and Vietnamese first, then one family
# per script; each family's unicode-range keeps it to its own script. Of the CJK families SC
# comes first and draws Han, also in Japanese and Korean names (with Chinese glyph forms); KR
# draws Hangul and JP kana (scripts/vendor_fonts.py takes those out of SC's ranges).
FAMILY_STACK = (
    "'Noto Sans', 'Noto Sans Khmer', 'Noto Sans Thai', 'Noto Sans Lao', 'Noto Sans Myanmar', "
    "'Noto Sans Bengali', 'Noto Sans Devanagari', 'Noto Sans Gurmukhi', 'Noto Sans Gujarati', "
    "'Noto Sans Oriya', 'Noto Sans Tamil', 'Noto Sans Telugu', 'Noto Sans Kannada', "
    "'Noto Sans Malayalam', 'Noto Sans Sinhala', 'Noto Naskh Arabic', 'Noto Sans Hebrew', "
    "'Noto Sans Ethiopic', 'Noto Sans SC', 'Noto Sans KR', 'Noto Sans JP'"
)

_RULE = re.compile(r"@font-face\s*\{(?P<body>[^}]*)\}")
_FAMILY = re.compile(r"font-family:\s*'(?P<v>[^']+)'")
_WEIGHT = re.compile(r"font-weight:\s*(?P<v>\d+)")
_SRC = re.compile(r"url\(\./(?P<v>[^)]+)\)")
_RANGE = re.compile(r"unicode-range:\s*(?P<v>[^;]+);")


@dataclass(frozen=True)
class FontFace:
    family: str
    weight: int
    path: Path
    ranges: tuple[tuple[int, int], ...]
    codepoints: frozenset[int]

    def css(self) -> str:
        """The rule for WeasyPrint, under a family name of its own (`Noto Sans SC 17`).

        WeasyPrint tells the fonts of a PDF apart by family and weight, so the pieces of one
        family would be embedded as one font, with glyphs taken from the wrong piece. The
        pieces keep their own family name inside the file, which the stylesheets ask for."""
        piece = self.path.name.removeprefix(self.path.parent.name + "-").rsplit("-", 2)[0]
        ranges = ",".join(f"U+{start:04X}-{end:04X}" for start, end in self.ranges)
        return (
            f"@font-face {{ font-family: '{self.family} {piece}'; font-style: normal; "
            f"font-weight: {self.weight}; src: url('{self.path.as_uri()}') format('woff2'); "
            f"unicode-range: {ranges}; }}"
        )


def _ranges(value: str) -> tuple[tuple[int, int], ...]:
    ranges = []
    for part in value.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        ranges.append((int(start, 16), int(end or start, 16)))
    return tuple(ranges)


@lru_cache(maxsize=1)
def font_faces() -> tuple[FontFace, ...]:
    """Every @font-face rule of the shipped fonts.css (none if the fonts are not vendored)."""
    css_path = FONTS_DIR / "fonts.css"
    if not css_path.exists():
        return ()
    faces = []
    for rule in _RULE.finditer(css_path.read_text(encoding="utf-8")):
        body = rule["body"]
        family, weight = _FAMILY.search(body), _WEIGHT.search(body)
        src, unicode_range = _SRC.search(body), _RANGE.search(body)
        if family and weight and src and unicode_range:
            faces.append(
                FontFace(
                    family["v"],
                    int(weight["v"]),
                    FONTS_DIR / src["v"],
                    ranges := _ranges(unicode_range["v"]),
                    frozenset(cp for start, end in ranges for cp in range(start, end + 1)),
                )
            )
    return tuple(faces)


def font_face_css(text: str) -> str:
    """@font-face rules (file: URLs) for the shipped pieces that cover a character of `text`."""
    used = frozenset(ord(ch) for ch in text if not ch.isspace())
    return "\n".join(face.css() for face in font_faces() if not used.isdisjoint(face.codepoints))


def shipped_fonts_fetcher():
    """A WeasyPrint URL fetcher that reads the shipped font pieces and nothing else.

    The brief's text comes from the database (names of compounds, filters, labels): should any
    of it ever reach a `url()` or an `src`, the renderer must not fetch a server-side file or an
    address inside the network. `data:` URLs (inline pictures) stay allowed; every other URL is
    refused, and the renderer leaves that resource out."""
    from urllib.parse import unquote, urlsplit

    from weasyprint.urls import URLFetcher

    shipped = FONTS_DIR.resolve()

    class ShippedFontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.partition(":")[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if path.is_relative_to(shipped) and path.suffix == ".woff2":
                    return super().fetch(url, headers)
            raise ValueError("the PDF brief reads only the shipped fonts")

    return ShippedFontsOnly(allowed_protocols={"file", "data"}, allow_redirects=False)
