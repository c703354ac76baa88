"""Time H3 binning and Gi* hotspots for 10 k, 50 k and 200 k incident points.

Usage: python -m benchmarks.hotspots [--resolution 9] [--permutations 99999]
Points: 85 % spread over Tomakomai's built-up strip (about 20 x 6 km), 15 % in five dense
spots (seeded). The import of esda and libpysal is timed on its own first, so the rows show
what a rerun costs once the process has them loaded.
"""
from __future__ import annotations

import argparse
import time

import numpy as np

from bohan import hotspots as hs

M_PER_DEG_LAT = 111_320.0


def points(n: int, seed: int = 20250301):
    rng = np.random.default_rng(seed)
    m_lon = M_PER_DEG_LAT * np.cos(np.radians(42.64))
    n_spot = int(n * 0.15)
    lat = 42.64 + rng.uniform(-3_000, 3_000, n - n_spot) / M_PER_DEG_LAT
    lon = 141.60 + rng.uniform(-10_000, 10_000, n - n_spot) / m_lon
    spots = rng.uniform([-2_500, -9_000], [2_500, 9_000], size=(5, 2))
    k = rng.integers(0, 5, n_spot)
    lat = np.r_[lat, 42.64 + (spots[k, 0] + rng.normal(0, 150, n_spot)) / M_PER_DEG_LAT]
    lon = np.r_[lon, 141.60 + (spots[k, 1] + rng.normal(0, 150, n_spot)) / m_lon]
    return lat, lon


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--resolution", type=int, default=hs.DEFAULT_RESOLUTION)
    parser.add_argument("--permutations", type=int, default=hs.DEFAULT_PERMUTATIONS)
    args = parser.parse_args()
    start = time.perf_counter()
    import libpysal.graph  # noqa: F401
    import esda  # noqa: F401
    print(f"import esda + libpysal: {time.perf_counter() - start:.2f} s")
    print(f"resolution {args.resolution}, {args.permutations:,} permutations")
    print(f"{'points':>8} {'cells':>6} {'bin s':>6} {'gi* s':>6} {'hot':>4} {'cold':>4} {'top5%':>6}")
    for n in (10_000, 50_000, 200_000):
        lat, lon = points(n)
        t0 = time.perf_counter()
        cells = hs.cells_from_points(lat, lon, args.resolution)
        t1 = time.perf_counter()
        result = hs.gi_star(cells, permutations=args.permutations)
        t2 = time.perf_counter()
        top = hs.concentration(result.cells)
        print(f"{n:>8,} {result.n_cells:>6,} {t1 - t0:>6.2f} {t2 - t1:>6.2f} {result.n_hot:>4} {result.n_cold:>4} {top:>6.1f}")


if __name__ == "__main__":
    main()
