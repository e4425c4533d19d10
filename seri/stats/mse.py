"""Multiple systems estimation: how many people are there that no list has seen?

Log-linear Poisson models of the capture-history table (one cell per combination of lists a
person is on) are fitted by maximum likelihood; the fitted intercept is the log of the expected
count in the unobserved cell (on no list), the "dark figure". The method follows the one
published for the UK 2013 strategic assessment (Silverman 2014; Bales, Hesketh & Silverman
2015) and its R implementation SparseMSE (Chan, Silverman & Vincent 2019):

- a pair of lists with no case in common cannot carry an interaction parameter: if the model
  asks for one, the cells that contain both lists are left out (the parameter would be minus
  infinity) and the parameter is still counted in the information criteria;
- a model is only fitted where the (extended) maximum likelihood estimate exists and is
  identifiable: the linear-programming test of Fienberg & Rinaldo (2012) and a rank check;
- model selection: SparseMSE's stepwise search (add the two-list effect with the smallest
  Poisson p-value while it is below 0.02), or the estimable hierarchical model with the lowest
  AIC or BIC up to the chosen order: every model while there are at most 1,024 (all two-list
  models of five lists), otherwise a descent from every maximal estimable model (`search`).
  The best candidates are always reported, and their criterion-weighted average on request.
- fitting: Newton's method on the Poisson log-likelihood (checked against statsmodels' GLM in
  the tests).

This module needs nothing of Django but its translation function: `seri estimate` feeds it a
CSV, the statistics pages feed it Seri's own linked lists.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from seri.core import safecsv

Term = tuple[int, ...]  # indices of the lists in an interaction, sorted; len >= 2

DEFAULT_PTHRESH = 0.02
MIN_OBSERVED = 20  # below this a total is not worth estimating


class EstimateRefused(ValueError):
    """The data or the settings cannot support an estimate; the message says why, in words,
    and where: the file, its row (line, the header being 1) and column, when they apply."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ):
        super().__init__(message)
        self.message, self.file, self.row, self.column = str(message), file, row, column

    def located(self, file: str) -> EstimateRefused:
        """The same refusal, naming the file it came from (if it named none)."""
        if self.file is None:
            self.file = file
        return self

    def as_dict(self) -> dict:
        """The one shape of every refusal (`seri estimate --json`, exit code 2)."""
        return {"message": self.message, "file": self.file, "row": self.row, "column": self.column}

    def __str__(self) -> str:
        where = [str(w) for w in (self.file,) if w]
        if self.row is not None:
            where.append(_("row %(n)s") % {"n": self.row})
        if self.column is not None:
            where.append(_("column %(c)s") % {"c": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass(frozen=True)
class CaptureHistories:
    """Counts of people by the combination of lists they are on (the all-zero cell excluded)."""

    lists: tuple[str, ...]
    counts: dict[tuple[int, ...], int]
    # every possible history as a 0/1 matrix and the counts in its order, and overlaps:
    # computed once (a search fits hundreds of models of the same table)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

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
        key = ("overlap", term)
        if key not in self._cache:
            self._cache[key] = sum(c for h, c in self.counts.items() if all(h[i] for i in term))
        return self._cache[key]

    def matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """Every possible non-empty history (rows, in the order of `cells`) and its count."""
        if "matrix" not in self._cache:
            cells = self.cells()
            self._cache["matrix"] = (
                np.array(cells, dtype=bool),
                np.array([self.counts.get(h, 0) for h in cells], dtype=float),
            )
        return self._cache["matrix"]

    def list_size(self, i: int) -> int:
        return sum(c for h, c in self.counts.items() if h[i])

    def merged(self, groups: Sequence[Sequence[str]]) -> CaptureHistories:
        """The table with each group of lists made one list (a person on any of them is on
        the merged list), named by joining the names, where the group's first list was - as
        SparseMSE's `UKdat_5` (PF and NCA as PFNCA) and `NewOrl_5` were made."""
        index = {name: i for i, name in enumerate(self.lists)}
        seen: set[str] = set()
        for group in groups:
            unknown = [name for name in group if name not in index]
            if unknown or len(group) < 2:
                raise EstimateRefused(
                    _("'%(names)s' is not two or more of the lists %(lists)s")
                    % {"names": ",".join(group), "lists": ", ".join(self.lists)},
                    column="merge",
                )
            if seen & set(group):
                raise EstimateRefused(_("a list can be merged only once"), column="merge")
            seen |= set(group)
        first = {index[group[0]]: group for group in groups}
        columns: list[tuple[str, list[int]]] = []
        for i, name in enumerate(self.lists):
            if i in first:
                columns.append(("".join(first[i]), [index[n] for n in first[i]]))
            elif name not in seen:
                columns.append((name, [i]))
        counts: dict[tuple[int, ...], int] = {}
        for h, n in self.counts.items():
            key = tuple(int(any(h[i] for i in members)) for _name, members in columns)
            counts[key] = counts.get(key, 0) + n
        return CaptureHistories(tuple(name for name, _members in columns), counts)

    def without(self, names: Sequence[str]) -> CaptureHistories:
        """The table without some lists: people seen only on them are no longer observed
        (modslavmse's `omitlists`, used for `UKdat_4`)."""
        for name in names:
            if name not in self.lists:
                raise EstimateRefused(
                    _("'%(name)s' is not a list; the lists are %(lists)s")
                    % {"name": name, "lists": ", ".join(self.lists)},
                    column="omit",
                )
        keep = [i for i, name in enumerate(self.lists) if name not in names]
        counts: dict[tuple[int, ...], int] = {}
        for h, n in self.counts.items():
            key = tuple(h[i] for i in keep)
            if any(key):
                counts[key] = counts.get(key, 0) + n
        return CaptureHistories(tuple(self.lists[i] for i in keep), counts)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = safecsv.writer(out)
        writer.writerow([*self.lists, "count"])
        for h in self.cells():
            if self.counts.get(h):
                writer.writerow([*h, self.counts[h]])
        return out.getvalue()


def decode_histories(data: bytes, *, name: str) -> str:
    """The text of an uploaded or named file: UTF-8 (with or without a byte-order mark) or
    UTF-16 (detected by its byte-order mark, or by the zero bytes of ASCII text without one).
    Anything else is refused, naming the first byte that is not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif len(data) >= 2 and data[1] == 0 and data[0] != 0:
        encoding = "utf-16-le"
    elif len(data) >= 2 and data[0] == 0 and data[1] != 0:
        encoding = "utf-16-be"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise EstimateRefused(
            _(
                "byte 0x%(byte)02X at offset %(offset)s is not %(encoding)s: save the file as "
                "UTF-8 (or UTF-16) and upload it again"
            )
            % {"byte": data[exc.start], "offset": exc.start, "encoding": encoding.upper()},
            file=name,
            row=line,
        ) from None


def _count(cell: str, *, row: int, column: str) -> int:
    """A count: a whole number of people, not negative, finite."""
    try:
        value = float(cell)
    except ValueError:
        raise EstimateRefused(
            _("'%(v)s' is not a number of people") % {"v": cell.strip()[:40]},
            row=row,
            column=column,
        ) from None
    if not math.isfinite(value):
        raise EstimateRefused(
            _("'%(v)s' is not a finite number") % {"v": cell.strip()[:40]}, row=row, column=column
        )
    if value < 0:
        raise EstimateRefused(_("a count cannot be negative"), row=row, column=column)
    if value != int(value):
        raise EstimateRefused(
            _("'%(v)s' is not a whole number of people") % {"v": cell.strip()[:40]},
            row=row,
            column=column,
        )
    return int(value)


def _flag(cell: str, *, row: int, column: str) -> int:
    value = cell.strip()
    if value not in ("0", "1"):
        raise EstimateRefused(
            _("list columns hold 0 or 1, not '%(v)s'") % {"v": value[:40]}, row=row, column=column
        )
    return int(value)


def read_histories_csv(text: str, *, name: str | None = None) -> CaptureHistories:
    """A header of list names and a last column `count`; one row per combination of lists,
    each combination once. Every refusal names the row (line) and column."""
    try:
        return _read_rows(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    except EstimateRefused as exc:
        raise exc.located(name) if name else exc from None


def read_histories(data: bytes, *, name: str) -> CaptureHistories:
    """`read_histories_csv` of a file's bytes (`decode_histories`)."""
    return read_histories_csv(decode_histories(data, name=name), name=name)


def _read_rows(reader) -> CaptureHistories:
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise EstimateRefused(_("the file is empty")) from None
    if len(header) < 3 or header[-1].lower() != "count":
        raise EstimateRefused(
            _("the header must name at least two lists and end with a column called count"),
            row=1,
        )
    lists = header[:-1]
    for i, name in enumerate(lists):
        if not name or name in lists[:i]:
            raise EstimateRefused(
                _("every list needs a name of its own"), row=1, column=name or str(i + 1)
            )
    counts: dict[tuple[int, ...], int] = {}
    first_row: dict[tuple[int, ...], int] = {}
    for n, row in enumerate(reader, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise EstimateRefused(
                _("%(n)s columns where the header has %(h)s") % {"n": len(row), "h": len(header)},
                row=n,
            )
        history = tuple(
            _flag(cell, row=n, column=column) for cell, column in zip(row, lists, strict=False)
        )
        count = _count(row[-1], row=n, column=header[-1])
        if history in first_row:
            raise EstimateRefused(
                _("this combination of lists is already on row %(r)s: give each once")
                % {"r": first_row[history]},
                row=n,
            )
        first_row[history] = n
        if not any(history):
            if count:
                raise EstimateRefused(
                    _("a count of people on no list: that is what is estimated"),
                    row=n,
                    column=header[-1],
                )
            continue
        if count:
            counts[history] = count
    return CaptureHistories(tuple(lists), counts)


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

    def criterion(self, name: str) -> float:
        return self.bic if name == "bic" else self.aic

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
    every, counts = histories.matrix()
    keep = np.ones(len(every), dtype=bool)
    for term in empty:
        keep &= ~every[:, list(term)].all(axis=1)
    h = every[keep]
    columns = [np.ones(len(h)), *h.T, *(h[:, list(term)].all(axis=1) for term in kept_terms)]
    x = np.column_stack(columns).astype(float)
    cells = [tuple(row) for row in h.astype(int).tolist()]
    return cells, x, counts[keep], empty


def check_existence(histories: CaptureHistories, terms: Sequence[Term]) -> str | None:
    """None if the maximum likelihood estimate exists and is identifiable; else the reason.

    Existence: the sufficient statistics t = Aᵀy must lie in the interior of the marginal
    cone, i.e. some x > 0 has Aᵀx = t (Fienberg & Rinaldo 2012): maximise s with x ≥ s.
    With every cell of the design observed (y > 0), x = y will do and no program is run."""
    from scipy.optimize import linprog

    cells, x, y, _empty = _design(histories, terms)
    if np.linalg.matrix_rank(x) < x.shape[1]:
        return _("not identifiable: the model has more parameters than the lists can determine")
    if (y > 0).all():
        return None
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


def _poisson_glm(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maximum likelihood of the Poisson log-linear model by Newton's method (the canonical
    link: the log-likelihood is concave, so Newton with step halving converges where the
    estimate exists). Returns the parameters, their covariance and the fitted means."""
    start = np.log(y + 0.5)
    try:  # least squares on the log counts: a start close to the answer
        beta = np.linalg.solve(x.T @ x, x.T @ start)
    except np.linalg.LinAlgError:
        beta = np.linalg.lstsq(x, start, rcond=None)[0]

    def loglik(b: np.ndarray) -> float:
        eta = x @ b
        return float(y @ eta - np.exp(eta).sum())

    current = loglik(beta)
    for _iteration in range(100):
        mu = np.exp(x @ beta)
        step = np.linalg.solve(x.T @ (mu[:, None] * x), x.T @ (y - mu))
        size = 1.0
        while loglik(beta + size * step) < current - 1e-12 and size > 1e-6:
            size /= 2
        beta = beta + size * step
        new = loglik(beta)
        if abs(new - current) <= 1e-10 * (1 + abs(new)) and np.abs(size * step).max() < 1e-8:
            current = new
            break
        current = new
    mu = np.exp(x @ beta)
    return beta, np.linalg.inv(x.T @ (mu[:, None] * x)), mu


def fit_model(histories: CaptureHistories, terms: Sequence[Term], *, check: bool = True) -> Fit:
    from scipy.special import gammaln, xlogy

    terms = tuple(sorted(set(terms), key=lambda t: (len(t), t)))
    if check:
        problem = check_existence(histories, terms)
        if problem:
            raise EstimateRefused(f"{describe_model(terms, histories.lists)}: {problem}")
    cells, x, y, empty = _design(histories, terms)
    with np.errstate(over="ignore", invalid="ignore"):
        beta, cov, mu = _poisson_glm(x, y)
    llf = float(xlogy(y, mu).sum() - mu.sum() - gammaln(y + 1).sum())
    deviance = float(2 * (xlogy(y, y / np.where(mu > 0, mu, 1)).sum() - (y - mu).sum()))
    return Fit(
        terms=terms,
        model=describe_model(terms, histories.lists),
        dark=math.exp(float(beta[0])),
        observed=histories.observed,
        log_dark_se=float(np.sqrt(max(cov[0, 0], 0.0))),
        deviance=deviance,
        df_resid=len(cells) - x.shape[1],
        n_params=x.shape[1] + len(empty),
        llf=llf,
        empty_overlaps=empty,
        fitted=dict(zip(cells, (float(v) for v in mu), strict=True)),
    )


def _poisson_pvalue(observed: int, expected: float) -> float:
    from scipy.stats import poisson

    return float(min(poisson.cdf(observed, expected), poisson.sf(observed - 1, expected)))


def stepwise(
    histories: CaptureHistories, *, pthresh: float = DEFAULT_PTHRESH, max_order: int = 2
) -> Fit:
    """SparseMSE's stepwise fit (Chan, Silverman & Vincent 2021, `stepwisefit`): from main
    effects, add the effect whose overlap is least likely under the current model, while its
    Poisson p-value is below `pthresh` and the model stays estimable (existence and rank).

    The p-value of a term is the one-sided Poisson tail probability of the number of people on
    all its lists, its mean being what the current model expects there. With `max_order` 2
    only two-list effects are candidates (the published method); higher orders follow
    MultipleSystemsEstimation's extension: a term of k lists is a candidate once all its
    (k - 1)-list terms are in the model. Ties go to the first candidate in the order
    (1,2), (1,3), ..., then three-list terms. `pthresh` 0 gives main effects only."""
    t = len(histories.lists)
    terms = [
        c for k in range(2, max(max_order, 1) + 1) for c in itertools.combinations(range(t), k)
    ]
    chosen: list[Term] = []
    current = fit_model(histories, chosen, check=False)
    while True:
        best: tuple[float, Term] | None = None
        present = set(chosen)
        for term in terms:
            if term in present:
                continue
            if len(term) > 2 and not all(
                s in present for s in itertools.combinations(term, len(term) - 1)
            ):
                continue
            expected = sum(v for h, v in current.fitted.items() if all(h[i] for i in term))
            p = _poisson_pvalue(histories.overlap(term), expected)
            if p >= pthresh or (best is not None and p >= best[0]):
                continue
            if check_existence(histories, [*chosen, term]) is None:
                best = (p, term)
        if best is None:
            return current
        chosen.append(best[1])
        current = fit_model(histories, chosen, check=False)


# --- the search for the best estimable model ----------------------------------------------------

EXHAUSTIVE_LIMIT = 1024  # every two-list model of five lists; beyond: from every maximal model
MAXIMAL_SEARCH_LIMIT = 4000  # models looked at while finding the maximal estimable ones


def hierarchical_models(t: int, max_order: int, *, limit: int) -> list[tuple[Term, ...]] | None:
    """Every hierarchical log-linear model of t lists with interactions up to `max_order` (main
    effects always in; a term of order k only with all its terms of order k - 1), or None when
    there are more than `limit`."""
    models: list[tuple[Term, ...]] = [()]
    for k in range(2, max_order + 1):
        grown: list[tuple[Term, ...]] = []
        for model in models:
            present = set(model)
            allowed = [
                c
                for c in itertools.combinations(range(t), k)
                if k == 2 or all(s in present for s in itertools.combinations(c, k - 1))
            ]
            for r in range(len(allowed) + 1):
                for chosen in itertools.combinations(allowed, r):
                    grown.append(model + chosen)
                    if len(grown) > limit:
                        return None
        models = grown
    return models


class _Estimability:
    """Whether a model is estimable, remembering the answers. Among models that leave out the
    same cells (those with the same empty overlaps), a submodel of an estimable model is
    estimable (the same positive solution and a subset of full-rank columns) and a model
    containing an inestimable one is not: most models are then settled without a program."""

    def __init__(self, histories: CaptureHistories):
        self.histories = histories
        self.yes: dict[frozenset, list[frozenset]] = {}
        self.no: dict[frozenset, list[frozenset]] = {}
        self.checked = 0

    def __call__(self, terms: Sequence[Term]) -> bool:
        model = frozenset(terms)
        key = frozenset(t for t in terms if self.histories.overlap(t) == 0)
        if any(model <= known for known in self.yes.get(key, ())):
            return True
        if any(known <= model for known in self.no.get(key, ())):
            return False
        self.checked += 1
        ok = check_existence(self.histories, terms) is None
        (self.yes if ok else self.no).setdefault(key, []).append(model)
        return ok


def _removable(terms: Sequence[Term]) -> list[Term]:
    """The terms that can leave the model and keep it hierarchical."""
    return [t for t in terms if not any(len(o) > len(t) and set(t) <= set(o) for o in terms)]


def _maximal_estimable(
    t: int, max_order: int, estimable: _Estimability
) -> tuple[list[tuple[Term, ...]], bool]:
    """The estimable hierarchical models none of whose hierarchical supermodels (up to the
    order) is estimable, found by removing one term at a time from the full model, level by
    level; and whether the search finished within MAXIMAL_SEARCH_LIMIT models."""
    full = tuple(c for k in range(2, max_order + 1) for c in itertools.combinations(range(t), k))
    frontier, seen, found = [full], {frozenset(full)}, []
    while frontier:
        below = []
        for model in frontier:
            if estimable(model):
                found.append(model)
                continue
            for term in _removable(model):
                child = tuple(x for x in model if x != term)
                key = frozenset(child)
                if key in seen or any(key <= frozenset(f) for f in found):
                    continue
                seen.add(key)
                below.append(child)
                if len(seen) > MAXIMAL_SEARCH_LIMIT:
                    return found, False
        frontier = [m for m in below if not any(frozenset(m) <= frozenset(f) for f in found)]
    return found, True


def _descend(
    histories: CaptureHistories,
    start: Fit,
    criterion: str,
    estimable: _Estimability,
    fits: dict[frozenset, Fit],
) -> None:
    """From `start`, remove one term at a time while the criterion falls (every estimable model
    on the way is fitted and kept in `fits`)."""
    current = start
    while current.terms:
        best = current
        for term in _removable(current.terms):
            rest = tuple(o for o in current.terms if o != term)
            fit = _fitted(histories, rest, estimable, fits)
            if fit is not None and fit.criterion(criterion) < best.criterion(criterion):
                best = fit
        if best is current:
            return
        current = best


def _fitted(
    histories: CaptureHistories,
    terms: Sequence[Term],
    estimable: _Estimability,
    fits: dict[frozenset, Fit],
) -> Fit | None:
    key = frozenset(terms)
    if key not in fits:
        if not estimable(terms):
            return None
        fits[key] = fit_model(histories, terms, check=False)
    return fits[key]


@dataclass
class Search:
    """Every estimable model the search fitted, best first by the criterion."""

    criterion: str
    fits: list[Fit]
    exhaustive: bool  # every hierarchical model up to the order was considered
    complete: bool  # (otherwise) every maximal estimable model was found and searched from
    starts: int  # maximal estimable models searched from (0 when exhaustive)

    @property
    def best(self) -> Fit:
        return self.fits[0]

    def weights(self) -> list[float]:
        """Akaike/Schwarz weights: exp(-Δ/2), normalised, Δ the criterion less the best's."""
        low = self.best.criterion(self.criterion)
        raw = [math.exp(-(f.criterion(self.criterion) - low) / 2) for f in self.fits]
        total = sum(raw)
        return [w / total for w in raw]


def search(histories: CaptureHistories, *, criterion: str = "bic", max_order: int = 2) -> Search:
    """The estimable hierarchical model with the lowest AIC or BIC, interactions up to
    `max_order`: every such model when there are at most EXHAUSTIVE_LIMIT (all two-list models
    of up to five lists), otherwise a descent from every maximal estimable model."""
    t = len(histories.lists)
    estimable = _Estimability(histories)
    fits: dict[frozenset, Fit] = {}
    models = hierarchical_models(t, max_order, limit=EXHAUSTIVE_LIMIT)
    if models is not None:
        for terms in sorted(models, key=len, reverse=True):
            _fitted(histories, terms, estimable, fits)
        starts, complete = 0, True
    else:
        maximal, complete = _maximal_estimable(t, max_order, estimable)
        for terms in maximal:
            start = _fitted(histories, terms, estimable, fits)
            if start is not None:
                _descend(histories, start, criterion, estimable, fits)
        _fitted(histories, (), estimable, fits)
        starts = len(maximal)
    usable = [f for f in fits.values() if math.isfinite(f.dark)]
    if not usable:
        raise EstimateRefused(_("no model up to this order can be estimated from these data"))
    usable.sort(key=lambda f: (f.criterion(criterion), len(f.terms), f.model))
    return Search(criterion, usable, models is not None, complete, starts)


# --- the estimate -------------------------------------------------------------------------------


@dataclass
class Estimate:
    lists: tuple[str, ...]
    observed: int
    method: str
    fit: Fit  # the selected model
    total: float  # its total, or the model average
    interval: tuple[float, float]
    interval_method: str
    level: float
    warnings: list[str] = field(default_factory=list)
    search: Search | None = None
    averaged: bool = False

    def candidates(self, limit: int = 10) -> list[dict]:
        """The best models of the search with their criterion, estimate and Wald interval:
        how much the choice of model matters."""
        if self.search is None:
            return []
        rows = []
        for f, w in list(zip(self.search.fits, self.search.weights(), strict=True))[:limit]:
            lo, hi = f.wald_interval(self.level)
            rows.append(
                {
                    "model": f.model,
                    "aic": round(f.aic, 3),
                    "bic": round(f.bic, 3),
                    "estimate": round(f.total, 1),
                    "interval": [round(lo, 1), round(hi, 1)],
                    "weight": round(w, 4),
                    "selected": f.terms == self.fit.terms,
                }
            )
        return rows

    def as_dict(self) -> dict:
        search = self.search
        return {
            "lists": list(self.lists),
            "observed": self.observed,
            "model": self.fit.model,
            "selection": self.method,
            "estimate": round(self.total, 1),
            "dark_figure": round(self.total - self.observed, 1),
            "interval": [round(self.interval[0], 1), round(self.interval[1], 1)],
            "interval_method": self.interval_method,
            "level": self.level,
            "model_averaged": self.averaged,
            "selected_model_estimate": round(self.fit.total, 1),
            "wald_interval": [round(v, 1) for v in self.fit.wald_interval(self.level)],
            "aic": round(self.fit.aic, 3),
            "bic": round(self.fit.bic, 3),
            "deviance": round(self.fit.deviance, 3),
            "df_resid": self.fit.df_resid,
            "empty_overlaps": [":".join(self.lists[i] for i in t) for t in self.fit.empty_overlaps],
            "warnings": self.warnings,
            "search": {
                "criterion": search.criterion.upper(),
                "models_fitted": len(search.fits),
                "exhaustive": search.exhaustive,
                "complete": search.complete,
                "maximal_models_searched_from": search.starts,
            }
            if search
            else None,
            "candidates": self.candidates(),
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


SELECTIONS = ("stepwise", "aic", "bic")
MIN_BOOTSTRAP = 100


def check_options(*, selection: str, max_order: int, bootstrap: int, level: float) -> None:
    """Refuse settings that would print a figure without meaning."""
    if selection not in SELECTIONS:
        raise EstimateRefused(
            _("unknown selection '%(s)s'; choose one of %(all)s")
            % {"s": selection, "all": ", ".join(SELECTIONS)},
            column="selection",
        )
    if max_order < 1:
        raise EstimateRefused(
            _("the order must be at least 1 (1: main effects only, 2: two-list interactions)"),
            column="max_order",
        )
    if bootstrap != 0 and bootstrap < MIN_BOOTSTRAP:
        raise EstimateRefused(
            _(
                "%(n)s resamples cannot give a %(level)s%% interval: ask for at least %(min)s, "
                "or 0 for the Wald interval"
            )
            % {"n": bootstrap, "level": round(level * 100), "min": MIN_BOOTSTRAP},
            column="bootstrap",
        )
    if not 0.5 <= level < 1:
        raise EstimateRefused(_("the interval level must be between 0.5 and 1"), column="level")


def model_average(found: Search, level: float) -> tuple[float, tuple[float, float]]:
    """The criterion-weighted average of the models' totals, with the interval of Buckland,
    Burnham & Augustin (1997): each model's standard error (delta method on the log dark
    figure) widened by its distance from the average."""
    from scipy.stats import norm

    weights = found.weights()
    totals = [f.total for f in found.fits]
    mean = sum(w * n for w, n in zip(weights, totals, strict=True))
    se = sum(
        w * math.sqrt((f.dark * f.log_dark_se) ** 2 + (f.total - mean) ** 2)
        for w, f in zip(weights, found.fits, strict=True)
    )
    z = norm.ppf(0.5 + level / 2)
    observed = found.best.observed
    return float(mean), (float(max(observed, mean - z * se)), float(mean + z * se))


def _top_models(found: Search, ntop: int | None) -> list[tuple[Term, ...]]:
    fits = found.fits if ntop is None else found.fits[:ntop]
    return [f.terms for f in fits]


def default_ntop(lists: int) -> int | None:
    """How many of the best models (by the original data's criterion) the bootstrap chooses
    among, as MultipleSystemsEstimation's `estimate_population_bic` does by default: all of
    them for two or three lists, 20 for four, 100 for five or six."""
    if lists <= 3:
        return None
    return 20 if lists == 4 else 100


def selector(
    *,
    model_terms: tuple[Term, ...] | None,
    selection: str,
    pthresh: float,
    max_order: int,
    candidates: Sequence[tuple[Term, ...]] = (),
):
    """The whole choice of model as a function of a table, so that a bootstrap can repeat it
    on every resample: a fixed model, SparseMSE's stepwise, or the lowest AIC/BIC among
    `candidates` (the best models of the original data; those not estimable on the
    resample are skipped, as MultipleSystemsEstimation does)."""
    if model_terms is not None:
        return lambda h: fit_model(h, model_terms, check=False)
    if selection == "stepwise":
        return lambda h: stepwise(h, pthresh=pthresh, max_order=max_order)
    criterion = "aic" if selection == "aic" else "bic"

    def lowest(h: CaptureHistories) -> Fit:
        estimable = _Estimability(h)
        fits = [fit_model(h, terms, check=False) for terms in candidates if estimable(terms)]
        fits = [f for f in fits if math.isfinite(f.dark)]
        if not fits:
            raise EstimateRefused("no candidate model can be estimated from this resample")
        return min(fits, key=lambda f: f.criterion(criterion))

    return lowest


@dataclass
class BCa:
    """A bias-corrected and accelerated bootstrap interval (SparseMSE's `estimatepopulation`):
    the totals of the resamples, the acceleration from the jackknife, and the interval."""

    interval: tuple[float, float]
    replicates: list[float]
    acceleration: float
    bias_z0: float
    failed: int


def bca_interval(histories: CaptureHistories, select, *, n: int, level: float, seed: int) -> BCa:
    """The BCa interval of Chan, Silverman & Vincent (2021, section 3.3), as SparseMSE's
    `estimatepopulation` and MultipleSystemsEstimation compute it:

    - `n` multinomial resamples of the observed people over the observed histories (the
      observed total fixed), the model chosen again on each (`select`), so that the interval
      allows for the choice of model;
    - the acceleration from the delete-one jackknife (one person fewer in each observed
      history, weighted by its count);
    - z0 = Φ⁻¹(share of resamples below the estimate), and the limits are the resamples'
      quantiles (R's type 8, numpy's "median_unbiased") at Φ(z0 + (z0 + z)/(1 - a(z0 + z))),
      z the normal quantiles of the two tails.

    The random numbers are numpy's, not R's: the interval agrees with the published one up
    to the Monte Carlo error of `n` resamples, not digit for digit."""
    from scipy.stats import norm

    point = select(histories).total
    cells = list(histories.counts)
    counts = np.array([histories.counts[h] for h in cells], dtype=float)
    total = int(counts.sum())
    rng = np.random.default_rng(seed)
    replicates: list[float] = []
    failed = 0
    for _round in range(n):
        draw = rng.multinomial(total, counts / total)
        sample = CaptureHistories(
            histories.lists, {h: int(c) for h, c in zip(cells, draw, strict=True) if c}
        )
        try:
            value = select(sample).total
        except (EstimateRefused, ValueError, np.linalg.LinAlgError):
            value = float("nan")
        if math.isfinite(value):
            replicates.append(value)
        else:
            failed += 1
    if len(replicates) < n / 2:
        raise EstimateRefused(_("the resampled lists mostly cannot be fitted: no interval"))
    jack = []
    for h in cells:
        fewer = dict(histories.counts)
        fewer[h] -= 1
        if not fewer[h]:
            del fewer[h]
        try:
            jack.append(select(CaptureHistories(histories.lists, fewer)).total)
        except (EstimateRefused, ValueError, np.linalg.LinAlgError):
            raise EstimateRefused(
                _(
                    "without one of the people on %(lists)s the model cannot be chosen "
                    "again, so the BCa acceleration cannot be computed: use the percentile "
                    "bootstrap"
                )
                % {"lists": ", ".join(n for n, v in zip(histories.lists, h, strict=True) if v)}
            ) from None
    jack_arr = np.array(jack)
    residual = float(counts @ jack_arr) / total - jack_arr
    spread = float(counts @ residual**2)
    acceleration = float(counts @ residual**3) / (6 * spread**1.5) if spread > 0 else 0.0
    boots = np.array(replicates)
    z0 = float(norm.ppf(np.mean(boots < point)))
    za = norm.ppf([(1 - level) / 2, (1 + level) / 2])
    if not math.isfinite(z0):  # every resample on one side: no bias correction possible
        z0 = 0.0
    zq = norm.cdf(z0 + (z0 + za) / (1 - acceleration * (z0 + za)))
    lo, hi = np.quantile(boots, zq, method="median_unbiased")
    return BCa((float(lo), float(hi)), replicates, acceleration, z0, failed)


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
    average: bool = False,
    bca: bool = False,
    ntop: int | None = None,
) -> Estimate:
    """The hidden total with an interval. `model` fits a named model; otherwise `selection`
    is "stepwise" (SparseMSE; `pthresh`, terms up to `max_order`) or "aic"/"bic" (the best
    estimable hierarchical model up to `max_order`, `search`). The search's candidates are
    reported in every case, ranked by AIC for "aic" and by BIC otherwise; `average` reports
    their weighted average instead of the selected model's total.

    The interval: with `bca`, the BCa bootstrap that repeats the choice of model on each of
    `bootstrap` multinomial resamples (SparseMSE's `estimatepopulation`; for AIC/BIC the
    choice is among the `ntop` best models of the original data, Silverman, Chan & Vincent
    2024); otherwise `bootstrap` Poisson resamples refitting the selected model (percentile),
    or the Wald interval when `bootstrap` is 0."""
    check_options(selection=selection, max_order=max_order, bootstrap=bootstrap, level=level)
    if not 0 <= pthresh <= 1:
        raise EstimateRefused(_("the p-value threshold must be between 0 and 1"), column="pthresh")
    if bca and bootstrap == 0:
        raise EstimateRefused(
            _("a BCa interval needs resamples: ask for at least %(min)s") % {"min": MIN_BOOTSTRAP},
            column="bootstrap",
        )
    if ntop is not None and ntop < 1:
        raise EstimateRefused(_("ntop must be at least 1"), column="ntop")
    notes = assess(histories)
    found = search(histories, criterion="aic" if selection == "aic" else "bic", max_order=max_order)
    model_terms = None
    if model is not None:
        model_terms = parse_model(model, histories.lists)
        fit = fit_model(histories, model_terms)
        method = "fixed"
    elif selection == "stepwise":
        fit = stepwise(histories, pthresh=pthresh, max_order=max_order)
        method = f"stepwise (Poisson p < {pthresh}, interactions up to order {max_order})"
    else:
        fit = found.best
        how = "every model" if found.exhaustive else "descent from every maximal estimable model"
        method = f"lowest {selection.upper()} ({how}, interactions up to order {max_order})"
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
    total = fit.total
    if average:
        total, interval = model_average(found, level)
        interval_method = (
            f"model average over {len(found.fits)} models "
            f"({found.criterion.upper()} weights; Buckland et al. 1997)"
        )
    elif bca:
        top = ntop if ntop is not None else default_ntop(len(histories.lists))
        select = selector(
            model_terms=model_terms,
            selection=selection,
            pthresh=pthresh,
            max_order=max_order,
            candidates=_top_models(found, top),
        )
        result = bca_interval(histories, select, n=bootstrap, level=level, seed=seed)
        interval = result.interval
        among = (
            ""
            if model_terms is not None or selection == "stepwise"
            else f" among the {min(top or len(found.fits), len(found.fits))} best models"
        )
        interval_method = (
            f"BCa bootstrap ({bootstrap} multinomial resamples, the model chosen again on each"
            f"{among}; jackknife acceleration {result.acceleration:.4f}"
            + (f"; {result.failed} resamples could not be fitted" if result.failed else "")
            + ")"
        )
    elif bootstrap > 0:
        terms = fit.terms
        interval = bootstrap_interval(
            histories,
            lambda h: fit_model(h, terms, check=False),
            n=bootstrap,
            level=level,
            seed=seed,
        )
        interval_method = f"bootstrap ({bootstrap} Poisson resamples, percentile)"
    else:
        interval = fit.wald_interval(level)
        interval_method = "Wald on the log dark figure"
    return Estimate(
        lists=histories.lists,
        observed=histories.observed,
        method=method,
        fit=fit,
        total=total,
        interval=interval,
        interval_method=interval_method,
        level=level,
        warnings=notes,
        search=found,
        averaged=average,
    )


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
