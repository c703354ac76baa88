"""Time the school-route coverage computation (measures 3-1, 3-4) on the sample city.

Usage: python benchmarks/coverage.py [--db PATH] [--repeat N]
Loads the layers once (as a page would, from its cache), then prints the median
milliseconds of each step over N runs after one warm-up run, the total of one full
recomputation (what a radius change costs), and the city-wide coverage figures.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bohan import coverage as cv
from bohan import db
from bohan.paths import default_db_path

TABLES = ("school_routes", "cameras", "street_lights", "koban_areas", "incidents")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(default_db_path()))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    con = db.connect(args.db)
    start = time.perf_counter()
    # Fixed table names from TABLES only; nothing user-typed reaches the SQL text.
    layers = {t: cv.layer_from_frame(con.execute(f"SELECT * FROM {t}").df()) for t in TABLES}
    load_ms = (time.perf_counter() - start) * 1000
    routes, cameras, lights, koban, incidents = (layers[t] for t in TABLES)
    print(f"database: {args.db}")
    print(f"  {len(routes)} route lines, {len(cameras)} cameras, {len(lights)} lights, "
          f"{len(incidents)} incidents; loaded and projected in {load_ms:.0f} ms")

    steps = {
        "route_network": lambda r: cv.route_network(routes),
        "classify": lambda r: cv.classify(r["route_network"], cameras, lights),
        "coverage_summary (city)": lambda r: cv.coverage_summary(r["classify"]),
        "coverage_summary (school)": lambda r: cv.coverage_summary(r["classify"], by="school_id"),
        "assign_area + summary (koban)": lambda r: cv.coverage_summary(
            cv.assign_area(r["classify"], koban, "koban"), by="koban"),
        "dark_stretches": lambda r: cv.dark_stretches(r["classify"]),
        "lights_out_ranking": lambda r: cv.lights_out_ranking(lights, r["route_network"], incidents),
        "to_wgs84_geojson (pieces)": lambda r: cv.to_wgs84_geojson(r["classify"]),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    results: dict = {}
    for run in range(args.repeat + 1):  # run 0 is the warm-up
        for name, step in steps.items():
            t0 = time.perf_counter()
            results[name] = step(results)
            if run:
                times[name].append((time.perf_counter() - t0) * 1000)
    print(f"\nmedian of {args.repeat} runs after a warm-up")
    total = 0.0
    for name, ms in times.items():
        median = statistics.median(ms)
        total += median
        print(f"  {name:32s} {median:7.1f} ms")
    print(f"  {'all steps':32s} {total:7.1f} ms")
    core = sum(statistics.median(times[n]) for n in ("route_network", "classify", "coverage_summary (city)"))
    print(f"  {'network + classify + city share':32s} {core:7.1f} ms")

    net, pieces, city = results["route_network"], results["classify"], results["coverage_summary (city)"].iloc[0]
    print(f"\nnetwork: {len(net)} lines, {net['length_m'].sum() / 1000:.1f} km "
          f"(routes summed: {routes.length.sum() / 1000:.1f} km); {len(pieces)} pieces")
    print("city-wide: " + ", ".join(f"{c} {city[cv.SHARE_COLUMNS[c]]:.1f} %" for c in cv.CLASSES)
          + f"; camera {city['camera_pct']:.1f} %, lit {city['lit_pct']:.1f} %")
    print(f"dark stretches > {cv.DARK_MIN_LENGTH_M:g} m: {len(results['dark_stretches'])}; "
          f"lights out ranked: {len(results['lights_out_ranking'])}")


if __name__ == "__main__":
    main()
