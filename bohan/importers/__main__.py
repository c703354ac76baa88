"""Command line: ``python -m bohan.importers KIND ...`` (messages in English).

    python -m bohan.importers police --db PATH --city-code 012131 [--name NAME] [--year YYYY] FILE...
    python -m bohan.importers cameras|lights|schools|routes|parks|streets|towns|koban_areas --db PATH
        [--name NAME] [--crs EPSG:6680] [--map target=source ...] [--city-code 01213] FILE
    python -m bohan.importers survey --db PATH [--fiscal-year 2029] [--name NAME] [--map target=source ...] FILE
    python -m bohan.importers undo --db PATH NAME
    python -m bohan.importers log --db PATH

Every import prints its report; nothing is written when a file is refused. Exit status: 0 done;
2 refused (not the kind of file expected, unknown boxes, bad options: nothing written);
1 an unexpected failure while writing (the database file is left as it was).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bohan.importers import read
from bohan.importers.common import ImportRefused
from bohan.importers.store import import_log, undo, write
from bohan.paths import default_db_path

LAYERS = ("cameras", "lights", "schools", "routes", "parks", "streets", "towns", "koban_areas")


def _mapping(pairs: list[str]) -> dict[str, str] | None:
    out = {}
    for pair in pairs or []:
        target, sep, source = pair.partition("=")
        if not sep or not target.strip() or not source.strip():
            raise SystemExit(f"error: --map takes target=source, got {pair!r}")
        out[target.strip()] = source.strip()
    return out or None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bohan.importers", description="Import real data into the app's database.")
    sub = p.add_subparsers(dest="command", required=True)

    def db_option(q: argparse.ArgumentParser) -> None:
        q.add_argument("--db", type=Path, default=None, help="database file (default: $BOHAN_DB or data/build/bohan.duckdb)")

    pol = sub.add_parser("police", help="police crime open data (犯罪発生情報 CSV, one or more files)")
    db_option(pol)
    pol.add_argument("--city-code", required=True, help="municipality code, 5 or 6 digits (01213 or 012131)")
    pol.add_argument("--name", default=None, help="data set name stored in incidents.source (default: first file's stem)")
    pol.add_argument("--year", type=int, default=None, help="year police recorded the rows (default: from the file name)")
    pol.add_argument("files", nargs="+", type=Path, help="CSV files")
    for kind in LAYERS:
        q = sub.add_parser(kind, help=f"{kind} layer (GeoJSON, GeoPackage, zipped Shapefile or CSV with 緯度/経度); replaces the layer")
        db_option(q)
        q.add_argument("--name", default=None, help="data set name stored in source (default: the file's stem)")
        q.add_argument("--crs", default=None, help="the file's coordinate system when it does not say (e.g. EPSG:6680)")
        q.add_argument("--map", action="append", default=[], metavar="TARGET=SOURCE", help="take column TARGET from the file's column SOURCE")
        q.add_argument("--city-code", default="01213", help="municipality code for town files (default 01213, Tomakomai)")
        q.add_argument("file", type=Path)
    sv = sub.add_parser("survey", help="citizen survey: one row per respondent, or an aggregated table; replaces the waves it holds")
    db_option(sv)
    sv.add_argument("--fiscal-year", type=int, default=None, help="survey fiscal year when the file does not say")
    sv.add_argument("--name", default=None, help="data set name stored in source (default: the file's stem)")
    sv.add_argument("--map", action="append", default=[], metavar="TARGET=SOURCE", help="take column TARGET from the file's column SOURCE")
    sv.add_argument("file", type=Path)
    un = sub.add_parser("undo", help="undo an import (by data set name): its rows go, what it replaced comes back")
    db_option(un)
    un.add_argument("name", help="data set name")
    lg = sub.add_parser("log", help="list the imports")
    db_option(lg)
    return p


def _read(args, db: Path):
    files = args.files if args.command == "police" else [args.file]
    return read(args.command, files, db=db, name=args.name, city_code=getattr(args, "city_code", None),
                year=getattr(args, "year", None), crs=getattr(args, "crs", None),
                mapping=_mapping(getattr(args, "map", [])), fiscal_year=getattr(args, "fiscal_year", None))


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    db = args.db or default_db_path()
    try:
        if args.command == "undo":
            n = undo(db, args.name)
            print(f"undid data set {args.name!r} ({n} rows) in {db}")
        elif args.command == "log":
            log = import_log(db)
            print(log.to_string(index=False) if len(log) else "no imports yet")
        else:
            tables, report = _read(args, db)
            import_id = write(db, tables, report)
            print(report.text() if hasattr(report, "text") else "\n".join(report.lines("en")))
            print(f"imported {report.rows_kept} rows as data set {report.name!r} into {db} (import {import_id})")
    except ImportRefused as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
