"""Time the camera siting (maximal covering location) at city scale, and check it against spopt.

Usage: python -m benchmarks.siting [--quick] [--repeat N] [--n-new 14] [--cores 2]
Layout (seeded): a random street grid of about 10 x 6 km (blocks 60-160 m); school routes
are random walks over it from 40 schools; demand points sit evenly along the routes (20,000
pieces of about 10 m), candidate sites every ~100 m of route (2,000), 26 existing cameras on
the routes. Weights as the app makes them: route length, plus child approaches and street
crimes clustered round a few hot spots, shared by the pieces within 50 m (siting.spread_events).
For radius 30, 50 and 100 m it prints the median seconds over N runs (after a warm-up) of
building the sparse model and of each solve, and greedy's gap to the exact optimum. Then the
same comparison against PySAL spopt's MCLP (CBC through PuLP) at a size spopt can build
(2,000 x 200): same objective, and the times. spopt is a dev-only dependency.
``--quick``: a 2,000 x 200 city, one run, spopt at 500 x 50.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script (python benchmarks/siting.py): make bohan importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _limit_cores(cores: int) -> None:
    """Run on ``cores`` cores: thread pools (set before numpy loads them) and CPU affinity."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ[var] = str(cores)
    if hasattr(os, "sched_setaffinity"):
        available = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, set(available[:cores]))


def street_routes(n_schools: int, route_km: float, width: float = 10_000.0, height: float = 6_000.0, seed: int = 7):
    """School routes as axis-aligned street segments (x0, y0, x1, y1), random walks on a grid."""
    import numpy as np

    rng = np.random.default_rng(seed)
    xs = np.cumsum(rng.uniform(60, 160, int(width / 60) + 2))
    ys = np.cumsum(rng.uniform(60, 160, int(height / 60) + 2))
    xs, ys = xs[xs <= width], ys[ys <= height]
    nx, ny = len(xs), len(ys)
    edges: set[tuple[int, int, int, int]] = set()
    total = 0.0
    steps = ((1, 0), (-1, 0), (0, 1), (0, -1))
    while total < route_km * 1000:
        for _ in range(n_schools):  # one more walk from every school (new start each time)
            i, j = int(rng.integers(nx)), int(rng.integers(ny))
            d = steps[int(rng.integers(4))]
            walked = 0.0
            goal = rng.uniform(1_000, 3_000)
            while walked < goal and total < route_km * 1000:
                if rng.random() < 0.3:  # turn at a corner now and then
                    d = steps[int(rng.integers(4))]
                i2, j2 = i + d[0], j + d[1]
                if not (0 <= i2 < nx and 0 <= j2 < ny):
                    d = (-d[0], -d[1])
                    continue
                key = (min(i, i2), min(j, j2), max(i, i2), max(j, j2))
                seg = float(np.hypot(xs[i2] - xs[i], ys[j2] - ys[j]))
                if key not in edges:
                    edges.add(key)
                    total += seg
                walked += seg
                i, j = i2, j2
    e = np.array(sorted(edges))
    return np.column_stack([xs[e[:, 0]], ys[e[:, 1]], xs[e[:, 2]], ys[e[:, 3]]])


def along(segments, n: int, offset: float = 0.5):
    """``n`` points evenly spaced along the segments (as one long line); spacing returned too."""
    import numpy as np

    lengths = np.hypot(segments[:, 2] - segments[:, 0], segments[:, 3] - segments[:, 1])
    ends = np.cumsum(lengths)
    step = ends[-1] / n
    s = (np.arange(n) + offset) * step
    k = np.minimum(np.searchsorted(ends, s, side="right"), len(segments) - 1)
    t = ((s - (ends[k] - lengths[k])) / lengths[k])[:, None]
    xy = segments[k, :2] + t * (segments[k, 2:] - segments[k, :2])
    return xy, step


