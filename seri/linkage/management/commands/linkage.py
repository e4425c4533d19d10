"""`seri linkage score PAIRS.tsv [--json]`, `seri linkage reindex`, `seri linkage run`."""

import csv
import datetime as dt
import json
import re
import sys
import time

from django.core.management.base import BaseCommand, CommandError

COLUMNS = ["name_a", "nationality_a", "age_a", "sex_a", "name_b", "nationality_b", "age_b", "sex_b"]
# other names a header may give a column (lower case, spaces and hyphens as _), each side's
# suffix added: name_a, name 1, name_left …
_ALIASES = {
    "name": ("name", "full_name", "fullname"),
    "nationality": ("nationality", "nationalities", "nat", "country", "citizenship"),
    "age": ("age",),
    "sex": ("sex", "gender"),
    "date_of_birth": ("date_of_birth", "dob", "birth_date", "birthdate", "born"),
}
_SIDES = {"a": ("_a", "_1", "1", "_left", "_l", "a"), "b": ("_b", "_2", "2", "_right", "_r", "b")}


def _columns(header: list[str]) -> dict[str, int] | None:
    """Where each field of each side is, from a header naming them (any order, other columns
    ignored); None when the header does not name both names (the columns are then read in
    `COLUMNS`' order)."""
    cells = [re.sub(r"[\s-]+", "_", cell.strip().lower().lstrip("\ufeff")) for cell in header]
    found: dict[str, int] = {}
    for field, names in _ALIASES.items():
        for side, suffixes in _SIDES.items():
            wanted = {name + suffix for name in names for suffix in suffixes}
            at = next((i for i, cell in enumerate(cells) if cell in wanted), None)
            if at is not None:
                found[f"{field}_{side}"] = at
    return found if {"name_a", "name_b"} <= found.keys() else None


# a column saying whether the pair is one person (a labelled set): then a summary at 0.5
_LABEL_COLUMNS = ("same", "match", "is_match", "label", "same_person")
_LABELS = {"1": True, "0": False, "true": True, "false": False, "yes": True, "no": False}


def _summary(labelled: list[tuple[bool, bool]]) -> str:
    """Precision and recall at 0.5 of a labelled set (on stderr: stdout stays one line or one
    JSON object per pair)."""
    true = sum(same for same, _found in labelled)
    found = sum(at for _same, at in labelled)
    both = sum(same and at for same, at in labelled)
    precision = both / found if found else float("nan")
    recall = both / true if true else float("nan")
    return (
        f"{len(labelled)} labelled pairs, {true} the same person: at 0.5, "
        f"{true - both} of them below, {found - both} different pairs at or above; "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )


def _nationalities(text: str) -> list[str]:
    """ISO 3166 alpha-2 codes from a cell: codes of two or three letters, or English country
    names, several separated by commas, semicolons or slashes; what is not a country is kept
    as written (upper case), so that it compares only with itself."""
    import pycountry

    out = []
    for part in re.split(r"[,;/|]", text or ""):
        part = part.strip()
        if not part:
            continue
        try:
            country = pycountry.countries.lookup(part)
        except LookupError:
            out.append(part.upper())
        else:
            out.append(country.alpha_2)
    return out


def _date(text: str, line: int, column: str):
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError as exc:
        raise CommandError(f"line {line}: {column} “{text}” is not a date (YYYY-MM-DD)") from exc


def _age(text: str, line: int) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        value = int(float(text))
    except ValueError as exc:
        raise CommandError(f"line {line}: age “{text}” is not a number") from exc
    return value if 0 <= value <= 120 else None


