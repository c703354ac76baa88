"""Write a DuckDB database of the app's own schema at national scale, for benchmarks.

Usage::

    python -m benchmarks.generate --incidents N --out PATH [--tiles K] [--seed S]

The country is modelled as K copies ("tiles") of the sample city (``bohan.build.sample_city``),
laid out on a grid so that no two overlap. Tile 0 is the city itself under its real names; tile
t >= 1 has the same police boxes and towns named with a suffix (``糸井 #0042``, ``光洋町一丁目 #0042``),
their areas and points shifted by whole grid steps. K defaults to N divided by the sample's
incident rows over 2014-2024 (12,035), so each tile has the city's rate of crime: 10 M incidents
give about 830 tiles, about 10,000 police boxes and 260,000 towns, the scale of Japan's police
open data. Tile 0's incidents are drawn like any other tile's (about N / K of them), not the
sample's own rows; the city's yearly totals (annual_offences) are left as they are.

Incidents (and approaches to children, in the sample's proportion) are made inside DuckDB with
SQL, not in pandas. Row i copies sample row floor(i * S / N) (S sample rows, in their order of
year and recording date), so every sample row is used N / S times and the offence mix, hours,
weekdays, places, unknown hours / dates / towns and the box-town relation are exactly the city's
shares; a seeded hash of i picks the row's tile and moves its dates by -7, 0 or +7 days (same
weekday, same police year; the fiscal year follows the recording date). The rows are written in
the app's storage order (police box, town, date: ``bohan.build.derived.INCIDENT_ORDER``). Their
primary keys are added after the rows (about half the time of loading into the keyed table) and
the tables checked against the schema. The derived data (stored weekday, pre-aggregated tables)
are then made by ``bohan.build.derived.refresh``.

Everything else (cameras, lights, schools, routes, streets, parks, survey, the plan's tables)
stays the city's: the coverage and siting pages work on it. The same arguments always give the
same database (the sample city has its own fixed seed; ``--seed`` drives the tiles and dates).

The file is written under a temporary name beside PATH and moved into place only when complete.
Progress and timings go to stderr; the path and row counts to stdout. Bad arguments exit with
status 2 and a one-line message.
"""
from __future__ import annotations

import argparse
import math
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import shapely

from bohan.build import derived
from bohan.build.derived import INCIDENT_ORDER

#: Default seed of the tiles and date moves (the sample city keeps its own, sample_city.SEED).
SEED = 10  # issue 10
#: Most tiles accepted: 10,000 tiles are 120,000 police boxes and 3.1 million towns.
MAX_TILES = 10_000
#: Space between tiles, as a share of the city's extent.
GAP = 0.1
#: Tiles whose towns are made and written at once (about 0.4 MB of WKT per tile).
TILE_BATCH = 100
#: DuckDB's memory limit while generating (it spills to a temporary folder beside the output).
MEMORY_LIMIT = "4GB"
#: Tables that get tile copies: their rows name police boxes or towns.
TILED = ("koban_areas", "towns", "town_population", "incidents", "child_approaches")
SOURCE = "generated"


class UsageError(Exception):
    """A bad argument: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line and status 2, as for our own checks
        raise UsageError(message)


class _Clock:
    """Progress lines on stderr: seconds since start, the step, and the process's peak memory."""

    def __init__(self, quiet: bool = False):
        self.start = time.perf_counter()
        self.quiet = quiet

    def __call__(self, step: str) -> None:
        if not self.quiet:
            print(f"[{time.perf_counter() - self.start:7.1f} s, peak {_peak_mib():,.0f} MiB] {step}",
                  file=sys.stderr, flush=True)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def default_tiles(incidents: int, sample_incidents: int) -> int:
    """Tiles so that each has about the sample city's number of incidents (at least 1)."""
    return max(1, round(incidents / sample_incidents))


def tile_suffix(tile: int, n_tiles: int) -> str:
    """What tile ``tile`` adds to a name: nothing for tile 0 (the city), else `` #0042``."""
    return "" if tile == 0 else f" #{tile:0{max(4, len(str(n_tiles - 1)))}d}"


