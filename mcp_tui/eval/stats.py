"""Paired statistics for the A/B comparison of base against tuned on the same tasks.

Both models answer the same tasks, so every comparison is paired: the success-rate
difference gets a percentile bootstrap interval over tasks, pass/fail gets McNemar's
exact test (a binomial test on the discordant pairs), and graded scores get the
Wilcoxon signed-rank test.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

BOOTSTRAP_RESAMPLES = 10_000
SEED = 0


@dataclass(frozen=True)
class PairedRates:
    """Success of both models on the same n tasks, and how sure the difference is."""

    n: int
    base: float
    tuned: float
    delta: float
    ci95: tuple[float, float] | None
    p_value: float
    base_only: int  # tasks base passed and tuned failed
    tuned_only: int  # tasks tuned passed and base failed

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ci95"] = list(self.ci95) if self.ci95 else None
        return d


def mcnemar_exact(base_only: int, tuned_only: int) -> float:
    """Two-sided exact McNemar p-value: under no difference each discordant task is
    equally likely to favour either model."""
    discordant = base_only + tuned_only
    if discordant == 0:
        return 1.0
    return float(stats.binomtest(tuned_only, discordant, 0.5, alternative="two-sided").pvalue)


def paired_bootstrap_ci(differences: Sequence[float], level: float = 0.95) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean paired difference (None below 2 tasks).
    A fixed seed makes a report reproducible."""
    d = np.asarray(differences, dtype=float)
    if d.size < 2:
        return None
    if np.all(d == d[0]):
        return (float(d[0]), float(d[0]))
    res = stats.bootstrap(
        (d,),
        np.mean,
        confidence_level=level,
        n_resamples=BOOTSTRAP_RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(SEED),
    )
    return (float(res.confidence_interval.low), float(res.confidence_interval.high))


def compare_passes(base: Sequence[bool], tuned: Sequence[bool]) -> PairedRates:
    """Compare per-task pass/fail of the two models on the same tasks, in the same order."""
    if len(base) != len(tuned):
        raise ValueError(f"paired results differ in length: {len(base)} base, {len(tuned)} tuned")
    b = np.asarray(base, dtype=bool)
    t = np.asarray(tuned, dtype=bool)
    n = int(b.size)
    base_only = int(np.sum(b & ~t))
    tuned_only = int(np.sum(t & ~b))
    base_rate = float(b.mean()) if n else 0.0
    tuned_rate = float(t.mean()) if n else 0.0
    return PairedRates(
        n=n,
        base=base_rate,
        tuned=tuned_rate,
        delta=tuned_rate - base_rate,
        ci95=paired_bootstrap_ci(t.astype(float) - b.astype(float)),
        p_value=mcnemar_exact(base_only, tuned_only),
        base_only=base_only,
        tuned_only=tuned_only,
    )


@dataclass(frozen=True)
class PairedScores:
    """Mean graded score of both models on the same tasks, with Wilcoxon's test."""

    n: int
    base: float
    tuned: float
    delta: float
    ci95: tuple[float, float] | None
    p_value: float

    def to_dict(self) -> dict:
        d = asdict(self)
        d["ci95"] = list(self.ci95) if self.ci95 else None
        return d


def compare_scores(base: Sequence[float], tuned: Sequence[float]) -> PairedScores:
    """Compare graded per-task scores (e.g. answer relevance) of the two models."""
    if len(base) != len(tuned):
        raise ValueError(f"paired scores differ in length: {len(base)} base, {len(tuned)} tuned")
    b = np.asarray(base, dtype=float)
    t = np.asarray(tuned, dtype=float)
    n = int(b.size)
    d = t - b
    if n == 0 or np.all(d == 0):
        p = 1.0
    else:
        p = float(stats.wilcoxon(t, b, zero_method="wilcox", alternative="two-sided").pvalue)
    return PairedScores(
        n=n,
        base=float(b.mean()) if n else 0.0,
        tuned=float(t.mean()) if n else 0.0,
        delta=float(d.mean()) if n else 0.0,
        ci95=paired_bootstrap_ci(d),
        p_value=p,
    )
