"""The generalisation chosen is the optimum of a brute-force search written here (every node
of the lattice, groups counted with a dict), although the plan skips nodes it can rule out;
and people with several cases are counted once per group."""

import itertools
import random
from collections import Counter, defaultdict

import numpy as np
import pytest

from seri.stats import htcds

KEYS = ("age_band", "gender", "citizenship", "year", "control_methods", "status")


def synthetic(n: int, seed: int) -> htcds.Combinations:
    rng = random.Random(seed)
    counts = Counter()
    for _ in range(n):
        counts[
            (
                rng.randint(12, 70),
                rng.choice(["Feminine", "Masculine", "NonSpecifiedUnknown"]),
                rng.choice([("VN",), ("CN",), ("KH", "TH"), ("ID",), ()]),
                rng.choice([2021, 2022, 2023, 2024]),
                rng.choice([(), ("DebtBondage",), ("DebtBondage", "WithholdsDocuments")]),
                rng.choice(["reported", "verifying", "released", "closed", "in_support"]),
            )
        ] += 1
    values = list(counts)
    n_rows = np.array([counts[v] for v in values], dtype=np.int64)
    return htcds.Combinations(KEYS, values, n_rows, n_rows.copy(), [])


def brute_force(combos, k, qis):
    columns = [htcds.COLUMNS[q] for q in qis]
    position = [combos.keys.index(q) for q in qis]
    total = int(combos.rows.sum())
    best = None
    for vector in itertools.product(*(range(c.top + 1) for c in columns)):
        groups = defaultdict(int)
        for value, people in zip(combos.values, combos.people, strict=True):
            key = tuple(
                c.render(value[i], lv) for c, i, lv in zip(columns, position, vector, strict=True)
            )
            groups[key] += int(people)
        suppressed = sum(n for n in groups.values() if n < k)
        if suppressed > htcds.MAX_SUPPRESSED_SHARE * total:
            continue
        loss = sum(lv / c.top for lv, c in zip(vector, columns, strict=True))
        candidate = (round(loss, 9), suppressed, vector)
        if best is None or candidate < best:
            best = candidate
    return best


@pytest.mark.parametrize(("n", "k", "seed"), [(400, 5, 1), (1500, 11, 2)])
def test_the_plan_is_the_brute_force_optimum(n, k, seed):
    combos = synthetic(n, seed)
    p = htcds.plan(combos, k=k, qis=KEYS)
    _loss, suppressed, vector = brute_force(combos, k, KEYS)
    assert tuple(p.levels[q] for q in KEYS) == vector
    assert p.suppressed == suppressed


def test_a_person_in_two_combinations_of_one_group_counts_once():
    # one person with two cases that differ only in age (30 and 31): two combinations, which
    # 5-year bands merge into one group of one person, not two
    values = [
        (30, "Feminine", ("VN",), 2023, (), "reported"),
        (31, "Feminine", ("VN",), 2023, (), "reported"),
    ]
    combos = htcds.Combinations(KEYS, values, np.array([1, 1]), np.array([1, 1]), [[0, 1]])
    codes = [np.array([0, 0])]  # both in one group
    groups = htcds.groups_of(combos, codes)
    assert groups.people.tolist() == [1] and groups.rows.tolist() == [2]
    with pytest.raises(htcds.ExportRefused, match="only 1 people"):
        htcds.plan(combos, k=2, qis=KEYS)
