"""The trend page in AppTest: filters change the figures as the data says; links round-trip."""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from tests.app.conftest import open_page

PAGE = "pages/1_trends.py"


def incidents_shown(at) -> int:
    return int(next(m for m in at.metric if m.label in ("件数", "Incidents")).value.replace(",", ""))


def count(con, where: str = "TRUE", params=()) -> int:
    return con.execute(f"SELECT count(*) FROM incidents WHERE {where}", list(params)).fetchone()[0]  # test-only SQL


def test_trends_page_opens_on_everything(built_db, con):
    """With no filter the page counts every incident and says so in words."""
    at = open_page(PAGE)
    assert not at.exception and not at.error
    assert incidents_shown(at) == count(con)
    assert any("市全域・全刑法犯" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "key, value, where, params",
    [
        ("f_koban", ["糸井"], "koban = ?", ["糸井"]),
        ("f_group", ["粗暴犯"], "offence_group = ?", ["粗暴犯"]),
        ("f_weekdays", [5, 6], "isodow(occurred_on) IN (6, 7)", []),
    ],
)
def test_each_filter_changes_the_count_as_the_data_says(built_db, con, key, value, where, params):
    """Setting a filter widget makes the page count exactly the matching incidents."""
    at = open_page(PAGE)
    widget = at.sidebar.multiselect(key=key) if key != "f_weekdays" else None
    if widget is not None:
        widget.set_value(value).run()
    else:
        at.session_state[key] = value
        at.run()
    assert not at.exception
    assert incidents_shown(at) == count(con, where, params)


def test_hour_band_children_counts_15_to_17(built_db, con):
    """The children's band counts incidents at 15:00-16:59 and says 15〜17時."""
    at = open_page(PAGE)
    at.sidebar.selectbox(key="f_hour_band").set_value("children").run()
    assert incidents_shown(at) == count(con, "hour IN (15, 16)")
    assert any("15〜17時" in m.value for m in at.markdown)


def test_year_period_and_url(built_db, con):
    """Choosing 2023 counts 2023 only and writes the filter to the URL."""
    at = open_page(PAGE)
    at.sidebar.multiselect(key="f_koban").set_value(["美園"]).run()
    at.sidebar.slider(key="f_years").set_value((2023, 2023)).run()
    assert incidents_shown(at) == count(con, "koban = '美園' AND data_year = 2023")
    assert at.query_params["koban"] in (["美園"], "美園")
    assert at.query_params["y"] in (["2023-2023"], "2023-2023")


def test_link_reopens_the_same_view(built_db, con):
    """A copied link (query string) reopens the same filter, described the same way."""
    query = {"koban": "糸井,美園", "offence": "自転車盗", "hours": "15-17", "y": "2023-2023"}
    at = open_page(PAGE, query=query)
    assert not at.exception and not at.warning
    assert any("2023年・糸井, 美園・自転車盗・15〜17時" in m.value for m in at.markdown)
    expected = count(con, "koban IN ('糸井', '美園') AND offence = '自転車盗' AND hour IN (15, 16) AND data_year = 2023")
    assert incidents_shown(at) == expected


def test_bad_link_parts_are_ignored_with_a_note(built_db, con):
    """Unknown boxes, impossible hours and a bad date open the page anyway, with a note each."""
    query = {"koban": "糸井,交番X", "hours": "25-3", "d": "2023-02-30~2023-03-01"}
    at = open_page(PAGE, query=query)
    assert not at.exception and not at.error
    notes = " ".join(w.value for w in at.warning)
    assert "交番X" in notes and "25-3" in notes and "2023-02-30" in notes
    assert incidents_shown(at) == count(con, "koban = '糸井' AND occurred_on IS NOT NULL")


def test_filter_survives_page_switch(built_db):
    """The filter chosen on the trend page is still there after visiting another page."""
    at = open_page(PAGE)
    at.sidebar.multiselect(key="f_koban").set_value(["木場"]).run()
    at.switch_page("pages/9_data.py").run()
    at.switch_page(PAGE).run()
    assert at.sidebar.multiselect(key="f_koban").value == ["木場"]


def test_chart_selection_narrows_other_charts(built_db, con):
    """A box clicked in the ranking narrows the count, and the page says what is selected."""
    at = open_page(PAGE)
    at.session_state["sel_koban"] = {"selection": {"pick": [{"koban": "駅前"}]}}
    at.run()
    assert incidents_shown(at) == count(con, "koban = '駅前'")
    assert any("駅前" in i.value for i in at.info)


def test_english_page_is_english(built_db):
    """In English the filter and headings are English."""
    at = open_page(PAGE, lang="en")
    assert at.title[0].value == "Crime trends"
    assert any("Whole city · All offences" in m.value for m in at.markdown)


def test_download_too_large_for_excel_is_not_offered(built_db, con, monkeypatch):
    """Staff: when more incidents match than Excel has rows (a national database unfiltered), the page
    says so and how to narrow instead of offering a table Excel would cut; narrowed, the button is back."""
    from bohan import export
    from bohan.i18n import t
    from tests.app.conftest import as_staff

    box_n = count(con, "koban = ?", ["糸井"])
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", box_n)  # the whole city is "too many", one box fits
    at = as_staff(open_page(PAGE))
    assert not at.exception and not at.error
    assert t("download.csv", "ja") not in [b.label for b in at.get("download_button")]
    assert t("download.csv.too_many", "ja", n=count(con), rows=box_n) in [i.value for i in at.info]
    at.sidebar.multiselect(key="f_koban").set_value(["糸井"]).run()
    assert t("download.csv", "ja") in [b.label for b in at.get("download_button")]
    assert not [i for i in at.info if "Excel" in i.value]
