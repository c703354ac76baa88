"""The plan's figures, as constants and tables, against the plan digest (literal values)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from bohan.build import plan
from bohan.build.plan import plan_figures, plan_indicators, plan_measures

# ---------------------------------------------------------------------------------------
# constants
# ---------------------------------------------------------------------------------------


def test_plan_constants_offences_match_the_plan():
    """Offences known to police: 3,826 (2003), 1,028 (2019), 660 (2020), 929 (2023); 650."""
    assert plan.OFFENCES == {2003: 3826, 2019: 1028, 2020: 660, 2023: 929}
    assert plan.OFFENCES_TARGET == 650
    assert (plan.OFFENCES_PEAK_YEAR, plan.OFFENCES_LOW_YEAR) == (2003, 2020)
    assert plan.OFFENCES_RISING_SINCE == 2021


def test_plan_constants_awareness_match_the_plan():
    """Awareness shares and subtotals are the plan's table, to 0.1 point."""
    assert plan.AWARENESS == {
        2024: {"常に意識している": 53.3, "どちらかといえば意識している": 39.3},
        2019: {"常に意識している": 44.8, "どちらかといえば意識している": 48.9},
        2014: {"常に意識している": 34.9, "どちらかといえば意識している": 51.9},
    }
    assert plan.AWARENESS_SUBTOTAL == {2024: 92.6, 2019: 93.7, 2014: 86.8}


def test_plan_constants_awareness_subtotal_is_the_sum():
    """Each printed subtotal equals the sum of its two answers."""
    for year, shares in plan.AWARENESS.items():
        assert round(sum(shares.values()), 1) == plan.AWARENESS_SUBTOTAL[year]


def test_plan_constants_survey_and_targets_match_the_plan():
    """Activity 11.5 %, satisfaction 14.4 -> 18.6 -> 25, and the three activity targets."""
    assert plan.ACTIVITY_PARTICIPATING_PCT == 11.5
    assert plan.ACTIVITY_FISCAL_YEAR == 2024
    assert plan.ACTIVITY_PARTICIPATING == (
        "関心はあるし、活動に参加している（過去には参加したことがある）"
    )
    assert plan.SATISFACTION == {2019: 14.4, 2024: 18.6}
    assert plan.SATISFACTION_TARGET == 25
    assert (plan.INFO_ACTIVITIES, plan.INFO_ACTIVITIES_TARGET) == (220, 300)
    assert (plan.NAGARA_PARTICIPANTS, plan.NAGARA_PARTICIPANTS_TARGET) == (1100, 2000)
    assert (plan.STREET_CAMERAS, plan.STREET_CAMERAS_TARGET) == (26, 40)
    assert plan.TARGET_FISCAL_YEAR == 2029


def test_plan_constants_chapter_two_facts_match_the_plan():
    """Groups, ながら start, box order, theft, children and fraud are the plan's."""
    assert plan.VOLUNTARY_GROUPS == 76
    assert plan.NAGARA_START == "2021-08"
    assert plan.KOBAN_ORDER_2023 == ("糸井", "美園", "木場", "駅前", "沼ノ端北")
    assert plan.TOP_CRIME_CATEGORY == "窃盗犯"
    assert plan.BICYCLE_THEFT_SHARE_OF_THEFT_PCT == 30
    assert plan.CHILD_APPROACH_PEAK_HOURS == (15, 17)
    assert plan.CHILD_APPROACH_PLACES == ("道路上", "公園")
    assert plan.CHILD_APPROACH_FALLING_SINCE == 2022
    assert plan.FRAUD_2023 == (4, 12_000_000)
    assert plan.FRAUD_2023.n_cases == 4
    assert plan.FRAUD_2023.damage_yen == 12_000_000


# ---------------------------------------------------------------------------------------
# plan_indicators
# ---------------------------------------------------------------------------------------

INDICATOR_COLUMNS = [
    "indicator_id", "kind", "name_ja", "name_en", "unit",
    "baseline_value", "baseline_year", "baseline_year_kind",
    "latest_value", "latest_year", "latest_year_kind",
    "target_value", "target_year", "target_year_kind",
    "direction", "note_ja", "note_en", "source",
]  # fmt: skip


def test_plan_indicators_columns():
    """The indicator table has exactly the agreed columns, in order."""
    assert list(plan_indicators().columns) == INDICATOR_COLUMNS


