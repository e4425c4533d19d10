"""Charts drawn on the server as SVG: no JavaScript library, nothing to vendor, the same
drawing on the page, in the download and in the PDF brief. Presentation attributes only (no
style attributes), so the strict Content-Security-Policy holds."""

from __future__ import annotations

from xml.sax.saxutils import escape

from seri.core.fonts import FAMILY_STACK
from seri.stats.selectors import Series

PALETTE = [
    "#1f5f8b",
    "#e07b39",
    "#3a9a5b",
    "#c0392b",
    "#8e6bb8",
    "#8c6d46",
    "#d66ba0",
    "#7f7f7f",
    "#b5a33a",
    "#2bb5c0",
    "#4b4b8f",
]
# The shipped fonts (seri/core/fonts.py): the web pages and the PDF brief both have them.
FONT = f"{FAMILY_STACK}, sans-serif"


def _text(x, y, s, *, size=12, anchor="start", weight="normal", fill="#222") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}" font-family="{FONT}">{escape(str(s))}</text>'
    )


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1
    magnitude = 10 ** (len(str(int(v))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if v <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def svg(series: Series, *, width: int = 440) -> str:
    if series.kind == "stacked":
        return _stacked(series, width=width)
    return _bars(series, width=width)


def _bars(s: Series, *, width: int) -> str:
    """Horizontal bars: long labels (countries, compounds) stay readable on a phone."""
    values = next(iter(s.series.values()), [])
    label_w = int(width * 0.36)
    max_chars = int(label_w / 6.2)
    row_h = 24
    top = 36
    height = top + max(len(values), 1) * row_h + 30
    plot_w = width - label_w - 44
    vmax = _nice_max(max(values, default=0))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(s.title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(8, 20, s.title, size=14, weight="bold"),
    ]
    if not values:
        out.append(_text(8, top + 16, "—"))
    for i, (label, v) in enumerate(zip(s.labels, values, strict=False)):
        y = top + i * row_h
        w = plot_w * v / vmax
        short = label if len(label) <= max_chars else label[: max_chars - 1] + "…"
        out.append(_text(label_w - 6, y + 15, short, size=11, anchor="end"))
        out.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {v}</title></rect>'
        )
        out.append(_text(label_w + w + 4, y + 15, f"{v:,}", size=11))
    if s.note:
        out.append(_text(8, height - 8, s.note, size=11, fill="#555"))
    out.append("</svg>")
    return "".join(out)


def _stacked(s: Series, *, width: int) -> str:
    """Vertical stacked bars, one per month, one colour per status."""
    n = max(len(s.labels), 1)
    names = list(s.series)
    columns = 2 if width < 560 else 3
    legend_rows = (len(names) + columns - 1) // columns
    top, left, bottom = 36, 44, 40 + legend_rows * 18
    height = 260 + legend_rows * 18
    plot_h = height - top - bottom
    plot_w = width - left - 10
    totals = [sum(s.series[k][i] for k in names) for i in range(len(s.labels))]
    vmax = _nice_max(max(totals, default=0))
    bar_w = plot_w / n
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(s.title)}">',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        _text(8, 20, s.title, size=14, weight="bold"),
    ]
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        out.append(f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        out.append(_text(left - 4, y + 4, f"{int(vmax * frac):,}", size=10, anchor="end"))
    for i, label in enumerate(s.labels):
        x = left + i * bar_w
        y = top + plot_h
        for j, name in enumerate(names):
            v = s.series[name][i]
            if not v:
                continue
            h = plot_h * v / vmax
            y -= h
            out.append(
                f'<rect x="{x + 1:.1f}" y="{y:.1f}" width="{max(bar_w - 2, 1):.1f}" '
                f'height="{h:.1f}" fill="{PALETTE[j % len(PALETTE)]}">'
                f"<title>{escape(label)} · {escape(name)}: {v}</title></rect>"
            )
        step = max(1, -(-n // (width // 70)))
        if i % step == 0:
            out.append(_text(x + bar_w / 2, top + plot_h + 14, label, size=10, anchor="middle"))
    for j, name in enumerate(names):
        lx = 8 + (j % columns) * (width // columns)
        ly = height - bottom + 30 + (j // columns) * 18
        out.append(
            f'<rect x="{lx}" y="{ly - 9}" width="10" height="10" '
            f'fill="{PALETTE[j % len(PALETTE)]}"/>'
        )
        out.append(_text(lx + 14, ly, name, size=11))
    out.append("</svg>")
    return "".join(out)


def csv_rows(s: Series) -> list[list[str | int]]:
    header: list[str | int] = ["", *list(s.series)]
    rows = [header]
    for i, label in enumerate(s.labels):
        rows.append([label, *(s.series[k][i] for k in s.series)])
    return rows
