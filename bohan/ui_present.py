"""The presentation page's slide view (Streamlit)."""
from __future__ import annotations

import streamlit as st

from bohan.deck import Slide
from bohan.i18n import Lang, t

_IMAGES = "_deck_images"


def visual(slide: Slide, key: tuple) -> bytes | None:
    """A slide's server-rendered map, made once per session and slide (maps take a second or two)."""
    if slide.image is None:
        return None
    store = st.session_state.setdefault(_IMAGES, {})
    if key not in store:
        store[key] = slide.image()
    return store[key]


def show(slide: Slide, lang: Lang, number: int, total: int, image_key: tuple) -> None:
    """One slide in large type: its headline, its figure, its source and period."""
    from bohan import ui

    with st.container(border=True, key="slide"):
        head, mark = st.columns([5, 1])
        head.markdown(f"# {slide.headline}")
        if slide.sample:
            mark.badge(t("report.sample_mark", lang), icon=":material/science:", color="orange")
        picture = visual(slide, image_key)
        if picture is not None:
            st.image(picture, width="stretch")
        elif slide.chart is not None:
            ui.chart(slide.chart, f"deck-{slide.key}", lang, height=460)
        elif slide.table is not None:
            st.dataframe(slide.table, hide_index=True, width="stretch")
        if slide.bullets and (slide.table is not None or slide.chart is None or slide.key == "siting"):
            st.markdown("\n".join(f"- {b}" for b in slide.bullets))
        st.caption(f"{slide.source}　{t('report.period', lang, period=slide.period)}　"
                   f"{t('present.counter', lang, n=number, total=total)}")