def test_plan_indicators_values_match_the_plan():
    """Baseline, latest and target of every indicator are the plan's, with their years."""
    got = plan_indicators().set_index("indicator_id")
    expected = {
        # id: (kind, unit, baseline, b_year, b_kind, latest, l_year, l_kind, target, direction)
        "offences": ("achievement", "count", 1028.0, 2019, "calendar", 929.0, 2023,
                     "calendar", 650.0, "decrease"),
        "satisfaction": ("achievement", "pct", 14.4, 2019, "fiscal", 18.6, 2024, "fiscal",
                         25.0, "increase"),
        "info_activities": ("activity", "count", 220.0, 2024, "fiscal", 220.0, 2024,
                            "fiscal", 300.0, "increase"),
        "nagara_participants": ("activity", "count", 1100.0, 2024, "fiscal", 1100.0, 2024,
                                "fiscal", 2000.0, "increase"),
        "street_cameras": ("activity", "count", 26.0, 2024, "fiscal", 26.0, 2024, "fiscal",
                           40.0, "increase"),
    }  # fmt: skip
    assert list(got.index) == list(expected)
    columns = [
        "kind", "unit", "baseline_value", "baseline_year", "baseline_year_kind",
        "latest_value", "latest_year", "latest_year_kind", "target_value", "direction",
    ]  # fmt: skip
    for indicator_id, row in expected.items():
        assert tuple(got.loc[indicator_id, columns]) == row, indicator_id
    assert (got["target_year"] == 2029).all()
    assert (got["target_year_kind"] == "fiscal").all()


def test_plan_indicators_dtypes():
    """Values are float and years are int."""
    frame = plan_indicators()
    for column in ("baseline_value", "latest_value", "target_value"):
        assert frame[column].dtype == "float64", column
    for column in ("baseline_year", "latest_year", "target_year"):
        assert frame[column].dtype == "int64", column


def test_plan_indicators_vocabularies():
    """Every closed column holds only its agreed values."""
    frame = plan_indicators()
    assert set(frame["kind"]) == {"achievement", "activity"}
    assert set(frame["unit"]) <= {"count", "pct"}
    assert set(frame["direction"]) <= {"decrease", "increase"}
    for column in ("baseline_year_kind", "latest_year_kind", "target_year_kind"):
        assert set(frame[column]) <= {"calendar", "fiscal"}, column
    assert set(frame["source"]) == {"plan"}
    text = frame[["name_ja", "name_en", "note_ja", "note_en"]]
    assert text.notna().all().all() and (text != "").all().all()


def test_plan_indicators_names_ja_are_the_plan_wording():
    """Japanese indicator names are written as the plan writes them."""
    names = plan_indicators().set_index("indicator_id")["name_ja"].to_dict()
    assert names["offences"] == "市内における犯罪認知件数"
    assert names["satisfaction"] == "地域の安全についての市民満足度（市民アンケート）"
    assert names["nagara_participants"] == "「ながら見守りタイ！」参加人数"
    assert names["street_cameras"] == "防犯カメラ設置台数"


def test_plan_indicators_activity_notes_name_drafting_year_and_or_more():
    """Activity-target notes say the current value is at drafting (FY2024) and goals are minima."""
    activity = plan_indicators().query("kind == 'activity'")
    for row in activity.itertuples():
        assert "FY2024" in row.note_en and "without naming the year" in row.note_en
        assert "or more" in row.note_en
        assert "2024年度" in row.note_ja and "以上" in row.note_ja


# ---------------------------------------------------------------------------------------
# plan_measures
# ---------------------------------------------------------------------------------------


def test_plan_measures_columns():
    """The measure table has exactly the agreed columns, in order."""
    assert list(plan_measures().columns) == [
        "measure_id", "viewpoint", "viewpoint_ja", "viewpoint_en", "title_ja", "title_en",
        "initiative_ja", "initiative_en", "source",
    ]  # fmt: skip


def test_plan_measures_ids_leave_out_illegible_two_five():
    """Seventeen measures in plan order; 2-5 is absent because the source does not show it."""
    frame = plan_measures()
    assert list(frame["measure_id"]) == [
        "1-1", "1-2", "1-3", "1-4", "1-5", "1-6",
        "2-1", "2-2", "2-3", "2-4", "2-6", "2-7",
        "3-1", "3-2", "3-3", "3-4", "3-5",
    ]  # fmt: skip
    assert list(frame["viewpoint"]) == [1] * 6 + [2] * 6 + [3] * 5
    assert frame["viewpoint"].dtype == "int64"
    assert set(frame["source"]) == {"plan"}


