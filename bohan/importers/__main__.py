"""Command line: ``python -m bohan.importers police|undo ...`` (messages in English).

    python -m bohan.importers police --db PATH --city-code 012131 [--name NAME] [--year YYYY] FILE...
    python -m bohan.importers undo --db PATH NAME

Exit status: 0 done; 2 refused (not police open data, unknown boxes, bad options: nothing
written); 1 an unexpected failure while writing (the database file is left as it was).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bohan.importers.police import ImportRefused, read_police
from bohan.importers.store import undo, write_incidents
from bohan.paths import default_db_path


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bohan.importers", description="Import real data into the app's database.")
    sub = p.add_subparsers(dest="command", required=True)
    pol = sub.add_parser("police", help="police crime open data (犯罪発生情報 CSV, one or more files)")
    pol.add_argument("--db", type=Path, default=None, help="database file (default: $BOHAN_DB or data/build/bohan.duckdb)")
    pol.add_argument("--city-code", required=True, help="municipality code, 5 or 6 digits (01213 or 012131)")
    pol.add_argument("--name", default=None, help="data set name stored in incidents.source (default: first file's stem)")
    pol.add_argument("--year", type=int, default=None, help="year police recorded the rows (default: from the file name)")
    pol.add_argument("files", nargs="+", type=Path, help="CSV files")
    un = sub.add_parser("undo", help="remove an imported data set")
    un.add_argument("--db", type=Path, default=None, help="database file")
    un.add_argument("name", help="data set name (incidents.source)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = args.db or default_db_path()
    try:
        if args.command == "police":
            frame, report = read_police(args.files, args.city_code, name=args.name, year=args.year, db=db)
            write_incidents(db, frame, report)
            print(report.text())
            print(f"imported {report.rows_kept} rows as data set {report.name!r} into {db}")
        else:
            n = undo(db, args.name)
            print(f"removed data set {args.name!r} ({n} rows) from {db}")
    except ImportRefused as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
