"""Estimation across installations on a population whose total is known.

    .venv/bin/python -m bench.pprl_capture --people 100000 --identities 20000 \
        [--design independent|dependent|heterogeneous …] [--replicates 200] [--linked 3]

The generator (bench/generate.py) makes no unrecorded people: every identity it creates is
reported by one to four organisations, so its coalition's lists have an empty hidden cell and
multiple systems estimation cannot recover its count (docs/statistics.md, "Estimation across
installations"). This benchmark makes a population with a known hidden part instead:

- The population: `--identities` true identities drawn at random from a generated database
  (`bench_truth`), among those the generator recorded at least `--min-records` times (2 by
  default, so that two captures of one person can be two different records of them). Their
  number N is the true total.
- The capture: each of three installations records each identity with its own probability
  (`--probabilities`, 0.3/0.4/0.5), independently (`independent`); or with a share of the
  people harder to find at every installation (`heterogeneous`: two strata, the hard ones'
  probabilities multiplied by `--hard-factor`, the others' raised so that each installation's
  mean stays); or with installation b more likely to record someone a has recorded
  (`dependent`: P(b | a) = `--b-given-a`, P(b | not a) set so that b's mean stays). A capture
  is one of the identity's generated records, a different one for each installation that
  captures the person while the identity has records left (the same person looks different
  at two installations, as in life). Identities no installation captured are the hidden ones.
- The linkage: the records each installation captured are encoded as `seri pprl encode`
  encodes them (bench.pprl.encode: seri.pprl.clk under one project key), then blocked,
  compared, weighted by EM and solved as the linkage service does (seri.pprl.linking) at
  several match probabilities; the match groups give the capture-history table.
- The estimate: seri.stats.mse.estimate with the defaults of `seri estimate` (SparseMSE's
  stepwise selection, 500 Poisson resamples for the interval), on each threshold's table,
  on bootstrap resamples of the match groups, and on the true capture histories (perfect
  linkage), and with Rubin's rules over `--imputations` tables in which each candidate pair
  is linked with its match probability before the solver runs. Beside it the "well-chosen"
  log-linear model of the design (main effects for `independent`, a*b + c for `dependent`,
  every two-list interaction for `heterogeneous`), and for `heterogeneous` each stratum
  estimated apart (as if something every installation records told the strata apart).
  At the default threshold, why the missed true pairs were missed.

Coverage: `--replicates` draws of the capture step with perfect linkage (cheap: no encoding),
and `--linked` draws with the real linkage, per design: the share of intervals that contain N.
Rows go to bench/out/pprl-capture-<identities>.json (or `--out`).
"""

import argparse
import itertools
import math
import random
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from bench.common import database_url, peak_memory_mb, row, setup_django, vendor_of, write_rows

INSTALLATIONS = ("a", "b", "c")
THRESHOLDS = (0.1, 0.15, 0.2, 0.3, 0.5, 0.7, 0.9)  # match probabilities
DEFAULT_THRESHOLD = 0.5  # seri.pprl.linking.THRESHOLD
KEY = b"bench-pprl-capture-key-32-bytes!"


# --- the capture design ---------------------------------------------------------------------