def test_plan_measures_titles_ja_are_the_slide_wording():
    """Japanese titles are the slides' wording."""
    titles = plan_measures().set_index("measure_id")["title_ja"].to_dict()
    assert titles == {
        "1-1": "防犯に関する情報発信",
        "1-2": "啓発活動の実施",
        "1-3": "出前講座の実施",
        "1-4": "子ども等への安全対応",
        "1-5": "高齢者等への安全対応",
        "1-6": "外国人との共生",
        "2-1": "自主防犯組織への支援",
        "2-2": "ながら防犯の啓発・推進",
        "2-3": "こどもＳＯＳの家等の実施",
        "2-4": "空き家相談体制の整備",
        "2-6": "犯罪被害者の支援",
        "2-7": "暴力団の排除",
        "3-1": "防犯カメラの設置",
        "3-2": "家庭用防犯カメラ等の推進",
        "3-3": "学校施設の環境整備",
        "3-4": "街路灯・防犯灯の整備",
        "3-5": "良好な公共空間の維持",
    }


def test_plan_measures_key_initiatives_are_the_slide_wording():
    """Camera siting centred on school routes and replacing lights that are out are kept."""
    initiatives = plan_measures().set_index("measure_id")["initiative_ja"]
    assert initiatives["3-1"] == "通学路を中心とした道路と公園への設置を促進"
    assert initiatives["3-4"] == "設置費用の補助、不点街路灯の交換"
    assert initiatives["1-1"] == "速報性の高いＳＮＳ等、情報発信媒体の多様化"


def test_plan_measures_viewpoints_are_consistent():
    """Each viewpoint has one Japanese and one English statement, and every text is filled."""
    frame = plan_measures()
    assert frame.groupby("viewpoint")[["viewpoint_ja", "viewpoint_en"]].nunique().eq(1).all().all()
    assert frame.loc[frame["viewpoint"] == 3, "viewpoint_ja"].iloc[0] == (
        "犯罪が起きにくいまちをつくるため、環境の安全性を高める"
    )
    text = frame.drop(columns=["viewpoint"])
    assert text.notna().all().all() and (text != "").all().all()


# ---------------------------------------------------------------------------------------
# plan_figures
# ---------------------------------------------------------------------------------------

NUMERIC_FIGURES = {
    "offences_2003": (3826.0, "count", 2003, "calendar"),
    "offences_2019": (1028.0, "count", 2019, "calendar"),
    "offences_2020": (660.0, "count", 2020, "calendar"),
    "offences_2023": (929.0, "count", 2023, "calendar"),
    "bicycle_theft_share_of_theft": (30.0, "pct", None, None),
    "fraud_cases_2023": (4.0, "count", 2023, "calendar"),
    "fraud_damage_2023": (12_000_000.0, "yen", 2023, "calendar"),
    "voluntary_groups": (76.0, "count", None, None),
    "awareness_always_2024": (53.3, "pct", 2024, "fiscal"),
    "awareness_rather_2024": (39.3, "pct", 2024, "fiscal"),
    "awareness_subtotal_2024": (92.6, "pct", 2024, "fiscal"),
    "awareness_always_2019": (44.8, "pct", 2019, "fiscal"),
    "awareness_rather_2019": (48.9, "pct", 2019, "fiscal"),
    "awareness_subtotal_2019": (93.7, "pct", 2019, "fiscal"),
    "awareness_always_2014": (34.9, "pct", 2014, "fiscal"),
    "awareness_rather_2014": (51.9, "pct", 2014, "fiscal"),
    "awareness_subtotal_2014": (86.8, "pct", 2014, "fiscal"),
    "activity_participating_2024": (11.5, "pct", 2024, "fiscal"),
    "offences_baseline": (1028.0, "count", 2019, "calendar"),
    "offences_latest": (929.0, "count", 2023, "calendar"),
    "offences_target": (650.0, "count", 2029, "fiscal"),
    "satisfaction_baseline": (14.4, "pct", 2019, "fiscal"),
    "satisfaction_latest": (18.6, "pct", 2024, "fiscal"),
    "satisfaction_target": (25.0, "pct", 2029, "fiscal"),
    "info_activities_baseline": (220.0, "count", 2024, "fiscal"),
    "info_activities_target": (300.0, "count", 2029, "fiscal"),
    "nagara_participants_baseline": (1100.0, "count", 2024, "fiscal"),
    "nagara_participants_target": (2000.0, "count", 2029, "fiscal"),
    "street_cameras_baseline": (26.0, "count", 2024, "fiscal"),
    "street_cameras_target": (40.0, "count", 2029, "fiscal"),
    "offences_peak_year": (2003.0, "year", 2003, "calendar"),
    "offences_rising_since": (2021.0, "year", 2021, "calendar"),
    "child_approaches_falling_since": (2022.0, "year", 2022, "calendar"),
    "koban_rank_2023_1": (1.0, "rank", 2023, "calendar"),
    "koban_rank_2023_2": (2.0, "rank", 2023, "calendar"),
    "koban_rank_2023_3": (3.0, "rank", 2023, "calendar"),
    "koban_rank_2023_4": (4.0, "rank", 2023, "calendar"),
    "koban_rank_2023_5": (5.0, "rank", 2023, "calendar"),
}

