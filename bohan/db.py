"""Named SQL queries against the app's DuckDB file.

Each page query is one ``.sql`` file under ``queries/``, named by its path without the
suffix (``"home/annual_offences"``). Values travel only as DuckDB named parameters
(``$koban_list``); :func:`run` refuses a call whose parameter names differ from the file's.
"""
from __future__ import annotations

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
    """Open the app's database (read-only by default, so many readers can share it)."""
    return duckdb.connect(str(path or default_db_path()), read_only=read_only)


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


def run(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run the named query with ``params`` bound by name, on a fresh cursor."""
    sql = load_sql(name)
    expected = param_names(sql)
    if set(params) != expected:
        raise QueryError(
            f"query {name!r} takes {sorted(expected)}, got {sorted(params)}"
        )
    cur = con.cursor()
    try:
        return cur.execute(sql, params).df() if params else cur.execute(sql).df()
    finally:
        cur.close()


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
