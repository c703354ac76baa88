"""The camera siting page in a real Chromium: the map draws its numbered sites, clicking one
offers to leave it out (and doing so recomputes without it), and own-site files are read or
refused in words.

Where a site is on screen comes from the deck the page builds: ``bohan.maps.siting_deck`` on
the planner's answer computed here with the library (the page computes the same answer), as
``tests/browser/test_map.py`` does for cameras. Screenshots go to ``artifacts/screenshots/``.
"""
from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from bohan import db, maps, planner
from bohan import ui_siting as us
from bohan.i18n import t
from tests.browser.test_pages import EXCEPTION, SCREENSHOT_DIR, load_page

pytestmark = pytest.mark.browser

MAP = '[data-testid="stDeckGlJsonChart"]'
ALERT = '[data-testid="stAlert"]'
ERROR_ALERT = '[data-testid="stAlert"] [data-testid="stAlertContentError"]'
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCLUDED_TAGS = '[data-testid="stMultiSelect"] span[data-tag]:visible'
USER_UPLOAD = ".st-key-s_upload_user"


@pytest.fixture(scope="module")
def siting(con):
    """(inputs, plan, initial view) for the default settings, as the page draws them."""
    inputs = planner.load_inputs(con)
    plan = planner.plan(inputs, planner.Settings())
    deck = maps.siting_deck(boundary_wkt=db.run(con, "map/boundary")["geometry_wkt"].iloc[0],
                            radius_m=plan.settings.radius_m, **us.map_frames(plan, inputs, "ja"))
    return inputs, plan, json.loads(deck.to_json())["initialViewState"]


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def _wait_done(page) -> None:
    page.wait_for_selector(SCRIPT_DONE, state="attached", timeout=60_000)
    page.wait_for_timeout(300)


def _no_exception_or_error(page) -> None:
    for selector in (EXCEPTION, ERROR_ALERT):
        shown = [e.inner_text()[:300] for e in page.query_selector_all(selector)]
        assert not shown, shown


def _candidates(page) -> int:
    """Open candidate sites, from the caption under the metrics (Japanese page)."""
    caption = page.locator('[data-testid="stCaptionContainer"]:has-text("候補地点")').first.inner_text()
    return int(re.search(r"候補地点 ([\d,]+)か所", caption).group(1).replace(",", ""))


def _sites_csv(page) -> pd.DataFrame:
    """The recommended-sites table as the page's CSV download gives it (all rows, not only those drawn)."""
    with page.expect_download(timeout=30_000) as download:
        page.locator(".st-key-s_csv button").click()
    return pd.read_csv(download.value.path(), encoding="utf-8-sig", dtype=str)


def _pick_site(page, plan, view) -> str:
    """Hover the numbered sites, best first, until one shows its tooltip; click it; return its id."""
    box = page.locator(MAP).first.bounding_box()
    scale = 512 * 2 ** view["zoom"]
    cx, cy = _mercator(view["longitude"], view["latitude"])
    for site in plan.chosen.itertuples():
        mx, my = _mercator(site.lon, site.lat)
        x = box["x"] + box["width"] / 2 + (mx - cx) * scale
        y = box["y"] + box["height"] / 2 + (my - cy) * scale
        page.mouse.move(x, y)
        page.wait_for_timeout(400)
        tips = [tip for tip in page.locator(".deck-tooltip").all_inner_texts() if site.site_id in tip]
        if tips:
            break
    assert tips, "no recommended site showed its tooltip on hover"
    assert tips[0].startswith(t("siting.tip.rank", "ja", rank=site.rank, kind=t(f"siting.kind.{site.kind}", "ja")))
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    picked = page.locator(f'{ALERT}:has-text("{site.site_id}")')
    picked.wait_for(timeout=30_000)
    assert t("siting.tip.adds_route", "ja", m=site.route_m) in picked.inner_text()  # public: no events near a site
    return site.site_id


def _leave_out(page, site_id: str) -> None:
    page.get_by_role("button", name=t("siting.pick.exclude", "ja")).click()
    # wait for the changed value (the id in 除外した地点), then for that run to end
    page.locator(f'{EXCLUDED_TAGS}:has-text("{site_id}")').wait_for(timeout=60_000)
    _wait_done(page)


