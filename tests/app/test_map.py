"""The map page in AppTest: coverage figures, refused radii, an empty filter, layer data."""
from __future__ import annotations

import json
import math

import pytest

from bohan.i18n import t
from tests.app.conftest import as_staff, open_page
from tests.conftest import ROOT

PAGE = "pages/2_map.py"


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_map_page_shows_coverage_and_hotspots(built_db):
    """Staff see coverage shares and hotspot counts, and the map carries routes, cameras and hotspots."""
    at = as_staff(open_page(PAGE, timeout=90))
    assert not at.exception and not at.error
    shares = [float(metric(at, label).rstrip("%")) for label in ("カメラの範囲内", "灯りの範囲内", "どちらもなし")]
    assert 0 < shares[0] < 40 and 20 < shares[1] < 100 and 0 < shares[2] < 100
    payload = at.get("deck_gl_json_chart")[0].proto.json
    assert len(payload) < 1_000_000, "the map's payload should stay under about 1 MB (incidents are aggregated)"
    deck = json.loads(payload)
    ids = {layer["id"] for layer in deck["layers"]}
    assert {"routes", "cameras", "camera_range", "schools", "boundary", "towns", "hotspots"} <= ids
    assert "mapProvider" not in deck, "no basemap provider by default (offline)"
    assert int(metric(at, "ホットスポット（セル）").replace(",", "")) > 0


def test_public_map_sends_nothing_finer_than_a_town(built_db):
    """The public get coverage but no incident cells, hotspots or points: not drawn, not in the payload,
    not offered as layers; the page says why."""
    at = open_page(PAGE, timeout=90)
    assert not at.exception and not at.error
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    ids = {layer["id"] for layer in deck["layers"]}
    assert {"routes", "cameras", "towns"} <= ids and not ids & {"hotspots", "cells", "incidents", "hex"}
    assert '"cell"' not in at.get("deck_gl_json_chart")[0].proto.json
    assert set(at.get("button_group")[0].proto.options[i].content for i in range(len(at.get("button_group")[0].proto.options))) \
        .isdisjoint({"事件（六角形）", "ホットスポット"})
    assert t("atlas.public.hotspots", "ja") in [i.value for i in at.info]
    assert not any(m.label == "ホットスポット（セル）" for m in at.metric)


def test_radius_out_of_range_is_refused_with_a_message(built_db):
    """A camera range of 500 m is refused in words; the default 30 m is used instead."""
    at = open_page(PAGE, timeout=90)
    before = metric(at, "カメラの範囲内")
    at.number_input(key="m_camera_r").set_value(500.0).run()
    assert not at.exception and not at.error
    assert any("5〜200m" in w.value and "500" in w.value for w in at.warning)
    assert metric(at, "カメラの範囲内") == before
    assert at.number_input(key="m_camera_r").value == 500.0  # what the user typed is kept


def test_larger_camera_range_covers_more(built_db):
    """A wider camera range covers at least as much route."""
    at = open_page(PAGE, timeout=90)
    small = float(metric(at, "カメラの範囲内").rstrip("%"))
    at.number_input(key="m_camera_r").set_value(100.0).run()
    assert float(metric(at, "カメラの範囲内").rstrip("%")) > small


def test_empty_filter_gives_a_note_not_an_error(built_db):
    """A filter that matches nothing shows the (staff) map with a note."""
    at = as_staff(open_page(PAGE, timeout=90, query={"offence": "殺人", "y": "2014-2014", "hours": "3-4", "koban": "勇払"}))
    assert not at.exception and not at.error
    assert any("当てはまる事件はありません" in i.value for i in at.info)


def test_gsi_tiles_are_opt_in_with_attribution(built_db):
    """Choosing GSI tiles adds their style and shows the 地理院タイル attribution."""
    at = open_page(PAGE, timeout=90)
    at.radio(key="m_tiles").set_value("pale").run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck.get("mapStyle") == "app/static/gsi-pale.json"
    style = json.loads((ROOT / "static" / "gsi-pale.json").read_text(encoding="utf-8"))
    assert style["sources"]["gsi"]["tiles"] == ["https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png"]
    assert any("地理院タイル" in m.value for m in at.markdown)


def test_few_incidents_are_drawn_as_points(built_db):
    """When few incidents match, they are drawn as points as well as hexagons."""
    at = as_staff(open_page(PAGE, timeout=90, query={"offence": "ひったくり"}))
    at.session_state["m_layers"] = ["incidents", "routes"]
    at.run()
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    points = next(layer for layer in deck["layers"] if layer["id"] == "points")
    assert 0 < len(points["data"]) <= 400


# --- clicking the map, in both views ------------------------------------------------------
VIEWS = ["public", "staff"]


