"""The map page in a real Chromium: drawn offline, and clicking a camera shows its figures."""
from __future__ import annotations

import math

import pytest

from tests.app.test_map import deck_of, open_map
from tests.auth_helpers import browser_sign_in
from tests.browser.test_pages import SCREENSHOT_DIR, foreign_requests, load_page

MAP = '[data-testid="stDeckGlJsonChart"]'


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return (lon + 180) / 360, (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def _mark_radius_px(layer: dict, metres_per_px: float) -> float:
    return layer["radius"] if layer.get("radiusUnits") == "pixels" else layer["radius"] / metres_per_px


@pytest.mark.parametrize("view", ["public"])
def test_clicking_a_camera_shows_its_figures(app_server, recorded_page, built_db, view):
    """In the public view, with the 8,000 street lights drawn too, clicking a camera shows its id
    under the map. (The staff view was checked the same way when this was fixed; it differs only
    by the hotspot layer under the marks and the map's place on the page, and tests/app/test_map.py
    checks in both views that the marks are big enough to click and that a click is named.)

    The pointer rests between pixels (x.7, y.7), as it does on a scaled display: deck.gl's hover
    picks the pixel the pointer's position is cut down to, its click the rounded one, a pixel
    further. When the camera marks were drawn in metres (a fraction of a pixel at this zoom) the
    tooltip named the camera and the click picked the town under it; the public view's caption
    put the map where that happened (see bohan.maps.MARK_RADIUS_PX)."""
    from bohan.i18n import t

    deck = deck_of(open_map(view))  # the same layers as the browser gets, street lights on
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert ("hotspots" in layers) == (view == "staff")
    view_state = deck["initialViewState"]
    metres_per_px = 156_543.03392 * math.cos(math.radians(view_state["latitude"])) / 2 ** view_state["zoom"]

    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{app_server}/map")
    if view == "staff":
        browser_sign_in(page)  # the staff view, with the hotspot layer
    else:
        page.get_by_text(t("atlas.public.no_cells", "ja"), exact=True).wait_for(timeout=30_000)
    page.get_by_text("街路灯", exact=True).first.click()  # switch the street-light layer on
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stDeckGlJsonChart\"]') !== null", timeout=30_000)
    page.wait_for_timeout(3000)
    box = page.locator(MAP).first.bounding_box()
    scale = 512 * 2 ** view_state["zoom"]
    cx, cy = _mercator(view_state["longitude"], view_state["latitude"])

    def on_screen(row: dict) -> tuple[float, float]:
        mx, my = _mercator(row["lon"], row["lat"])
        return box["x"] + box["width"] / 2 + (mx - cx) * scale, box["y"] + box["height"] / 2 + (my - cy) * scale

    # the clickable marks drawn over a camera: schools, and cameras later in their layer
    cameras = [(i, *on_screen(row)) for i, row in enumerate(layers["cameras"]["data"])]
    above = [(i, x, y, _mark_radius_px(layers["schools"], metres_per_px))
             for i, (x, y) in enumerate(on_screen(row) for row in layers["schools"]["data"])]
    camera_r = _mark_radius_px(layers["cameras"], metres_per_px)
    # a camera inside the map that nothing covers within 2 px of its centre, where hover and click land
    clear = [(i, x, y) for i, x, y in cameras
             if box["x"] + 20 < x < box["x"] + box["width"] - 20 and box["y"] + 20 < y < box["y"] + box["height"] - 20
             and all(math.dist((x, y), (sx, sy)) > sr + 2 for _, sx, sy, sr in above)
             and all(math.dist((x, y), (ox, oy)) > camera_r + 2 for j, ox, oy in cameras if j > i)]
    assert clear, "every camera is covered by another mark"
    assert camera_r >= 3, "a camera mark smaller than 3 px is not a target a click can hit"
    index, x, y = clear[0]
    camera_id = layers["cameras"]["data"][index]["tip"].splitlines()[1]
    x, y = math.floor(x) + 0.7, math.floor(y) + 0.7  # between pixels: hover and click land a pixel apart
    page.mouse.move(x, y)
    page.wait_for_timeout(700)
    tips = page.locator(".deck-tooltip").all_inner_texts()
    assert any(camera_id in tip for tip in tips), (camera_id, tips)
    page.mouse.down()
    page.wait_for_timeout(100)
    page.mouse.up()
    picked = page.locator('[data-testid="stAlert"]:has-text("選択：")')
    picked.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENSHOT_DIR / f"map-picked-{view}-ja.png"), full_page=True)
    text = picked.inner_text()
    assert "選択：防犯カメラ" in text and camera_id in text, text
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
