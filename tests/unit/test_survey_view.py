"""The survey page's figures: the plan's survey numbers exactly, Wilson intervals by hand,
rates per 1,000 residents against a direct count, the small-numbers rule, and the builders."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pandas as pd
import pytest

from bohan import db
from bohan import survey_view as sv

PLAN_AWARENESS = {  # the plan's table: (always, rather, subtotal) by fiscal year
    2024: (53.3, 39.3, 92.6),
    2019: (44.8, 48.9, 93.7),
    2014: (34.9, 51.9, 86.8),
}


@pytest.fixture(scope="module")
def by_wave(con) -> pd.DataFrame:
    return db.run(con, "survey/answers_by_wave", fiscal_year=None)


@pytest.fixture(scope="module")
def by_group(con) -> pd.DataFrame:
    return db.run(con, "survey/answers_by_group", fiscal_year=2024, dimension=None)


@pytest.fixture(scope="module")
def offences(con) -> pd.DataFrame:
    return db.run(con, "survey/offences_by_area", fiscal_year=2024, koban_list=None)


@pytest.fixture(scope="module")
def perc(by_group, offences) -> pd.DataFrame:
    return sv.perception(by_group, offences, 2024)


def wilson_by_hand(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval written out: centre and half-width over 1 + z²/n."""
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


# --- the plan's figures ---------------------------------------------------------------------
def test_awareness_table_is_the_plans_table(by_wave):
    """Every cell of the plan's awareness table (always / rather / subtotal × FY2024, FY2019, FY2014) comes out exactly."""
    table = sv.awareness_table(by_wave)
    assert list(table.columns) == [2024, 2019, 2014]  # newest first, as the plan prints it
    assert list(table.index) == ["always", "rather", "subtotal"]
    for fy, (always, rather, subtotal) in PLAN_AWARENESS.items():
        assert table.loc["always", fy] == always
        assert table.loc["rather", fy] == rather
        assert table.loc["subtotal", fy] == subtotal


def test_awareness_headline_share_is_the_subtotal(by_wave):
    """The awareness share per wave (always + rather over all respondents) is the plan's subtotal, unrounded."""
    shares = sv.wave_shares(by_wave, "awareness").set_index("fiscal_year")
    for fy, (_, _, subtotal) in PLAN_AWARENESS.items():
        assert shares.loc[fy, "share_pct"] == pytest.approx(subtotal, abs=1e-9)
        assert shares.loc[fy, "n"] == 1000


def test_activity_share_fy2024_is_11_5(by_wave):
    """Interested and taking part in community activity: 11.5 % in FY2024."""
    shares = sv.wave_shares(by_wave, "activity").set_index("fiscal_year")
    assert shares.loc[2024, "share_pct"] == pytest.approx(11.5, abs=1e-9)
    assert (shares.loc[2024, "k"], shares.loc[2024, "n"]) == (115, 1000)


def test_satisfaction_shares_are_14_4_and_18_6(by_wave):
    """Satisfied + rather satisfied: 14.4 % in FY2019 (baseline) and 18.6 % in FY2024 (latest)."""
    shares = sv.wave_shares(by_wave, "satisfaction").set_index("fiscal_year")
    assert shares.loc[2019, "share_pct"] == pytest.approx(14.4, abs=1e-9)
    assert shares.loc[2024, "share_pct"] == pytest.approx(18.6, abs=1e-9)


def test_no_answer_stays_in_the_denominator(by_wave):
    """Shares divide by every respondent of the wave, 無回答 included (otherwise 18.6 would not come out)."""
    wave = by_wave[(by_wave["fiscal_year"] == 2024) & (by_wave["question"] == "satisfaction")]
    no_answer = int(wave.loc[wave["answer"] == "無回答", "n"].iloc[0])
    assert no_answer > 0
    shares = sv.wave_shares(by_wave, "satisfaction").set_index("fiscal_year")
    assert shares.loc[2024, "n"] == int(wave["n"].sum()) == 1000


