"""The workspace: saved siting scenarios, in their own DuckDB file (:func:`bohan.paths.workspace_path`).

Every write is one transaction on a short-lived connection, so a failure part-way leaves the
file as it was, and the file is locked only while a write runs. Names are unique: saving
under a name already taken is refused unless the caller asks to replace it, so two people
saving at once cannot silently overwrite each other.
"""
from __future__ import annotations

import contextlib
import threading
import time
import unicodedata
from pathlib import Path

import duckdb
import pandas as pd

from bohan import db
from bohan.paths import workspace_path

#: Longest scenario name (characters).
MAX_NAME = 60
#: A write waits this long (s) for another process's lock before giving up with a message.
LOCK_WAIT_S = 5.0


class WorkspaceError(ValueError):
    """A refused workspace action, with a message key (``workspace.error.<key>``)."""

    def __init__(self, key: str, message: str, **values):
        super().__init__(message)
        self.key = key
        self.values = values


#: One writer at a time in this process (DuckDB allows one writing transaction per table
#: row set; two sessions saving at once would otherwise meet a write-write conflict).
_WRITE_LOCK = threading.RLock()


@contextlib.contextmanager
def _connect(path: Path | None = None):
    path = Path(path or workspace_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + LOCK_WAIT_S
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.IOException as err:  # another process holds the file's lock
            if time.monotonic() > deadline:
                raise WorkspaceError("busy", f"the workspace is busy: {err}") from err
            time.sleep(0.1)
    try:
        with _WRITE_LOCK:  # CREATE TABLE IF NOT EXISTS is a write too
            con.execute(db.load_sql("workspace/schema"))
        yield con
    finally:
        con.close()


def check_name(name: object) -> str:
    """A scenario name, normalised (NFKC, trimmed); refuses empty, too long or control characters."""
    text = unicodedata.normalize("NFKC", str(name or "")).strip()
    if not text:
        raise WorkspaceError("name_empty", "a scenario needs a name")
    if len(text) > MAX_NAME:
        raise WorkspaceError("name_long", f"names are at most {MAX_NAME} characters", max=MAX_NAME)
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        raise WorkspaceError("name_chars", "names cannot hold control characters")
    return text


def scenarios(path: Path | None = None) -> pd.DataFrame:
    """Saved scenarios, newest first (an empty frame when none)."""
    with _connect(path) as con:
        return db.run(con, "workspace/scenarios")


def scenario_sites(name: str, path: Path | None = None) -> pd.DataFrame:
    with _connect(path) as con:
        return db.run(con, "workspace/scenario_sites", scenario=name)


def save_scenario(name: object, plan, saved_by: str | None = None, replace: bool = False, path: Path | None = None) -> str:
    """Save a :class:`bohan.planner.Plan` under ``name`` in one transaction; returns the name used.

    Raises :class:`WorkspaceError` ('exists') if the name is taken and ``replace`` is False.
    """
    name = check_name(name)
    chosen = plan.chosen
    route = plan.route.iloc[0]
    s = plan.settings
    with _WRITE_LOCK, _connect(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            taken = con.execute("SELECT count(*) FROM siting_scenarios WHERE name = $scenario", {"scenario": name}).fetchone()[0]
            if taken and not replace:
                raise WorkspaceError("exists", f"a scenario named {name!r} exists", name=name)
            if taken:
                db.run(con, "workspace/scenario_sites_delete", scenario=name)
                db.run(con, "workspace/scenario_delete", scenario=name)
            db.run(con, "workspace/scenario_insert", scenario=name, saved_by=saved_by, settings_json=s.to_json(),
                   n_new=int(s.n_new), radius_m=float(s.radius_m), years=f"{plan.years[0]}-{plan.years[1]}",
                   method=plan.exact.method, optimal=bool(plan.exact.optimal), existing_pct=plan.exact.existing_pct,
                   covered_pct=plan.exact.covered_pct, route_before_pct=float(route["before_pct"]),
                   route_after_pct=float(route["after_pct"]), route_added_m=float(route["after_m"] - route["before_m"]),
                   child_covered=float(chosen["child"].sum()), crime_covered=float(chosen["crime"].sum()))
            if len(chosen):
                db.run(con, "workspace/scenario_sites_insert", scenario=name, ranks=chosen["rank"].astype(int).tolist(),
                       site_ids=chosen["site_id"].tolist(), kinds=chosen["kind"].tolist(),
                       schools=chosen["schools"].tolist(), lats=chosen["lat"].astype(float).tolist(),
                       lons=chosen["lon"].astype(float).tolist(), route_ms=chosen["route_m"].astype(float).tolist(),
                       childs=chosen["child"].astype(float).tolist(), crimes=chosen["crime"].astype(float).tolist(),
                       gains=chosen["gain"].astype(float).tolist(), gain_pcts=chosen["gain_pct"].astype(float).tolist())
            con.execute("COMMIT")
        except (duckdb.ConstraintException, duckdb.TransactionException) as err:  # another process saved it first
            con.execute("ROLLBACK")
            raise WorkspaceError("exists", f"a scenario named {name!r} exists", name=name) from err
        except BaseException:
            con.execute("ROLLBACK")
            raise
    return name


def delete_scenario(name: str, path: Path | None = None) -> None:
    with _WRITE_LOCK, _connect(path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            db.run(con, "workspace/scenario_sites_delete", scenario=name)
            db.run(con, "workspace/scenario_delete", scenario=name)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


# --- staff entries: yearly indicator values and measure notes ------------------------------
#: Status of a measure in a fiscal year.
MEASURE_STATUSES = ("not_started", "in_progress", "done", "revise")
MAX_NOTE = 500


def _check_note(note: object, required: bool) -> str | None:
    text = unicodedata.normalize("NFKC", str(note or "")).strip()
    if required and not text:
        raise WorkspaceError("note_required", "a correction needs a note saying why")
    if len(text) > MAX_NOTE:
        raise WorkspaceError("note_long", f"notes are at most {MAX_NOTE} characters", max=MAX_NOTE)
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text):
        raise WorkspaceError("name_chars", "notes cannot hold control characters")
    return text or None


def _append(con, revision_query: str, insert_query: str, keys: dict, expected_revision: int, row: dict,
            check=None) -> int:
    """Append a revision in one transaction if nobody saved since ``expected_revision``; returns the new one.

    The revision is checked first, so a conflict is reported before anything else about the
    entry (``check``, the entry's own checks, runs after it)."""
    con.execute("BEGIN TRANSACTION")
    try:
        now = db.run(con, revision_query, **keys).iloc[0]
        if int(now["revision"]) != int(expected_revision):
            raise WorkspaceError("conflict", "changed by someone else since it was opened",
                                 by=now["edited_by"] or "?", at=str(now["edited_at"])[:16])
        if check is not None:
            row = {**row, **check()}
        revision = int(expected_revision) + 1
        db.run(con, insert_query, **keys, revision=revision, **row)
        con.execute("COMMIT")
        return revision
    except (duckdb.ConstraintException, duckdb.TransactionException) as err:
        con.execute("ROLLBACK")
        raise WorkspaceError("conflict", "someone else saved at the same moment", by="?", at="") from err
    except BaseException:
        con.execute("ROLLBACK")
        raise


def indicator_edits(path: Path | None = None) -> pd.DataFrame:
    """Every staff entry of an indicator value, newest first."""
    with _connect(path) as con:
        return db.run(con, "workspace/indicator_edits")


def save_indicator_value(indicator_id: str, year: int, value: float, n: int | None, note: object,
                         edited_by: str | None, expected_revision: int, previous_value: float | None,
                         path: Path | None = None) -> int:
    """Store a (validated) yearly value; the value it replaces stays in the log. A correction of a
    value already there needs a note. Refused ('conflict') if someone saved since ``expected_revision``."""
    with _WRITE_LOCK, _connect(path) as con:
        return _append(con, "workspace/indicator_revision", "workspace/indicator_edit_insert",
                       {"indicator_id": indicator_id, "year": int(year)}, expected_revision,
                       {"value": float(value), "n": None if n is None else int(n),
                        "previous_value": None if previous_value is None else float(previous_value),
                        "edited_by": edited_by},
                       check=lambda: {"note": _check_note(note, required=previous_value is not None)})


def measure_notes(path: Path | None = None) -> pd.DataFrame:
    """Every status note on a measure, newest first."""
    with _connect(path) as con:
        return db.run(con, "workspace/measure_notes")


def save_measure_note(measure_id: str, fiscal_year: int, status: str, note: object, edited_by: str | None,
                      expected_revision: int, path: Path | None = None) -> int:
    """Store a measure's status and note for a fiscal year; refused ('conflict') as above."""
    if status not in MEASURE_STATUSES:
        raise WorkspaceError("status", "unknown status", value=status)
    with _WRITE_LOCK, _connect(path) as con:
        return _append(con, "workspace/measure_revision", "workspace/measure_note_insert",
                       {"measure_id": measure_id, "fiscal_year": int(fiscal_year)}, expected_revision,
                       {"status": status, "edited_by": edited_by},
                       check=lambda: {"note": _check_note(note, required=False)})


def in_force(log: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The newest revision of each key in an append-only log (whole rows: an empty note stays empty)."""
    if log.empty:
        return log
    return log.sort_values("revision").drop_duplicates(keys, keep="last").reset_index(drop=True)