def tile_grid(n_tiles: int, bounds: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(dlon, dlat) in degrees of each tile: a square grid running west and south of the city
    (so longitudes stay below 180 even at ``MAX_TILES``), one step = the city's extent plus
    ``GAP``, rounded up to 0.01 degree (so shifted coordinates keep their 6 decimals exactly)."""
    x0, y0, x1, y1 = bounds
    step_lon = math.ceil((x1 - x0) * (1 + GAP) * 100) / 100
    step_lat = math.ceil((y1 - y0) * (1 + GAP) * 100) / 100
    cols = math.ceil(math.sqrt(n_tiles))
    t = np.arange(n_tiles)
    return np.round(-(t % cols) * step_lon, 2), np.round(-(t // cols) * step_lat, 2)


def _check_out(out: Path) -> None:
    if out.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name such as {out / 'bohan-10m.duckdb'}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"cannot create the folder {out.parent}: {e.strerror}") from None
    if not os.access(out.parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write in {out.parent}")
    if out.exists() and not os.access(out, os.W_OK):
        raise UsageError(f"cannot replace {out}: not writable")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = _Parser(
        prog="python -m benchmarks.generate",
        description=re.sub(r"Usage::\n\n.*?\n\n", "", __doc__, flags=re.S).strip(),  # usage comes from argparse
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--incidents", type=int, required=True, metavar="N",
                        help="number of incident rows to write (at least 1), e.g. 1000000 or 10000000")
    parser.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="the DuckDB file to write (replaced if it exists; its folder is created)")
    parser.add_argument("--tiles", type=int, default=None, metavar="K",
                        help=f"copies of the city (1-{MAX_TILES:,}); default: N / 12,035 rounded, at least 1")
    parser.add_argument("--seed", type=int, default=SEED, metavar="S",
                        help=f"seed of the tile and date draws (default {SEED}); same arguments, same database")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    args = parser.parse_args(argv)
    if args.incidents < 1:
        raise UsageError(f"--incidents must be at least 1, not {args.incidents}")
    if args.tiles is not None and not 1 <= args.tiles <= MAX_TILES:
        raise UsageError(f"--tiles must be between 1 and {MAX_TILES:,}, not {args.tiles}")
    if not 0 <= args.seed < 2**63:
        raise UsageError(f"--seed must be between 0 and 2**63 - 1, not {args.seed}")
    _check_out(args.out)
    return args


# --- the tiles: police boxes, towns and their population --------------------------------------

def _shifted_wkt(geoms: np.ndarray, dlon: float, dlat: float) -> np.ndarray:
    moved = shapely.transform(geoms, lambda xy: xy + (dlon, dlat))
    return shapely.to_wkt(moved, rounding_precision=6, trim=True)


def _insert_arrow(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, object]) -> None:
    from bohan import db

    db.insert_by_name(con, table, pa.table(columns))


def _write_tiles(con: duckdb.DuckDBPyConnection, dlon: np.ndarray, dlat: np.ndarray,
                 say: _Clock) -> None:
    """Add tiles 1..K-1 of koban_areas, towns and town_population (tile 0 is already there)."""
    k = con.execute("SELECT * FROM koban_areas ORDER BY koban").df()
    towns = con.execute("SELECT * FROM towns ORDER BY town").df()
    pop = con.execute("SELECT * FROM town_population ORDER BY town").df()
    k_geom = shapely.from_wkt(k["geometry_wkt"].to_numpy())
    t_geom = shapely.from_wkt(towns["geometry_wkt"].to_numpy())
    n_tiles = len(dlon)
    for first in range(1, n_tiles, TILE_BATCH):
        batch = range(first, min(first + TILE_BATCH, n_tiles))
        sfx = [tile_suffix(t, n_tiles) for t in batch]
        kb = {c: [] for c in ("koban", "koban_name", "lat", "lon", "geometry_wkt")}
        tw = {c: [] for c in ("town", "town_base", "town_police_style", "koban", "lat", "lon", "geometry_wkt")}
        for t, s in zip(batch, sfx):
            kb["koban"].append(k["koban"] + s)
            kb["koban_name"].append(k["koban_name"] + s)
            kb["lat"].append((k["lat"] + dlat[t]).round(6))
            kb["lon"].append((k["lon"] + dlon[t]).round(6))
            kb["geometry_wkt"].append(_shifted_wkt(k_geom, dlon[t], dlat[t]))
            tw["town"].append(towns["town"] + s)
            tw["town_base"].append(towns["town_base"] + s)
            tw["town_police_style"].append(towns["town_police_style"] + s)
            tw["koban"].append(towns["koban"] + s)
            tw["lat"].append((towns["lat"] + dlat[t]).round(6))
            tw["lon"].append((towns["lon"] + dlon[t]).round(6))
            tw["geometry_wkt"].append(_shifted_wkt(t_geom, dlon[t], dlat[t]))
        m = len(batch)
        _insert_arrow(con, "koban_areas", {
            **{c: np.concatenate([np.asarray(v) for v in kb[c]]) for c in kb},
            **{c: np.tile(k[c].to_numpy(), m) for c in ("point_method", "n_towns", "area_m2", "area_approximate")},
            "source": np.full(m * len(k), SOURCE),
        })
        _insert_arrow(con, "towns", {
            **{c: np.concatenate([np.asarray(v) for v in tw[c]]) for c in tw},
            "chome": pa.array(np.tile(towns["chome"].to_numpy(dtype=float, na_value=np.nan), m),
                              from_pandas=True).cast(pa.int32()),  # NaN -> NULL
            **{c: np.tile(towns[c].to_numpy(), m) for c in ("area_m2", "area_approximate", "urban")},
            "source": np.full(m * len(towns), SOURCE),
        })
        _insert_arrow(con, "town_population", {
            "town": np.concatenate([(pop["town"] + s).to_numpy() for s in sfx]),
            **{c: np.tile(pop[c].to_numpy(), m) for c in ("population", "households", "population_year")},
            "source": np.full(m * len(pop), SOURCE),
        })
        say(f"tiles {first}-{batch[-1]} of {n_tiles - 1}: police boxes, towns, population")


# --- the incident rows, in SQL ------------------------------------------------------------------

# Row i of N copies sample row floor(i * S / N): every sample row N / S times, in the sample's
# order (year, recording date). hash(i, seed, stream, salt) picks the tile and a move of -7, 0 or +7
# days, kept only when the date stays in the same police year (data_year). The incidents are
# written in the app's storage order (bohan.build.derived.INCIDENT_ORDER: box, town, date), as
# the build and every import write them, so a box or town filter reads only that box's rows;
# the sort spills to the temporary folder beside the output when memory runs short.
_DRAWS = """
    SELECT i, (i * $n_base) // $n_rows AS idx,
           (hash(i, $seed, $stream, 1) % $n_tiles)::INTEGER AS tile,
           7 * ((hash(i, $seed, $stream, 2) % 3)::INTEGER - 1) AS days
    FROM range($n_rows) AS r(i)
"""

_INCIDENTS = f"""
INSERT INTO {{table}} BY NAME
WITH d AS ({_DRAWS}),
moved AS (
    SELECT d.i, t.suffix, t.dlat, t.dlon, b.*,
           CASE WHEN year(b.recorded_on + d.days) = b.data_year THEN d.days ELSE 0 END AS shift
    FROM d JOIN _base AS b USING (idx) JOIN _tiles AS t USING (tile)
)
SELECT printf($id_format, i) AS incident_id,
       data_year,
       CAST(year(recorded_on + shift) - CASE WHEN month(recorded_on + shift) < 4 THEN 1 ELSE 0 END AS INTEGER)
           AS fiscal_year,
       recorded_on + shift AS recorded_on,
       occurred_on + shift AS occurred_on,
       occurred_at + to_days(shift) AS occurred_at,
       hour, offence_group, offence,
       koban || suffix AS koban,
       town || suffix AS town,
       place_type,
       round(lat + dlat, 6) AS lat,
       round(lon + dlon, 6) AS lon,
       '{SOURCE}' AS source,
       weekday  -- dates move by whole weeks
FROM moved
ORDER BY {", ".join(INCIDENT_ORDER)}  -- the app's storage order (bohan.build.derived.INCIDENT_ORDER)
"""

_CHILD = f"""
INSERT INTO {{table}} BY NAME
WITH d AS ({_DRAWS}),
moved AS (
    SELECT d.i, t.suffix, t.dlat, t.dlon, b.*,
           CASE WHEN year(b.occurred_at + to_days(d.days)) = b.data_year THEN d.days ELSE 0 END AS shift
    FROM d JOIN _base AS b USING (idx) JOIN _tiles AS t USING (tile)
)
SELECT printf($id_format, i) AS approach_id,
       data_year,
       CAST(year(occurred_at + to_days(shift))
            - CASE WHEN month(occurred_at + to_days(shift)) < 4 THEN 1 ELSE 0 END AS INTEGER) AS fiscal_year,
       occurred_at + to_days(shift) AS occurred_at,
       hour, place_type, approach_type, victim,
       koban || suffix AS koban,
       town || suffix AS town,
       round(lat + dlat, 6) AS lat,
       round(lon + dlon, 6) AS lon,
       '{SOURCE}' AS source
FROM moved
"""


def _id_format(prefix: str, n: int) -> str:
    return f"{prefix}%0{max(7, len(str(n - 1)))}d"  # fixed width: ids sort in row order


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shape(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list, list]:
    """A table's columns (name, type, NULL rule, default) and constraints (kind, columns, text)."""
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns "
        "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position", [table]).fetchall()
    constraints = con.execute(
        "SELECT constraint_type, constraint_column_names, constraint_text FROM duckdb_constraints() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY ALL", [table]).fetchall()
    return columns, constraints


