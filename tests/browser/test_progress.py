"""The plan-progress page in a real Chromium: five indicator blocks with their badge, metrics
and chart (glide path, target diamond, era under the years), and a staff entry saved through
the form changing the figure on screen.

The server (``tests/browser/conftest.py``) is started once per session with the environment
of that moment, so its workspace file is the one ``bohan.paths.workspace_path()`` names here
too: expectations are computed from the database *and the workspace's current entries*, never
from an assumed empty workspace. Screenshots go to ``artifacts/screenshots/progress-*.png``
(the viewport is stretched to the page's height first: Streamlit scrolls inside a div).
"""
from __future__ import annotations

import re

import pytest

from bohan import db, progress, workspace
from bohan import ui_progress as up
from bohan.i18n import t
from tests.auth_helpers import NAME, browser_sign_in
from tests.browser.conftest import VIEWPORT
from tests.browser.test_pages import (CHARTS_SETTLED_JS, CHART_TIMEOUT_MS, EXCEPTION, JAPANESE_RE, SCREENSHOT_DIR,
                                      load_page)

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture then skips, or fails under CI, saying why
    expect = None

pytestmark = pytest.mark.browser

ERROR_ALERT = '[data-testid="stAlert"] [data-testid="stAlertContentError"]'
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART = '[data-testid="stVegaLiteChart"]'
METRIC_VALUE = '[data-testid="stMetricValue"]'
STAFF_NAME = NAME  # the display name of the test account the shared server holds
VERMILLION = "#D55E00"  # bohan.charts.PALETTE["vermillion"]: the target diamond

# What each drawn chart holds: its size, whether anything is drawn, the dashed glide path,
# the filled target diamond and the x-axis labels (year, with the era on a second line).
CHART_JS = """el => {
  const svg = el.querySelector('svg'), canvas = el.querySelector('canvas');
  const box = (svg || canvas).getBoundingClientRect();
  if (!svg) {  // canvas renderer: at least some ink
    const ctx = canvas.getContext('2d'), img = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let ink = 0; for (let i = 3; i < img.length; i += 4) if (img[i] > 0) ink++;
    return {renderer: 'canvas', width: box.width, height: box.height, ink};
  }
  const marks = [...svg.querySelectorAll('.role-mark path')].filter(p => (p.getAttribute('d') || '').length > 5);
  return {
    renderer: 'svg', width: box.width, height: box.height, ink: marks.length,
    dashed: [...svg.querySelectorAll('.mark-line path')].map(p => p.getAttribute('stroke-dasharray')).filter(Boolean),
    diamonds: [...svg.querySelectorAll('.mark-symbol.role-mark path')]
      .filter(p => (p.getAttribute('fill') || '').toUpperCase() === '%s')
      .filter(p => /^M-[\\d.]+,0L0,-[\\d.]+L/.test(p.getAttribute('d') || '')).length,
    xlabels: [...svg.querySelectorAll('.role-axis-label text')].map(t => t.textContent)
      .filter(s => /^(19|20)\\d\\d/.test(s)),
  };
}""" % VERMILLION
# Elements of a metric value whose text does not fit (an ellipsis would cut "1,028件").
TRUNCATED_JS = """el => [el, ...el.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1)"""


def expected(con) -> dict[str, progress.Progress]:
    """Each indicator's progress from the database and the server's workspace as it is now."""
    indicators = db.run(con, "home/plan_indicators")
    values = progress.effective_values(db.run(con, "progress/indicator_values"), workspace.indicator_edits())
    return {p.indicator_id: p for p in progress.progress(indicators, values)}


def shown(value: float, iid: str, lang: str) -> str:
    units = {"offences": "件", "info_activities": "回", "nagara_participants": "人", "street_cameras": "台"}
    if iid == "satisfaction":
        return f"{value:.1f}%"
    return f"{value:,.0f}" + (units[iid] if lang == "ja" else "")


def _wait_done(page) -> None:
    page.wait_for_timeout(250)
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)


def _no_exception_or_error(page) -> None:
    for selector in (EXCEPTION, ERROR_ALERT):
        found = [e.inner_text()[:300] for e in page.query_selector_all(selector)]
        assert not found, found