TEXT_FIGURES = {
    "top_crime_category": "窃盗犯",
    "koban_rank_2023_1": "糸井",
    "koban_rank_2023_2": "美園",
    "koban_rank_2023_3": "木場",
    "koban_rank_2023_4": "駅前",
    "koban_rank_2023_5": "沼ノ端北",
    "child_approaches_peak_hours": "15-17",
    "child_approaches_place_roads": "道路上",
    "child_approaches_place_parks": "公園",
    "nagara_start": "2021-08",
    "public_comment_start": "2024-12-16",
    "public_comment_end": "2025-01-16",
    "internal_meeting": "2025-01-21",
    "round_table": "2025-02",
    "plan_publication": "2025-03",
}


def test_plan_figures_columns_and_dtypes():
    """The figure table has the agreed columns; value is float and year nullable int."""
    frame = plan_figures()
    assert list(frame.columns) == [
        "figure_id", "value", "value_text", "unit", "year", "year_kind", "label_ja",
        "label_en", "source",
    ]  # fmt: skip
    assert frame["value"].dtype == "float64"
    assert frame["year"].dtype == "Int64"
    assert frame["figure_id"].is_unique


def test_plan_figures_numeric_values_match_the_plan():
    """Every numeric figure of chapters 2 and 4 has the plan's value, unit and year."""
    frame = plan_figures().set_index("figure_id")
    for figure_id, (value, unit, year, year_kind) in NUMERIC_FIGURES.items():
        row = frame.loc[figure_id]
        assert row["value"] == value, figure_id
        assert row["unit"] == unit, figure_id
        if year is None:
            assert pd.isna(row["year"]) and pd.isna(row["year_kind"]), figure_id
        else:
            assert (row["year"], row["year_kind"]) == (year, year_kind), figure_id


def test_plan_figures_text_values_match_the_plan():
    """Figures that are not quantities carry the plan's text in value_text."""
    frame = plan_figures().set_index("figure_id")
    for figure_id, text in TEXT_FIGURES.items():
        assert frame.loc[figure_id, "value_text"] == text, figure_id


def test_plan_figures_are_exactly_the_listed_ones():
    """No figure is missing from, or added to, the literal lists above."""
    assert set(plan_figures()["figure_id"]) == set(NUMERIC_FIGURES) | set(TEXT_FIGURES)


def test_plan_figures_vocabularies():
    """Units, year kinds and source hold only their agreed values; labels are filled."""
    frame = plan_figures()
    assert set(frame["unit"]) <= {
        "count", "pct", "yen", "rank", "year", "year_month", "date", "hour_range", "category",
    }  # fmt: skip
    assert set(frame["year_kind"].dropna()) <= {"calendar", "fiscal"}
    assert set(frame["source"]) == {"plan"}
    assert frame[["label_ja", "label_en"]].notna().all().all()
    # a row is either a number or a text, and value-less rows always have a text
    no_value = frame["value"].isna()
    assert frame.loc[no_value, "value_text"].notna().all()


@pytest.mark.parametrize("builder", [plan_indicators, plan_measures, plan_figures])
def test_plan_tables_are_deterministic(builder):
    """Two calls give equal frames."""
    pd.testing.assert_frame_equal(builder(), builder())


def test_plan_figures_agree_with_indicators():
    """The chapter-4 rows of the figure table equal the indicator table's values."""
    figures = plan_figures().set_index("figure_id")["value"]
    for row in plan_indicators().itertuples():
        assert figures[f"{row.indicator_id}_baseline"] == row.baseline_value
        assert figures[f"{row.indicator_id}_target"] == row.target_value
        if row.kind == "achievement":
            assert figures[f"{row.indicator_id}_latest"] == row.latest_value
    assert not math.isnan(figures["offences_target"])