def _load_keyed(con: duckdb.DuckDBPyConnection, table: str, sql: str, params: dict) -> None:
    """Replace ``table``'s rows by ``sql``'s (an INSERT INTO {table}), its primary key built
    after the rows rather than kept up to date row by row.

    Measured at 3 M incidents: 14.6 s into the schema's table with its key; 6.9 s without a
    key + 1.9 s to add it, the same file and constraints at the end. The table is made again
    with the schema's columns, types, NOT NULL rules and key, and checked against the original.
    """
    before = _shape(con, table)
    _, constraints = before
    key = [cols for kind, cols, _ in constraints if kind == "PRIMARY KEY"]
    not_null = {c for kind, cols, _ in constraints if kind == "NOT NULL" for c in cols} - {c for k in key for c in k}
    if {kind for kind, *_ in constraints} - {"PRIMARY KEY", "NOT NULL"} or len(key) > 1:
        raise RuntimeError(f"{table}: a constraint the generator does not rebuild: {constraints}")
    load = f"_{table}_load"
    con.execute(f"CREATE TABLE {load} AS FROM {_quoted(table)} LIMIT 0")  # names from our own schema
    for column in sorted(not_null):
        con.execute(f"ALTER TABLE {load} ALTER COLUMN {_quoted(column)} SET NOT NULL")
    con.execute(sql.format(table=load), params)
    if key:
        con.execute(f"ALTER TABLE {load} ADD PRIMARY KEY ({', '.join(_quoted(c) for c in key[0])})")
    con.execute(f"DROP TABLE {_quoted(table)}")
    con.execute(f"ALTER TABLE {load} RENAME TO {_quoted(table)}")
    after = _shape(con, table)
    if after != before:
        raise RuntimeError(f"{table} no longer matches the schema: {before} != {after}")


