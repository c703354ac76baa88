"""The presentation page in Chromium: large headline, next slide, presenting mode, a server-drawn map slide."""
from __future__ import annotations

import pytest

from tests.browser.test_pages import EXCEPTION, SCREENSHOT_DIR, load_page

pytestmark = pytest.mark.browser

HEADLINE = '.st-key-slide h1'
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def _settle(page) -> None:
    page.wait_for_timeout(400)
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=90_000)
    page.wait_for_timeout(400)


def test_presenting_the_deck(app_server, recorded_page):
    page = recorded_page.page
    load_page(page, f"{app_server}/present?lang=ja")
    first = page.locator(HEADLINE).first.inner_text()
    assert first.startswith("苫小牧市 第３次総合防犯計画")
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(SCREENSHOT_DIR / "present-ja-title.png"), full_page=True)

    page.get_by_role("button", name="次へ").click()
    page.wait_for_function(f"() => !document.querySelector('{HEADLINE}')?.innerText.startsWith('苫小牧市')", timeout=60_000)
    assert page.locator(HEADLINE).first.inner_text().startswith("5つの指標のうち")

    # jump to the coverage map: a server-rendered picture with its source line
    page.locator(".st-key-d_goto_1 input").click()
    page.get_by_role("option", name="8. 地図・カバー率").click()
    page.wait_for_function(f"() => document.querySelector('{HEADLINE}')?.innerText.startsWith('通学路')", timeout=90_000)
    _settle(page)
    img = page.locator('[data-testid="stImage"] img').first
    img.wait_for(state="visible", timeout=60_000)
    assert img.evaluate("i => i.naturalWidth") >= 1000  # drawn on the server at print resolution, sent at screen size
    assert page.get_by_text("背景地図なし").count() >= 1

    # presenting mode: no sidebar, the slide fills the screen
    page.get_by_text("発表モード").click()
    page.wait_for_selector('[data-testid="stSidebar"]', state="hidden", timeout=60_000)
    _settle(page)
    assert page.locator(EXCEPTION).count() == 0
    page.screenshot(path=str(SCREENSHOT_DIR / "present-ja-map.png"))
