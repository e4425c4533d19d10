"""Differentially private synthetic records: MST (McKenna, Miklau and Sheldon, "Winning the
NIST contest: a scalable and general approach to differentially private synthetic data",
2021) in its pure ε-DP form, over the HTCDS columns of the export, generalised to fixed
domains. Decision 0032 says why MST, why pure ε and how the budget is counted.

1. the one-way marginal of every column is measured with Laplace noise (OpenDP);
2. values whose noisy count is under three noise standard deviations are merged into one
   (post-processing of step 1, as MST's reference code does: rare values cost no budget);
3. d - 1 two-way marginals are chosen, one at a time, by the exponential mechanism (OpenDP's
   `make_noisy_max`, exponential noise), each round among the pairs that join two parts of
   the tree built so far, scored by how badly the independent model of step 1 predicts the
   pair (the L1 distance: sensitivity 1); the chosen pairs form a maximum spanning tree;
4. the chosen two-way marginals are measured with Laplace noise (OpenDP);
5. private-pgm (`mbi`) fits the graphical model that best explains the noisy measurements and
   samples N records from it; merged values are spread uniformly over the values they merged.

Privacy unit: one case (one record per case), as for the private tables. The ε split is
a third each for steps 1, 3 and 4; sequential composition makes the release ε-DP, and the ε
recorded is the sum of OpenDP's own privacy maps. Steps 2 and 5 only read noisy outputs, so
their randomness (numpy's) needs no cryptographic quality: it cannot reveal anything the
noisy measurements do not.

Domains are fixed in advance (ISO 3166 codes, the vocabularies, age bands, years), never read
from the data: a value's presence in the domain reveals nothing.

The utility report (`utility`) compares the synthetic records with the TRUE marginals: it is
not differentially private and is shown to coordinators only, never published.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from seri.core.vocabularies import Gender, country_codes
from seri.stats.htcds import SEPARATOR, STATUS_TO_HTCDS

FIRST_YEAR = 2015  # years before it are one value, "before 2015"
AGE_BANDS = ("0-14", *(f"{lo}-{lo + 4}" for lo in range(15, 65, 5)), "65+")
HTCDS_STATUSES = ("Active", "FollowUp", "Closed", "ClosedReferred")
MERGE_BELOW_SD = 3.0  # MST: values with a noisy count under 3 standard deviations are merged
ESTIMATION_ITERS = 1000
INSTALL_HINT = "pip install 'seri[synth]'"


class Unavailable(RuntimeError):
    """The optional `synth` extra (mbi and jax) is not installed."""


def available() -> bool:
    return importlib.util.find_spec("mbi") is not None


def _mbi():
    if not available():
        raise Unavailable(INSTALL_HINT)
    import jax

    # mbi warns (rightly) that float32 can stall its estimation on large counts
    jax.config.update("jax_enable_x64", True)
    jax.config.update("jax_enable_compilation_cache", False)
    import mbi

    return mbi


# --- the columns --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribute:
    name: str  # the output field: HTCDS 2.0 where the standard has it, seri_… otherwise
    raw: str  # the CaseFact field it is made from
    values: tuple[str, ...]  # fixed in advance; "" is unknown

    def index(self) -> dict[str, int]:
        return {v: i for i, v in enumerate(self.values)}


def _age_band(age: Any) -> str:
    if age is None or age < 0:
        return ""
    if age < 15:
        return AGE_BANDS[0]
    if age >= 65:
        return AGE_BANDS[-1]
    lo = age // 5 * 5
    return f"{lo}-{lo + 4}"


def _first_code(value: Any) -> str:
    """One citizenship per synthetic record: the alphabetically first ISO code of the person's
    (the domain of sets of countries is too large to measure; documented in decision 0032)."""
    codes = sorted(c for c in str(value or "").split(SEPARATOR) if c)
    return codes[0] if codes else ""


def attributes(today: dt.date | None = None) -> list[Attribute]:
    today = today or dt.date.today()
    countries = (*sorted(country_codes()), "")
    years = (f"before {FIRST_YEAR}", *(str(y) for y in range(FIRST_YEAR, today.year + 1)), "")
    return [
        Attribute("prs_Gender", "qi_gender", tuple(Gender.values)),
        Attribute("seri_AgeBand", "qi_age", (*AGE_BANDS, "")),
        Attribute("prs_Citizenship", "qi_citizenships", countries),
        Attribute("hte_Country", "qi_exploitation_country", countries),
        Attribute("seri_YearRegistered", "qi_year", years),
        Attribute("cas_Status", "status", (*HTCDS_STATUSES, "")),
    ]


def _value(attr: Attribute, raw: Any) -> str:
    if attr.raw == "qi_age":
        return _age_band(raw)
    if attr.raw == "qi_citizenships":
        return _first_code(raw)
    if attr.raw == "qi_year":
        if raw is None:
            return ""
        return f"before {FIRST_YEAR}" if raw < FIRST_YEAR else str(raw)
    if attr.raw == "status":
        return STATUS_TO_HTCDS.get(raw, "")
    if attr.raw == "qi_gender":
        return raw if raw in Gender.values else Gender.UNKNOWN.value
    return raw or ""


def encode(
    groups: Iterable[tuple[Sequence[Any], int]], attrs: Sequence[Attribute]
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Rows of (raw values in `attrs` order, number of cases) → integer codes per column and
    the weight of each row. A value outside the fixed domain becomes unknown ("")."""
    indexes = [a.index() for a in attrs]
    codes: list[list[int]] = [[] for _ in attrs]
    weights: list[int] = []
    for raw, n in groups:
        for i, (attr, value) in enumerate(zip(attrs, raw, strict=True)):
            index = indexes[i]
            codes[i].append(index.get(_value(attr, value), index.get("", 0)))
        weights.append(n)
    return (
        {a.name: np.array(c, dtype=np.int64) for a, c in zip(attrs, codes, strict=True)},
        np.array(weights, dtype=np.int64),
    )


