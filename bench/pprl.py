"""Privacy-preserving linkage across installations on the generator's coalition.

    .venv/bin/python -m bench.pprl --people 100000 --records 100000 [--in-house] [--database URL]

Reads a generated database (bench/generate.py; `--people` names it), samples true identities at
random until `--records` person records are taken (every record of a sampled identity, so the
overlap structure stays), and splits the coalition's organisations into three installations
(organisations in id order, round robin). Each installation is taken as deduplicated inside
(the in-house linkage's job): one record per true identity per installation.

Then, as three installations would: encode (seri.pprl.clk, the key of one project: filters of
names, birth year, sex, nationality and compounds; keyed tokens of phones and the date of
birth), block and compare once, estimate the Fellegi-Sunter model by EM (seri.pprl.linking), and
at several thresholds of match probability solve (anonlink's greedy solver) and score the pairs
of each match group against the true identities (precision, recall). The default threshold
(0.5) needs no labels; the threshold of the best F1 on a labelled half of the identities is
reported beside it, with the other half. `--in-house` links the
same records inside one installation (Seri's Splink model) and scores its cross-installation
pairs against the same truth. Estimates of the total across installations (seri.stats.mse)
from each threshold's capture histories, from the true histories (perfect linkage) and from
bootstrap resamples of the match groups. Time and peak memory of encoding and linking. Rows go
to bench/out/pprl-<records>.json.
"""

import argparse
import dataclasses
import itertools
import json
import os
import random
import tempfile
import time
from pathlib import Path

from bench.common import database_url, peak_memory_mb, row, setup_django, vendor_of, write_rows

THRESHOLDS = (0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 0.9, 0.95, 0.99)  # match probabilities
INSTALLATIONS = ("installation-a", "installation-b", "installation-c")
DATASET_ARRAYS = ("clks", "phones", "dobs")


def people_of(pids: list[int]) -> dict[int, dict]:
    """What `encode` needs of each person record: names, nationalities, phones, compounds."""
    from seri.cases.models import Case, Nationality, Person, PersonName, PhoneNumber
    from seri.pprl import clk

    people: dict[int, dict] = {}
    for start in range(0, len(pids), 5000):
        chunk = pids[start : start + 5000]
        for p in Person.objects.filter(pk__in=chunk):
            people[p.pk] = {"person": p, "names": [], "nats": [], "phones": [], "compounds": []}
        for pid, value in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "value"
        ):
            people[pid]["names"].append(value)
        for pid, country in Nationality.objects.filter(person_id__in=chunk).values_list(
            "person_id", "country"
        ):
            people[pid]["nats"].append(country)
        for phone in PhoneNumber.objects.filter(person_id__in=chunk):
            people[phone.person_id]["phones"].append(phone.e164)
        for pid, name, province in Case.objects.filter(
            person_id__in=chunk, compound__isnull=False
        ).values_list("person_id", "compound__name", "compound__province"):
            people[pid]["compounds"].append(clk.compound_key(name, province))
    return people


def load(records: int, seed: int):
    from django.db import connection

    from seri.orgs.models import Organisation

    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id, identity_id FROM bench_truth")
        truth = dict(cursor.fetchall())
    by_identity: dict[int, list[int]] = {}
    for pid, iid in truth.items():
        by_identity.setdefault(iid, []).append(pid)
    identities = sorted(by_identity)
    random.Random(seed).shuffle(identities)
    chosen: list[int] = []
    for iid in identities:
        if len(chosen) >= records:
            break
        chosen.extend(by_identity[iid])
    orgs = list(Organisation.objects.order_by("pk").values_list("pk", flat=True))
    installation_of = {org: INSTALLATIONS[i % 3] for i, org in enumerate(orgs)}
    people = people_of(chosen)
    split: dict[str, dict[int, dict]] = {name: {} for name in INSTALLATIONS}
    seen: set[tuple[str, int]] = set()
    dropped = 0
    for pid in sorted(people):
        name = installation_of[people[pid]["person"].organisation_id]
        if (name, truth[pid]) in seen:
            dropped += 1  # a second record of the identity in the same installation
            continue
        seen.add((name, truth[pid]))
        split[name][pid] = people[pid]
    return split, truth, dropped


