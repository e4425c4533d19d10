"""Linking encodings from several installations: candidate pairs from Hamming-LSH on the
CLKs and from equal keyed tokens (phones; the date of birth where the names are alike too), with
bucket caps counted, a Fellegi-Sunter model over three comparisons (the CLK similarity with the
pair's rivals, the phone, the date of birth) whose m and u the service estimates itself by EM
(it sees similarities and equalities, never a value), and
anonlink's greedy many-party solver on the match probabilities. Pure functions, no database:
the linkage service and `seri pprl link` share them.

The encodings file (one per installation, written by `seri pprl encode`):
{"format": "seri-pprl/3", "project": …, "installation": …, "key_fingerprint": …,
 "bits": 2048, "variants": 12, "records": [{"id": "<random>", "clks": ["<base64>", …],
 "phones": ["<base64>", "<base64>"], "dob": "<base64>"}, …]}
"""

import base64
import binascii
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from anonlink.solving import greedy_solve

from seri.pprl import clk

# 3: the phones and the date of birth left the filters for keyed tokens, and the threshold is a
# match probability (decision 0031); 1 and 2 are refused (their similarities mean other things)
FORMAT = "seri-pprl/3"
# The match probability at which a pair is linked. Not 0.5 ("a match likelier than not"): the
# model's probabilities are estimated without labels and come out cautious for pairs that
# only a name connects, so 0.5 misses those and the estimate across installations comes out
# high (each missed pair splits a person in two). 0.15 was within five points of the in-house
# linkage in precision and recall at 100,000 and at 1,000,000 people, and the estimate's
# interval covered the true total with independent and dependent lists (decision 0031,
# amendment of the night of 4 Dec 2026).
THRESHOLD = 0.15
# The match probability at which the capture histories for `seri estimate` are counted. A
# count needs the false links and the missed links to cancel (each missed link splits a person
# in two, each false one joins two people), which happens lower than where the groups shown to
# caseworkers are precise enough: at 0.1 the estimate's interval covered the true total in
# every draw with independent and dependent lists at 20,000 and 100,000 people, at 0.15 it
# was 1.2 % high at 100,000 (decision 0031, amendment of the night of 4 Dec 2026).
ESTIMATE_THRESHOLD = 0.1
FLOOR = 0.70  # CLK similarity below which a pair is compared only when a phone agrees
# The levels of the CLK comparison (best Dice over readings): at or above each edge.
DICE_EDGES = (0.97, 0.94, 0.91, 0.88, 0.85, 0.82, 0.79, 0.76, 0.73)
BANDS = 100  # Hamming LSH (Durham 2012): BANDS samples of BAND_BITS positions; two encodings
BAND_BITS = 40  # are compared when all the sampled bits of one band agree. A pair at Dice 0.94
# meets in some band with probability 1 - (1 - 0.94^40)^100 ≈ 1 (what the model needs to link a
# pair with no shared token), at 0.92 0.97, at 0.90 0.77; two unrelated people of one sex,
# nationality and birth-year window (0.75) with probability 0.001 (0.01 with 32 bits, 0.1 with
# 24): the pairs the bands bring still grow with the square of the records, but a hundredth as
# fast as with 32 bits (decision 0031). Pairs with a shared phone or date come from the tokens.
MAX_BUCKET = 1000  # a band value shared by more encodings than this says nothing: skipped
MAX_TOKEN_BUCKET = 1000  # a phone or date token shared by more records: skipped
DOB_FLOOR = 0.80  # CLK similarity below which a shared date of birth alone is not compared
BEST_DICE_CHUNK = 2_000  # record pairs compared reading by reading at once (memory)
ROWS_AT_ONCE = 1_000_000  # encodings read at once for a band's values (memory)
HASHED_FROM = 100_000  # band values of more encodings: counted in a hash table before sorting
PAIRS_AT_ONCE = 500_000  # encoding pairs compared at once (memory: 2 x 256 bytes each)
MERGE_EVERY = 20_000_000  # record pairs found before the repeats are dropped (memory)
LSH_SEED = 20091  # public: the positions need not be secret (they are applied to ciphertexts)
# The levels of a pair's rivals (`rival_level`): 1 (none but each other), 2, 3-4, 5-9, 10 or more
RIVAL_EDGES = (2, 3, 5, 10)
RIVAL_STEPS = 4096  # similarities are compared for "at least as alike" to 1/4096
MIN_PAIRS_FOR_EM = 2000  # fewer candidate pairs: the default parameters below
EM_ROUNDS = 100


