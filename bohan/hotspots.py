"""Where do incidents cluster? Getis-Ord Gi* hotspots on H3 hexagons, and concentration.

The flow for one filter:

1. Counts per H3 cell: ``cells_from_points(lat, lon)`` (Python, on lat/lon pulled from DuckDB),
   or straight from SQL if the build stores a cell id per incident (see *SQL alternative*).
2. ``gi_star(cells)``: the study area (cells with incidents, their ``k_ring`` neighbours, and
   optionally every cell of the city), Gi* with a permutation test, then a false-discovery-rate
   cut-off, giving each cell ``'hot'``, ``'cold'`` or ``'ns'`` (not significant).
3. ``concentration(cells)``: the share of incidents in the busiest 5 % of the area.

Why H3 resolution 9 by default: a res-9 hexagon covers about 0.105 km² (average edge about
200 m in h3 4.x; h3 3.x tables listed 174 m), roughly one or two urban blocks. Tomakomai's
built-up area is a strip about 20 km long and 3-5 km deep, so res 9 gives a few thousand
cells there: fine enough to separate a station front from the next block, coarse enough that a
year of one offence type still puts several incidents in the busy cells. Res 8 (0.74 km², edge
530 m) merges a whole neighbourhood; res 10 (0.015 km², edge 76 m) leaves most cells at 0 or 1
incident, where Gi* has little to work with.

SQL alternative: DuckDB's ``h3`` community extension (``INSTALL h3 FROM community``) computes
``h3_latlng_to_cell`` in SQL, but it has to be downloaded, which the offline app cannot do. So
either lat/lon is pulled (bounded: only the filtered rows' two columns) and binned here, or the
build computes the cell id once per incident with this module's ``h3`` package and stores it
as a column, so that page SQL is a plain ``GROUP BY h3_r9``. Coarser cells need no extra
column: an H3 parent is a bit operation on the 64-bit id (see ``parent_sql``).

Coordinates are WGS84 degrees (EPSG:4326) throughout; H3 works on the sphere, so no
projection is needed.

esda and libpysal take seconds to import: they are imported inside ``gi_star`` only.
"""
from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from typing import Iterable, Literal

import h3
import numpy as np
import pandas as pd

from bohan.i18n import Lang, t

Cls = Literal["hot", "cold", "ns"]

DEFAULT_RESOLUTION = 9
MIN_RESOLUTION = 6
MAX_RESOLUTION = 10
#: Fewer study-area cells than this and a local statistic has no meaningful reference.
MIN_CELLS = 10
DEFAULT_ALPHA = 0.05
#: Not 999: see ``gi_star`` (with FDR, 999 cannot flag a cluster smaller than ~2 % of the area).
DEFAULT_PERMUTATIONS = 99_999
DEFAULT_SEED = 20250301
DEFAULT_K_RING = 1

# ---------------------------------------------------------------------------------------------
# Resolution
# ---------------------------------------------------------------------------------------------
def resolution_for_zoom(zoom: float) -> int:
    """The H3 resolution whose hexagons read well at a web-map zoom level.

    One zoom step halves the ground size of a pixel; one H3 resolution step divides the
    hexagon edge by sqrt(7) (about 1.4 zoom steps). Anchored at zoom 13 -> res 9 (a 200 m edge
    is about 14 px at Tomakomai's latitude), so zoom 10 -> 7, zoom 15 -> 10.

    Parameters
    ----------
    zoom : float
        deck.gl / web-mercator zoom level.

    Returns
    -------
    int
        Resolution in ``MIN_RESOLUTION .. MAX_RESOLUTION`` (6-10); a missing or non-finite zoom
        gives ``DEFAULT_RESOLUTION``.
    """
    try:
        zoom = float(zoom)
    except (TypeError, ValueError):
        return DEFAULT_RESOLUTION
    if not math.isfinite(zoom):
        return DEFAULT_RESOLUTION
    res = DEFAULT_RESOLUTION + (zoom - 13.0) / math.log2(math.sqrt(7.0))
    return int(min(MAX_RESOLUTION, max(MIN_RESOLUTION, math.floor(res + 0.5))))


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------
def cells_from_points(lat, lon, resolution: int = DEFAULT_RESOLUTION) -> pd.DataFrame:
    """Count points per H3 cell.

    Parameters
    ----------
    lat, lon : array-like of float
        WGS84 degrees, same length. Rows where either is missing or not finite are skipped
        (incidents without a geocode).
    resolution : int, default 9
        H3 resolution (0-15).

    Returns
    -------
    pandas.DataFrame
        Columns ``cell`` (H3 id, 15-character hex string) and ``n`` (int64, >= 1), one row per
        non-empty cell, sorted by ``cell``. Empty input gives an empty frame with those columns.

    Notes
    -----
    About 1.5 µs per point (200 k points in about 0.3 s). With a stored ``h3_r9`` column the
    same table is ``SELECT h3_r9 AS cell, count(*) AS n ... GROUP BY ALL`` in DuckDB.
    """
    lat = np.asarray(lat, dtype=float).ravel()
    lon = np.asarray(lon, dtype=float).ravel()
    if lat.shape != lon.shape:
        raise ValueError(f"lat and lon differ in length: {lat.size} != {lon.size}")
    ok = np.isfinite(lat) & np.isfinite(lon)
    to_cell = h3.latlng_to_cell
    ids = [to_cell(a, b, resolution) for a, b in zip(lat[ok].tolist(), lon[ok].tolist())]
    if not ids:
        return pd.DataFrame({"cell": pd.Series([], dtype=str), "n": pd.Series([], dtype="int64")})
    cell, n = np.unique(np.asarray(ids, dtype=object), return_counts=True)
    return pd.DataFrame({"cell": cell.astype(str), "n": n.astype("int64")})


