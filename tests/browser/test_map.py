"""The map page in a real Chromium: drawn offline, and clicking a camera shows its figures."""
from __future__ import annotations

import json
import math

from tests.app.conftest import as_staff, open_page
from tests.auth_helpers import browser_sign_in
from tests.browser.test_pages import SCREENSHOT_DIR, foreign_requests, load_page

MAP = '[data-testid="stDeckGlJsonChart"]'


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def test_clicking_a_camera_shows_its_figures(app_server, recorded_page, built_db):
    """With the 8,000 street lights drawn too, clicking a camera shows its id under the map."""
    deck = json.loads(as_staff(open_page("pages/2_map.py", timeout=90)).get("deck_gl_json_chart")[0].proto.json)
    view = deck["initialViewState"]
    cameras = next(layer for layer in deck["layers"] if layer["id"] == "cameras")["data"]

    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/map")
    browser_sign_in(page)  # the staff view (with the hotspot layers), as a planner uses it
    page.get_by_text("街路灯", exact=True).first.click()  # switch the street-light layer on
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stDeckGlJsonChart\"]') !== null", timeout=30_000)
    page.wait_for_timeout(3000)
    box = page.locator(MAP).first.bounding_box()
    scale = 512 * 2 ** view["zoom"]
    cx, cy = _mercator(view["longitude"], view["latitude"])
    for camera in cameras:  # the first camera not hidden under another object
        mx, my = _mercator(camera["lon"], camera["lat"])
        x = box["x"] + box["width"] / 2 + (mx - cx) * scale
        y = box["y"] + box["height"] / 2 + (my - cy) * scale
        page.mouse.move(x, y)
        page.wait_for_timeout(400)
        tips = [t for t in page.locator(".deck-tooltip").all_inner_texts() if "防犯カメラ" in t]
        if tips:
            break
    assert tips, "no camera showed a tooltip on hover"
    camera_id = tips[0].splitlines()[1]
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    picked = page.locator('[data-testid="stAlert"]:has-text("選択：")')
    picked.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOT_DIR / "map-picked-ja.png"), full_page=True)
    assert camera_id in picked.inner_text()
    assert foreign_requests(recorded_page.request_urls) == []


def test_clicking_a_town_names_it(app_server, recorded_page):
    """A click in the built-up area, away from cameras, names the town and its police box."""
    page = recorded_page.page
    load_page(page, f"{app_server}/map")
    box = page.locator(MAP).first.bounding_box()
    x, y = box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5
    # as a person does: the pointer arrives (deck.gl picks on hover), then presses
    page.mouse.move(x, y)
    page.wait_for_timeout(700)
    page.mouse.move(x + 1, y + 1)
    page.wait_for_timeout(700)
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    picked = page.locator('[data-testid="stAlert"]:has-text("選択：町丁目")')
    picked.wait_for(timeout=30_000)
    lines = picked.inner_text().splitlines()
    assert any(line.endswith(("丁目", "町")) or line.startswith("字") for line in lines), lines
