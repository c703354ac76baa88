"""Glide paths, intervals and statuses of the plan's indicators, against hand calculations."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from bohan import db, progress, workspace


def test_glide_path_for_offences_by_hand():
    """929 (2023) to 650 (2029): 279 fewer in six steps of 46.5."""
    path = progress.glide_path(2023, 929, 2029, 650).set_index("year")["path"]
    assert list(path.index) == list(range(2023, 2030))
    assert path[2023] == 929 and path[2029] == 650
    assert path[2024] == pytest.approx(882.5) and path[2026] == pytest.approx(789.5)


def test_glide_path_for_cameras_by_hand():
    path = progress.glide_path(2024, 26, 2029, 40).set_index("year")["path"]
    assert path[2025] == pytest.approx(28.8) and path[2027] == pytest.approx(34.4)


def test_glide_path_needs_a_later_target():
    with pytest.raises(ValueError):
        progress.glide_path(2029, 1, 2029, 2)


def test_wilson_interval_by_hand():
    """18.6 % of 1,000: Wilson centre (p + z²/2n)/(1 + z²/n), half-width z√(p(1-p)/n + z²/4n²)/(1 + z²/n)."""
    z, n, p = 1.959963984540054, 1000, 0.186
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = progress.binomial_interval(18.6, 1000)
    assert low == pytest.approx(100 * (centre - half), abs=1e-9)
    assert high == pytest.approx(100 * (centre + half), abs=1e-9)


def test_poisson_interval_for_offences_by_hand():
    """Garwood: chi2(0.025, 2k)/2 and chi2(0.975, 2k+2)/2; for k = 929 about 870-991."""
    from scipy.stats import chi2

    low, high = progress.interval("offences", 929, None)
    assert low == pytest.approx(chi2.ppf(0.025, 2 * 929) / 2)
    assert high == pytest.approx(chi2.ppf(0.975, 2 * 930) / 2)
    assert 869 < low < 871 and 990 < high < 992


def test_counted_targets_have_no_interval():
    for iid in ("info_activities", "nagara_participants", "street_cameras"):
        assert progress.interval(iid, 100, None) is None


@pytest.mark.parametrize("actual, ci, path_now, path_next, direction, expected", [
    (958, (898.5, 1021.0), 882.5, 836.0, "decrease", "behind"),     # whole range above the path
    (900, (842.0, 961.0), 882.5, 836.0, "decrease", "on_track"),    # the path lies inside the range
    (800, (745.0, 858.0), 882.5, 836.0, "decrease", "ahead"),       # whole range below the path
    (22.0, (19.5, 24.7), 19.9, 21.2, "increase", "on_track"),
    (24.0, (21.4, 26.8), 19.9, 21.2, "increase", "ahead"),
    (26, None, 28.8, 31.6, "increase", "behind"),                  # short of this year's path
    (30, None, 28.8, 31.6, "increase", "on_track"),                # this year's, not next year's
    (32, None, 28.8, 31.6, "increase", "ahead"),                   # already at next year's mark
    (1280, None, 1280.0, 1460.0, "increase", "on_track"),          # exactly on the path
])
def test_status_rules(actual, ci, path_now, path_next, direction, expected):
    assert progress.status(actual, ci, path_now, path_next, direction) == expected


def test_entries_are_validated():
    share = pd.Series({"unit": "pct", "baseline_year": 2019, "target_year": 2029})
    count = pd.Series({"unit": "count", "baseline_year": 2024, "target_year": 2029})
    assert progress.check_entry(share, 2029, 25.0, 1000) == (2029, 25.0, 1000)
    assert progress.check_entry(count, 2025, 241, None) == (2025, 241.0, None)
    for row, args, key in [
        (share, (2029, 100.5, 1000), "share"), (share, (2029, -1.0, 1000), "share"),
        (share, (2029, 20.0, None), "respondents"), (share, (2029, 20.0, 0), "respondents"),
        (count, (2025, -3, None), "negative"), (count, (2025, 2.5, None), "whole"),
        (count, (2030, 10, None), "year"), (count, (2023, 10, None), "year"), (count, (2025.5, 10, None), "year"),
        (count, (2025, float("nan"), None), "value"), (count, (2025, "12", None), "value"), (count, (True, 1, None), "year"),
    ]:
        with pytest.raises(progress.EntryError) as err:
            progress.check_entry(row, *args)
        assert err.value.key == key, args


def test_sample_city_progress(con):
    """On the sample city: the plan's figures as baseline / start, and the statuses the rules give."""
    indicators = db.run(con, "home/plan_indicators")
    values = progress.effective_values(db.run(con, "progress/indicator_values"), None)
    items = {p.indicator_id: p for p in progress.progress(indicators, values)}
    off = items["offences"]
    assert off.path.set_index("year")["path"][2023] == 929 and off.target == 650
    latest = con.execute("SELECT offences FROM annual_offences ORDER BY year DESC LIMIT 1").fetchone()[0]
    assert off.latest_value == latest and off.latest_year == 2024
    assert off.path_value == pytest.approx(882.5)
    sat = items["satisfaction"]
    assert (sat.latest_value, sat.latest_year, sat.status) == (18.6, 2024, None)  # the path's own start
    assert sat.ci == pytest.approx(progress.binomial_interval(18.6, 1000))
    cams = items["street_cameras"]
    assert (cams.latest_value, cams.latest_year, cams.status) == (26.0, 2025, "behind")
    table = progress.table(list(items.values()))
    assert table.set_index("indicator_id").loc["info_activities", "baseline_value"] == 220


