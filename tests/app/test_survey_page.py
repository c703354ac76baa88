"""The survey page in AppTest: both languages, the plan's numbers on screen, widgets and links."""

from __future__ import annotations

import json

import pytest

from tests.app.conftest import open_page

PAGE = "pages/5_survey.py"


def _text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [s.value for s in at.success] + [w.value for w in at.warning]
    parts += [h.value for h in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts)


def _frame(at, first_header: str, having: str | None = None):
    """The dataframe whose first column is ``first_header`` (and that has a column ``having``)."""
    return next(
        d.value
        for d in at.dataframe
        if d.value.columns[0] == first_header and (having is None or having in d.value.columns)
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_survey_page_runs_and_shows_the_plans_figures(built_db, lang):
    """No exception or error; sample notice; the plan's awareness table, 11.5, 14.4 and 18.6 on screen."""
    at = open_page(PAGE, lang)
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    assert ("サンプルデータ" if lang == "ja" else "Sample data") in " ".join(i.value for i in at.info)
    assert at.title[0].value == ("市民意識調査" if lang == "ja" else "Citizen survey")

    table = at.table[0].value  # the plan's table, as the plan prints it
    assert table.values.tolist() == [["53.3", "44.8", "34.9"], ["39.3", "48.9", "51.9"], ["92.6", "93.7", "86.8"]]
    header = list(table.columns)
    assert header[0].startswith("2024年度（令和6年度）" if lang == "ja" else "FY2024")
    assert header[2].startswith("2014年度（平成26年度）" if lang == "ja" else "FY2014")

    waves = _frame(at, "設問" if lang == "ja" else "Question")
    share = waves.columns[2]
    by_wave = {(q, w): v for q, w, v in zip(waves.iloc[:, 0], waves.iloc[:, 1], waves[share])}
    activity, satisfaction = (
        ("地域の防犯活動に参加", "地域の安全に満足")
        if lang == "ja"
        else ("Take part in community activity", "Satisfied with local safety")
    )
    fy = (
        (lambda y: {2019: "2019年度（令和元年度）", 2024: "2024年度（令和6年度）"}[y])
        if lang == "ja"
        else (lambda y: f"FY{y}")
    )
    assert by_wave[(activity, fy(2024))] == 11.5
    assert by_wave[(satisfaction, fy(2019))] == 14.4
    assert by_wave[(satisfaction, fy(2024))] == 18.6
    text = _text(at)
    assert ("0.1ポイント単位で一致" if lang == "ja" else "Matches the plan's figures") in text
    assert "ρ = " in text
    assert len(at.get("vega_lite_chart")) == 7 and len(at.get("deck_gl_json_chart")) == 2


def test_survey_page_says_fy2024_offences_cover_nine_months(built_db):
    """The perception section warns that FY2024's incidents stop at December 2024, and the rate table shows it."""
    at = open_page(PAGE, "ja")
    assert any("2024年4月〜12月（9か月）" in w.value for w in at.warning)
    rates = _frame(at, "地域（交番区域）", having="人口千人当たり（件）")
    assert len(rates) == 12
    honcho = rates[rates.iloc[:, 0] == "本町"].iloc[0]
    assert honcho["人口千人当たり（件）"] == f"{38 / 2401 * 1000:.1f}"


def test_changing_wave_and_question_redraws_groups(built_db):
    """Picking FY2019 and awareness redraws the groups and the maps for that wave."""
    at = open_page(PAGE, "en")
    at.segmented_control(key="sv_wave").set_value(2019).run()
    at.segmented_control(key="sv_question").set_value("awareness").run()
    assert not at.exception and not at.error
    ages = _frame(at, "Age band")
    assert ages["Respondents"].sum() == 1000
    assert "Perception vs reality (FY2019, by police-box area)" in _text(at)
    assert not any("cover" in w.value for w in at.warning)  # FY2019's incidents are a whole year
    assert at.query_params["fy"] in (["2019"], "2019") and at.query_params["q"] in (["awareness"], "awareness")


def test_link_with_wave_opens_that_wave(built_db):
    """?fy=2014&q=activity opens FY2014 and the activity question."""
    at = open_page(PAGE, "ja", query={"fy": "2014", "q": "activity"})
    assert not at.exception and not at.error
    assert at.segmented_control(key="sv_wave").value == 2014
    assert at.segmented_control(key="sv_question").value == "activity"


def test_bad_link_falls_back_with_a_note(built_db):
    """A wave or question not offered gives a note and the defaults, never a traceback."""
    at = open_page(PAGE, "en", query={"fy": "1999", "q": "'; DROP TABLE x"})
    assert not at.exception and not at.error
    assert any("not valid" in w.value for w in at.warning)
    assert at.segmented_control(key="sv_wave").value == 2024
    assert at.segmented_control(key="sv_question").value == "satisfaction"


def test_maps_carry_every_area_and_no_basemap(built_db):
    """Both maps draw the 12 police-box areas with labels and no basemap."""
    at = open_page(PAGE, "ja")
    for chart in at.get("deck_gl_json_chart"):
        spec = json.loads(chart.proto.json)
        assert "mapProvider" not in spec
        layers = {layer["id"]: layer for layer in spec["layers"]}
        assert len({row["koban"] for row in layers["areas"]["data"]}) == 12
        assert len(layers["labels"]["data"]) == 12


def test_broken_database_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    """A damaged database file: a short message in the user's language, no exception."""
    path = tmp_path / "bohan.duckdb"
    path.write_bytes(b"not a database")
    monkeypatch.setenv("BOHAN_DB", str(path))
    at = open_page(PAGE, "ja")
    assert not at.exception
    assert [e.value for e in at.error] == ["データを読み込めませんでした。時間をおいて再度お試しください。"]
