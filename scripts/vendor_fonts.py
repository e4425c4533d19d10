#!/usr/bin/env python3
"""Vendor the web fonts Seri shows into seri/static/fonts/ (see docs/decisions/0033).

    python scripts/vendor_fonts.py            # fetch the pinned packages, rewrite the fonts

Each font comes from a pinned @fontsource package on the npm registry (`npm pack` downloads
and checks the tarball against the registry's integrity hash). Of each package only the
script's own unicode-range pieces are kept, at the weights the stylesheet uses (400 and 700),
as woff2, with the package's OFL licence. One stylesheet, seri/static/fonts/fonts.css,
declares them with `unicode-range`, so a browser fetches only the pieces a page needs; the PDF
brief reads the same file (seri/core/fonts.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "5.3.0"
WEIGHTS = (400, 700)
NUMBERED = "numbered"  # CJK fonts come in ~100 numbered pieces ordered by frequency

# (package, family, subsets kept). Latin and Vietnamese come from Noto Sans alone; each
# script's family keeps only its script's pieces. Noto Naskh Arabic writes Urdu (and Arabic,
# Persian) compactly enough for table rows; Noto Sans SC's pieces also cover the Traditional
# characters (with Simplified glyph forms), so Noto Sans TC (another 6.5 MB) is not shipped.
FAMILIES: list[tuple[str, str, frozenset[str]]] = [
    ("noto-sans", "Noto Sans", frozenset({"latin", "latin-ext", "vietnamese"})),
    ("noto-sans-khmer", "Noto Sans Khmer", frozenset({"khmer"})),
    ("noto-sans-thai", "Noto Sans Thai", frozenset({"thai"})),
    ("noto-sans-lao", "Noto Sans Lao", frozenset({"lao"})),
    ("noto-sans-myanmar", "Noto Sans Myanmar", frozenset({"myanmar"})),
    ("noto-sans-bengali", "Noto Sans Bengali", frozenset({"bengali"})),
    ("noto-sans-devanagari", "Noto Sans Devanagari", frozenset({"devanagari"})),
    ("noto-sans-gurmukhi", "Noto Sans Gurmukhi", frozenset({"gurmukhi"})),
    ("noto-sans-gujarati", "Noto Sans Gujarati", frozenset({"gujarati"})),
    ("noto-sans-oriya", "Noto Sans Oriya", frozenset({"oriya"})),
    ("noto-sans-tamil", "Noto Sans Tamil", frozenset({"tamil"})),
    ("noto-sans-telugu", "Noto Sans Telugu", frozenset({"telugu"})),
    ("noto-sans-kannada", "Noto Sans Kannada", frozenset({"kannada"})),
    ("noto-sans-malayalam", "Noto Sans Malayalam", frozenset({"malayalam"})),
    ("noto-sans-sinhala", "Noto Sans Sinhala", frozenset({"sinhala"})),
    ("noto-naskh-arabic", "Noto Naskh Arabic", frozenset({"arabic"})),
    ("noto-sans-hebrew", "Noto Sans Hebrew", frozenset({"hebrew"})),
    ("noto-sans-ethiopic", "Noto Sans Ethiopic", frozenset({"ethiopic"})),
    ("noto-sans-sc", "Noto Sans SC", frozenset({NUMBERED})),
    ("noto-sans-kr", "Noto Sans KR", frozenset({NUMBERED})),
    ("noto-sans-jp", "Noto Sans JP", frozenset({NUMBERED})),
]


def _blocks(*ranges: tuple[int, int]) -> frozenset[int]:
    return frozenset(cp for start, end in ranges for cp in range(start, end + 1))


# The CJK packages overlap: each draws Han, and Noto Sans SC's pieces also hold kana and some
# Hangul. SC comes first and keeps Han (a Japanese name's kanji are drawn with SC's glyphs);
# KR and JP keep only the pieces that hold their own script (KR 86 of 120, JP 36 of 120: their
# other pieces are Han, which SC draws, and symbols), and every CJK family's unicode-range
# gives away what an earlier one draws and the other families' scripts. So the browser and the
# PDF fetch a KR piece only for Hangul and a JP piece only for kana (or Han SC lacks).
HANGUL = _blocks((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF))
KANA = _blocks((0x3040, 0x30FF), (0x31F0, 0x31FF), (0xFF65, 0xFF9F), (0x1B000, 0x1B16F))
CJK_SCRIPTS: dict[str, frozenset[int]] = {
    "Noto Sans SC": frozenset(),
    "Noto Sans KR": HANGUL,
    "Noto Sans JP": KANA,
}

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "seri" / "static" / "fonts"

FACE = re.compile(r"/\* (?P<name>[^*]+?) \*/\s*@font-face\s*\{(?P<body>[^}]*)\}")
WOFF2 = re.compile(r"url\(\./files/(?P<file>[^)]+\.woff2)\)")
RANGE = re.compile(r"unicode-range:\s*(?P<range>[^;]+);")


def fetch(npm: str, package: str, into: Path) -> Path:
    """Download and unpack @fontsource/<package>@VERSION; answer the package directory."""
    spec = f"@fontsource/{package}@{VERSION}"  # from FAMILIES above, not from input
    subprocess.run(  # noqa: S603
        [npm, "pack", "--silent", spec], cwd=into, check=True, stdout=subprocess.DEVNULL
    )
    (tarball,) = into.glob(f"fontsource-{package}-{VERSION}.tgz")
    target = into / package
    with tarfile.open(tarball) as archive:
        archive.extractall(target, filter="data")
    return target / "package"


def subset_of(name: str, package: str, weight: int) -> str:
    """`noto-sans-khmer-khmer-400-normal` -> `khmer`; `noto-sans-sc-[4]-400-normal` -> numbered."""
    subset = name.removeprefix(f"{package}-").removesuffix(f"-{weight}-normal")
    return NUMBERED if re.fullmatch(r"\[\d+\]", subset) else subset


def faces(package: str, source: Path, keep: frozenset[str]):
    """The kept @font-face rules of the package's 400 and 700 stylesheets: (weight, file, range)."""
    for weight in WEIGHTS:
        css = (source / f"{weight}.css").read_text(encoding="utf-8")
        for match in FACE.finditer(css):
            if subset_of(match["name"], package, weight) not in keep:
                continue
            body = match["body"]
            woff2, unicode_range = WOFF2.search(body), RANGE.search(body)
            if woff2 is None or unicode_range is None:
                raise SystemExit(f"{package}: unexpected rule {match['name']}")
            yield weight, woff2["file"], unicode_range["range"].strip()


