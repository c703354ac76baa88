"""Tables derived from others: rebuilt at build time and by every import and undo.

``incident_cube`` counts the incidents by every filter dimension except the police box, town
and exact dates (``queries/build/schema.sql``); page queries with no such filter read it instead
of every incident (the ``incident_counts`` macro, ``queries/build/macros.sql``). At 10 million
incidents it holds about 17,000 rows.
"""
from __future__ import annotations

import duckdb

from bohan.paths import QUERIES_DIR

#: Tables whose rows the derived tables are made from.
SOURCES = frozenset({"incidents"})
#: The derived tables (no ``source`` column: their rows come from the tables above).
TABLES = ("incident_cube",)


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rebuild every derived table from the tables it is made from (in the caller's transaction).

    A database made before a derived table existed gets it first (created as the schema
    says), and the filter macros that read it are brought up to date, so any writer (an
    import, an undo, the generator) also upgrades an older file.
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
        con.execute((QUERIES_DIR / "build" / "macros.sql").read_text(encoding="utf-8"))
    con.execute((QUERIES_DIR / "build" / "derived.sql").read_text(encoding="utf-8"))
