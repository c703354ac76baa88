"""Map builders: offline choropleths of incident counts by police box (交番) or town.

Every builder returns a ``pydeck.Deck`` (or plain data for a legend) so tests can inspect it
without a browser; pages hand the Deck to ``st.pydeck_chart``. This module never imports
Streamlit.

Offline by construction: every Deck is made with ``map_provider=None`` and the default
``map_style``, so the browser loads no basemap tiles and makes no request outside the app.
The city boundary, drawn as an outline on top of the areas, is the map's own base.

All geometry is WGS84 longitude/latitude in degrees (EPSG:4326), as stored in the database's
``geometry_wkt`` columns. Simplification tolerances are therefore in degrees too; at
Tomakomai's latitude (about 42.7° N) 0.0001° is about 8 m east-west and 11 m north-south.

Small counts follow real Japanese town-level theft maps (see ``FORMATS.md``, "Small counts"):
in the public view counts of 1 and 2 show as "1-2" and get their own fill, distinct from zero
and from every colour class. Given :func:`bohan.privacy.suppress` (or
:func:`bohan.privacy.totals`) output instead of raw counts, the map and its legend draw the
three public states of the rule: zero, "1-2" and hidden ("x", complementary suppression),
each with its own fill, and never put a suppressed count into the Deck's JSON.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import math
import threading
from collections import OrderedDict
from datetime import date, datetime

import numpy as np
import pandas as pd
import pydeck as pdk
import shapely
import shapely.geometry
from pydeck.bindings.json_tools import default_serialize

from bohan.i18n import t

# Sequential, colour-blind-safe ramp: ColorBrewer YlGnBu (6 classes) without its lightest
# step (#ffffcc), so that the first class stands clearly apart from the zero fill.
RAMP: tuple[str, ...] = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
N_CLASSES = len(RAMP)
ZERO_FILL = "#f0f0f0"        # very light neutral: "no incidents"
SUPPRESSED_FILL = "#b4b4b4"  # mid grey, hue-less, so never read as a ramp colour
SUPPRESSED_LINE = "#505050"  # with a thick dark outline, since deck.gl cannot hatch
# Hidden ("x", complementary suppression): Okabe-Ito orange, a hue no class of the blue-green
# ramp comes near, also for protan, deutan and tritan vision (tests/unit/test_maps.py checks
# the colour distances under simulated colour-vision deficiency); same thick outline as 1-2.
HIDDEN_FILL = "#e69f00"
AREA_LINE = "#ffffff"        # thin white edges separate neighbouring areas
SUPPRESSED_LINE_M = 400.0    # metres; clamped to 2 px (about 5 px at zoom 10.4 before the clamp)
BOUNDARY_LINE = "#333333"

SUPPRESS_MAX = 2             # public view: counts 1..SUPPRESS_MAX show as "1-2"
SIMPLIFY_DEG = 1e-4          # about 10 m: invisible at city zoom, shrinks the JSON ~2.4x
COORD_DECIMALS = 5           # 0.00001° is about 1 m

# Tomakomai's city boundary bounds, used only when no boundary is given.
_TOMAKOMAI_VIEW = {"latitude": 42.68, "longitude": 141.58, "zoom": 10.3}

_WORDS = {
    "unit": ("件", ""),
    "range": ("{lo}〜{hi}件", "{lo}-{hi}"),
    "single": ("{lo}件", "{lo}"),
    "plus": ("{lo}件以上", "{lo}+"),
    "title_sep": ("：", ": "),
}


def _word(key: str, lang: str) -> str:
    ja, en = _WORDS[key]
    return en if lang == "en" else ja


# --------------------------------------------------------------------------- GeoJSON

def _jsonable(value):
    """A property value as plain JSON (numpy scalars unwrapped, missing values as null)."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool, list, dict)):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    return str(value)


_SIMPLIFIED: "OrderedDict[tuple[str, float], np.ndarray]" = OrderedDict()
_SIMPLIFIED_LOCK = threading.Lock()


def _simplified(wkts, tolerance_deg: float) -> np.ndarray:
    """:func:`_simplify_now`, remembered for the last few sets of areas: the towns and police boxes
    are the same on every run of a page, and their simplification was a third of a run's time.
    Shapely geometries are immutable, so the arrays are shared (never written to)."""
    key = (hashlib.blake2b("\x00".join(map(str, wkts)).encode(), digest_size=16).hexdigest(), float(tolerance_deg))
    with _SIMPLIFIED_LOCK:
        if key in _SIMPLIFIED:
            _SIMPLIFIED.move_to_end(key)
            return _SIMPLIFIED[key]
    geoms = _simplify_now(wkts, tolerance_deg)
    with _SIMPLIFIED_LOCK:
        _SIMPLIFIED[key] = geoms
        while len(_SIMPLIFIED) > 8:
            _SIMPLIFIED.popitem(last=False)
    return geoms


def _simplify_now(wkts, tolerance_deg: float) -> np.ndarray:
    """Parse WKT and simplify; keep shared edges shared when the polygons tile the city."""
    geoms = shapely.from_wkt(np.asarray(wkts, dtype=object))
    if tolerance_deg <= 0 or len(geoms) == 0:
        return geoms
    # Simplifying each polygon on its own opens slivers between neighbours; a valid
    # coverage (towns tiling the city) can be simplified edge by edge instead.
    if len(geoms) > 1 and bool(shapely.coverage_is_valid(geoms)):
        return shapely.coverage_simplify(geoms, tolerance_deg, simplify_boundary=True)
    return shapely.simplify(geoms, tolerance_deg, preserve_topology=True)


def _rounded(geom, decimals: int):
    return shapely.transform(geom, lambda xy: np.round(xy, decimals))


