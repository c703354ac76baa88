"""Altair chart builders. Each returns an ``alt.Chart`` so tests can read its data and spec.

One theme for the whole app: the Okabe-Ito colour-blind-safe palette, type large enough for
a projector, Japanese-capable fonts first.
"""
from __future__ import annotations

import altair as alt
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
    return (
        chart.properties(height=height, width="container")
        .configure(font=FONT)
        .configure_axis(labelFontSize=14, titleFontSize=15, gridColor="#e6e6e6")
        .configure_legend(labelFontSize=14, titleFontSize=14, orient="top")
        .configure_title(fontSize=18, anchor="start")
        .configure_view(strokeWidth=0)
    )


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