@pytest.mark.parametrize("lang", ["ja"])  # English: tests/browser/test_pages.py opens every page in both
def test_siting_page_draws_map_and_sites(app_server, recorded_page, siting, lang):
    """The page opens clean, names the number of new cameras, draws the map and the sites table."""
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    try:
        load_page(page, f"{app_server}/siting?lang={lang}")
    finally:
        page.screenshot(path=str(SCREENSHOT_DIR / f"siting-{lang}.png"), full_page=True, timeout=60_000)
    _no_exception_or_error(page)
    _, plan, _ = siting
    words = "新設14台" if lang == "ja" else "14 new cameras"
    headline = page.locator("h3").filter(has_text=words)
    assert headline.count() == 1
    assert str(plan.events_near["child"]) in headline.inner_text()
    assert page.locator(f"{MAP} canvas").count() > 0
    body = page.inner_text("body")
    assert t("siting.layer.sites", lang) in body and t("siting.sites", lang) in body
    assert ("サンプルデータ" if lang == "ja" else "sample data") in body.lower()
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2  # sites and by-school tables


def test_clicking_a_site_and_leaving_it_out(app_server, recorded_page, siting):
    """A click on a numbered site shows what it adds; 「この地点を除外して再計算」 leaves it out: the id
    moves to 除外した地点 and the recomputed 14 sites no longer hold it."""
    _, plan, view = siting
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/siting")
    before = _sites_csv(page)
    site_col = t("siting.col.site_id", "ja")
    assert before[site_col].tolist() == plan.chosen["site_id"].tolist()
    candidates = _candidates(page)

    site_id = _pick_site(page, plan, view)
    _leave_out(page, site_id)
    page.locator(MAP).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "siting-excluded-ja.png"), full_page=True)
    _no_exception_or_error(page)

    assert page.locator(EXCLUDED_TAGS).all_inner_texts() == [site_id]
    assert _candidates(page) == candidates - 1
    after = _sites_csv(page)
    assert len(after) == 14
    assert after[t("siting.col.rank", "ja")].tolist() == [str(r) for r in range(1, 15)]
    assert site_id not in after[site_col].tolist()
    # the table on screen too (its first rows are drawn as accessible grid cells)
    cells = page.locator('[data-testid="stDataFrame"]').first.locator('[role="gridcell"]').all_inner_texts()
    assert cells and site_id not in cells
    # the map keeps its selection across the rerun: the site left out is no longer described or offered
    described = [a for a in page.locator(ALERT).all_inner_texts() if site_id in a]
    assert not described, described
    assert page.get_by_role("button", name=t("siting.pick.exclude", "ja")).count() == 0


def test_own_sites_file_is_read_and_a_bad_file_is_refused(app_server, recorded_page, siting, tmp_path):
    """A CSV of own sites (lat/lon) is read with a note of how many count; they join the
    candidates. A file without coordinate columns is refused in Japanese and the plan stays."""
    inputs, plan, _ = siting
    # two points beside recommended sites (so on a school route) and one far out in the hills
    rows = plan.chosen.iloc[[2, 5]]
    points = [(lat + 0.0001, lon + 0.0001) for lat, lon in zip(rows["lat"], rows["lon"])] + [(42.80, 141.25)]
    near = planner.points_near_routes(inputs, planner.read_points(
        ("lat,lon\n" + "".join(f"{la:.6f},{lo:.6f}\n" for la, lo in points)).encode(), "own.csv"))
    assert near.tolist() == [True, True, False], "test points: two near a route, one far"
    own = tmp_path / "own.csv"
    own.write_text("lat,lon\n" + "".join(f"{la:.6f},{lo:.6f}\n" for la, lo in points), encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("名前,住所\n駅前,表町1\n", encoding="utf-8")

    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/siting")
    candidates = _candidates(page)
    uploader = page.locator(f"{USER_UPLOAD} input[type=file]")

    uploader.set_input_files(str(own))
    note = t("siting.upload.read", "ja", n=2, far=1)
    page.get_by_text(note).wait_for(timeout=60_000)
    _wait_done(page)
    _no_exception_or_error(page)
    assert _candidates(page) == candidates + 2

    uploader.set_input_files(str(bad))
    refusal = t("siting.error.upload_columns", "ja", columns="名前, 住所")
    page.locator(ERROR_ALERT).filter(has_text=refusal).wait_for(timeout=60_000)
    _wait_done(page)
    page.locator(USER_UPLOAD).scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT_DIR / "siting-upload-refused-ja.png"), full_page=True)
    assert not page.query_selector_all(EXCEPTION)
    assert page.get_by_text(note).count() == 0
    assert _candidates(page) == candidates  # the refused file's points are dropped
    assert page.locator('[data-testid="stDataFrame"]').count() >= 2
    assert _sites_csv(page)[t("siting.col.site_id", "ja")].tolist() == plan.chosen["site_id"].tolist()