class EncodingsRefused(ValueError):
    """An encodings file that cannot be linked; the message names the file and the record."""


@dataclass
class Dataset:
    installation: str
    project: str
    fingerprint: str
    ids: list[str]
    clks: np.ndarray  # (records x VARIANTS, BYTES) uint8
    phones: np.ndarray  # (records, PHONES, TOKEN_BYTES) uint8
    dobs: np.ndarray  # (records, TOKEN_BYTES) uint8


def _b64(raw: object, size: int, where: str, what: str) -> bytes:
    try:
        out = base64.b64decode(raw, validate=True)  # type: ignore[arg-type]
    except (binascii.Error, TypeError, ValueError):
        raise EncodingsRefused(f"{where}: {what} is not base64") from None
    if len(out) != size:
        raise EncodingsRefused(f"{where}: {what} is not {size} bytes")
    return out


def _clks_of(rec: dict, where: str) -> list[bytes]:
    raw = rec.get("clks")
    if not isinstance(raw, list) or len(raw) != clk.VARIANTS:
        raise EncodingsRefused(f"{where}: clks must be a list of {clk.VARIANTS} encodings")
    return [_b64(c, clk.BYTES, where, "an encoding") for c in raw]


def _tokens_of(rec: dict, where: str) -> tuple[list[bytes], bytes]:
    phones = rec.get("phones")
    if not isinstance(phones, list) or len(phones) != clk.PHONES:
        raise EncodingsRefused(f"{where}: phones must be a list of {clk.PHONES} tokens")
    return (
        [_b64(p, clk.TOKEN_BYTES, where, "a phone token") for p in phones],
        _b64(rec.get("dob"), clk.TOKEN_BYTES, where, "the dob token"),
    )


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
    # written in place into arrays of their final size: a file of 300,000 records is 0.9 GB
    # of encodings, and a list of their bytes would take as much again before the copy
    ids: list[str] = []
    clks = np.empty((len(records) * clk.VARIANTS, clk.BYTES), dtype=np.uint8)
    phones = np.empty((len(records), clk.PHONES, clk.TOKEN_BYTES), dtype=np.uint8)
    dobs = np.empty((len(records), clk.TOKEN_BYTES), dtype=np.uint8)
    for n, rec in enumerate(records):
        where = f"{name}, record {n + 1}"
        if not isinstance(rec, dict) or not isinstance(rec.get("id"), str):
            raise EncodingsRefused(f"{where}: field id is missing")
        for v, raw in enumerate(_clks_of(rec, where)):
            clks[n * clk.VARIANTS + v] = np.frombuffer(raw, dtype=np.uint8)
        its_phones, dob = _tokens_of(rec, where)
        for p, raw in enumerate(its_phones):
            phones[n, p] = np.frombuffer(raw, dtype=np.uint8)
        dobs[n] = np.frombuffer(dob, dtype=np.uint8)
        ids.append(rec["id"])
    if len(set(ids)) != len(ids):
        raise EncodingsRefused(f"{name}: record ids repeat")
    return Dataset(
        installation=installation,
        project=str(doc.get("project", "")),
        fingerprint=str(doc.get("key_fingerprint", "")),
        ids=ids,
        clks=clks,
        phones=phones,
        dobs=dobs,
    )


def check_compatible(datasets: Sequence[Dataset]) -> None:
    names = [d.installation for d in datasets]
    if len(set(names)) != len(names):
        raise EncodingsRefused("two files come from the same installation: " + ", ".join(names))
    if len({(d.project, d.fingerprint) for d in datasets}) > 1:
        raise EncodingsRefused("the files were not encoded for the same project with the same key")


