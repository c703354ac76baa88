"""Incident queries on a tiny hand-made database: literal expected rows for each filter."""
from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from bohan import db
from bohan.build import derived
from bohan.filters import CrimeFilter
from bohan.paths import QUERIES_DIR
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """Schema + tests/data/tiny_load.sql, then the derived data and the macros, as the build makes them."""
    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    con = duckdb.connect(str(path))
    for sql in (QUERIES_DIR / "build" / "schema.sql", ROOT / "tests" / "data" / "tiny_load.sql"):
        con.execute(sql.read_text(encoding="utf-8"))
    derived.refresh(con)
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


# --- the pre-aggregated path gives what counting every incident gives ----------------------------
_ROWS = ("filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, "
         "$weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, NULL)")
#: Each count query as it would be written over every matching incident row (no incident_cube, a
#: town filter without its boxes).
REFERENCE = {
    "crime/summary": f"""SELECT count(*), count(*) FILTER (WHERE hour IS NULL), count(*) FILTER (WHERE occurred_on IS NULL),
        count(*) FILTER (WHERE town IS NULL) FROM {_ROWS}""",
    "crime/counts_by_year": f"""SELECT CASE WHEN $fiscal THEN fiscal_year ELSE data_year END AS year, count(*) FROM {_ROWS}
        WHERE NOT coalesce($fiscal, false) OR fiscal_year IS NOT NULL GROUP BY ALL ORDER BY year""",
    "crime/counts_by_month": f"""SELECT CASE WHEN $fiscal THEN fiscal_year ELSE data_year END AS year, month(occurred_on) AS month,
        count(*) FROM {_ROWS} WHERE occurred_on IS NOT NULL AND (NOT coalesce($fiscal, false) OR fiscal_year IS NOT NULL)
        GROUP BY ALL ORDER BY year, month""",
    "crime/counts_by_hour_weekday": f"""SELECT isodow(occurred_on) - 1 AS weekday, hour, count(*) FROM {_ROWS}
        WHERE hour IS NOT NULL AND occurred_on IS NOT NULL GROUP BY ALL ORDER BY weekday, hour""",
    "crime/counts_by_offence": f"""SELECT offence_group, offence, count(*) AS n FROM {_ROWS} GROUP BY ALL ORDER BY n DESC, offence""",
    "crime/counts_by_place": f"""SELECT coalesce(place_type, '不明') AS place_type, count(*) AS n FROM {_ROWS}
        GROUP BY ALL ORDER BY n DESC, place_type""",
}


def _filters(v):
    """Filters that take the pre-aggregated path (no box, town or dates) and ones that do not."""
    groups = list(v.offences)
    return [
        CrimeFilter(), CrimeFilter(period="year", start=2019, end=2021), CrimeFilter(period="fiscal", start=2020, end=2023),
        CrimeFilter(hours=(18, 6), weekdays=(5, 6)), CrimeFilter(hours=(15, 17), offence_group=(groups[0],)),
        CrimeFilter(offence=(v.offences[groups[0]][0],), place_type=(v.places[0],)),
        CrimeFilter(koban=(v.kobans[0],)), CrimeFilter(koban=(v.kobans[1],), hours=(8, 12), period="year", start=2023, end=2023),
        CrimeFilter(town=(v.towns[v.kobans[0]][0],)),
        CrimeFilter(town=(v.towns[v.kobans[0]][1], v.towns[v.kobans[2]][0]), hours=(18, 6)),
        CrimeFilter(koban=(v.kobans[1],), town=(v.towns[v.kobans[0]][0],)),  # a town outside the box: nothing
        CrimeFilter(period="dates", start=dt.date(2022, 12, 1), end=dt.date(2023, 2, 28)),
    ]


@pytest.mark.parametrize("name", sorted(REFERENCE))
def test_counts_from_the_cube_equal_counts_of_every_incident(con, name):
    """On the sample, for filters with and without a box, town or dates, each count query gives
    exactly what counting every matching incident gives (the cube and the rows agree; a town
    filter bound with its boxes, as the pages bind it, counts what the town alone does)."""
    from bohan.filters import Vocab

    v = Vocab.read(con)
    for f in _filters(v):
        extra = {"fiscal": f.period == "fiscal"} if "fiscal" in db.param_names(db.load_sql(name)) else {}
        got = [tuple(r) for r in db.run(con, name, **f.params(v), **extra).itertuples(index=False)]
        params = {k: val for k, val in {**f.params(), **extra}.items() if k in db.param_names(REFERENCE[name])}
        want = [tuple(r) for r in con.execute(REFERENCE[name], params).fetchall()]
        assert got == want, (name, f)


def test_a_town_filter_reads_the_boxes_its_incidents_lie_in(con, built_db, tmp_path):
    """A town filter is bound with the boxes its incidents lie in (town_boxes), which a police file
    may place in another box than the town list says: those incidents are still counted."""
    import shutil

    from bohan.build import derived
    from bohan.filters import Vocab

    v = Vocab.read(con)
    town = v.towns[v.kobans[0]][0]
    assert CrimeFilter(town=(town,)).params(v)["town_boxes"] == [v.kobans[0]]
    path = tmp_path / "moved.duckdb"
    shutil.copy2(built_db, path)
    w = duckdb.connect(str(path))
    w.execute("INSERT INTO incidents SELECT * REPLACE ('moved-1' AS incident_id, ? AS koban) FROM incidents "
              "WHERE town = ? LIMIT 1", [v.kobans[1], town])
    derived.refresh(w)
    w.close()
    moved = db.connect(path)
    try:
        mv = Vocab.read(moved)
        f = CrimeFilter(town=(town,))
        assert f.params(mv)["town_boxes"] == sorted([v.kobans[0], v.kobans[1]])
        want = moved.execute("SELECT count(*) FROM incidents WHERE town = ?", [town]).fetchone()[0]
        assert db.run(moved, "crime/summary", **f.params(mv))["n"].iloc[0] == want
        by_box = db.run(moved, "crime/counts_by_koban", **f.params(mv)).set_index("koban")["n"]
        assert by_box[v.kobans[1]] == 1 and by_box.sum() == want
    finally:
        moved.close()


def test_a_database_from_before_the_cube_gets_it_from_its_next_writer(tmp_path, built_db):
    """A file made before incident_cube existed (no table, old macros) is upgraded by the next
    refresh (every import and undo runs one): the table is made, filled, and the queries use it."""
    import shutil

    from bohan.build import derived

    path = tmp_path / "old.duckdb"
    shutil.copy(built_db, path)
    con = duckdb.connect(str(path))
    con.execute("DROP MACRO TABLE incident_counts")
    con.execute("DROP TABLE incident_cube")
    with pytest.raises(duckdb.Error):
        db.run(con, "crime/summary", **CrimeFilter().params())
    derived.refresh(con)
    n = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
    assert con.execute("SELECT sum(n) FROM incident_cube").fetchone()[0] == n
    assert int(db.run(con, "crime/summary", **CrimeFilter().params()).iloc[0]["n"]) == n
    con.close()