class Command(BaseCommand):
    help = "Duplicate detection: score pairs, rebuild name keys, run batch linkage."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        score = sub.add_parser("score", help="score pairs of people from a TSV file ('-' = stdin)")
        score.add_argument("pairs")
        score.add_argument("--json", action="store_true", help="one JSON object per pair")
        reindex = sub.add_parser(
            "reindex", help="recompute the stored name keys and name forms of every person"
        )
        reindex.add_argument("--batch-size", type=int, default=5000)
        reindex.add_argument(
            "--forms-only",
            action="store_true",
            help="only store the name forms of people without current ones (keys unchanged)",
        )
        run = sub.add_parser("run", help="batch linkage of everyone with Splink")
        run.add_argument("--threshold", type=float, default=None)
        run.add_argument("--queue", action="store_true", help="enqueue as a background task")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_score(self, *, pairs, json: bool = False, **_options):
        from seri.linkage.records import active_parameters
        from seri.linkage.scoring import record, score

        params = active_parameters()
        handle = sys.stdin if pairs == "-" else open(pairs, encoding="utf-8-sig", newline="")  # noqa: SIM115
        try:
            reader = csv.reader(handle, delimiter="\t")
            header = next(reader, None) or []
            columns = _columns(header) or {name: i for i, name in enumerate(COLUMNS)}
            cells = [cell.strip().lower() for cell in header]
            label_at = next((i for i, c in enumerate(cells) if c in _LABEL_COLUMNS), None)
            if label_at is not None:
                columns["same"] = label_at
            labelled: list[tuple[bool, bool]] = []
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue

                def cell(name: str, row=row) -> str:
                    at = columns.get(name)
                    return row[at] if at is not None and at < len(row) else ""

                name_a, name_b = cell("name_a"), cell("name_b")
                a, b = (
                    record(
                        cell(f"name_{side}"),
                        age=_age(cell(f"age_{side}"), line),
                        date_of_birth=_date(cell(f"date_of_birth_{side}"), line, "date of birth"),
                        sex=cell(f"sex_{side}"),
                        nationalities=_nationalities(cell(f"nationality_{side}")),
                    )
                    for side in ("a", "b")
                )
                result = score(a, b, params)
                if json:
                    reading = next((f.reading for f in result.fields if f.reading), "")
                    out = {
                        "line": line,
                        "name_a": name_a,
                        "name_b": name_b,
                        **result.as_dict(),
                        "reading": reading,  # the reading system or convention that matched
                    }
                    self.stdout.write(_dumps(out))
                else:
                    explained = ", ".join(
                        f"{f.comparison} {f.outcome}"
                        + (f" ({f.level})" if f.level and f.outcome != "disagrees" else "")
                        + (f" [{f.reading}]" if f.reading else "")
                        for f in result.fields
                        if f.comparison not in ("compound", "identifiers")
                    )
                    self.stdout.write(f"{result.probability:.3f}\t{name_a}\t{name_b}\t{explained}")
                label = cell("same").strip().lower()
                if label in _LABELS:
                    labelled.append((_LABELS[label], result.probability >= 0.5))
        finally:
            if handle is not sys.stdin:
                handle.close()
        if labelled:
            self.stderr.write(_summary(labelled))

    def handle_reindex(self, *, batch_size: int, forms_only: bool = False, **_options):
        from seri.linkage.services import linkage_forms_store, linkage_reindex

        start = time.monotonic()
        if forms_only:
            done = linkage_forms_store(
                actor=None,
                batch_size=batch_size,
                progress=lambda n: self.stderr.write(f"{n} people", ending="\r"),
            )
            self.stdout.write(
                f"name forms stored for {done} people in {time.monotonic() - start:.1f} s"
            )
            return
        done = linkage_reindex(actor=None, batch_size=batch_size)
        self.stdout.write(
            f"name keys computed for {done} people in {time.monotonic() - start:.1f} s"
        )

    def handle_run(self, *, threshold, queue: bool, **_options):
        if queue:
            from seri.linkage.tasks import batch_linkage

            result = batch_linkage.enqueue(threshold=threshold)
            self.stdout.write(f"queued: {result.id}")
            return
        from seri.linkage.services import linkage_batch_run

        run = linkage_batch_run(
            actor=None, threshold=threshold, log=lambda msg: self.stdout.write(msg)
        )
        self.stdout.write(
            f"linked {run.people} people: {run.pairs} scored pairs, {run.clusters} clusters, "
            f"{run.candidates} candidate pairs for review (model v{run.model_id})"
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