def areas_geojson(
    df: pd.DataFrame,
    name_col: str,
    *,
    tolerance_deg: float = SIMPLIFY_DEG,
    decimals: int = COORD_DECIMALS,
) -> dict:
    """Build a GeoJSON FeatureCollection from rows with a ``geometry_wkt`` column.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per area: ``geometry_wkt`` (WKT polygon or multipolygon, WGS84 lon/lat
        degrees), ``name_col`` and any other columns, which become feature properties.
    name_col : str
        Column naming each area (e.g. ``town`` or ``koban``); it becomes the feature ``id``
        and must be unique and non-null.
    tolerance_deg : float, default 1e-4
        Simplification tolerance in degrees (about 10 m here); 0 keeps every vertex. When
        the polygons form a valid coverage (they tile without gaps or overlaps, as the
        ``towns`` table does) ``shapely.coverage_simplify`` is used so that neighbours keep
        sharing their edges (Visvalingam-Whyatt: the tolerance is roughly the square root
        of the area of the triangles removed); otherwise each polygon is simplified on its
        own (Douglas-Peucker distance) with topology preserved.
    decimals : int, default 5
        Coordinates are rounded to this many decimals (5 is about 1 m).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}`` in WGS84 (EPSG:4326), plain
        JSON types only. Rows with empty or missing geometry are dropped.

    Notes
    -----
    For the 314 sample towns, the defaults give about 4,000 vertices (from 9,800) and about
    130 KB of compact JSON (about 250 KB unsimplified).
    """
    if "geometry_wkt" not in df.columns or name_col not in df.columns:
        raise KeyError(f"areas need 'geometry_wkt' and {name_col!r} columns")
    if df[name_col].isna().any() or df[name_col].duplicated().any():
        raise ValueError(f"{name_col!r} must be unique and non-null to name areas")
    rows = df[df["geometry_wkt"].notna()].reset_index(drop=True)
    geoms = _simplified(rows["geometry_wkt"].to_numpy(), tolerance_deg)
    prop_cols = [c for c in rows.columns if c != "geometry_wkt"]
    features = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            continue
        props = {c: _jsonable(rows.at[i, c]) for c in prop_cols}
        features.append({
            "type": "Feature",
            "id": props[name_col],
            "properties": props,
            "geometry": shapely.geometry.mapping(_rounded(geom, decimals)),
        })
    return {"type": "FeatureCollection", "features": features}


# --------------------------------------------------------------------------- labels and classes

def count_label(n: int, public_view: bool) -> str:
    """A count as shown on screen.

    Parameters
    ----------
    n : int
        Number of incidents (non-negative).
    public_view : bool
        When true, counts of 1 and 2 are suppressed and shown as ``"1-2"``, as real
        Japanese town-level theft maps do; zero stays ``"0"``.

    Returns
    -------
    str
        ``"0"``, ``"1-2"`` (public view) or the count with thousands separators
        (``"1,234"``).
    """
    n = int(n)
    if n < 0:
        raise ValueError(f"a count cannot be negative: {n}")
    if public_view and 1 <= n <= SUPPRESS_MAX:
        return f"1-{SUPPRESS_MAX}"
    return f"{n:,}"


def _nice(x: float) -> int:
    """The 'nice' integer nearest to ``x`` (in ratio): any integer up to 10, then
    1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten."""
    if x <= 10:
        return max(1, int(round(x)))
    exp = 10 ** math.floor(math.log10(x))
    steps = [m * exp for m in (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)]
    return int(min(steps, key=lambda s: abs(math.log(s / x))))


def class_breaks(values, public_view: bool) -> list[int]:
    """Lower bounds of the colour classes for a set of counts.

    Classes cover the counts that get a ramp colour: every positive count, or, in the
    public view, counts of 3 and more (0 and 1-2 have fills of their own). The breaks are
    the quintiles of those counts (so each class holds about a fifth of the coloured areas
    and the map separates areas even when counts are skewed, as crime counts are),
    snapped to nice numbers (any integer up to 10, then 12, 15, 20, 25, 30, 40, 50, 60, 80,
    100, ...) so the legend reads "10〜19件" rather than "9.6〜18.8". Ties can merge
    quintiles, and a class that holds no count after snapping is dropped, so there are 1 to
    5 classes. Class *i* is ``breaks[i] <= n < breaks[i+1]``; the last is open-ended.

    Parameters
    ----------
    values : array-like of int
        Incident counts, one per area (zeros and missing values are ignored).
    public_view : bool
        Whether counts of 1-2 are suppressed (then the first class starts at 3).

    Returns
    -------
    list of int
        Increasing lower bounds; empty when no count reaches the first class.
    """
    start = SUPPRESS_MAX + 1 if public_view else 1
    v = pd.to_numeric(pd.Series(values, dtype="float64"), errors="coerce").dropna().to_numpy()
    v = v[v >= start]
    if v.size == 0:
        return []
    quintiles = np.quantile(v, np.arange(1, N_CLASSES) / N_CLASSES)
    breaks = sorted({start, *(_nice(q) for q in quintiles)})
    breaks = [b for b in breaks if start <= b <= v.max()]
    # Drop classes that no count falls into (possible after snapping).
    upper = breaks[1:] + [math.inf]
    return [lo for lo, hi in zip(breaks, upper) if ((v >= lo) & (v < hi)).any()]


def class_colours(n_classes: int) -> list[str]:
    """Ramp colours for ``n_classes`` classes, spread over the ramp (light to dark)."""
    if n_classes <= 0:
        return []
    if n_classes == 1:
        return [RAMP[2]]
    idx = np.round(np.linspace(0, len(RAMP) - 1, n_classes)).astype(int)
    return [RAMP[i] for i in idx]


