"""The trend page in a real Chromium: charts drawn, and a click on one chart narrows the rest."""
from __future__ import annotations

import re

from tests.browser.test_pages import SCREENSHOT_DIR, load_page

CHART = '[data-testid="stVegaLiteChart"]'
METRIC = '[data-testid="stMetricValue"]'
# Order of the charts on the page: trend, season, heatmap, box ranking, town ranking, ...
BOX_RANKING = 3


def first_metric(page) -> int:
    return int(re.sub(r"\D", "", page.locator(METRIC).first.inner_text()))


def test_clicking_a_box_narrows_the_other_charts(app_server, recorded_page):
    """Clicking the busiest box's bar selects it: the count drops and the page names the box."""
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/trends?y=2023-2023")
    charts = page.locator(CHART)
    assert charts.count() >= 7, "the trend page should draw at least seven charts"
    for i in range(charts.count()):
        assert charts.nth(i).locator("canvas, svg").count() > 0, f"chart {i} drew nothing"
    before = first_metric(page)
    assert before == 929  # the plan's 2023 figure: all offences, whole city

    ranking = charts.nth(BOX_RANKING)
    ranking.scroll_into_view_if_needed()
    box = ranking.locator("canvas, svg").first.bounding_box()
    # Bars are sorted, largest first: the top bar (糸井 in 2023) spans most of the plot width.
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + 14)
    # The rerun replaces the count: wait for it to change rather than for a script state,
    # which can still read "notRunning" before the rerun has begun.
    page.wait_for_function(
        """(before) => {
            const el = document.querySelector('[data-testid="stMetricValue"]');
            return el && parseInt(el.innerText.replace(/\\D/g, ''), 10) !== before;
        }""",
        arg=before, timeout=30_000, polling=200,
    )
    page.wait_for_selector('[data-testid="stAlert"]:has-text("グラフで選択中")', timeout=10_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOT_DIR / "trends-selected-ja.png"), full_page=True)
    after = first_metric(page)
    assert "糸井" in page.locator('[data-testid="stAlert"]:has-text("グラフで選択中")').inner_text()
    assert 0 < after < before