def test_plan_check_finds_every_survey_figure_equal(con, by_wave):
    """All 12 survey figures of the plan (9 awareness cells, 11.5, 14.4, 18.6) match; the 25 % target is not a survey result."""
    check = sv.plan_check(by_wave, db.run(con, "survey/plan_figures"))
    assert len(check) == 12
    assert check["match"].all(), check[~check["match"]]
    assert "satisfaction_target" not in set(check["figure_id"])


def test_plan_check_reports_a_differing_figure(by_wave):
    """A plan figure that the responses do not give is reported, not hidden."""
    figures = pd.DataFrame({"figure_id": ["satisfaction_latest"], "value": [18.7], "year": [2024]})
    check = sv.plan_check(by_wave, figures)
    assert check.loc[0, "survey_pct"] == 18.6 and not check.loc[0, "match"]


# --- intervals ------------------------------------------------------------------------------
def test_wilson_interval_matches_hand_calculation():
    """FY2024 satisfied, 186 of 1,000: scipy's Wilson interval equals the formula by hand (16.3-21.1 %)."""
    low, high = sv.wilson_interval(186, 1000)
    hand_low, hand_high = wilson_by_hand(186, 1000)
    assert low == pytest.approx(hand_low, abs=1e-12)
    assert high == pytest.approx(hand_high, abs=1e-12)
    assert (round(100 * low, 1), round(100 * high, 1)) == (16.3, 21.1)


def test_wave_shares_carry_the_wilson_interval(by_wave):
    """Each wave's low_pct/high_pct are the Wilson bounds of its k and n, in percent."""
    for row in sv.wave_shares(by_wave, "activity").itertuples():
        lo, hi = wilson_by_hand(row.k, row.n)
        assert row.low_pct == pytest.approx(100 * lo, abs=1e-9)
        assert row.high_pct == pytest.approx(100 * hi, abs=1e-9)
        assert row.low_pct < row.share_pct < row.high_pct


def test_wilson_interval_edges():
    """No respondents gives no interval; 0 of n starts at 0; k > n is refused."""
    assert all(math.isnan(v) for v in sv.wilson_interval(0, 0))
    low, high = sv.wilson_interval(0, 20)
    assert low == pytest.approx(0.0, abs=1e-12) and 0 < high < 0.2
    with pytest.raises(ValueError):
        sv.wilson_interval(5, 4)


# --- groups ---------------------------------------------------------------------------------
def test_groups_add_up_to_the_wave(by_wave, by_group):
    """By age band and by area, the groups' respondents and 'yes' answers add up to the whole wave."""
    wave = sv.wave_shares(by_wave, "satisfaction").set_index("fiscal_year").loc[2024]
    for dim in sv.DIMENSIONS:
        groups = sv.group_shares(by_group, "satisfaction", dim, 2024)
        assert groups["n"].sum() == wave["n"] == 1000
        assert groups["k"].sum() == wave["k"] == 186


def test_age_bands_in_order_and_areas_by_share(by_group):
    """Age bands run youngest to oldest; areas are listed by share, highest first."""
    ages = sv.group_shares(by_group, "awareness", "age_band", 2024)
    assert list(ages["grp"]) == ["18〜29歳", "30歳代", "40歳代", "50歳代", "60歳代", "70歳以上"]
    areas = sv.group_shares(by_group, "awareness", "area", 2024)
    assert len(areas) == 12
    assert list(areas["share_pct"]) == sorted(areas["share_pct"], reverse=True)


def test_small_groups_are_flagged_not_dropped(by_group):
    """勇払 (23 respondents in FY2024) is kept, flagged as under 30, with a wide interval."""
    areas = sv.group_shares(by_group, "satisfaction", "area", 2024).set_index("grp")
    assert areas.loc["勇払", "n"] == 23 and bool(areas.loc["勇払", "small"])
    assert areas["small"].sum() == 1
    width = areas["high_pct"] - areas["low_pct"]
    assert width.idxmax() == "勇払"
    shown = sv.shares_display(areas.reset_index(), "ja", ("grp", "survey.dim.area"))
    assert shown.loc[shown["地域（交番区域）"] == "勇払", "注"].item() == "回答者30人未満（参考値）"


