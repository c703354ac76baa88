"""Still maps for presentations: layers in the spec, a fitted view, PNGs with real Japanese.

The maps are built from the session's sample database. Glyph checks render in a child process
whose fontconfig lists only an empty folder (as in ``test_export``), so the Japanese legend can
only come from the shipped font: each legend label is compared with the same map drawn with
every label replaced by unmapped code points (missing-glyph boxes), using test_export's ink
crops and threshold.
"""
from __future__ import annotations

import inspect
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bohan import atlas, db, i18n, map_image, maps, planner
from tests.unit.test_export import DIFFERENT, _difference, _ink

ROOT = Path(__file__).resolve().parents[2]
MAX_SPEC_BYTES = 2 * 1024 * 1024


# --------------------------------------------------------------------------- fixtures

@pytest.fixture(scope="module")
def layers(con):
    """Everything the two maps draw, from the sample city."""
    towns = db.run(con, "map/towns", koban_list=None)
    cameras = db.run(con, "map/cameras")
    boundary = db.run(con, "map/boundary")["geometry_wkt"].iloc[0]
    cov = atlas.compute_coverage(con, 30.0, 15.0, 100.0)
    inputs = planner.load_inputs(con)
    plan = planner.plan(inputs, planner.Settings())
    return {"towns": towns, "cameras": cameras, "boundary": boundary, "cov": cov, "inputs": inputs, "plan": plan}


@pytest.fixture(scope="module")
def cov_chart(layers):
    return map_image.coverage_map(layers["cov"], layers["towns"], layers["boundary"], layers["cameras"], "ja",
                                  title="通学路の見守り状況")


@pytest.fixture(scope="module")
def siting_chart(layers):
    return map_image.siting_map(layers["plan"], layers["inputs"], layers["boundary"], "ja", towns=layers["towns"])


def _spec(chart) -> dict:
    return chart.to_dict()


def _layer(spec: dict, name: str) -> dict:
    found = [layer for layer in spec["layer"] if layer.get("name") == name]
    assert len(found) == 1, f"expected one layer named {name!r}, found {len(found)}"
    return found[0]


def _rows(spec: dict, name: str) -> list[dict]:
    data = _layer(spec, name)["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def _frame(spec: dict) -> map_image.Frame:
    """The projection the spec gives Vega, as a Frame (to find where Vega draws a point)."""
    proj = _layer(spec, "routes")["projection"]
    (x0, y0), (x1, y1) = proj["clipExtent"]
    frame = map_image.Frame(k=proj["scale"], centre=tuple(proj["center"]), area=(x0, y0, x1, y1))
    assert list(frame.translate) == pytest.approx(proj["translate"])
    return frame


def _near(png: bytes, colour: str, tol: int = 40) -> np.ndarray:
    """Mask of the pixels within ``tol`` (per channel) of a hex colour."""
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=int)
    target = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return (np.abs(rgb - target) <= tol).all(axis=2)


# --------------------------------------------------------------------------- specs

def test_coverage_map_has_every_layer_and_route_class(cov_chart, layers):
    spec = _spec(cov_chart)
    names = [layer.get("name") for layer in spec["layer"]]
    # bottom to top: base, boundary, routes, cameras; then legend, scale bar and title
    for a, b in [("towns", "boundary"), ("boundary", "routes"), ("routes", "cameras"), ("cameras", "legend_box")]:
        assert names.index(a) < names.index(b)
    assert {"scale_bar", "scale_label", "north_arrow", "title"} <= set(names)
    routes = _rows(spec, "routes")
    assert {f["properties"]["cls"] for f in routes} == set(layers["cov"].pieces["covered"].astype(str))
    assert all(f["properties"]["colour"] == maps.ROUTE_COLOURS[f["properties"]["cls"]] for f in routes)
    assert len(routes) == len({f["properties"]["cls"] for f in routes})  # merged: one feature per class
    assert len(_rows(spec, "cameras")) == len(layers["cameras"])  # the view is fitted to them
    labels = [r["label"] for r in _rows(spec, "legend_labels")]
    assert labels == [i18n.t(f"atlas.class.{c}", "ja") for c in ("both", "camera", "lit", "neither")] + [
        i18n.t("atlas.layer.cameras", "ja")]
    assert [r["label"] for r in _rows(spec, "legend_heading")] == [i18n.t("atlas.layer.routes", "ja")]
    assert [r["label"] for r in _rows(spec, "title")] == ["通学路の見守り状況"]
    assert [r["label"] for r in _rows(spec, "scale_label")][0].endswith("km")
    assert spec["width"] == map_image.WIDTH and spec["height"] == map_image.HEIGHT


