"""The round-table report: every sentence says what the data says."""
from __future__ import annotations

import pandas as pd
import pytest

from bohan import report, workspace


def test_rising_since_by_hand():
    s = pd.Series([1028, 660, 742, 846, 929, 958], index=range(2019, 2025))
    assert report.rising_since(s) == 2021
    assert report.rising_since(pd.Series([5, 4, 3], index=[1, 2, 3])) is None
    assert report.rising_since(pd.Series([5, 4, 6], index=[1, 2, 3])) is None  # one rise is not a run


@pytest.fixture(scope="module")
def sections(con):
    return {s.key: s for s in report.round_table(con, "ja", 2025)}


def test_sections_in_reading_order_each_with_source_and_period(con):
    keys = [s.key for s in report.round_table(con, "en", 2025)]
    assert keys == ["indicators", "offences", "koban", "children", "fraud", "cameras", "survey", "measures"]
    for s in report.round_table(con, "en", 2025):
        assert s.headline and s.source.startswith("Source:") and s.period
        assert s.chart is not None or s.table is not None


def test_offence_sentence_follows_the_data(con, sections):
    annual = con.execute("SELECT year, offences FROM annual_offences ORDER BY year").df().set_index("year")["offences"]
    last, prev = annual.iloc[-1], annual.iloc[-2]
    head = sections["offences"].headline
    assert f"{last:,}件" in head and f"{abs(last - prev):,}件" in head
    assert ("増えました" if last > prev else "減りました") in head
    assert "2021年（令和3年）から増加" in head  # the plan: rising again since 2021


def test_koban_sentence_names_the_top_three_of_the_latest_year(con, sections):
    top = con.execute("SELECT koban, count(*) n FROM incidents WHERE data_year = 2024 GROUP BY 1 "
                      "ORDER BY n DESC, koban LIMIT 3").fetchall()
    head = sections["koban"].headline
    positions = [head.index(f"{k}（{n:,}件）") for k, n in top]
    assert positions == sorted(positions)


def test_children_sentence_uses_the_plans_peak(sections):
    head = sections["children"].headline
    assert "2022年（令和4年）の44件" in head and "29件に減りました" in head  # plan: falling since 2022


def test_fraud_and_cameras_and_survey_sentences(con, sections):
    last = con.execute("SELECT data_year, count(*), sum(damage_yen) FROM fraud_cases GROUP BY 1 ORDER BY 1 DESC LIMIT 1").fetchone()
    assert f"{last[1]}件" in sections["fraud"].headline and f"{last[2] / 10000:,.0f}万円" in sections["fraud"].headline
    assert "26台" in sections["cameras"].headline and "40台" in sections["cameras"].headline and "あと14台" in sections["cameras"].headline
    head = sections["survey"].headline
    assert "18.6%" in head and "14.4%" in head and "上がりました" in head and "92.6%" in head


def test_measures_and_scenarios_come_from_the_workspace(con, tmp_path):
    ws = tmp_path / "ws.duckdb"
    workspace.save_measure_note("3-1", 2025, "done", "4台設置", "山田", 0, path=ws)
    workspace.save_measure_note("3-4", 2025, "in_progress", "", "山田", 0, path=ws)
    workspace.save_measure_note("1-1", 2026, "done", "other year", "山田", 0, path=ws)
    s = report.measures_section(con, "ja", 2025, workspace.measure_notes(ws))
    assert "状況の記録は2件（実施済み1・実施中1・見直し0）" in s.headline
    row = s.table[s.table.iloc[:, 0].str.startswith("3-1")].iloc[0]
    assert row.iloc[1] == "実施済み" and row.iloc[2] == "4台設置"
    scen = pd.DataFrame([{"name": "子ども重視", "n_new": 14, "route_before_pct": 0.7, "route_after_pct": 1.1,
                          "route_added_m": 1060.0}])
    cams = report.cameras_section(con, "ja", scen)
    assert cams.notes and "子ども重視" in cams.notes[0] and "0.7%→1.1%" in cams.notes[0]


def test_staff_entries_change_the_indicator_section(con, tmp_path):
    ws = tmp_path / "ws.duckdb"
    workspace.save_indicator_value("street_cameras", 2026, 35, None, "", "山田", 0, None, path=ws)
    s = report.indicators_section(con, "ja", workspace.indicator_edits(ws))
    row = s.table[s.table.iloc[:, 0] == "防犯カメラ（市設置）"].iloc[0]
    assert row.iloc[2].startswith("35台") and row.iloc[4] == "前倒し"  # 35 reaches FY2027's path (34.4) already
    assert "市職員の入力" in s.source
