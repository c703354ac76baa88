"""``python -m bohan.build [--out PATH]``: build the sample city's DuckDB file."""
from __future__ import annotations

import argparse
import sys
import time

from bohan.build.sample_city import build_database
from bohan.paths import default_db_path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bohan.build", description=__doc__)
    parser.add_argument("--out", default=None, help="where to write the DuckDB file (default: $BOHAN_DB or data/build/bohan.duckdb)")
    args = parser.parse_args(argv)
    out = args.out or default_db_path()
    start = time.perf_counter()

    def progress(fraction: float, step: str) -> None:
        print(f"[{fraction:4.0%}] {step}", file=sys.stderr)

    path = build_database(out, progress)
    print(f"built {path} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
