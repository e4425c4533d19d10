"""Multiple systems estimation: how many people are there that no list has seen?

Log-linear Poisson models of the capture-history table (one cell per combination of lists a
person is on) are fitted with statsmodels' GLM; the fitted intercept is the log of the expected
count in the unobserved cell (on no list), the "dark figure". The method follows the one
published for the UK 2013 strategic assessment (Silverman 2014; Bales, Hesketh & Silverman
2015) and its R implementation SparseMSE (Chan, Silverman & Vincent 2019):

- a pair of lists with no case in common cannot carry an interaction parameter: if the model
  asks for one, the cells that contain both lists are left out (the parameter would be minus
  infinity) and the parameter is still counted in the information criteria;
- a model is only fitted where the (extended) maximum likelihood estimate exists and is
  identifiable: the linear-programming test of Fienberg & Rinaldo (2012) and a rank check;
- model selection: SparseMSE's stepwise search (add the two-list effect with the smallest
  Poisson p-value while it is below 0.02), or an information-criterion search (AIC or BIC)
  downhill from the model with every interaction up to the chosen order.

This module needs nothing of Django but its translation function: `seri estimate` feeds it a
CSV, the statistics pages feed it Seri's own linked lists.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import math
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from seri.core import safecsv

Term = tuple[int, ...]  # indices of the lists in an interaction, sorted; len >= 2

DEFAULT_PTHRESH = 0.02
MIN_OBSERVED = 20  # below this a total is not worth estimating


class EstimateRefused(ValueError):
    """The data cannot support an estimate; the message says why, in words."""


@dataclass(frozen=True)
class CaptureHistories:
    """Counts of people by the combination of lists they are on (the all-zero cell excluded)."""

    lists: tuple[str, ...]
    counts: dict[tuple[int, ...], int]

    @classmethod
    def from_rows(cls, lists: Sequence[str], rows: Iterable[tuple[Sequence[int], int]]):
        counts: dict[tuple[int, ...], int] = {}
        for history, count in rows:
            key = tuple(int(bool(int(v))) for v in history)
            if len(key) != len(lists):
                raise EstimateRefused(f"a row has {len(key)} list columns, expected {len(lists)}")
            if count < 0:
                raise EstimateRefused("counts cannot be negative")
            if not any(key):
                if count:
                    raise EstimateRefused(
                        "a row has a count for people on no list: that is what is estimated"
                    )
                continue
            counts[key] = counts.get(key, 0) + int(count)
        return cls(tuple(lists), counts)

    @classmethod
    def from_membership(cls, lists: Sequence[str], memberships: Iterable[Iterable[str]]):
        """One set of list names per person (as Seri builds them from linked identities)."""
        index = {name: i for i, name in enumerate(lists)}
        counts: dict[tuple[int, ...], int] = {}
        for on in memberships:
            key = [0] * len(lists)
            for name in on:
                key[index[name]] = 1
            if any(key):
                counts[tuple(key)] = counts.get(tuple(key), 0) + 1
        return cls(tuple(lists), counts)

    @property
    def observed(self) -> int:
        return sum(self.counts.values())

    def cells(self) -> list[tuple[int, ...]]:
        """Every possible non-empty history, in a fixed order."""
        t = len(self.lists)
        return [h for h in itertools.product((0, 1), repeat=t) if any(h)]

    def overlap(self, term: Term) -> int:
        return sum(c for h, c in self.counts.items() if all(h[i] for i in term))

    def list_size(self, i: int) -> int:
        return sum(c for h, c in self.counts.items() if h[i])

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = safecsv.writer(out)
        writer.writerow([*self.lists, "count"])
        for h in self.cells():
            if self.counts.get(h):
                writer.writerow([*h, self.counts[h]])
        return out.getvalue()


def read_histories_csv(text: str) -> CaptureHistories:
    """A header of list names and a last column `count`; one row per combination."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise EstimateRefused("the file is empty") from None
    if len(header) < 3 or header[-1].lower() != "count":
        raise EstimateRefused(
            _("the header must name at least two lists and end with a column called count")
        )
    lists = header[:-1]
    if len(set(lists)) != len(lists):
        raise EstimateRefused("two lists have the same name")
    rows = []
    for n, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise EstimateRefused(f"line {n} has {len(row)} columns, the header {len(header)}")
        try:
            flags = [int(v) for v in row[:-1]]
            count = int(float(row[-1]))
        except ValueError:
            raise EstimateRefused(
                _("line %(n)s is not made of 0/1 flags and a count") % {"n": n}
            ) from None
        if any(v not in (0, 1) for v in flags):
            raise EstimateRefused(_("line %(n)s: list columns must be 0 or 1") % {"n": n})
        rows.append((flags, count))
    return CaptureHistories.from_rows(lists, rows)