def test_group_query_filters_by_dimension(con):
    """$dimension narrows to one grouping; a value with a quote stays data (no rows, no error)."""
    ages = db.run(con, "survey/answers_by_group", fiscal_year=2019, dimension="age_band")
    assert set(ages["dimension"]) == {"age_band"} and set(ages["fiscal_year"]) == {2019}
    assert db.run(con, "survey/answers_by_group", fiscal_year=2019, dimension="area' OR '1'='1").empty


# --- offences per 1,000 residents -------------------------------------------------------------
def test_rates_per_1000_match_a_direct_count(con, offences):
    """Each area's rate is its FY2024 incidents over its towns' population × 1,000, as counted directly."""
    direct = (
        con.execute(  # test-only SQL, written independently of the query under test
            """SELECT k.koban,
                  (SELECT count(*) FROM incidents i WHERE i.koban = k.koban AND i.fiscal_year = 2024) AS n,
                  (SELECT sum(p.population) FROM towns t JOIN town_population p USING (town) WHERE t.koban = k.koban) AS pop
           FROM koban_areas k"""
        )
        .df()
        .set_index("koban")
    )
    rates = sv.offence_rates(offences).set_index("koban")
    assert len(rates) == 12 and set(rates.index) == set(direct.index)
    for koban, row in direct.iterrows():
        assert rates.loc[koban, "n_offences"] == row["n"]
        assert rates.loc[koban, "population"] == row["pop"]
        if row["n"] >= 3 and row["pop"] >= 500:
            assert rates.loc[koban, "rate_per_1000"] == pytest.approx(row["n"] / row["pop"] * 1000, rel=1e-12)
    assert rates.loc["本町", "rate_per_1000"] == pytest.approx(38 / 2401 * 1000)
    assert int(direct["pop"].sum()) == 170_000


def test_small_numbers_rule():
    """No rate for counts under 3 or populations under 500 (FORMATS.md); exactly 3 and 500 get one."""
    frame = pd.DataFrame(
        {
            "koban": ["a", "b", "c", "d", "e"],
            "n_offences": [2, 3, 10, 1, 0],
            "population": [10_000, 500, 499, 400, None],
        }
    )
    rates = sv.offence_rates(frame).set_index("koban")
    assert list(rates["withheld"]) == ["count", "", "population", "count_population", "count_population"]
    assert rates.loc["b", "rate_per_1000"] == pytest.approx(6.0)
    assert rates.drop(index="b")["rate_per_1000"].isna().all()


def test_withheld_rate_shows_a_dash_and_why():
    """On screen a withheld rate is "—" with its reason, in both languages."""
    frame = pd.DataFrame({"koban": ["勇払"], "n_offences": [2], "population": [569]})
    rates = sv.offence_rates(frame)
    perc = rates.assign(k=5, n=20, share_pct=25.0, low_pct=10.0, high_pct=45.0, small=True)
    ja = sv.perception_display(perc, "ja")
    assert ja["人口千人当たり（件）"].item() == "—"
    assert "件数3件未満のため率なし" in ja["注"].item() and "回答者30人未満" in ja["注"].item()
    en = sv.perception_display(perc, "en")
    assert en["Per 1,000 residents"].item() == "—"
    assert "no rate: fewer than 3 offences" in en["Note"].item()


def test_data_period_says_when_the_year_is_incomplete(con, offences):
    """FY2024's incidents run April to December 2024 (9 months); FY2019 is whole; a year without data has none."""
    assert sv.data_period(offences) == (dt.date(2024, 4, 1), dt.date(2024, 12, 31), 9)
    assert sv.data_period(db.run(con, "survey/offences_by_area", fiscal_year=2019, koban_list=None))[2] == 12
    assert sv.data_period(db.run(con, "survey/offences_by_area", fiscal_year=2030, koban_list=None)) is None
    assert sv.period_words(sv.data_period(offences), 2024, "ja") == "2024年4月〜12月（9か月）"
    assert sv.period_words(sv.data_period(offences), 2024, "en") == "April to December 2024 (9 months)"


# --- perception vs reality ----------------------------------------------------------------------
def test_perception_has_every_area_once(perc):
    """One row per police box, with its satisfaction share and its rate."""
    assert len(perc) == 12 and perc["koban"].is_unique
    assert perc["n"].sum() == 1000 and perc["k"].sum() == 186


