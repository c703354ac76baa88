"""プレゼンテーション — the data as slides for a meeting, and the deck as PowerPoint, PDF and images."""
import time

import streamlit as st

from bohan import cache, coverage, deck, ui, workspace
from bohan import ui_present as present
from bohan import ui_progress as up
from bohan.i18n import t, year_label

lang = ui.page_setup("nav.present")
f, vocab, public = ui.crime_filter(lang)

with ui.guard(lang):
    years = list(range(2025, 2030))
    ui.keep("d_fy", min(max(years), max(min(years), up.current_fiscal_year())))
    ui.keep("d_keys", list(deck.DEFAULT_KEYS))
    ui.keep("d_mode", False)
    ui.keep("d_index", 0)
    presenting = st.session_state["d_mode"]
    if presenting:  # a constant style, no user text: hide the sidebar and header, enlarge the type
        st.markdown("<style>[data-testid='stSidebar'],[data-testid='stHeader']{display:none}"
                    ".block-container{padding-top:1rem;max-width:100%}h1{font-size:2.6rem!important}</style>",
                    unsafe_allow_html=True)
    else:
        st.title(t("present.title", lang))
        st.caption(t("present.lead", lang))
        ui.sample_notice(lang)  # when presenting, every slide with sample data carries its own mark
    with st.expander(t("present.slides", lang), expanded=not presenting):
        c1, c2 = st.columns([3, 1])
        keys = c1.multiselect(t("present.slides", lang), list(deck.DEFAULT_KEYS), key="d_keys",
                              format_func=lambda k: deck.slide_label(k, lang), label_visibility="collapsed")
        fy = c2.selectbox(t("present.fy", lang), years, key="d_fy", format_func=lambda y: year_label(y, lang, fiscal=True))
    if not keys:
        st.info(t("present.none", lang))
        st.stop()
    con = cache.current_connection()
    maps = {}
    if "coverage" in keys:
        maps["coverage"] = cache.coverage(coverage.CAMERA_RADIUS_M, coverage.LIGHT_RADIUS_M, coverage.DARK_MIN_LENGTH_M)
    if "siting" in keys:
        from bohan import planner

        maps["inputs"], maps["plan"] = cache.planner_inputs(), cache.siting_plan(planner.Settings())
    slides = deck.build(con, lang, fy, f, vocab, keys=tuple(keys), edits=workspace.indicator_edits(),
                        notes=workspace.measure_notes(), scenarios=workspace.scenarios(), **maps)
    index = min(int(st.session_state["d_index"]), len(slides) - 1)
    nav = st.columns([1, 1, 4, 2])
    if nav[0].button(t("present.prev", lang), icon=":material/arrow_back:", disabled=index == 0, key="d_prev",
                     use_container_width=True):
        index -= 1
    if nav[1].button(t("present.next", lang), icon=":material/arrow_forward:", disabled=index >= len(slides) - 1,
                     key="d_next", use_container_width=True):
        index += 1
    st.session_state["d_index"] = index
    picked = nav[2].selectbox(t("present.goto", lang), range(len(slides)), index=index, key=f"d_goto_{index}",
                              format_func=lambda i: f"{i + 1}. {slides[i].title}", label_visibility="collapsed")
    if picked != index:
        st.session_state["d_index"] = picked
        st.rerun()
    nav[3].toggle(t("present.mode", lang), key="d_mode")
    present.show(slides[index], lang, index + 1, len(slides), image_key=(slides[index].key, lang, str(cache.default_db_path())))

    if not presenting:
        st.divider()
        st.subheader(t("present.export", lang))
        st.caption(t("present.export.note", lang))
        if st.button(t("present.export.build", lang), icon=":material/slideshow:", type="primary", key="d_build"):
            bar = st.progress(0.0, text=t("present.export.building", lang))
            start = time.perf_counter()
            for s in slides:  # maps already drawn on screen are not drawn again
                if s.image is not None:
                    picture = present.visual(s, (s.key, lang, str(cache.default_db_path())))
                    s.image = (lambda p=picture: p)
            made = deck.export_all(slides, lang, lambda frac, step: bar.progress(
                min(frac, 1.0), text=t("present.export.step", lang, step=deck.slide_label(step, lang))))
            bar.empty()
            st.session_state["d_exports"] = (tuple(keys), fy, lang, made, time.perf_counter() - start)
        done = st.session_state.get("d_exports")
        if done and done[:3] == (tuple(keys), fy, lang):
            made = done[3]
            st.success(t("present.export.ready", lang, n=len(made.pages), s=done[4]), icon=":material/check:")
            d1, d2, d3 = st.columns(3)
            d1.download_button(t("present.export.pptx", lang), made.pptx, file_name="bohan-deck.pptx", key="d_pptx",
                               mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                               on_click="ignore", icon=":material/co_present:")
            d2.download_button(t("present.export.pdf", lang), made.pdf, file_name="bohan-deck.pdf", key="d_pdf",
                               mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:")
            d3.download_button(t("present.export.png", lang), made.png_zip, file_name="bohan-deck-images.zip",
                               key="d_png", mime="application/zip", on_click="ignore", icon=":material/image:")
