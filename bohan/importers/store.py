"""Write imported rows into the app's database without ever modifying the live file in place.

The database file is copied to a temporary file beside it; the copy is opened read-write and,
in one transaction, the data set's old rows are deleted, the new rows inserted (relation API,
no values in SQL text) and a row added to the ``imports`` log; then CHECKPOINT, close, keep
the old file as ``<db>.bak`` (a hard link where possible) and ``os.replace`` the copy over the
original. Readers that opened the old file keep reading it; new readers see the new one. A
failure (or a kill) part-way leaves the original untouched; on failure the temp file is removed.
"""
from __future__ import annotations

import getpass
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from bohan.db import insert_by_name
from bohan.importers.police import ImportRefused, Report
from bohan.paths import QUERIES_DIR

_SQL = QUERIES_DIR / "importers"


def _sql(name: str) -> str:
    return (_SQL / name).read_text(encoding="utf-8")


def _log_row(con, kind: str, name: str, report: Report | None) -> pd.DataFrame:
    next_id = con.execute(_sql("next_import_id.dml")).fetchone()[0]
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = None
    r = report
    return pd.DataFrame([{
        "import_id": next_id, "kind": kind, "name": name,
        "files": ",".join(r.files) if r else None, "sha256": ",".join(r.sha256) if r else None,
        "rows_read": r.rows_read if r else 0, "rows_kept": r.rows_kept if r else 0,
        "rows_skipped": r.rows_skipped if r else 0, "rows_unlocated": r.not_located if r else 0,
        "data_year": r.data_year if r else None, "year_from": r.year_from if r else None,
        "imported_by": user, "imported_at": datetime.now(),
    }])


def _swap_in(db: Path, change: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Apply ``change`` (inside one transaction) to a copy of ``db`` and swap the copy in."""
    db = Path(db)
    if not db.is_file():
        raise ImportRefused(f"{db}: no such database file")
    fd, tmp = tempfile.mkstemp(prefix=db.name + ".", suffix=".import", dir=db.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        shutil.copy2(db, tmp_path)
        wal = db.with_name(db.name + ".wal")
        if wal.exists():  # uncheckpointed changes belong to the database too
            shutil.copy2(wal, tmp_path.with_name(tmp_path.name + ".wal"))
        con = duckdb.connect(str(tmp_path))
        try:
            con.execute(_sql("schema.ddl"))
            con.begin()
            try:
                change(con)
                con.commit()
            except BaseException:
                con.rollback()
                raise
            con.execute("CHECKPOINT")
        finally:
            con.close()
        bak = db.with_name(db.name + ".bak")
        if bak.exists():
            bak.unlink()
        try:
            os.link(db, bak)
        except OSError:
            shutil.copy2(db, bak)
        os.replace(tmp_path, db)
    finally:
        for leftover in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal")):
            if leftover.exists():
                leftover.unlink()


def write_incidents(db: Path | str, frame: pd.DataFrame, report: Report) -> None:
    """Replace the data set ``report.name`` in ``db``'s ``incidents`` with ``frame`` and log it."""
    def change(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(_sql("delete_source.dml"), {"source": report.name})
        insert_by_name(con, "incidents", frame)
        insert_by_name(con, "imports", _log_row(con, "police", report.name, report))

    try:
        _swap_in(Path(db), change)
    except duckdb.ConstraintException as e:
        raise ImportRefused(f"rows clash with rows already in the database (nothing written): {e}") from None


def undo(db: Path | str, name: str) -> int:
    """Remove the data set ``name`` from ``db`` (same copy-and-swap); returns the rows removed."""
    db = Path(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM incidents WHERE source = ?", [name]).fetchone()[0]
    finally:
        con.close()
    if n == 0:
        raise ImportRefused(f"no data set named {name!r} in {db}")
    if name in ("sample", "plan"):
        raise ImportRefused(f"{name!r} is the built data, not an import; rebuild instead")

    def change(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(_sql("delete_source.dml"), {"source": name})
        insert_by_name(con, "imports", _log_row(con, "police undo", name, None))

    _swap_in(db, change)
    return n
