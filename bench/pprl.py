"""Privacy-preserving linkage across installations on the generator's coalition.

    .venv/bin/python -m bench.pprl --people 100000 --records 20000 [--database URL]

Reads a generated database (bench/generate.py; `--people` names it), samples true identities at
random until `--records` person records are taken (every record of a sampled identity, so the
overlap structure stays), and splits the coalition's organisations into three installations
(organisations in id order, round robin). Each installation is taken as deduplicated inside
(the in-house linkage's job): one record per true identity per installation.

Then, as three installations would: encode (seri.pprl.clk, the key of one project), link
(seri.pprl.linking: LSH blocking, balanced Dice, anonlink's greedy solver), score the pairs of
each match group against the true identities (precision, recall) at several thresholds, and
estimate the total across installations (seri.stats.mse) from each threshold's capture
histories and from bootstrap resamples of the match groups. Time and peak memory of encoding
and linking. Rows go to bench/out/pprl-<records>.json.
"""

import argparse
import itertools
import random
import time

from bench.common import database_url, peak_memory_mb, row, setup_django, vendor_of, write_rows

THRESHOLDS = (0.85, 0.88, 0.90, 0.92, 0.95)
INSTALLATIONS = ("installation-a", "installation-b", "installation-c")


def load(records: int, seed: int):
    from django.db import connection

    from seri.cases.models import Nationality, Person, PersonName
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
    people = {}
    for start in range(0, len(chosen), 5000):
        chunk = chosen[start : start + 5000]
        for p in Person.objects.filter(pk__in=chunk):
            people[p.pk] = {"person": p, "names": [], "nats": []}
        for pid, value in PersonName.objects.filter(person_id__in=chunk).values_list(
            "person_id", "value"
        ):
            people[pid]["names"].append(value)
        for pid, country in Nationality.objects.filter(person_id__in=chunk).values_list(
            "person_id", "country"
        ):
            people[pid]["nats"].append(country)
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
    import base64

    from seri.linkage.names import name_forms
    from seri.linkage.scoring import birth_year_of
    from seri.pprl import clk, linking
    from seri.pprl.services import SEX

    encoder = clk.Encoder(key, "bench")
    docs = {}
    for name, people in split.items():
        records = []
        for pid, d in people.items():
            p = d["person"]
            readings: list[frozenset[str]] = []
            for value in d["names"]:
                readings += [r for r in name_forms(value).readings if r not in readings]
            person = clk.Person(
                tuple(readings),
                birth_year_of(p.date_of_birth, p.age_estimate, p.age_estimated_on),
                SEX.get(p.gender, ""),
                tuple(sorted(d["nats"])),
                (p.date_of_birth.month, p.date_of_birth.day) if p.date_of_birth else None,
            )
            clks = [base64.b64encode(c).decode() for c in encoder.encode(person)]
            records.append({"id": str(pid), "clks": clks})  # bench only: real ids are random
        docs[name] = {
            "format": linking.FORMAT,
            "project": "bench",
            "installation": name,
            "key_fingerprint": clk.key_digest(key),
            "records": records,
        }
    return docs


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


def estimate_of(datasets, groups, seed: int | None = None):
    from seri.pprl import linking
    from seri.stats import mse

    if seed is not None:  # a bootstrap resample of the match groups and the records alone
        rng = random.Random(seed)
        names, counts = linking.capture_histories(datasets, groups)
        units = [p for p, n in counts.items() for _ in range(n)]
        resampled: dict = {}
        for _ in units:
            p = rng.choice(units)
            resampled[p] = resampled.get(p, 0) + 1
        counts = resampled
    else:
        names, counts = linking.capture_histories(datasets, groups)
    histories = mse.CaptureHistories.from_rows(names, counts.items())
    result = mse.estimate(histories, selection="aic", bootstrap=0 if seed is not None else 200)
    return result.total, result.interval


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="the generated database's size")
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--bootstrap", type=int, default=50)
    args = parser.parse_args()
    url = database_url(args.database, args.people)
    setup_django(url)
    import numpy as np

    from seri.pprl import linking

    db, scale = vendor_of(url), args.records
    split, truth, dropped = load(args.records, args.seed)
    sizes = {name: len(people) for name, people in split.items()}
    print(f"records per installation: {sizes}; same-installation duplicates set aside: {dropped}")
    started = time.perf_counter()
    docs = encode(split, key=b"bench-pprl-synthetic-key-32bytes")
    encode_s = time.perf_counter() - started
    encode_mb = peak_memory_mb()
    datasets = [linking.dataset_from(docs[name], name=name) for name in INSTALLATIONS]
    del docs
    truths = truth_pairs(split, truth)
    rows = [
        row("pprl", "records linked", sum(sizes.values()), "records", database=db, scale=scale),
        row(
            "pprl", "true cross-installation pairs", len(truths), "pairs", database=db, scale=scale
        ),
        row("pprl", "encode time", encode_s, "s", database=db, scale=scale, peak_memory=encode_mb),
    ]
    by_threshold = {}
    for t in THRESHOLDS:
        started = time.perf_counter()
        groups = linking.link(datasets, threshold=t)
        seconds = time.perf_counter() - started
        found = pairs_of(groups)
        tp = len(found & truths)
        p, r = (tp / len(found) if found else 0.0), tp / len(truths)
        total, interval = estimate_of(datasets, groups)
        by_threshold[t] = groups
        print(
            f"t={t}: {len(groups)} groups, precision {p:.3f}, recall {r:.3f}, "
            f"{seconds:.1f}s; estimate {total:,.0f} [{interval[0]:,.0f}, {interval[1]:,.0f}]"
        )
        rows += [
            row("pprl", f"precision at {t}", p, "ratio", database=db, scale=scale),
            row("pprl", f"recall at {t}", r, "ratio", database=db, scale=scale),
            row(
                "pprl",
                f"link time at {t}",
                seconds,
                "s",
                database=db,
                scale=scale,
                peak_memory=peak_memory_mb(),
            ),
            row("pprl", f"estimated total at {t}", total, "people", database=db, scale=scale),
        ]
    totals = [estimate_of(datasets, by_threshold[0.90], seed=b)[0] for b in range(args.bootstrap)]
    lo, hi = np.percentile(totals, [2.5, 97.5])
    observed = len({truth[pid] for people in split.values() for pid in people})
    print(
        f"bootstrap of match groups at 0.90 ({args.bootstrap}): [{lo:,.0f}, {hi:,.0f}]; "
        f"distinct identities in the sample: {observed:,}"
    )
    rows += [
        row("pprl", "bootstrap 2.5% at 0.90", lo, "people", database=db, scale=scale),
        row("pprl", "bootstrap 97.5% at 0.90", hi, "people", database=db, scale=scale),
        row(
            "pprl",
            "distinct true identities recorded",
            observed,
            "people",
            database=db,
            scale=scale,
        ),
    ]
    write_rows(f"pprl-{args.records}", rows)


if __name__ == "__main__":
    main()
