"""Streamlit caching around the database: one read-only connection, cached query results.

If the database file is missing (first start of ``streamlit run app.py``), it is built here
with a progress bar, under a file lock so that two first visitors do not build it twice.
"""
from __future__ import annotations

import fcntl
import logging
import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from bohan import db
from bohan.i18n import Lang, t
from bohan.paths import default_db_path

log = logging.getLogger(__name__)


def _build(path: Path, lang: Lang) -> None:
    from bohan.build.sample_city import build_database

    bar = st.progress(0.0, text=t("build.running", lang))
    build_database(path, lambda f, step: bar.progress(min(f, 1.0), text=f"{t('build.running', lang)} ({step})"))
    bar.empty()
    st.toast(t("build.done", lang))


def schema_differences(path: Path) -> set[str]:
    """How the file's tables differ from the app's schema: ``table`` for a missing table,
    ``table.column`` for a missing column or one whose type or NULL rule changed (an older build).
    Tables the file holds beyond the schema (the imports log, archives) are not differences."""
    from bohan.paths import QUERIES_DIR

    def columns(con) -> set[tuple]:
        return set(con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns").fetchall())

    fresh = duckdb.connect()
    try:
        fresh.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
        expected = columns(fresh)
    finally:
        fresh.close()
    con = db.connect(path, read_only=True)
    try:
        held = columns(con)
    finally:
        con.close()
    held_tables = {t for t, *_ in held}
    return {t if t not in held_tables else f"{t}.{c}" for t, c, *_ in expected - held}


_CHECKED: set[str] = set()


def _outdated(path: Path) -> bool:
    """Made by an older version and holding nothing but the generated sample (never rebuilt once
    staff imported into it: the imports log is the sign)."""
    try:
        con = db.connect(path, read_only=True)
        try:
            imported = con.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'imports'").fetchall()[0][0]
        finally:
            con.close()
        if imported:
            from bohan.build import derived
            from bohan.importers import store

            differences = schema_differences(path)
            if differences and differences <= {*derived.TABLES, *derived.COLUMNS}:  # only derived data missing: add it
                log.warning("%s lacks %s: made from its own tables now", path, ", ".join(sorted(differences)))
                store.swap_in(path, derived.refresh)
            elif differences:
                log.warning("%s was made by an older version but holds imports: not rebuilt", path)
            return False
        return bool(schema_differences(path))
    except duckdb.Error:  # a damaged file: left as it is; the page's guard says the data cannot be read
        log.exception("cannot read %s", path)
        return False


def ensure_database(lang: Lang) -> Path:
    """Return the database path, building the sample city first if the file is missing.

    The sample database at the default place is also rebuilt, once per process, when it was
    made by an older version of the app (a table or column of the schema missing or changed,
    see :func:`schema_differences`; the sample is
    generated from a fixed seed, so nothing is lost). A file named by ``BOHAN_DB`` is never
    rebuilt: it may hold real data.
    """
    path = default_db_path()
    if path.exists() and "BOHAN_DB" in os.environ:  # only read: no lock file, no rebuild (a read-only place works)
        if str(path) not in _CHECKED:
            _refuse_outdated(path, lang)
            _CHECKED.add(str(path))
        return path
    if path.exists() and str(path) in _CHECKED:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(str(path) + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():  # another session may have built it while we waited
            _build(path, lang)
        elif "BOHAN_DB" not in os.environ and str(path) not in _CHECKED and _outdated(path):
            log.warning("rebuilding the sample database %s: made by an older version", path)
            st.cache_resource.clear()  # drop connections to the old file before it is replaced
            st.cache_data.clear()
            _build(path, lang)
    _CHECKED.add(str(path))
    return path


def _refuse_outdated(path: Path, lang: Lang) -> None:
    """Stop the page with a message saying how to update it when ``path`` (a file named by
    ``BOHAN_DB``) was made by an older version of the app: its queries would fail on every page."""
    from bohan.build import derived

    try:
        differences = schema_differences(path)
    except duckdb.Error:  # a damaged file: the page's guard says the data cannot be read
        return
    if differences:
        log.warning("%s was made by an older version: lacks %s", path, ", ".join(sorted(differences)))
        how = "db.outdated.update" if differences <= {*derived.TABLES, *derived.COLUMNS} else "db.outdated.rebuild"
        st.error(t("db.outdated", lang, path=path, missing=", ".join(sorted(differences))) + "\n\n" + t(how, lang, path=path),
                 icon=":material/update:")
        st.stop()


def current() -> str:
    """What the cached functions below are keyed by: the current version of the database file."""
    return db.read_path(default_db_path())


@st.cache_resource(show_spinner=False, max_entries=4)
def connection(path: str) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file version (see :func:`bohan.db.read_path`), shared by every session."""
    return db.connect(path, read_only=True)


def current_connection() -> duckdb.DuckDBPyConnection:
    """The shared read-only connection to the database as it is now."""
    return connection(current())


@st.cache_data(show_spinner=False, max_entries=512)
def _query(path: str, name: str, params: tuple) -> pd.DataFrame:
    # lists were frozen into tuples for hashing; DuckDB binds lists, so thaw them
    return db.run(connection(path), name, **{k: list(v) if isinstance(v, tuple) else v for k, v in params})


def query(name: str, **params) -> pd.DataFrame:
    """Run the named query (cached by the database version, its name and parameters)."""
    frozen = tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items()))
    return _query(current(), name, frozen)


def query_once(name: str, **params) -> pd.DataFrame:
    """Run the named query without keeping its result (a large table made on request, such as the
    staff download: at national scale hundreds of thousands of rows, not to be held per filter;
    read as :func:`bohan.db.run_table` reads it)."""
    return db.run_table(current_connection(), name, **params)


def vocab():
    """What the incident data holds (boxes, towns, offences, periods), for widgets and URLs."""
    return _vocab(current())


@st.cache_resource(show_spinner=False, max_entries=4)  # shared, not copied: it reads towns as they are asked for
def _vocab(path: str):
    import gc

    from bohan.filters import Vocab

    vocab = Vocab.read(connection(path))
    # What exists by now (the modules, the vocabulary) lives as long as the process: kept out of the
    # garbage collector's scans, which would otherwise slow every later page run (measured when the
    # vocabulary held a national file's 260,000 towns: 0.2 s of a map redraw at 10 M incidents).
    gc.freeze()
    if not _UNFREEZE_AT_EXIT:  # collected again at exit, where DuckDB's bindings count what was left
        import atexit

        atexit.register(gc.unfreeze)
        _UNFREEZE_AT_EXIT.append(True)
    return vocab


_UNFREEZE_AT_EXIT: list = []


def coverage(camera_radius_m: float, light_radius_m: float, dark_min_m: float):
    """School-route coverage for these radii (validated; raises ``RadiusError`` if refused);
    shared by every session: callers must not change it."""
    return _coverage(current(), camera_radius_m, light_radius_m, dark_min_m)


@st.cache_resource(show_spinner=False, max_entries=16)  # shared, not copied (unpickling it took 0.1 s a run)
def _coverage(path: str, camera_radius_m: float, light_radius_m: float, dark_min_m: float):
    from bohan import atlas

    return atlas.compute_coverage(connection(path), camera_radius_m, light_radius_m, dark_min_m)


def hotspots(f, resolution: int = 9):
    """(points, cells, Gi* result, concentration %) for the filter ``f`` (cached by its values)."""
    return _hotspots(current(), tuple(sorted(f.to_url().items())), resolution)


@st.cache_data(show_spinner=False, max_entries=32)
def _hotspots(path: str, url_items: tuple, resolution: int):
    from bohan import atlas
    from bohan.filters import CrimeFilter

    words = _vocab(path)  # of this file version
    f, _ = CrimeFilter.from_url(dict(url_items), words, "ja")
    # the filter's boxes, else the city's: a national file's other boxes lie off the city's map
    return atlas.compute_hotspots(connection(path), f.narrowed(koban=words.home), resolution, words)


def map_frames(camera_radius_m: float, light_radius_m: float, dark_min_m: float, lang: str) -> dict:
    """The map page's layers that do not depend on the incident filter (cached by the database
    version, radii and language; shared, not copied: callers must not change them)."""
    return _map_frames(current(), camera_radius_m, light_radius_m, dark_min_m, lang)


@st.cache_resource(show_spinner=False, max_entries=8)
def _map_frames(path: str, camera_radius_m: float, light_radius_m: float, dark_min_m: float, lang: str) -> dict:
    from bohan import atlas

    return atlas.base_frames(connection(path), coverage(camera_radius_m, light_radius_m, dark_min_m), lang)


def incident_frames(f, resolution: int, lang: str) -> dict:
    """The map page's incident layers (cells, hotspots, points) for the filter ``f``."""
    return _incident_frames(current(), tuple(sorted(f.to_url().items())), resolution, lang)


@st.cache_data(show_spinner=False, max_entries=16)
def _incident_frames(path: str, url_items: tuple, resolution: int, lang: str) -> dict:
    from bohan import atlas
    from bohan.filters import CrimeFilter

    f, _ = CrimeFilter.from_url(dict(url_items), vocab(), "ja")
    points, cells, hot, _ = hotspots(f, resolution)
    return atlas.incident_frames(points, cells, hot, lang)


@st.cache_resource(show_spinner=False, max_entries=2)
def _planner_inputs(path: str):
    from bohan import planner

    return planner.load_inputs(connection(path))


def planner_inputs():
    """The siting planner's layers (read once per database file)."""
    return _planner_inputs(current())


#: How many planner answers are kept (each a few MB), shared by every session.
PLAN_CACHE_SIZE = 16


class _PlanStore:
    """A small LRU store of planner answers. Not ``st.cache_data``: the planner reports its
    progress to a bar drawn outside, which cache_data would try to replay on a hit."""

    def __init__(self):
        import threading
        from collections import OrderedDict

        self.lock = threading.Lock()
        self.plans: OrderedDict = OrderedDict()

    def get(self, key):
        with self.lock:
            if key in self.plans:
                self.plans.move_to_end(key)
                return self.plans[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.plans[key] = value
            while len(self.plans) > PLAN_CACHE_SIZE:
                self.plans.popitem(last=False)


@st.cache_resource(show_spinner=False, max_entries=2)
def _plan_store(path: str) -> _PlanStore:
    return _PlanStore()


def siting_plan(settings, progress=None):
    """The planner's answer for ``settings`` (kept per database file); ``progress(f, step)`` on a miss."""
    from bohan import planner

    path = current()
    store = _plan_store(path)
    found = store.get(settings)
    if found is None:
        found = planner.plan(_planner_inputs(path), settings, progress)
        store.put(settings, found)
    return found
