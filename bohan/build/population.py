"""Sample population per town (the e-Stat 小地域 JINKO / SETAI the city would bring).

The real census table is not shipped, so each town gets a plausible share of a city of about
170,000 people (Tomakomai's order of magnitude in the 2020 census): built-up towns many times
more than outlying ones, larger towns more than small ones, with some spread. Households at
about 2.1 people each. Marked ``sample``; ``population_year`` says which census it stands for.
"""
from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

CITY_POPULATION: Final = 170_000
POPULATION_YEAR: Final = 2020
PEOPLE_PER_HOUSEHOLD: Final = 2.1


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    exact = weights / weights.sum() * total
    floor = np.floor(exact).astype(int)
    short = total - floor.sum()
    floor[np.argsort(-(exact - floor), kind="stable")[:short]] += 1
    return floor


def town_population(rng: np.random.Generator, towns: pd.DataFrame) -> pd.DataFrame:
    """``town, population, households, population_year, source`` for each town."""
    area_km2 = towns["area_m2"].to_numpy(dtype=float) / 1e6
    urban = towns["urban"].to_numpy(dtype=bool)
    # built-up towns: people in proportion to area, dense; outlying: few, growing slowly with area
    weight = np.where(urban, np.clip(area_km2, 0.05, 1.5) * 6000.0, 1500.0 + np.sqrt(np.clip(area_km2, 0.01, None)) * 150.0)
    weight = weight * rng.lognormal(0.0, 0.35, len(weight))
    people = _largest_remainder(weight, CITY_POPULATION)
    households = np.maximum(np.rint(people / (PEOPLE_PER_HOUSEHOLD * rng.uniform(0.9, 1.1, len(people)))), 0)
    households = np.where(people > 0, np.maximum(households, 1), 0).astype(int)
    return pd.DataFrame({"town": towns["town"].to_numpy(), "population": people, "households": households,
                         "population_year": POPULATION_YEAR, "source": "sample"})
