"""Named SQL queries against the app's DuckDB file.

Each page query is one ``.sql`` file under ``queries/``, named by its path without the
suffix (``"home/annual_offences"``). Values travel only as DuckDB named parameters
(``$koban_list``); :func:`run` refuses a call whose parameter names differ from the file's.
"""
from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from bohan.paths import QUERIES_DIR, default_db_path

_PARAM = re.compile(r"(?<![\w$])\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


class QueryError(ValueError):
    """A named query was called wrongly (unknown name or parameters that do not match)."""


def connect(path: Path | str | None = None, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """Open the app's database (read-only by default, so many readers can share it).

    Read-only connections open the file's current version by its own name (:func:`read_path`),
    so a reader never gets a file an import has since replaced.
    """
    path = Path(path or default_db_path())
    if not read_only:
        return duckdb.connect(str(path), read_only=False)
    try:
        return duckdb.connect(read_path(path), read_only=True, config=reader_config())
    except duckdb.IOException:  # the version's link went between naming and opening it: once more
        return duckdb.connect(read_path(path), read_only=True, config=reader_config())


#: DuckDB memory of the app's readers (all sessions of a process share one connection per file):
#: DuckDB would otherwise keep up to 80 % of the machine's RAM as its cache. ``$BOHAN_DUCKDB_MEMORY``
#: changes it (DuckDB's own units: ``1GB``, ``512MB``).
READER_MEMORY = "512MB"


def reader_config() -> dict:
    """DuckDB settings of read-only connections: a memory limit (:data:`READER_MEMORY`) and a
    temporary folder of their own to spill a large sort into (the database's own folder may be
    read-only)."""
    import tempfile

    spill = Path(tempfile.gettempdir()) / "bohan-duckdb-spill"
    spill.mkdir(exist_ok=True)
    limit = os.environ.get("BOHAN_DUCKDB_MEMORY", "").strip()
    if limit and not _MEMORY.fullmatch(limit):
        import logging

        logging.getLogger(__name__).warning("BOHAN_DUCKDB_MEMORY=%r is not a size like 1GB: using %s", limit, READER_MEMORY)
        limit = ""
    return {"memory_limit": limit or READER_MEMORY, "temp_directory": str(spill)}


_MEMORY = re.compile(r"\d+(\.\d+)?\s*([KMGT]i?B)", re.IGNORECASE)


def read_path(path: Path | str) -> str:
    """The name to open ``path`` by for reading: a hard link named after the file's version.

    An import never changes the database file in place: it swaps a new file in (bohan.importers.store).
    DuckDB keeps one instance per file name in a process, so a connection opened by the plain
    name would go on reading the old file while any connection to it lives. Opening each
    version by its own name (``bohan.duckdb.read-<inode>-<mtime>``, a hard link) gives every
    version its own instance: sessions mid-query finish on the old one, new queries see the new
    one. Links of older versions are removed. Where no link can be made (a read-only folder, no
    import possible either), the plain name is used.
    """
    path = Path(path)
    if _VERSION_LINK.search(path.name):  # already a version's own name (bohan.cache keys by it)
        return str(path)
    try:
        st_ = path.stat()
    except FileNotFoundError:
        return str(path)
    link = path.with_name(f"{path.name}.read-{st_.st_ino}-{st_.st_mtime_ns}")
    try:
        if not link.exists():
            os.link(path, link)
        for old in path.parent.glob(f"{path.name}.read-*"):
            if old != link:
                old.unlink(missing_ok=True)
    except OSError:
        return str(path)
    return str(link)


_VERSION_LINK = re.compile(r"\.read-\d+-\d+$")


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    """The text of ``queries/<name>.sql``; ``name`` must not leave the queries folder."""
    path = (QUERIES_DIR / f"{name}.sql").resolve()
    if QUERIES_DIR.resolve() not in path.parents or not path.is_file():
        raise QueryError(f"no query named {name!r}")
    return path.read_text(encoding="utf-8")


def param_names(sql: str) -> set[str]:
    """Named parameters (``$name``) used in ``sql``, ignoring comments and string literals."""
    return set(_PARAM.findall(_STRING.sub("''", _COMMENT.sub("", sql))))


#: Query folders that are not page queries over the data: build-stage SQL, and the
#: workspace's own tables (saved scenarios), which live in a separate file (bohan.workspace).
NOT_PAGE_QUERIES = ("build", "workspace", "importers")


def query_names() -> list[str]:
    """Every page query over the data (build-stage and workspace SQL excluded)."""
    return sorted(
        str(p.relative_to(QUERIES_DIR).with_suffix("")).replace("\\", "/")
        for p in QUERIES_DIR.rglob("*.sql")
        if p.relative_to(QUERIES_DIR).parts[0] not in NOT_PAGE_QUERIES
    )


def _checked_sql(name: str, params: dict) -> str:
    """The named query's SQL, when ``params`` are exactly the parameters it takes."""
    sql = load_sql(name)
    expected = param_names(sql)
    if set(params) != expected:
        raise QueryError(f"query {name!r} takes {sorted(expected)}, got {sorted(params)}")
    return sql


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run the named query with ``params`` bound by name, on a fresh cursor."""
    sql = _checked_sql(name, params)
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df() if params else cur.execute(sql).df()
    finally:
        cur.close()


def run_table(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run the named query as :func:`run` does, for a large table made on request (the staff
    download): read through Arrow, whose strings pandas keeps as they are (a year of national data,
    490,000 rows: 1.2 -> 0.5 s, peak memory 860 -> 600 MB). Integers come as pandas' nullable types,
    text as ``str``."""
    sql = _checked_sql(name, params)
    cur = con.cursor()
    try:
        arrow = cur.sql(sql, params=params).to_arrow_table() if params else cur.sql(sql).to_arrow_table()
    finally:
        cur.close()
    return arrow.to_pandas(types_mapper=_NULLABLE_INTEGERS.get)


_NULLABLE_INTEGERS = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                      pa.int64(): pd.Int64Dtype()}


def insert_by_name(con: duckdb.DuckDBPyConnection, table: str, rows) -> None:
    """Append ``rows`` to ``table`` matching columns by name (missing ones NULL), no SQL text.

    ``rows`` is a pandas DataFrame or a pyarrow Table; columns the table lacks are ignored. A
    pyarrow Table goes in as it is (no conversion: the fast path for a million imported rows).
    """
    columns = [c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [table]
    ).fetchall()]
    if isinstance(rows, pd.DataFrame):
        missing = set(columns) - set(rows.columns)
        frame = rows.assign(**{c: None for c in missing})[columns]
        con.from_df(frame).insert_into(table)
        return
    if not isinstance(rows, pa.Table):
        raise TypeError(f"insert_by_name takes a pandas DataFrame or a pyarrow Table, not {type(rows).__name__}")
    for c in columns:
        if c not in rows.column_names:
            rows = rows.append_column(c, pa.nulls(rows.num_rows))
    con.from_arrow(rows.select(columns)).insert_into(table)