# --- MST -----------------------------------------------------------------------------------------


@dataclass
class Synthesis:
    records: dict[str, np.ndarray]  # codes over the full domains, one array per column
    epsilon: float  # the sum of OpenDP's privacy maps
    parameters: dict[str, Any] = field(default_factory=dict)


def _laplace(scale: float, sensitivity: int):
    import opendp.prelude as dp

    dp.enable_features("contrib")
    meas = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=scale
    )
    return meas, float(meas.map(sensitivity))


def _noisy_max(scale: float):
    import opendp.prelude as dp

    dp.enable_features("contrib")
    meas = dp.m.make_noisy_max(
        dp.vector_domain(dp.atom_domain(T=float, nan=False)),
        dp.linf_distance(T=float),
        dp.max_divergence(),
        scale=scale,
    )
    return meas, float(meas.map(1.0))


def _marginal(codes: Sequence[np.ndarray], sizes: Sequence[int], weights: np.ndarray):
    flat = np.ravel_multi_index(tuple(codes), tuple(sizes)) if len(codes) > 1 else codes[0]
    return np.bincount(flat, weights=weights, minlength=int(np.prod(sizes))).astype(np.int64)


@dataclass
class _Compression:
    kept: np.ndarray  # full-domain values kept, in order
    merged: np.ndarray  # full-domain values merged into the last compressed value
    mapping: np.ndarray  # full value → compressed value

    @property
    def size(self) -> int:
        return len(self.kept) + (1 if len(self.merged) else 0)


def _compress(noisy: np.ndarray, threshold: float) -> _Compression:
    keep = noisy >= threshold
    kept, merged = np.flatnonzero(keep), np.flatnonzero(~keep)
    mapping = np.full(len(noisy), len(kept), dtype=np.int64)
    mapping[kept] = np.arange(len(kept))
    return _Compression(kept, merged, mapping)


def _select(
    true2: dict[tuple[int, int], np.ndarray],
    estimate: list[np.ndarray],
    total: float,
    d: int,
    scale: float,
) -> tuple[list[tuple[int, int]], float]:
    """Kruskal's algorithm with the exponential mechanism choosing each edge (MST step 3)."""
    meas, per_round = _noisy_max(scale)
    score = {}
    for (i, j), m in true2.items():
        independent = total * np.outer(estimate[i], estimate[j]).ravel()
        score[(i, j)] = float(np.abs(m - independent).sum())
    component = list(range(d))
    chosen: list[tuple[int, int]] = []
    spent = 0.0
    for _round in range(d - 1):
        candidates = [p for p in score if component[p[0]] != component[p[1]]]
        pick = candidates[int(meas([score[p] for p in candidates]))]
        spent += per_round
        chosen.append(pick)
        old, new = component[pick[1]], component[pick[0]]
        component = [new if c == old else c for c in component]
    return chosen, spent