def cells_in_area(geometry, resolution: int = DEFAULT_RESOLUTION) -> list[str]:
    """Every H3 cell whose centre lies inside a polygon, e.g. the city boundary.

    Parameters
    ----------
    geometry : shapely Polygon or MultiPolygon, or any ``__geo_interface__`` object
        In WGS84 degrees (EPSG:4326) — reproject an EPSG:6680 boundary first.
    resolution : int, default 9

    Returns
    -------
    list of str
        Sorted H3 ids. Tomakomai (about 561 km²) is about 5,300 cells at res 9.
    """
    return sorted(h3.geo_to_cells(geometry, resolution))


def parent_sql(column: str, resolution: int) -> str:
    """A DuckDB expression for the H3 parent of a ``UBIGINT`` cell id column, no extension.

    An H3 id keeps its resolution in bits 52-55 and one 3-bit digit per resolution below it;
    the parent at ``resolution`` sets those bits and fills the finer digits with 7 (unused).

    Parameters
    ----------
    column : str
        A column name from a fixed list in code (never user input).
    resolution : int
        Target resolution, 0-15, not finer than the column's.

    Returns
    -------
    str
        SQL such as ``((h3_r10 & ~(15::UBIGINT << 52)) | ...)``.
    """
    if not column.isidentifier():
        raise ValueError(f"not a plain column name: {column!r}")
    r = int(resolution)
    if not 0 <= r <= 15:
        raise ValueError(f"H3 resolution must be 0-15, got {resolution}")
    unused = (1 << (3 * (15 - r))) - 1
    return (
        f"(({column} & ~(15::UBIGINT << 52)) | ({r}::UBIGINT << 52) | {unused}::UBIGINT)"
    )


@functools.lru_cache(maxsize=100_000)  # a city's cells recur from filter to filter: made once, shared
def boundary(cell: str) -> tuple[tuple[float, float], ...]:
    """The hexagon outline of ``cell`` as ``((lon, lat), ...)`` (WGS84, open ring) for pydeck."""
    return tuple((lng, lat) for lat, lng in h3.cell_to_boundary(cell))


@functools.lru_cache(maxsize=8)
def _h3_graph(ids: tuple[str, ...], k_ring: int):
    """Binary H3 contiguity of the study area (the same city cells from filter to filter)."""
    from libpysal.graph import Graph

    return Graph.build_h3(list(ids), order=k_ring, weight="binary")