def _fill_for(n: int, breaks: list[int], colours: list[str], public_view: bool) -> str:
    if n <= 0:
        return ZERO_FILL
    if public_view and n <= SUPPRESS_MAX:
        return SUPPRESSED_FILL
    i = int(np.searchsorted(breaks, n, side="right")) - 1
    return colours[max(i, 0)]


def _rgba(hex_colour: str, alpha: int = 255) -> list[int]:
    h = hex_colour.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), alpha]


def _is_suppressed(counts) -> bool:
    """Whether ``counts`` is :mod:`bohan.privacy` output (labels, not true counts)."""
    return isinstance(counts, pd.DataFrame) and {"status", "shown", "shown_value"} <= set(counts.columns)


def _public_values(suppressed: pd.DataFrame) -> pd.Series:
    """The counts that get a colour class: the shown ones (never a suppressed count)."""
    return suppressed.loc[suppressed["status"] == "shown", "shown_value"]


def legend(counts, public_view: bool, lang: str) -> list[tuple[str, str]]:
    """Legend entries matching the fills of :func:`choropleth`.

    Pass the same counts as to ``choropleth`` so the classes agree: ``counts["n"]`` for raw
    counts, or the whole :func:`bohan.privacy.suppress` / ``totals`` frame.

    Parameters
    ----------
    counts : pandas.Series or pandas.DataFrame
        Incident counts per area, or suppressed output (``status``, ``shown``,
        ``shown_value``); the latter is always the public view.
    public_view : bool
        Whether counts of 1-2 are suppressed; adds a "1-2" entry with its own fill.
    lang : {"ja", "en"}
        Label language: ``"10〜19件"`` / ``"10-19"``, ``"50件以上"`` / ``"50+"``.

    Returns
    -------
    list of (str, str)
        ``(hex colour, label)`` pairs, lightest meaning first: ``0``, then ``1-2`` (public
        view), then ``x（秘匿）`` / ``x (hidden)`` (suppressed output), then each colour
        class. The public entries are listed even when no area has them, so the legend
        states the rule on every view.
    """
    unit = _word("unit", lang)
    entries = [(ZERO_FILL, f"0{unit}")]
    suppressed = _is_suppressed(counts)
    public_view = public_view or suppressed
    if public_view:
        entries.append((SUPPRESSED_FILL, _word("range", lang).format(lo=1, hi=SUPPRESS_MAX)))
    if suppressed:
        entries.append((HIDDEN_FILL, t("privacy.marker.hidden", lang)))
        counts = _public_values(counts)
    breaks = class_breaks(counts, public_view)
    colours = class_colours(len(breaks))
    for i, (lo, colour) in enumerate(zip(breaks, colours)):
        if i == len(breaks) - 1:
            label = _word("plus", lang).format(lo=f"{lo:,}")
        elif breaks[i + 1] - 1 == lo:
            label = _word("single", lang).format(lo=f"{lo:,}")
        else:
            label = _word("range", lang).format(lo=f"{lo:,}", hi=f"{breaks[i + 1] - 1:,}")
        entries.append((colour, label))
    return entries


# --------------------------------------------------------------------------- the map

def polygon_rows(geojson: dict) -> list[dict]:
    """One row per polygon part of a FeatureCollection, for a deck.gl ``PolygonLayer``.

    Each row holds the feature's properties, ``polygon`` (outer ring then holes, WGS84
    ``[lon, lat]`` degrees) and ``part`` (0 for the first part of a multipolygon, 1, ...),
    so a multipolygon area gives several rows that share its name and count.
    """
    rows = []
    for feature in geojson["features"]:
        geom = feature["geometry"]
        if geom["type"] == "Polygon":
            parts = [geom["coordinates"]]
        elif geom["type"] == "MultiPolygon":
            parts = geom["coordinates"]
        else:
            continue  # points and lines have no area to fill
        for i, rings in enumerate(parts):
            rows.append({**feature["properties"], "polygon": rings, "part": i})
    return rows


class CompactDeck(pdk.Deck):
    """A ``pydeck.Deck`` whose ``to_json`` has no indentation.

    pydeck pretty-prints with ``indent=2``, which puts every coordinate on its own deeply
    indented line: the 314-town map was 714 KB that way against about 150 KB compact.
    ``st.pydeck_chart`` sends ``to_json()`` to the browser on every rerun, so this matters.
    Everything else is pydeck's own serialisation.
    """

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def _fit_view(bounds: tuple[float, float, float, float], width_px: int = 800, height_px: int = 500,
              padding_px: int = 20) -> dict:
    """Centre and Web-Mercator zoom that fit lon/lat ``bounds`` (degrees) in a viewport.

    deck.gl's world is 512 px wide at zoom 0. The viewport is the main column of a wide
    Streamlit page at ``st.pydeck_chart``'s default 500 px height; the user can zoom.
    """
    min_lon, min_lat, max_lon, max_lat = bounds

    def merc_y(lat):
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max((max_lon - min_lon) / 360, 1e-9)
    span_y = max((merc_y(max_lat) - merc_y(min_lat)) / (2 * math.pi), 1e-9)
    zoom = min(math.log2((width_px - 2 * padding_px) / (512 * span_x)),
               math.log2((height_px - 2 * padding_px) / (512 * span_y)))
    centre_y = (merc_y(min_lat) + merc_y(max_lat)) / 2
    return {
        "latitude": round(math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2), 5),
        "longitude": round((min_lon + max_lon) / 2, 5),
        "zoom": round(min(zoom, 16.0), 2),
    }


