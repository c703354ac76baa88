"""Incident queries on a tiny hand-made database: literal expected rows for each filter."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from bohan import db
from bohan.filters import CrimeFilter
from bohan.paths import QUERIES_DIR
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Schema + tests/data/tiny_load.sql + the build-stage macros, as the build runs them."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    con = duckdb.connect(str(path))
    for sql in (QUERIES_DIR / "build" / "schema.sql", ROOT / "tests" / "data" / "tiny_load.sql",
                QUERIES_DIR / "build" / "macros.sql"):
        con.execute(sql.read_text(encoding="utf-8"))
    con.close()
    c = db.connect(path)
    yield c
    c.close()


def rows(con, name, f=CrimeFilter(), **extra):
    return [tuple(r) for r in db.run(con, name, **f.params(), **extra).itertuples(index=False)]


def test_no_filter_counts_everything(tiny):
    """NULL parameters mean no filter: all eight incidents, with what is unknown counted."""
    assert rows(tiny, "crime/summary") == [(8, 2, 1, 1)]


def test_koban_list_filter(tiny):
    """A box list keeps that box's incidents; every box still appears in the ranking."""
    f = CrimeFilter(koban=("美園",))
    assert rows(tiny, "crime/summary", f) == [(3, 0, 0, 1)]
    assert rows(tiny, "crime/counts_by_koban", f) == [("美園", 3), ("糸井", 0)]


def test_town_with_quote_stays_data(tiny):
    """A town name containing a quote is matched as data, never spliced into SQL."""
    f = CrimeFilter(town=("O'Brien町",))
    assert rows(tiny, "crime/counts_by_town", f) == [("O'Brien町", "糸井", 2), ("糸井一丁目", "糸井", 0), ("美園町一丁目", "美園", 0)]
    assert rows(tiny, "crime/summary", CrimeFilter(town=("O'Brien町' OR '1'='1",))) == [(0, 0, 0, 0)]


def test_offence_and_group_filters(tiny):
    """Offence groups and offences narrow as the hierarchy says."""
    assert rows(tiny, "crime/counts_by_offence", CrimeFilter(offence_group=("窃盗犯",))) == [
        ("窃盗犯", "自転車盗", 5), ("窃盗犯", "万引き", 1)]
    assert rows(tiny, "crime/summary", CrimeFilter(offence=("暴行", "器物損壊"))) == [(2, 1, 1, 0)]


def test_hour_range_and_wrap_past_midnight(tiny):
    """15-17 h keeps hours 15 and 16; 18-6 h wraps; unknown hours drop out of any hour filter."""
    assert rows(tiny, "crime/counts_by_hour_weekday", CrimeFilter(hours=(15, 17))) == [(0, 15, 1), (0, 16, 1)]
    night = rows(tiny, "crime/counts_by_hour_weekday", CrimeFilter(hours=(18, 6)))
    assert night == [(4, 18, 1), (5, 23, 1), (6, 2, 1)]
    assert rows(tiny, "crime/summary", CrimeFilter(hours=(0, 24))) == [(6, 0, 0, 1)]


def test_weekday_filter(tiny):
    """Weekday 0 is Monday (2023-01-02); Sunday is 6."""
    assert rows(tiny, "crime/summary", CrimeFilter(weekdays=(0,))) == [(2, 0, 0, 0)]
    assert rows(tiny, "crime/summary", CrimeFilter(weekdays=(6,))) == [(2, 0, 0, 1)]


def test_calendar_and_fiscal_years(tiny):
    """Calendar years count data_year; fiscal years count April-March of the recording date."""
    assert rows(tiny, "crime/counts_by_year", fiscal=False) == [(2022, 1), (2023, 5), (2024, 2)]
    assert rows(tiny, "crime/counts_by_year", fiscal=True) == [(2022, 3), (2023, 4), (2024, 1)]
    assert rows(tiny, "crime/summary", CrimeFilter(period="fiscal", start=2023, end=2023)) == [(4, 1, 0, 1)]
    assert rows(tiny, "crime/summary", CrimeFilter(period="year", start=2024, end=None)) == [(2, 1, 1, 1)]


def test_date_range_uses_occurrence_date(tiny):
    """A date range selects by occurrence date, inclusive; unknown dates drop out."""
    f = CrimeFilter(period="dates", start=dt.date(2022, 12, 30), end=dt.date(2023, 1, 2))
    assert rows(tiny, "crime/summary", f) == [(3, 0, 0, 0)]


def test_month_counts_keep_data_year(tiny):
    """Seasonality counts occurrence months per recorded year; unknown dates are left out."""
    assert rows(tiny, "crime/counts_by_month", fiscal=False) == [
        (2022, 12, 1), (2023, 1, 2), (2023, 4, 2), (2023, 5, 1), (2024, 3, 1)]
    assert rows(tiny, "crime/counts_by_month", fiscal=True) == [
        (2022, 1, 2), (2022, 12, 1), (2023, 3, 1), (2023, 4, 2), (2023, 5, 1)]


def test_place_counts(tiny):
    """Place types are counted as police write them."""
    assert rows(tiny, "crime/counts_by_place", CrimeFilter(koban=("糸井",))) == [
        ("道路上", 2), ("駐車（輪）場", 2), ("その他", 1)]
