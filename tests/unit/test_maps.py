"""The choropleth builder: offline Deck, counts per area, small-count suppression, legend.

Fixtures are hand-made squares in WGS84 degrees (EPSG:4326) near Tomakomai; no database.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from bohan import maps, privacy


def _square(lon: float, lat: float, size: float = 0.01) -> str:
    """WKT of a square with its south-west corner at ``lon, lat`` (degrees)."""
    x0, y0, x1, y1 = lon, lat, lon + size, lat + size
    return f"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


# Eight squares in a row; the boundary is the rectangle around them.
NAMES = ["a", "b", "c", "d", "e", "f", "g", "h"]
COUNTS = {"a": 0, "b": 1, "c": 2, "d": 3, "e": 7, "f": 15, "g": 40, "h": 1234}
BOUNDARY = "POLYGON ((141.5 42.65, 141.58 42.65, 141.58 42.66, 141.5 42.66, 141.5 42.65))"


@pytest.fixture
def areas() -> pd.DataFrame:
    return pd.DataFrame({
        "town": NAMES,
        "town_en": [f"Town {n.upper()}" for n in NAMES],
        "geometry_wkt": [_square(141.5 + 0.01 * i, 42.65) for i in range(len(NAMES))],
    })


@pytest.fixture
def counts() -> pd.DataFrame:
    # "a" has no row at all: areas without a count get 0.
    return pd.DataFrame({"town": [k for k, v in COUNTS.items() if v], "n": [v for v in COUNTS.values() if v]})


def _deck_json(areas, counts, **kw) -> dict:
    deck = maps.choropleth(areas, counts, name_col="town", boundary_wkt=BOUNDARY, **kw)
    return json.loads(deck.to_json())


def _layer(spec: dict, layer_id: str) -> dict:
    (layer,) = [layer for layer in spec["layers"] if layer["id"] == layer_id]
    return layer


def _rows_by_name(spec: dict) -> dict[str, dict]:
    rows = _layer(spec, "areas")["data"]
    names = [r["town"] for r in rows]
    assert len(names) == len(set(names)), "an area appears more than once"
    return {r["town"]: r for r in rows}


def _hex(rgba) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgba[:3])


def _luminance(hex_colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb`` (0 black .. 1 white)."""
    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


@pytest.mark.parametrize(("n", "public", "expected"), [
    (0, False, "0"), (1, False, "1"), (2, False, "2"), (3, False, "3"), (1234, False, "1,234"),
    (0, True, "0"), (1, True, "1-2"), (2, True, "1-2"), (3, True, "3"), (1234, True, "1,234"),
])
def test_count_label_suppresses_one_and_two_in_public_view(n, public, expected):
    """Counts of 1-2 read "1-2" in the public view only; 0 stays 0; thousands get commas."""
    assert maps.count_label(n, public) == expected


def test_choropleth_is_offline(areas, counts):
    """No URL of any kind in the Deck's JSON, no basemap provider or style."""
    for public in (False, True):
        deck = maps.choropleth(areas, counts, name_col="town", boundary_wkt=BOUNDARY, public_view=public)
        text = deck.to_json()
        assert not re.search(r"https?:", text, flags=re.IGNORECASE)
        spec = json.loads(text)
        assert "mapProvider" not in spec and spec.get("mapStyle") in (None, "__MAP_STYLE__")


def test_choropleth_has_fill_and_boundary_layers(areas, counts):
    """The areas layer sits under the city boundary outline; pitch 0, centred on the boundary."""
    spec = _deck_json(areas, counts)
    assert [layer["id"] for layer in spec["layers"]] == ["areas", "boundary"]
    boundary = _layer(spec, "boundary")
    assert boundary["stroked"] is True and boundary["filled"] is False and len(boundary["data"]) == 1
    view = spec["initialViewState"]
    assert view["pitch"] == 0
    assert view["longitude"] == pytest.approx(141.54, abs=1e-3)
    assert view["latitude"] == pytest.approx(42.655, abs=1e-3)


def test_choropleth_every_area_once_with_its_count(areas, counts):
    """Each area appears once, with its count, and 0 where counts has no row."""
    rows = _rows_by_name(_deck_json(areas, counts))
    assert {name: r["n"] for name, r in rows.items()} == COUNTS
    assert {name: r["count_label"] for name, r in rows.items()} == {k: f"{v:,}" for k, v in COUNTS.items()}