def test_staff_entries_overlay_the_data_and_keep_the_history(con, tmp_path):
    ws = tmp_path / "ws.duckdb"
    workspace.save_indicator_value("info_activities", 2026, 265, None, "", "山田", 0, None, path=ws)
    with pytest.raises(workspace.WorkspaceError) as err:  # a correction needs a reason
        workspace.save_indicator_value("info_activities", 2026, 270, None, "", "佐藤", 1, 265, path=ws)
    assert err.value.key == "note_required"
    workspace.save_indicator_value("info_activities", 2026, 270, None, "集計漏れ", "佐藤", 1, 265, path=ws)
    edits = workspace.indicator_edits(ws).sort_values("revision")
    assert edits["revision"].tolist() == [1, 2] and edits["value"].tolist() == [265.0, 270.0]
    assert edits["edited_by"].tolist() == ["山田", "佐藤"] and pd.isna(edits["note"].iloc[0]) and edits["note"].iloc[1] == "集計漏れ"
    assert pd.isna(edits["previous_value"].iloc[0]) and edits["previous_value"].iloc[1] == 265.0
    values = progress.effective_values(db.run(con, "progress/indicator_values"), edits)
    row = values[(values["indicator_id"] == "info_activities") & (values["year"] == 2026)].iloc[0]
    assert (row["value"], row["source"], row["edited_by"], row["revision"]) == (270.0, "staff", "佐藤", 2)
    # a correction of a value the data holds replaces it, marked as the staff's
    workspace.save_indicator_value("offences", 2024, 960, None, "警察の確定値", "山田", 0, 958, path=ws)
    values = progress.effective_values(db.run(con, "progress/indicator_values"), workspace.indicator_edits(ws))
    off = values[(values["indicator_id"] == "offences") & (values["year"] == 2024)].iloc[0]
    assert (off["value"], off["source"]) == (960.0, "staff")
    assert len(values) == len(db.run(con, "progress/indicator_values")) + 1  # one new year, one replaced


def test_a_stale_edit_is_refused_and_names_who_changed_it(tmp_path):
    ws = tmp_path / "ws.duckdb"
    workspace.save_indicator_value("nagara_participants", 2026, 1400, None, "", "山田", 0, None, path=ws)
    with pytest.raises(workspace.WorkspaceError) as err:  # 佐藤 opened the page before 山田 saved
        workspace.save_indicator_value("nagara_participants", 2026, 1350, None, "", "佐藤", 0, None, path=ws)
    assert err.value.key == "conflict" and err.value.values["by"] == "山田"
    assert workspace.indicator_edits(ws)["value"].tolist() == [1400.0]


def test_measure_notes_keep_each_revision(tmp_path):
    ws = tmp_path / "ws.duckdb"
    workspace.save_measure_note("3-1", 2025, "in_progress", "2台設置済み", "山田", 0, path=ws)
    workspace.save_measure_note("3-1", 2025, "done", "4台", "佐藤", 1, path=ws)
    with pytest.raises(workspace.WorkspaceError) as err:
        workspace.save_measure_note("3-1", 2025, "done", "x", "鈴木", 1, path=ws)
    assert err.value.key == "conflict"
    with pytest.raises(workspace.WorkspaceError) as err:
        workspace.save_measure_note("3-1", 2025, "finished", "x", "鈴木", 2, path=ws)
    assert err.value.key == "status"
    notes = workspace.measure_notes(ws)
    assert notes.sort_values("revision")["status"].tolist() == ["in_progress", "done"]
