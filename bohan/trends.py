"""Pure helpers of the trend page: which yearly series to draw, and period comparisons."""
from __future__ import annotations

import pandas as pd

from bohan.filters import CrimeFilter, Vocab
from bohan.stats import Comparison, compare_counts


def yearly_series(f: CrimeFilter, vocab: Vocab, annual: pd.DataFrame, counts: pd.DataFrame,
                  target: tuple[int, float] | None) -> tuple[pd.DataFrame, tuple | None]:
    """The yearly counts to draw (``year, n, source``) and the plan's glide path, if it applies.

    For the whole city and every offence by calendar year, the series is the city total from
    2003 (the plan's own figures marked) and the glide path runs from the latest plan figure
    to ``target`` = (year, value). Any narrower filter, or fiscal years, draws the filtered
    incidents only, every year of the data shown (0 where none), and no glide path: the
    plan's target is for all offences in the whole city by calendar year.
    """
    fiscal = f.period == "fiscal"
    if f.is_citywide() and not fiscal:
        series = annual.rename(columns={"offences": "n"})[["year", "n", "source"]].copy()
        plan_rows = series[series["source"] == "plan"]
        glide = None
        if target is not None and len(plan_rows):
            last = plan_rows.iloc[-1]
            glide = (int(last["year"]), float(last["n"]), int(target[0]), float(target[1]))
        return series, glide
    lo, hi = vocab.fiscal_years if fiscal else vocab.years
    years = pd.DataFrame({"year": range(lo, hi + 1)})
    series = years.merge(counts, on="year", how="left").fillna({"n": 0})
    series["n"] = series["n"].astype(int)
    series["source"] = "sample"
    return series, None


def compare_years(series: pd.DataFrame, year_a: int, year_b: int) -> Comparison:
    """Compare the counts of two years of ``series`` (``year, n``) by the exact Poisson test."""
    counts = series.set_index("year")["n"]
    return compare_counts(int(counts.get(year_a, 0)), int(counts.get(year_b, 0)))