def _generate_rows(con: duckdb.DuckDBPyConnection, table: str, key: str, sql: str, prefix: str,
                   n_rows: int, seed: int, stream: int, n_tiles: int) -> None:
    """Replace ``table``'s rows by ``n_rows`` drawn from the sample's (numbered in the order of
    their ids ``key``: by year and date)."""
    con.execute(f"CREATE TEMP TABLE _base AS SELECT row_number() OVER (ORDER BY {key}) - 1 AS idx, * "
                f"FROM {table}")  # our own table and column names
    n_base = con.execute("SELECT count(*) FROM _base").fetchone()[0]
    _load_keyed(con, table, sql, {"n_base": n_base, "n_rows": n_rows, "seed": seed, "stream": stream,
                                  "n_tiles": n_tiles, "id_format": _id_format(prefix, n_rows)})
    con.execute("DROP TABLE _base")


# --- the whole file -------------------------------------------------------------------------------

def _write(tmp: Path, n_incidents: int, n_tiles: int | None, seed: int, say: _Clock,
           sample: dict | None) -> dict[str, int]:
    from bohan.build.sample_city import sample_tables, write_database

    tables = sample if sample is not None else sample_tables(lambda f, step: say(f"sample city: {step}"))
    n_sample = len(tables["incidents"])
    n_child_sample = len(tables["child_approaches"])
    k = n_tiles or default_tiles(n_incidents, n_sample)
    write_database(tables, tmp)
    extent = [shapely.from_wkt(tables[t]["geometry_wkt"].to_numpy()) for t in ("boundary", "koban_areas", "towns")]
    bounds = tuple(shapely.total_bounds(np.concatenate(extent)))
    del tables, extent
    say(f"sample city written; {n_incidents:,} incidents over {k:,} tiles")
    dlon, dlat = tile_grid(k, bounds)

    con = duckdb.connect(str(tmp))
    try:
        con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        con.execute("SET temp_directory = ?", [str(tmp) + ".spill"])
        con.execute("SET preserve_insertion_order = true")
        con.execute("BEGIN")
        _write_tiles(con, dlon, dlat, say)
        con.execute("CREATE TEMP TABLE _tiles (tile INTEGER, suffix VARCHAR, dlat DOUBLE, dlon DOUBLE)")
        _insert_arrow(con, "_tiles", {"tile": np.arange(k, dtype=np.int32),
                                     "suffix": [tile_suffix(t, k) for t in range(k)],
                                     "dlat": dlat, "dlon": dlon})
        _generate_rows(con, "incidents", "incident_id", _INCIDENTS, "G", n_incidents, seed, 0, k)
        say(f"incidents: {n_incidents:,} rows")
        n_child = max(1, round(n_incidents * n_child_sample / n_sample))
        _generate_rows(con, "child_approaches", "approach_id", _CHILD, "GC", n_child, seed, 1, k)
        say(f"approaches to children: {n_child:,} rows")
        note = f"; {SOURCE} at scale by benchmarks.generate ({n_incidents:,} incidents, {k:,} tiles, seed {seed})"
        con.execute("UPDATE data_sources SET source = source || ? WHERE list_contains(?, table_name)",
                    [note, list(TILED)])
        con.execute("COMMIT")
        say("commit")
        derived.refresh(con)
        say("derived data (bohan.build.derived.refresh)")
        con.execute("CHECKPOINT")
        say("checkpoint")
        counts = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TILED}  # our table names
    finally:
        con.close()
    return counts