# --- models -------------------------------------------------------------------------------------


def parse_model(formula: str, lists: Sequence[str]) -> tuple[Term, ...]:
    """`a*b + b*c` → the interactions a:b and b:c (main effects are always in the model).
    `a:b` names one interaction; `a*b*c` every interaction among a, b and c."""
    names = {name.lower(): i for i, name in enumerate(lists)}
    terms: set[Term] = set()
    for part in formula.split("+"):
        part = part.strip()
        if not part or part == "1":
            continue
        if "*" in part and ":" in part:
            raise EstimateRefused(f"'{part}': use either * or : in one term")
        factors = [f.strip().lower() for f in re.split(r"[*:]", part)]
        unknown = [f for f in factors if f not in names]
        if unknown:
            raise EstimateRefused(
                _("'%(names)s' is not a list; the lists are %(lists)s")
                % {"names": ", ".join(unknown), "lists": ", ".join(lists)}
            )
        idx = sorted({names[f] for f in factors})
        if "*" in part:
            for k in range(2, len(idx) + 1):
                terms.update(itertools.combinations(idx, k))
        elif len(idx) >= 2:
            terms.add(tuple(idx))
    return tuple(sorted(terms, key=lambda t: (len(t), t)))


def describe_model(terms: Sequence[Term], lists: Sequence[str]) -> str:
    if not terms:
        return "main effects only"
    return " + ".join(":".join(lists[i] for i in term) for term in terms)


@dataclass
class Fit:
    terms: tuple[Term, ...]
    model: str
    dark: float  # the estimated number on no list
    observed: int
    log_dark_se: float
    deviance: float
    df_resid: int
    n_params: int  # including parameters of empty overlaps
    llf: float
    empty_overlaps: tuple[Term, ...]
    fitted: dict[tuple[int, ...], float]

    @property
    def total(self) -> float:
        return self.observed + self.dark

    @property
    def aic(self) -> float:
        return -2 * self.llf + 2 * self.n_params

    @property
    def bic(self) -> float:
        return -2 * self.llf + self.n_params * math.log(max(self.observed, 2))

    def wald_interval(self, level: float = 0.95) -> tuple[float, float]:
        """The interval on the log scale of the dark figure (SparseMSE's estimatepopulation.0)."""
        from scipy.stats import norm

        z = norm.ppf(0.5 + level / 2)
        log_dark = math.log(self.dark) if self.dark > 0 else float("-inf")
        return (
            self.observed + math.exp(log_dark - z * self.log_dark_se),
            self.observed + math.exp(log_dark + z * self.log_dark_se),
        )


def _design(histories: CaptureHistories, terms: Sequence[Term]):
    """Cells and design matrix, leaving out cells that contain an empty overlap in the model."""
    empty = tuple(t for t in terms if histories.overlap(t) == 0)
    kept_terms = [t for t in terms if t not in empty]
    cells = [h for h in histories.cells() if not any(all(h[i] for i in t) for t in empty)]
    t = len(histories.lists)
    x = np.ones((len(cells), 1 + t + len(kept_terms)))
    for r, h in enumerate(cells):
        x[r, 1 : 1 + t] = h
        for c, term in enumerate(kept_terms):
            x[r, 1 + t + c] = float(all(h[i] for i in term))
    y = np.array([histories.counts.get(h, 0) for h in cells], dtype=float)
    return cells, x, y, empty