@dataclass(frozen=True)
class Design:
    """How three installations capture a population: which of N people each one records."""

    name: str
    probabilities: tuple[float, float, float]
    hard_share: float = 0.0  # heterogeneous: this share of the people is harder to find …
    hard_factor: float = 1.0  # … their probability at every installation times this
    b_given_a: float | None = None  # dependent: P(on b | on a)

    def __post_init__(self):
        for p in self.strata()[1]:
            if not all(0 < q < 1 for q in p):
                raise ValueError(f"{self.name}: a capture probability outside (0, 1): {p}")
        if self.b_given_a is not None:
            pa, pb, _pc = self.probabilities
            if not 0 < self.b_given_not_a() < 1 or not 0 < self.b_given_a < 1:
                raise ValueError(f"{self.name}: P(b | a) = {self.b_given_a} with P(a) = {pa} "
                                 f"cannot keep P(b) = {pb}")  # fmt: skip

    def strata(self) -> tuple[tuple[float, ...], tuple[tuple[float, float, float], ...]]:
        """(share of each stratum, probabilities in each): the easy stratum's factor keeps
        each installation's mean probability at `probabilities`."""
        if not self.hard_share:
            return (1.0,), (self.probabilities,)
        s, f = self.hard_share, self.hard_factor
        easy = (1 - s * f) / (1 - s)
        return (s, 1 - s), (
            tuple(p * f for p in self.probabilities),
            tuple(p * easy for p in self.probabilities),
        )  # type: ignore[return-value]

    def b_given_not_a(self) -> float:
        pa, pb, _pc = self.probabilities
        assert self.b_given_a is not None
        return (pb - pa * self.b_given_a) / (1 - pa)

    def draw(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """(n, 3) booleans: who each installation records."""
        return self.draw_with_strata(n, rng)[0]

    def draw_with_strata(self, n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
        """Who each installation records, and each person's stratum."""
        shares, probabilities = self.strata()
        stratum = rng.choice(len(shares), size=n, p=shares)
        p = np.array(probabilities)[stratum]  # (n, 3)
        if self.b_given_a is not None:
            on_a = rng.random(n) < p[:, 0]
            p[:, 1] = np.where(on_a, self.b_given_a, self.b_given_not_a())
            captured = rng.random((n, 3)) < p
            captured[:, 0] = on_a
            return captured, stratum
        return rng.random((n, 3)) < p, stratum

    def well_chosen(self) -> str:
        """The log-linear model an analyst who knew the design would fit."""
        if self.b_given_a is not None:
            return "a*b + c"
        if self.hard_share:
            return "a*b + a*c + b*c"  # the best a log-linear model does with two strata
        return "a + b + c"


def designs(probabilities, hard_share, hard_factor, b_given_a) -> dict[str, Design]:
    return {
        "independent": Design("independent", probabilities),
        "heterogeneous": Design(
            "heterogeneous", probabilities, hard_share=hard_share, hard_factor=hard_factor
        ),
        "dependent": Design("dependent", probabilities, b_given_a=b_given_a),
    }


def histories_of(captured: np.ndarray) -> dict[tuple[int, ...], int]:
    """The true capture-history table (perfect linkage): people per combination of lists, the
    people on no list left out (they are what is estimated)."""
    counts: dict[tuple[int, ...], int] = {}
    for pattern, n in zip(*np.unique(captured.astype(np.int8), axis=0, return_counts=True),
                          strict=True):  # fmt: skip
        key = tuple(int(v) for v in pattern)
        if any(key):
            counts[key] = int(n)
    return counts


def linked_histories_by_stratum(captures, groups, stratum_of: dict[int, int]) -> dict[int, dict]:
    """The linked table of each stratum: a match group in the stratum of its first member, a
    record alone in its own (the stratum being something every installation records)."""
    iid_of = {cid: iid for held in captures.values() for cid, (iid, _pid) in held.items()}
    out: dict[int, dict[tuple[int, ...], int]] = {}
    grouped: set[str] = set()

    def count(stratum: int, present: set[str]) -> None:
        pattern = tuple(int(name in present) for name in INSTALLATIONS)
        table = out.setdefault(stratum, {})
        table[pattern] = table.get(pattern, 0) + 1

    for group in groups:
        members = [m for m, _p in group]
        grouped.update(m.record for m in members)
        count(stratum_of[iid_of[members[0].record]], {m.installation for m in members})
    for name, held in captures.items():
        for cid, (iid, _pid) in held.items():
            if cid not in grouped:
                count(stratum_of[iid], {name})
    return out


def captures_of(
    identities: list[int],
    records: dict[int, list[int]],
    captured: np.ndarray,
    rng: random.Random,
) -> dict[str, dict[str, tuple[int, int]]]:
    """For each installation, its capture ids → (identity, the generated record it holds).
    An identity captured k times gets k different records of its own while it has them (in a
    random order), then its records again from the first."""
    out: dict[str, dict[str, tuple[int, int]]] = {name: {} for name in INSTALLATIONS}
    for row_, iid in zip(captured, identities, strict=True):
        at = [INSTALLATIONS[k] for k in np.flatnonzero(row_)]
        if not at:
            continue
        order = rng.sample(records[iid], len(records[iid]))
        for j, name in enumerate(at):
            out[name][f"{name}{len(out[name]) + 1}"] = (iid, order[j % len(order)])
    return out


# --- the population ---------------------------------------------------------------------------


def population(identities: int, min_records: int, seed: int) -> tuple[list[int], dict]:
    """`identities` true identities at random among those with at least `min_records`
    generated records, and their record ids."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id, identity_id FROM bench_truth ORDER BY person_id")
        by_identity: dict[int, list[int]] = {}
        for pid, iid in cursor.fetchall():
            by_identity.setdefault(iid, []).append(pid)
    eligible = sorted(i for i, pids in by_identity.items() if len(pids) >= min_records)
    if len(eligible) < identities:
        raise SystemExit(
            f"only {len(eligible):,} identities with at least {min_records} records in this "
            f"database: generate more people or ask for fewer identities"
        )
    chosen = sorted(random.Random(seed).sample(eligible, identities))
    return chosen, {iid: by_identity[iid] for iid in chosen}


class Encodings:
    """Each generated record encoded once, when a capture first needs it (the encoding of a
    record does not depend on which installation holds it)."""

    def __init__(self):
        self.records: dict[int, dict] = {}
        self.seconds = 0.0

    def ensure(self, pids) -> None:
        from bench.pprl import encode, people_of

        missing = sorted(set(pids) - set(self.records))
        if not missing:
            return
        started = time.perf_counter()
        for start in range(0, len(missing), 5000):
            people = people_of(missing[start : start + 5000])
            doc = encode({"all": people}, key=KEY)["all"]
            for rec in doc["records"]:
                self.records[int(rec["id"])] = rec
        self.seconds += time.perf_counter() - started

    def documents(self, captures) -> dict[str, dict]:
        """One encodings file per installation, under the capture ids."""
        from seri.pprl import clk, linking

        self.ensure({pid for held in captures.values() for _iid, pid in held.values()})
        return {
            name: {
                "format": linking.FORMAT,
                "project": "bench",
                "installation": name,
                "key_fingerprint": clk.key_digest(KEY),
                "records": [{**self.records[pid], "id": cid} for cid, (_i, pid) in held.items()],
            }
            for name, held in captures.items()
        }


# --- linkage and estimates --------------------------------------------------------------------


def estimate(counts: dict[tuple[int, ...], int], *, model: str | None = None, bootstrap=500):
    """What `seri estimate HISTORIES.csv [--model …]` reports: (total, interval, model)."""
    from seri.stats import mse

    histories = mse.CaptureHistories.from_rows(INSTALLATIONS, counts.items())
    result = mse.estimate(histories, model=model, bootstrap=bootstrap)
    return result.total, result.interval, result.fit.model


def stratified(tables: dict[int, dict]) -> tuple[float, tuple[float, float], str]:
    """Each stratum's table estimated alone (the defaults of `seri estimate`), the totals
    added; the interval's half-widths on each side added in quadrature (strata independent)."""
    parts = [estimate(tables[s]) for s in sorted(tables)]
    total = sum(t for t, _i, _m in parts)
    low = total - math.sqrt(sum((t - lo) ** 2 for t, (lo, _hi), _m in parts))
    high = total + math.sqrt(sum((hi - t) ** 2 for t, (_lo, hi), _m in parts))
    return total, (low, high), " | ".join(m for _t, _i, m in parts)


def resampled(counts: dict[tuple[int, ...], int], rng: random.Random) -> dict:
    """A bootstrap resample of the linked units (match groups and records alone), as
    bench/pprl.py resamples them."""
    units = [p for p, n in counts.items() for _ in range(n)]
    out: dict[tuple[int, ...], int] = {}
    for _ in units:
        p = rng.choice(units)
        out[p] = out.get(p, 0) + 1
    return out


def true_pairs(captures) -> set[tuple[str, str]]:
    by_identity: dict[int, list[str]] = {}
    for held in captures.values():
        for cid, (iid, _pid) in held.items():
            by_identity.setdefault(iid, []).append(cid)
    return {
        tuple(sorted(pair))  # type: ignore[misc]
        for members in by_identity.values()
        for pair in itertools.combinations(members, 2)
    }


def linked(captures, encodings: Encodings, thresholds, imputations: int = 0, seed: int = 0):
    """Link the installations' encodings as the service does; per threshold: the table,
    precision and recall of the linked pairs. With `imputations`: as many tables made by
    linking each candidate pair with its match probability (then solving as the service
    does), for multiple imputation of the links."""
    from seri.pprl import linking

    docs = encodings.documents(captures)
    datasets = [linking.dataset_from(docs[name], name=name) for name in INSTALLATIONS]
    del docs
    started = time.perf_counter()
    scored = linking.scored_pairs(datasets)
    model = linking.fit(scored)
    truths = true_pairs(captures)
    out: dict[str, Any] = {"pairs": len(scored.a), "true pairs": len(truths), "by threshold": {}}
    ids = [i for d in datasets for i in d.ids]
    index = {
        tuple(sorted((ids[a], ids[b]))): k
        for k, (a, b) in enumerate(zip(scored.a.tolist(), scored.b.tolist(), strict=True))
    }
    for t in thresholds:
        groups = linking.link(datasets, threshold=t, scored=scored, model=model)
        found = {
            tuple(sorted((a.record, b.record)))
            for g in groups
            for (a, _), (b, _) in itertools.combinations(g, 2)
        }
        tp = len(found & truths)
        names, counts = linking.capture_histories(datasets, groups)
        assert tuple(names) == INSTALLATIONS
        out["by threshold"][t] = {
            "precision": tp / len(found) if found else 0.0,
            "recall": tp / len(truths) if truths else 1.0,
            "counts": counts,
            "groups": groups,
            "missed": missed_by_kind(truths - found, index, scored),
        }
    out["seconds"] = time.perf_counter() - started
    out["imputed"] = []
    if imputations:
        probability = model.probabilities(scored)
        rng = np.random.default_rng(seed)
        for _ in range(imputations):
            keep = rng.random(len(probability)) < probability
            drawn = linking.Scored(
                scored.a[keep], scored.b[keep], scored.dice[keep], scored.phone[keep],
                scored.dob[keep],
            )  # fmt: skip
            groups = linking.link(datasets, threshold=0.0, scored=drawn, model=model)
            out["imputed"].append((linking.capture_histories(datasets, groups)[1], groups))
    return out


def missed_by_kind(missed, index, scored) -> dict[str, int]:
    """Why true pairs were not linked: never a candidate, or compared and found unlike, by
    whether a phone and the date of birth agreed (both, one, neither; a token missing on
    either side counts as not agreeing) and the name similarity."""
    from seri.pprl import linking

    kinds: dict[str, int] = {}
    for pair in missed:
        k = index.get(pair)
        if k is None:
            kind = "never a candidate"
        else:
            phone = int(scored.phone[k] == linking.AGREE)
            dob = int(scored.dob[k] == linking.AGREE)
            missing = scored.phone[k] == linking.MISSING and scored.dob[k] == linking.MISSING
            tokens = {2: "phone and date agree", 1: "phone or date agrees"}.get(
                phone + dob, "no phone or date on one side" if missing else "phone and date differ"
            )
            kind = f"{tokens}, Dice {'>=' if scored.dice[k] >= 0.85 else '<'} 0.85"
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items(), key=lambda kv: -kv[1]))