def _whole_page_in_view(page) -> None:
    """Stretch the viewport to the page's height, so that a screenshot shows all of it."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, 9000)})
    page.wait_for_function(CHARTS_SETTLED_JS, timeout=CHART_TIMEOUT_MS, polling=200)
    page.wait_for_timeout(300)


def _block(page, iid: str, lang: str):
    """The bordered block of one indicator (the innermost block holding its heading and a chart)."""
    heading = page.locator("h4", has_text=t(f"ind.{iid}", lang))
    return (page.locator('[data-testid="stVerticalBlock"]').filter(has=heading)
            .filter(has=page.locator(CHART)).last)


def _pick(page, key: str, option: str) -> None:
    """Choose ``option`` in the selectbox with widget key ``key`` (opened from the keyboard)."""
    box = page.locator(f".st-key-{key} input")
    box.click()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name=option, exact=True).click()
    expect(box).to_have_value(option)
    _wait_done(page)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_progress_page_draws_five_indicators(app_server, recorded_page, con, lang):
    """Clean run; the five blocks in the plan's order, each with its status badge, the plan's
    figures in full (not cut off) and a drawn chart with the dashed glide path, the target
    diamond and the era under the years."""
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        load_page(page, f"{app_server}/progress?lang={lang}")
        _whole_page_in_view(page)
    finally:
        page.screenshot(path=str(SCREENSHOT_DIR / f"progress-{lang}.png"), full_page=True, timeout=60_000)
    _no_exception_or_error(page)
    body = page.inner_text("body")
    if lang == "ja":
        assert JAPANESE_RE.search(body)
        assert "サンプルデータ" in body
    else:
        assert "sample data" in body.lower()
    assert page.locator("h4").all_inner_texts() == [t(f"ind.{iid}", lang) for iid in up.PLAN_ORDER]

    items = expected(con)
    statuses = [p.status for p in items.values()]
    summary = t("progress.summary", lang, ahead=statuses.count("ahead"), on_track=statuses.count("on_track"),
                behind=statuses.count("behind"), none=statuses.count(None))
    assert page.locator("h3").filter(has_text=summary).count() == 1

    baseline = {"offences": 1028, "satisfaction": 14.4, "info_activities": 220, "nagara_participants": 1100,
                "street_cameras": 26}  # the plan's own figures
    target = {"offences": 650, "satisfaction": 25.0, "info_activities": 300, "nagara_participants": 2000,
              "street_cameras": 40}
    era_2025 = "令和7" if lang == "ja" else "R7"
    assert page.locator(CHART).count() == len(up.PLAN_ORDER)
    for iid in up.PLAN_ORDER:
        block = _block(page, iid, lang)
        badge = block.locator(".stMarkdownBadge")
        assert badge.count() == 1, iid
        assert badge.text_content().strip().endswith(t(f"progress.status.{items[iid].status or 'none'}", lang)), iid

        values = block.locator(METRIC_VALUE)
        assert values.all_inner_texts() == [shown(baseline[iid], iid, lang), shown(items[iid].latest_value, iid, lang),
                                            shown(target[iid], iid, lang)], iid
        for i in range(3):
            assert not values.nth(i).evaluate(TRUNCATED_JS), f"{iid}: metric {values.nth(i).inner_text()!r} is cut off"

        drawn = block.locator(CHART).evaluate(CHART_JS)
        assert drawn["width"] > 200 and drawn["height"] > 150, (iid, drawn)
        assert drawn["ink"] > 0, (iid, drawn)
        if drawn["renderer"] == "svg":
            assert drawn["dashed"] == ["6,4"], (iid, drawn["dashed"])  # the glide path, dashed
            assert drawn["diamonds"] == 1, (iid, drawn)                 # the FY2029 target
            assert any(label.startswith("2025") and label.endswith(era_2025) for label in drawn["xlabels"]), \
                (iid, drawn["xlabels"])
            assert any(label.startswith("2029") for label in drawn["xlabels"]), (iid, drawn["xlabels"])


def test_chart_era_of_2019_reads_gannen(app_server, recorded_page):
    """Under 2019 the offences chart writes 令和元, as the table on the same page does."""
    page = recorded_page.page
    load_page(page, f"{app_server}/progress?lang=ja")
    labels = _block(page, "offences", "ja").locator(CHART).evaluate(CHART_JS)["xlabels"]
    first = next(label for label in labels if label.startswith("2019"))
    assert first == "2019令和元", labels


def test_staff_entry_through_the_form_changes_the_latest_figure(app_server, recorded_page, con):
    """Signed in as the test account (sidebar form), 情報発信活動 for the year after its latest value:
    the value saved through the form becomes 最新の実績 of that block, and the entry is in the log
    under the account's display name."""
    iid = "info_activities"
    before = expected(con)[iid]
    year = min(before.latest_year + 1, int(before.row["target_year"]))
    correcting = year == before.latest_year  # only when the plan's last year is already filled in
    value = int(before.latest_value) + 17
    year_text = f"{year}年度（令和{year - 2018}年度）"
    value_text = shown(value, iid, "ja")  # e.g. 258回

    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/progress?lang=ja")
    assert page.get_by_text(t("progress.entry.off", "ja")).count() == 1
    assert page.locator(".st-key-p_entry_indicator").count() == 0

    browser_sign_in(page)
    page.locator(".st-key-p_entry_indicator").wait_for(timeout=30_000)
    _wait_done(page)
    _pick(page, "p_entry_indicator", t(f"ind.{iid}", "ja"))
    _pick(page, "p_entry_year", year_text)
    if not correcting:
        assert page.get_by_text(t("progress.entry.none", "ja")).count() == 1

    page.locator('[class*="st-key-p_entry_value_"] input').fill(str(value))
    if correcting:
        page.locator(".st-key-p_entry_note textarea").fill("ブラウザ試験の訂正")
    page.locator('[data-testid="stForm"]').filter(has=page.locator('[class*="st-key-p_entry_value_"]')) \
        .get_by_role("button", name=t("progress.entry.save", "ja")).click()

    latest = _block(page, iid, "ja").locator(METRIC_VALUE).nth(1)
    expect(latest).to_have_text(value_text, timeout=30_000)
    _wait_done(page)
    _no_exception_or_error(page)
    assert page.get_by_text(re.compile(rf"^現在の値：{re.escape(value_text)}（職員の入力・版 \d+）$")).count() == 1
    reading = _block(page, iid, "ja").get_by_text(f"{year_text}の{value_text}")
    assert reading.count() == 1

    log = workspace.indicator_edits()
    mine = log[(log["indicator_id"] == iid) & (log["year"] == year)].sort_values("revision")
    assert mine["value"].iloc[-1] == value and mine["edited_by"].iloc[-1] == STAFF_NAME
    assert expected(con)[iid].latest_value == value

    _whole_page_in_view(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "progress-staff-ja.png"), full_page=True, timeout=60_000)


