"""Shared fixtures: one sample database built per test session, exactly as the app builds it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A freshly built sample database; ``BOHAN_DB`` points at it for the whole session."""
    from bohan.build.sample_city import build_database

    path = build_database(tmp_path_factory.mktemp("db") / "bohan.duckdb")
    previous = os.environ.get("BOHAN_DB")
    os.environ["BOHAN_DB"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("BOHAN_DB", None)
    else:
        os.environ["BOHAN_DB"] = previous


@pytest.fixture(scope="session")
def con(built_db):
    """A read-only connection to the session's database."""
    from bohan import db

    c = db.connect(built_db)
    yield c
    c.close()


def files_in(folder: Path) -> list[str]:
    """The names in ``folder``, sorted, without the database's version links (``<db>.read-…``:
    hard links to the same file that readers open it by, ``bohan.db.read_path``)."""
    return sorted(p.name for p in folder.iterdir() if ".read-" not in p.name)


# --- one headless Chromium for the whole run (tests/browser and the load test's staff session) ---
@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (two would start two Playwright drivers in one
    thread, which Playwright's sync API refuses)."""
    from tests.browser.conftest import CHROMIUM_ARGS, CHROMIUM_PATH, _missing

    if not CHROMIUM_PATH.exists():
        _missing(f"Chromium not found at {CHROMIUM_PATH} (Debian: apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM_PATH), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class RecordedPage:
    """A fresh browser page plus every URL it asked for (HTTP requests and websockets)."""

    def __init__(self, context):
        self.context = context
        self.page = context.new_page()
        self.request_urls: list[str] = []
        # Context-level, so requests made by workers and popups are seen too.
        context.on("request", lambda request: self.request_urls.append(request.url))
        self.page.on("websocket", lambda ws: self.request_urls.append(ws.url))


@pytest.fixture
def recorded_page(browser):
    """A new page (in its own context) per test, with its requests recorded."""
    from tests.browser.conftest import VIEWPORT

    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP", timezone_id="Asia/Tokyo")
    try:
        yield RecordedPage(context)
    finally:
        context.close()