def imputed_estimate(tables: list, combine=None) -> tuple[float, tuple[float, float]]:
    """Rubin's rules over the imputed tables: the mean of their estimates (the defaults of
    `seri estimate`, Wald intervals for the within variance; or `combine`'s), the variance
    within plus (1 + 1/m) times the variance between, a normal interval."""
    parts = [(combine or (lambda t: estimate(t, bootstrap=0)))(t) for t in tables]
    totals = np.array([t for t, _i, _m in parts])
    within = np.mean([((hi - lo) / (2 * 1.96)) ** 2 for _t, (lo, hi), _m in parts])
    between = totals.var(ddof=1)
    se = math.sqrt(within + (1 + 1 / len(tables)) * between)
    mean = float(totals.mean())
    return mean, (mean - 1.96 * se, mean + 1.96 * se)


# --- the run ----------------------------------------------------------------------------------


def coverage(design: Design, n: int, replicates: int, seed: int) -> dict:
    """Perfect linkage, `replicates` draws of the capture step: how often the interval of the
    default selection and of the well-chosen model contains n, and how far the estimates are."""
    rng = np.random.default_rng(seed)
    models = {"default": None, "well-chosen": design.well_chosen()}
    labels = [*models, *(["stratified"] if design.hard_share else [])]
    result: dict[str, dict[str, Any]] = {
        label: {"covered": 0, "totals": [], "widths": [], "low": 0, "high": 0} for label in labels
    }
    for _ in range(replicates):
        captured, stratum = design.draw_with_strata(n, rng)
        counts = histories_of(captured)
        found = {label: estimate(counts, model=model) for label, model in models.items()}
        if design.hard_share:
            found["stratified"] = stratified(
                {s: histories_of(captured[stratum == s]) for s in np.unique(stratum)}
            )
        for label, (total, (lo, hi), _m) in found.items():
            r = result[label]
            r["covered"] += lo <= n <= hi
            r["low"] += hi < n
            r["high"] += lo > n
            r["totals"].append(total)
            r["widths"].append(hi - lo)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000, help="the generated database's size")
    parser.add_argument("--database", default="sqlite")
    parser.add_argument("--identities", type=int, default=20_000, help="the true total N")
    parser.add_argument("--min-records", type=int, default=2)
    parser.add_argument("--design", action="append", choices=("independent", "heterogeneous",
                        "dependent"), help="may be repeated; default: all three")  # fmt: skip
    parser.add_argument("--probabilities", default="0.3,0.4,0.5")
    parser.add_argument("--hard-share", type=float, default=0.5)
    parser.add_argument("--hard-factor", type=float, default=0.4)
    parser.add_argument("--b-given-a", type=float, default=0.7)
    parser.add_argument("--replicates", type=int, default=200, help="perfect linkage")
    parser.add_argument("--linked", type=int, default=3, help="replicates with the real linkage")
    parser.add_argument("--bootstrap", type=int, default=50, help="resamples of the match groups")
    parser.add_argument("--imputations", type=int, default=20, help="of the links, per draw")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", help="bench/out/<this>.json (default pprl-capture-<identities>)")
    args = parser.parse_args()
    url = database_url(args.database, args.people)
    setup_django(url)
    probabilities = tuple(float(p) for p in args.probabilities.split(","))
    if len(probabilities) != 3:
        raise SystemExit("--probabilities: three, one per installation")
    chosen = designs(probabilities, args.hard_share, args.hard_factor, args.b_given_a)
    names = args.design or list(chosen)
    db, n = vendor_of(url), args.identities
    rows: list[dict] = []

    def add(design, metric, value, unit, **extra):
        rows.append(row("pprl-capture", f"{design}: {metric}", value, unit, database=db,
                        scale=n, **extra))  # fmt: skip

    identities, records = population(n, args.min_records, args.seed)
    print(f"population: {n:,} identities ({sum(map(len, records.values())):,} generated "
          f"records, at least {args.min_records} each)", flush=True)  # fmt: skip
    encodings = Encodings()
    for d, name in enumerate(names):
        design = chosen[name]
        shares, strata = design.strata()
        print(f"\n== {name}: strata {shares} with probabilities {strata}"
              + (f"; P(b | a) {design.b_given_a}, P(b | not a) {design.b_given_not_a():.4f}"
                 if design.b_given_a is not None else ""), flush=True)  # fmt: skip
        started = time.perf_counter()
        cov = coverage(design, n, args.replicates, seed=args.seed * 1000 + d)
        for label, r in cov.items() if args.replicates else ():
            share = r["covered"] / args.replicates
            se = math.sqrt(share * (1 - share) / args.replicates)
            mean, sd = float(np.mean(r["totals"])), float(np.std(r["totals"], ddof=1))
            print(f"perfect linkage, {label} model ({args.replicates} draws): interval covers "
                  f"N in {r['covered']} ({share:.1%} ± {se:.1%}); above N {r['high']}, below "
                  f"{r['low']}; mean estimate {mean:,.0f} ({mean / n - 1:+.1%}), sd {sd:,.0f}, "
                  f"median width {np.median(r['widths']):,.0f} (a standard error of "
                  f"{np.median(r['widths']) / 2 / 1.96:,.0f})", flush=True)  # fmt: skip
            add(name, f"sd of the estimates, perfect linkage, {label} model", sd, "people")
            add(name, f"coverage, perfect linkage, {label} model", share, "ratio")
            add(name, f"mean estimate, perfect linkage, {label} model", mean, "people")
            add(name, f"median interval width, perfect linkage, {label} model",
                float(np.median(r["widths"])), "people")  # fmt: skip
        print(f"({time.perf_counter() - started:.0f} s)")
        rng = np.random.default_rng(args.seed * 1000 + 500 + d)
        pick = random.Random(f"{args.seed}:{name}:records")
        for rep in range(args.linked):
            captured, stratum = design.draw_with_strata(n, rng)
            stratum_of = dict(zip(identities, stratum.tolist(), strict=True))
            counts = histories_of(captured)
            recorded = int(captured.any(axis=1).sum())
            captures = captures_of(identities, records, captured, pick)
            before = encodings.seconds
            result = linked(captures, encodings, THRESHOLDS, args.imputations, seed=rep)
            total, (lo, hi), model = estimate(counts)
            wtotal, (wlo, whi), _m = estimate(counts, model=design.well_chosen())
            print(f"-- draw {rep + 1}: N {n:,}, recorded {recorded:,}, hidden {n - recorded:,}; "
                  f"captures {sum(captured.sum(axis=0)):,} "
                  f"({', '.join(f'{k} {len(v):,}' for k, v in captures.items())}); encoded in "
                  f"{encodings.seconds - before:.0f} s, linked in {result['seconds']:.0f} s, "
                  f"{result['pairs']:,} candidate pairs, peak {peak_memory_mb():,.0f} MB",
                  flush=True)  # fmt: skip
            print(f"   true histories {dict(sorted(counts.items()))}")
            print(f"   perfect linkage: {total:,.0f} [{lo:,.0f}, {hi:,.0f}] {model}; covers "
                  f"{lo <= n <= hi}; well-chosen ({design.well_chosen()}): {wtotal:,.0f} "
                  f"[{wlo:,.0f}, {whi:,.0f}] covers {wlo <= n <= whi}")  # fmt: skip
            if design.hard_share:
                st, (slo, shi), _m = stratified(
                    {s: histories_of(captured[stratum == s]) for s in np.unique(stratum)}
                )
                print(f"   perfect linkage, stratified: {st:,.0f} [{slo:,.0f}, {shi:,.0f}]; "
                      f"covers {slo <= n <= shi}")  # fmt: skip
            extra = {"peak_memory": peak_memory_mb()}
            if rep == 0:
                add(name, "true total N", n, "people")
                add(name, "recorded (first draw)", recorded, "people")
                add(name, "estimate, perfect linkage (first draw)", total, "people")
                add(name, "interval low, perfect linkage (first draw)", lo, "people")
                add(name, "interval high, perfect linkage (first draw)", hi, "people")
                add(name, "linkage time (first draw)", result["seconds"], "s", **extra)
            covered = {}
            for t, r in result["by threshold"].items():
                try:
                    total, (lo, hi), model = estimate(r["counts"])
                except Exception as exc:  # a refusal is a result too
                    print(f"   t={t}: no estimate ({exc})")
                    continue
                covered[t] = lo <= n <= hi
                print(f"   t={t}: precision {r['precision']:.3f}, recall {r['recall']:.3f}; "
                      f"{total:,.0f} [{lo:,.0f}, {hi:,.0f}] ({total / n - 1:+.1%}) {model}; "
                      f"covers {covered[t]}", flush=True)  # fmt: skip
                if t == DEFAULT_THRESHOLD:
                    print(f"          missed pairs: {r['missed']}")
                if design.hard_share:
                    st, (slo, shi), _m = stratified(
                        linked_histories_by_stratum(captures, r["groups"], stratum_of)
                    )
                    print(f"          stratified: {st:,.0f} [{slo:,.0f}, {shi:,.0f}] "
                          f"({st / n - 1:+.1%}); covers {slo <= n <= shi}")  # fmt: skip
                    covered[f"{t} stratified"] = slo <= n <= shi
                    if rep == 0:
                        add(name, f"stratified estimate at {t} (first draw)", st, "people")
                        add(name, f"stratified interval low at {t} (first draw)", slo, "people")
                        add(name, f"stratified interval high at {t} (first draw)", shi, "people")
                if rep == 0:
                    add(name, f"precision at {t} (first draw)", r["precision"], "ratio")
                    add(name, f"recall at {t} (first draw)", r["recall"], "ratio")
                    add(name, f"estimate at {t} (first draw)", total, "people")
                    add(name, f"interval low at {t} (first draw)", lo, "people")
                    add(name, f"interval high at {t} (first draw)", hi, "people")
            if result["imputed"]:
                it, (ilo, ihi) = imputed_estimate([t for t, _g in result["imputed"]])
                covered["imputed links"] = ilo <= n <= ihi
                print(f"   links imputed from the match probabilities ({args.imputations}): "
                      f"{it:,.0f} [{ilo:,.0f}, {ihi:,.0f}] ({it / n - 1:+.1%}); covers "
                      f"{covered['imputed links']}", flush=True)  # fmt: skip
                if rep == 0:
                    add(name, "estimate, imputed links (first draw)", it, "people")
                    add(name, "interval low, imputed links (first draw)", ilo, "people")
                    add(name, "interval high, imputed links (first draw)", ihi, "people")
                if design.hard_share:
                    st, (slo, shi) = imputed_estimate(
                        [linked_histories_by_stratum(captures, g, stratum_of)
                         for _t, g in result["imputed"]],
                        combine=stratified,
                    )  # fmt: skip
                    covered["imputed links stratified"] = slo <= n <= shi
                    print(f"          stratified: {st:,.0f} [{slo:,.0f}, {shi:,.0f}] "
                          f"({st / n - 1:+.1%}); covers {slo <= n <= shi}")  # fmt: skip
            for t, c in covered.items():
                rows_key = f"linked draws covering N at {t}"
                found = [r for r in rows if r["metric"] == f"{name}: {rows_key}"]
                if found:
                    found[0]["value"] += int(c)
                else:
                    add(name, rows_key, int(c), "draws")
            if rep == 0 and args.bootstrap:
                boot = random.Random(f"{args.seed}:{name}:bootstrap")
                at = result["by threshold"][DEFAULT_THRESHOLD]["counts"]
                totals = [estimate(resampled(at, boot), bootstrap=0)[0]
                          for _ in range(args.bootstrap)]  # fmt: skip
                blo, bhi = np.percentile(totals, [2.5, 97.5])
                print(f"   bootstrap of the match groups at {DEFAULT_THRESHOLD} "
                      f"({args.bootstrap}): [{blo:,.0f}, {bhi:,.0f}]; covers "
                      f"{blo <= n <= bhi}", flush=True)  # fmt: skip
                add(name, f"bootstrap 2.5% at {DEFAULT_THRESHOLD} (first draw)", blo, "people")
                add(name, f"bootstrap 97.5% at {DEFAULT_THRESHOLD} (first draw)", bhi, "people")
        if args.linked:
            add(name, "linked draws", args.linked, "draws")
        write_rows(args.out or f"pprl-capture-{n}", rows)
    add("all", "encoding time", encodings.seconds, "s")
    add("all", "records encoded", len(encodings.records), "records", peak_memory=peak_memory_mb())
    write_rows(args.out or f"pprl-capture-{n}", rows)


if __name__ == "__main__":
    main()