def check_existence(histories: CaptureHistories, terms: Sequence[Term]) -> str | None:
    """None if the maximum likelihood estimate exists and is identifiable; else the reason.

    Existence: the sufficient statistics t = Aᵀy must lie in the interior of the marginal
    cone, i.e. some x > 0 has Aᵀx = t (Fienberg & Rinaldo 2012): maximise s with x ≥ s."""
    from scipy.optimize import linprog

    cells, x, y, _empty = _design(histories, terms)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        return _("not identifiable: the model has more parameters than the lists can determine")
    n = len(cells)
    tvec = x.T @ y
    # variables: x_1..x_n, s ; maximise s  →  minimise -s
    c = np.zeros(n + 1)
    c[-1] = -1.0
    a_eq = np.hstack([x.T, np.zeros((x.shape[1], 1))])
    a_ub = np.hstack([-np.eye(n), np.ones((n, 1))])  # s - x_i ≤ 0
    bounds = [(0, None)] * n + [(0, 1.0)]  # s is capped: only its sign matters
    res = linprog(c, A_ub=a_ub, b_ub=np.zeros(n), A_eq=a_eq, b_eq=tvec, bounds=bounds)
    if res.status != 0 or -res.fun <= 1e-9:
        return _("the maximum likelihood estimate does not exist for this model and these data")
    return None


