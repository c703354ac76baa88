"""Tables derived from others: rebuilt at build time and by every import and undo.

``incidents.weekday`` is the weekday of ``occurred_on``, stored so a weekday filter reads a
small column instead of working it out from ten million dates. ``incident_cube`` counts the
incidents by every filter dimension except the police box, town
and exact dates (``queries/build/schema.sql``); page queries with no such filter read it instead
of every incident (the ``incident_counts`` macro, ``queries/build/macros.sql``). At 10 million
incidents it holds about 17,000 rows. ``incident_towns`` counts them by police box and town: the
boxes a town filter's rows lie in (``CrimeFilter.params(vocab)``, ``bohan.filters``) and each box's total.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from bohan.paths import QUERIES_DIR

#: Tables whose rows the derived tables are made from.
SOURCES = frozenset({"incidents"})
#: The derived tables (no ``source`` column: their rows come from the tables above).
TABLES = ("incident_cube", "incident_towns")
#: Derived columns of the tables above (``table.column``), filled by :func:`refresh`; a file made
#: before one existed gets it from the import schema (``queries/importers/schema.sql``).
COLUMNS = ("incidents.weekday",)
#: The order incidents are written in (build, generator, every import): DuckDB keeps the
#: smallest and largest value of each column for every 122,880 rows, so with the rows of a
#: police box (and within it a town) together, a box or town filter reads only that box's rows
#: (10 M incidents: one box's summary 215 ms → 1.4 ms). An import appends its rows in this
#: order, so they stay together too.
INCIDENT_ORDER = ("koban", "town", "occurred_on")


def in_storage_order(table: str, rows):
    """``rows`` (pandas or pyarrow) sorted as ``table`` is stored (incidents: INCIDENT_ORDER), else as they are."""
    if table != "incidents":
        return rows
    if isinstance(rows, pd.DataFrame):
        return rows.sort_values(list(INCIDENT_ORDER), na_position="last", kind="stable", ignore_index=True)
    return rows.sort_by([(c, "ascending", "at_end") for c in INCIDENT_ORDER])


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Bring everything derived from the incidents up to date (in the caller's transaction).

    Fills ``incidents.weekday`` where it is missing, rebuilds every derived table, and
    (re)creates the filter macros that read them. A database made before a derived table
    existed gets it first (created as the schema says), so any writer (the build, an import,
    an undo, the generator) also upgrades an older file.
    """
    held = {name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    missing = [name for name in TABLES if name not in held]
    if missing:
        fresh = duckdb.connect()
        try:
            fresh.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
            ddl = dict(fresh.execute("SELECT table_name, sql FROM duckdb_tables()").fetchall())
        finally:
            fresh.close()
        for name in missing:
            con.execute(ddl[name])
    con.execute((QUERIES_DIR / "build" / "derived.sql").read_text(encoding="utf-8"))
    con.execute((QUERIES_DIR / "build" / "macros.sql").read_text(encoding="utf-8"))