def test_choropleth_tooltip_uses_label_col(areas, counts):
    """The tooltip reads the display label and the count label of the hovered row."""
    spec = _deck_json(areas, counts, label_col="town_en", tooltip_title="Offences", lang="en")
    rows = _rows_by_name(spec)
    assert rows["b"]["label"] == "Town B"
    deck = maps.choropleth(areas, counts, name_col="town", boundary_wkt=BOUNDARY, label_col="town_en",
                           tooltip_title="Offences", lang="en")
    html = deck._tooltip["html"]  # what st.pydeck_chart sends as the tooltip
    assert "{label}" in html and "{count_text}" in html and "Offences" in html
    assert rows["e"]["count_text"] == "7" and rows["b"]["count_text"] == "1"


def test_choropleth_public_view_suppresses_small_counts(areas, counts):
    """In the public view 1 and 2 show "1-2" with a fill unlike zero and every class colour, and no count."""
    rows = _rows_by_name(_deck_json(areas, counts, public_view=True))
    assert rows["b"]["count_label"] == rows["c"]["count_label"] == "1-2"
    assert rows["b"]["n"] is None and rows["c"]["n"] is None, "a suppressed count never reaches the browser"
    assert rows["b"]["count_text"] == "1〜2件" and rows["d"]["n"] == 3
    assert _hex(rows["b"]["fill"]) == _hex(rows["c"]["fill"]) == maps.SUPPRESSED_FILL
    assert rows["b"]["line_w"] > rows["d"]["line_w"], "suppressed cells get a thicker outline"
    assert maps.SUPPRESSED_FILL != maps.ZERO_FILL
    assert maps.SUPPRESSED_FILL not in maps.RAMP
    class_fills = {_hex(r["fill"]) for name, r in rows.items() if COUNTS[name] >= 3}
    assert maps.SUPPRESSED_FILL not in class_fills and maps.ZERO_FILL not in class_fills
    assert _hex(rows["a"]["fill"]) == maps.ZERO_FILL


def test_choropleth_colours_darken_with_count(areas, counts):
    """More incidents never get a lighter fill (luminance non-increasing with the count)."""
    for public in (False, True):
        rows = _rows_by_name(_deck_json(areas, counts, public_view=public))
        coloured = sorted((COUNTS[name], _luminance(_hex(r["fill"]))) for name, r in rows.items()
                          if COUNTS[name] > (maps.SUPPRESS_MAX if public else 0))
        lums = [lum for _, lum in coloured]
        assert lums == sorted(lums, reverse=True)
        assert lums[0] > lums[-1], "the ramp is not flat"
        assert _luminance(maps.ZERO_FILL) > lums[0], "zero is lighter than the first class"


@pytest.mark.parametrize("public", [False, True])
def test_legend_matches_fills(areas, counts, public):
    """Every fill on the map has a legend entry, and every class entry is used on the map."""
    rows = _rows_by_name(_deck_json(areas, counts, public_view=public))
    used = {_hex(r["fill"]) for r in rows.values()}
    entries = maps.legend(counts["n"], public, "ja")
    colours = [c for c, _ in entries]
    assert len(colours) == len(set(colours))
    assert used == set(colours)
    assert entries[0] == (maps.ZERO_FILL, "0件")
    if public:
        assert entries[1] == (maps.SUPPRESSED_FILL, "1〜2件")
    # Each area's fill is the entry whose label range holds its count.
    for name, r in rows.items():
        label = dict(entries)[_hex(r["fill"])]
        nums = [int(x.replace(",", "")) for x in re.findall(r"[\d,]+", label)]
        assert nums[0] <= COUNTS[name], (COUNTS[name], label)
        if "以上" not in label:
            assert COUNTS[name] <= nums[-1], (COUNTS[name], label)


def test_legend_labels_in_english():
    """English labels are bare ranges: "0", "1-2", "a-b", "n+"."""
    labels = [label for _, label in maps.legend(pd.Series(list(COUNTS.values())), True, "en")]
    assert labels[:2] == ["0", "1-2"]
    assert labels[-1].endswith("+")
    assert all("件" not in label for label in labels)


