"""Honest uncertainty for counts: exact Poisson intervals and a test for two periods.

A year's count of offences is treated as a Poisson count: even with no change in the
underlying rate, it moves from year to year by about its square root. Bands and tests here
say which changes are larger than that noise.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats


def poisson_interval(counts, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence interval of a Poisson mean for each observed count.

    Parameters
    ----------
    counts : array-like of int
        Observed counts (non-negative).
    level : float
        Confidence level, 0.95 by default.

    Returns
    -------
    (lower, upper) : arrays of float, same shape as ``counts``.
    """
    k = np.asarray(counts, dtype=float)
    alpha = 1 - level
    lower = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    upper = stats.chi2.ppf(1 - alpha / 2, 2 * (k + 1)) / 2
    return lower, upper


@dataclass(frozen=True)
class Comparison:
    """Period B against period A: counts, rate ratio with its interval, and the test's p."""

    n_a: int
    n_b: int
    ratio: float  # rate in B / rate in A (per unit of exposure)
    ratio_low: float
    ratio_high: float
    p_value: float
    level: float = 0.95

    @property
    def significant(self) -> bool:
        """True when the change is larger than chance at the chosen level (two-sided)."""
        return self.p_value < 1 - self.level


def compare_counts(n_a: int, n_b: int, exposure_a: float = 1.0, exposure_b: float = 1.0, level: float = 0.95) -> Comparison:
    """Compare two Poisson counts by the exact conditional (binomial) test.

    Given the total ``n_a + n_b``, under "no change in rate" ``n_b`` follows a binomial
    distribution with p = exposure_b / (exposure_a + exposure_b). The rate ratio's interval
    comes from the exact (Clopper-Pearson) interval of that binomial proportion.
    """
    total = n_a + n_b
    if total == 0:
        return Comparison(n_a, n_b, float("nan"), float("nan"), float("nan"), 1.0, level)
    p0 = exposure_b / (exposure_a + exposure_b)
    test = stats.binomtest(n_b, total, p0)
    ci = test.proportion_ci(confidence_level=level, method="exact")
    scale = exposure_a / exposure_b

    def to_ratio(p: float) -> float:
        return float("inf") if p >= 1 else p / (1 - p) * scale

    ratio = to_ratio(n_b / total) if n_a > 0 else float("inf")
    return Comparison(n_a, n_b, ratio, to_ratio(ci.low), to_ratio(ci.high), float(test.pvalue), level)
