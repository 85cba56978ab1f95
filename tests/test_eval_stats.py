"""Paired statistics against hand-computed values."""

import math

import numpy as np
import pytest

from mcp_tui.eval.stats import compare_passes, compare_scores, mcnemar_exact, paired_bootstrap_ci


def test_mcnemar_exact_matches_the_binomial_by_hand():
    # 1 vs 9 discordant tasks: p = 2 * (C(10,0) + C(10,1)) / 2**10
    assert mcnemar_exact(1, 9) == pytest.approx(2 * (1 + 10) / 1024)
    assert mcnemar_exact(9, 1) == pytest.approx(22 / 1024)
    # 0 vs 6: p = 2 / 2**6
    assert mcnemar_exact(0, 6) == pytest.approx(2 / 64)
    assert mcnemar_exact(3, 3) == 1.0
    assert mcnemar_exact(0, 0) == 1.0


def test_compare_passes_counts_and_rates():
    # 20 tasks: 6 both pass, 2 base only, 8 tuned only, 4 both fail.
    base = [True] * 6 + [True] * 2 + [False] * 8 + [False] * 4
    tuned = [True] * 6 + [False] * 2 + [True] * 8 + [False] * 4
    r = compare_passes(base, tuned)
    assert (r.n, r.base_only, r.tuned_only) == (20, 2, 8)
    assert r.base == pytest.approx(8 / 20)
    assert r.tuned == pytest.approx(14 / 20)
    assert r.delta == pytest.approx(0.3)
    # 2 vs 8: p = 2 * (1 + 10 + 45) / 1024
    assert r.p_value == pytest.approx(112 / 1024)
    assert r.to_dict()["ci95"] == list(r.ci95)


def test_bootstrap_interval_contains_the_true_difference_and_has_the_right_width():
    # Per-task differences with mean exactly 0.4: 50 of +1, 10 of -1, 40 of 0.
    d = np.array([1.0] * 50 + [-1.0] * 10 + [0.0] * 40)
    low, high = paired_bootstrap_ci(d)
    assert low < 0.4 < high
    assert low > 0
    # Normal approximation by hand: sd = sqrt(0.6 - 0.16) = 0.663, se = 0.0663.
    half = 1.96 * math.sqrt(0.6 - 0.16) / math.sqrt(100)
    assert (high - low) / 2 == pytest.approx(half, abs=0.015)


def test_bootstrap_covers_the_population_difference_of_a_simulation():
    rng = np.random.default_rng(7)
    base = rng.random(300) < 0.3
    tuned = rng.random(300) < 0.7
    r = compare_passes(base, tuned)
    assert r.ci95[0] < 0.4 < r.ci95[1]
    assert r.p_value < 1e-6


def test_degenerate_inputs():
    assert paired_bootstrap_ci([1.0]) is None
    assert paired_bootstrap_ci([0.0, 0.0, 0.0]) == (0.0, 0.0)
    r = compare_passes([], [])
    assert (r.n, r.delta, r.ci95, r.p_value) == (0, 0.0, None, 1.0)
    with pytest.raises(ValueError, match="differ in length"):
        compare_passes([True], [])


def test_wilcoxon_on_graded_scores():
    from scipy.stats import wilcoxon

    base = [0.1, 0.2, 0.3, 0.4, 0.5, 0.2, 0.1, 0.3]
    tuned = [0.5, 0.6, 0.35, 0.9, 0.7, 0.8, 0.15, 0.6]
    r = compare_scores(base, tuned)
    assert r.p_value == pytest.approx(wilcoxon(tuned, base).pvalue)
    # Every difference is positive: the exact two-sided p is 2 / 2**8.
    assert r.p_value == pytest.approx(2 / 256)
    assert r.delta == pytest.approx(np.mean(np.subtract(tuned, base)))
    assert compare_scores([0.5, 0.5], [0.5, 0.5]).p_value == 1.0
