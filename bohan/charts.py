"""Altair chart builders. Each returns an ``alt.Chart`` so tests can read its data and spec.

One theme for the whole app: the Okabe-Ito colour-blind-safe palette, type large enough for
a projector, Japanese-capable fonts first.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from bohan.i18n import Lang, t

# Okabe & Ito (2008), safe for the common colour-vision deficiencies.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73",
    "yellow": "#F0E442", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#999999", "black": "#000000",
}
FONT = "'IPAexGothic', 'Noto Sans CJK JP', 'Hiragino Sans', 'Yu Gothic', Meiryo, sans-serif"


def themed(chart: alt.Chart, height: int = 360) -> alt.Chart:
    """Apply the app's fonts and sizes (readable on a projector)."""
    return chart.properties(height=height, width="container").configure(  # one copy of the chart, not five
        font=FONT,
        axis=alt.AxisConfig(labelFontSize=14, titleFontSize=15, gridColor="#e6e6e6"),
        legend=alt.LegendConfig(labelFontSize=14, titleFontSize=14, orient="top"),
        title=alt.TitleConfig(fontSize=18, anchor="start"),
        view=alt.ViewConfig(strokeWidth=0),
    )


def vega_spec(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec for ``st.vega_lite_chart``, its data frames as named datasets.

    ``st.altair_chart`` validates the whole spec against the Vega-Lite JSON schema on every run,
    under a lock that every session shares: about a third of a trends page's server time, in
    series across sessions. The charts here are fixed code, checked against the schema by the
    unit tests (``tests/unit/test_charts.py``), so the app skips that check. The data frames are
    lifted out as ``datasets`` (Streamlit sends them as Arrow, as with ``st.altair_chart``)
    without touching Altair's global data transformer, which Streamlit swaps under its lock.
    """
    datasets: dict[str, pd.DataFrame] = {}

    def lift(c):
        c = c.copy(deep=False)
        data = getattr(c, "data", alt.Undefined)
        if isinstance(data, pd.DataFrame):
            name = f"data-{len(datasets)}"
            datasets[name] = data
            c.data = alt.NamedData(name=name)
        for attr in ("layer", "hconcat", "vconcat", "concat"):
            parts = getattr(c, attr, alt.Undefined)
            if isinstance(parts, list):
                setattr(c, attr, [lift(part) for part in parts])
        inner = getattr(c, "spec", alt.Undefined)
        if isinstance(inner, alt.TopLevelMixin | alt.Chart | alt.LayerChart):
            c.spec = lift(inner)
        return c

    spec = lift(chart).to_dict(validate=False)
    spec["datasets"] = {**spec.get("datasets", {}), **datasets}
    return spec


def annual_trend(annual: pd.DataFrame, target_value: float, target_year: int, lang: Lang) -> alt.Chart:
    """Yearly offences with the plan's own figures marked and the path to the target.

    ``annual`` has ``year, offences, source``; the path runs straight from the latest plan
    figure to ``target_value`` in ``target_year``.
    """
    df = annual.copy()
    df["kind"] = df["source"].map({"plan": t("home.trend.plan", lang)}).fillna(t("home.trend.sample", lang))
    latest = df[df["source"] == "plan"].iloc[-1]
    path = pd.DataFrame(
        {"year": [int(latest["year"]), target_year], "offences": [float(latest["offences"]), target_value]}
    )
    path["series"] = t("home.trend.path", lang)
    x = alt.X("year:Q", title=t("home.trend.year", lang), axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[int(df["year"].min()), target_year]))
    y = alt.Y("offences:Q", title=t("home.trend.offences", lang), scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("year:Q", title=t("home.trend.year", lang), format="d"),
               alt.Tooltip("offences:Q", title=t("home.trend.offences", lang), format=","),
               alt.Tooltip("kind:N", title=t("source.label", lang))]
    line = alt.Chart(df).mark_line(color=PALETTE["blue"], strokeWidth=3).encode(x=x, y=y)
    dots = alt.Chart(df).mark_point(filled=True, size=60).encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("kind:N", title=t("source.label", lang),
                        scale=alt.Scale(domain=[t("home.trend.plan", lang), t("home.trend.sample", lang)],
                                        range=[PALETTE["vermillion"], PALETTE["blue"]])),
        size=alt.condition(alt.datum.source == "plan", alt.value(180), alt.value(50)),
    )
    labels = alt.Chart(df[df["source"] == "plan"]).mark_text(dy=-16, fontSize=15, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("offences:Q", format=",")
    )
    glide = alt.Chart(path).mark_line(strokeDash=[6, 4], strokeWidth=3, color=PALETTE["vermillion"]).encode(x=x, y=y)
    target = alt.Chart(path.iloc[[-1]]).mark_point(shape="diamond", filled=True, size=220, color=PALETTE["vermillion"]).encode(x=x, y=y)
    target_label = alt.Chart(path.iloc[[-1]].assign(label=lambda d: f"{t('home.target', lang)} {target_value:,.0f}")).mark_text(
        dy=-18, fontSize=15, fontWeight="bold", color=PALETTE["vermillion"]
    ).encode(x=x, y=y, text="label:N")
    return alt.layer(line, glide, dots, labels, target, target_label)


def _year_axis_title(lang: Lang, fiscal: bool) -> str:
    return t("trend.axis.fiscal_year" if fiscal else "trend.axis.year", lang)


def yearly_trend(
    counts: pd.DataFrame,
    lang: Lang,
    *,
    fiscal: bool = False,
    highlight: tuple[int, int] | None = None,
    glide: tuple[int, float, int, float] | None = None,
) -> alt.Chart:
    """Counts by year with 95 % Poisson bands; optionally the plan's path to its target.

    ``counts`` has ``year, n`` and optionally ``source`` ('plan' marks the plan's own figures).
    ``highlight`` shades the selected period; ``glide`` is (from_year, from_value, to_year,
    to_value), drawn as a dotted line to a diamond at the target.
    """
    from bohan.stats import poisson_interval

    df = counts.copy()
    df["low"], df["high"] = poisson_interval(df["n"])
    df["low"], df["high"] = df["low"].round(1), df["high"].round(1)
    if "source" not in df:
        df["source"] = "sample"
    last = int(glide[2]) if glide else int(df["year"].max())
    x_scale = alt.Scale(domain=[int(df["year"].min()), last], zero=False)
    x = alt.X("year:Q", title=_year_axis_title(lang, fiscal), axis=alt.Axis(format="d", tickMinStep=1), scale=x_scale)
    y = alt.Y("n:Q", title=t("trend.axis.count", lang), scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("year:Q", title=_year_axis_title(lang, fiscal), format="d"),
               alt.Tooltip("n:Q", title=t("trend.axis.count", lang), format=","),
               alt.Tooltip("low:Q", title=t("trend.band.low", lang), format=",.0f"),
               alt.Tooltip("high:Q", title=t("trend.band.high", lang), format=",.0f")]
    layers = []
    if highlight:
        shade = pd.DataFrame({"a": [highlight[0] - 0.5], "b": [highlight[1] + 0.5]})
        layers.append(alt.Chart(shade).mark_rect(color=PALETTE["yellow"], opacity=0.35, clip=True).encode(
            x=alt.X("a:Q", scale=x_scale, title=_year_axis_title(lang, fiscal)), x2="b:Q"))
    layers.append(alt.Chart(df).mark_area(color=PALETTE["sky"], opacity=0.3).encode(x=x, y="low:Q", y2="high:Q"))
    layers.append(alt.Chart(df).mark_line(color=PALETTE["blue"], strokeWidth=3).encode(x=x, y=y))
    layers.append(alt.Chart(df).mark_point(filled=True, color=PALETTE["blue"], size=50).encode(x=x, y=y, tooltip=tooltip))
    plan_rows = df[df["source"] == "plan"]
    if len(plan_rows):
        layers.append(alt.Chart(plan_rows).mark_point(filled=True, size=170, color=PALETTE["vermillion"]).encode(x=x, y=y, tooltip=tooltip))
        layers.append(alt.Chart(plan_rows).mark_text(dy=-16, fontSize=14, fontWeight="bold").encode(x=x, y=y, text=alt.Text("n:Q", format=",")))
    if glide:
        path = pd.DataFrame({"year": [glide[0], glide[2]], "n": [glide[1], glide[3]]})
        layers.append(alt.Chart(path).mark_line(strokeDash=[6, 4], strokeWidth=3, color=PALETTE["vermillion"]).encode(x=x, y=y))
        end = path.iloc[[-1]].assign(label=f"{t('home.target', lang)} {glide[3]:,.0f}")
        layers.append(alt.Chart(end).mark_point(shape="diamond", filled=True, size=200, color=PALETTE["vermillion"]).encode(x=x, y=y))
        layers.append(alt.Chart(end).mark_text(dy=-16, fontSize=14, fontWeight="bold", color=PALETTE["vermillion"]).encode(x=x, y=y, text="label:N"))
    return alt.layer(*layers)


def seasonality(monthly: pd.DataFrame, lang: Lang, *, fiscal: bool = False, years: tuple[int, int] | None = None) -> alt.Chart:
    """Average incidents per month over the years shown (bars) and the latest year (line).

    ``monthly`` has ``year, month, n`` (months without incidents count as 0); ``years``
    limits the average to complete years. Fiscal years run April to March on the axis.
    """
    present = sorted(int(y) for y in monthly["year"].unique()) if len(monthly) else []
    if years:
        present = [y for y in present if years[0] <= y <= years[1]]
    grid = pd.MultiIndex.from_product([present, range(1, 13)], names=["year", "month"]).to_frame(index=False)
    full = grid.merge(monthly, on=["year", "month"], how="left").fillna({"n": 0})
    mean_label = t("season.mean", lang, n=len(present))
    latest_year = present[-1] if present else None
    latest_label = year_label_short(latest_year, lang, fiscal) if latest_year else ""
    mean = full.groupby("month", as_index=False)["n"].mean().round(1).assign(series=mean_label)
    latest = full[full["year"] == latest_year].assign(series=latest_label)
    order = [*range(4, 13), 1, 2, 3] if fiscal else list(range(1, 13))
    x = alt.X("month:O", title=t("season.axis.month", lang), sort=order, axis=alt.Axis(labelAngle=0))
    y = alt.Y("n:Q", title=t("season.axis.count", lang))
    colour = alt.Color("series:N", title=None, sort=[mean_label, latest_label],
                       scale=alt.Scale(domain=[mean_label, latest_label], range=[PALETTE["sky"], PALETTE["vermillion"]]))
    tip = [alt.Tooltip("month:O", title=t("season.axis.month", lang)), alt.Tooltip("series:N", title=""),
           alt.Tooltip("n:Q", title=t("season.axis.count", lang), format=",.1f")]
    bars = alt.Chart(mean).mark_bar().encode(x=x, y=y, color=colour, tooltip=tip)
    line = alt.Chart(latest).mark_line(point=True, strokeWidth=3).encode(x=x, y=y, color=colour, tooltip=tip)
    return alt.layer(bars, line)


def year_label_short(year: int, lang: Lang, fiscal: bool) -> str:
    """``2023年`` / ``2023年度`` / ``2023`` / ``FY2023``: short labels for legends."""
    if lang == "en":
        return f"FY{year}" if fiscal else str(year)
    return f"{year}年度" if fiscal else f"{year}年"


def hour_weekday(cells: pd.DataFrame, lang: Lang) -> alt.Chart:
    """Hour × weekday heatmap of counts; clicking cells selects them (selection ``cell``)."""
    days = [t(f"weekday.{d}", lang) for d in range(7)]
    grid = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"]).to_frame(index=False)
    df = grid.merge(cells, on=["weekday", "hour"], how="left").fillna({"n": 0})
    df["day"] = [days[d] for d in df["weekday"]]
    pick = alt.selection_point(name="cell", fields=["weekday", "hour"])
    return alt.Chart(df).mark_rect(stroke="white", strokeWidth=1).encode(
        x=alt.X("hour:O", title=t("heat.axis.hour", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("day:O", title=None, sort=days),
        color=alt.Color("n:Q", title=t("heat.legend", lang), scale=alt.Scale(scheme="blues")),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.35)),
        tooltip=[alt.Tooltip("day:N", title=t("heat.axis.day", lang)), alt.Tooltip("hour:O", title=t("heat.axis.hour", lang)),
                 alt.Tooltip("n:Q", title=t("trend.axis.count", lang), format=",")],
    ).add_params(pick)


def ranking(df: pd.DataFrame, field: str, lang: Lang, *, label: str, top: int = 15, value_title: str | None = None) -> alt.Chart:
    """Horizontal bars, largest first; clicking a bar selects its ``field`` value (selection ``pick``).

    ``df`` has ``field`` (the stored value), ``label`` (what to show) and ``n``. A list longer than
    ``top`` is cut to rows with incidents (which of ten thousand police boxes with none would fill the
    rest says nothing); a shorter one is shown whole, zeros included (a city's twelve boxes).
    """
    data = df.sort_values("n", ascending=False, kind="stable")
    if len(data) > top and (data["n"] > 0).any():
        data = data[data["n"] > 0]
    data = data.head(top)
    pick = alt.selection_point(name="pick", fields=[field])
    # A few rows (under half of ``top``) keep about the bar thickness of a full list (one bar is not a
    # wall of colour): a band is (1 - inner) / (rows - inner + 2 * outer) of the height, outer at most 1.
    rows = max(len(data), 1)
    few = rows < top / 2
    inner = min(0.95, max(0.1, (top - 0.9 * rows - 1.8) / (top - 0.9))) if few else 0.1
    band = alt.Scale(paddingInner=inner, paddingOuter=1 if few else 0.05)
    return alt.Chart(data).mark_bar().encode(
        x=alt.X("n:Q", title=value_title or t("trend.axis.count", lang)),
        y=alt.Y(f"{label}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260), scale=band),
        color=alt.condition(pick, alt.value(PALETTE["blue"]), alt.value(PALETTE["grey"])),
        tooltip=[alt.Tooltip(f"{label}:N", title=""), alt.Tooltip("n:Q", title=t("trend.axis.count", lang), format=",")],
    ).add_params(pick)


def coverage_curve(curve: pd.DataFrame, n_chosen: int, exact_pct: float, lang: Lang) -> alt.Chart:
    """Share of demand weight covered after n new cameras (greedy, n = 0 … N), the gain of
    each further camera as bars, and the chosen n's exact answer marked.

    ``curve`` has ``n`` and ``greedy_pct``; the bars are its differences.
    """
    df = curve.copy()
    df["gain_pct"] = df["greedy_pct"].diff()
    x = alt.X("n:Q", title=t("siting.curve.n", lang), axis=alt.Axis(format="d", tickMinStep=1),
              scale=alt.Scale(domain=[0, int(df["n"].max())], nice=False))
    bars = alt.Chart(df[df["n"] > 0]).mark_bar(color=PALETTE["sky"], opacity=0.8).encode(
        x=x, y=alt.Y("gain_pct:Q", title=t("siting.curve.gain", lang)),
        tooltip=[alt.Tooltip("n:Q", title=t("siting.curve.n", lang)),
                 alt.Tooltip("gain_pct:Q", title=t("siting.curve.gain", lang), format=".2f")])
    line = alt.Chart(df).mark_line(color=PALETTE["blue"], strokeWidth=3, point=True).encode(
        x=x, y=alt.Y("greedy_pct:Q", title=t("siting.curve.covered", lang), scale=alt.Scale(zero=True)),
        tooltip=[alt.Tooltip("n:Q", title=t("siting.curve.n", lang)),
                 alt.Tooltip("greedy_pct:Q", title=t("siting.curve.covered", lang), format=".2f")])
    mark = pd.DataFrame({"n": [n_chosen], "greedy_pct": [exact_pct], "label": [t("siting.curve.chosen", lang, n=n_chosen)]})
    rule = alt.Chart(mark).mark_rule(color=PALETTE["vermillion"], strokeDash=[6, 4], strokeWidth=2).encode(x="n:Q")
    dot = alt.Chart(mark).mark_point(color=PALETTE["vermillion"], filled=True, size=200).encode(
        x="n:Q", y="greedy_pct:Q", tooltip=[alt.Tooltip("label:N", title="")])
    text = alt.Chart(mark).mark_text(dx=8, dy=-14, align="left", fontSize=15, fontWeight="bold",
                                     color=PALETTE["vermillion"]).encode(x="n:Q", y="greedy_pct:Q", text="label:N")
    return alt.layer(bars, alt.layer(line, rule, dot, text)).resolve_scale(y="independent")


def _era_axis(lang: Lang, domain: list[int]) -> alt.Axis:
    """Year axis with the western year and, under it, the Japanese era (令和7 / R7)."""
    era = "(datum.value == 2019 ? '令和元' : '令和' + (datum.value - 2018))" if lang == "ja" else "'R' + (datum.value - 2018)"
    expr = f"datum.value >= 2019 ? [datum.label, {era}] : [datum.label, '']"
    return alt.Axis(format="d", tickMinStep=1, values=list(range(domain[0], domain[1] + 1)), labelExpr=expr,
                    labelAngle=0)


def progress_chart(values: pd.DataFrame, path: pd.DataFrame, target_year: int, target_value: float,
                   ci: tuple[float, float] | None, unit: str, lang: Lang) -> alt.Chart:
    """An indicator's actual values, its glide path to the target and the target itself.

    ``values``: year, value, source (the latest one gets ``ci`` as an error bar); ``path``:
    year, path. Years carry their Japanese era under them.
    """
    df = values[["year", "value", "source"]].copy()
    df["kind"] = df["source"].map(lambda s: t(f"progress.source.{s}", lang) if s in ("plan", "sample", "staff") else s)
    path = path.assign(series=t("progress.path", lang))
    years = [int(min(df["year"].min(), path["year"].min())), int(max(target_year, df["year"].max()))]
    fmt = ".1f" if unit == "pct" else ",.0f"
    x = alt.X("year:Q", title=None, axis=_era_axis(lang, years), scale=alt.Scale(domain=years, nice=False))
    y_title = t("progress.axis.pct" if unit == "pct" else "progress.axis.count", lang)
    low = min(df["value"].min(), path["path"].min(), target_value, ci[0] if ci else np.inf)
    high = max(df["value"].max(), path["path"].max(), target_value, ci[1] if ci else -np.inf)
    pad = (high - low) * 0.15 or 1.0
    scale = alt.Scale(domain=[max(0.0, low - pad), high + pad], nice=True)
    y = alt.Y("value:Q", title=y_title, scale=scale)
    line_path = alt.Chart(path).mark_line(color=PALETTE["grey"], strokeDash=[6, 4], strokeWidth=2.5).encode(
        x=x, y=alt.Y("path:Q", scale=scale, title=y_title),
        tooltip=[alt.Tooltip("year:Q", format="d", title=t("progress.year", lang)),
                 alt.Tooltip("path:Q", format=fmt, title=t("progress.path", lang))])
    target = pd.DataFrame({"year": [target_year], "value": [target_value], "label": [t("progress.target_mark", lang)]})
    goal = alt.Chart(target).mark_point(shape="diamond", size=260, filled=True, color=PALETTE["vermillion"]).encode(
        x=x, y=y, tooltip=[alt.Tooltip("label:N", title=""), alt.Tooltip("value:Q", format=fmt, title="")])
    goal_text = alt.Chart(target).mark_text(dy=-18, fontSize=14, fontWeight="bold", color=PALETTE["vermillion"]).encode(
        x=x, y=y, text=alt.Text("value:Q", format=fmt))
    actual = alt.Chart(df).mark_line(color=PALETTE["blue"], strokeWidth=3).encode(x=x, y=y)
    kinds = [t(f"progress.source.{k}", lang) for k in ("plan", "sample", "staff")]
    dots = alt.Chart(df).mark_point(filled=True, size=90, color=PALETTE["blue"]).encode(
        x=x, y=y, shape=alt.Shape("kind:N", title=t("source.label", lang),  # one marker per source on every chart
                                  scale=alt.Scale(domain=kinds, range=["square", "circle", "triangle-up"])),
        tooltip=[alt.Tooltip("year:Q", format="d", title=t("progress.year", lang)),
                 alt.Tooltip("value:Q", format=fmt, title=t("progress.actual", lang)),
                 alt.Tooltip("kind:N", title=t("source.label", lang))])
    layers = [line_path, actual, dots, goal, goal_text]
    if ci is not None:
        last = df.iloc[[-1]].assign(low=ci[0], high=ci[1])
        layers.insert(1, alt.Chart(last).mark_rule(color=PALETTE["blue"], strokeWidth=2).encode(
            x=x, y=alt.Y("low:Q", scale=scale, title=y_title), y2="high:Q"))
    return alt.layer(*layers)
