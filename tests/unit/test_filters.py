"""The shared incident filter: parameters, words, URL round trip, bad links, chart selections."""
from __future__ import annotations

import datetime as dt

import pytest

from bohan.filters import FILTER_PARAMS, CrimeFilter, Selection, Vocab

VOCAB = Vocab(
    kobans=("糸井", "美園", "木場"),
    towns={"糸井": ("日新町一丁目", "O'Brien町"), "美園": ("美園町一丁目",), "木場": ("木場町一丁目",)},
    offences={"窃盗犯": ("自転車盗", "万引き"), "粗暴犯": ("暴行",)},
    places=("道路上", "公園"),
    years=(2014, 2024),
    fiscal_years=(2014, 2023),
    dates=(dt.date(2014, 1, 1), dt.date(2024, 12, 31)),
)


def test_params_cover_the_macro_and_mean_all_when_empty():
    """An empty filter binds NULL for every macro parameter."""
    p = CrimeFilter().params()
    assert tuple(p) == FILTER_PARAMS
    assert all(v is None for v in p.values())


def test_params_of_a_full_filter():
    """Lists bind as lists, hours as start/end, the period by its kind."""
    p = CrimeFilter(koban=("糸井",), hours=(18, 6), weekdays=(5, 6), period="fiscal", start=2019, end=2023).params()
    assert p["koban_list"] == ["糸井"] and p["hour_start"] == 18 and p["hour_end"] == 6
    assert p["weekday_list"] == [5, 6] and (p["fy_from"], p["fy_to"]) == (2019, 2023)
    assert p["year_from"] is None and p["date_from"] is None


def test_describe_in_words_japanese():
    """The filter reads as the issue's example, in Japanese."""
    f = CrimeFilter(koban=("糸井", "美園"), offence=("自転車盗",), hours=(15, 17), start=2023, end=2023)
    assert f.describe("ja") == "2023年・糸井, 美園・自転車盗・15〜17時"


def test_describe_in_words_english_and_defaults():
    """English translates stored values; an empty filter says whole city, all offences."""
    f = CrimeFilter(koban=("糸井",), offence_group=("窃盗犯",), hours=(18, 6), weekdays=(5, 6), period="fiscal", start=2019, end=2023)
    assert f.describe("en") == "FY2019-FY2023 · Itoi · Theft · 18:00-06:00 · Sat, Sun"
    assert CrimeFilter().describe("ja", VOCAB) == "2014〜2024年・市全域・全刑法犯"
    assert CrimeFilter(hours=(18, 6)).describe("ja").endswith("18〜翌6時")


def test_url_round_trip():
    """A filter written to the URL reads back identical, with no notes."""
    f = CrimeFilter(koban=("糸井", "美園"), town=("O'Brien町",), offence_group=("窃盗犯",), offence=("自転車盗",),
                    place_type=("公園",), hours=(18, 6), weekdays=(0, 4), period="dates",
                    start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 30))
    back, notes = CrimeFilter.from_url(f.to_url(), VOCAB, "ja")
    assert back == f and notes == []
    for g in (CrimeFilter(period="fiscal", start=2019, end=2023), CrimeFilter(start=2020, end=None), CrimeFilter()):
        assert CrimeFilter.from_url(g.to_url(), VOCAB, "en") == (g, [])


@pytest.mark.parametrize(
    "query, expected, note_word",
    [
        ({"koban": "糸井,交番X"}, CrimeFilter(koban=("糸井",)), "交番X"),
        ({"hours": "25-3"}, CrimeFilter(), "25-3"),
        ({"hours": "abc"}, CrimeFilter(), "abc"),
        ({"wd": "0,9"}, CrimeFilter(weekdays=(0,)), "0,9"),
        ({"y": "1999-2023"}, CrimeFilter(), "1999-2023"),
        ({"d": "2023-02-30~2023-03-01"}, CrimeFilter(period="dates"), "2023-02-30"),
        ({"offence": "'; DROP TABLE incidents; --"}, CrimeFilter(), "DROP TABLE"),
        ({"wd": "²,1"}, CrimeFilter(weekdays=(1,)), "²"),
        ({"wd": "9" * 5000}, CrimeFilter(), "999"),
        ({"hours": "١٥-١٧"}, CrimeFilter(), "١٥"),
        ({"d": "1900-01-01~2023-01-31"}, CrimeFilter(period="dates"), "1900-01-01"),
        ({"d": "2023-01-01~2099-12-31"}, CrimeFilter(period="dates"), "2099-12-31"),
    ],
)
def test_bad_url_parts_are_ignored_with_a_note(query, expected, note_word):
    """Unknown boxes, impossible hours or malformed dates are dropped, and a note says which."""
    f, notes = CrimeFilter.from_url(query, VOCAB, "ja")
    assert f == expected
    assert len(notes) == 1 and note_word in notes[0]


def test_notes_in_english():
    """Notes speak the user's language."""
    _, notes = CrimeFilter.from_url({"koban": "Nowhere"}, VOCAB, "en")
    assert notes == ['The link\'s Police box "Nowhere" is not in the data and was ignored.']


