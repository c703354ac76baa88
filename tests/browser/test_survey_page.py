"""The survey page in a real Chromium: both languages, no error, Japanese drawn, nothing
fetched from outside, every chart and both maps drawn. Screenshots go to
``artifacts/screenshots/survey-<lang>.png``."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.test_pages import (
    CHART_TIMEOUT_MS,
    CHARTS_SETTLED_JS,
    ERROR_ALERT,
    EXCEPTION,
    JAPANESE_RE,
    SAMPLE_DATA_PHRASE,
    SCREENSHOT_DIR,
    foreign_requests,
    load_page,
    probe_glyphs,
    tofu_problems,
)  # fmt: skip

pytestmark = pytest.mark.browser

URL_PATH = "/survey"
# The page's own words that must be on screen, per language.
WORDS = {
    "ja": ["市民意識調査", "防犯に関する意識", "常に意識している", "体感治安と認知件数", "順位相関"],
    "en": ["Citizen survey", "Awareness of crime prevention", "Perception vs reality", "Spearman"],
}
N_CHARTS = 7  # awareness, three waves, age band, area, scatter
N_MAPS = 2  # satisfaction by area, offences per 1,000 residents
PAGE_HEIGHT_JS = "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
MAX_SHOT_HEIGHT = 8000


def whole_page_screenshot(page, path) -> None:
    """Screenshot the whole page: Streamlit scrolls inside a div, so the viewport is made as
    tall as the page first (and the charts are let to redraw at that size)."""
    height = min(int(page.evaluate(PAGE_HEIGHT_JS)) + 50, MAX_SHOT_HEIGHT)
    page.set_viewport_size({"width": page.viewport_size["width"], "height": max(height, page.viewport_size["height"])})
    page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS, polling=200)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(path), timeout=60_000)


@pytest.mark.parametrize("lang", ["ja"])  # English: tests/browser/test_pages.py opens every page in both
def test_survey_page_renders(app_server, recorded_page, lang):
    """/survey?lang=.. runs cleanly, says sample data, draws 7 charts and 2 maps, stays local."""
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"survey-{lang}.png"
    try:
        load_page(page, f"{app_server}{URL_PATH}?lang={lang}")
    except BaseException:
        page.screenshot(path=str(shot), full_page=True, timeout=60_000)
        raise

    problems = []
    if urlsplit(page.url).path.rstrip("/") != URL_PATH:
        problems.append(f"ended on {page.url}, not on {URL_PATH}")
    problems += [f"exception shown: {el.inner_text()[:300]!r}" for el in page.query_selector_all(EXCEPTION)]
    problems += [f"error alert: {el.inner_text()[:300]!r}" for el in page.query_selector_all(ERROR_ALERT)]
    body = page.inner_text("body")
    problems += [f"missing on screen: {w!r}" for w in WORDS[lang] if w not in body]
    if SAMPLE_DATA_PHRASE[lang].lower() not in body.lower():
        problems.append("no sample-data notice")
    charts = page.query_selector_all('[data-testid="stVegaLiteChart"]')
    drawn = [c for c in charts if c.query_selector("canvas, svg")]
    if len(drawn) < N_CHARTS:
        problems.append(f"{len(drawn)} of {N_CHARTS} charts drawn")
    maps = [m for m in page.query_selector_all('[data-testid="stDeckGlJsonChart"]') if m.query_selector("canvas")]
    if len(maps) < N_MAPS:
        problems.append(f"{len(maps)} of {N_MAPS} maps drawn")
    problems += [f"request left the machine: {u}" for u in foreign_requests(recorded_page.request_urls)]
    if lang == "en":
        title = page.inner_text("h1")
        if JAPANESE_RE.search(title):
            problems.append(f"Japanese in the English title: {title!r}")
    whole_page_screenshot(page, shot)
    assert not problems, f"{URL_PATH} ({lang}):\n  " + "\n  ".join(problems)


def test_survey_page_japanese_glyphs_drawn(app_server, recorded_page):
    """The page's Japanese (answers, area names) is drawn with real glyphs in its font, not tofu."""
    page = recorded_page.page
    load_page(page, f"{app_server}{URL_PATH}?lang=ja")
    family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
    probe = probe_glyphs(page, "満足度糸井勇払", family)
    problems = tofu_problems(probe)
    assert not problems, f"tofu with {family!r}: {problems}; {probe}"
    assert re.search(r"ρ = [+-−]?\d\.\d\d", page.inner_text("body"))
