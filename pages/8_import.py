"""データ取込 — staff bring the police open data and the city's own files in (preview, import, undo)."""
import streamlit as st

from bohan import ui, ui_import
from bohan.i18n import t

lang = ui.page_setup("nav.import")
st.title(t("import.title", lang))
st.write(t("import.intro", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    staff, who = ui.staff_mode(lang)
    ui_import.page(lang, staff, who)
