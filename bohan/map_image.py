"""Maps as still images for presentations (PowerPoint, PDF, PNG), drawn on the server.

The app's interactive maps are pydeck (deck.gl) and need a browser. Exports cannot use one,
so this module draws the same content as a Vega-Lite (Altair) chart, which
:func:`bohan.export.chart_png` renders with vl-convert and the shipped Japanese font
(Noto Sans CJK JP): no browser, no system font, no network.

Offline by construction: no background tiles are ever drawn. The map's base is the app's own
data (town polygons, the city boundary); the presentation states this itself
(「地図：市の境界・町丁目・通学路データから作成（背景地図なし）」).
Passing ``tiles=True`` raises :class:`ValueError`.

Geometry
--------
Everything is drawn in WGS84 longitude/latitude (EPSG:4326) on a Mercator projection whose
centre, scale and translation are computed here (:class:`Frame`), not fitted by Vega-Lite:
Vega-Lite would fit all the data, which for Tomakomai means the forested north of the city.
The view is fitted to the built-up area instead, the way :func:`bohan.maps.siting_deck` opens
its view: the extent of the cameras (and recommended sites) with a margin of 10 %, at least
0.01°; a caller can pass ``bounds`` instead. The few long rural routes reaching beyond it are
cut at the map's edge. Geometry outside the view is clipped away in Python, so it costs
nothing in the spec. Route pieces of one class are merged (``union_all`` + ``line_merge``)
into one multi-line per class, and coordinates are rounded to 5 decimals (about 1 m): for the
sample city the coverage map's spec is about 360 KB, the siting map's about 150 KB.

Layout (CSS px; the PNG is ``scale`` times larger): a ``width`` x ``height`` canvas
(960 x 600 by default) with no padding and no autosize, so the PNG size is exact. An optional
title runs along the top; the legend and the scale bar (with a north arrow) sit in the corners
of the map where they hide the fewest routes and points.

Scale note: a camera watches at most about 60 m of route (a 30 m radius), which is 2 px at the
city scale. Route classes that only exist near cameras ("camera", "both", "before", "added")
are therefore drawn thicker, with round caps, on top of the others; sites are drawn as rings
so the newly watched stretch inside stays visible.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import altair as alt
import numpy as np
import pandas as pd
import shapely
import shapely.geometry

from bohan import export
from bohan.i18n import Lang, t
from bohan.maps import (CAMERA_FILL, COORD_DECIMALS, ROUTE_COLOURS, SIMPLIFY_DEG, SITE_FILL,
                        WATCH_COLOURS, areas_geojson)

if TYPE_CHECKING:  # imported for type hints only: atlas and planner pull in the whole model
    from bohan.atlas import Coverage
    from bohan.planner import Inputs, Plan

#: The attribution GSI (国土地理院) requires wherever its tiles are shown. The exports never show
#: tiles, so it is never drawn here; it is kept for callers that caption an online map.
GSI_ATTRIBUTION_TEXT = "地理院タイル"

#: Default canvas in CSS px (a 16:10 block that fills most of a 16:9 slide).
WIDTH, HEIGHT = 960, 600
#: Width in px of a route class in the exports; the classes that only exist near a camera are
#: thicker (see the module notes).
ROUTE_WIDTHS = {"both": 8.0, "camera": 8.0, "lit": 2.2, "neither": 2.2}
WATCH_WIDTHS = {"before": 6.0, "added": 7.0, "none": 2.0}
TOWN_FILL, TOWN_LINE = "#f4f4f1", "#d2d2d2"
#: The city boundary: mid grey, so it is not read as a dark "neither" route (maps.BOUNDARY_LINE is #333).
BOUNDARY_OUTLINE = "#808080"
#: Route pieces are simplified by this many metres before projecting (invisible at city scale).
ROUTE_SIMPLIFY_M = 1.0
#: Margin around the cameras and sites, as maps.siting_deck: 10 % of the extent, at least 0.01°.
MARGIN_FRACTION, MARGIN_MIN_DEG = 0.1, 0.01
FONT_SIZE, TITLE_SIZE, RANK_SIZE = 15, 20, 16
TITLE_H = 40
_PAD = 8          # px between the map's edge and anything drawn in its corners
_ROW = 25         # px per legend row
_SWATCH = 34      # px of legend swatch before the label

_R = 6378137.0    # the sphere d3's Mercator stands for (only used for the scale bar)


def _check_tiles(tiles: bool) -> None:
    if tiles:
        raise ValueError("tiles are not rendered in exports: the map images are drawn offline from the "
                         "city's own layers (boundary, towns, routes); leave tiles=False")


# --------------------------------------------------------------------------- projection

def _merc_y(lat):
    return np.log(np.tan(np.pi / 4 + np.radians(lat) / 2))


def _merc_lat(y):
    return np.degrees(2 * np.arctan(np.exp(y)) - np.pi / 2)


@dataclass(frozen=True)
class Frame:
    """A Mercator projection fitted to lon/lat bounds inside a pixel rectangle.

    ``k`` is d3's Mercator scale (pixels per radian of longitude); ``centre`` (lon, lat) is
    drawn at the middle of ``area`` (x0, y0, x1, y1 in CSS px). Vega-Lite gets exactly these
    numbers, so :meth:`px` tells where Vega will draw a point.
    """

    k: float
    centre: tuple[float, float]
    area: tuple[float, float, float, float]

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> "Frame":
        w, s, e, n = bounds
        x0, y0, x1, y1 = area
        span_x = max(math.radians(e - w), 1e-9)
        span_y = max(float(_merc_y(n) - _merc_y(s)), 1e-9)
        k = min((x1 - x0 - 2 * _PAD) / span_x, (y1 - y0 - 2 * _PAD) / span_y)
        centre = ((w + e) / 2, float(_merc_lat((_merc_y(s) + _merc_y(n)) / 2)))
        return cls(k=k, centre=centre, area=area)

    @property
    def translate(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.area
        return (x0 + x1) / 2, (y0 + y1) / 2

    def px(self, lon, lat) -> tuple[np.ndarray, np.ndarray]:
        """CSS-pixel position of lon/lat (degrees), as Vega draws it."""
        tx, ty = self.translate
        x = tx + self.k * np.radians(np.asarray(lon, dtype=float) - self.centre[0])
        y = ty - self.k * (_merc_y(np.asarray(lat, dtype=float)) - _merc_y(self.centre[1]))
        return x, y

    def lonlat(self, x, y) -> tuple[np.ndarray, np.ndarray]:
        """Inverse of :meth:`px`."""
        tx, ty = self.translate
        lon = self.centre[0] + np.degrees((np.asarray(x, dtype=float) - tx) / self.k)
        lat = _merc_lat(_merc_y(self.centre[1]) - (np.asarray(y, dtype=float) - ty) / self.k)
        return lon, lat

    def bbox(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """lon/lat bounds (w, s, e, n) of a pixel rectangle (Mercator keeps rectangles rectangles)."""
        (w, e), (n, s) = self.lonlat([x0, x1], [y0, y1])
        return float(w), float(s), float(e), float(n)

    @property
    def view_bbox(self) -> tuple[float, float, float, float]:
        return self.bbox(*self.area)

    def metres_per_px(self) -> float:
        """Ground distance of one pixel at the centre latitude."""
        return _R * math.cos(math.radians(self.centre[1])) / self.k

    def projection(self) -> alt.Projection:
        x0, y0, x1, y1 = self.area
        return alt.Projection(type="mercator", center=[round(self.centre[0], 6), round(self.centre[1], 6)],
                              scale=round(self.k, 3), translate=[round(v, 2) for v in self.translate],
                              clipExtent=[[x0, y0], [x1, y1]])


def _extent(points: list[pd.DataFrame], lines: list, boundary_wkt: str) -> tuple[float, float, float, float]:
    """lon/lat bounds to show: the points' extent with a margin, as ``maps.siting_deck`` opens.

    Cameras and sites stand in the built-up area; the routes' own extent reaches into the
    forest (a few long rural routes) and the boundary's takes in the whole forested north.
    Without points, the routes' extent is used, then the boundary's.
    """
    pts = [p[["lon", "lat"]].to_numpy(dtype=float) for p in points if p is not None and len(p)]
    if pts:
        xy = np.vstack(pts)
        (w, s), (e, n) = xy.min(axis=0), xy.max(axis=0)
    else:
        boxes = [shapely.bounds(g) for g in lines if g is not None and not shapely.is_empty(g)]
        if not boxes and boundary_wkt:
            boxes = [shapely.from_wkt(boundary_wkt).bounds]
        if not boxes:
            raise ValueError("nothing to draw: no points, routes or boundary")
        b = np.array(boxes, dtype=float)
        w, s, e, n = b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max()
    pad_x = max(MARGIN_MIN_DEG, MARGIN_FRACTION * (e - w))
    pad_y = max(MARGIN_MIN_DEG, MARGIN_FRACTION * (n - s))
    return float(w - pad_x), float(s - pad_y), float(e + pad_x), float(n + pad_y)


def _check_bounds(bounds) -> tuple[float, float, float, float]:
    w, s, e, n = (float(v) for v in bounds)
    if not (-180 <= w < e <= 180 and -85 < s < n < 85):
        raise ValueError(f"bounds must be (west, south, east, north) in degrees, got {bounds!r}")
    return w, s, e, n


# --------------------------------------------------------------------------- geometry to GeoJSON

def _feature(geom, props: dict | None = None, *, polygon: bool = False) -> dict | None:
    if geom is None or geom.is_empty:
        return None
    if polygon:  # d3 reads rings on the sphere: exteriors must run clockwise, or they fill the globe
        geom = shapely.orient_polygons(geom, exterior_cw=True)
    geom = shapely.transform(geom, lambda xy: np.round(xy, COORD_DECIMALS))
    if geom.is_empty:
        return None
    return {"type": "Feature", "properties": props or {}, "geometry": shapely.geometry.mapping(geom)}


def _clip(geom, bbox):
    return shapely.clip_by_rect(geom, *bbox)


def _town_features(towns: pd.DataFrame | None, bbox) -> list[dict]:
    if towns is None or not len(towns):
        return []
    gj = areas_geojson(towns[["town", "geometry_wkt"]], "town", tolerance_deg=SIMPLIFY_DEG)
    out = []
    for f in gj["features"]:
        geom = _clip(shapely.geometry.shape(f["geometry"]), bbox)
        if geom.is_empty or geom.area <= 0:
            continue
        # clipping can leave slivers of lines or points beside the polygon parts: keep the polygons
        parts = [g for g in shapely.get_parts(shapely.make_valid(geom)) if g.geom_type == "Polygon"]
        feat = _feature(shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0], polygon=True) if parts else None
        if feat:
            out.append(feat)
    return out


def _boundary_feature(boundary_wkt: str, bbox) -> list[dict]:
    if not boundary_wkt:
        return []
    outline = shapely.simplify(shapely.from_wkt(boundary_wkt).boundary, SIMPLIFY_DEG)
    feat = _feature(_clip(outline, bbox))
    return [feat] if feat else []


def _merged_lines_wgs84(gdf, col: str, classes) -> dict:
    """One merged, simplified WGS84 line geometry per class of ``gdf[col]`` (any CRS)."""
    from pyproj import Transformer

    out = {}
    if gdf is None or not len(gdf):
        return out
    if gdf.crs is None:
        raise ValueError("route pieces have no CRS (expected EPSG:6680)")
    to_wgs = Transformer.from_crs(gdf.crs, "EPSG:4326", always_xy=True)
    values = gdf[col].astype(str).to_numpy()
    geoms = gdf.geometry.to_numpy()
    for cls in classes:
        part = geoms[values == cls]
        if not len(part):
            continue
        merged = shapely.line_merge(shapely.union_all(part))
        if gdf.crs.is_projected:
            merged = shapely.simplify(merged, ROUTE_SIMPLIFY_M)
        merged = shapely.transform(merged, lambda xy: np.column_stack(to_wgs.transform(xy[:, 0], xy[:, 1])))
        out[cls] = merged
    return out


# --------------------------------------------------------------------------- text and layout

def _text_width(text: str, size: float) -> float:
    """Rough width in px of ``text`` in Noto Sans CJK at ``size`` px.

    Wide, full-width and ambiguous characters (as a Japanese font draws them) take 1 em,
    the rest 0.6 em (generous for Latin text in Noto Sans CJK).
    """
    em = sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.6 for c in text)
    return em * size


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float


def _corners(frame: Frame, w: float, h: float) -> dict[str, _Box]:
    x0, y0, x1, y1 = frame.area
    return {
        "top-left": _Box(x0 + _PAD, y0 + _PAD, x0 + _PAD + w, y0 + _PAD + h),
        "top-right": _Box(x1 - _PAD - w, y0 + _PAD, x1 - _PAD, y0 + _PAD + h),
        "bottom-left": _Box(x0 + _PAD, y1 - _PAD - h, x0 + _PAD + w, y1 - _PAD),
        "bottom-right": _Box(x1 - _PAD - w, y1 - _PAD - h, x1 - _PAD, y1 - _PAD),
    }


def _hidden(box: _Box, lines_px, points_px: np.ndarray, land_px) -> float:
    """How much a box placed there would hide (all in CSS px): route length, markers, land area.

    Markers count as 80 px of route each; land as 1 px of route per 100 px², so an empty corner
    over the sea beats one over the forest, which beats one over the routes.
    """
    rect = shapely.box(box.x0, box.y0, box.x1, box.y1)
    score = 0.0
    if lines_px is not None and not lines_px.is_empty:
        score += shapely.length(shapely.intersection(lines_px, rect))
    if len(points_px):
        x, y = points_px[:, 0], points_px[:, 1]
        m = 8.0  # a marker just outside the box is still half hidden by it
        inside = (x >= box.x0 - m) & (x <= box.x1 + m) & (y >= box.y0 - m) & (y <= box.y1 + m)
        score += 80.0 * np.count_nonzero(inside)
    if land_px is not None and not land_px.is_empty:
        score += 0.01 * shapely.area(shapely.intersection(land_px, rect))
    return float(score)


def _to_px(frame: Frame, geom):
    """A lon/lat geometry in CSS px (y down), for measuring what a box would cover."""
    if geom is None or geom.is_empty:
        return None
    return shapely.transform(geom, lambda xy: np.column_stack(frame.px(xy[:, 0], xy[:, 1])))


def _place(frame: Frame, sizes: list[tuple[float, float]], lines, points: np.ndarray, land) -> list[_Box]:
    """Corners for boxes of ``sizes`` (in order), each where it hides the least."""
    lines_px, land_px = _to_px(frame, lines), _to_px(frame, land)
    points_px = np.column_stack(frame.px(points[:, 0], points[:, 1])) if len(points) else np.empty((0, 2))
    taken: set[str] = set()
    boxes = []
    for w, h in sizes:
        options = {name: box for name, box in _corners(frame, w, h).items() if name not in taken}
        name = min(options, key=lambda nm: (_hidden(options[nm], lines_px, points_px, land_px), nm))
        taken.add(name)
        boxes.append(options[name])
    return boxes


def _nice_length(max_m: float) -> float:
    """The longest 1-2-5 length (m) not above ``max_m``."""
    exp = 10 ** math.floor(math.log10(max_m))
    return max(m * exp for m in (1, 2, 5) if m * exp <= max_m)


def _length_label(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


# --------------------------------------------------------------------------- chart pieces

def _px_enc():
    return {"x": alt.X("x:Q", scale=None, axis=None), "y": alt.Y("y:Q", scale=None, axis=None)}


def _geo_layer(name: str, features: list[dict], proj: dict, **mark) -> alt.Chart:
    # data as a plain dict: alt.Data(values=...) validates every coordinate (seconds)
    return alt.Chart({"values": features}, name=name).mark_geoshape(**mark).project(**proj)


def _route_layer(name: str, merged: dict, colours: dict, widths: dict, order: tuple, proj) -> list[alt.Chart]:
    feats = []
    for cls in order:
        f = _feature(merged.get(cls), {"cls": cls, "colour": colours[cls], "width": widths[cls]})
        if f:
            feats.append(f)
    if not feats:
        return []
    return [alt.Chart({"values": feats}, name=name).mark_geoshape(
        filled=False, strokeCap="round", strokeJoin="round").encode(
        stroke=alt.Stroke("properties.colour:N", scale=None),
        strokeWidth=alt.StrokeWidth("properties.width:Q", scale=None)).project(**proj.to_dict())]


def _points(df: pd.DataFrame | None, bbox, cols=("lon", "lat")) -> pd.DataFrame:
    if df is None or not len(df):
        return pd.DataFrame(columns=list(cols))
    w, s, e, n = bbox
    inside = df["lon"].between(w, e) & df["lat"].between(s, n)
    return pd.DataFrame(df.loc[inside, list(cols)]).round({"lon": COORD_DECIMALS, "lat": COORD_DECIMALS}) \
        .reset_index(drop=True)


def _legend_layers(box: _Box, heading: str | None, entries: list[dict]) -> list[alt.Chart]:
    """The legend: a white box, an optional heading, then one row per entry.

    ``entries``: dicts with ``label`` and ``kind`` ("line": ``colour``, ``width``;
    "camera"; "site").
    """
    rows, lines, cams, sites = [], [], [], []
    y = box.y0 + _PAD + _ROW / 2
    if heading:
        rows.append({"x": box.x0 + _PAD, "y": y, "label": heading, "bold": True})
        y += _ROW
    for e in entries:
        sx = box.x0 + _PAD
        if e["kind"] == "line":
            lines.append({"x": sx + 2, "x2": sx + _SWATCH - 6, "y": y, "colour": e["colour"],
                          "width": min(e["width"], 6.0)})
        elif e["kind"] == "camera":
            cams.append({"x": sx + (_SWATCH - 4) / 2, "y": y})
        elif e["kind"] == "site":
            sites.append({"x": sx + (_SWATCH - 4) / 2, "y": y})
        rows.append({"x": sx + _SWATCH, "y": y, "label": e["label"], "bold": False})
        y += _ROW
    layers = [
        alt.Chart({"values": [{"x": box.x0, "y": box.y0, "x2": box.x1, "y2": box.y1}]}, name="legend_box")
        .mark_rect(fill="white", fillOpacity=1, stroke="#999999", strokeWidth=1, cornerRadius=3)
        .encode(**_px_enc(), x2="x2:Q", y2="y2:Q"),
    ]
    if lines:
        layers.append(alt.Chart({"values": lines}, name="legend_lines").mark_rule(strokeCap="round").encode(
            **_px_enc(), x2="x2:Q", stroke=alt.Stroke("colour:N", scale=None),
            strokeWidth=alt.StrokeWidth("width:Q", scale=None)))
    if cams:
        layers.append(alt.Chart({"values": cams}, name="legend_cameras").mark_point(**_CAMERA_MARK)
                      .encode(**_px_enc()))
    if sites:
        layers.append(alt.Chart({"values": sites}, name="legend_sites").mark_point(**_SITE_MARK)
                      .encode(**_px_enc()))
    for bold, name in ((True, "legend_heading"), (False, "legend_labels")):
        part = [r for r in rows if r["bold"] == bold]
        if part:
            layers.append(alt.Chart({"values": part}, name=name)
                          .mark_text(align="left", baseline="middle", fontSize=FONT_SIZE, color="#222222",
                                     fontWeight="bold" if bold else "normal")
                          .encode(**_px_enc(), text="label:N"))
    return layers


def _legend_size(heading: str | None, entries: list[dict]) -> tuple[float, float]:
    labels = [e["label"] for e in entries]
    widest = max([_SWATCH + _text_width(s, FONT_SIZE) for s in labels]
                 + ([_text_width(heading, FONT_SIZE) * 1.05] if heading else []))
    rows = len(entries) + (1 if heading else 0)
    return math.ceil(widest + 2 * _PAD + 4), rows * _ROW + 2 * _PAD


_SCALE_W, _SCALE_H = 200, 46


def _scale_layers(frame: Frame, box: _Box) -> list[alt.Chart]:
    """A scale bar (1-2-5 length, at most 110 px) and a north arrow, on a white box."""
    metres = _nice_length(110 * frame.metres_per_px())
    bar = metres / frame.metres_per_px()
    x0, yb = box.x0 + 12, box.y1 - 12
    ticks = [{"x": x0, "x2": x0, "y": yb - 6, "y2": yb}, {"x": x0 + bar, "x2": x0 + bar, "y": yb - 6, "y2": yb},
             {"x": x0, "x2": x0 + bar, "y": yb, "y2": yb}]
    nx = box.x1 - 22
    labels = [{"x": x0 + bar / 2, "y": yb - 9, "label": _length_label(metres)},
              {"x": nx, "y": box.y1 - 9, "label": "N"}]
    return [
        alt.Chart({"values": [{"x": box.x0, "y": box.y0, "x2": box.x1, "y2": box.y1}]}, name="scale_box")
        .mark_rect(fill="white", fillOpacity=1, stroke="#999999", strokeWidth=1, cornerRadius=3)
        .encode(**_px_enc(), x2="x2:Q", y2="y2:Q"),
        alt.Chart({"values": ticks}, name="scale_bar").mark_rule(color="#222222", strokeWidth=2.5)
        .encode(**_px_enc(), x2="x2:Q", y2="y2:Q"),
        alt.Chart({"values": labels}, name="scale_label")
        .mark_text(align="center", baseline="bottom", fontSize=14, color="#222222")
        .encode(**_px_enc(), text="label:N"),
        alt.Chart({"values": [{"x": nx, "y": box.y0 + 12}]}, name="north_arrow")
        .mark_point(shape="triangle-up", filled=True, size=150, color="#222222", opacity=1).encode(**_px_enc()),
    ]


_CAMERA_MARK = {"shape": "circle", "filled": True, "size": 34, "fill": CAMERA_FILL, "stroke": "white",
                "strokeWidth": 1.0, "opacity": 1}
_SITE_MARK = {"shape": "circle", "filled": False, "size": 260, "stroke": SITE_FILL, "strokeWidth": 3.5,
              "opacity": 1}
_SITE_R = math.sqrt(_SITE_MARK["size"] / math.pi) + _SITE_MARK["strokeWidth"] / 2   # px, outer edge of a ring


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _label_positions(frame: Frame, sites: pd.DataFrame, avoid: list[_Box]) -> pd.DataFrame:
    """Where each site's rank number goes: next to its ring, clear of other rings and numbers.

    Greedy, best rank first: above, right, left, below, then the diagonals; the first spot
    that overlaps nothing placed so far (rings, earlier numbers, the legend and scale boxes),
    else the one overlapping least. Returns the number's centre as lon/lat, so Vega draws it
    exactly there through the same projection.
    """
    x, y = frame.px(sites["lon"], sites["lat"])
    r = _SITE_R
    rings = [(xi - r, yi - r, xi + r, yi + r) for xi, yi in zip(x, y)]
    placed = [(b.x0, b.y0, b.x1, b.y1) for b in avoid]
    out_x, out_y = [], []
    h = RANK_SIZE * 1.05
    for i, (xi, yi, label) in enumerate(zip(x, y, sites["label"])):
        w = _text_width(label, RANK_SIZE) + 2
        gap = r + 2
        spots = [(0, -(gap + h / 2)), (gap + w / 2, 0), (-(gap + w / 2), 0), (0, gap + h / 2),
                 (gap * 0.8 + w / 2, -(gap * 0.8 + h / 2)), (-(gap * 0.8 + w / 2), -(gap * 0.8 + h / 2)),
                 (gap * 0.8 + w / 2, gap * 0.8 + h / 2), (-(gap * 0.8 + w / 2), gap * 0.8 + h / 2)]
        others = [ring for j, ring in enumerate(rings) if j != i] + placed
        x0, y0, x1, y1 = frame.area

        def cost(d):
            box = (xi + d[0] - w / 2, yi + d[1] - h / 2, xi + d[0] + w / 2, yi + d[1] + h / 2)
            outside = (box[0] < x0) or (box[1] < y0) or (box[2] > x1) or (box[3] > y1)
            return sum(_overlap(box, o) for o in others) + (1e6 if outside else 0.0), box

        costs = [cost(d) for d in spots]
        best = next((k for k, (c, _) in enumerate(costs) if c == 0), None)
        if best is None:
            best = min(range(len(spots)), key=lambda k: costs[k][0])
        placed.append(costs[best][1])
        out_x.append(xi + spots[best][0])
        out_y.append(yi + spots[best][1])
    lon, lat = frame.lonlat(out_x, out_y)
    return pd.DataFrame({"lon": np.round(lon, 6), "lat": np.round(lat, 6), "label": sites["label"].to_numpy()})


def _compose(*, frame: Frame, width: int, height: int, title: str | None, towns, boundary_wkt: str,
             routes: list[alt.Chart], route_geoms: dict, cameras: pd.DataFrame, sites: pd.DataFrame | None,
             heading: str | None, entries: list[dict]) -> alt.LayerChart:
    view = frame.view_bbox
    # a little beyond the view, so clipped edges fall outside it (clipExtent trims the rest)
    w, s, e, n = view
    dx, dy = 0.01 * (e - w), 0.01 * (n - s)
    clip_box = (w - dx, s - dy, e + dx, n + dy)
    proj = frame.projection().to_dict()
    town_feats = _town_features(towns, clip_box)
    layers: list[alt.Chart] = []
    if town_feats:
        layers.append(_geo_layer("towns", town_feats, proj, fill=TOWN_FILL, stroke=TOWN_LINE, strokeWidth=0.7))
    bfeat = _boundary_feature(boundary_wkt, clip_box)
    if bfeat:
        layers.append(_geo_layer("boundary", bfeat, proj, filled=False, stroke=BOUNDARY_OUTLINE, strokeWidth=2))
    layers += routes
    cams = _points(cameras, view)
    site_pts = _points(sites, view, ("lon", "lat", "rank")) if sites is not None else pd.DataFrame()
    # the legend and the scale bar go where they hide the least
    lines = shapely.union_all([g for g in route_geoms.values() if g is not None]) if route_geoms else None
    pts = [p[["lon", "lat"]].to_numpy(dtype=float) for p in (cams, site_pts) if len(p)]
    pts = np.vstack(pts) if pts else np.empty((0, 2))
    land = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in town_feats]) if town_feats else None
    legend_box, scale_box = _place(frame, [_legend_size(heading, entries), (_SCALE_W, _SCALE_H)], lines, pts, land)
    if len(cams):
        layers.append(alt.Chart(cams, name="cameras").mark_point(**_CAMERA_MARK)
                      .encode(longitude="lon:Q", latitude="lat:Q").project(**proj))
    if len(site_pts):
        site_pts["label"] = site_pts["rank"].astype(int).astype(str)
        layers.append(alt.Chart(site_pts[["lon", "lat", "label"]], name="sites").mark_point(**_SITE_MARK)
                      .encode(longitude="lon:Q", latitude="lat:Q").project(**proj))
        numbers = _label_positions(frame, site_pts, [legend_box, scale_box])
        text = dict(align="center", baseline="middle", fontSize=RANK_SIZE, fontWeight="bold")
        layers.append(alt.Chart(numbers, name="site_labels_halo")
                      .mark_text(**text, stroke="white", strokeWidth=4, strokeJoin="round", color="white")
                      .encode(longitude="lon:Q", latitude="lat:Q", text="label:N").project(**proj))
        layers.append(alt.Chart(numbers, name="site_labels").mark_text(**text, color="#000000")
                      .encode(longitude="lon:Q", latitude="lat:Q", text="label:N").project(**proj))
    layers += _legend_layers(legend_box, heading, entries)
    layers += _scale_layers(frame, scale_box)
    if title:
        layers.append(alt.Chart({"values": [{"x": 12, "y": TITLE_H / 2 + 2, "label": title}]}, name="title")
                      .mark_text(align="left", baseline="middle", fontSize=TITLE_SIZE, fontWeight="bold",
                                 color="#222222").encode(**_px_enc(), text="label:N"))
    from bohan.charts import FONT

    return (alt.layer(*layers)
            .properties(width=width, height=height, padding=0, autosize=alt.AutoSizeParams(type="none"))
            .configure(font=FONT)
            .configure_view(strokeWidth=0, clip=False))


def _frame(width: int, height: int, title: str | None, bounds) -> Frame:
    if not (320 <= width <= 4000 and 240 <= height <= 4000):
        raise ValueError(f"map size {width}x{height} px is out of range (320-4000 x 240-4000)")
    top = TITLE_H if title else 0
    return Frame.fit(_check_bounds(bounds), (0.0, float(top), float(width), float(height)))


# --------------------------------------------------------------------------- the two maps

def coverage_map(cov: "Coverage", towns: pd.DataFrame, boundary_wkt: str, cameras: pd.DataFrame, lang: Lang, *,
                 title: str | None = None, tiles: bool = False, bounds: tuple[float, float, float, float] | None = None,
                 width: int = WIDTH, height: int = HEIGHT) -> alt.LayerChart:
    """School routes by what watches them (camera, light, both, neither), as a still map.

    Parameters
    ----------
    cov : bohan.atlas.Coverage
        From :func:`bohan.atlas.compute_coverage`; ``cov.pieces`` (EPSG:6680, column
        ``covered`` in both/camera/lit/neither) is drawn in :data:`bohan.maps.ROUTE_COLOURS`.
    towns : pandas.DataFrame
        ``town`` and ``geometry_wkt`` (WGS84): the light base (simplified about 10 m).
    boundary_wkt : str
        City boundary (WGS84 WKT), drawn as a dashed outline.
    cameras : pandas.DataFrame
        Cameras to draw, with ``lat`` and ``lon``; the view is their extent with a margin.
    lang : {"ja", "en"}
        Legend language (``atlas.class.*``, ``atlas.layer.cameras``, heading
        ``atlas.layer.routes``).
    title : str, optional
        Drawn along the top (the map then starts 40 px lower).
    tiles : bool
        Must stay False: exports draw no background tiles (raises ValueError otherwise).
    bounds : (west, south, east, north), optional
        Degrees to show instead of the cameras' extent (e.g. one police-box area).
    width, height : int
        Canvas in CSS px (default 960 x 600).

    Returns
    -------
    altair.LayerChart
        Fixed size, no padding; every layer is named (``towns``, ``boundary``, ``routes``,
        ``cameras``, ``legend_*``, ``scale_*``, ``title``). Render with :func:`map_png`.
    """
    _check_tiles(tiles)
    order = ("neither", "lit", "both", "camera")  # thin first, the short camera stretches on top
    merged = _merged_lines_wgs84(cov.pieces, "covered", order)
    frame = _frame(width, height, title, bounds or _extent([cameras], list(merged.values()), boundary_wkt))
    routes = _route_layer("routes", merged, ROUTE_COLOURS, ROUTE_WIDTHS, order, frame.projection())
    entries = [{"kind": "line", "label": t(f"atlas.class.{c}", lang), "colour": ROUTE_COLOURS[c],
                "width": ROUTE_WIDTHS[c]} for c in ("both", "camera", "lit", "neither")]
    entries.append({"kind": "camera", "label": t("atlas.layer.cameras", lang)})
    return _compose(frame=frame, width=width, height=height, title=title, towns=towns, boundary_wkt=boundary_wkt,
                    routes=routes, route_geoms=merged, cameras=cameras, sites=None,
                    heading=t("atlas.layer.routes", lang), entries=entries)


def siting_map(plan: "Plan", inputs: "Inputs", boundary_wkt: str, lang: Lang, *, title: str | None = None,
               tiles: bool = False, towns: pd.DataFrame | None = None,
               bounds: tuple[float, float, float, float] | None = None, width: int = WIDTH,
               height: int = HEIGHT) -> alt.LayerChart:
    """The siting planner's answer as a still map: routes watched before / added / not, cameras, sites.

    Parameters
    ----------
    plan : bohan.planner.Plan
        ``plan.watched`` (EPSG:6680, ``watched`` in before/added/none) is drawn in
        :data:`bohan.maps.WATCH_COLOURS`; ``plan.chosen`` (``lat``, ``lon``, ``rank``) as
        vermillion rings, each numbered by its rank.
    inputs : bohan.planner.Inputs
        ``inputs.cameras`` (the existing cameras, ``lat``/``lon``).
    boundary_wkt : str
        City boundary (WGS84 WKT).
    lang : {"ja", "en"}
        Legend language (``siting.watch.*``, ``siting.layer.cameras``, ``siting.layer.sites``).
    title : str, optional
        Drawn along the top.
    tiles : bool
        Must stay False (raises ValueError).
    towns : pandas.DataFrame, optional
        ``town`` and ``geometry_wkt``: the light base, as on the coverage map (``Inputs``
        holds no towns; without them the map has the boundary only).
    bounds : (west, south, east, north), optional
        Degrees to show instead of the extent of the cameras and sites.
    width, height : int
        Canvas in CSS px (default 960 x 600).

    Returns
    -------
    altair.LayerChart
        As :func:`coverage_map`, plus ``sites`` (one row per recommended site),
        ``site_labels`` (its rank number, placed clear of the other rings) and
        ``site_labels_halo`` (the white halo under the numbers).
    """
    _check_tiles(tiles)
    order = ("none", "before", "added")
    merged = _merged_lines_wgs84(plan.watched, "watched", order)
    cameras = pd.DataFrame(inputs.cameras[["lon", "lat"]])
    sites = pd.DataFrame(plan.chosen[["lon", "lat", "rank"]])
    frame = _frame(width, height, title, bounds or _extent([cameras, sites], list(merged.values()), boundary_wkt))
    routes = _route_layer("routes", merged, WATCH_COLOURS, WATCH_WIDTHS, order, frame.projection())
    entries = [{"kind": "line", "label": t(f"siting.watch.{c}", lang), "colour": WATCH_COLOURS[c],
                "width": WATCH_WIDTHS[c]} for c in ("before", "added", "none")]
    entries += [{"kind": "camera", "label": t("siting.layer.cameras", lang)},
                {"kind": "site", "label": t("siting.layer.sites", lang)}]
    return _compose(frame=frame, width=width, height=height, title=title, towns=towns, boundary_wkt=boundary_wkt,
                    routes=routes, route_geoms=merged, cameras=cameras, sites=sites, heading=None, entries=entries)


def map_png(chart: alt.TopLevelMixin | dict, lang: Lang, scale: float = 3.0) -> bytes:
    """A map chart as a PNG at print resolution, Japanese drawn with the shipped font.

    Goes through :func:`bohan.export.chart_png` (registers Noto Sans CJK JP with vl-convert,
    rewrites every font, white background). The maps have a fixed width, so export's
    ``width="container"`` fallback does not apply.

    Parameters
    ----------
    chart : altair.TopLevelMixin or dict
        From :func:`coverage_map` or :func:`siting_map`, or its spec dict (``chart.to_dict()``,
        e.g. saved as JSON; rendering the dict skips Altair's conversion).
    lang : {"ja", "en"}
        Locale for number formats.
    scale : float
        Pixels per CSS pixel; 3.0 gives 2880 x 1800 px (216 dpi) for the default 960 x 600.

    Returns
    -------
    bytes
        PNG data, exactly ``scale`` times the chart's width and height.
    """
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale}")
    return export.chart_png(chart, scale=scale, lang=lang)


def spec_size(chart: alt.TopLevelMixin) -> int:
    """Bytes of the chart's compact Vega-Lite JSON (what a file or the browser would get)."""
    import json

    return len(json.dumps(chart.to_dict(), separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


__all__ = ["GSI_ATTRIBUTION_TEXT", "WIDTH", "HEIGHT", "Frame", "coverage_map", "siting_map", "map_png", "spec_size"]