def codepoints(unicode_range: str) -> set[int]:
    """`U+0-ff,U+131` -> the code points."""
    points: set[int] = set()
    for part in unicode_range.split(","):
        start, _, end = part.strip().removeprefix("U+").partition("-")
        points.update(range(int(start, 16), int(end or start, 16) + 1))
    return points


def unicode_range_of(points: set[int]) -> str:
    """The code points as a unicode-range, in runs: `U+3041-3096,U+30FC`."""
    runs: list[list[int]] = []
    for point in sorted(points):
        if runs and runs[-1][1] == point - 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    return ",".join(
        f"U+{start:X}" if start == end else f"U+{start:X}-{end:X}" for start, end in runs
    )


def cjk_range(family: str, unicode_range: str, drawn: set[int]) -> str | None:
    """A CJK piece's range less what an earlier CJK family draws and the other families'
    scripts; None where the piece is not kept (a KR or JP piece without Hangul or kana)."""
    own = CJK_SCRIPTS[family]
    points = codepoints(unicode_range)
    if own and points.isdisjoint(own):
        return None
    others = frozenset().union(*(s for f, s in CJK_SCRIPTS.items() if f != family))
    points -= drawn | others
    return unicode_range_of(points) if points else None


def main() -> None:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed (Node.js): it downloads the pinned font packages.")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    rules = [
        f"/* Generated by scripts/vendor_fonts.py from @fontsource/*@{VERSION} (SIL OFL 1.1,\n"
        "   licences beside the files); do not edit by hand. See docs/decisions/0033. */\n"
    ]
    total = count = 0
    drawn_by_cjk: set[int] = set()  # what the CJK families before this one draw
    with tempfile.TemporaryDirectory() as tmp:
        for package, family, keep in FAMILIES:
            source = fetch(npm, package, Path(tmp))
            target = OUT / package
            target.mkdir()
            shutil.copyfile(source / "LICENSE", target / "OFL.txt")
            drawn_here: set[int] = set()
            for weight, file, unicode_range in faces(package, source, keep):
                if family in CJK_SCRIPTS:
                    kept = cjk_range(family, unicode_range, drawn_by_cjk)
                    if kept is None:
                        continue
                    unicode_range = kept
                    drawn_here |= codepoints(kept)
                shutil.copyfile(source / "files" / file, target / file)
                total += (target / file).stat().st_size
                count += 1
                rules.append(
                    "@font-face {\n"
                    f"  font-family: '{family}';\n"
                    "  font-style: normal;\n"
                    f"  font-weight: {weight};\n"
                    "  font-display: swap;\n"
                    f"  src: url(./{package}/{file}) format('woff2');\n"
                    f"  unicode-range: {unicode_range};\n"
                    "}\n"
                )
            drawn_by_cjk |= drawn_here
    (OUT / "fonts.css").write_text("".join(rules), encoding="utf-8")
    sys.stdout.write(f"{count} woff2 files, {total / 1e6:.2f} MB, in {OUT.relative_to(ROOT)}\n")


if __name__ == "__main__":
    main()
