"""λ re-estimated on a run's own pairs (`batch.calibrated_prior`, decision 0038): the expected
number of true pairs among the predicted pairs is λ times the number of pairs of people."""

import math

import pandas as pd

from seri.linkage.batch import MIN_PAIRS, calibrated_prior, with_prior


def _pairs(prior: float, evidence: list[float]) -> pd.DataFrame:
    weight = [e + math.log2(prior / (1 - prior)) for e in evidence]
    return pd.DataFrame(
        {
            "match_weight": weight,
            "match_probability": [1 / (1 + 2 ** (-w)) for w in weight],
        }
    )


def test_a_prior_that_counted_namesakes_falls_to_the_share_of_true_pairs():
    """1,000 people (499,500 pairs), 200 pairs whose evidence leaves no doubt and 10,000
    namesakes with little (4 times more likely if the same person): a rule's λ ten times too
    high comes back to about 200 / 499,500 (the namesakes add their expected share, 0.17%
    each)."""
    people, rule = 1000, 4e-3
    pairs = _pairs(rule, [40.0] * 200 + [2.0] * 10_000)
    found = calibrated_prior(pairs, people, rule)
    assert 200 / 499_500 < found < 1.1 * 200 / 499_500
    shifted = with_prior(pairs, rule, found)
    drop = math.log2(rule / (1 - rule)) - math.log2(found / (1 - found))
    assert (pairs.match_weight - shifted.match_weight).round(9).eq(round(drop, 9)).all()
    assert (shifted.match_probability >= 0.5).sum() == 200


def test_a_run_with_few_likely_pairs_keeps_the_rules_prior():
    pairs = _pairs(1e-3, [40.0] * (MIN_PAIRS - 1) + [-5.0] * 50)
    assert calibrated_prior(pairs, 500, 1e-3) == 1e-3
