"""防犯アトラス — home page (概要): the plan's headline figures at a glance."""
import streamlit as st

from bohan import cache, charts, ui
from bohan.i18n import number, t
from bohan.indicators import UNITS, card

lang = ui.page_setup("nav.home")
st.title(t("app.title", lang))
st.caption(t("app.subtitle", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    indicators = cache.query("home/plan_indicators")
    st.subheader(t("home.headline", lang))
    for kind, heading in (("achievement", "home.achievement"), ("activity", "home.activity")):
        st.markdown(f"**{t(heading, lang)}**")
        rows = indicators[indicators["kind"] == kind]
        for column, (_, row) in zip(st.columns(len(rows)), rows.iterrows()):
            c = card(row, lang)
            gap = t("home.points", lang, value=c.gap) if UNITS[c.indicator_id] == "pct" else number(c.gap, UNITS[c.indicator_id], lang)
            column.metric(
                c.label,
                c.value,
                delta=t("home.reached", lang) if c.reached else t("home.gap", lang, target=c.target, gap=gap),
                delta_color="off",
                delta_arrow="off",
                help=f"{c.name}\n\n{row['note_en'] if lang == 'en' else row['note_ja']}",
                border=True,
            )
            column.caption(t("home.card.when", lang, when=c.when))

    st.subheader(t("home.trend.title", lang))
    offences = indicators.set_index("indicator_id").loc["offences"]
    chart = charts.annual_trend(
        cache.query("home/annual_offences"), offences["target_value"], int(offences["target_year"]), lang
    )
    st.vega_lite_chart(charts.vega_spec(charts.themed(chart)), theme=None, width="stretch")
    st.caption(t("home.trend.caption", lang))
    st.caption(t("home.source", lang))

with st.expander(t("home.about", lang)):
    st.write(t("home.about.text", lang))
