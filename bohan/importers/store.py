"""Write imported rows into the app's database without ever modifying the live file in place.

One mechanism for every kind of import. The database file is copied to a temporary file
beside it; the copy is opened read-write and, in one transaction, the rows the import
replaces are moved to ``archive_<table>`` (so the import can be undone), the new rows are
inserted (relation API, no values in SQL text), derived values are brought up to date (the
street-camera and satisfaction indicators) and a row is added to the ``imports`` log; then
CHECKPOINT, close, keep the old file as ``<db>.bak`` (a hard link where possible) and
``os.replace`` the copy over the original. Readers that opened the old file keep reading it;
new readers see the new one (the app notices the file changed and reopens it). A failure or
a kill part-way leaves the original untouched; on failure the temp file is removed.

What an import replaces (``queries/importers/replace/<table>.sql``):
- police (``incidents``): its own data set, by name; other data sets stay;
- a geodata layer (cameras, lights, schools, routes, parks, streets, towns, police-box areas):
  the whole layer (a city's list is the whole list);
- survey: the waves (fiscal years) the file holds.
An undo (``queries/importers/restore/<table>.sql``) removes the import's rows and puts back
what it replaced. A layer's import can be undone only while no later import of that layer is
in force (undo the later one first); a police data set likewise by name.
"""
from __future__ import annotations

import fcntl
import getpass
import glob
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Mapping

import duckdb
import pandas as pd

from bohan import db as bohan_db
from bohan.build import derived
from bohan.db import insert_by_name, param_names
from bohan.importers.common import ImportRefused, ImportReport
from bohan.paths import QUERIES_DIR

_SQL = QUERIES_DIR / "importers"


@dataclass(frozen=True)
class Kind:
    """One kind of import: the tables it writes (first = main) and how undo finds it."""

    tables: tuple[str, ...]
    by_name: bool  # True: imports of different names coexist (police data sets); False: one layer


KINDS: dict[str, Kind] = {
    "police": Kind(("incidents",), by_name=True),
    "cameras": Kind(("cameras",), by_name=False),
    "lights": Kind(("street_lights",), by_name=False),
    "schools": Kind(("schools",), by_name=False),
    "routes": Kind(("school_routes",), by_name=False),
    "parks": Kind(("parks",), by_name=False),
    "streets": Kind(("streets",), by_name=False),
    "towns": Kind(("towns", "town_population"), by_name=False),
    "koban_areas": Kind(("koban_areas",), by_name=False),
    "survey": Kind(("survey_responses",), by_name=False),  # a later wave may have replaced rows of this one
}

_STATEMENT_END = re.compile(r";\s*(?:\n|$)")


