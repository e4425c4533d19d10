"""Linking encodings from several installations: Hamming-LSH blocking, Sørensen-Dice
similarity, and anonlink's greedy many-party solver. Pure functions, no database: the
linkage service and `seri pprl link` share them.

The encodings file (one per installation, written by `seri pprl encode`):
{"format": "seri-pprl/2", "project": …, "installation": …, "key_fingerprint": …,
 "bits": 2048, "variants": 12, "records": [{"id": "<random>", "clks": ["<base64>", …]}, …]}
"""

import base64
import binascii
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from anonlink.solving import greedy_solve

from seri.pprl import clk

FORMAT = "seri-pprl/2"  # 2: fields weighted, phones and compounds (decision 0031); 1 refused
THRESHOLD = 0.85  # chosen on a labelled sample of the generator's coalition (bench/pprl.py)
BANDS = 100  # Hamming LSH (Durham 2012): BANDS samples of BAND_BITS positions; two encodings
BAND_BITS = 24  # are compared when all the sampled bits of one band agree. A pair at 0.80
# meets in some band with probability 1 - (1 - 0.8^24)^100 ≈ 0.98 (0.999 at 0.85); 40 bands
# of 32 bits found only 84% of the true pairs above 0.80 on the bench.
MAX_BUCKET = 2000  # a band value shared by more encodings than this says nothing: skipped
UNIQUE_EVERY = 20_000_000  # candidate pairs kept before the repeats are dropped (memory)
LSH_SEED = 20091  # public: the positions need not be secret (they are applied to ciphertexts)


class EncodingsRefused(ValueError):
    """An encodings file that cannot be linked; the message names the file and the record."""


@dataclass
class Dataset:
    installation: str
    project: str
    fingerprint: str
    ids: list[str]
    clks: np.ndarray  # (records x VARIANTS, BYTES) uint8


def _clks_of(rec: dict, where: str) -> list[bytes]:
    raw = rec.get("clks")
    if not isinstance(raw, list) or len(raw) != clk.VARIANTS:
        raise EncodingsRefused(f"{where}: clks must be a list of {clk.VARIANTS} encodings")
    try:
        out = [base64.b64decode(c, validate=True) for c in raw]
    except (binascii.Error, TypeError, ValueError):
        raise EncodingsRefused(f"{where}: an encoding is not base64") from None
    if any(len(c) != clk.BYTES for c in out):
        raise EncodingsRefused(f"{where}: an encoding is not {clk.BITS} bits")
    return out


