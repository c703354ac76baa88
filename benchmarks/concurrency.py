"""How many people one app process serves: simulated users on the trends page, stepped up.

Usage: python -m benchmarks.concurrency [--db PATH] [--users 1,5,10,20,40] [--think 10]
                                        [--seconds 60] [--json docs/concurrency.json]

One ``streamlit run`` process (loopback) serves the database. For each number of users, that
many sessions (Streamlit's own websocket protocol, ``tests/load/client.py``: no browser, so the
numbers are the server's) open the trends page with a filter in the link, then each changes
its filter in the sidebar again and again, waiting a random think time (exponential, mean
``--think`` seconds: someone reading the charts) between changes, for ``--seconds``. Measured
per step: answers, bad answers (an error or exception on the page, or none within 60 s), and
the time from a change to the finished page (median, 95th percentile, max), i.e. what each
user waits for a redraw. The largest number of users whose 95th percentile stays under one
second (the issue's target for a filter change) is printed as the capacity of one process.

The filters are the load test's (``tests/load/test_load.py``), built from the database's own
vocabulary, so the script runs on the sample and on a generated database alike.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bohan import db
from bohan.filters import Vocab
from tests.browser.conftest import serve
from tests.load.client import Session
from tests.load.test_load import as_url, changed_filter, url_filter, widget_values

TARGET_S = 1.0


async def _user(i: int, base_url: str, v: Vocab, think_s: float, until: float, latencies: list[float],
                bad: list[str], rng: random.Random) -> None:
    async with Session(base_url, "trends", answer_timeout=60.0) as s:
        first = await s.open(as_url(url_filter(i, v)))
        if not first.ok:
            bad.append(f"user {i} first page: {'; '.join(first.problems())}")
        j = 0
        while True:
            await asyncio.sleep(rng.expovariate(1 / think_s) if think_s > 0 else 0)
            if time.monotonic() >= until:
                return
            j += 1
            answer = await s.rerun(widget_values(s, changed_filter(i, j, v), v))
            if answer.ok and answer.latency is not None:
                latencies.append(answer.latency)
            else:
                bad.append(f"user {i} change {j}: {'; '.join(answer.problems())}")


async def _step(base_url: str, v: Vocab, users: int, think_s: float, seconds: float, seed: int) -> dict:
    latencies: list[float] = []
    bad: list[str] = []
    until = time.monotonic() + seconds
    rng = random.Random(seed + users)
    await asyncio.gather(*(_user(i, base_url, v, think_s, until, latencies, bad, rng) for i in range(users)))
    ordered = sorted(latencies)

    def pct(q: float) -> float | None:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else None

    return {"users": users, "answers": len(latencies), "bad": len(bad), "bad_examples": bad[:3],
            "median_s": statistics.median(ordered) if ordered else None, "p95_s": pct(0.95),
            "max_s": ordered[-1] if ordered else None, "per_minute": len(latencies) * 60 / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default=None, help="database file (default: the app's, data/build/bohan.duckdb)")
    parser.add_argument("--users", default="1,5,10,20,40", help="comma-separated numbers of simulated users")
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between one user's filter changes")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long each step runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args(argv)
    try:
        steps = [int(u) for u in args.users.split(",") if u.strip()]
    except ValueError:
        print(f"--users must be numbers separated by commas, not {args.users!r}", file=sys.stderr)
        return 2
    path = Path(args.db) if args.db else db.default_db_path()
    if not path.is_file():
        print(f"no database at {path} (build it with `make data` or python -m benchmarks.generate)", file=sys.stderr)
        return 2
    con = db.connect(path)
    v = Vocab.read(con)
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    con.close()
    results = []
    with tempfile.TemporaryDirectory(prefix="bohan-concurrency-") as tmp:
        log = Path(tmp) / "server.log"
        with serve(path, log, BOHAN_WORKSPACE=str(Path(tmp) / "workspace.duckdb")) as base_url:
            asyncio.run(_step(base_url, v, 1, 0, 5, args.seed))  # warm the server's caches once
            for users in steps:
                result = asyncio.run(_step(base_url, v, users, args.think, args.seconds, args.seed))
                results.append(result)
                med = "-" if result["median_s"] is None else f"{result['median_s']:.2f}"
                p95 = "-" if result["p95_s"] is None else f"{result['p95_s']:.2f}"
                print(f"{users:>4} users: {result['answers']:>5} redraws ({result['per_minute']:.0f}/min), "
                      f"{result['bad']} bad, median {med} s, p95 {p95} s", flush=True)
    served = [r["users"] for r in results if r["p95_s"] is not None and r["p95_s"] < TARGET_S and not r["bad"]]
    capacity = max(served, default=0)
    print(f"one process: {capacity} users with a redraw under {TARGET_S:g} s for 95 % of changes "
          f"(think time {args.think:g} s, {n:,} incidents, {os.cpu_count()} CPUs)")
    if args.json:
        Path(args.json).write_text(json.dumps({
            "database": str(path), "incidents": n, "think_s": args.think, "seconds": args.seconds,
            "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, {platform.platform()}",
            "date": time.strftime("%Y-%m-%d"), "capacity_users_p95_under_1s": capacity, "steps": results,
        }, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