def open_map(view: str, layers_on: tuple[str, ...] = ("lights",)):
    """The map page as the public or staff see it, with ``layers_on`` switched on too."""
    at = open_page(PAGE, timeout=90)
    if view == "staff":
        as_staff(at)
    key = "m_layers" if view == "staff" else "m_layers_public"  # each view keeps its own layer choice
    at.session_state[key] = [*at.session_state[key], *layers_on]
    at.run()
    assert not at.exception and not at.error
    return at


def deck_of(at) -> dict:
    return json.loads(at.get("deck_gl_json_chart")[0].proto.json)


def click_on_map(at, layer_id: str, index: int):
    """What the browser sends when a map object is clicked (single-object selection: the layer's
    id, the object's index in that layer and the object itself), then the rerun it causes."""
    chart = at.get("deck_gl_json_chart")[0]
    obj = next(layer for layer in deck_of(at)["layers"] if layer["id"] == layer_id)["data"][index]
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id = chart.proto.id
    state.string_value = json.dumps({"selection": {"indices": {layer_id: [index]}, "objects": {layer_id: [obj]}}})
    at._run(states)
    assert not at.exception and not at.error
    return at


def picked(at) -> list[str]:
    return [i.value for i in at.info if i.value.startswith("選択：")]


@pytest.mark.parametrize("view", VIEWS)
def test_point_marks_are_big_enough_to_click(built_db, view):
    """Every clickable point mark (cameras, schools, lights out, incident points) is at least
    3 px across on screen at the opening zoom, in both views. In metres they were a fraction of
    a pixel (a 12 m camera at about 73 m a pixel): a click then had to hit the one pixel under
    the mark, and the browser's click landed a pixel off the hover (see bohan.maps.MARK_RADIUS_PX)."""
    deck = deck_of(open_map(view, ("lights", "schools")))
    view_state = deck["initialViewState"]
    metres_per_px = 156_543.03392 * math.cos(math.radians(view_state["latitude"])) / 2 ** view_state["zoom"]
    marks = [layer for layer in deck["layers"] if layer["@@type"] == "ColumnLayer" and layer.get("pickable")
             and layer["id"] != "camera_range"]  # a range is an area, drawn to scale
    assert {"cameras", "schools", "lights_out"} <= {layer["id"] for layer in marks}
    for layer in marks:
        radius_px = layer["radius"] if layer.get("radiusUnits") == "pixels" else layer["radius"] / metres_per_px
        assert radius_px >= 3, (layer["id"], radius_px)
    camera_range = next(layer for layer in deck["layers"] if layer["id"] == "camera_range")
    assert camera_range.get("radiusUnits", "meters") == "meters" and camera_range["radius"] == 30


@pytest.mark.parametrize("view", VIEWS)
def test_a_clicked_object_is_named_under_the_map(built_db, view):
    """The picked block names what was clicked, found by the layer's id and the object sent with
    it, in both views: in the public view (no hotspot layer, so the layers above it sit one place
    earlier in the list) a clicked camera, its range, a town, a school and a light out are named
    as in the staff view."""
    at = open_map(view)
    ids = [layer["id"] for layer in deck_of(at)["layers"]]
    assert ("hotspots" in ids) == (view == "staff")
    assert picked(at) == []
    for layer_id, index, title in [("cameras", 3, "選択：防犯カメラ"), ("camera_range", 5, "選択：防犯カメラ"),
                                    ("towns", 7, "選択：町丁目"), ("schools", 2, "選択：学校"),
                                    ("lights_out", 0, "選択：街路灯")]:
        obj = next(layer for layer in deck_of(at)["layers"] if layer["id"] == layer_id)["data"][index]
        shown = picked(click_on_map(at, layer_id, index))
        assert len(shown) == 1, shown
        lines = shown[0].split("  \n")
        assert lines[0] == title, (layer_id, lines)
        expected = [line for line in obj["tip"].splitlines() if line != title.removeprefix("選択：")]
        assert lines[1:] == expected, (layer_id, lines)


@pytest.mark.parametrize("view", VIEWS)
def test_lights_out_table_counts_incidents_for_staff_only(built_db, view):
    """The lights-out replacement table: staff see the night-time incidents near each light; the
    public (finer than a town) see the same lights in the same order without them, and why."""
    at = open_map(view)
    table = next(d.value for d in at.dataframe if t("col.light_id", "ja") in d.value.columns)
    assert len(table) > 0
    assert (t("col.night_incidents", "ja") in table.columns) == (view == "staff"), list(table.columns)
    said = any(c.value == t("atlas.public.lights_out", "ja") for c in at.caption)
    assert said == (view == "public")