def test_citywide_means_the_plans_scope():
    """Only a filter on period alone matches the plan's city-wide target."""
    assert CrimeFilter(start=2020, end=2023).is_citywide()
    assert not CrimeFilter(hours=(15, 17)).is_citywide()
    assert not CrimeFilter(koban=("糸井",)).is_citywide()


def test_selection_narrows_other_charts_not_its_own():
    """A clicked box narrows every chart but the box ranking itself."""
    sel = Selection.from_events({"koban": {"selection": {"pick": [{"koban": "美園"}]}},
                                 "cells": {"selection": {"cell": [{"weekday": 2, "hour": 15}]}}})
    base = CrimeFilter(offence=("自転車盗",))
    assert sel.apply(base).koban == ("美園",)
    assert sel.apply(base, skip="koban").koban == ()
    assert sel.apply(base).weekdays == (2,) and sel.apply(base).hours == (15, 16)
    assert sel.apply(base, skip="cells").hours is None
    assert Selection.from_events({}).is_empty()


def test_hours_ending_at_midnight_read_as_24():
    """``5-0`` and ``5-24`` are the same band; the link gives the end the hour widgets offer."""
    assert CrimeFilter.from_url({"hours": "5-0"}, VOCAB, "ja") == (CrimeFilter(hours=(5, 24)), [])


def test_repeated_link_key_counts_by_its_last_value():
    """A key repeated in the link (a list) is read as Streamlit reads it: the last value."""
    f, notes = CrimeFilter.from_url({"koban": ["糸井", "美園"], "y": ["2019", "2020-2023"]}, VOCAB, "ja")
    assert f == CrimeFilter(koban=("美園",), start=2020, end=2023) and notes == []


def test_dates_without_bounds_round_trip():
    """Choosing dates without picking any stays a choice of dates in the link."""
    f = CrimeFilter(period="dates")
    assert f.to_url() == {"d": "~"}
    assert CrimeFilter.from_url(f.to_url(), VOCAB, "en") == (f, [])


@pytest.mark.parametrize(
    "value, shown",
    [
        ("[log in](https://evil.example/)", r"\[log in\]\(https\://evil\.example/\)"),
        ("![x](x.png)", r"\!\[x\]\(x\.png\)"),
        ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
        ("糸井\x00\u202e\n# big", "糸井\ufffd\ufffd # big"),
        ("x" * 500, "x" * 59 + "…"),
    ],
)
def test_notes_quote_the_link_as_plain_text(value, shown):
    """A note quotes the link as typed: Markdown escaped, control characters shown as U+FFFD, long values cut."""
    _, notes = CrimeFilter.from_url({"koban": value}, VOCAB, "en")
    assert notes == [f'The link\'s Police box "{shown}" is not in the data and was ignored.']


def test_town_views_cover_the_city_unless_boxes_are_named():
    """A city's own file (home None): every box's towns, as before. A file holding other areas too:
    the city's boxes' towns, or those of the boxes named (even outside the city)."""
    import dataclasses

    assert VOCAB.scope() is None and VOCAB.scope(("美園",)) == ("美園",)
    assert VOCAB.towns_in_view() == ["日新町一丁目", "O'Brien町", "美園町一丁目", "木場町一丁目"]
    national = dataclasses.replace(VOCAB, home=("糸井", "美園"))
    assert national.scope() == ("糸井", "美園")
    assert national.towns_in_view() == ["日新町一丁目", "O'Brien町", "美園町一丁目"]
    assert national.towns_in_view(["木場"]) == ["木場町一丁目"]
    assert national.towns.known(["木場町一丁目", "O'Brien町", "日新町"]) == {"木場町一丁目", "O'Brien町"}


def test_home_boxes_are_those_inside_the_city_boundary(tmp_path):
    """Boxes whose point lies in the boundary (or that have no point) are the city's; when all (or
    none) are, there is no narrowing (None)."""
    import duckdb

    from bohan import db
    from bohan.filters import home_kobans

    path = tmp_path / "h.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE boundary (name VARCHAR, city_code VARCHAR, geometry_wkt VARCHAR, source VARCHAR)")
    con.execute("INSERT INTO boundary VALUES ('c', '1', 'POLYGON((141 42, 142 42, 142 43, 141 43, 141 42))', 's')")
    con.execute("CREATE TABLE koban_areas (koban VARCHAR, lat DOUBLE, lon DOUBLE)")
    con.execute("INSERT INTO koban_areas VALUES ('a', 42.5, 141.5), ('b', 42.6, 141.6)")
    con.close()
    with db.connect(path, read_only=False) as c:
        assert home_kobans(c) is None  # every box is the city's
        c.execute("INSERT INTO koban_areas VALUES ('far', 35.0, 139.0), ('unplaced', NULL, NULL)")
        assert home_kobans(c) == ("a", "b", "unplaced")  # a box with no point is not known to lie elsewhere
        c.execute("DELETE FROM koban_areas WHERE koban <> 'far'")
        assert home_kobans(c) is None  # none inside: the boundary says nothing about these boxes
