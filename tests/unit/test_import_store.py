"""The import writer: what each kind replaces, undo puts it back, derived indicators follow, readers see new files."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import files_in

from bohan.importers import store
from bohan.importers.common import ImportRefused, ImportReport


@pytest.fixture
def db(built_db, tmp_path) -> Path:
    """A private copy of the session's built database (the shared one is never written)."""
    out = tmp_path / "bohan.duckdb"
    shutil.copy2(built_db, out)
    return out


def _df(db: Path, sql: str, params=None) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).df()
    finally:
        con.close()


def _report(kind: str, name: str, rows: int) -> ImportReport:
    return ImportReport(kind=kind, name=name, files=[f"{name}.csv"], sha256=["0" * 64], rows_read=rows, rows_kept=rows)


def _city_cameras(n_street: int, fy: int) -> pd.DataFrame:
    """A city's own camera list: n street cameras installed in FY ``fy``."""
    return pd.DataFrame({
        "camera_id": [f"city-{i:03d}" for i in range(n_street)], "kind": "street", "site_type": "道路",
        "lat": 42.63 + 0.001 * pd.Series(range(n_street)), "lon": 141.60, "installed_fy": fy, "status": "稼働",
        "source": "city-cameras",
    })


def test_layer_import_replaces_the_layer_and_undo_puts_it_back(db):
    """A camera list replaces every camera; the street-camera indicator follows it from FY2025 (the plan's
    FY2024 figure of 26 stays); undo restores the sample cameras and the indicator exactly."""
    before = _df(db, "SELECT * FROM cameras ORDER BY camera_id")
    ind_before = _df(db, "SELECT * FROM indicator_values WHERE indicator_id = 'street_cameras' ORDER BY year")
    import_id = store.write(db, {"cameras": _city_cameras(31, 2026)}, _report("cameras", "city-cameras", 31), who="山田")
    assert import_id == 1
    after = _df(db, "SELECT * FROM cameras")
    assert len(after) == 31 and set(after["source"]) == {"city-cameras"}
    ind = _df(db, "SELECT year, value, source FROM indicator_values WHERE indicator_id = 'street_cameras' ORDER BY year")
    assert ind.values.tolist() == [[2024, 26.0, "plan"], [2025, 0.0, "city-cameras"], [2026, 31.0, "city-cameras"]]
    log = store.import_log(db)
    assert log.loc[0, "kind"] == "cameras" and log.loc[0, "imported_by"] == "山田" and log.loc[0, "rows_kept"] == 31

    assert store.undo(db, "city-cameras", who="山田") == 31
    pd.testing.assert_frame_equal(_df(db, "SELECT * FROM cameras ORDER BY camera_id"), before)
    pd.testing.assert_frame_equal(
        _df(db, "SELECT * FROM indicator_values WHERE indicator_id = 'street_cameras' ORDER BY year"), ind_before)
    log = store.import_log(db)
    assert log["undone"].tolist() == [False, True] and log.loc[0, "undoes"] == 1
    with pytest.raises(ImportRefused) as e:
        store.undo(db, "city-cameras")
    assert e.value.key == "no_such_set"


def test_a_later_import_of_the_layer_must_be_undone_first(db):
    """Undo goes newest first within a layer, so no import's rows are restored over another's."""
    store.write(db, {"cameras": _city_cameras(5, 2025)}, _report("cameras", "first", 5))
    store.write(db, {"cameras": _city_cameras(7, 2025).assign(source="second")}, _report("cameras", "second", 7))
    with pytest.raises(ImportRefused) as e:
        store.undo(db, "first")
    assert e.value.key == "not_latest" and "second" in e.value.text("ja")
    store.undo(db, "second")
    assert _df(db, "SELECT count(*) AS n FROM cameras")["n"][0] == 5
    store.undo(db, "first")
    assert _df(db, "SELECT count(*) AS n FROM cameras WHERE source = 'sample'")["n"][0] == 38