def test_siting_map_numbers_every_recommended_site(siting_chart, layers):
    spec = _spec(siting_chart)
    chosen = layers["plan"].chosen
    n = len(chosen)
    assert n == planner.DEFAULT_N_NEW
    sites = _rows(spec, "sites")
    assert len(sites) == n
    assert sorted(int(r["label"]) for r in _rows(spec, "site_labels")) == list(range(1, n + 1))
    assert [r["label"] for r in _rows(spec, "site_labels")] == [r["label"] for r in _rows(spec, "site_labels_halo")]
    assert _layer(spec, "sites")["mark"]["stroke"] == maps.SITE_FILL
    assert _layer(spec, "cameras")["mark"]["fill"] == maps.CAMERA_FILL
    assert len(_rows(spec, "cameras")) == len(layers["inputs"].cameras)
    routes = _rows(spec, "routes")
    assert {f["properties"]["cls"] for f in routes} == {"before", "added", "none"}
    assert all(f["properties"]["colour"] == maps.WATCH_COLOURS[f["properties"]["cls"]] for f in routes)
    labels = [r["label"] for r in _rows(spec, "legend_labels")]
    assert labels == [i18n.t(f"siting.watch.{c}", "ja") for c in ("before", "added", "none")] + [
        i18n.t("siting.layer.cameras", "ja"), i18n.t("siting.layer.sites", "ja")]
    # each number sits next to its own site (within 30 px) and no two numbers overlap
    frame = _frame(spec)
    sx, sy = frame.px([r["lon"] for r in sites], [r["lat"] for r in sites])
    nums = _rows(spec, "site_labels")
    lx, ly = frame.px([r["lon"] for r in nums], [r["lat"] for r in nums])
    by_label = {r["label"]: (x, y) for r, x, y in zip(sites, sx, sy)}
    for r, x, y in zip(nums, lx, ly):
        assert np.hypot(x - by_label[r["label"]][0], y - by_label[r["label"]][1]) < 30
    boxes = [(x - 10, y - 8, x + 10, y + 8) for x, y in zip(lx, ly)]
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            a, b = boxes[i], boxes[j]
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1]), (nums[i], nums[j])


def test_view_is_the_built_up_area_not_the_whole_city(siting_chart, layers):
    """Fitted to the cameras and sites with a margin; the forested north is left out."""
    spec = _spec(siting_chart)
    frame = _frame(spec)
    x0, y0, x1, y1 = frame.area
    pts = np.vstack([layers["inputs"].cameras[["lon", "lat"]].to_numpy(),
                     layers["plan"].chosen[["lon", "lat"]].to_numpy()])
    x, y = frame.px(pts[:, 0], pts[:, 1])
    assert ((x > x0) & (x < x1) & (y > y0) & (y < y1)).all()
    w, s, e, n = frame.view_bbox
    import shapely

    bw, bs, be, bn = shapely.from_wkt(layers["boundary"]).bounds
    assert n < bn - 0.03 and w > bw  # the city reaches further north and west than the map
    # one projection for every geographic layer
    projections = {json.dumps(layer["projection"], sort_keys=True) for layer in spec["layer"] if "projection" in layer}
    assert len(projections) == 1 and json.loads(projections.pop())["type"] == "mercator"


def test_specs_stay_small(cov_chart, siting_chart):
    for chart in (cov_chart, siting_chart):
        size = map_image.spec_size(chart)
        assert 10_000 < size < MAX_SPEC_BYTES
        assert size == len(json.dumps(chart.to_dict(), separators=(",", ":"), ensure_ascii=False).encode())


def test_tiles_are_refused_and_bad_sizes_too(layers):
    with pytest.raises(ValueError, match="tiles are not rendered in exports"):
        map_image.coverage_map(layers["cov"], layers["towns"], layers["boundary"], layers["cameras"], "ja", tiles=True)
    with pytest.raises(ValueError, match="tiles are not rendered in exports"):
        map_image.siting_map(layers["plan"], layers["inputs"], layers["boundary"], "en", tiles=True)
    with pytest.raises(ValueError, match="bounds"):
        map_image.siting_map(layers["plan"], layers["inputs"], layers["boundary"], "ja",
                             bounds=(141.7, 42.6, 141.5, 42.7))
    with pytest.raises(ValueError, match="size"):
        map_image.siting_map(layers["plan"], layers["inputs"], layers["boundary"], "ja", width=100)
    assert map_image.GSI_ATTRIBUTION_TEXT == "地理院タイル"
    assert map_image.GSI_ATTRIBUTION_TEXT in maps.GSI_ATTRIBUTION


def test_bounds_zoom_in_and_clip_what_lies_outside(layers, siting_chart):
    """A caller's bounds replace the fitted view (widened to the canvas); sites outside are not drawn."""
    chosen = layers["plan"].chosen
    bounds = (chosen["lon"].median(), 42.64, 141.75, 42.70)
    spec = _spec(map_image.siting_map(layers["plan"], layers["inputs"], layers["boundary"], "en", bounds=bounds))
    w, s, e, n = _frame(spec).view_bbox
    assert w <= bounds[0] and s <= bounds[1] and e >= bounds[2] and n >= bounds[3]
    w0, _, e0, _ = _frame(_spec(siting_chart)).view_bbox
    assert (e - w) < 0.75 * (e0 - w0)  # zoomed in
    inside = chosen["lon"].between(w, e) & chosen["lat"].between(s, n)
    assert 0 < len(_rows(spec, "sites")) == int(inside.sum()) < len(chosen)