def fit_model(histories: CaptureHistories, terms: Sequence[Term], *, check: bool = True) -> Fit:
    import statsmodels.api as sm

    terms = tuple(sorted(set(terms), key=lambda t: (len(t), t)))
    if check:
        problem = check_existence(histories, terms)
        if problem:
            raise EstimateRefused(f"{describe_model(terms, histories.lists)}: {problem}")
    cells, x, y, empty = _design(histories, terms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    intercept = float(result.params[0])
    se = float(np.sqrt(result.cov_params()[0, 0]))
    fitted = dict(zip(cells, (float(v) for v in result.fittedvalues), strict=True))
    return Fit(
        terms=terms,
        model=describe_model(terms, histories.lists),
        dark=math.exp(intercept),
        observed=histories.observed,
        log_dark_se=se,
        deviance=float(result.deviance),
        df_resid=int(result.df_resid),
        n_params=x.shape[1] + len(empty),
        llf=float(result.llf),
        empty_overlaps=empty,
        fitted=fitted,
    )


def _poisson_pvalue(observed: int, expected: float) -> float:
    from scipy.stats import poisson

    return float(min(poisson.cdf(observed, expected), poisson.sf(observed - 1, expected)))


def stepwise(histories: CaptureHistories, *, pthresh: float = DEFAULT_PTHRESH) -> Fit:
    """SparseMSE's stepwise fit: from main effects, add the two-list effect whose overlap is
    least likely under the current model, while its Poisson p-value is below `pthresh` and
    the model stays estimable."""
    t = len(histories.lists)
    pairs = list(itertools.combinations(range(t), 2))
    chosen: list[Term] = []
    current = fit_model(histories, chosen, check=False)
    while True:
        best: tuple[float, Term] | None = None
        for pair in pairs:
            if pair in chosen:
                continue
            expected = sum(v for h, v in current.fitted.items() if h[pair[0]] and h[pair[1]])
            p = _poisson_pvalue(histories.overlap(pair), expected)
            if p >= pthresh or (best is not None and p >= best[0]):
                continue
            if check_existence(histories, [*chosen, pair]) is None:
                best = (p, pair)
        if best is None:
            return current
        chosen.append(best[1])
        current = fit_model(histories, chosen, check=False)


def downhill(histories: CaptureHistories, *, criterion: str = "bic", max_order: int = 2) -> Fit:
    """Start from every interaction up to `max_order` (dropping those that make the model
    inestimable, highest order first), then remove one term at a time while the information
    criterion falls; a term is only removed if no higher-order term contains it."""
    t = len(histories.lists)
    terms: list[Term] = [
        c for k in range(2, max_order + 1) for c in itertools.combinations(range(t), k)
    ]
    # Trim the starting model until it can be fitted: drop the term with the least support.
    while terms and check_existence(histories, terms) is not None:
        top = max(len(x) for x in terms)
        candidates = [x for x in terms if len(x) == top]
        terms.remove(min(candidates, key=histories.overlap))
    score = (lambda f: f.bic) if criterion == "bic" else (lambda f: f.aic)
    current = fit_model(histories, terms, check=False)
    while terms:
        options = []
        for term in terms:
            if any(len(o) > len(term) and set(term) <= set(o) for o in terms):
                continue  # keep the model hierarchical
            rest = [o for o in terms if o != term]
            options.append(fit_model(histories, rest, check=False))
        best = min(options, key=score)
        if score(best) >= score(current):
            break
        current, terms = best, list(best.terms)
    return current


# --- the estimate -------------------------------------------------------------------------------


@dataclass
class Estimate:
    lists: tuple[str, ...]
    observed: int
    method: str
    fit: Fit
    interval: tuple[float, float]
    interval_method: str
    level: float
    warnings: list[str] = field(default_factory=list)
    candidates: list[dict] = field(default_factory=list)

    @property
    def total(self) -> float:
        return self.fit.total

    def as_dict(self) -> dict:
        return {
            "lists": list(self.lists),
            "observed": self.observed,
            "model": self.fit.model,
            "selection": self.method,
            "estimate": round(self.total, 1),
            "dark_figure": round(self.fit.dark, 1),
            "interval": [round(self.interval[0], 1), round(self.interval[1], 1)],
            "interval_method": self.interval_method,
            "level": self.level,
            "wald_interval": [round(v, 1) for v in self.fit.wald_interval(self.level)],
            "aic": round(self.fit.aic, 3),
            "bic": round(self.fit.bic, 3),
            "deviance": round(self.fit.deviance, 3),
            "df_resid": self.fit.df_resid,
            "empty_overlaps": [":".join(self.lists[i] for i in t) for t in self.fit.empty_overlaps],
            "warnings": self.warnings,
            "candidates": self.candidates,
        }


def assess(histories: CaptureHistories) -> list[str]:
    """Refuse data that cannot carry an estimate; return warnings for data that barely can."""
    lists = histories.lists
    t = len(lists)
    if t < 2:
        raise EstimateRefused(_("an estimate needs at least two lists"))
    if histories.observed < MIN_OBSERVED:
        raise EstimateRefused(
            _(
                "only %(n)s people are on the lists; at least %(min)s are needed before an "
                "estimate means anything"
            )
            % {"n": histories.observed, "min": MIN_OBSERVED}
        )
    empty_lists = [lists[i] for i in range(t) if histories.list_size(i) == 0]
    if empty_lists:
        raise EstimateRefused(
            _("no one is on %(lists)s: drop the list or check the data")
            % {"lists": ", ".join(empty_lists)}
        )
    pairs = list(itertools.combinations(range(t), 2))
    overlaps = {p: histories.overlap(p) for p in pairs}
    if not any(overlaps.values()):
        raise EstimateRefused(
            _(
                "no one appears on more than one list, so nothing tells how likely a person "
                "is to be found twice: the hidden number cannot be estimated (any number fits)"
            )
        )
    notes = []
    isolated = [lists[i] for i in range(t) if all(overlaps[p] == 0 for p in pairs if i in p)]
    if isolated:
        raise EstimateRefused(
            _(
                "%(lists)s shares no one with any other list: its hidden part cannot be "
                "estimated; merge it with another list or leave it out"
            )
            % {"lists": ", ".join(isolated)}
        )
    empty_pairs = [f"{lists[a]}:{lists[b]}" for (a, b), n in overlaps.items() if n == 0]
    if empty_pairs:
        notes.append(
            _(
                "these pairs of lists have no one in common, so their interaction cannot be "
                "estimated: %(pairs)s"
            )
            % {"pairs": ", ".join(empty_pairs)}
        )
    multi = sum(c for h, c in histories.counts.items() if sum(h) > 1)
    if multi < 10:
        notes.append(
            _(
                "only %(n)s people are on more than one list: the estimate rests on very "
                "little overlap and its interval is wide"
            )
            % {"n": multi}
        )
    return notes


def estimate(
    histories: CaptureHistories,
    *,
    model: str | None = None,
    selection: str = "stepwise",
    max_order: int = 2,
    pthresh: float = DEFAULT_PTHRESH,
    bootstrap: int = 500,
    level: float = 0.95,
    seed: int = 2015,
) -> Estimate:
    """The hidden total with an interval. `model` fits a named model; otherwise `selection`
    is "stepwise" (SparseMSE), "aic" or "bic" (downhill search up to `max_order`)."""
    notes = assess(histories)
    if model is not None:
        terms = parse_model(model, histories.lists)
        fit = fit_model(histories, terms)
        method = "fixed"

        def refit(h):
            return fit_model(h, terms, check=False)
    elif selection == "stepwise":
        fit = stepwise(histories, pthresh=pthresh)
        method = f"stepwise (Poisson p < {pthresh})"

        def refit(h):
            return fit_model(h, fit.terms, check=False)
    elif selection in ("aic", "bic"):
        fit = downhill(histories, criterion=selection, max_order=max_order)
        method = f"downhill {selection.upper()} (interactions up to order {max_order})"

        def refit(h):
            return fit_model(h, fit.terms, check=False)
    else:
        raise EstimateRefused(f"unknown selection '{selection}'")
    if not math.isfinite(fit.dark) or fit.dark > 1e7 * max(histories.observed, 1):
        raise EstimateRefused(
            _("%(model)s: the fitted hidden number is unbounded; the lists are too sparse")
            % {"model": fit.model}
        )
    if fit.dark > 20 * histories.observed:
        notes.append(
            _(
                "the hidden number is more than twenty times the observed one: treat it as "
                "a sign that the lists barely overlap, not as a figure"
            )
        )
    if bootstrap > 0:
        interval = bootstrap_interval(histories, refit, n=bootstrap, level=level, seed=seed)
        interval_method = f"bootstrap ({bootstrap} Poisson resamples, percentile)"
    else:
        interval = fit.wald_interval(level)
        interval_method = "Wald on the log dark figure"
    candidates = [
        {"model": f.model, "estimate": round(f.total, 1), "aic": round(f.aic, 3)}
        for f in _neighbours(histories, fit)
    ]
    return Estimate(
        lists=histories.lists,
        observed=histories.observed,
        method=method,
        fit=fit,
        interval=interval,
        interval_method=interval_method,
        level=level,
        warnings=notes,
        candidates=candidates,
    )


def _neighbours(histories: CaptureHistories, fit: Fit) -> list[Fit]:
    """The main-effects model and the chosen one, for the reader to compare."""
    out = []
    if fit.terms:
        with contextlib.suppress(EstimateRefused):
            out.append(fit_model(histories, (), check=True))
    out.append(fit)
    return out


def bootstrap_interval(
    histories: CaptureHistories, refit, *, n: int, level: float, seed: int
) -> tuple[float, float]:
    """Resample every observed cell as Poisson with its observed count as mean, refit the
    chosen model, and take the percentiles of the totals."""
    rng = np.random.default_rng(seed)
    cells = list(histories.counts)
    means = np.array([histories.counts[h] for h in cells], dtype=float)
    totals = []
    for _round in range(n):
        draw = rng.poisson(means)
        sample = CaptureHistories(
            histories.lists, {h: int(c) for h, c in zip(cells, draw, strict=True) if c}
        )
        try:
            f = refit(sample)
        except (EstimateRefused, ValueError, np.linalg.LinAlgError):
            continue
        if math.isfinite(f.total):
            totals.append(f.total)
    if len(totals) < n / 2:
        raise EstimateRefused("the resampled lists mostly cannot be fitted: no interval")
    lo, hi = np.quantile(totals, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)