def encode(split, key: bytes):
    """One encodings file (a dict, as `seri pprl encode` writes it) per installation."""
    from seri.pprl import clk

    encoder = clk.Encoder(key, "bench")
    return {name: encode_installation(name, people, encoder, key) for name, people in split.items()}


def encode_installation(name: str, people: dict[int, dict], encoder, key: bytes) -> dict:
    """The encodings file of one installation's people (as bench.pprl.load reads them)."""
    from seri.cases.models import Gender
    from seri.linkage.names import name_forms
    from seri.linkage.scoring import birth_year_of
    from seri.pprl import clk, linking

    sex = {  # as seri.pprl.services encodes
        Gender.FEMININE: "f",
        Gender.TRANSGENDER_FEMININE: "f",
        Gender.MASCULINE: "m",
        Gender.TRANSGENDER_MASCULINE: "m",
    }
    records = []
    for pid, d in people.items():
        p = d["person"]
        readings: list[frozenset[str]] = []
        for value in d["names"]:
            readings += [r for r in name_forms(value).readings if r not in readings]
        person = clk.Person(
            tuple(readings),
            birth_year_of(p.date_of_birth, p.age_estimate, p.age_estimated_on),
            sex.get(p.gender, ""),
            tuple(sorted(d["nats"])),
            (p.date_of_birth.month, p.date_of_birth.day) if p.date_of_birth else None,
            phones=tuple(d["phones"]),
            compounds=tuple(d["compounds"]),
        )
        records.append(clk.record_of(encoder, str(pid), person))  # bench: real ids random
    return {
        "format": linking.FORMAT,
        "project": "bench",
        "installation": name,
        "key_fingerprint": clk.key_digest(key),
        "records": records,
    }


def received(path: Path, name: str):
    """What the linkage service does with an upload: the file's bytes, parsed, read into a
    dataset (seri.pprl.server: json.loads, then linking.dataset_from)."""
    from seri.pprl import linking

    body = path.read_bytes()
    parsed = json.loads(body)
    del body
    return linking.dataset_from(parsed, name=name)


def phase_peak_mb(reset: bool = False) -> float:
    """Peak resident memory since the last reset (Linux: VmHWM, reset by clear_refs 5), so
    each phase's own peak is reported and not the run's so far; 0 where it cannot be read."""
    try:
        if reset:
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return 0.0


def pair_keys(datasets, pairs):
    """Person-id pairs as sorted keys a * total + b over the run's record numbering (the
    numbering of linking.Scored), for comparisons in numpy rather than sets of tuples."""
    import numpy as np

    index = {int(i): k for k, i in enumerate(i for d in datasets for i in d.ids)}
    total = len(index)
    ab = np.array([sorted((index[x], index[y])) for x, y in pairs], dtype=np.int64)
    if not len(ab):
        return np.zeros(0, dtype=np.int64)
    return np.sort(ab[:, 0] * total + ab[:, 1])


def pairs_of(groups) -> set[tuple[int, int]]:
    return {
        tuple(sorted((int(a.record), int(b.record))))
        for g in groups
        for (a, _), (b, _) in itertools.combinations(g, 2)
    }


def truth_pairs(split, truth) -> set[tuple[int, int]]:
    by_identity: dict[int, list[int]] = {}
    for people in split.values():
        for pid in people:
            by_identity.setdefault(truth[pid], []).append(pid)
    return {
        tuple(sorted(pair))
        for members in by_identity.values()
        for pair in itertools.combinations(members, 2)
    }