def test_relation_is_spearman_and_names_areas_below_the_line(perc):
    """ρ is scipy's Spearman over the 12 areas; the areas named below the Theil-Sen line are those furthest below it."""
    from scipy import stats

    rel = sv.relation(perc)
    rho, p = stats.spearmanr(perc["rate_per_1000"], perc["share_pct"])
    assert rel.n_areas == 12 and rel.rho == pytest.approx(rho) and rel.p_value == pytest.approx(p)
    residual = perc["share_pct"] - (rel.intercept + rel.slope * perc["rate_per_1000"])
    expected = list(perc.assign(r=residual).sort_values("r")["koban"].head(3))
    assert [g.koban for g in rel.below] == expected
    assert all(g.gap_pts < 0 for g in rel.below) and all(g.gap_pts > 0 for g in rel.above)
    lines = sv.relation_sentences(rel, "ja")
    assert lines[0].startswith("満足度と人口千人当たり認知件数の順位相関（スピアマン）は ρ = ")
    assert expected[0] in lines[1]


def test_relation_leaves_out_areas_without_a_rate(perc):
    """An area whose rate is withheld is left out of the correlation and named."""
    cut = perc.copy()
    cut.loc[cut["koban"] == "勇払", ["rate_per_1000", "withheld"]] = [np.nan, "count"]
    rel = sv.relation(cut)
    assert rel.n_areas == 11 and rel.excluded == ("勇払",)
    assert "Yūfutsu" in sv.relation_sentences(rel, "en")[-1]
    few = sv.relation(perc.head(2))
    assert few.rho is None
    assert sv.relation_sentences(few, "en") == [
        "Only 2 areas have both a rate and a satisfaction share: no correlation is computed."
    ]


# --- links ----------------------------------------------------------------------------------
def test_pick_refuses_values_not_offered():
    """A link's wave or question is used only if offered; otherwise the default, and a note."""
    assert sv.pick("2019", (2014, 2019, 2024), 2024) == (2019, False)
    assert sv.pick("1999", (2014, 2019, 2024), 2024) == (2024, True)
    assert sv.pick("<script>", sv.QUESTIONS, "satisfaction") == ("satisfaction", True)
    assert sv.pick(None, sv.QUESTIONS, "satisfaction") == ("satisfaction", False)


# --- charts ---------------------------------------------------------------------------------
def _data(chart) -> list[dict]:
    spec = chart.to_dict()
    return [row for rows in spec.get("datasets", {}).values() for row in rows]


def test_awareness_chart_carries_the_plans_numbers(by_wave):
    """The stacked bars hold every always/rather share and the subtotal labels, with the source as subtitle."""
    chart = sv.awareness_chart(sv.awareness_table(by_wave), "ja", sv.survey_source(by_wave, "ja"))
    rows = _data(chart)
    shares = {(r["fiscal_year"], r["answer"]): r["share_pct"] for r in rows if "answer" in r}
    for fy, (always, rather, _) in PLAN_AWARENESS.items():
        assert shares[(fy, "常に意識している")] == always and shares[(fy, "どちらかといえば意識している")] == rather
    assert {r["label"] for r in rows if "label" in r} == {"計 92.6%", "計 93.7%", "計 86.8%"}
    title = chart.to_dict()["title"]
    assert title["subtitle"] == ["出典：市民アンケート（サンプルデータ）", "2014・2019・2024年度、各 n=1,000"]


def test_wave_chart_marks_the_satisfaction_target(by_wave):
    """The satisfaction chart shows the three waves with intervals and the plan's 25 % target for FY2029."""
    chart = sv.wave_chart(sv.wave_shares(by_wave, "satisfaction"), "satisfaction", "en", ["s"], target=(2029, 25.0))
    rows = _data(chart)
    assert {r["label"] for r in rows if "label" in r} >= {"12.6%", "14.4%", "18.6%", "Target 25%"}
    assert all(r["low_pct"] < r["share_pct"] < r["high_pct"] for r in rows if "low_pct" in r)