def test_class_breaks_are_nice_quintiles():
    """Breaks start at the first coloured count, snap to nice numbers, and leave no class empty."""
    values = pd.Series([1] * 40 + [2] * 30 + [3] * 20 + [8] * 10 + [19] * 5 + [97])
    breaks = maps.class_breaks(values, public_view=False)
    assert breaks[0] == 1 and breaks == sorted(set(breaks)) and len(breaks) <= maps.N_CLASSES
    assert maps.class_breaks(values, public_view=True)[0] == 3
    assert maps.class_breaks(pd.Series([0, 1, 2]), public_view=True) == []
    # An empty class [1, 10) is dropped rather than shown in the legend.
    assert maps.class_breaks(pd.Series([10, 10, 10]), public_view=False) == [10]


def test_areas_geojson_properties_and_simplification():
    """Other columns become JSON-safe properties; simplification keeps shared edges shared."""
    # Two squares sharing an edge with a 2e-5° bump that simplification removes.
    left = "POLYGON ((0 0, 1 0, 1 0.5, 1.00002 0.50001, 1 0.50002, 1 1, 0 1, 0 0))"
    right = "POLYGON ((1 0, 2 0, 2 1, 1 1, 1 0.50002, 1.00002 0.50001, 1 0.5, 1 0))"
    df = pd.DataFrame({"town": ["L", "R"], "n": [3, 0], "share": [0.5, float("nan")],
                       "geometry_wkt": [left, right]})
    fc = maps.areas_geojson(df, "town")
    assert fc["type"] == "FeatureCollection" and [f["id"] for f in fc["features"]] == ["L", "R"]
    assert fc["features"][1]["properties"] == {"town": "R", "n": 0, "share": None}
    json.dumps(fc, allow_nan=False)
    ring_l = {tuple(p) for p in fc["features"][0]["geometry"]["coordinates"][0]}
    ring_r = {tuple(p) for p in fc["features"][1]["geometry"]["coordinates"][0]}
    assert (1.00002, 0.50001) not in ring_l | ring_r
    assert {p for p in ring_l if p[0] == 1} == {p for p in ring_r if p[0] == 1}


def test_choropleth_rejects_duplicate_counts(areas):
    """Two count rows for one area are a bug upstream, not something to sum silently."""
    with pytest.raises(ValueError):
        maps.choropleth(areas, pd.DataFrame({"town": ["b", "b"], "n": [1, 2]}), name_col="town",
                        boundary_wkt=BOUNDARY)


# --------------------------------------------------------------------------- privacy.suppress output

# Two boxes: K1 holds a 1-2 town (b) and the smallest count of 4 or more (e, 7) is hidden with it.
BOXES = {"a": "K1", "b": "K1", "c": "K2", "d": "K2", "e": "K1", "f": "K2", "g": "K2", "h": "K1"}


@pytest.fixture
def suppressed() -> pd.DataFrame:
    counts = pd.DataFrame({"town": list(COUNTS), "koban": [BOXES[k] for k in COUNTS], "n": list(COUNTS.values())})
    return privacy.suppress(counts, cell="town", group="koban")


def test_choropleth_draws_the_three_public_states(areas, suppressed):
    """Zero, "1-2" and hidden ("x") each get their own fill, label and tooltip; shown counts their class."""
    status = dict(zip(suppressed["town"], suppressed["status"]))
    assert status["a"] == "zero" and status["b"] == status["c"] == "small" and "hidden" in status.values()
    rows = _rows_by_name(_deck_json(areas, suppressed, lang="ja"))
    for name, r in rows.items():
        expected = {"zero": maps.ZERO_FILL, "small": maps.SUPPRESSED_FILL, "hidden": maps.HIDDEN_FILL}.get(status[name])
        if expected:
            assert _hex(r["fill"]) == expected, name
        else:
            assert _hex(r["fill"]) in maps.RAMP, name
    hidden = [name for name, s in status.items() if s == "hidden"]
    assert {rows[h]["count_label"] for h in hidden} == {"x"}
    assert all(rows[h]["count_text"].startswith("x（秘匿") for h in hidden)
    assert rows["a"]["count_label"] == "0" and rows["b"]["count_text"] == "1〜2件"
    assert all(rows[h]["line_w"] == rows["b"]["line_w"] > rows["a"]["line_w"] for h in hidden)