def estimate_of(datasets, groups, seed: int | None = None, bootstrap: int = 200):
    from seri.pprl import linking
    from seri.stats import mse

    names, counts = linking.capture_histories(datasets, groups)
    if seed is not None:  # a bootstrap resample of the match groups and the records alone
        rng = random.Random(seed)
        units = [p for p, n in counts.items() for _ in range(n)]
        resampled: dict = {}
        for _ in units:
            p = rng.choice(units)
            resampled[p] = resampled.get(p, 0) + 1
        counts = resampled
    histories = mse.CaptureHistories.from_rows(names, counts.items())
    result = mse.estimate(
        histories, selection="aic", bootstrap=0 if seed is not None else bootstrap
    )
    return result.total, result.interval


def halves(split, truth, seed: int) -> dict[int, int]:
    """Each identity in half 0 (the labelled sample a coordinator has reviewed) or 1."""
    identities = sorted({truth[pid] for people in split.values() for pid in people})
    rng = random.Random(f"{seed}:labelled")
    return {iid: int(rng.random() >= 0.5) for iid in identities}


def scored_by_pair(datasets, scored, model) -> list[tuple[float, tuple[int, int]]]:
    ids = [int(i) for d in datasets for i in d.ids]
    return [
        (round(float(p), 3), tuple(sorted((ids[a], ids[b]))))
        for a, b, p in zip(
            scored.a.tolist(), scored.b.tolist(), model.probabilities(scored), strict=True
        )
    ]


def choose_threshold(pairs, truths, half_of) -> tuple[float, float, float]:
    """The threshold of the best F1 on the labelled half (pairs scored alone, before the
    solver): (threshold, precision, recall) there."""
    labelled = {p for p in truths if half_of(p) == 0}
    ordered = sorted(((s, p) for s, p in pairs if half_of(p) == 0), reverse=True)
    best, found = (0.0, 1.0, 0.0, 0.0), 0
    for n, (s, p) in enumerate(ordered, 1):
        found += p in labelled
        if n < len(ordered) and ordered[n][0] == s:
            continue
        precision, recall = found / n, found / len(labelled)
        f1 = 2 * precision * recall / (precision + recall) if found else 0.0
        if f1 > best[0]:
            best = (f1, s, precision, recall)
    return round(best[1], 3), best[2], best[3]


def in_house(split, truth, installation_of_pid) -> tuple[float, float]:
    """The same records linked inside one installation (Seri's Splink model, as
    `seri linkage run` links them): precision and recall of the pairs at MATCH that cross
    installations, against the same true pairs as the PPRL run."""
    from seri.linkage.batch import frame_of, frequency_adjusted, link_frame, lowered
    from seri.linkage.records import records_of
    from seri.linkage.scoring import MATCH, WordFrequencies

    ids = sorted(pid for people in split.values() for pid in people)
    records = records_of(ids)
    _linker, predictions, _trained = link_frame(frame_of(records), threshold=lowered(0.5))
    pairs = frequency_adjusted(
        predictions.as_pandas_dataframe(),
        records,
        WordFrequencies.of_records(records.values()),
        0.5,
    )
    found = {
        tuple(sorted((int(a), int(b))))
        for a, b, q in zip(
            pairs.unique_id_l, pairs.unique_id_r, pairs.match_probability, strict=True
        )
        if q >= MATCH and installation_of_pid[int(a)] != installation_of_pid[int(b)]
    }
    truths = truth_pairs(split, truth)
    tp = len(found & truths)
    return (tp / len(found) if found else 0.0), tp / len(truths)


def linking_in(keys, sorted_keys):
    """For each of `keys`, whether it is in `sorted_keys` (sorted int64)."""
    import numpy as np

    if not len(sorted_keys):
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[at] == keys