def mst(
    codes: dict[str, np.ndarray],
    weights: np.ndarray,
    attrs: Sequence[Attribute],
    *,
    epsilon: float,
    records: int,
) -> Synthesis:
    """N synthetic records from the true (coded) records, ε-DP (one case = one record)."""
    mbi = _mbi()
    names = [a.name for a in attrs]
    sizes = [len(a.values) for a in attrs]
    d = len(attrs)
    data = [codes[n] for n in names]

    # 1. one-way marginals: each record is in each of the d marginals once (L1 sensitivity d)
    scale1 = d / (epsilon / 3)
    meas1, eps1 = _laplace(scale1, d)
    noisy1_flat = np.array(
        meas1([int(v) for i in range(d) for v in _marginal([data[i]], [sizes[i]], weights)])
    )
    bounds = np.cumsum([0, *sizes])
    noisy1 = [noisy1_flat[bounds[i] : bounds[i + 1]] for i in range(d)]

    # 2. rare values merged (post-processing)
    threshold = MERGE_BELOW_SD * math.sqrt(2) * scale1
    comp = [_compress(y, threshold) for y in noisy1]
    csizes = [c.size for c in comp]
    cdata = [comp[i].mapping[data[i]] for i in range(d)]
    estimate = []
    for i in range(d):
        y = np.maximum(np.bincount(comp[i].mapping, weights=noisy1[i], minlength=csizes[i]), 0)
        estimate.append(y / y.sum() if y.sum() > 0 else np.full(csizes[i], 1 / csizes[i]))
    total = max(1.0, float(np.mean([y.sum() for y in noisy1])))

    # 3. the tree of two-way marginals (exponential mechanism, d - 1 rounds)
    true2 = {
        (i, j): _marginal([cdata[i], cdata[j]], [csizes[i], csizes[j]], weights)
        for i in range(d)
        for j in range(i + 1, d)
    }
    scale_select = 2 * (d - 1) / (epsilon / 3)
    tree, eps2 = _select(true2, estimate, total, d, scale_select)

    # 4. the chosen two-way marginals: each record is in each of them once (sensitivity d - 1)
    scale2 = (d - 1) / (epsilon / 3)
    meas2, eps3 = _laplace(scale2, d - 1)
    noisy2_flat = np.array(meas2([int(v) for pair in tree for v in true2[pair]]))

    # 5. the graphical model, and records sampled from it
    full = mbi.Domain(names, sizes)
    domain = mbi.Domain(names, csizes)
    measurements = [
        mbi.LinearMeasurement(
            noisy1[i].astype(float), (names[i],), stddev=math.sqrt(2) * scale1
        ).compress({names[i]: comp[i].mapping}, full)
        for i in range(d)
    ]
    at = 0
    for i, j in tree:
        n = csizes[i] * csizes[j]
        measurements.append(
            mbi.LinearMeasurement(
                noisy2_flat[at : at + n].astype(float),
                (names[i], names[j]),
                stddev=math.sqrt(2) * scale2,
            )
        )
        at += n
    model = mbi.estimation.MirrorDescent().estimate(
        domain, measurements, known_total=total, iters=ESTIMATION_ITERS
    )
    sample = model.synthetic_data(rows=records).data
    rng = np.random.default_rng()
    out = {}
    for i, name in enumerate(names):
        out[name] = _decompress(np.asarray(sample[name]), comp[i], rng)
    return Synthesis(
        out,
        eps1 + eps2 + eps3,
        {
            "mechanism": "MST (pure ε-DP: Laplace and exponential mechanism from OpenDP), "
            "private-pgm estimation and sampling",
            "privacy_unit": "one case",
            "epsilon_split": {"one_way": eps1, "selection": eps2, "two_way": eps3},
            "laplace_scale_one_way": scale1,
            "laplace_scale_two_way": scale2,
            "selection_scale": scale_select,
            "tree": [[names[i], names[j]] for i, j in tree],
            "domain_sizes": dict(zip(names, sizes, strict=True)),
            "domain_sizes_after_merging": dict(zip(names, csizes, strict=True)),
            "columns": names,
        },
    )


def _decompress(values: np.ndarray, comp: _Compression, rng) -> np.ndarray:
    out = np.empty(len(values), dtype=np.int64)
    kept = values < len(comp.kept)
    out[kept] = comp.kept[values[kept]]
    if len(comp.merged):
        out[~kept] = rng.choice(comp.merged, size=int((~kept).sum()))
    return out


# --- utility (NOT private: for the coordinator only) ---------------------------------------------


def _tvd(a: np.ndarray, b: np.ndarray) -> float:
    sa, sb = a.sum(), b.sum()
    if sa == 0 or sb == 0:
        return 0.0 if sa == sb else 1.0
    return float(0.5 * np.abs(a / sa - b / sb).sum())


def utility(
    true_codes: dict[str, np.ndarray],
    weights: np.ndarray,
    synthetic: dict[str, np.ndarray],
    attrs: Sequence[Attribute],
) -> dict[str, Any]:
    """Total variation distance (half the L1 distance of the proportions, 0 to 1) between the
    synthetic and the true one-way and two-way marginals: per marginal, the largest, the mean."""
    names = [a.name for a in attrs]
    sizes = {a.name: len(a.values) for a in attrs}
    ones = np.ones(len(next(iter(synthetic.values()))), dtype=np.int64)

    def distance(cols: list[str]) -> float:
        s = [sizes[c] for c in cols]
        return _tvd(
            _marginal([true_codes[c] for c in cols], s, weights),
            _marginal([synthetic[c] for c in cols], s, ones),
        )

    one = {n: distance([n]) for n in names}
    two = {f"{a} x {b}": distance([a, b]) for i, a in enumerate(names) for b in names[i + 1 :]}
    return {
        "measure": "total variation distance",
        "one_way": _summary(one),
        "two_way": _summary(two),
    }


def _summary(by: dict[str, float]) -> dict[str, Any]:
    return {"max": max(by.values()), "mean": float(np.mean(list(by.values()))), "by": by}


def rows(records: dict[str, np.ndarray], attrs: Sequence[Attribute]) -> Iterable[list[str]]:
    """The synthetic records as text rows, in `attrs` order."""
    columns = [np.array(a.values, dtype=object)[records[a.name]] for a in attrs]
    return zip(*columns, strict=True)  # type: ignore[return-value]