def test_survey_import_replaces_its_waves_and_keeps_the_plans_figures(db):
    """A FY2024 file replaces the FY2024 wave only; the plan's 18.6 % stays; a new FY2027 wave gets
    its share computed (satisfied = the two satisfied answers, of all respondents); a FY2028 wave
    without the question gets none."""
    waves_before = _df(db, "SELECT fiscal_year, count(*) AS n FROM survey_responses GROUP BY 1 ORDER BY 1")
    answers = ["満足している"] * 30 + ["どちらかといえば満足している"] * 20 + ["不満"] * 150
    rows = pd.DataFrame({
        "fiscal_year": [2024] * 100 + [2027] * 100, "respondent_id": [f"x-{i}" for i in range(200)],
        "age_band": None, "area": None, "awareness": "無回答", "activity": "無回答", "satisfaction": answers,
        "source": "city-survey",
    })
    not_asked = rows.iloc[:10].assign(fiscal_year=2028, satisfaction=None, respondent_id=[f"y-{i}" for i in range(10)])
    rows = pd.concat([rows, not_asked], ignore_index=True)
    store.write(db, {"survey_responses": rows}, _report("survey", "city-survey", 210))
    waves = _df(db, "SELECT fiscal_year, count(*) AS n FROM survey_responses GROUP BY 1 ORDER BY 1")
    expected = waves_before.set_index("fiscal_year")["n"].to_dict() | {2024: 100, 2027: 100, 2028: 10}
    assert waves.set_index("fiscal_year")["n"].to_dict() == expected
    sat = _df(db, "SELECT year, value, n, source FROM indicator_values WHERE indicator_id = 'satisfaction' ORDER BY year")
    by_year = sat.set_index("year")
    assert by_year.loc[2024, "value"] == 18.6 and by_year.loc[2024, "source"] == "plan"
    assert by_year.loc[2027, "value"] == 0.0 and by_year.loc[2027, "n"] == 100  # all 100 FY2027 answers are 不満
    assert 2028 not in by_year.index  # a wave that did not ask the question gives no value
    store.undo(db, "city-survey")
    assert _df(db, "SELECT fiscal_year, count(*) AS n FROM survey_responses GROUP BY 1 ORDER BY 1").equals(waves_before)
    assert 2027 not in set(_df(db, "SELECT year FROM indicator_values WHERE indicator_id = 'satisfaction'")["year"])


def test_towns_without_population_leave_population_alone_on_undo(db):
    """An import writes only the tables it brings; its undo restores only those."""
    towns = _df(db, "SELECT * FROM towns")
    population = _df(db, "SELECT * FROM town_population ORDER BY town")
    store.write(db, {"towns": towns.assign(source="estat")}, _report("towns", "estat", len(towns)))
    store.undo(db, "estat")
    pd.testing.assert_frame_equal(_df(db, "SELECT * FROM town_population ORDER BY town"), population)
    assert set(_df(db, "SELECT DISTINCT source FROM towns")["source"]) == set(towns["source"])


def test_a_failed_write_changes_nothing(db, monkeypatch):
    """A failure inside the transaction leaves the file byte for byte as it was, and no temp file."""
    before = db.read_bytes()

    def boom(con, table, frame):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "insert_by_name", boom)
    with pytest.raises(RuntimeError):
        store.write(db, {"cameras": _city_cameras(3, 2025)}, _report("cameras", "x", 3))
    assert db.read_bytes() == before
    assert files_in(db.parent) == ["bohan.duckdb", "bohan.duckdb.import.lock"]


