"""Chart builders: the data each chart carries is what the reader is told it shows."""
from __future__ import annotations

import pandas as pd

from bohan import charts


def layer_data(chart) -> list[pd.DataFrame]:
    return [layer.data for layer in chart.layer if isinstance(layer.data, pd.DataFrame)]


def test_yearly_trend_has_poisson_band_and_glide():
    """Each year carries its 95 % interval; the glide path ends at the target."""
    counts = pd.DataFrame({"year": [2022, 2023], "n": [846, 929], "source": ["sample", "plan"]})
    chart = charts.yearly_trend(counts, "ja", glide=(2023, 929, 2029, 650))
    frames = layer_data(chart)
    band = next(f for f in frames if "low" in f)
    row = band.set_index("year").loc[2023]
    assert row["low"] < 929 < row["high"]
    assert any(set(f.get("year", [])) == {2023, 2029} and 650 in set(f["n"]) for f in frames)


def test_seasonality_fiscal_order_and_legend_colours():
    """Fiscal seasonality runs April to March; the average is sky blue, the latest year vermillion."""
    monthly = pd.DataFrame({"year": [2022, 2023], "month": [4, 5], "n": [3, 4]})
    chart = charts.seasonality(monthly, "ja", fiscal=True, years=(2022, 2023))
    spec = chart.to_dict()
    x_sort = spec["layer"][0]["encoding"]["x"]["sort"]
    assert x_sort[:2] == [4, 5] and x_sort[-1] == 3
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["2年間の平均", "2023年度"]
    assert scale["range"] == [charts.PALETTE["sky"], charts.PALETTE["vermillion"]]
    bars = layer_data(chart)[0].set_index("month")
    assert bars.loc[4, "n"] == 1.5 and bars.loc[6, "n"] == 0


def test_hour_weekday_is_a_full_grid():
    """The heatmap has all 7 × 24 cells, zero where nothing happened."""
    chart = charts.hour_weekday(pd.DataFrame({"weekday": [0], "hour": [15], "n": [5]}), "en")
    assert len(chart.data) == 168 and chart.data["n"].sum() == 5
    assert chart.data.loc[(chart.data["weekday"] == 0) & (chart.data["hour"] == 15), "day"].item() == "Mon"


def test_ranking_keeps_top_and_selects_by_stored_value():
    """Rankings show the largest first and select by the stored (Japanese) value."""
    df = pd.DataFrame({"koban": ["糸井", "美園", "木場"], "label": ["Itoi", "Misono", "Kiba"], "n": [3, 9, 1]})
    chart = charts.ranking(df, "koban", "en", label="label", top=2)
    assert chart.data["koban"].tolist() == ["美園", "糸井"]
    assert chart.to_dict()["params"][0]["select"]["fields"] == ["koban"]


def test_ranking_cut_to_rows_with_incidents_only_when_the_list_is_cut():
    """A national file's box ranking under a town filter shows the boxes with incidents, not
    fourteen of ten thousand empty ones; a city's short list keeps its zeros; nothing at all
    still draws the list."""
    many = pd.DataFrame({"koban": [f"b{i:02d}" for i in range(40)], "n": [0] * 38 + [5, 2]})
    many["label"] = many["koban"]
    assert charts.ranking(many, "koban", "ja", label="label").data["koban"].tolist() == ["b38", "b39"]
    few = many.tail(12)
    assert len(charts.ranking(few, "koban", "ja", label="label").data) == 12
    none = many.assign(n=0)
    assert len(charts.ranking(none, "koban", "ja", label="label").data) == 15