# ---------------------------------------------------------------------------------------------
# Gi*
# ---------------------------------------------------------------------------------------------
@dataclass
class HotspotResult:
    """Gi* hotspots for one filter, with the parameters that produced them.

    Attributes
    ----------
    cells : pandas.DataFrame
        One row per study-area cell: ``cell`` (H3 id), ``n`` (incidents, 0 for padding
        cells), ``z`` (Gi* z-score, ``Zs``; NaN when not testable), ``p`` (one-sided
        permutation p-value in the direction of ``z``; NaN when not testable), ``cls`` ('hot' | 'cold' |
        'ns') and ``boundary`` (``((lon, lat), ...)``, WGS84; shared between results: not to be changed).
    resolution, k_ring, alpha, permutations, seed
        The parameters used.
    fdr_cutoff : float
        p-values at or below this are significant (``esda.fdr``); NaN when not testable.
    testable : bool
        False when no test was possible; then every cell is 'ns' and ``reason`` says why.
    reason : str or None
        'empty' | 'too_few_cells' | 'no_variation', or None.
    """

    cells: pd.DataFrame
    resolution: int
    k_ring: int
    alpha: float
    permutations: int
    seed: int
    fdr_cutoff: float = float("nan")
    testable: bool = True
    reason: str | None = None
    n_incidents: int = 0

    @property
    def n_cells(self) -> int:
        """Cells in the study area."""
        return len(self.cells)

    @property
    def n_hot(self) -> int:
        """Cells classed 'hot'."""
        return int((self.cells["cls"] == "hot").sum())

    @property
    def n_cold(self) -> int:
        """Cells classed 'cold'."""
        return int((self.cells["cls"] == "cold").sum())

    def params(self) -> dict:
        """The parameters and outcome as a flat dict (for a method note or a download)."""
        return {
            "resolution": self.resolution, "k_ring": self.k_ring, "alpha": self.alpha,
            "permutations": self.permutations, "seed": self.seed, "fdr_cutoff": self.fdr_cutoff,
            "testable": self.testable, "reason": self.reason, "n_cells": self.n_cells,
            "n_incidents": self.n_incidents, "n_hot": self.n_hot, "n_cold": self.n_cold,
        }

    def describe(self, lang: Lang = "ja") -> str:
        """What was computed, in plain words, in Japanese (``'ja'``) or English (``'en'``)."""
        alpha_pct = f"{self.alpha * 100:g}"
        lines = [t("hotspots.method", lang, resolution=self.resolution, k_ring=self.k_ring,
                    permutations=f"{self.permutations:,}", alpha_pct=alpha_pct)]
        area_km2 = self.n_cells * h3.average_hexagon_area(self.resolution, "km^2")
        lines.append(t("hotspots.area", lang, n_cells=f"{self.n_cells:,}",
                        area_km2=f"{area_km2:,.1f}", n_incidents=f"{self.n_incidents:,}"))
        if not self.testable:
            reason = t(f"hotspots.reason.{self.reason}", lang, n_cells=self.n_cells,
                        min_cells=MIN_CELLS)
            lines.append(t("hotspots.not_testable", lang, reason=reason))
        else:
            lines.append(t("hotspots.result", lang, n_hot=self.n_hot, n_cold=self.n_cold,
                            cutoff=f"{self.fdr_cutoff:.4g}"))
            lines.append(t("hotspots.meaning", lang))
        return "\n".join(lines)


def _study_area(cells: pd.DataFrame, k_ring: int, area_cells: Iterable[str] | None) -> pd.DataFrame:
    """Counts on every study-area cell: incident cells, their k-ring, and ``area_cells``."""
    ids: set[str] = set(cells["cell"])
    for c in cells["cell"]:
        ids.update(h3.grid_disk(c, k_ring))
    if area_cells is not None:
        ids.update(str(c) for c in area_cells)
    # A cell none of whose neighbours is in the study area (a harbour sliver of the city
    # boundary) has no neighbourhood to compare; libpysal's Graph also leaves such an
    # isolate out of ``unique_ids`` while keeping it in ``sparse``, which breaks alignment.
    ids = {c for c in ids if any(nb in ids for nb in h3.grid_disk(c, k_ring) if nb != c)}
    cell = pd.Series(sorted(ids), dtype=str)
    n = cell.map(cells.set_index("cell")["n"]).fillna(0).astype("int64")
    return pd.DataFrame({"cell": cell, "n": n})


def _clean_cells(cells: pd.DataFrame | None) -> pd.DataFrame:
    if cells is None or len(cells) == 0:
        return pd.DataFrame({"cell": pd.Series([], dtype=str), "n": pd.Series([], dtype="int64")})
    missing = {"cell", "n"} - set(cells.columns)
    if missing:
        raise ValueError(f"cells needs columns 'cell' and 'n'; missing {sorted(missing)}")
    df = cells[["cell", "n"]].dropna(subset=["cell"])
    df = df.assign(cell=df["cell"].astype(str), n=pd.to_numeric(df["n"]).fillna(0))
    df = df.groupby("cell", as_index=False, sort=True)["n"].sum()
    df["n"] = df["n"].astype("int64")
    return df


