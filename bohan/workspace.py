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
