"""Time the police open-data importer on N generated rows (cp932, CRLF, like the real files).

Usage: python -m benchmarks.import_police [--rows 1000000] [--db PATH] [--keep]
Generates one cp932 CSV of N rows (seeded; real boxes, towns in the police spelling, the seven
手口, dates as YYYY/M/D, unpadded hours, a few 不明 and blank towns, 5- and 6-digit codes, 1 % other
municipalities), then times: reading (read_police: decode, DuckDB CSV read, normalisation) and
writing (copy of the database, delete + insert + log in one transaction, swap). Works on a copy
of the database (default: the built one); the original is never touched.
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


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--db", type=Path, default=default_db_path())
    p.add_argument("--keep", action="store_true", help="keep the generated CSV and database copy")
    args = p.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bohan-bench-"))
    try:
        db = work / "bohan.duckdb"
        shutil.copy2(args.db, db)
        csv = work / f"bench_{args.rows}_2024.csv"
        t0 = time.perf_counter()
        generate(csv, args.rows, db)
        t1 = time.perf_counter()
        frame, report = read_police([csv], "012131", db=db)
        t2 = time.perf_counter()
        write_incidents(db, frame, report)
        t3 = time.perf_counter()
        frame, report = read_police([csv], "012131", db=db)
        write_incidents(db, frame, report)  # re-import: delete + insert
        t4 = time.perf_counter()
        size = os.path.getsize(csv) / 2**20
        print(f"{'step':<34}{'seconds':>10}")
        print(f"{'generate CSV (' + format(size, '.0f') + ' MiB cp932)':<34}{t1 - t0:>10.2f}")
        print(f"{'read_police':<34}{t2 - t1:>10.2f}")
        print(f"{'write (copy, insert, swap)':<34}{t3 - t2:>10.2f}")
        print(f"{'re-import (read + replace)':<34}{t4 - t3:>10.2f}")
        print(f"rows read {report.rows_read:,}, kept {report.rows_kept:,}, skipped {report.rows_skipped:,}, "
              f"not located {report.not_located:,}, hours unknown {report.hours_unknown:,}")
        if args.keep:
            print(f"kept in {work}")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
