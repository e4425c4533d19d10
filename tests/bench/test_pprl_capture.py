"""The capture design of bench/pprl_capture.py: a population with a known total, captured by
three installations as each design says, the captures being the identities' own generated
records, and the table built from them. Small and seeded; no time is asserted."""

import itertools
import random

import numpy as np
import pytest
from django.db import connection

from bench import generate, pprl_capture
from bench.pprl_capture import Design

URL = (
    "postgres://postgres@127.0.0.1:5432/unused"
    if connection.vendor == "postgresql"
    else "sqlite:///:memory:"
)
P = (0.3, 0.4, 0.5)
DESIGNS = pprl_capture.designs(P, hard_share=0.5, hard_factor=0.4, b_given_a=0.7)


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_every_design_keeps_each_installations_capture_probability(name):
    captured = DESIGNS[name].draw(200_000, np.random.default_rng(7))
    assert captured.shape == (200_000, 3)
    assert np.abs(captured.mean(axis=0) - P).max() < 0.005


def test_the_independent_design_has_independent_lists_and_the_others_do_not():
    rng = np.random.default_rng(8)

    def b_given_a(captured):
        return captured[captured[:, 0], 1].mean(), captured[~captured[:, 0], 1].mean()

    on, off = b_given_a(DESIGNS["independent"].draw(200_000, rng))
    assert abs(on - 0.4) < 0.006 and abs(off - 0.4) < 0.006
    dependent = DESIGNS["dependent"].draw(200_000, rng)
    on, off = b_given_a(dependent)
    assert abs(on - 0.7) < 0.006 and abs(off - (0.4 - 0.3 * 0.7) / 0.7) < 0.006
    # c is captured independently of a and b in the dependent design
    assert abs(dependent[dependent[:, 0] & dependent[:, 1], 2].mean() - 0.5) < 0.01
    # two strata: being found by a makes being found by b likelier (0.544 against 0.34)
    on, off = b_given_a(DESIGNS["heterogeneous"].draw(200_000, rng))
    assert abs(on - (0.5 * 0.12 * 0.16 + 0.5 * 0.48 * 0.64) / 0.3) < 0.01
    assert on > off + 0.15


def test_a_design_that_cannot_keep_its_probabilities_is_refused():
    with pytest.raises(ValueError):
        Design("heterogeneous", (0.3, 0.4, 0.7), hard_share=0.5, hard_factor=0.4)  # easy: 1.12
    with pytest.raises(ValueError):
        Design("dependent", (0.5, 0.3, 0.5), b_given_a=0.7)  # P(b | not a) < 0


def test_the_table_counts_every_recorded_person_once_and_leaves_out_the_hidden():
    captured = DESIGNS["heterogeneous"].draw(5000, np.random.default_rng(9))
    counts = pprl_capture.histories_of(captured)
    recorded = int(captured.any(axis=1).sum())
    assert sum(counts.values()) == recorded < 5000
    assert (0, 0, 0) not in counts
    for k in range(3):  # each list's size is the number that installation captured
        assert sum(n for h, n in counts.items() if h[k]) == captured[:, k].sum()
    assert counts[(1, 1, 1)] == (captured.sum(axis=1) == 3).sum()


@pytest.mark.django_db
def test_captures_are_the_identities_own_records_and_link_into_the_table():
    generate.generate(people=400, seed=11, url=URL, workers=1, verbose=False, linkage=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT person_id, identity_id FROM bench_truth")
        truth = dict(cursor.fetchall())
    identities, records = pprl_capture.population(40, min_records=2, seed=3)
    assert len(identities) == 40 == len(set(identities))
    for iid in identities:
        assert len(records[iid]) >= 2 and {truth[pid] for pid in records[iid]} == {iid}

    captured = Design("independent", (0.6, 0.7, 0.8)).draw(40, np.random.default_rng(4))
    captures = pprl_capture.captures_of(identities, records, captured, random.Random(5))
    assert [len(captures[name]) for name in "abc"] == captured.sum(axis=0).tolist()
    held: dict[int, list[int]] = {}
    for name, k in zip("abc", range(3), strict=True):
        for cid, (iid, pid) in captures[name].items():
            assert cid.startswith(name) and truth[pid] == iid
            assert captured[identities.index(iid), k]
            held.setdefault(iid, []).append(pid)
    for iid, pids in held.items():  # different records while the identity has them
        assert len(set(pids)) == min(len(pids), len(records[iid]))
    hidden = 40 - len(held)
    assert hidden == 40 - sum(pprl_capture.histories_of(captured).values())
    assert len(pprl_capture.true_pairs(captures)) == sum(
        len(list(itertools.combinations(p, 2))) for p in held.values()
    )

    # the real encodings and linkage: every capture is counted once in the linked table
    result = pprl_capture.linked(captures, pprl_capture.Encodings(), (0.5,))
    at = result["by threshold"][0.5]
    assert sum(n * sum(h) for h, n in at["counts"].items()) == captured.sum()
    assert at["precision"] > 0.8 and at["recall"] > 0.5


def test_perfect_match_groups_give_the_true_table_of_each_stratum():
    from seri.pprl.linking import Member

    design = DESIGNS["heterogeneous"]
    captured, stratum = design.draw_with_strata(3000, np.random.default_rng(12))
    identities = list(range(100, 3100))
    records = {iid: [iid * 10 + k for k in range(1 + iid % 3)] for iid in identities}
    captures = pprl_capture.captures_of(identities, records, captured, random.Random(13))
    members: dict[int, list] = {}
    for name, held in captures.items():
        for cid, (iid, _pid) in held.items():
            members.setdefault(iid, []).append((Member(name, cid), 1.0))
    groups = [g for g in members.values() if len(g) > 1]
    stratum_of = dict(zip(identities, stratum.tolist(), strict=True))
    by_stratum = pprl_capture.linked_histories_by_stratum(captures, groups, stratum_of)
    assert by_stratum == {
        s: pprl_capture.histories_of(captured[stratum == s]) for s in np.unique(stratum).tolist()
    }
    # estimated apart, the strata's totals add up; the interval holds the total
    total, (low, high), _models = pprl_capture.stratified(by_stratum)
    parts = [pprl_capture.estimate(t)[0] for t in by_stratum.values()]
    assert total == pytest.approx(sum(parts)) and low < total < high
