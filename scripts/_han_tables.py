"""What the scripts that write seri/linkage/data's dialect tables share: the characters Seri
reads (han.tsv, with their simplified forms) and the table file's layout."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HAN = ROOT / "seri" / "linkage" / "data" / "han.tsv"


def han_characters() -> tuple[list[str], dict[str, str]]:
    """The characters of han.tsv in its order, and traditional -> simplified."""
    simplified = {}
    chars = []
    for line in HAN.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, _reading, simple = [*line.split("\t"), "", ""][:3]
            chars.append(char)
            if simple:
                simplified[char] = simple
    return chars, simplified


def write_table(out: Path, rows: dict[str, str], simplified: dict[str, str], header: list[str]):
    """Writes `rows` (character -> readings) with a simplified character read as every
    traditional character it stands for (云 = 雲, 云), under the `header` comment lines."""
    merged: dict[str, list[str]] = {}
    for char, simple in simplified.items():
        if char in rows:
            merged.setdefault(simple, rows.get(simple, "").split()).extend(rows[char].split())
    for simple, readings in merged.items():
        rows[simple] = " ".join(dict.fromkeys(readings))
    lines = [*(f"# {line}" for line in header), *(f"{c}\t{r}" for c, r in rows.items())]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