@dataclass
class Blocking:
    """What blocking did, for the run's report: record pairs brought to the comparison by each
    source (a pair found by two counts in both), and what the bucket caps set aside: band
    values or tokens shared by more than the cap say little about who is whom and would cost
    quadratic time (as the in-house blocking drops name forms over 1,000 people)."""

    lsh_pairs: int = 0  # record pairs meeting in a band, at or above the floor
    phone_pairs: int = 0  # record pairs sharing a phone token
    dob_pairs: int = 0  # record pairs compared that share the date-of-birth token
    skipped_buckets: int = 0  # band values and tokens over the cap, over all bands
    skipped_members: int = 0  # encodings or records in those buckets (counted per band)


WORDS = clk.BYTES // 8  # an encoding as uint64 words (popcount a word at a time)
COMMON_BITS = 11  # |A ∩ B| is 0 … L = 1024: packed beside the record pair in one uint64


class _Encodings:
    """Every dataset's CLKs as one sequence of rows, without copying them into one array (at
    1,000,000 people they take 2.8 GB): row r of the k-th dataset is row starts[k] + r, and a
    record's VARIANTS encodings are consecutive, so row // VARIANTS is its record."""

    def __init__(self, parts: Sequence[np.ndarray]):
        self.parts = [np.ascontiguousarray(p).view(np.uint64) for p in parts]
        self.starts = np.cumsum([0, *(len(p) for p in parts)])

    def __len__(self) -> int:
        return int(self.starts[-1])

    def take(self, rows: np.ndarray) -> np.ndarray:
        out = np.empty((len(rows), WORDS), dtype=np.uint64)
        which = np.searchsorted(self.starts, rows, side="right") - 1
        for k, part in enumerate(self.parts):
            chosen = which == k
            out[chosen] = part[rows[chosen] - self.starts[k]]
        return out

    def common(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """|A ∩ B| of row pairs (every balanced encoding has weight L: Dice = |A ∩ B| / L),
        PAIRS_AT_ONCE at a time."""
        out = np.empty(len(a), dtype=np.int64)
        for s in range(0, len(a), PAIRS_AT_ONCE):
            both = self.take(a[s : s + PAIRS_AT_ONCE])
            both &= self.take(b[s : s + PAIRS_AT_ONCE])
            out[s : s + PAIRS_AT_ONCE] = np.bitwise_count(both).sum(axis=1)
        return out

    def band_values(self, band: np.ndarray, last_mask: int) -> np.ndarray:
        """The bytes at `band` of every row as one uint64 (at most 8 bytes; the last one
        masked by `last_mask`), ROWS_AT_ONCE rows at a time (no transposed copy)."""
        width = len(band)
        out = np.empty(len(self), dtype=np.uint64)
        for start, part in zip(self.starts.tolist(), self.parts, strict=False):
            raw = part.view(np.uint8)
            for s in range(0, len(raw), ROWS_AT_ONCE):
                wide = np.zeros((min(ROWS_AT_ONCE, len(raw) - s), 8), dtype=np.uint8)
                wide[:, 8 - width :] = np.take(raw[s : s + ROWS_AT_ONCE], band, axis=1)
                wide[:, 7] &= last_mask
                out[start + s : start + s + len(wide)] = wide.view(">u8").ravel()
        return out


def band_positions(bands: int, band_bits: int) -> list[tuple[np.ndarray, int]]:
    """Each band's sampled bytes and the mask of its last byte: band_bits positions of the
    filter as whole bytes (the positions of a balanced filter are under a keyed random
    permutation, so the eight bits of one byte are as random a sample of the underlying filter
    as eight bits drawn apart, and a byte is read at once)."""
    if not 0 < band_bits <= 64:
        raise ValueError("a band is 1 to 64 bits")
    rng = np.random.default_rng(LSH_SEED)
    width, rest = -(-band_bits // 8), band_bits % 8
    mask = (0xFF << (8 - rest)) & 0xFF if rest else 0xFF
    return [(rng.choice(clk.BYTES, width, replace=False), mask) for _ in range(bands)]


def _lsh_pairs(
    encodings: _Encodings,
    row_owner: np.ndarray,
    total: int,
    *,
    bands: int,
    band_bits: int,
    floor: float,
    largest: int,
    stats: Blocking,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Record pairs (a * total + b, a < b, sorted) whose encodings meet in an LSH band at or
    above `floor`, with the best Dice of the encoding pairs that met. Band by band: the band's
    encoding pairs are compared at once and kept as (record pair, L - |A ∩ B|) in one uint64,
    and every MERGE_EVERY the repeats are dropped keeping the best, so memory grows with the
    record pairs found, never with the encodings pairs of every band."""
    if total >= 2**26:  # the record pair and the count must fit in 64 bits
        raise ValueError("too many records for one run")
    kept: list[np.ndarray] = []
    pending = 0
    for done, (band, mask) in enumerate(band_positions(bands, band_bits), start=1):
        lo, hi = _pairs_in_buckets(encodings.band_values(band, mask), row_owner, largest, stats)
        common = encodings.common(lo, hi)
        keep = common / clk.L >= floor
        record_pair = (lo[keep] // clk.VARIANTS) * total + hi[keep] // clk.VARIANTS
        kept.append(
            (record_pair.astype(np.uint64) << np.uint64(COMMON_BITS))
            | (clk.L - common[keep]).astype(np.uint64)
        )
        pending += len(kept[-1])
        if pending > MERGE_EVERY:  # a pair meets in many bands: once, at its best
            kept, pending = [_best_of(kept)], 0
        if progress is not None:
            progress(done, sum(map(len, kept)))
    codes = _best_of(kept) if kept else np.zeros(0, dtype=np.uint64)
    pairs = (codes >> np.uint64(COMMON_BITS)).astype(np.int64)
    sims = (clk.L - (codes & np.uint64(2**COMMON_BITS - 1)).astype(np.int64)) / clk.L
    return pairs, sims


def _best_of(codes: list[np.ndarray]) -> np.ndarray:
    """(record pair, L - |A ∩ B|) codes sorted, one per record pair: its highest |A ∩ B|."""
    merged = np.concatenate(codes)
    merged.sort()
    if not len(merged):
        return merged
    pair = merged >> np.uint64(COMMON_BITS)
    first = np.empty(len(merged), dtype=bool)
    first[0] = True
    np.not_equal(pair[1:], pair[:-1], out=first[1:])
    return merged[first]


def _pairs_in_buckets(
    keys: np.ndarray, owner: np.ndarray, largest: int, stats: Blocking
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, different owners) with equal keys; buckets of more than `largest` are
    skipped and counted in `stats`."""
    if len(keys) > HASHED_FROM:
        # Most band values are one encoding's: a hash table of counts finds the few values
        # that may repeat, and only those are sorted (a tenth of the rows instead of all).
        bits = min(26, int(np.ceil(np.log2(len(keys)))) + 2)
        slot = ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - bits)).astype(np.intp)
        maybe = np.flatnonzero(np.bincount(slot, minlength=1 << bits)[slot] > 1)
        del slot
        keys = keys[maybe]
    else:
        maybe = np.arange(len(keys))
    n = len(keys)
    order = np.argsort(keys)
    sorted_keys = keys[order]
    order = maybe[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, n])
    over = sizes > largest
    stats.skipped_buckets += int(over.sum())
    stats.skipped_members += int(sizes[over].sum())
    found_lo, found_hi = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for size in np.unique(sizes[(sizes > 1) & ~over]).tolist():
        # every bucket of this size at once: (buckets x size) rows, their pairs
        rows = order[starts[sizes == size][:, None] + np.arange(size)[None, :]]
        i, j = np.triu_indices(size, 1)
        a, b = rows[:, i].ravel(), rows[:, j].ravel()
        keep = owner[a] != owner[b]
        found_lo.append(np.minimum(a[keep], b[keep]).astype(np.int64))
        found_hi.append(np.maximum(a[keep], b[keep]).astype(np.int64))
    return np.concatenate(found_lo), np.concatenate(found_hi)


