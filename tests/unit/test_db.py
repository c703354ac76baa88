"""The named-query layer: parameters by name only, and every query runs against the schema."""
from __future__ import annotations

import pytest

from bohan import db


def test_query_names_exclude_build_stage():
    """Page queries are listed by their path; build-stage SQL is not a page query."""
    names = db.query_names()
    assert "home/annual_offences" in names and "data/dictionary" in names
    assert not any(n.startswith("build/") for n in names)


def test_param_names_ignore_comments_and_strings():
    """``$name`` in a comment or a string literal is not a parameter."""
    sql = "-- takes $not_me\nSELECT '$nor_me', x FROM t WHERE a = $koban_list AND b = $year"
    assert db.param_names(sql) == {"koban_list", "year"}


def test_run_refuses_wrong_parameters(con):
    """A call with missing or extra parameter names raises instead of running."""
    with pytest.raises(db.QueryError):
        db.run(con, "data/dictionary")
    with pytest.raises(db.QueryError):
        db.run(con, "data/dictionary", table_name="towns", extra=1)


def test_unknown_or_escaping_query_name_refused(con):
    """Only files inside queries/ can be run."""
    with pytest.raises(db.QueryError):
        db.run(con, "../bohan/paths")
    with pytest.raises(db.QueryError):
        db.run(con, "no/such_query")


def test_value_with_quote_stays_data(con):
    """A value containing a quote is bound, never spliced into SQL."""
    out = db.run(con, "data/dictionary", table_name="towns' OR '1'='1")
    assert out.empty
    assert not db.run(con, "data/dictionary", table_name="towns").empty


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_runs_against_the_schema(con, name):
    """Every page query runs on the built database with NULL for each parameter (= no filter)."""
    params = {p: None for p in db.param_names(db.load_sql(name))}
    db.run(con, name, **params)


@pytest.mark.parametrize("name", db.query_names())
def test_every_query_has_a_header_comment(name):
    """Each query file starts by saying what it returns and which parameters it takes."""
    text = db.load_sql(name)
    assert text.startswith("--")
    assert "Parameters:" in text and "Returns:" in text


def test_readers_keep_duckdb_memory_bounded(built_db, tmp_path, monkeypatch):
    """A read-only connection (the app's) caps DuckDB's memory (else it caches up to 80 % of the
    machine's RAM) and spills into a temporary folder; ``BOHAN_DUCKDB_MEMORY`` changes the cap; a
    value that is not a size falls back to the default instead of stopping the app."""
    def limit(con) -> str:
        return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]

    import shutil

    path = shutil.copy(built_db, tmp_path / "own.duckdb")  # a file no other connection of the session has open
    monkeypatch.delenv("BOHAN_DUCKDB_MEMORY", raising=False)
    con = db.connect(path)
    assert limit(con) == "488.2 MiB"  # 512 MB as DuckDB says it
    assert con.execute("SELECT current_setting('temp_directory')").fetchone()[0] == db.reader_config()["temp_directory"]
    con.close()
    monkeypatch.setenv("BOHAN_DUCKDB_MEMORY", "1GB")
    con = db.connect(path)
    assert limit(con) == "953.6 MiB"
    con.close()
    monkeypatch.setenv("BOHAN_DUCKDB_MEMORY", "lots")
    con = db.connect(path)
    assert limit(con) == "488.2 MiB"
    con.close()


def test_a_large_table_read_through_arrow_holds_what_run_gives(con, built_db, tmp_path):
    """The staff download (db.run_table) has the rows, columns and values db.run gives; a missing
    fiscal year stays empty in the CSV (a nullable integer), not a float like 2019.0."""
    import shutil

    import duckdb
    import pandas as pd

    from bohan import export
    from bohan.filters import CrimeFilter

    p = CrimeFilter(start=2023, end=2023).params()
    table = db.run_table(con, "crime/table_for_download", **p)
    assert len(table) > 100
    pd.testing.assert_frame_equal(table, db.run(con, "crime/table_for_download", **p), check_dtype=False)
    with pytest.raises(db.QueryError):
        db.run_table(con, "crime/table_for_download", koban_list=None)

    path = tmp_path / "nulls.duckdb"
    shutil.copy2(built_db, path)
    w = duckdb.connect(str(path))
    w.execute("UPDATE incidents SET fiscal_year = NULL WHERE data_year = 2023 AND koban = (SELECT min(koban) FROM incidents)")
    w.close()
    c = db.connect(path)
    try:
        lines = export.csv_bytes(db.run_table(c, "crime/table_for_download", **p)).decode("utf-8-sig").splitlines()
    finally:
        c.close()
    assert lines[0].startswith("data_year,fiscal_year,")
    assert any(line.startswith("2023,,") for line in lines) and not any(".0," in line for line in lines)