def instance(n_demand: int, n_cand: int, n_existing: int, seed: int = 7):
    """Demand, weights, candidates and existing cameras for a city of ``n_demand`` ~10 m pieces."""
    import numpy as np
    from scipy.spatial import cKDTree

    from bohan import siting as st

    rng = np.random.default_rng(seed)
    segments = street_routes(40, n_demand * st.PIECE_M / 1000, seed=seed)
    demand, piece_m = along(segments, n_demand)
    cand, _ = along(segments, n_cand)
    existing, _ = along(segments, n_existing, offset=0.27)
    # events on or beside the streets, most of them round 15 hot spots (a route point and the
    # route within 400 m of it), the rest anywhere; each one shared by the pieces within NEAR_M
    tree = cKDTree(demand)
    spots = tree.query_ball_point(demand[rng.integers(0, n_demand, 15)], r=400.0)

    def events(n: int, spread: float):
        near = [spots[s][int(rng.integers(len(spots[s])))] for s in rng.integers(0, 15, int(n * 0.7))]
        idx = np.r_[np.array(near, dtype=np.int64), rng.integers(0, n_demand, n - len(near))]
        return demand[idx] + rng.normal(0, spread, (n, 2))

    child = events(n_demand // 60, 20.0)
    crime = events(n_demand // 20, 40.0)
    w = st.Weights()
    n_child, _ = st.spread_events(demand, child)
    n_crime, _ = st.spread_events(demand, crime)
    weights = w.length * piece_m / 100 + w.child * n_child + w.crime * n_crime
    return demand, weights, cand, existing, segments


def median_time(fn, repeat: int):
    """Median seconds of ``repeat`` runs after one warm-up, and the last result."""
    result = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return (statistics.median(times) if times else float("nan")), result


def city_table(n_demand: int, n_cand: int, n_existing: int, n_new: int, radii, repeat: int) -> list[dict]:
    """Print the sparse model's table (build, exact and greedy solve per radius); return its rows."""
    from bohan import siting as st

    rows = []

    demand, weights, cand, existing, segments = instance(n_demand, n_cand, n_existing)
    route_km = (abs(segments[:, 2] - segments[:, 0]) + abs(segments[:, 3] - segments[:, 1])).sum() / 1000
    extent = demand.max(axis=0) - demand.min(axis=0)
    print(f"\n## {n_demand:,} demand pieces x {n_cand:,} candidates, {n_existing} existing, n_new = {n_new}")
    print(f"{route_km:.0f} km of school route in {extent[0] / 1000:.1f} x {extent[1] / 1000:.1f} km; "
          f"total weight {weights.sum():.0f}; median of {repeat} runs after a warm-up\n")
    print("| radius m | model rows | build s | exact solve s | greedy solve s | existing % | exact % | greedy % "
          "| gap (% of added) | optimal |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|")
    for radius in radii:
        args = st.validate(demand, weights, cand, existing, radius, n_new)[:5]
        t_build, model = median_time(lambda: st.build_model(*args), repeat)
        t_exact, exact = median_time(lambda: st.solve(model, n_new, "exact"), repeat)
        t_greedy, greedy = median_time(lambda: st.solve(model, n_new, "greedy"), repeat)
        assert greedy.covered_weight <= exact.covered_weight + 1e-9
        added = exact.covered_weight - exact.existing_weight
        gap = 100 * (exact.covered_weight - greedy.covered_weight) / added if added > 0 else 0.0
        print(f"| {radius:g} | {model.cover.shape[0]:,} | {t_build:.3f} | {t_exact:.3f} | {t_greedy:.4f} "
              f"| {exact.existing_pct:.2f} | {exact.covered_pct:.2f} | {greedy.covered_pct:.2f} | {gap:.2f} "
              f"| {'yes' if exact.optimal else 'no: ' + ','.join(exact.notes)} |")
        rows.append({"n_demand": n_demand, "n_cand": n_cand, "n_existing": n_existing, "n_new": n_new,
                     "radius_m": radius, "model_rows": int(model.cover.shape[0]), "build_s": t_build,
                     "exact_s": t_exact, "greedy_s": t_greedy, "existing_pct": exact.existing_pct,
                     "exact_pct": exact.covered_pct, "greedy_pct": greedy.covered_pct, "gap_pct_of_added": gap,
                     "optimal": bool(exact.optimal), "notes": list(exact.notes)})
    return rows


def spopt_table(n_demand: int, n_cand: int, n_existing: int, n_new: int, radii, repeat: int) -> list[dict]:
    """Print the comparison with spopt's MCLP per radius (times, covered weight); return its rows."""
    import numpy as np
    from scipy.spatial.distance import cdist

    from bohan import siting as st

    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning, module="pulp")  # PuLP 4.0 notices
    t0 = time.perf_counter()
    import pulp
    import spopt
    from spopt.locate import MCLP
    t_import = time.perf_counter() - t0
    demand, weights, cand, existing, _ = instance(n_demand, n_cand, n_existing, seed=11)
    print(f"\n## against spopt {spopt.__version__} MCLP (pulp {pulp.__version__}, CBC): {n_demand:,} x {n_cand:,}, "
          f"{n_existing} existing, n_new = {n_new}")
    print(f"import spopt.locate: {t_import:.2f} s; spopt: build = cost matrix + from_cost_matrix (existing as "
          f"predefined columns, p = n_new + existing), solve = CBC; ours: build_model, exact solve; "
          f"median of {repeat} runs\n")
    print("| radius m | spopt build s | spopt solve s | ours build s | ours solve s | spopt weight | ours weight "
          "| same |")
    print("|---:|---:|---:|---:|---:|---:|---:|:---:|")
    sites = np.vstack([cand, existing])
    predefined = np.r_[np.zeros(len(cand), dtype=int), np.ones(len(existing), dtype=int)]
    rows = []
    for radius in radii:
        def build():
            return MCLP.from_cost_matrix(cdist(demand, sites), weights, service_radius=radius,
                                         p_facilities=n_new + n_existing, predefined_facilities_arr=predefined)

        builds, solves, models = [], [], []
        for _ in range(max(repeat, 1)):
            t0 = time.perf_counter()
            model = build()
            t1 = time.perf_counter()
            model.solve(pulp.PULP_CBC_CMD(msg=False))
            solves.append(time.perf_counter() - t1)
            builds.append(t1 - t0)
            models.append(model)
        model = models[-1]
        open_ = np.array([v.value() > 0.5 for v in model.fac_vars])
        d = cdist(demand, sites[open_])
        theirs = float(weights[(d <= radius).any(axis=1)].sum())  # perc_cov is unweighted: recount
        args = st.validate(demand, weights, cand, existing, radius, n_new)[:5]
        t_build, ours_model = median_time(lambda: st.build_model(*args), repeat)
        t_solve, ours = median_time(lambda: st.solve(ours_model, n_new, "exact"), repeat)
        same = abs(ours.covered_weight - theirs) <= 1e-6 * max(theirs, 1.0)
        print(f"| {radius:g} | {statistics.median(builds):.2f} | {statistics.median(solves):.2f} | {t_build:.3f} "
              f"| {t_solve:.3f} | {theirs:.4f} | {ours.covered_weight:.4f} | {'yes' if same else 'NO'} |")
        rows.append({"n_demand": n_demand, "n_cand": n_cand, "n_existing": n_existing, "n_new": n_new,
                     "radius_m": radius, "import_s": t_import, "spopt_build_s": statistics.median(builds),
                     "spopt_solve_s": statistics.median(solves), "ours_build_s": t_build, "ours_solve_s": t_solve,
                     "spopt_weight": theirs, "ours_weight": float(ours.covered_weight), "same": bool(same),
                     "spopt_version": spopt.__version__, "pulp_version": pulp.__version__})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a small city, one run, spopt at 500 x 50")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs after the warm-up (default 3, quick 1)")
    parser.add_argument("--n-new", type=int, default=14)
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    _limit_cores(args.cores)
    import numpy as np
    import scipy

    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"# siting benchmark ({'quick' if args.quick else 'full'}): {cores} cores, numpy {np.__version__}, "
          f"scipy {scipy.__version__} (HiGHS)")
    radii = (30.0, 50.0, 100.0)
    if args.quick:
        city_table(2_000, 200, 6, args.n_new, radii, repeat)
        spopt_table(500, 50, 3, min(args.n_new, 10), radii, repeat)
    else:
        city_table(20_000, 2_000, 26, args.n_new, radii, repeat)
        spopt_table(2_000, 200, 6, args.n_new, radii, repeat)


if __name__ == "__main__":
    main()
