"""Time every query the trend page runs, for a few typical filters (no Streamlit cache).

Usage: python benchmarks/trend_queries.py [--db PATH] [--repeat N]
Prints the median milliseconds per query and the total per filter change: what one rerun
of the trend page costs in DuckDB when no result is cached yet.
"""
from __future__ import annotations

import argparse
import statistics
import time

from bohan import db
from bohan.filters import CrimeFilter
from bohan.paths import default_db_path

FILTERS = {
    "everything": CrimeFilter(),
    "two boxes, bicycle theft, 15-17 h, 2023": CrimeFilter(koban=("糸井", "美園"), offence=("自転車盗",), hours=(15, 17), start=2023, end=2023),
    "night 18-6 h, fiscal 2019-2023": CrimeFilter(hours=(18, 6), period="fiscal", start=2019, end=2023),
    "weekend theft": CrimeFilter(offence_group=("窃盗犯",), weekdays=(5, 6)),
}
QUERIES = [n for n in db.query_names() if n.startswith("crime/")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default=str(default_db_path()))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    con = db.connect(args.db)
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    print(f"database: {args.db} ({n:,} incidents); median of {args.repeat} runs")
    for label, f in FILTERS.items():
        total = 0.0
        print(f"\n{label}")
        for name in QUERIES:
            extra = {"fiscal": f.period == "fiscal"} if "fiscal" in db.param_names(db.load_sql(name)) else {}
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                db.run(con, name, **f.params(), **extra)
                times.append((time.perf_counter() - start) * 1000)
            median = statistics.median(times)
            total += median
            print(f"  {name:32s} {median:7.1f} ms")
        print(f"  {'all queries of one rerun':32s} {total:7.1f} ms")


if __name__ == "__main__":
    main()
