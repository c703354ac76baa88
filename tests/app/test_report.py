"""AppTest of the round-table report page: every section drawn, true to the data, in both languages."""
from __future__ import annotations

import pytest

from tests.app.conftest import open_page

PAGE = "pages/6_report.py"


@pytest.mark.parametrize("lang, first", [("ja", "1. 指標と活動目標の進捗"), ("en", "1. Indicators and activity targets")])
def test_report_page_draws_every_section(built_db, tmp_path, monkeypatch, lang, first):
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    at = open_page(PAGE, lang, timeout=60)
    assert not at.exception and not at.error
    headers = [h.value for h in at.subheader]
    assert headers[0] == first and len(headers) == 8
    sample = "Sample data" if lang == "en" else "サンプルデータ"
    assert any(sample in i.value for i in at.info)  # the page-wide notice
    text = " ".join(m.value for m in at.markdown)
    assert ("18.6%" in text) and ("14.4%" in text)
    assert len(at.dataframe) == 2  # the indicators and the measures


def test_a_saved_measure_note_reaches_the_report(built_db, tmp_path, monkeypatch):
    from bohan import workspace

    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    workspace.save_measure_note("3-1", 2026, "done", "通学路に4台設置", "山田", 0)
    at = open_page(PAGE, "ja", timeout=60)
    at.selectbox(key="r_fy").set_value(2026).run()
    measures = at.dataframe[1].value
    row = measures[measures.iloc[:, 0].str.startswith("3-1")].iloc[0]
    assert row.iloc[1] == "実施済み" and row.iloc[2] == "通学路に4台設置"
