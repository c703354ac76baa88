"""懇話会資料 — everything the yearly report to the round table needs, in one view."""
import streamlit as st

from bohan import cache, report, ui, workspace
from bohan import ui_progress as up
from bohan.i18n import t, year_label

lang = ui.page_setup("nav.report")
st.title(t("report.title", lang))
st.markdown(t("report.lead", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    years = list(range(2025, 2030))
    ui.keep("r_fy", min(max(years), max(min(years), up.current_fiscal_year())))
    fy = st.selectbox(t("report.fy", lang), years, key="r_fy", format_func=lambda y: year_label(y, lang, fiscal=True))
    con = cache.current_connection()
    sections = report.round_table(con, lang, fy, edits=workspace.indicator_edits(), notes=workspace.measure_notes(),
                                  scenarios=workspace.scenarios())
    for i, s in enumerate(sections, start=1):
        with st.container(border=True):
            st.subheader(t("report.section", lang, n=i, title=s.title))
            if s.sample:
                st.badge(t("report.sample_mark", lang), icon=":material/science:", color="gray")
            st.markdown(f"**{s.headline}**")
            for note in s.notes:
                st.markdown(f"- {note}")
            if s.chart is not None:
                ui.chart(s.chart, f"report-{s.key}", lang, height=300)
            if s.table is not None:
                st.dataframe(s.table, hide_index=True, width="stretch")
            st.caption(f"{t('report.period', lang, period=s.period)}　{s.source}")
