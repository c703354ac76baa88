"""計画の進捗 — where each of the plan's indicators stands, and the measures behind them (PDCA)."""
import streamlit as st

from bohan import export, ui
from bohan import ui_progress as up
from bohan.i18n import t

lang = ui.page_setup("nav.progress")
staff, staff_name = ui.staff_mode(lang)
st.title(t("progress.title", lang))
st.markdown(t("progress.lead", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    indicators, values, items, edits = up.load()
    st.markdown("### " + up.summary(items, lang))
    for p in items:
        up.indicator_block(p, lang)

    st.subheader(t("progress.table", lang))
    table = up.yearly_table(items, lang)
    st.dataframe(table, hide_index=True, width="stretch", height=300)
    st.download_button(t("download.csv.short", lang), export.csv_bytes(table), file_name="bohan-plan-progress.csv",
                       mime="text/csv", key="p_csv", on_click="ignore")

    st.subheader(t("progress.entry", lang))
    if staff:  # the form and the log of who changed what are staff-only
        up.entry_form(indicators, values, edits, lang, staff_name)
        with st.expander(t("progress.history", lang)):
            up.history(edits, lang)
    else:
        st.caption(t("progress.entry.off", lang))

    st.subheader(t("progress.measures", lang))
    st.caption(t("progress.measures.caption", lang))
    up.measures(lang, staff, staff_name)

with st.expander(t("progress.method", lang)):
    st.markdown(t("progress.method.text", lang))
