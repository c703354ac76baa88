"""Time the police open-data importer on N generated rows (cp932, CRLF, like the real files).

Usage: python -m benchmarks.import_police [--rows 1000000] [--db PATH] [--keep]
Generates one cp932 CSV of N rows (seeded; real boxes, towns in the police spelling, the seven
手口, dates as YYYY/M/D, unpadded hours, a few 不明 and blank towns, 5- and 6-digit codes, 1 % other
municipalities), then times, each apart (wall and CPU seconds): reading (read_police: decode,
DuckDB CSV read, normalisation), writing (bohan.importers.store: copy of the database, archive +
delete + insert + log in one transaction, swap), then the same again as a re-import, which
replaces the data set written first. Works on a copy of the database (default: the built one);
the original is never touched.

Measured on the development machine (2 cores, shared with other work, load about 1), 1,000,000
rows (103 MiB), database built by ``python -m bohan.build``; wall seconds:

    step                          before (95ddf3e)   after
    read_police                   7.6 - 9.1          3.6 - 3.8   (CPU 5.3 - 5.5)
    write (first import)          3.4 - 3.5          2.4 - 2.7
    first import, read + write    10.9 - 12.6        6.2 - 6.3
    re-import: write (replace)    22 - 26            23 - 25

Reading got faster by decoding each file once (the encoding is told from its first MiB, not
from two extra passes over the whole file), transcoding in 16 MiB chunks, reading only the
columns used, numbering the ids without a second sort, and handing DuckDB's rows over as a
pyarrow Table instead of a pandas frame of Python strings (``.df()`` alone took about 3 s).
What is left: the cp932 decode (about 1.1 s, one core; DuckDB reads UTF-8 only), DuckDB's CSV
parse (about 1.5 s) and the joins (about 1 s). The first write is mostly the incidents primary
key index (about 1.7 s of the insert). A re-import's write is dominated by ``DELETE FROM
incidents`` of the old million rows: DuckDB removes each primary-key entry at COMMIT (about
19 µs a row); dropping and re-creating the table with the kept rows instead takes it to about
3.7 s (measured with that change patched in; not made here: it belongs to
bohan.importers.store).
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from bohan.importers.police import read_police
from bohan.importers.store import write_incidents
from bohan.paths import default_db_path

HEADER = ("罪名,手口,管轄警察署（発生地）,管轄交番・駐在所（発生地）,市区町村コード（発生地）,都道府県（発生地）,"
          "市区町村（発生地）,町丁目（発生地）,発生年月日（始期）,発生時（始期）,発生場所の属性,施錠関係,現金被害の有無")
MODUS = ["自転車盗", "車上ねらい", "部品ねらい", "自動販売機ねらい", "自動車盗", "オートバイ盗", "ひったくり"]
MODUS_P = np.array([181, 89, 20, 16, 10, 7, 1]) / 324
PLACES = ["駐車（輪）場", "その他", "一戸建住宅", "その他の住宅（３階建て以下共同住宅等）", "道路上", "４階建て以上共同住宅"]


def generate(path: Path, n: int, db: Path, seed: int = 20180101) -> None:
    """Write ``n`` realistic police rows to ``path`` in cp932."""
    rng = np.random.default_rng(seed)
    con = duckdb.connect(str(db), read_only=True)
    towns = con.execute("SELECT town_police_style, koban FROM towns WHERE town_police_style IS NOT NULL").fetchall()
    con.close()
    t_idx = rng.integers(0, len(towns), n)
    modus = rng.choice(len(MODUS), n, p=MODUS_P)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    hour = rng.integers(0, 24, n)
    place = rng.integers(0, len(PLACES), n)
    u = rng.random(n)
    with open(path, "w", encoding="cp932", newline="") as f:
        f.write(HEADER + "\r\n")
        for i in range(n):
            town, box = towns[t_idx[i]]
            code, city = ("012131", "苫小牧市") if u[i] > 0.01 else ("015784", "白老町")
            if u[i] > 0.5:
                code = "12131" if code == "012131" else code
            if 0.01 < u[i] < 0.02:
                town = "" if u[i] < 0.015 else "不明"
            h = "不明" if u[i] > 0.995 else str(hour[i])
            f.write(f"窃盗,{MODUS[modus[i]]},苫小牧,{box},{code},北海道,{city},{town},2024/{month[i]}/{day[i]},{h},"
                    f"{PLACES[place[i]]},施錠せず,なし\r\n")


def _timed(label: str, f, results: list):
    """Run ``f()``, record (label, wall seconds, CPU seconds of this process, all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = f()
    results.append((label, time.perf_counter() - wall, time.process_time() - cpu))
    return out


def measure(rows: int, source_db: Path, keep: bool = False) -> dict:
    """Generate ``rows`` police rows and time their import twice on a copy of ``source_db``.

    Returns the steps [(label, wall s, CPU s)], the CSV's size in bytes, the importer's report
    and, with ``keep``, the folder left behind (else it is removed).
    """
    work = Path(tempfile.mkdtemp(prefix="bohan-bench-"))
    try:
        db = work / "bohan.duckdb"
        shutil.copy2(source_db, db)
        csv = work / "bench_2024.csv"  # no row count in the name: 2,000 rows would read as a second year
        steps: list[tuple[str, float, float]] = []
        _timed("generate CSV", lambda: generate(csv, rows, db), steps)
        read, report = _timed("read_police", lambda: read_police([csv], "012131", db=db), steps)
        _timed("write (copy, insert, swap)", lambda: write_incidents(db, read, report), steps)
        read, report = _timed("re-import: read_police", lambda: read_police([csv], "012131", db=db), steps)
        _timed("re-import: write (replace)", lambda: write_incidents(db, read, report), steps)
        return {"rows": rows, "csv_bytes": os.path.getsize(csv), "steps": steps, "report": report,
                "kept": str(work) if keep else None}
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--db", type=Path, default=default_db_path())
    p.add_argument("--keep", action="store_true", help="keep the generated CSV and database copy")
    args = p.parse_args()
    result = measure(args.rows, args.db, args.keep)
    steps, report = result["steps"], result["report"]
    size = result["csv_bytes"] / 2**20
    print(f"{args.rows:,} rows, {size:.0f} MiB cp932, {os.cpu_count()} cores")
    print(f"{'step':<34}{'wall s':>9}{'CPU s':>9}")
    for label, wall, cpu in steps:
        print(f"{label:<34}{wall:>9.2f}{cpu:>9.2f}")
    first = steps[1][1] + steps[2][1]
    again = steps[3][1] + steps[4][1]
    print(f"{'first import (read + write)':<34}{first:>9.2f}")
    print(f"{'re-import (read + replace)':<34}{again:>9.2f}")
    print(f"rows read {report.rows_read:,}, kept {report.rows_kept:,}, skipped {report.rows_skipped:,}, "
          f"not located {report.not_located:,}, hours unknown {report.hours_unknown:,}")
    if result["kept"]:
        print(f"kept in {result['kept']}")


if __name__ == "__main__":
    main()