# --------------------------------------------------------------------------- PNGs

def test_siting_map_png_at_print_resolution(siting_chart):
    """Scale 2: 1920 x 1200 px at 144 dpi (the default, 3, gives 2880 x 1800 at 216 dpi, but
    takes twice as long); the rings are drawn where the Frame says."""
    assert inspect.signature(map_image.map_png).parameters["scale"].default == 3.0
    png = map_image.map_png(siting_chart, "ja", scale=2.0)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (2 * map_image.WIDTH, 2 * map_image.HEIGHT)
    assert round(image.info["dpi"][0]) == 144
    vermillion = _near(png, maps.SITE_FILL)
    assert _near(png, maps.WATCH_COLOURS["added"]).sum() > 100
    assert _near(png, maps.CAMERA_FILL).sum() > 100
    spec = _spec(siting_chart)
    frame = _frame(spec)
    sites = _rows(spec, "sites")
    x, y = frame.px([r["lon"] for r in sites], [r["lat"] for r in sites])
    for xi, yi in zip(x, y):
        win = vermillion[int(2 * (yi - 12)): int(2 * (yi + 12)), int(2 * (xi - 12)): int(2 * (xi + 12))]
        assert win.sum() > 30, f"no ring drawn near ({xi:.0f}, {yi:.0f})"


def test_coverage_map_png_has_its_size_and_colours(layers):
    chart = map_image.coverage_map(layers["cov"], layers["towns"], layers["boundary"], layers["cameras"], "en",
                                   width=800, height=500)
    png = map_image.map_png(chart, "en", scale=1.0)
    assert Image.open(io.BytesIO(png)).size == (800, 500)
    assert _near(png, maps.ROUTE_COLOURS["lit"], tol=30).sum() > 500
    assert _near(png, maps.ROUTE_COLOURS["neither"], tol=20).sum() > 500
    assert _near(png, maps.CAMERA_FILL, tol=30).sum() > 50
    with pytest.raises(ValueError):
        map_image.map_png(chart, "en", scale=0)


# --------------------------------------------------------------------------- Japanese glyphs

# Child process: renders each map's spec (built by this process) as is ("real"), and its legend
# alone with every label replaced by as many unmapped code points ("fake": missing-glyph boxes in
# any font). The legend box is opaque, so its pixels do not depend on the map under it. That the
# empty fontconfig really hides the system fonts is checked by test_export's detector test.
_WORKER = """
import json, sys
from pathlib import Path
from bohan import map_image
from tests.unit.test_export import MISSING

out = Path(sys.argv[1])
for name in sys.argv[2:]:
    spec = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    (out / f"{name}-real.png").write_bytes(map_image.map_png(spec, "ja", scale=1.0))
    legend = [layer for layer in spec["layer"] if layer.get("name", "").startswith("legend_")]
    for layer in legend:
        for row in spec["datasets"][layer["data"]["name"]]:
            if "label" in row:
                row["label"] = MISSING * len(row["label"])
    (out / f"{name}-fake.png").write_bytes(map_image.map_png({**spec, "layer": legend}, "ja", scale=1.0))
"""


@pytest.fixture(scope="module")
def glyph_renders(cov_chart, siting_chart, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("map-glyphs")
    empty = tmp / "no-fonts"
    empty.mkdir()
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                    f"<fontconfig><dir>{empty}</dir></fontconfig>\n", encoding="utf-8")
    out = tmp / "out"
    out.mkdir()
    for name, chart in (("coverage", cov_chart), ("siting", siting_chart)):
        (out / f"{name}.json").write_text(json.dumps(chart.to_dict(), ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", _WORKER, str(out), "coverage", "siting"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=240)
    return out


def _label_crops(out: Path, name: str, labels: str) -> list[np.ndarray]:
    """Ink of each legend label (heading included), cut from the PNG at the spec's positions."""
    spec = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    image = Image.open(out / f"{name}-{labels}.png")
    right = _rows(spec, "legend_box")[0]["x2"]
    names = [layer.get("name") for layer in spec["layer"]]
    rows = [r for layer in ("legend_heading", "legend_labels") if layer in names for r in _rows(spec, layer)]
    crops = []
    for r in rows:
        buf = io.BytesIO()
        image.crop((int(r["x"]) - 1, int(r["y"] - 12), int(right) - 1, int(r["y"] + 12))).save(buf, format="PNG")
        crops.append(_ink(buf.getvalue()))
    return crops


@pytest.mark.parametrize("name", ["coverage", "siting"])
def test_legend_japanese_is_drawn_without_system_fonts(glyph_renders, name):
    """Every Japanese legend label differs from the same count of missing-glyph boxes."""
    real = _label_crops(glyph_renders, name, "real")
    fake = _label_crops(glyph_renders, name, "fake")
    assert len(real) == len(fake) >= 5
    for i, (a, b) in enumerate(zip(real, fake)):
        assert a.size, f"label {i} drew nothing"
        assert _difference(a, b) > DIFFERENT, f"label {i} looks like missing-glyph boxes"

