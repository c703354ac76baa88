"""Every page runs in AppTest, in both languages, with real content and no error."""
from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest
from altair.utils.schemapi import validate_jsonschema
from altair.vegalite.v6.schema import load_schema

from bohan.ui import PAGES
from tests.app.conftest import open_page

SCRIPTS = [script for script, _, _ in PAGES]
VEGA_LITE_SCHEMA = load_schema()


def _data_names(spec) -> set[str]:
    """Every ``{"data": {"name": ...}}`` a Vega-Lite spec refers to, at any depth."""
    if isinstance(spec, dict):
        found = {spec["data"]["name"]} if isinstance(spec.get("data"), dict) and "name" in spec["data"] else set()
        return found.union(*(_data_names(v) for k, v in spec.items() if k != "datasets"))
    if isinstance(spec, list):
        return set().union(*(_data_names(v) for v in spec))
    return set()


def _page_arg(script: str) -> str | None:
    return None if script == "app.py" else script


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [h.value for h in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("script", SCRIPTS)
def test_page_runs_without_error(built_db, script, lang):
    """The page renders with no exception and no error box, and says it shows sample data."""
    at = open_page(_page_arg(script), lang)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    notice = " ".join(i.value for i in at.info)
    assert ("サンプルデータ" if lang == "ja" else "Sample data") in notice
    for chart in at.get("vega_lite_chart"):  # the app draws specs unvalidated (charts.vega_spec): they must be valid
        spec = json.loads(chart.proto.spec)
        validate_jsonschema(spec, VEGA_LITE_SCHEMA)  # raises with the first problem
        names = {d.name for d in chart.proto.datasets} | set(spec.get("datasets", {}))
        assert _data_names(spec) <= names, (_data_names(spec), names)  # every named dataset is sent


def test_home_shows_plan_headline_figures(built_db):
    """The home page shows each indicator's latest value and its target, as the plan states."""
    at = open_page(None, "ja")
    values = {m.label: m.value for m in at.metric}
    assert values["刑法犯認知件数"] == "929件"
    assert sorted(values.values()) == sorted(["929件", "18.6%", "26台", "1,100人", "220回"])
    deltas = " ".join(str(m.proto.delta) for m in at.metric)
    for target in ("650件", "25.0%", "40台", "2,000人", "300回"):
        assert target in deltas


def test_home_trend_chart_carries_plan_years(built_db):
    """The trend chart's data has the plan's figures and the 650 target for FY2029."""
    at = open_page(None, "en")
    chart = at.get("vega_lite_chart")[0].proto
    assert json.loads(chart.spec)["layer"], "the trend chart has no layers"
    rows = [r for d in chart.datasets for r in pa.ipc.open_stream(d.data.data).read_all().to_pylist()]
    points = {(r.get("year"), r.get("offences")) for r in rows}
    assert {(2003, 3826), (2019, 1028), (2020, 660), (2023, 929), (2029, 650)} <= points


def test_home_in_english_has_no_japanese_labels(built_db):
    """In English, titles, metrics' labels and captions are English."""
    at = open_page(None, "en")
    assert at.title[0].value == "Bōhan Atlas"
    labels = [m.label for m in at.metric]
    assert "Offences known to police" in labels
    assert all(not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", label.replace("「", "").replace("」", "")) for label in labels)
    assert all(c.value.isascii() or "（" not in c.value for c in at.caption)


def test_language_switch_survives_page_change(built_db):
    """Choosing English in the sidebar keeps English after moving to another page."""
    at = open_page(None, "ja")
    at.sidebar.radio(key="lang_widget").set_value("en").run()
    assert at.title[0].value == "Bōhan Atlas"
    at.switch_page("pages/9_data.py").run()
    assert at.title[0].value == "Data"
    assert at.query_params["lang"] == ["en"] or at.query_params["lang"] == "en"


def test_data_page_lists_tables_and_dictionary(built_db):
    """The data page lists every table with its licence and describes the chosen table's columns."""
    at = open_page("pages/9_data.py", "ja")
    tables = at.dataframe[0].value
    from bohan.build import catalogue

    assert len(tables) == len(catalogue.SOURCES)  # every table the build writes, new ones included
    assert {"indicator_values", "town_population"} <= set(tables.iloc[:, 0])
    # row counts with separators in a column wide enough for a national file's 10,000,000 (was cut)
    rows = json.loads(at.dataframe[0].proto.columns)["行数"]
    assert rows["type_config"]["format"] == "localized" and rows["width"] >= 110
    at.selectbox(key="data_table").set_value("incidents").run()
    dictionary = at.dataframe[1].value
    assert "occurred_at" in dictionary.iloc[:, 0].tolist()
    assert "「Geolonia 住所データ」(CC BY 4.0) を加工して作成" in _text(at)


def test_first_start_builds_database(tmp_path, monkeypatch):
    """With no database file, the first visit builds it (with progress) and shows the figures."""
    path = tmp_path / "fresh" / "bohan.duckdb"
    monkeypatch.setenv("BOHAN_DB", str(path))
    at = open_page(None, "ja", timeout=120)
    assert path.exists()
    assert not at.exception
    assert "929件" in [m.value for m in at.metric]


def test_database_named_by_bohan_db_is_only_read(tmp_path, monkeypatch, built_db):
    """BOHAN_DB pointing at an existing file (e.g. a large generated one): every page runs on it and
    the file is left byte for byte, with nothing written beside it but the links readers open it by."""
    import hashlib
    import shutil

    from tests.conftest import files_in

    path = tmp_path / "big.duckdb"
    shutil.copy2(built_db, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    monkeypatch.setenv("BOHAN_DB", str(path))
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "elsewhere" / "workspace.duckdb"))
    for script in SCRIPTS:
        at = open_page(_page_arg(script), "en", timeout=120)
        assert not at.exception and not at.error, (script, [e.message for e in at.exception])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert files_in(tmp_path) == ["big.duckdb", "elsewhere"]


def test_database_with_imports_from_before_the_cube_is_upgraded(tmp_path, monkeypatch, built_db):
    """A database at the default place made before incident_cube and the stored weekday existed,
    holding staff imports (so never rebuilt), gets them from its own rows on the first visit: the
    figures stay and the trends page works."""
    import shutil

    import duckdb

    from bohan import cache, paths

    folder = tmp_path / "data" / "build"
    folder.mkdir(parents=True)
    path = folder / "bohan.duckdb"
    shutil.copy(built_db, path)
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE imports (import_id INTEGER)")  # the sign of staff imports
    con.execute("DROP MACRO TABLE incident_counts")
    con.execute("DROP MACRO TABLE filtered_incidents")
    con.execute("DROP TABLE incident_cube")
    con.execute("ALTER TABLE incidents DROP COLUMN weekday")
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    con.close()
    monkeypatch.delenv("BOHAN_DB", raising=False)
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(cache, "_CHECKED", set())
    at = open_page("pages/1_trends.py", "en", timeout=120)
    assert not at.exception and not at.error, [e.message for e in at.exception]
    assert at.metric[0].value == f"{n:,}"
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM imports").fetchone()[0] == 0  # the file kept, not rebuilt
    assert con.execute("SELECT count(*) FROM incidents WHERE weekday IS DISTINCT FROM isodow(occurred_on) - 1"
                       ).fetchone()[0] == 0
    con.close()


def test_a_named_file_from_an_older_version_says_how_to_update_it(tmp_path, monkeypatch, built_db):
    """A file named by BOHAN_DB, made before the stored weekday and incident_towns existed: every
    page stops with a message in the user's language naming the update command (no traceback, the
    file untouched); after ``python -m bohan.build --update`` it opens with its figures. A file that
    lacks more than derived data is not offered the update."""
    import hashlib
    import shutil

    import duckdb

    from bohan import cache
    from bohan.build.__main__ import main

    path = tmp_path / "old.duckdb"
    shutil.copy(built_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP MACRO TABLE incident_counts")
    con.execute("DROP MACRO TABLE filtered_incidents")
    con.execute("DROP TABLE incident_towns")
    con.execute("ALTER TABLE incidents DROP COLUMN weekday")
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    con.close()
    monkeypatch.setenv("BOHAN_DB", str(path))
    monkeypatch.setattr(cache, "_CHECKED", set())
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for lang, words in (("ja", "古い版"), ("en", "older version")):
        at = open_page("pages/1_trends.py", lang)
        assert not at.exception, [e.message for e in at.exception]
        message = " ".join(e.value for e in at.error)
        assert words in message and f"python -m bohan.build --update {path}" in message
        assert "incident_towns" in message and "incidents.weekday" in message
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before

    assert main(["--update", str(path)]) == 0
    monkeypatch.setattr(cache, "_CHECKED", set())
    at = open_page("pages/1_trends.py", "en")
    assert not at.exception and not at.error, [e.message for e in at.exception]
    assert at.metric[0].value == f"{n:,}"

    con = duckdb.connect(str(path))
    con.execute("DROP TABLE fraud_cases")
    con.close()
    monkeypatch.setattr(cache, "_CHECKED", set())
    at = open_page("pages/1_trends.py", "en")
    message = " ".join(e.value for e in at.error)
    assert "fraud_cases" in message and "--update" not in message and "build it again" in message
    assert main(["--update", str(path)]) == 2


def test_broken_database_gives_clear_message(tmp_path, monkeypatch):
    """A damaged database file shows a short message in the user's language, no traceback."""
    path = tmp_path / "bohan.duckdb"
    path.write_bytes(b"this is not a database")
    monkeypatch.setenv("BOHAN_DB", str(path))
    at = open_page(None, "en")
    assert not at.exception
    assert [e.value for e in at.error] == ["The data could not be loaded. Please try again in a moment."]
    assert path.read_bytes() == b"this is not a database"  # nothing overwritten


def test_sample_database_from_an_older_version_is_rebuilt(tmp_path, monkeypatch, built_db):
    """The sample database at the default place, made before a table was added or a column
    changed, is rebuilt on
    the first visit (it is generated, so nothing is lost), and the new pages work at once."""
    import shutil

    import duckdb

    from bohan import cache, paths

    old = tmp_path / "data" / "build" / "bohan.duckdb"
    old.parent.mkdir(parents=True)
    shutil.copy(built_db, old)
    con = duckdb.connect(str(old))
    con.execute("DROP TABLE indicator_values")
    con.execute("ALTER TABLE incidents ALTER COLUMN fiscal_year SET NOT NULL")  # as built before imports
    con.close()
    monkeypatch.delenv("BOHAN_DB", raising=False)
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path / "data")
    monkeypatch.setattr(cache, "_CHECKED", set())
    assert cache.schema_differences(old) == {"indicator_values", "incidents.fiscal_year"}
    at = open_page("pages/4_progress.py", "ja", timeout=120)
    assert not at.exception and not at.error
    assert cache.schema_differences(old) == set()