def test_unknown_kind_and_clashing_rows_are_refused(db):
    with pytest.raises(ImportRefused) as e:
        store.write(db, {"cameras": _city_cameras(1, 2025)}, _report("satellites", "x", 1))
    assert e.value.key == "unknown_kind"
    twice = pd.concat([_city_cameras(2, 2025)] * 2)
    with pytest.raises(ImportRefused) as e:
        store.write(db, {"cameras": twice}, _report("cameras", "dup", 4))
    assert e.value.key == "clash" and e.value.text("ja")
    assert _df(db, "SELECT count(*) AS n FROM cameras WHERE source = 'sample'")["n"][0] == 38


def test_readers_of_the_old_file_are_not_disturbed_and_new_readers_see_the_import(db):
    """The app opens each version of the file by its own name: a connection opened before the import
    keeps its answers, one opened after sees the new rows (DuckDB would otherwise hand back the old file)."""
    from bohan.db import read_path

    old_name = read_path(db)
    old = duckdb.connect(old_name, read_only=True)
    try:
        store.write(db, {"cameras": _city_cameras(3, 2025)}, _report("cameras", "x", 3))
        new_name = read_path(db)
        assert new_name != old_name
        new = duckdb.connect(new_name, read_only=True)
        assert new.execute("SELECT count(*) FROM cameras").fetchall()[0][0] == 3
        assert old.execute("SELECT count(*) FROM cameras").fetchall()[0][0] == 38
        new.close()
    finally:
        old.close()
    assert [p.name for p in db.parent.glob("bohan.duckdb.read-*")] == [Path(new_name).name]


def test_a_version_name_is_opened_as_it_is(db):
    """The app's cache keys connections by the version's own name and opens that name: no link of a link
    is made (another session cleaning up old links removed it while it was being opened: the load test
    saw "database does not exist")."""
    from bohan import db as dbmod

    name = dbmod.read_path(db)
    assert dbmod.read_path(name) == name
    con = dbmod.connect(name)
    try:
        assert con.execute("SELECT count(*) FROM cameras").fetchall()[0][0] == 38
    finally:
        con.close()
    assert [p.name for p in db.parent.glob("bohan.duckdb.read-*")] == [Path(name).name]


KILLED_IMPORT = """
import sys, time
from pathlib import Path
import pandas as pd
from bohan.importers import store
from bohan.importers.common import ImportReport

real = store.insert_by_name
def slow(con, table, frame):
    real(con, table, frame)
    Path(sys.argv[2]).write_text("inserted")  # rows are in, the transaction is open: kill me now
    time.sleep(60)
store.insert_by_name = slow
rows = pd.DataFrame({"camera_id": ["k1"], "kind": ["street"], "lat": [42.63], "lon": [141.6], "source": ["killed"]})
store.write(sys.argv[1], {"cameras": rows}, ImportReport(kind="cameras", name="killed", rows_kept=1))
"""


def test_a_killed_import_leaves_the_database_as_it_was(db, tmp_path):
    """SIGKILL in the middle of the transaction: the file is unchanged byte for byte; the next import
    clears the killed one's copy and goes through."""
    before = db.read_bytes()
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, str(db), str(flag)],
                            cwd=Path(__file__).resolve().parents[2])
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None and time.monotonic() < deadline, "the import did not reach its insert"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert db.read_bytes() == before
    assert list(db.parent.glob("bohan.duckdb.*.import*")), "the killed import left its copy (the test expects one)"
    store.write(db, {"cameras": _city_cameras(2, 2025)}, _report("cameras", "after", 2))
    assert not list(db.parent.glob("bohan.duckdb.*.import*"))
    assert _df(db, "SELECT count(*) AS n FROM cameras")["n"][0] == 2


def test_a_database_with_imports_is_never_rebuilt_as_outdated(db):
    """The sample database at the default place is rebuilt when an older version made it — but not once
    staff imported into it: their rows would be lost."""
    import duckdb as _duckdb

    from bohan import cache

    con = _duckdb.connect(str(db))
    con.execute("DROP TABLE fraud_cases")
    con.close()
    assert cache._outdated(db)
    store.write(db, {"cameras": _city_cameras(2, 2025)}, _report("cameras", "mine", 2))
    assert cache.schema_differences(db) == {"fraud_cases"} and not cache._outdated(db)