def test_group_chart_draws_small_groups_hollow(by_group):
    """Groups under 30 respondents get the hollow 'indicative' class and a ⚠ beside their n."""
    groups = sv.group_shares(by_group, "satisfaction", "area", 2024)
    chart = sv.group_chart(groups, "satisfaction", "area", "ja", ["s"], overall_pct=18.6)
    rows = [r for r in _data(chart) if "size_class" in r]
    small = next(r for r in rows if r["grp"] == "勇払")
    assert small["size_class"] == "30人未満（参考値）" and small["n_label"] == "n=23 ⚠"
    assert sum(r["size_class"] == "回答者30人以上" for r in rows) == 11
    assert any(r.get("label") == "全体 18.6%" for r in _data(chart))


def test_label_spots_keep_close_labels_apart():
    """Two points almost on top of each other get different label spots; a lone point keeps 'ne'."""
    spots = sv.label_spots([1.0, 1.05, 9.0], [20.0, 20.5, 5.0], ["木場", "双葉", "勇払"], x_max=10, y_max=30)
    assert spots[0] != spots[1] and spots[2] == "ne"


# --- maps -----------------------------------------------------------------------------------
def _hex(rgba) -> str:
    return "#" + "".join(f"{int(v):02x}" for v in rgba[:3])


def test_class_breaks_are_nice_and_cover_the_values():
    """Equal classes on round numbers: 9.9-29.0 % gives 5, 10, 15, 20, 25; NaN is ignored."""
    assert sv.class_breaks([9.9, 12.1, 29.0, np.nan]) == [5.0, 10.0, 15.0, 20.0, 25.0]
    assert sv.class_breaks([1.7, 15.8]) == [0.0, 5.0, 10.0, 15.0]
    assert sv.class_breaks([np.nan]) == []


def test_value_map_is_offline_labelled_and_legend_matches(con, perc):
    """Both maps: no basemap, every area filled and labelled, withheld grey, legend colours = fills."""
    areas = db.run(con, "map/koban_areas", koban_list=None)
    boundary = db.run(con, "map/boundary")["geometry_wkt"].iloc[0]
    bounds = tuple(db.run(con, "survey/populated_bounds", koban_list=None).iloc[0])
    cut = perc.copy()
    cut.loc[cut["koban"] == "勇払", ["rate_per_1000", "withheld"]] = [np.nan, "count"]
    for values, ramp in (
        (sv.satisfaction_map_values(perc, "ja"), sv.SHARE_RAMP),
        (sv.rate_map_values(cut, "en"), sv.RATE_RAMP),
    ):
        deck = sv.value_map(areas, values, boundary_wkt=boundary, ramp=ramp, view_bounds=bounds)
        spec = json.loads(deck.to_json())
        assert "mapProvider" not in spec and spec.get("mapStyle") in (None, "__MAP_STYLE__")  # no basemap
        layers = {layer["id"]: layer for layer in spec["layers"]}
        assert "ScatterplotLayer" not in {layer["@@type"] for layer in spec["layers"]}
        assert {row["koban"] for row in layers["areas"]["data"]} == set(areas["koban"])
        assert len(layers["labels"]["data"]) == 12
        assert layers["labels"]["characterSet"] == "auto"  # a constant, not a JavaScript expression
        legend = sv.map_legend(values["value"], ramp, "ja", unit="", decimals=0, no_value="—", always_no_value=True)
        fills = {_hex(row["fill"]) for row in layers["areas"]["data"]}
        assert fills <= {colour for colour, _ in legend}
    grey = [row for row in layers["areas"]["data"] if row["koban"] == "勇払"]
    assert grey and all(_hex(r["fill"]) == sv.NO_VALUE_FILL for r in grey)
    assert "no rate: fewer than 3 offences" in grey[0]["tip"]


def test_legend_html_keeps_entries_whole():
    """Each legend entry is one unbreakable piece; labels are escaped."""
    text = sv.legend_html([("#123456", "25%以上"), ("#bdbdbd", "<b>")], outlined=("<b>",))
    assert text.count("white-space:nowrap") == 2 and "&lt;b&gt;" in text and "3px solid" in text
