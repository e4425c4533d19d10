"""Gather every bench/out/*.json into the figures section of docs/benchmarks.md.

    .venv/bin/python -m bench.report [--out docs/benchmarks.md]

Each JSON file is a list of rows {benchmark, metric, value, unit, target, met, database, scale,
peak_memory_mb} (any benchmark may write one: linkage, imports, statistics…). The table has one
line per (benchmark, metric) and one column per (database, scale) measured. Only the part of the
document between the two `bench:figures` markers is replaced; the text around it is kept.
"""

import argparse
import datetime as dt
import json
import os
import platform
import sqlite3
import sys
from pathlib import Path

from bench.common import BENCH_DIR, OUT_DIR, PG_DEFAULT

BEGIN = "<!-- bench:figures:begin (written by python -m bench.report) -->"
END = "<!-- bench:figures:end -->"
DOC = BENCH_DIR.parent / "docs" / "benchmarks.md"
DB_LABEL = {"sqlite": "SQLite", "postgresql": "PostgreSQL", "-": "-"}


def load_rows(out_dir: Path = OUT_DIR) -> list[dict]:
    rows = []
    for path in sorted(out_dir.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            print(f"skipped {path.name}: not JSON", file=sys.stderr)
            continue
        if isinstance(data, dict):  # tolerate {"rows": [...]}
            data = data.get("rows", [])
        for r in data if isinstance(data, list) else []:
            if isinstance(r, dict) and {"benchmark", "metric", "value"} <= r.keys():
                r.setdefault("database", "-")
                r.setdefault("scale", 0)
                r["_file"] = path.name
                rows.append(r)
    return rows


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gb() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                return f"{int(line.split()[1]) / 2**20:.1f} GB"
    except OSError:
        pass
    return "unknown"


def _postgres_version() -> str:
    try:
        import psycopg

        with psycopg.connect(f"{PG_DEFAULT}/postgres", connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0].split()[0]
    except Exception:  # no server reachable: say so
        return "not reachable"


def machine() -> dict:
    import django

    return {
        "cores": os.cpu_count(),
        "ram": _ram_gb(),
        "cpu": _cpu_model(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": _postgres_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _fmt(value: float, unit: str) -> str:
    if unit in ("rows", "requests") or float(value).is_integer() or abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def earlier_cells(text: str) -> dict:
    """The cells of the table already in the document, {(benchmark, metric): {"targets":
    [...], "cells": {(database, scale): cell}}}: kept where this run did not measure them
    (result files are not committed; each machine adds what it measured)."""
    if BEGIN not in text or END not in text:
        return {}
    section = text.split(BEGIN, 1)[1].split(END, 1)[0]
    labels = {v: k for k, v in DB_LABEL.items()}
    lines, columns = {}, None
    for raw in section.splitlines():
        if not raw.startswith("| "):
            continue
        parts = [c.strip() for c in raw.strip().strip("|").split("|")]
        if parts[0] == "benchmark":
            columns = []
            for head in parts[3:]:
                name, _, scale = head.rpartition(" ")
                if not name or not scale.replace(",", "").isdigit():
                    name, scale = head, "0"
                columns.append((labels.get(name, name), int(scale.replace(",", ""))))
            continue
        if columns is None or len(parts) != 3 + len(columns):
            continue
        line = lines.setdefault((parts[0], parts[1]), {"targets": [], "cells": {}})
        line["targets"] = [t for t in parts[2].split("; ") if t]
        for column, cell in zip(columns, parts[3:], strict=True):
            if cell:
                line["cells"][column] = cell
    return lines


def table(rows: list[dict], earlier: dict | None = None) -> str:
    lines = {
        key: {"targets": list(line["targets"]), "cells": dict(line["cells"])}
        for key, line in (earlier or {}).items()
    }
    measured = {(r["benchmark"], r["metric"]) for r in rows}
    for key in measured & lines.keys():
        lines[key]["targets"] = []  # this run's targets replace the earlier ones
    columns = sorted(
        {(r["database"], int(r["scale"])) for r in rows}
        | {c for line in lines.values() for c in line["cells"]},
        key=lambda c: (c[0] != "sqlite", c),
    )
    for r in rows:
        key = (r["benchmark"], r["metric"])
        line = lines.setdefault(key, {"targets": [], "cells": {}})
        if r.get("target") and r["target"] not in line["targets"]:
            line["targets"].append(r["target"])
        cell = _fmt(float(r["value"]), r.get("unit", ""))
        if r.get("met") is True:
            cell += " ✅"
        elif r.get("met") is False:
            cell += " ❌ missed"
        if r.get("peak_memory_mb"):
            cell += f" (peak {r['peak_memory_mb']:.0f} MB)"
        line["cells"][(r["database"], int(r["scale"]))] = cell
    head = ["benchmark", "metric", "target"] + [
        f"{DB_LABEL.get(db, db)} {scale:,}" if scale else DB_LABEL.get(db, db)
        for db, scale in columns
    ]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for (benchmark, metric), line in sorted(lines.items()):
        cells = [line["cells"].get(c, "") for c in columns]
        target = "; ".join(sorted(line["targets"]))
        out.append("| " + " | ".join([benchmark, metric, target, *cells]) + " |")
    return "\n".join(out)


def figures_section(rows: list[dict], info: dict, earlier: dict | None = None) -> str:
    files = sorted({r["_file"] for r in rows})
    return "\n".join(
        [
            BEGIN,
            "",
            f"Measured on {info['cores']} cores, {info['ram']} RAM ({info['cpu']}); Python "
            f"{info['python']}, Django {info['django']}, SQLite {info['sqlite']}, PostgreSQL "
            f"{info['postgresql']}. Table written {info['date']} from "
            f"{len(files)} result files in `bench/out/` ({len(rows)} figures); cells this run "
            "did not measure are kept from the table before. Targets are "
            "those of the issue at 1,000,000 people; ✅/❌ compares each figure with its "
            "target whatever the scale.",
            "",
            table(rows, earlier) if rows or earlier else "_No results in bench/out/ yet._",
            "",
            END,
        ]
    )


def write(doc: Path = DOC, out_dir: Path = OUT_DIR, *, fresh: bool = False) -> Path:
    rows = load_rows(out_dir)
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = figures_section(rows, machine(), None if fresh else earlier_cells(text))
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        _old, after = rest.split(END, 1)
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n## Figures\n\n" + section + "\n"
    doc.write_text(text, encoding="utf-8")
    return doc


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(DOC))
    parser.add_argument("--results", default=str(OUT_DIR))
    parser.add_argument(
        "--fresh", action="store_true", help="drop the cells of the table already written"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seri.settings")
    path = write(Path(args.out), Path(args.results), fresh=args.fresh)
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