def choropleth(
    areas: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    name_col: str,
    boundary_wkt: str,
    lang: str = "ja",
    public_view: bool = False,
    label_col: str | None = None,
    tooltip_title: str = "",
) -> pdk.Deck:
    """An offline choropleth of incident counts by area, as a pydeck Deck.

    Layers, bottom to top:

    Both are ``PolygonLayer`` s whose rows come from :func:`polygon_rows` (one per
    polygon part; the tooltip reads the row's ``label`` and ``count_label``).

    1. ``areas``: every area filled by its count: a very light neutral for 0; in the
       public view a mid grey for the suppressed counts 1-2; otherwise one of up to five
       classes of a sequential colour-blind-safe ramp (ColorBrewer YlGnBu, light = few,
       dark = many). Class breaks are quintiles of the coloured counts snapped to nice
       numbers (see :func:`class_breaks`). Thin white edges separate the areas; the
       suppressed 1-2 areas get a thick dark outline instead (deck.gl cannot hatch a
       fill), and come last so no neighbour's edge covers it. With
       :mod:`bohan.privacy` output, hidden areas ("x") get :data:`HIDDEN_FILL` and the same
       outline. Hovering shows the area's name and its count as text (``count_text``:
       "12件", "1〜2件", "x（秘匿：…）").
    2. ``boundary``: the city boundary outline, the map's own base in place of tiles.

    Parameters
    ----------
    areas : pandas.DataFrame
        ``name_col`` and ``geometry_wkt`` (WGS84 lon/lat degrees), plus ``label_col`` if
        given.
    counts : pandas.DataFrame
        ``name_col`` and ``n`` (incident count). Areas without a row get 0; rows naming no
        area (e.g. a missing town) are not drawn but do take part in the class breaks, so
        :func:`legend` of the same ``counts["n"]`` always matches. Or the output of
        :func:`bohan.privacy.suppress` (towns) or :func:`bohan.privacy.totals` (police
        boxes): ``name_col``, ``status``, ``shown``, ``shown_value``. Then the map is the
        public view whatever ``public_view`` says: hidden areas ("x") get their own fill
        (:data:`HIDDEN_FILL`) and the thick outline of the 1-2 areas, colour classes come
        from the shown counts only, and each row's ``n`` is the shown count or null, so no
        suppressed count reaches the browser.
    name_col : str
        The column joining ``areas`` and ``counts`` (``town`` or ``koban``).
    boundary_wkt : str
        The city boundary, WKT in WGS84 degrees; also sets the initial view.
    lang : {"ja", "en"}
        Language of the tooltip (``件`` after counts in Japanese).
    public_view : bool
        Suppress counts of 1-2 (tooltip "1-2", their own fill and outline; their ``n`` is
        null in the Deck). This alone is primary suppression only: a total shown beside
        the map may still reveal them; pass :func:`bohan.privacy.suppress` output for the
        full rule.
    label_col : str, optional
        Column of ``areas`` with display names (e.g. translated police-box names);
        ``name_col`` when omitted.
    tooltip_title : str
        Words before the count in the tooltip, e.g. ``"認知件数"``.

    Returns
    -------
    pydeck.Deck
        With ``map_provider=None`` (no basemap, no outside request), pitch 0 and the view
        fitted to the boundary (Tomakomai: about lat 42.68, lon 141.58, zoom 10.1).
    """
    if name_col not in counts.columns or ("n" not in counts.columns and not _is_suppressed(counts)):
        raise KeyError(f"counts need {name_col!r} and 'n' columns (or privacy.suppress output)")
    if counts[name_col].dropna().duplicated().any():
        raise ValueError(f"counts has more than one row for some {name_col!r}")
    label_col = label_col or name_col
    keep = list(dict.fromkeys([name_col, label_col, "geometry_wkt"]))
    unit = _word("unit", lang)
    if _is_suppressed(counts):
        merged, fills = _suppressed_rows(areas[keep], counts, name_col, lang)
    else:
        merged = areas[keep].merge(counts[[name_col, "n"]].dropna(subset=[name_col]), on=name_col, how="left")
        merged["n"] = pd.to_numeric(merged["n"], errors="coerce").fillna(0).astype("int64")
        if (merged["n"] < 0).any():
            raise ValueError("counts cannot be negative")
        breaks = class_breaks(counts["n"], public_view)
        colours = class_colours(len(breaks))
        fills = [_fill_for(n, breaks, colours, public_view) for n in merged["n"]]
        labels = [count_label(n, public_view) for n in merged["n"]]
        small = [f == SUPPRESSED_FILL for f in fills]
        merged = merged.assign(
            count_label=labels,
            count_text=[_word("range", lang).format(lo=1, hi=SUPPRESS_MAX) if s else f"{lab}{unit}"
                        for s, lab in zip(small, labels)],
            # a suppressed count stays on the server: the browser gets null
            n=[None if s else int(n) for s, n in zip(small, merged["n"])],
        )
    suppressed = [f in (SUPPRESSED_FILL, HIDDEN_FILL) for f in fills]
    merged = merged.assign(
        label=[html.escape(str(v)) for v in merged[label_col]],
        fill=[_rgba(f) for f in fills],
        line=[_rgba(SUPPRESSED_LINE) if s else _rgba(AREA_LINE, 220) for s in suppressed],
        line_w=[SUPPRESSED_LINE_M if s else 1.0 for s in suppressed],
        _last=suppressed,
    )
    # deck.gl draws all fills, then all outlines in feature order: putting the suppressed
    # areas last keeps their thick outline from being half covered by a neighbour's edge.
    merged = merged.sort_values("_last", kind="stable").drop(columns="_last")
    props = [name_col, "label", "n", "count_label", "count_text", "fill", "line", "line_w", "geometry_wkt"]
    rows = polygon_rows(areas_geojson(merged[list(dict.fromkeys(props))], name_col))
    boundary = areas_geojson(pd.DataFrame({"name": ["boundary"], "geometry_wkt": [boundary_wkt]}), "name")

    # Line widths are in metres, clamped to pixels by min/max: in headless Chromium
    # (software WebGL, as in the browser tests) ``lineWidthUnits="pixels"`` and
    # GeoJsonLayer/PathLayer outlines painted their colour over the whole canvas, while a
    # PolygonLayer with metre widths and ``lineWidthMinPixels`` drew correctly.
    # Edges: 1 m, so always the 1 px minimum; suppressed outlines: wide enough to reach the
    # 2 px maximum at city zoom (3 px made the 1-2 towns outweigh the high counts).
    layers = [
        pdk.Layer(
            "PolygonLayer", rows, id="areas",
            get_polygon="polygon", filled=True, stroked=True, pickable=True, auto_highlight=True,
            get_fill_color="fill", get_line_color="line", get_line_width="line_w",
            line_width_min_pixels=1, line_width_max_pixels=2, highlight_color=[255, 140, 0, 160],
        ),
        pdk.Layer(
            "PolygonLayer", polygon_rows(boundary), id="boundary",
            get_polygon="polygon", filled=False, stroked=True, pickable=False,
            get_line_color=_rgba(BOUNDARY_LINE), get_line_width=SUPPRESSED_LINE_M,
            line_width_min_pixels=2, line_width_max_pixels=2.5,
        ),
    ]

    geom = shapely.from_wkt(boundary_wkt) if boundary_wkt else None
    view = _fit_view(geom.bounds) if geom is not None and not geom.is_empty else dict(_TOMAKOMAI_VIEW)
    title = f"{html.escape(tooltip_title)}{_word('title_sep', lang)}" if tooltip_title else ""
    tooltip = {
        "html": f"<b>{{label}}</b><br/>{title}{{count_text}}",
        "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px",
                  "border": "1px solid #999999"},
    }
    return CompactDeck(
        layers=layers,
        initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
        map_provider=None,
        tooltip=tooltip,
    )