def generate(out: Path, n_incidents: int, n_tiles: int | None = None, seed: int = SEED,
             say: _Clock | None = None, sample: dict | None = None) -> dict[str, int]:
    """Write the database at ``out`` (atomically) and return the row counts of the tiled tables.

    ``n_tiles`` None: :func:`default_tiles`. ``sample``: the sample city's tables as
    ``bohan.build.sample_city.sample_tables()`` returns them (not changed here), made if None;
    tests pass them in to build the city once for several databases.
    """
    if n_incidents < 1 or (n_tiles is not None and not 1 <= n_tiles <= MAX_TILES):
        raise ValueError(f"need at least 1 incident and 1-{MAX_TILES:,} tiles, not {n_incidents}, {n_tiles}")
    say = say or _Clock(quiet=True)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    try:
        counts = _write(Path(tmp), n_incidents, n_tiles, seed, say, sample)
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
        shutil.rmtree(tmp + ".spill", ignore_errors=True)
    return counts


def main(argv: list[str] | None = None) -> int:
    try:
        args = parse_args(argv)
    except UsageError as e:
        print(f"python -m benchmarks.generate: error: {e} (see --help)", file=sys.stderr)
        return 2
    say = _Clock(quiet=args.quiet)
    counts = generate(args.out, args.incidents, args.tiles, args.seed, say)
    say("done")
    size = args.out.stat().st_size
    print(f"{args.out}  ({size / 2**20:,.1f} MiB, {say.elapsed():.1f} s, peak {_peak_mib():,.0f} MiB)")
    for table, n in counts.items():
        print(f"  {table:18s} {n:>12,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
