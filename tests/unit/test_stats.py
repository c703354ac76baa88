"""Poisson bands and the two-period test give the textbook answers."""
from __future__ import annotations

import numpy as np
import pandas as pd

from bohan.stats import compare_counts, poisson_interval
from bohan.trends import yearly_series
from bohan.filters import CrimeFilter
from tests.unit.test_filters import VOCAB


def test_poisson_interval_known_values():
    """Garwood intervals: 0 -> (0, 3.689), 10 -> (4.795, 18.390)."""
    low, high = poisson_interval([0, 10])
    np.testing.assert_allclose(low, [0.0, 4.7954], atol=1e-3)
    np.testing.assert_allclose(high, [3.6889, 18.3904], atol=1e-3)


def test_compare_counts_detects_a_real_rise():
    """100 -> 150 is larger than chance; 20 -> 24 is not."""
    assert compare_counts(100, 150).significant
    small = compare_counts(20, 24)
    assert not small.significant
    assert small.ratio_low < 1.2 < small.ratio_high


def test_compare_counts_is_symmetric():
    """Swapping the periods inverts the ratio and keeps the p-value."""
    a, b = compare_counts(846, 929), compare_counts(929, 846)
    assert abs(a.p_value - b.p_value) < 1e-12
    assert abs(a.ratio * b.ratio - 1) < 1e-12


def test_yearly_series_uses_city_totals_and_glide_for_citywide():
    """City-wide calendar view: totals from 2003, glide from the last plan figure to the target."""
    annual = pd.DataFrame({"year": [2003, 2022, 2023], "offences": [3826, 846, 929], "source": ["plan", "sample", "plan"]})
    series, glide = yearly_series(CrimeFilter(), VOCAB, annual, pd.DataFrame(columns=["year", "n"]), (2029, 650.0))
    assert series["year"].tolist() == [2003, 2022, 2023]
    assert glide == (2023, 929.0, 2029, 650.0)


def test_yearly_series_filtered_has_every_year_and_no_glide():
    """A narrower filter shows every year of the data (0 where none) and no plan target."""
    counts = pd.DataFrame({"year": [2015, 2020], "n": [3, 4]})
    series, glide = yearly_series(CrimeFilter(koban=("糸井",)), VOCAB, pd.DataFrame(), counts, (2029, 650.0))
    assert glide is None
    assert series["year"].tolist() == list(range(2014, 2025))
    assert series.set_index("year")["n"].to_dict()[2016] == 0
