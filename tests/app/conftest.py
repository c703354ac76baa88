"""AppTest helpers: fresh Streamlit caches per test, the app opened by absolute path."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit caches outlive an AppTest; clear them so each test sees its own database."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def open_page(page: str | None = None, lang: str = "ja", timeout: float = 30, query: dict | None = None) -> AppTest:
    """Open ``page`` (app.py if None) in ``lang``, as a visitor arriving by a link would.

    AppTest cannot start on a page of pages/: the page is run as app.py's switch target,
    with the link's query string set before the first run.
    """
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    return at


def as_staff(at: AppTest) -> AppTest:
    """Sign the AppTest session in as staff (the test account of tests/auth_helpers.py)."""
    from tests.auth_helpers import sign_in

    return sign_in(at)