def _suppressed_rows(areas: pd.DataFrame, suppressed: pd.DataFrame, name_col: str,
                     lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Areas joined to :mod:`bohan.privacy` labels, and the fill of each (public view)."""
    cols = [name_col, "status", "shown", "shown_value"]
    merged = areas.merge(suppressed[cols].dropna(subset=[name_col]), on=name_col, how="left")
    # an area the table does not list has no incidents in it, as with raw counts
    merged["status"] = merged["status"].fillna("zero")
    merged["shown"] = merged["shown"].fillna("0")
    merged.loc[merged["status"] == "zero", "shown_value"] = 0.0
    breaks = class_breaks(_public_values(suppressed), public_view=True)
    colours = class_colours(len(breaks))
    unit = _word("unit", lang)

    def fill(status: str, value: float) -> str:
        if status == "zero":
            return ZERO_FILL
        if status == "small":
            return SUPPRESSED_FILL
        if status == "hidden":
            return HIDDEN_FILL
        return _fill_for(int(value), breaks, colours, public_view=True)

    def text(status: str, shown: str) -> str:
        if status == "small":
            return _word("range", lang).format(lo=1, hi=SUPPRESS_MAX)
        if status == "hidden":
            return t("privacy.tooltip.hidden", lang)
        return f"{shown}{unit}"

    fills = [fill(s, v) for s, v in zip(merged["status"], merged["shown_value"])]
    merged = merged.assign(
        n=[int(v) if s in ("zero", "shown") else None for s, v in zip(merged["status"], merged["shown_value"])],
        count_label=merged["shown"],
        count_text=[text(s, lab) for s, lab in zip(merged["status"], merged["shown"])],
    ).drop(columns=["status", "shown", "shown_value"])
    return merged, fills


def deck_json_size(deck: pdk.Deck) -> int:
    """Size in bytes (UTF-8) of the Deck's JSON as Streamlit sends it to the browser."""
    return len(deck.to_json().encode("utf-8"))


__all__ = [
    "RAMP", "ZERO_FILL", "SUPPRESSED_FILL", "HIDDEN_FILL", "areas_geojson", "count_label", "class_breaks",
    "class_colours", "legend", "polygon_rows", "choropleth", "deck_json_size",
]


# --- the coverage and hotspot map (pages/2_map.py) ---------------------------------------
# Colours: Okabe-Ito (colour-blind-safe). Route classes follow the coverage module's names.
# "neither" is drawn dark: a stretch with no camera and no working light is the dark one.
ROUTE_COLOURS = {"both": "#009E73", "camera": "#0072B2", "lit": "#E69F00", "neither": "#333333"}
HOT_COLOURS = {"hot": "#D55E00", "cold": "#0072B2"}
CAMERA_FILL, SCHOOL_FILL, PARK_FILL = "#0072B2", "#CC79A7", "#009E73"
LIGHT_FILL = {"lit": "#F0E442", "out": "#D55E00"}
# The opt-in GSI basemaps: MapLibre styles served by the app itself (static/, Streamlit's
# static serving) that point at GSI's raster tiles. Only chosen, they make the browser
# reach cyberjapandata.gsi.go.jp; the default map makes no outside request.
GSI_TILES = {"pale": "app/static/gsi-pale.json", "std": "app/static/gsi-std.json"}
GSI_ATTRIBUTION = "<a href='https://maps.gsi.go.jp/development/ichiran.html'>地理院タイル</a>"
#: Map layers a user can switch, in drawing order (bottom to top).
LAYERS = ("koban_areas", "towns", "parks", "incidents", "hotspots", "routes", "lights", "cameras", "schools")
# Routes, working lights and the detailed town polygons are not pickable: with any of them
# pickable, Streamlit's map selection (on_select) came back empty for every click, cameras
# included (Chromium, Streamlit 1.67; small layers of the same types selected fine, 8,000
# lights or the 314 detailed town polygons did not; cf. streamlit/streamlit#10742). Towns
# are clicked through a coarse, nearly transparent copy; route figures are in the tables.
# ScatterplotLayer painted its colour over the whole canvas in headless Chromium's software
# WebGL (the browser tests, and city-hall PCs without a GPU may render the same way);
# ColumnLayer disks (extruded=False, radius in metres), PathLayer, PolygonLayer and
# H3HexagonLayer drew correctly, so points are drawn as flat ColumnLayer disks.


def _slim(df: pd.DataFrame) -> list[dict]:
    """Only what a point layer draws and shows: position, fill and tooltip (payload size)."""
    keep = [c for c in ("lon", "lat", "fill", "tip") if c in df.columns]
    return df[keep].round({"lon": 5, "lat": 5}).to_dict("records")


#: On-screen radius (CSS pixels) of the map's point marks, whatever the zoom. Drawn in metres
#: (cameras 12 m, schools 45 m, lights out 14 m, incidents 25 m, candidate sites 40 m) they were a fraction of a pixel at
#: the opening zoom (about 73 m a pixel), so only the one pixel a mark happened to cover picked it,
#: and deck.gl does not pick a click where it picked the hover: the hover at the ``mousemove``
#: position, which Chromium gives in whole pixels (968.57 -> 968), the click at the pointer's
#: position rounded (-> 969). With the pointer between pixels (a scaled display, an automated
#: browser) the tooltip named a camera and the click picked the town or hotspot under it; which
#: way it fell hung on where the map sat on the page (the public view's caption moves it 38.4 px).
#: Ranges (``camera_range``) stay in metres: their size is the figure.
MARK_RADIUS_PX = {"cameras": 5, "schools": 6, "lights_out": 4, "points": 3, "sites": 9}


def _disks(rows: list[dict], layer_id: str, radius_m: float, fill: list[int] | str = "fill",
           pickable: bool = True) -> pdk.Layer:
    """Flat disks of ``radius_m`` metres (an area to scale, e.g. a camera's range), or, for the
    point marks of :data:`MARK_RADIUS_PX`, of that many pixels on screen whatever the zoom."""
    layer = pdk.Layer("ColumnLayer", rows, id=layer_id, get_position=["lon", "lat"], radius=radius_m, disk_resolution=16,
                      extruded=False, get_fill_color=fill, pickable=pickable, auto_highlight=pickable)
    if layer_id in MARK_RADIUS_PX:  # set after: a string given to pdk.Layer() becomes an expression ("@@=pixels")
        layer.radius, layer.radius_units = MARK_RADIUS_PX[layer_id], "pixels"
    return layer


def tip_text(*parts: str) -> str:
    """Tooltip text: one part per line (a text tooltip, so nothing in it is read as HTML)."""
    return "\n".join(str(p) for p in parts if p not in (None, ""))


def area_rows(df: pd.DataFrame, name_col: str, **simplify) -> list[dict]:
    """:func:`polygon_rows` of ``df``'s ``name_col``, ``tip`` and ``geometry_wkt`` (one shared list
    per content: the map page's areas are the same from filter to filter; callers must not change it)."""
    return _area_rows(tuple(df[name_col]), tuple(df["tip"]), tuple(df["geometry_wkt"]), name_col,
                      tuple(sorted(simplify.items())))


@functools.lru_cache(maxsize=16)
def _area_rows(names: tuple, tips: tuple, wkts: tuple, name_col: str, simplify: tuple) -> list[dict]:
    frame = pd.DataFrame({name_col: list(names), "tip": list(tips), "geometry_wkt": list(wkts)})
    return polygon_rows(areas_geojson(frame, name_col, **dict(simplify)))


def atlas_deck(
    *,
    boundary_wkt: str,
    layers: set[str],
    koban_areas: pd.DataFrame | None = None,
    towns: pd.DataFrame | None = None,
    parks: pd.DataFrame | None = None,
    routes: list[dict] | None = None,
    cameras: pd.DataFrame | None = None,
    camera_radius_m: float = 30.0,
    lights: pd.DataFrame | None = None,
    schools: pd.DataFrame | None = None,
    cells: pd.DataFrame | None = None,
    hot: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    tiles: str | None = None,
) -> pdk.Deck:
    """The planners' map: base areas, school routes by coverage, cameras, lights, hotspots.

    Every row of every layer carries a ready-made ``tip`` for the tooltip and
    the fields the page shows when the object is clicked (plain text, one item per line). ``routes`` are dicts with ``path``
    (``[[lon, lat], ...]``), ``covered`` and ``tip``; ``cells`` has ``cell, n, tip``; ``hot``
    has ``cell, cls, tip``; point layers have ``lat, lon`` and ``tip``. ``tiles`` is an
    optional raster tile URL template (GSI 地理院タイル) drawn underneath: off by default, so
    the browser asks nothing of the internet.
    """
    deck_layers = []
    if "koban_areas" in layers and koban_areas is not None:
        rows = area_rows(koban_areas, "koban")
        deck_layers.append(pdk.Layer("PolygonLayer", rows, id="koban_areas", get_polygon="polygon", filled=True,
                                     get_fill_color=[0, 0, 0, 0], stroked=True, get_line_color=_rgba("#555555"),
                                     get_line_width=60, line_width_min_pixels=1.5, line_width_max_pixels=3, pickable=True))
    if "towns" in layers and towns is not None:
        rows = area_rows(towns, "town")
        deck_layers.append(pdk.Layer("PolygonLayer", rows, id="towns_base", get_polygon="polygon", filled=True,
                                     get_fill_color=[250, 250, 250, 255], stroked=True, get_line_color=_rgba("#bbbbbb"),
                                     get_line_width=1, line_width_min_pixels=1, line_width_max_pixels=1, pickable=False))
        # For clicks: the same towns simplified to about 100 m (a few vertices each), nearly
        # transparent, small enough for Streamlit's map selection (see above).
        coarse = area_rows(towns, "town", tolerance_deg=1e-3, decimals=4)
        pick_rows = [{"polygon": r["polygon"], "tip": r["tip"]} for r in coarse]
        # right above the drawn towns and below everything else, so a camera or a hexagon
        # on top is picked before the town under it
        deck_layers.append(pdk.Layer("PolygonLayer", pick_rows, id="towns", get_polygon="polygon", filled=True,
                                     get_fill_color=[255, 255, 255, 1], stroked=False, pickable=True))
    if "parks" in layers and parks is not None:
        rows = area_rows(parks, "park_id")
        deck_layers.append(pdk.Layer("PolygonLayer", rows, id="parks", get_polygon="polygon", filled=True,
                                     get_fill_color=_rgba(PARK_FILL, 120), stroked=False, pickable=True))
    if "incidents" in layers and cells is not None and len(cells):
        breaks = class_breaks(cells["n"], False)
        colours = class_colours(len(breaks))
        data = cells.assign(fill=[_rgba(_fill_for(int(n), breaks, colours, False), 200) for n in cells["n"]])
        data = data[["cell", "fill", "tip"]] if "tip" in data else data[["cell", "fill"]]
        deck_layers.append(pdk.Layer("H3HexagonLayer", data.to_dict("records"), id="incidents", get_hexagon="cell",
                                     get_fill_color="fill", extruded=False, stroked=False, pickable=True))
    if "incidents" in layers and points is not None and len(points):
        deck_layers.append(_disks(_slim(points), "points", 25, _rgba("#333333", 200)))
    if "hotspots" in layers and hot is not None and len(hot):
        data = hot[hot["cls"] != "ns"].assign(fill=lambda d: [_rgba(HOT_COLOURS[c], 170) for c in d["cls"]])
        data = data[[c for c in ("cell", "fill", "tip") if c in data.columns]]
        deck_layers.append(pdk.Layer("H3HexagonLayer", data.to_dict("records"), id="hotspots", get_hexagon="cell",
                                     get_fill_color="fill", extruded=False, stroked=True, get_line_color=[80, 80, 80],
                                     line_width_min_pixels=1, pickable=True))
    if "routes" in layers and routes:
        # no tooltip: routes are not pickable (see above); path and colour only keep it small
        data = [{"path": r["path"], "color": _rgba(ROUTE_COLOURS[r["covered"]])} for r in routes]
        deck_layers.append(pdk.Layer("PathLayer", data, id="routes", get_path="path", get_color="color", get_width=10,
                                     width_units="meters", width_min_pixels=1.5, width_max_pixels=6, pickable=False,
                                     cap_rounded=True, joint_rounded=True))
    if "lights" in layers and lights is not None and len(lights):
        data = lights.assign(fill=[_rgba(LIGHT_FILL.get(s, "#999999"), 230) for s in lights["status"]])
        lit, out = data[data["status"] != "out"], data[data["status"] == "out"]
        # thousands of working lights: position only, one colour for the layer (payload size)
        deck_layers.append(_disks(lit[["lon", "lat"]].round(5).to_dict("records"), "lights", 6,
                                  _rgba(LIGHT_FILL["lit"], 230), pickable=False))
        deck_layers.append(_disks(_slim(out), "lights_out", 14))
    if "cameras" in layers and cameras is not None and len(cameras):
        rows = _slim(cameras)
        deck_layers.append(_disks(rows, "camera_range", camera_radius_m, _rgba(CAMERA_FILL, 60)))
        deck_layers.append(_disks(rows, "cameras", 12, _rgba(CAMERA_FILL, 255)))
    if "schools" in layers and schools is not None and len(schools):
        deck_layers.append(_disks(_slim(schools), "schools", 45, _rgba(SCHOOL_FILL, 255)))
    boundary = areas_geojson(pd.DataFrame({"name": ["boundary"], "geometry_wkt": [boundary_wkt]}), "name")
    deck_layers.append(pdk.Layer("PolygonLayer", polygon_rows(boundary), id="boundary", get_polygon="polygon",
                                 filled=False, stroked=True, pickable=False, get_line_color=_rgba(BOUNDARY_LINE),
                                 get_line_width=SUPPRESSED_LINE_M, line_width_min_pixels=2, line_width_max_pixels=2.5))
    geom = shapely.from_wkt(boundary_wkt)
    if routes:  # open on the built-up area the routes cover, not the forests to the north
        xs = [x for r in routes for x, _ in r["path"]]
        ys = [y for r in routes for _, y in r["path"]]
        view = _fit_view((min(xs), min(ys), max(xs), max(ys)), height_px=600)
    else:
        view = _fit_view(geom.bounds, height_px=600)
    tooltip = {"text": "{tip}", "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px",
                                          "border": "1px solid #999999", "whiteSpace": "pre-line"}}
    if tiles:  # opt-in basemap: a MapLibre style (see GSI_TILES) under the layers, online only
        return CompactDeck(layers=deck_layers, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                           map_provider="carto", map_style=tiles, tooltip=tooltip)
    return CompactDeck(layers=deck_layers, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                       map_provider=None, tooltip=tooltip)


