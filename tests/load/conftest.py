"""The load test's staff session runs in Chromium: the browser fixtures of ``tests/browser``."""
from tests.browser.conftest import browser, recorded_page  # noqa: F401  (pytest fixtures)