def dataset_from(doc: object, *, name: str) -> Dataset:
    """Read one installation's encodings (parsed JSON), refusing with the file and record."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise EncodingsRefused(f"{name}: not a {FORMAT} encodings file")
    installation = doc.get("installation")
    if not isinstance(installation, str) or not installation:
        raise EncodingsRefused(f"{name}: field installation is missing")
    records = doc.get("records")
    if not isinstance(records, list):
        raise EncodingsRefused(f"{name}: field records must be a list")
    ids: list[str] = []
    rows: list[bytes] = []
    for n, rec in enumerate(records, start=1):
        where = f"{name}, record {n}"
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
            raise EncodingsRefused(f"{where}: field id is missing")
        rows.extend(_clks_of(rec, where))
        ids.append(rec["id"])
    if len(set(ids)) != len(ids):
        raise EncodingsRefused(f"{name}: record ids repeat")
    arr = np.frombuffer(b"".join(rows), dtype=np.uint8).reshape(-1, clk.BYTES)
    return Dataset(
        installation=installation,
        project=str(doc.get("project", "")),
        fingerprint=str(doc.get("key_fingerprint", "")),
        ids=ids,
        clks=arr.copy(),
    )


def check_compatible(datasets: Sequence[Dataset]) -> None:
    names = [d.installation for d in datasets]
    if len(set(names)) != len(names):
        raise EncodingsRefused("two files come from the same installation: " + ", ".join(names))
    if len({(d.project, d.fingerprint) for d in datasets}) > 1:
        raise EncodingsRefused("the files were not encoded for the same project with the same key")


def _candidate_rows(clks: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Row pairs (i < j, different installations) sharing one LSH band: int64 i * n + j."""
    n = len(clks)
    rng = np.random.default_rng(LSH_SEED)
    found: list[np.ndarray] = []
    by_byte = np.ascontiguousarray(clks.T)  # one row per byte position: bits read in sequence
    for _ in range(BANDS):
        cols = rng.choice(clk.BITS, BAND_BITS, replace=False)
        keys = np.zeros(n, dtype=np.uint64)
        for c in cols:  # the sampled bits, read from the packed bytes (no unpacked copy)
            keys <<= np.uint64(1)
            keys |= ((by_byte[c // 8] >> (7 - c % 8)) & 1).astype(np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        sizes = np.diff(np.r_[starts, n])
        for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]):
            # every bucket of this size at once: (buckets x size) rows, their pairs
            rows = order[starts[sizes == size][:, None] + np.arange(size)[None, :]]
            i, j = np.triu_indices(size, 1)
            a, b = rows[:, i].ravel(), rows[:, j].ravel()
            keep = owner[a] != owner[b]
            lo, hi = np.minimum(a[keep], b[keep]), np.maximum(a[keep], b[keep])
            found.append(lo.astype(np.int64) * n + hi)
        if sum(len(f) for f in found) > UNIQUE_EVERY:  # a pair meets in many bands: once
            found = [np.unique(np.concatenate(found))]
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _dice(clks: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dice of row pairs; every balanced encoding has weight L, so Dice = |A ∩ B| / L."""
    out = np.empty(len(a))
    for s in range(0, len(a), 200_000):
        x, y = clks[a[s : s + 200_000]], clks[b[s : s + 200_000]]
        out[s : s + 200_000] = np.bitwise_count(x & y).sum(axis=1) / clk.L
    return out


@dataclass(frozen=True)
class Member:
    installation: str
    record: str


def scored_pairs(datasets: Sequence[Dataset], *, floor: float = THRESHOLD) -> dict:
    """Candidate record pairs at or above `floor`: {(dataset, record, dataset, record): best
    similarity over their readings}. Blocking and similarity, once for every threshold above."""
    check_compatible(datasets)
    if not datasets:
        return {}
    clks = np.concatenate([d.clks for d in datasets])
    record_of = np.concatenate(
        [np.repeat(np.arange(len(d.ids)), clk.VARIANTS) for d in datasets]
    ).astype(np.int64)
    owner = np.concatenate([np.full(len(d.clks), k) for k, d in enumerate(datasets)])
    pairs = _candidate_rows(clks, owner)
    n = len(clks)
    a, b = pairs // n, pairs % n
    sims = _dice(clks, a, b)
    keep = sims >= floor
    a, b, sims = a[keep], b[keep], sims[keep]
    best: dict[tuple[int, int, int, int], float] = {}  # record pair → best over readings
    for da, ra, db, rb, s in zip(
        owner[a].tolist(),
        record_of[a].tolist(),
        owner[b].tolist(),
        record_of[b].tolist(),
        sims.tolist(),
        strict=True,
    ):
        key = (da, ra, db, rb)
        if s > best.get(key, 0.0):
            best[key] = s
    return best


def link(
    datasets: Sequence[Dataset], *, threshold: float = THRESHOLD, scored: dict | None = None
) -> list[list[tuple[Member, float]]]:
    """Match groups: each a list of (member, best similarity to another member of its group),
    at most one record per installation in a group. `scored`: the pairs of `scored_pairs` at a
    floor at or below `threshold`, to link at several thresholds without blocking again."""
    if scored is None:
        scored = scored_pairs(datasets, floor=threshold)
    else:
        check_compatible(datasets)
    return _solve(datasets, {k: s for k, s in scored.items() if s >= threshold})


def _solve(datasets: Sequence[Dataset], best: dict) -> list[list[tuple[Member, float]]]:
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    candidates = (
        array("d", [s for _, s in ranked]),
        (array("I", [k[0] for k, _ in ranked]), array("I", [k[2] for k, _ in ranked])),
        (array("I", [k[1] for k, _ in ranked]), array("I", [k[3] for k, _ in ranked])),
    )
    adjacent: dict[tuple[int, int], list[tuple[tuple[int, int], float]]] = {}
    for (da, ra, db, rb), sim in ranked:
        adjacent.setdefault((da, ra), []).append(((db, rb), sim))
        adjacent.setdefault((db, rb), []).append(((da, ra), sim))
    groups = []
    for group in greedy_solve(candidates):
        members = set(group)
        groups.append(
            [
                (
                    Member(datasets[d].installation, datasets[d].ids[r]),
                    round(max(sim for other, sim in adjacent[(d, r)] if other in members), 4),
                )
                for d, r in sorted(members)
            ]
        )
    return groups


def capture_histories(
    datasets: Sequence[Dataset], groups
) -> tuple[list[str], dict[tuple[int, ...], int]]:
    """Counts per combination of installations (each record once: in its group, or alone)."""
    names = [d.installation for d in datasets]
    counts: dict[tuple[int, ...], int] = {}
    grouped = dict.fromkeys(names, 0)
    for group in groups:
        present = {m.installation for m, _ in group}
        for name in present:
            grouped[name] += 1
        pattern = tuple(int(name in present) for name in names)
        counts[pattern] = counts.get(pattern, 0) + 1
    for k, d in enumerate(datasets):
        alone = len(d.ids) - grouped[d.installation]
        if alone:
            pattern = tuple(int(i == k) for i in range(len(names)))
            counts[pattern] = counts.get(pattern, 0) + alone
    return names, counts


def histories_csv(names: list[str], counts: dict[tuple[int, ...], int]) -> str:
    """The table `seri estimate` reads."""
    lines = [",".join([*names, "count"])]
    for pattern in sorted(counts, reverse=True):
        lines.append(",".join([*map(str, pattern), str(counts[pattern])]))
    return "\n".join(lines) + "\n"