def _distinct_draws(rng: np.random.Generator, pool: int, k: int, rows: int) -> np.ndarray:
    """``rows`` x ``k`` positions in ``0 .. pool-1``, distinct within each row."""
    if pool <= 1000:  # small pool: shuffle keys, in chunks of rows to bound memory
        out = np.empty((rows, k), dtype=np.int64)
        step = max(1, 2_000_000 // pool)
        for start in range(0, rows, step):
            stop = min(rows, start + step)
            keys = rng.random((stop - start, pool))
            out[start:stop] = np.argpartition(keys, k - 1, axis=1)[:, :k] if k < pool else keys.argsort(axis=1)
        return out
    # large pool: draw with replacement, redraw the few rows with a repeat (< 17 % for k = 18)
    out = rng.integers(0, pool, size=(rows, k))
    while True:
        bad = np.flatnonzero((np.diff(np.sort(out, axis=1), axis=1) == 0).any(axis=1))
        if bad.size == 0:
            return out
        out[bad] = rng.integers(0, pool, size=(bad.size, k))


def _permutation_p(y: np.ndarray, adjacency, z: np.ndarray, permutations: int,
                   seed: int) -> np.ndarray:
    """One-sided conditional-permutation p-values of Gi* (binary weights, self included).

    Conditional randomisation as in esda: a cell keeps its own count and its k neighbours are
    replaced by k distinct counts drawn from the other N - 1 cells. With binary weights and a
    fixed total, a cell's Gi* orders exactly as its neighbours' sum, so integer sums are
    compared and ties are exact. The reference distribution depends on the cell only through
    (k, own count), so it is simulated once per distinct pair (a few dozen) rather than once
    per cell: 99,999 permutations cost about what 999 cost per cell in esda, and memory stays
    at ``permutations x k`` integers instead of esda's ``N x permutations`` floats.

    ``p = (#{simulated >= observed} + 1) / (permutations + 1)`` when ``z > 0``, with ``<=``
    when ``z < 0``, and 1 when ``z == 0``; ties count as "at least as extreme" (conservative).
    Not esda 2.9's ``p_sim``: its "directed" p counts ties as larger and then folds, so every
    cell whose whole neighbourhood is empty gets the smallest possible p,
    ``1 / (permutations + 1)`` — with sparse crime counts, every empty patch (sea, forest, the
    zero padding) would become a "cold spot".
    """
    n = len(y)
    adj = adjacency.tocsr()
    card = np.diff(adj.indptr)
    k_max = int(card.max()) if n else 0
    if permutations <= 0 or k_max == 0:
        return np.ones(n)
    observed = np.asarray(adj @ y).ravel().astype(np.int64)  # neighbours' sum, self excluded
    rng = np.random.default_rng(seed)
    draws = _distinct_draws(rng, n - 1, k_max, permutations)
    y_sorted = np.sort(y).astype(np.int64)
    # The pool without one occurrence of v (first at position s_v of y_sorted) holds at j the value
    # y_sorted[j + (j >= s_v)], so a draw's sum is its sum over y_sorted plus the steps
    # y_sorted[j + 1] - y_sorted[j] of its positions j >= s_v. Steps are non-zero only where the
    # sorted counts change value (a few dozen places): one sum per k, a small correction per v,
    # and each simulated distribution counted (bincount) instead of sorted: 0.30 -> 0.11 s of a
    # map redraw on the city's 12,000 incidents (same draws, same p-values).
    steps = np.diff(y_sorted)
    upper = np.empty(n, dtype=np.int64)
    lower = np.empty(n, dtype=np.int64)
    groups = pd.DataFrame({"k": card, "v": y, "obs": observed}).groupby(["k", "v"]).indices
    by_k: dict[int, tuple] = {}
    for (k, v), members in groups.items():
        if k == 0:  # an island: no neighbours, nothing to compare
            upper[members] = lower[members] = permutations
            continue
        if k not in by_k:
            d = draws[:, :k]
            row, col = np.nonzero(steps[d] != 0)
            pos = d[row, col]
            by_k[k] = (y_sorted[d].sum(axis=1), row, pos, steps[pos])
        base, row, pos, step = by_k[k]
        start = np.searchsorted(y_sorted, v)
        after = pos >= start
        sims = base + np.bincount(row[after], weights=step[after], minlength=permutations).astype(np.int64)
        at_most = np.cumsum(np.bincount(sims))  # at_most[s] = #{simulated <= s}
        obs = observed[members]
        below = np.where(obs > 0, at_most[np.clip(obs - 1, 0, len(at_most) - 1)], 0)  # #{simulated < obs}
        upper[members] = permutations - below
        lower[members] = np.where(obs >= 0, at_most[np.clip(obs, 0, len(at_most) - 1)], 0)
    p = np.where(z > 0, upper + 1.0, np.where(z < 0, lower + 1.0, permutations + 1.0))
    return np.minimum(p / (permutations + 1.0), 1.0)


def gi_star(
    cells: pd.DataFrame,
    *,
    alpha: float = DEFAULT_ALPHA,
    permutations: int = DEFAULT_PERMUTATIONS,
    seed: int = DEFAULT_SEED,
    k_ring: int = DEFAULT_K_RING,
    area_cells: Iterable[str] | None = None,
) -> HotspotResult:
    """Getis-Ord Gi* hotspots on H3 cells with a false-discovery-rate cut-off.

    Parameters
    ----------
    cells : pandas.DataFrame
        Columns ``cell`` (H3 id string, one resolution) and ``n`` (incident count); repeated
        ids are summed. ``None`` or empty is allowed (not testable).
    alpha : float, default 0.05
        False discovery rate: among cells called hot or cold, at most this share is expected
        to be false alarms (Benjamini-Hochberg, via ``esda.fdr``).
    permutations : int, default 99,999
        Conditional permutations for ``p``. The smallest possible p is
        ``1 / (permutations + 1)``, and Benjamini-Hochberg needs p <= k * alpha / N for the
        k-th smallest p among N cells. With 999, a cluster is found only if at least N / 50
        cells reach p = 0.001 (120 cells in a 6,000-cell city): in trials a planted cluster of
        100-150 incidents was never found with 999, always with 99,999. Shared reference
        distributions keep 99,999 at about 0.1-0.4 s (see ``_permutation_p``).
    seed : int, default 20250301
        Seed of the permutations: the same input and seed give the same result.
    k_ring : int, default 1
        Neighbourhood: cells within ``k_ring`` steps (1 = the 6 touching hexagons, about
        200 m around at res 9). Also the width of the zero-count padding.
    area_cells : iterable of str, optional
        Every cell of the whole study area (e.g. ``cells_in_area(city_boundary)``), added
        with count 0. Recommended: the reference area then stays the same across filters.

    Returns
    -------
    HotspotResult
        ``.cells`` has ``cell, n, z, p, cls, boundary``, sorted by ``cell``.

    Notes
    -----
    The study area is every cell with incidents plus its ``k_ring`` neighbours (count 0 when
    empty), plus ``area_cells``. The zeros matter: Gi* compares a cell's neighbourhood sum with
    the study-area mean, so without the empty cells around a cluster every cell would look
    alike and the cluster's edge would be invisible. The padding also adds a mild edge effect
    (cells on the rim of the data border empty cells), which ``area_cells`` removes.

    Weights: ``libpysal.graph.Graph.build_h3(ids, order=k_ring, weight="binary")``, binary
    transform, with each cell counted in its own neighbourhood (``star=True``); ``z`` is
    ``esda.G_Local(y, w, transform="B", star=True).Zs``. ``p`` is a one-sided conditional
    permutation p-value in the direction of ``z``, computed here rather than taken from esda's
    ``p_sim``, which gives empty neighbourhoods the smallest p (see ``_permutation_p``).
    Classes: 'hot' when ``z > 0`` and ``p <= fdr_cutoff``, 'cold' when ``z < 0`` and
    ``p <= fdr_cutoff``, otherwise 'ns'. ``esda.fdr`` (Benjamini-Hochberg) sets the cut-off;
    when nothing passes it returns ``alpha / N`` (Bonferroni), below any permutation p.
    """
    clean = _clean_cells(cells)
    k_ring = int(k_ring)
    if k_ring < 1:
        raise ValueError(f"k_ring must be >= 1, got {k_ring}")
    if len(clean):
        res = {h3.get_resolution(c) for c in clean["cell"]}
        if len(res) > 1:
            raise ValueError(f"cells mix H3 resolutions {sorted(res)}")
        resolution = res.pop()
    else:
        resolution = DEFAULT_RESOLUTION
    area = _study_area(clean, k_ring, area_cells)
    y = area["n"].to_numpy(dtype=float)
    result = HotspotResult(
        cells=area, resolution=resolution, k_ring=k_ring, alpha=float(alpha),
        permutations=int(permutations), seed=int(seed), n_incidents=int(y.sum()),
    )

    reason = None
    if y.sum() == 0:
        reason = "empty"
    elif len(area) < MIN_CELLS:
        reason = "too_few_cells"
    elif np.all(y == y[0]):
        reason = "no_variation"

    if reason is not None:
        z = np.full(len(area), np.nan)
        p = np.full(len(area), np.nan)
        cls = np.full(len(area), "ns", dtype=object)
        result.testable, result.reason = False, reason
    else:
        import esda  # slow imports (about 2-4 s together): only when a test is run

        w = _h3_graph(tuple(area["cell"]), k_ring)
        # build_h3 indexes the graph by the ids given; keep y aligned to its order regardless.
        order = pd.Index(w.unique_ids)
        if not order.equals(pd.Index(area["cell"])):
            area = area.set_index("cell").loc[order].reset_index()
            y = area["n"].to_numpy(dtype=float)
        # esda gives Gi* and its analytical z (permutations=0: no simulation there); the
        # permutation p-values come from _permutation_p (see its docstring for why).
        with warnings.catch_warnings():  # a degenerate variance gives NaN z: then 'ns'
            warnings.simplefilter("ignore", RuntimeWarning)
            g = esda.G_Local(y, w, transform="B", star=True, permutations=0)
        z = np.asarray(g.Zs, dtype=float)
        p = _permutation_p(area["n"].to_numpy(dtype="int64"), w.sparse, z,
                           int(permutations), int(seed))
        cutoff = float(esda.fdr(p, alpha))
        sig = p <= cutoff
        cls = np.where(sig & (z > 0), "hot", np.where(sig & (z < 0), "cold", "ns")).astype(object)
        result.fdr_cutoff = cutoff

    out = area.assign(z=z, p=p, cls=cls)
    out["boundary"] = [boundary(c) for c in out["cell"]]
    result.cells = out.sort_values("cell", ignore_index=True)
    return result


# ---------------------------------------------------------------------------------------------
# Concentration
# ---------------------------------------------------------------------------------------------
def concentration(
    cells: pd.DataFrame,
    top_share: float = 0.05,
    area_cells: Iterable[str] | None = None,
) -> float:
    """Percentage of incidents in the busiest ``top_share`` of the area's cells.

    Parameters
    ----------
    cells : pandas.DataFrame
        Columns ``cell`` and ``n`` (e.g. ``cells_from_points(...)`` or ``HotspotResult.cells``).
    top_share : float, default 0.05
        Share of the area's cells counted as "top", 0 < top_share <= 1. The number of top cells
        is ``round(top_share * area size)``, at least 1.
    area_cells : iterable of str, optional
        The denominator of "area": every H3 cell covering the city (``cells_in_area``),
        recommended so the figure is comparable across filters. Cells of ``cells`` outside it
        are added (no incident is dropped). Without it the area is the rows of ``cells``:
        only cells with incidents for ``cells_from_points`` output, which understates how
        concentrated incidents are, or the padded study area for ``HotspotResult.cells``.

    Returns
    -------
    float
        Percent, rounded to 1 decimal (e.g. ``42.3``); NaN when there are no incidents.
    """
    if not 0 < top_share <= 1:
        raise ValueError(f"top_share must be in (0, 1], got {top_share}")
    clean = _clean_cells(cells)
    counts = clean.set_index("cell")["n"]
    if area_cells is not None:
        extra = pd.Index(pd.unique(pd.Series(list(area_cells), dtype=str))).difference(counts.index)
        counts = pd.concat([counts, pd.Series(0, index=extra, dtype="int64")])
    total = int(counts.sum())
    if total <= 0:
        return float("nan")
    k = max(1, int(math.floor(top_share * len(counts) + 0.5)))
    top = np.sort(counts.to_numpy())[::-1][:k].sum()
    return round(100.0 * float(top) / total, 1)
