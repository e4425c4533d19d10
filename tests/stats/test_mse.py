"""Multiple systems estimation, checked against closed forms computed here and against the
published UK 2013 six-list analysis."""

import itertools
import json
import math
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from seri.stats import mse

UK = Path(__file__).resolve().parents[2] / "seri" / "stats" / "data" / "uk2013.csv"

THREE = {  # A, B, C → count
    (1, 0, 0): 120,
    (0, 1, 0): 95,
    (0, 0, 1): 60,
    (1, 1, 0): 31,
    (1, 0, 1): 22,
    (0, 1, 1): 18,
    (1, 1, 1): 7,
}


def write_csv(tmp_path, counts, names=("A", "B", "C")):
    lines = [",".join([*names, "count"])]
    lines += [",".join(map(str, [*h, n])) for h, n in counts.items()]
    path = tmp_path / "histories.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_three_lists_all_two_way_interactions_is_the_closed_form():
    """With every two-list interaction, the log-linear model's dark figure has a closed form:
    n000 = n111 · n100 · n010 · n001 / (n110 · n101 · n011)."""
    n = THREE
    closed = (
        n[1, 1, 1] * n[1, 0, 0] * n[0, 1, 0] * n[0, 0, 1] / (n[1, 1, 0] * n[1, 0, 1] * n[0, 1, 1])
    )
    histories = mse.CaptureHistories.from_rows(("A", "B", "C"), THREE.items())
    fit = mse.fit_model(histories, mse.parse_model("A*B + A*C + B*C", histories.lists))
    assert fit.dark == pytest.approx(closed, rel=1e-9)
    assert fit.total == pytest.approx(sum(n.values()) + closed, rel=1e-9)


def test_independence_model_solved_independently():
    """Main effects only: the fitted cell means must satisfy the likelihood equations, which
    we solve here by iterative proportional fitting on the 2x2x2 table with the empty cell
    free (an algorithm independent of the GLM)."""
    table = np.zeros((2, 2, 2))
    for h, c in THREE.items():
        table[h] = c
    mu = np.ones((2, 2, 2))
    observed_mask = np.ones((2, 2, 2))
    observed_mask[0, 0, 0] = 0
    # EM: fill the empty cell with the current estimate, fit independence in closed form.
    for _ in range(5000):
        full = table.copy()
        full[0, 0, 0] = mu[0, 0, 0]
        total = full.sum()
        pa, pb, pc = full.sum((1, 2)) / total, full.sum((0, 2)) / total, full.sum((0, 1)) / total
        mu = total * np.einsum("i,j,k->ijk", pa, pb, pc)
    histories = mse.CaptureHistories.from_rows(("A", "B", "C"), THREE.items())
    fit = mse.fit_model(histories, ())
    assert fit.dark == pytest.approx(mu[0, 0, 0], rel=1e-6)


def test_two_lists_is_lincoln_petersen(tmp_path):
    histories = mse.CaptureHistories.from_rows(
        ("A", "B"), [((1, 0), 80), ((0, 1), 50), ((1, 1), 20)]
    )
    fit = mse.fit_model(histories, ())
    assert fit.dark == pytest.approx(80 * 50 / 20)


def test_seri_estimate_command_fixed_model_json(tmp_path, capsys):
    path = write_csv(tmp_path, THREE)
    call_command(
        "estimate", str(path), "--model", "a*b + a*c + b*c", "--json", "--bootstrap", "100"
    )
    out = json.loads(capsys.readouterr().out)
    n = THREE
    closed = (
        n[1, 1, 1] * n[1, 0, 0] * n[0, 1, 0] * n[0, 0, 1] / (n[1, 1, 0] * n[1, 0, 1] * n[0, 1, 1])
    )
    assert out["estimate"] == pytest.approx(sum(n.values()) + closed, abs=0.05)
    assert out["model"] == "A:B + A:C + B:C"
    lo, hi = out["interval"]
    assert lo < out["estimate"] < hi


def test_uk_2013_reproduces_the_published_range(capsys):
    """The Home Office published 10,000 to 13,000 from a stepwise model on these six lists
    (2,744 observed)."""
    call_command("estimate", str(UK), "--json", "--bootstrap", "0")
    out = json.loads(capsys.readouterr().out)
    assert out["observed"] == 2744
    assert 11_000 < out["estimate"] < 11_800
    lo, hi = out["wald_interval"]
    assert 9_500 < lo < 10_500 and 12_700 < hi < 13_500
    assert "LA:GP" in " ".join(out["warnings"])  # a pair with no one in common is named


def test_lists_with_no_overlap_are_refused_with_a_reason(tmp_path):
    path = write_csv(tmp_path, {(1, 0, 0): 40, (0, 1, 0): 30, (0, 0, 1): 25})
    with pytest.raises(CommandError, match="no one appears on more than one list"):
        call_command("estimate", str(path))


def test_a_list_sharing_no_one_is_refused(tmp_path):
    counts = {(1, 0, 0): 40, (0, 1, 0): 30, (1, 1, 0): 10, (0, 0, 1): 25}
    path = write_csv(tmp_path, counts)
    with pytest.raises(CommandError, match="C shares no one"):
        call_command("estimate", str(path))


def test_a_model_whose_estimate_does_not_exist_is_refused():
    # The A:B overlap is only in the cell also on C, so fitting A:B + A:C + B:C with
    # n110 = 0 puts the MLE on the boundary.
    counts = {(1, 0, 0): 30, (0, 1, 0): 20, (0, 0, 1): 10, (1, 0, 1): 5, (0, 1, 1): 4, (1, 1, 1): 3}
    histories = mse.CaptureHistories.from_rows(("A", "B", "C"), counts.items())
    terms = mse.parse_model("A*B + A*C + B*C", histories.lists)
    assert mse.check_existence(histories, terms) is not None
    with pytest.raises(mse.EstimateRefused, match="does not exist"):
        mse.fit_model(histories, terms)


def test_too_few_people_are_refused():
    histories = mse.CaptureHistories.from_rows(("A", "B"), [((1, 0), 5), ((0, 1), 3), ((1, 1), 2)])
    with pytest.raises(mse.EstimateRefused, match="at least"):
        mse.estimate(histories)


def test_bad_csv_explains_itself(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("A,B,total\n1,0,3\n")
    with pytest.raises(CommandError, match="column called count"):
        call_command("estimate", str(path))
    with pytest.raises(mse.EstimateRefused, match="not a list"):
        mse.parse_model("A*Z", ("A", "B"))


def test_selection_by_information_criteria_is_no_worse_than_main_effects_or_stepwise():
    histories = mse.read_histories_csv(UK.read_text())
    main = mse.fit_model(histories, ())
    step = mse.stepwise(histories)
    for criterion in ("aic", "bic"):
        fit = mse.search(histories, criterion=criterion).best
        assert getattr(fit, criterion) <= getattr(main, criterion)
        assert getattr(fit, criterion) <= getattr(step, criterion)
        assert all(len(t) == 2 for t in fit.terms)


def test_design_has_every_history_once():
    histories = mse.CaptureHistories.from_rows(("A", "B", "C"), THREE.items())
    assert sorted(histories.cells()) == sorted(
        h for h in itertools.product((0, 1), repeat=3) if any(h)
    )
    assert math.isclose(histories.observed, sum(THREE.values()))