def route_paths(pieces_wgs84_geojson: dict, labels: dict[str, str]) -> list[dict]:
    """PathLayer rows from coverage pieces (a WGS84 FeatureCollection), one per merged run.

    Touching pieces of the same class are merged into one path first (``line_merge``), which
    keeps the map's payload small; each path's tooltip names its class and length.
    """
    from pyproj import Geod

    geod = Geod(ellps="GRS80")
    by_class: dict[str, list] = {}
    for feature in pieces_wgs84_geojson["features"]:
        by_class.setdefault(feature["properties"]["covered"], []).append(shapely.geometry.shape(feature["geometry"]))
    rows = []
    for covered, geoms in by_class.items():
        merged = shapely.line_merge(shapely.union_all(geoms))
        for line in shapely.get_parts(merged):
            coords = [[round(x, 5), round(y, 5)] for x, y in line.coords]
            length = geod.geometry_length(line)
            rows.append({"path": coords, "covered": covered, "tip": tip_text(labels[covered], f"{length:,.0f} m")})
    return rows


#: Colours of the siting map (Okabe-Ito): school route already watched (blue), newly watched
#: (bluish green), not watched (grey); recommended sites (vermillion), candidates (dark grey).
WATCH_COLOURS = {"before": "#0072B2", "added": "#009E73", "none": "#BBBBBB"}
SITE_FILL, CANDIDATE_FILL = "#D55E00", "#777777"