LEGEND_JS = """el => {
  const svg = el.querySelector('svg');
  const labels = [...svg.querySelectorAll('.role-legend-label text')].map(t => t.textContent);
  const symbols = [...svg.querySelectorAll('.role-legend-symbol path')].map(p => p.getAttribute('d'));
  return labels.map((label, i) => [label, symbols[i]]);
}"""


def test_each_source_has_the_same_marker_on_every_chart(app_server, recorded_page, con):
    """計画の数値 / サンプル / 職員の入力 keep one marker each across the five charts (legend to legend)."""
    iid = "info_activities"
    if workspace.indicator_edits().empty:  # no staff entry yet (the staff test above normally made one)
        p = expected(con)[iid]  # without entries the latest is the data's, before the plan's last year
        workspace.save_indicator_value(iid, p.latest_year + 1, int(p.latest_value) + 17, None, None, STAFF_NAME,
                                       0, None)
    page = recorded_page.page
    load_page(page, f"{app_server}/progress?lang=ja")
    marker: dict[str, set[str]] = {}
    for i in range(page.locator(CHART).count()):
        for label, d in page.locator(CHART).nth(i).evaluate(LEGEND_JS):
            marker.setdefault(label, set()).add(d)
    assert t("progress.source.staff", "ja") in marker, marker
    assert all(len(shapes) == 1 for shapes in marker.values()), marker