def run_script(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Run ``queries/importers/<name>.sql`` statement by statement, each with the parameters it uses."""
    text = (_SQL / f"{name}.sql").read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    for statement in filter(str.strip, _STATEMENT_END.split(body)):
        used = param_names(statement)
        con.execute(statement, {k: params[k] for k in used}).fetchall()


def _value(con: duckdb.DuckDBPyConnection, name: str):
    return con.execute((_SQL / f"{name}.sql").read_text(encoding="utf-8")).fetchall()[0][0]


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _log_row(import_id: int, kind: str, name: str, report: ImportReport | None, who: str | None,
             tables=(), undoes: int | None = None) -> pd.DataFrame:
    r = report
    return pd.DataFrame([{
        "import_id": import_id, "kind": kind, "name": name,
        "files": ",".join(r.files) if r else None, "sha256": ",".join(r.sha256) if r else None,
        "rows_read": r.rows_read if r else 0, "rows_kept": r.rows_kept if r else 0,
        "rows_skipped": r.rows_skipped if r else 0, "rows_unlocated": r.not_located if r else 0,
        "data_year": getattr(r, "data_year", None) or None, "year_from": getattr(r, "year_from", None) or None,
        "imported_by": who or _user(), "imported_at": datetime.now(), "undoes": undoes,
        "tables": ",".join(tables),
    }])


def swap_in(db: Path, change: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Apply ``change`` (inside one transaction) to a copy of ``db`` and swap the copy in.

    One writer at a time: an exclusive lock on ``<db>.import.lock`` is held from the copy to
    the swap, so two imports at once cannot lose each other's rows (the second waits). Under
    the lock, copies left by a killed import are removed.
    """
    db = Path(db)
    if not db.is_file():
        raise ImportRefused("no_database", db=str(db))
    with open(db.with_name(db.name + ".import.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in db.parent.glob(f"{glob.escape(db.name)}.*.import*"):
            stale.unlink(missing_ok=True)
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
                run_script(con, "schema")
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


def _derive(con: duckdb.DuckDBPyConnection, tables) -> None:
    for table in tables:
        if (_SQL / "derive" / f"{table}.sql").is_file():
            run_script(con, f"derive/{table}")
    if derived.SOURCES & set(tables):
        derived.refresh(con)


def write(db: Path | str, tables: Mapping[str, pd.DataFrame], report: ImportReport, who: str | None = None) -> int:
    """Write an import's rows (``{table: rows}``, as a reader returned them) in one transaction.

    Replaces what the import replaces (see the module), logs it and returns its ``import_id``.
    Raises :class:`ImportRefused` (nothing written) for an unknown kind or rows that clash.
    """
    kind = KINDS.get(report.kind)
    if kind is None or not set(tables) <= set(kind.tables):
        raise ImportRefused("unknown_kind", kind=report.kind)
    holder: list[int] = []

    def change(con: duckdb.DuckDBPyConnection) -> None:
        import_id = _value(con, "next_import_id")
        holder.append(import_id)
        for table, frame in tables.items():
            years = sorted({int(y) for y in frame["fiscal_year"].dropna()}) if table == "survey_responses" else []
            run_script(con, f"replace/{table}", import_id=import_id, source=report.name, years=years)
            insert_by_name(con, table, derived.in_storage_order(table, frame))
        _derive(con, tables)
        insert_by_name(con, "imports", _log_row(import_id, report.kind, report.name, report, who, tables))

    try:
        swap_in(Path(db), change)
    except duckdb.ConstraintException as e:
        raise ImportRefused("clash", error=str(e).splitlines()[0]) from None
    return holder[0]


def write_incidents(db: Path | str, frame, report: ImportReport) -> int:
    """Replace the police data set ``report.name`` in ``db``'s ``incidents`` with ``frame`` and log it."""
    return write(db, {"incidents": frame}, report)


def import_log(db: Path | str) -> pd.DataFrame:
    """The imports log, newest first, with ``undone``; empty (with no columns) before any import."""
    con = bohan_db.connect(db, read_only=True)
    try:
        held = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'imports'").fetchall()[0][0]
        if not held:
            return pd.DataFrame()
        return con.execute((_SQL / "log.sql").read_text(encoding="utf-8")).df()
    finally:
        con.close()


def undo(db: Path | str, name: str, who: str | None = None) -> int:
    """Undo the import in force named ``name``: its rows go, the rows it replaced come back.

    Returns the number of rows the import had written. Refuses (``no_such_set``) when no
    import of that name is in force, (``built_set``) for the built data and (``not_latest``)
    when a later import of the same layer (or police data set of the same name) is in force.
    """
    db = Path(db)
    if name in ("sample", "plan"):
        raise ImportRefused("built_set", name=name)
    log = import_log(db)
    live = log[~log["undone"] & log["undoes"].isna()] if len(log) else log
    mine = live[live["name"] == name] if len(live) else live
    if not len(mine):
        raise ImportRefused("no_such_set", name=name)
    row = mine.iloc[0]  # newest
    kind = KINDS[row["kind"]]
    later = live[(live["import_id"] > row["import_id"]) & (live["kind"] == row["kind"])]
    if kind.by_name:
        later = later[later["name"] == name]
    if len(later):
        raise ImportRefused("not_latest", name=name, later=", ".join(later["name"]))
    import_id = int(row["import_id"])
    tables = row["tables"] if isinstance(row["tables"], str) and row["tables"] else kind.tables[0]
    written = [t for t in tables.split(",") if t in kind.tables]

    def change(con: duckdb.DuckDBPyConnection) -> None:
        for table in written:
            run_script(con, f"restore/{table}", import_id=import_id, source=name)
        _derive(con, written)
        next_id = _value(con, "next_import_id")
        insert_by_name(con, "imports", _log_row(next_id, f"{row['kind']} undo", name, None, who, written, import_id))

    swap_in(db, change)
    return int(row["rows_kept"])
