"""The labelled test set (tests/linkage/data/name_pairs.tsv, written by make_name_pairs.py):
precision and recall per script family at probability 0.5, through `seri linkage score`."""

import csv
import io
import json
from collections import Counter, defaultdict
from pathlib import Path

from django.core.management import call_command

from seri.linkage import korean

PAIRS = Path(__file__).with_name("data") / "name_pairs.tsv"


def figures(rows, results) -> dict[str, dict[str, float]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row, result in zip(rows, results, strict=True):
        same, found = row["same"] == "1", result["probability"] >= 0.5
        counts[row["family"]][("t" if same == found else "f") + ("p" if found else "n")] += 1
    out = {}
    for family, c in counts.items():
        out[family] = {
            "precision": c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0,
            "recall": c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0,
            "pairs": sum(c.values()),
        }
    return out


def scored(path: Path) -> tuple[list[dict], list[dict], set, set]:
    """A labelled set's rows, `seri linkage score --json`'s answer for each, and the pairs it
    gets wrong at 0.5: true pairs below (missed), different people at or above (agreed)."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    out = io.StringIO()
    call_command("linkage", "score", str(path), "--json", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == len(rows)
    pairs = list(zip(rows, results, strict=True))
    missed = {
        (row["name_a"], row["name_b"])
        for row, result in pairs
        if row["same"] == "1" and result["probability"] < 0.5
    }
    agreed = {
        (row["name_a"], row["name_b"])
        for row, result in pairs
        if row["same"] == "0" and result["probability"] >= 0.5
    }
    return rows, results, missed, agreed


def test_precision_and_recall_per_script_family(db):
    with PAIRS.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    kinds = Counter(row["kind"] for row in rows if row["same"] == "0")
    assert len(rows) >= 200
    for kind in ("different family name, same given name", "same name, other sex",
                 "same name, far ages", "near spelling, other name"):  # fmt: skip
        assert kinds[kind] >= 3, kinds

    out = io.StringIO()
    call_command("linkage", "score", str(PAIRS), "--json", stdout=out)
    results = [json.loads(line) for line in out.getvalue().splitlines()]
    assert len(results) == len(rows)
    # each pair's probability and the reading or rule that matched
    readings = {r["reading"] for r in results}
    assert {"Cantonese reading", "Hokkien reading", "Burmese reading",
            "Urdu (Arabic script) reading", "transcribed foreign name (Thai, katakana)",
            korean.READING_HANJA} <= readings  # fmt: skip
    assert any("= Muhammad" in r for r in readings)

    per_family = figures(rows, results)
    print(json.dumps(per_family, indent=1))  # the figures reported in docs/linkage.md
    assert set(per_family) >= {"chinese", "burmese", "lao", "devanagari", "bengali", "urdu",
                               "malay-filipino", "vietnamese-thai-khmer", "hokkien",
                               "thai-katakana-foreign", "korean-hanja"}  # fmt: skip
    for family, f in per_family.items():
        assert f["precision"] >= 0.9 and f["recall"] >= 0.9, (family, f)
