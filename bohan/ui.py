"""The app's shell, shared by every page: page setup, sidebar, language, sample-data notice.

Pages run in Streamlit's pages/-folder mode with the default navigation hidden; the sidebar
is drawn here with Japanese page names. The language lives in the session and in the URL
(``?lang=en``), so it survives page switches and a copied link keeps it.
"""
from __future__ import annotations

import contextlib
import logging

import streamlit as st

from bohan import cache
from bohan.i18n import DEFAULT_LANG, LANGS, Lang, t
from bohan.paths import DATA_DIR

log = logging.getLogger(__name__)

#: (script path, label key, icon) of every page, in sidebar order.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "nav.home", ":material/home:"),
    ("pages/9_data.py", "nav.data", ":material/table:"),
)
_LANG_STATE = "_lang"
_LANG_WIDGET = "lang_widget"


def _language() -> Lang:
    if _LANG_STATE not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state[_LANG_STATE] = asked if asked in LANGS else DEFAULT_LANG
    return st.session_state[_LANG_STATE]


def _on_language_change() -> None:
    st.session_state[_LANG_STATE] = st.session_state[_LANG_WIDGET]


def page_setup(title_key: str) -> Lang:
    """Set the page up and draw the shared sidebar; returns the language to draw in."""
    lang = _language()
    st.set_page_config(page_title=f"{t(title_key, lang)} | {t('app.title', lang)}", page_icon=str(DATA_DIR / "app-icon.png"), layout="wide")
    st.query_params["lang"] = lang
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        st.caption(t("app.subtitle", lang))
        for script, key, icon in PAGES:
            st.page_link(script, label=t(key, lang), icon=icon, query_params={"lang": lang})
        st.divider()
        # re-save the widget value: a page switch would otherwise drop it (pages/-folder mode)
        st.session_state[_LANG_WIDGET] = lang
        st.radio(
            t("lang.label", lang),
            LANGS,
            key=_LANG_WIDGET,
            format_func=lambda code: {"ja": "日本語", "en": "English"}[code],
            horizontal=True,
            on_change=_on_language_change,
        )
    cache.ensure_database(lang)
    return lang


def sample_notice(lang: Lang) -> None:
    """Say, where it is seen, that the screen shows sample data (if any table holds some)."""
    tables = cache.query("app/sample_tables")
    if len(tables):
        st.info(t("sample.notice", lang), icon=":material/science:")


@contextlib.contextmanager
def guard(lang: Lang):
    """Show a short message in the user's language instead of a traceback."""
    try:
        yield
    except Exception:  # noqa: BLE001 - the user sees a message, the log keeps the details
        log.exception("page failed")
        st.error(t("error.query", lang), icon=":material/error:")