def labelled_threshold(datasets, scored, model, truth_keys, truth, half):
    """choose_threshold in numpy (millions of candidate pairs at 1,000,000 people): the
    threshold of the best F1 on the labelled half, pairs scored alone, probabilities rounded
    to 3 places; a pair is in the half of the identity of its lower person id."""
    import numpy as np

    pids = np.array([int(i) for d in datasets for i in d.ids], dtype=np.int64)
    half_of_record = np.array([half[truth[int(p)]] for p in pids], dtype=np.int8)
    total = len(pids)
    lower = np.where(pids[scored.a] < pids[scored.b], scored.a, scored.b)
    labelled = half_of_record[lower] == 0
    keys = (scored.a * total + scored.b)[labelled]
    score = np.round(model.probabilities(scored)[labelled], 3)
    lo, hi = truth_keys // total, truth_keys % total
    true_lower = np.where(pids[lo] < pids[hi], lo, hi)
    wanted = np.sort(truth_keys[half_of_record[true_lower] == 0])
    if not len(keys) or not len(wanted):
        return 0.0, 1.0, 0.0
    order = np.argsort(-score, kind="stable")
    score, hit = score[order], linking_in(keys[order], wanted)
    found = np.cumsum(hit)
    ends = np.flatnonzero(np.r_[score[1:] != score[:-1], True])  # the last of equal scores
    n = ends + 1
    precision, recall = found[ends] / n, found[ends] / len(wanted)
    with np.errstate(invalid="ignore", divide="ignore"):
        f1 = np.where(found[ends] > 0, 2 * precision * recall / (precision + recall), 0.0)
    best = int(np.argmax(f1))
    if f1[best] <= 0:
        return 0.0, 1.0, 0.0
    return round(float(score[ends[best]]), 3), float(precision[best]), float(recall[best])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="the generated database's size")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bootstrap", type=int, default=50)
    parser.add_argument("--in-house", action="store_true", help="also link inside one installation")
    parser.add_argument("--no-estimate", action="store_true", help="accuracy, time and memory only")
    parser.add_argument(
        "--save-encodings", metavar="FILE", help="also save the datasets (.npz) for other runs"
    )
    parser.add_argument("--bands", type=int, default=None, help="LSH bands (linking.BANDS)")
    parser.add_argument("--band-bits", type=int, default=None, help="linking.BAND_BITS")
    args = parser.parse_args()
    url = database_url(args.database, args.people)
    setup_django(url)
    import numpy as np

    from seri.pprl import clk, linking

    args.bands = linking.BANDS if args.bands is None else args.bands
    args.band_bits = linking.BAND_BITS if args.band_bits is None else args.band_bits
    db, scale = vendor_of(url), args.records

    def add(metric, value, unit, **extra):
        rows.append(row("pprl", metric, value, unit, database=db, scale=scale, **extra))

    split, truth, dropped = load(args.records, args.seed)
    sizes = {name: len(people) for name, people in split.items()}
    print(f"records per installation: {sizes}; same-installation duplicates set aside: {dropped}")
    print(f"loaded (peak {phase_peak_mb():.0f} MB); load {os.getloadavg()}", flush=True)
    key = b"bench-pprl-synthetic-key-32bytes"
    encoder = clk.Encoder(key, "bench")
    files = tempfile.TemporaryDirectory(prefix="seri-pprl-bench-")
    encode_s = 0.0
    phase_peak_mb(reset=True)
    for name in INSTALLATIONS:  # one installation at a time, as each encodes its own
        started = time.perf_counter()
        doc = encode_installation(name, split[name], encoder, key)
        encode_s += time.perf_counter() - started
        split[name] = dict.fromkeys(split[name])  # the pids only from here
        with open(Path(files.name) / name, "w") as f:
            json.dump(doc, f)
        del doc
    encode_mb = phase_peak_mb()
    print(
        f"encoded in {encode_s:.0f} s (peak {encode_mb:.0f} MB of the process, with the "
        f"records loaded); load {os.getloadavg()}",
        flush=True,
    )
    phase_peak_mb(reset=True)
    started = time.perf_counter()
    datasets = [received(Path(files.name) / name, name) for name in INSTALLATIONS]
    receive_s = time.perf_counter() - started
    receive_mb = phase_peak_mb()
    file_bytes = sum((Path(files.name) / name).stat().st_size for name in INSTALLATIONS)
    files.cleanup()
    print(
        f"the service read the {file_bytes / 1e9:.2f} GB of files in {receive_s:.0f} s (peak "
        f"{receive_mb:.0f} MB); load {os.getloadavg()}",
        flush=True,
    )
    truths = truth_pairs(split, truth)
    truth_keys = pair_keys(datasets, truths)
    if args.save_encodings:
        np.savez(
            args.save_encodings,
            truth_keys=truth_keys,
            **{f"{k}_{d.installation}": getattr(d, k) for d in datasets for k in DATASET_ARRAYS},
            **{f"ids_{d.installation}": np.array(d.ids) for d in datasets},
        )
    rows: list[dict] = []
    add("records linked", sum(sizes.values()), "records")
    add("true cross-installation pairs", len(truths), "pairs")
    add("encode time", encode_s, "s", peak_memory=encode_mb)
    add("service: files read", receive_s, "s", peak_memory=receive_mb)
    add("encodings files", file_bytes / 1e6, "MB")
    phase_peak_mb(reset=True)
    started = time.perf_counter()
    scored = linking.scored_pairs(datasets, bands=args.bands, band_bits=args.band_bits)
    block_s = time.perf_counter() - started
    block_mb = phase_peak_mb()
    print(
        f"blocking and comparisons ({args.bands} bands of {args.band_bits} bits): "
        f"{len(scored.a):,} pairs in {block_s:.0f} s (peak {block_mb:.0f} MB); "
        f"load {os.getloadavg()}",
        flush=True,
    )
    add("blocking and similarity time", block_s, "s", peak_memory=block_mb)
    n_records = sum(len(d.ids) for d in datasets)
    candidates = np.sort(scored.a * n_records + scored.b)
    reached = linking_in(truth_keys, candidates).mean() if len(truth_keys) else 0.0
    del candidates
    stats = scored.blocking
    print(
        f"blocking recall {reached:.4f} (true pairs among the candidates); record pairs from "
        f"bands {stats.lsh_pairs:,}, phones {stats.phone_pairs:,}, dates {stats.dob_pairs:,}; "
        f"over the caps: {stats.skipped_buckets:,} buckets of {stats.skipped_members:,}",
        flush=True,
    )
    add("candidate pairs", len(scored.a), "pairs")
    add("blocking recall", reached, "ratio")
    add("buckets over the cap", stats.skipped_buckets, "buckets")
    started = time.perf_counter()
    model = linking.fit(scored)
    fit_s = time.perf_counter() - started
    print(f"EM in {fit_s:.1f} s: prior {model.prior:.4f}")
    for name, m, u in zip(("dice x rivals", "phone", "dob"), model.m, model.u, strict=True):
        print(f"  {name}: m {[round(float(x), 4) for x in m]}, u {[round(float(x), 6) for x in u]}")
    add("EM time", fit_s, "s", peak_memory=peak_memory_mb())
    half = halves(split, truth, args.seed)

    def half_of(pair):
        return half[truth[pair[0]]]

    chosen, cp, cr = labelled_threshold(datasets, scored, model, truth_keys, truth, half)
    print(f"threshold of the best F1 on the labelled half: {chosen} (P {cp:.3f}, R {cr:.3f})")
    add("threshold chosen on the labelled half", chosen, "probability")
    held_out = {p for p in truths if half_of(p) == 1}
    by_threshold = {}
    for t in sorted({*THRESHOLDS, chosen}):
        started = time.perf_counter()
        groups = linking.link(datasets, threshold=t, scored=scored, model=model)
        seconds = time.perf_counter() - started
        by_threshold[t] = groups
        found = pairs_of(groups)
        tp = len(found & truths)
        p, r = (tp / len(found) if found else 0.0), tp / len(truths)
        found_held = {q for q in found if half_of(q) == 1}
        hp = len(found_held & held_out) / len(found_held) if found_held else 0.0
        hr = len(found_held & held_out) / len(held_out)
        line = (
            f"t={t}: {len(groups)} groups, precision {p:.3f}, recall {r:.3f} "
            f"(held-out half {hp:.3f}, {hr:.3f}), solver {seconds:.1f}s"
        )
        add(f"precision at {t}", p, "ratio")
        add(f"recall at {t}", r, "ratio")
        add(f"held-out precision at {t}", hp, "ratio")
        add(f"held-out recall at {t}", hr, "ratio")
        add(f"solver time at {t}", seconds, "s", peak_memory=peak_memory_mb())
        if not args.no_estimate:
            total, interval = estimate_of(datasets, groups)
            line += f"; estimate {total:,.0f} [{interval[0]:,.0f}, {interval[1]:,.0f}]"
            add(f"estimated total at {t}", total, "people")
            add(f"estimate interval low at {t}", interval[0], "people")
            add(f"estimate interval high at {t}", interval[1], "people")
        print(line, flush=True)
    # the same pairs and thresholds with the model of the three comparisons before the rivals
    # (decision 0031): what counting each pair's rivals adds, measured in the same run
    plain = dataclasses.replace(scored, rivals=None)
    plain_model = linking.fit(plain)
    for t in THRESHOLDS:
        found = pairs_of(linking.link(datasets, threshold=t, scored=plain, model=plain_model))
        tp = len(found & truths)
        p, r = (tp / len(found) if found else 0.0), tp / len(truths)
        print(f"without the rivals, t={t}: precision {p:.3f}, recall {r:.3f}", flush=True)
        add(f"precision without the rivals at {t}", p, "ratio")
        add(f"recall without the rivals at {t}", r, "ratio")
    observed = len({truth[pid] for people in split.values() for pid in people})
    add("distinct true identities recorded", observed, "people")
    print(f"distinct identities in the sample (the true total): {observed:,}")
    if not args.no_estimate:
        names, counts = linking.capture_histories(datasets, by_threshold[chosen])
        print("capture histories at the chosen threshold:", dict(sorted(counts.items())))
        true_counts: dict = {}
        for pattern in true_histories(split, truth):
            true_counts[pattern] = true_counts.get(pattern, 0) + 1
        print("true capture histories:", dict(sorted(true_counts.items())))
        total, interval = estimate_of_counts(names, true_counts)
        print(
            f"estimate from the true histories: {total:,.0f} "
            f"[{interval[0]:,.0f}, {interval[1]:,.0f}]"
        )
        add("estimated total from the true histories", total, "people")
        totals = [
            estimate_of(datasets, by_threshold[chosen], seed=b)[0] for b in range(args.bootstrap)
        ]
        lo, hi = np.percentile(totals, [2.5, 97.5])
        print(f"bootstrap of match groups at {chosen} ({args.bootstrap}): [{lo:,.0f}, {hi:,.0f}]")
        add(f"bootstrap 2.5% at {chosen}", lo, "people")
        add(f"bootstrap 97.5% at {chosen}", hi, "people")
    write_rows(f"pprl-{args.records}", rows)  # the PPRL figures, whatever the in-house run does
    if args.in_house:
        started = time.perf_counter()
        installation_of_pid = {pid: n for n, people in split.items() for pid in people}
        ip, ir = in_house(split, truth, installation_of_pid)
        print(f"in-house (one installation, Splink) at 0.95: precision {ip:.3f}, recall {ir:.3f} "
              f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
        add("in-house precision (cross-installation pairs)", ip, "ratio")
        add("in-house recall (cross-installation pairs)", ir, "ratio")
    write_rows(f"pprl-{args.records}", rows)


def true_histories(split, truth):
    """One capture history per true identity: which installations recorded it."""
    names = list(split)
    seen: dict[int, set] = {}
    for name, people in split.items():
        for pid in people:
            seen.setdefault(truth[pid], set()).add(name)
    for present in seen.values():
        yield tuple(int(n in present) for n in names)


def estimate_of_counts(names, counts):
    from seri.stats import mse

    histories = mse.CaptureHistories.from_rows(names, counts.items())
    result = mse.estimate(histories, selection="aic", bootstrap=200)
    return result.total, result.interval


if __name__ == "__main__":
    main()
