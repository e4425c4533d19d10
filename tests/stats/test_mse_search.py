"""The model search finds the best estimable model, checked against fits computed here with
statsmodels' Poisson GLM (independent of seri's own Newton fit) and against a brute-force
enumeration written here."""

import itertools
import math
from pathlib import Path

import numpy as np
import pytest
import statsmodels.api as sm

from seri.stats import mse

UK = Path(__file__).resolve().parents[2] / "seri" / "stats" / "data" / "uk2013.csv"

# Three lists, A and B share no one (a zero overlap): the model with every two-list
# interaction cannot be identified, and A:C + B:C has no maximum likelihood estimate.
ZERO_OVERLAP = {(1, 0, 0): 60, (0, 1, 0): 45, (0, 0, 1): 80, (1, 0, 1): 20, (0, 1, 1): 9}
LISTS = ("A", "B", "C")


def statsmodels_fit(counts, terms, t=3):
    """Poisson GLM of the model: main effects, the interactions in `terms` that have people in
    common, and none of the cells holding a pair that has no one in common (its parameter is
    minus infinity, counted in the criteria as in SparseMSE). Returns dark figure and BIC."""
    overlap = {term: sum(n for h, n in counts.items() if all(h[i] for i in term)) for term in terms}
    empty = [term for term in terms if overlap[term] == 0]
    kept = [term for term in terms if overlap[term] > 0]
    cells = [
        h
        for h in itertools.product((0, 1), repeat=t)
        if any(h) and not any(all(h[i] for i in term) for term in empty)
    ]
    x = np.array(
        [[1, *h, *(float(all(h[i] for i in term)) for term in kept)] for h in cells], dtype=float
    )
    y = np.array([counts.get(h, 0) for h in cells], dtype=float)
    result = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    observed = sum(counts.values())
    bic = -2 * result.llf + (x.shape[1] + len(empty)) * math.log(observed)
    return math.exp(result.params[0]), bic, result


def test_a_zero_overlap_table_gets_the_best_estimable_model():
    histories = mse.CaptureHistories.from_rows(LISTS, ZERO_OVERLAP.items())
    found = mse.search(histories, criterion="bic")
    assert found.exhaustive
    best = found.best
    assert best.model == "A:B"  # A:B with no one in common: those cells are structural zeros
    dark, bic, _result = statsmodels_fit(ZERO_OVERLAP, [(0, 1)])
    assert best.dark == pytest.approx(dark, rel=1e-7)
    assert best.bic == pytest.approx(bic, rel=1e-9)
    # Every model of three lists, fitted here: the estimable ones have no lower BIC.
    pairs = list(itertools.combinations(range(3), 2))
    estimable = {frozenset(f.terms) for f in found.fits}
    for r in range(4):
        for terms in itertools.combinations(pairs, r):
            if frozenset(terms) in estimable:
                assert statsmodels_fit(ZERO_OVERLAP, terms)[1] >= bic - 1e-9
    # The two models that cannot be estimated are known from the algebra: all three
    # interactions (6 parameters, 5 usable cells) and A:C + B:C (no one on all three lists,
    # no one on A and B: the margins put the estimate on the boundary).
    assert frozenset(pairs) not in estimable
    assert frozenset([(0, 2), (1, 2)]) not in estimable
    assert len(found.fits) == 6
    # What the old trimmed path ended at (drop A:B, then B:C: A:C) is about twice as large.
    trimmed = next(f for f in found.fits if f.model == "A:C")
    assert trimmed.bic > best.bic + 10
    assert trimmed.total > 1.9 * best.total


def test_the_estimate_reports_candidates_and_averages_them(tmp_path):
    histories = mse.CaptureHistories.from_rows(LISTS, ZERO_OVERLAP.items())
    result = mse.estimate(histories, selection="bic", bootstrap=0)
    d = result.as_dict()
    assert d["model"] == "A:B"
    assert d["candidates"][0]["selected"] and d["candidates"][0]["model"] == "A:B"
    assert [c["bic"] for c in d["candidates"]] == sorted(c["bic"] for c in d["candidates"])
    weights = [c["weight"] for c in d["candidates"]]
    assert sum(weights) == pytest.approx(1, abs=1e-3)
    averaged = mse.estimate(histories, selection="bic", bootstrap=0, average=True)
    # the average, computed here from the fits with weights exp(-ΔBIC/2)
    fits = averaged.search.fits
    raw = [math.exp(-(f.bic - fits[0].bic) / 2) for f in fits]
    expected = sum(w * f.total for w, f in zip(raw, fits, strict=True)) / sum(raw)
    assert averaged.total == pytest.approx(expected, rel=1e-9)
    assert averaged.interval[0] < averaged.total < averaged.interval[1]
    assert averaged.as_dict()["model_averaged"] is True


def test_newton_fit_agrees_with_statsmodels_on_the_uk_lists():
    histories = mse.read_histories_csv(UK.read_text())
    fit = mse.stepwise(histories)
    dark, bic, result = statsmodels_fit(histories.counts, list(fit.terms), t=6)
    assert fit.dark == pytest.approx(dark, rel=1e-7)
    assert fit.bic == pytest.approx(bic, rel=1e-9)
    assert fit.log_dark_se == pytest.approx(math.sqrt(result.cov_params()[0, 0]), rel=1e-5)
    assert fit.deviance == pytest.approx(result.deviance, rel=1e-7)


def test_the_count_of_hierarchical_models_is_that_of_a_brute_force_enumeration():
    for t, order in ((3, 2), (3, 3), (4, 3), (5, 2)):
        terms = [c for k in range(2, order + 1) for c in itertools.combinations(range(t), k)]
        brute = 0
        for mask in range(1 << len(terms)):
            chosen = {terms[i] for i in range(len(terms)) if mask >> i & 1}
            if all(
                all(s in chosen for s in itertools.combinations(c, len(c) - 1))
                for c in chosen
                if len(c) > 2
            ):
                brute += 1
        models = mse.hierarchical_models(t, order, limit=10_000)
        assert len(models) == len(set(map(frozenset, models))) == brute
    assert mse.hierarchical_models(6, 2, limit=mse.EXHAUSTIVE_LIMIT) is None


def test_the_search_from_maximal_models_finds_what_the_exhaustive_search_finds(monkeypatch):
    histories = mse.CaptureHistories.from_rows(LISTS, ZERO_OVERLAP.items())
    exhaustive = mse.search(histories, criterion="bic")
    monkeypatch.setattr(mse, "EXHAUSTIVE_LIMIT", 1)
    from_maximal = mse.search(histories, criterion="bic")
    assert not from_maximal.exhaustive and from_maximal.complete
    assert from_maximal.starts == 2  # A:B + A:C and A:B + B:C
    assert from_maximal.best.terms == exhaustive.best.terms


def test_six_lists_are_searched_from_every_maximal_model():
    histories = mse.read_histories_csv(UK.read_text())
    found = mse.search(histories, criterion="bic")
    assert not found.exhaustive and found.complete and found.starts >= 1
    stepwise = mse.stepwise(histories)
    assert found.best.bic <= stepwise.bic
    assert any(f.terms == stepwise.terms for f in found.fits)