def test_choropleth_sends_no_suppressed_count_to_the_browser(areas, suppressed):
    """Suppressed areas carry no count in the Deck JSON: n is null, labels are "1-2" / "x"."""
    spec = _deck_json(areas, suppressed)
    for name, r in _rows_by_name(spec).items():
        s = suppressed.set_index("town").loc[name]
        if s["status"] in ("small", "hidden"):
            assert r["n"] is None and r["count_label"] in ("1-2", "x")
        else:
            assert r["n"] == COUNTS[name]


def test_choropleth_does_not_depend_on_suppressed_counts(areas):
    """Changing a hidden or 1-2 count (within the rule) changes neither the map nor its legend."""
    def deck_and_legend(hidden_n: int, small_n: int):
        counts = pd.DataFrame({"town": NAMES, "koban": "K", "n": [0, small_n, 3, 9, hidden_n, 15, 40, 1234]})
        out = privacy.suppress(counts, cell="town", group="koban")
        assert out.set_index("town").loc["e", "status"] == "hidden"
        deck = maps.choropleth(areas, out, name_col="town", boundary_wkt=BOUNDARY)
        return deck.to_json(), maps.legend(out, True, "ja")

    assert deck_and_legend(4, 1) == deck_and_legend(8, 2)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_legend_of_suppressed_output_matches_fills(areas, suppressed, lang):
    """Every fill drawn has a legend entry: 0, 1-2, x (hidden), then the classes."""
    rows = _rows_by_name(_deck_json(areas, suppressed, lang=lang))
    entries = maps.legend(suppressed, False, lang)  # suppressed output is always the public view
    colours = [c for c, _ in entries]
    assert len(colours) == len(set(colours))
    assert {_hex(r["fill"]) for r in rows.values()} == set(colours)
    labels = [label for _, label in entries]
    assert labels[:3] == (["0件", "1〜2件", "x（秘匿）"] if lang == "ja" else ["0", "1-2", "x (hidden)"])


def test_choropleth_of_box_totals(areas, suppressed):
    """privacy.totals output draws the same way (a hidden box total is "x" with the hidden fill)."""
    boxes = pd.DataFrame({"koban": ["K1", "K2"], "n": [1 + 7 + 1234 + 5, 2 + 3 + 15 + 40]})
    tot = privacy.totals(boxes, suppressed.assign(group_hidden=suppressed["koban"] == "K2"), group="koban")
    box_areas = pd.DataFrame({"koban": ["K1", "K2"], "geometry_wkt": [_square(141.5, 42.65), _square(141.52, 42.65)]})
    deck = maps.choropleth(box_areas, tot, name_col="koban", boundary_wkt=BOUNDARY)
    rows = {r["koban"]: r for r in _layer(json.loads(deck.to_json()), "areas")["data"]}
    assert rows["K2"]["count_label"] == "x" and _hex(rows["K2"]["fill"]) == maps.HIDDEN_FILL
    assert rows["K1"]["count_label"] == "1,247" and rows["K1"]["n"] == 1247


# Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
_CVD = {
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protan": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deutan": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritan": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}


def _lab(hex_colour: str, vision: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a colour as seen with the given colour vision (simulated)."""
    def lin(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    rgb = [lin(int(hex_colour[i:i + 2], 16)) for i in (1, 3, 5)]
    rgb = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, rgb)))) for row in _CVD[vision]]
    xyz = [sum(m * c for m, c in zip(row, rgb)) for row in
           ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505))]
    f = [(v / w) ** (1 / 3) if v / w > (6 / 29) ** 3 else v / w / (3 * (6 / 29) ** 2) + 4 / 29
         for v, w in zip(xyz, (0.95047, 1.0, 1.08883))]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


@pytest.mark.parametrize("vision", list(_CVD))
def test_hidden_fill_stands_apart_for_colour_blind_readers(vision):
    """The hidden fill is far (CIE76 dE >= 30) from zero, 1-2 and every class, also with simulated CVD."""
    hidden = _lab(maps.HIDDEN_FILL, vision)
    for other in (maps.ZERO_FILL, maps.SUPPRESSED_FILL, *maps.RAMP):
        d = sum((a - b) ** 2 for a, b in zip(hidden, _lab(other, vision))) ** 0.5
        assert d >= 30, (vision, other, round(d, 1))