def _token_pairs(
    tokens: np.ndarray, owner: np.ndarray, total: int, largest: int, stats: Blocking
) -> np.ndarray:
    """Record pairs (a * total + b, a < b, different installations, sorted) sharing a token
    that is not MISSING; `tokens` is (records, per record) uint64 keys."""
    per = tokens.shape[1]
    flat = tokens.ravel()
    known = np.flatnonzero(flat != 0)  # MISSING tokens agree with nothing
    lo, hi = _pairs_in_buckets(flat[known], owner.repeat(per)[known], largest, stats)
    return np.unique(known[lo] // per * total + known[hi] // per)


def _token_keys(tokens: np.ndarray) -> np.ndarray:
    """A token as one uint64 (its first 8 bytes: equal tokens, equal keys; unequal ones collide
    with probability 2^-64)."""
    return np.ascontiguousarray(tokens[..., :8]).view(np.uint64).reshape(tokens.shape[:-1])


def _in_sorted(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """For each of `sorted_keys`, whether it is among `values` (searchsorted: no sort of the
    larger array)."""
    if not len(sorted_keys) or not len(values):
        return np.zeros(len(sorted_keys), dtype=bool)
    ordered = np.sort(values)
    at = np.minimum(np.searchsorted(ordered, sorted_keys), len(ordered) - 1)
    return ordered[at] == sorted_keys


@dataclass(frozen=True)
class Member:
    installation: str
    record: str


@dataclass
class Scored:
    """Candidate record pairs and their comparisons: records numbered across the datasets in
    order; `dice` the best over readings; `phone` and `dob` the level of the tokens: AGREE,
    DIFFER, or MISSING on either side."""

    a: np.ndarray
    b: np.ndarray
    dice: np.ndarray
    phone: np.ndarray
    dob: np.ndarray
    blocking: Blocking = field(default_factory=Blocking)
    # the level of the pair's rivals (`rival_level`); None: not counted (pairs made by hand)
    rivals: np.ndarray | None = None


AGREE, DIFFER, MISSING = 0, 1, 2


def _token_level(agree: np.ndarray, known_a: np.ndarray, known_b: np.ndarray) -> np.ndarray:
    return np.where(agree, AGREE, np.where(known_a & known_b, DIFFER, MISSING)).astype(np.int8)


def scored_pairs(
    datasets: Sequence[Dataset],
    *,
    floor: float = FLOOR,
    dob_floor: float = DOB_FLOOR,
    bands: int = BANDS,
    band_bits: int = BAND_BITS,
    max_bucket: int = MAX_BUCKET,
    max_token_bucket: int = MAX_TOKEN_BUCKET,
    progress: Callable[[int, int], None] | None = None,
) -> Scored:
    """Candidate record pairs: CLKs meeting in an LSH band at or above `floor` (best over
    the readings that met), records sharing a phone token whatever their similarity, and
    records sharing the date-of-birth token at or above `dob_floor` (best over every pair of
    readings). Band values shared by more than `max_bucket` encodings and tokens shared by
    more than `max_token_bucket` records are skipped and counted (`Scored.blocking`). Pairs
    are sorted by (a, b) within each source: the bands' first, then the tokens' others.
    `progress(bands done, encoding pairs kept so far)` is called after each band (counts only,
    for a long run's log)."""
    check_compatible(datasets)
    stats = Blocking()
    sizes = [len(d.ids) for d in datasets]
    total = sum(sizes)
    if not total:
        empty = np.zeros(0, dtype=np.int64)
        return Scored(
            empty, empty, np.zeros(0), empty.astype(np.int8), empty.astype(np.int8), stats
        )
    encodings = _Encodings([d.clks for d in datasets])
    owner = np.repeat(np.arange(len(datasets), dtype=np.int16), sizes)
    pairs, sims = _lsh_pairs(
        encodings,
        owner.repeat(clk.VARIANTS),
        total,
        bands=bands,
        band_bits=band_bits,
        floor=floor,
        largest=max_bucket,
        stats=stats,
        progress=progress,
    )
    stats.lsh_pairs = len(pairs)
    phones = _token_keys(np.concatenate([d.phones for d in datasets]))
    dobs = _token_keys(np.concatenate([d.dobs for d in datasets]))
    by_phone = _token_pairs(phones, owner, total, max_token_bucket, stats)
    by_dob = _token_pairs(dobs[:, None], owner, total, max_token_bucket, stats)
    stats.phone_pairs = len(by_phone)
    by_token = np.union1d(by_phone, by_dob)
    extra = by_token[~_in_sorted(pairs, by_token)]
    keys = np.concatenate([pairs, extra])
    sims = np.concatenate([sims, _best_dice(encodings, extra // total, extra % total)])
    a, b = keys // total, keys % total
    del keys
    has_phone = (phones != 0).any(axis=1)
    shares_phone = np.concatenate([_in_sorted(by_phone, pairs), _in_sorted(by_phone, extra)])
    phone = _token_level(shares_phone, has_phone[a], has_phone[b])
    dob_a, dob_b = dobs[a], dobs[b]
    dob = _token_level((dob_a == dob_b) & (dob_a != 0), dob_a != 0, dob_b != 0)
    del dob_a, dob_b
    # A date is shared by a few people in thousands: the date blocking brings namesakes of the
    # same birthday with unlike names, which would teach EM that non-matches often share a
    # date (u ≈ 0.005 instead of 0.0003 at 100,000 people) and sink the weight of every shared
    # date. A pair whose only token is the date is compared when its names are alike too,
    # however it was found.
    keep = (phone == AGREE) | (dob != AGREE) | (sims >= dob_floor)
    stats.dob_pairs = int((keep & (dob == AGREE)).sum())
    if not keep.all():
        a, b, sims, phone, dob = a[keep], b[keep], sims[keep], phone[keep], dob[keep]
    return Scored(a, b, sims, phone, dob, stats, rival_level(a, b, sims, owner))


def rival_level(a: np.ndarray, b: np.ndarray, dice: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """For each candidate pair, how many records of the other side's installation are at least
    as alike to one of its records (the larger of the two counts, the pair itself included),
    as a level of RIVAL_EDGES: 0 when each is the other's only record that alike. A rare name
    has one; a name shared by many people of one sex, nationality and age has many, all alike.
    The service counts this from the similarities it computes anyway: it is what term
    frequencies tell the in-house linkage (a common name agreeing is weaker evidence) without
    any value or frequency leaving an installation."""
    n = len(a)
    if not n:
        return np.zeros(0, dtype=np.int8)
    span = np.int64(RIVAL_STEPS + 1)
    parts = int(owner.max()) + 1
    # one key per (record, the other side's installation, dissimilarity), sorted: the records
    # at least as alike within a group run from the group's start to the key's last copy
    keys = np.empty(2 * n, dtype=np.int64)
    q = RIVAL_STEPS - np.rint(dice * RIVAL_STEPS).astype(np.int64)
    keys[:n] = (a * parts + owner[b]) * span + q
    keys[n:] = (b * parts + owner[a]) * span + q
    del q
    order = np.argsort(keys).astype(np.int32)
    keys = keys[order]
    size = 2 * n
    index = np.arange(size, dtype=np.int32)
    groups = keys // span
    edge = np.empty(size, dtype=bool)
    edge[0] = True
    np.not_equal(groups[1:], groups[:-1], out=edge[1:])
    del groups
    start = np.maximum.accumulate(np.where(edge, index, 0))
    np.not_equal(keys[1:], keys[:-1], out=edge[:-1])
    edge[-1] = True
    del keys
    last = np.minimum.accumulate(np.where(edge, index, size)[::-1])[::-1]
    del edge, index
    counts = np.empty(size, dtype=np.int32)
    counts[order] = last - start + 1
    del order, start, last
    most = np.maximum(counts[:n], counts[n:])
    return np.searchsorted(np.asarray(RIVAL_EDGES), most, side="right").astype(np.int8)


def _best_dice(encodings: _Encodings, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The best Dice over every pair of the records' readings (for pairs found by a token):
    each record's VARIANTS encodings read once and all VARIANTS² intersections counted at once,
    BEST_DICE_CHUNK record pairs at a time (a shared date brings millions at 1,000,000 people)."""
    v = clk.VARIANTS
    readings = np.arange(v)
    out = np.zeros(len(a))
    for s in range(0, len(a), BEST_DICE_CHUNK):
        x = encodings.take((a[s : s + BEST_DICE_CHUNK, None] * v + readings).ravel())
        y = encodings.take((b[s : s + BEST_DICE_CHUNK, None] * v + readings).ravel())
        both = x.reshape(-1, v, 1, WORDS) & y.reshape(-1, 1, v, WORDS)
        common = np.bitwise_count(both).sum(axis=-1, dtype=np.int32)
        out[s : s + BEST_DICE_CHUNK] = common.reshape(len(common), -1).max(axis=1) / clk.L
    return out


def dice_level(dice: np.ndarray) -> np.ndarray:
    """0 for the highest level (at or above DICE_EDGES[0]) … len(DICE_EDGES) below the last."""
    return np.searchsorted(-np.asarray(DICE_EDGES), -dice, side="left")


@dataclass(frozen=True)
class Model:
    """A Fellegi-Sunter model of the three comparisons: for each, the probability of each level
    among matches (m) and non-matches (u); `prior` the share of matches among the candidate
    pairs. `fitted`: estimated by EM on this run's pairs, not the defaults."""

    prior: float
    m: tuple[tuple[float, ...], ...]  # dice by rivals levels; phone and dob: agree,
    # differ, missing
    u: tuple[tuple[float, ...], ...]
    fitted: bool = False

    def weights(self, scored: Scored) -> np.ndarray:
        """Match weight of each pair: log2 of the odds of a match."""
        w = np.full(len(scored.a), np.log2(self.prior / (1 - self.prior)))
        for levels, m, u in zip(_levels(scored), self.m, self.u, strict=True):
            w += np.log2(np.asarray(m))[levels] - np.log2(np.asarray(u))[levels]
        return w

    def probabilities(self, scored: Scored) -> np.ndarray:
        return 1 / (1 + np.exp2(-self.weights(scored)))


def _levels(scored: Scored) -> list[np.ndarray]:
    """The level of each comparison: the CLK similarity together with its rivals (one
    comparison of DICE by RIVAL levels: how many records are as alike depends on how alike, so
    the two are not independent given the match status, as Fellegi-Sunter needs), the phone,
    the date of birth."""
    rivals = scored.rivals
    if rivals is None:
        rivals = np.zeros(len(scored.a), dtype=np.int8)
    alike = dice_level(scored.dice) * (len(RIVAL_EDGES) + 1) + rivals
    return [alike, scored.phone, scored.dob]


# Used when a run has too few candidate pairs to estimate its own (a handful of test records):
# from the EM fit on the generator's coalition at 100,000 people (bench/pprl.py), rounded.
_DICE_M = (0.50, 0.12, 0.08, 0.07, 0.06, 0.05, 0.04, 0.03, 0.02, 0.03)
_DICE_U = (0.0001, 0.0005, 0.002, 0.006, 0.015, 0.04, 0.08, 0.15, 0.25, 0.4559)
_RIVALS_M = (0.80, 0.10, 0.05, 0.03, 0.02)
_RIVALS_U = (0.30, 0.15, 0.15, 0.15, 0.25)
DEFAULT = Model(
    prior=0.02,
    m=(
        tuple(float(x) for x in np.outer(_DICE_M, _RIVALS_M).ravel()),
        (0.60, 0.05, 0.35),
        (0.50, 0.05, 0.45),
    ),
    u=(
        tuple(float(x) for x in np.outer(_DICE_U, _RIVALS_U).ravel()),
        (0.000001, 0.6, 0.399999),
        (0.0003, 0.5, 0.4997),
    ),
)


def fit(scored: Scored, start: Model = DEFAULT) -> Model:
    """m, u and the prior of the run's candidate pairs by EM (Winkler 1988), from `start`.
    The service sees only levels: how alike two encodings are and how many others are as
    alike, whether a token agrees. EM runs on the count of pairs per combination of levels
    (at most 450), not on the pairs:
    the same estimates, in constant time whatever the number of pairs."""
    if len(scored.a) < MIN_PAIRS_FOR_EM:
        return start
    shape = tuple(len(x) for x in start.m)
    counts = np.bincount(np.ravel_multi_index(_levels(scored), shape), minlength=np.prod(shape))
    present = np.flatnonzero(counts)
    n = counts[present].astype(float)
    levels = list(np.unravel_index(present, shape))
    prior, m, u = start.prior, [np.asarray(x) for x in start.m], [np.asarray(x) for x in start.u]
    for _ in range(EM_ROUNDS):
        w = np.full(len(present), np.log(prior / (1 - prior)))
        for lv, mc, uc in zip(levels, m, u, strict=True):
            w += np.log(mc)[lv] - np.log(uc)[lv]
        g = 1 / (1 + np.exp(-w))
        previous, prior = prior, float(np.clip((g * n).sum() / n.sum(), 1e-6, 1 - 1e-6))
        m = [_share(lv, g * n, len(mc)) for lv, mc in zip(levels, m, strict=True)]
        u = [_share(lv, (1 - g) * n, len(uc)) for lv, uc in zip(levels, u, strict=True)]
        if abs(prior - previous) < 1e-7:
            break
    return Model(prior, tuple(map(tuple, m)), tuple(map(tuple, u)), fitted=True)


def _share(levels: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    counts = np.bincount(levels, weights=weights, minlength=size) + 1e-9
    return counts / counts.sum()


def link_with_histories(
    datasets: Sequence[Dataset],
    *,
    threshold: float = THRESHOLD,
    estimate_threshold: float = ESTIMATE_THRESHOLD,
) -> tuple[list[list[tuple[Member, float]]], list[str], dict[tuple[int, ...], int]]:
    """The match groups at `threshold`, and the capture histories counted from the groups at
    `estimate_threshold` (the pairs blocked, compared and weighed once)."""
    scored = scored_pairs(datasets)
    model = fit(scored)
    groups = link(datasets, threshold=threshold, scored=scored, model=model)
    counted = (
        groups
        if estimate_threshold == threshold
        else link(datasets, threshold=estimate_threshold, scored=scored, model=model)
    )
    names, counts = capture_histories(datasets, counted)
    return groups, names, counts


def link(
    datasets: Sequence[Dataset],
    *,
    threshold: float = THRESHOLD,
    scored: Scored | None = None,
    model: Model | None = None,
) -> list[list[tuple[Member, float]]]:
    """Match groups: each a list of (member, match probability with the member it is most
    likely the same as), at most one record per installation in a group. `scored` and `model`:
    from `scored_pairs` and `fit`, to link at several thresholds without blocking again."""
    if scored is None:
        scored = scored_pairs(datasets)
    else:
        check_compatible(datasets)
    if model is None:
        model = fit(scored)
    weights = model.weights(scored)
    keep = 1 / (1 + np.exp2(-weights)) >= threshold
    return _solve(datasets, scored.a[keep], scored.b[keep], weights[keep])


def _solve(
    datasets: Sequence[Dataset], a: np.ndarray, b: np.ndarray, weights: np.ndarray
) -> list[list[tuple[Member, float]]]:
    owner = np.repeat(np.arange(len(datasets)), [len(d.ids) for d in datasets])
    start = np.cumsum([0, *(len(d.ids) for d in datasets)])
    ranked = np.lexsort((b, a, -weights))
    a, b, weights = a[ranked], b[ranked], weights[ranked]
    candidates = (
        array("d", weights.tolist()),
        (array("I", owner[a].tolist()), array("I", owner[b].tolist())),
        (array("I", (a - start[owner[a]]).tolist()), array("I", (b - start[owner[b]]).tolist())),
    )
    groups = [set(group) for group in greedy_solve(candidates)]
    best: dict[tuple[int, int], dict[tuple[int, int], float]] = {}
    # the highest weight of each member towards another member of its group
    wanted = {m for g in groups for m in g}
    for da, ra, db, rb, w in zip(
        candidates[1][0], candidates[2][0], candidates[1][1], candidates[2][1], weights, strict=True
    ):
        if (da, ra) in wanted and (db, rb) in wanted:
            best.setdefault((da, ra), {}).setdefault((db, rb), float(w))
            best.setdefault((db, rb), {}).setdefault((da, ra), float(w))
    out = []
    for members in groups:
        out.append(
            [
                (
                    Member(datasets[d].installation, datasets[d].ids[r]),
                    round(_probability(max(w for o, w in best[(d, r)].items() if o in members)), 4),
                )
                for d, r in sorted(members)
            ]
        )
    return out


def _probability(weight: float) -> float:
    return float(1 / (1 + 2.0 ** (-weight)))


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