def test_police_import_and_undo_keep_the_cube_and_the_storage_order(db):
    """A police import appends its rows in the storage order (box, town, date) and rebuilds
    incident_cube in the same transaction; undo rebuilds it again: the cube always sums to the
    incidents, year by year."""
    from bohan import importers
    from bohan.build import derived

    real = sorted((Path(__file__).parents[1] / "data" / "police" / "real").glob("hokkaido_2018_*.csv"))
    tables, report = importers.read("police", real, db=db, name="cube-test", city_code="012131")
    by_year = "SELECT data_year, count(*) AS n FROM incidents GROUP BY ALL ORDER BY ALL"
    cube_by_year = "SELECT data_year, CAST(sum(n) AS BIGINT) AS n FROM incident_cube GROUP BY ALL ORDER BY ALL"
    before = _df(db, by_year)
    store.write(db, tables, report)
    after = _df(db, by_year)
    assert after["n"].sum() == before["n"].sum() + report.rows_kept > before["n"].sum()
    pd.testing.assert_frame_equal(_df(db, cube_by_year), after)
    order = ", ".join(derived.INCIDENT_ORDER)
    new = _df(db, f"SELECT {order} FROM incidents WHERE source = 'cube-test' ORDER BY rowid")
    assert new.equals(new.sort_values(list(derived.INCIDENT_ORDER), na_position="last", kind="stable", ignore_index=True))
    store.undo(db, "cube-test")
    pd.testing.assert_frame_equal(_df(db, cube_by_year), before)


def test_imports_store_the_weekday_and_bring_an_older_file_up_to_date(db):
    """Every incident row an import writes gets its stored weekday (the weekday filter reads it).
    A file made before incidents.weekday existed, with an earlier import's archive, gets the
    column at its next import, filled for every row, and its undo puts the replaced rows back."""
    from bohan import db as bohan_db
    from bohan import importers
    from bohan.filters import CrimeFilter

    real = sorted((Path(__file__).parents[1] / "data" / "police" / "real").glob("hokkaido_2018_*.csv"))
    tables, report = importers.read("police", real, db=db, name="wd-test", city_code="012131")
    store.write(db, tables, report)
    wrong = ("SELECT count(*) FILTER (WHERE weekday IS DISTINCT FROM isodow(occurred_on) - 1) AS wrong, "
             "count(weekday) AS known FROM incidents")
    assert _df(db, wrong + " WHERE source = 'wd-test'").iloc[0].tolist() == [0, report.rows_kept]

    con = duckdb.connect(str(db))  # as a file made before the column was stored
    con.execute("ALTER TABLE incidents DROP COLUMN weekday")
    con.execute("ALTER TABLE archive_incidents DROP COLUMN weekday")
    con.close()
    before = _df(db, "SELECT source, count(*) AS n FROM incidents GROUP BY ALL ORDER BY ALL")
    store.write(db, tables, report)  # replaces wd-test: its old rows go to the archive
    assert _df(db, wrong).iloc[0].tolist() == [0, _df(db, "SELECT count(occurred_on) AS n FROM incidents").n[0]]
    con = bohan_db.connect(db, read_only=True)
    try:
        weekends = int(bohan_db.run(con, "crime/summary", **CrimeFilter(weekdays=(5, 6)).params())["n"].iloc[0])
    finally:
        con.close()
    assert weekends == _df(db, "SELECT count(*) AS n FROM incidents WHERE isodow(occurred_on) IN (6, 7)").n[0] > 0
    store.undo(db, "wd-test")
    pd.testing.assert_frame_equal(_df(db, "SELECT source, count(*) AS n FROM incidents GROUP BY ALL ORDER BY ALL"), before)
    assert _df(db, wrong).iloc[0, 0] == 0
