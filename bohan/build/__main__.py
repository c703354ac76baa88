"""``python -m bohan.build [--out PATH]``: build the sample city's DuckDB file.

``python -m bohan.build --update PATH``: bring a file made by an older version up to date, its
rows kept: the derived data (stored weekday, counts) made from its own incidents, as an import
would (one transaction on a copy, swapped in).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bohan.build.sample_city import build_database
from bohan.paths import default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bohan.build", description=__doc__)
    parser.add_argument("--out", default=None, help="where to write the DuckDB file (default: $BOHAN_DB or data/build/bohan.duckdb)")
    parser.add_argument("--update", default=None, metavar="PATH",
                        help="bring a file made by an older version up to date (its rows kept)")
    args = parser.parse_args(argv)
    if args.update:
        return _update(Path(args.update))
    out = args.out or default_db_path()
    start = time.perf_counter()

    def progress(fraction: float, step: str) -> None:
        print(f"[{fraction:4.0%}] {step}", file=sys.stderr)

    path = build_database(out, progress)
    print(f"built {path} in {time.perf_counter() - start:.1f} s")
    return 0


def _update(path: Path) -> int:
    from bohan.build import derived
    from bohan.cache import schema_differences
    from bohan.importers import store

    if not path.is_file():
        print(f"no database at {path}", file=sys.stderr)
        return 2
    before = schema_differences(path)
    if not before <= {*derived.TABLES, *derived.COLUMNS}:
        print(f"{path} lacks {', '.join(sorted(before))}: more than derived data; build it again", file=sys.stderr)
        return 2
    store.swap_in(path, derived.refresh)
    print(f"updated {path}" + (f": made {', '.join(sorted(before))}" if before else ": derived data remade"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