def siting_deck(
    *,
    boundary_wkt: str,
    routes: list[dict],
    cameras: pd.DataFrame,
    candidates: pd.DataFrame,
    sites: pd.DataFrame,
    schools: pd.DataFrame,
    radius_m: float,
) -> pdk.Deck:
    """The siting planner's map (offline: no basemap).

    ``routes``: rows of :func:`route_paths` with ``covered`` in ``WATCH_COLOURS``; ``cameras``
    (existing), ``candidates`` (not pickable: thousands), ``sites`` (the recommended ones,
    with ``rank`` and ``tip``: pickable, numbered) and ``schools`` have ``lat``, ``lon``.
    """
    layers = []
    data = [{"path": r["path"], "color": _rgba(WATCH_COLOURS[r["covered"]])} for r in routes]
    layers.append(pdk.Layer("PathLayer", data, id="routes", get_path="path", get_color="color", get_width=10,
                            width_units="meters", width_min_pixels=1.5, width_max_pixels=6, pickable=False,
                            cap_rounded=True, joint_rounded=True))
    if len(candidates):
        layers.append(_disks(candidates[["lon", "lat"]].round(5).to_dict("records"), "candidates", 5,
                             _rgba(CANDIDATE_FILL, 160), pickable=False))
    if len(schools):
        layers.append(_disks(_slim(schools), "schools", 45, _rgba(SCHOOL_FILL, 255)))
    if len(cameras):
        rows = _slim(cameras)
        layers.append(_disks(rows, "camera_range", radius_m, _rgba(CAMERA_FILL, 60), pickable=False))
        layers.append(_disks(rows, "cameras", 12, _rgba(CAMERA_FILL, 255)))
    if len(sites):
        rows = sites[["lon", "lat", "tip", "rank", "site_id"]].round({"lon": 5, "lat": 5}).to_dict("records")
        layers.append(_disks(rows, "site_range", radius_m, _rgba(SITE_FILL, 70), pickable=False))
        layers.append(_disks(rows, "sites", 40, _rgba(SITE_FILL, 255)))
        # rank numbers in pixels (readable at any zoom): dark text with a white halo, above the disk
        labels = [{"lon": r["lon"], "lat": r["lat"], "text": str(int(r["rank"]))} for r in rows]
        layers.append(pdk.Layer("TextLayer", labels, id="site_labels", get_position=["lon", "lat"], get_text="text",
                                get_size=18, get_color=_rgba("#000000"), font_weight=700, pickable=False,
                                font_settings={"sdf": True}, outline_width=4, outline_color=[255, 255, 255, 255],
                                get_pixel_offset=[0, -16], get_text_anchor="'middle'",
                                get_alignment_baseline="'bottom'"))
    boundary = areas_geojson(pd.DataFrame({"name": ["boundary"], "geometry_wkt": [boundary_wkt]}), "name")
    layers.append(pdk.Layer("PolygonLayer", polygon_rows(boundary), id="boundary", get_polygon="polygon",
                            filled=False, stroked=True, pickable=False, get_line_color=_rgba(BOUNDARY_LINE),
                            get_line_width=SUPPRESSED_LINE_M, line_width_min_pixels=2, line_width_max_pixels=2.5))
    points = pd.concat([d[["lon", "lat"]] for d in (sites, cameras) if len(d)])
    if len(points):  # open on the sites and cameras (the built-up area), with a margin
        pad_lon = max(0.01, 0.1 * (points["lon"].max() - points["lon"].min()))
        pad_lat = max(0.01, 0.1 * (points["lat"].max() - points["lat"].min()))
        view = _fit_view((points["lon"].min() - pad_lon, points["lat"].min() - pad_lat,
                          points["lon"].max() + pad_lon, points["lat"].max() + pad_lat), height_px=600)
    else:
        view = _fit_view(shapely.from_wkt(boundary_wkt).bounds, height_px=600)
    tooltip = {"text": "{tip}", "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px",
                                          "border": "1px solid #999999", "whiteSpace": "pre-line"}}
    return CompactDeck(layers=layers, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0),
                       map_provider=None, tooltip=tooltip)
