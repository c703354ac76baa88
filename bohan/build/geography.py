"""The sample city's geography, built from the real reference files in ``data/reference``.

Real: the city boundary (N03), the 314 towns (町丁目) with their representative points, the
twelve police boxes with the towns seen in their 2018 data, and the schools with their GSI
coordinates. Approximated: town areas (Voronoi cells of the town points clipped to the
boundary) and police-box areas (their union). Generated (sample): a street network, school
routes along it, and parks. All metric work is in EPSG:6680; outputs carry WGS84 WKT.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import Delaunay, cKDTree
from shapely.geometry import LineString, MultiPoint, Point

from bohan.geo import METRIC, WGS84
from bohan.paths import REFERENCE_DIR

BOUNDARY_FILE = "tomakomai-01213-boundary-n03-2019.geojson"
TOWNS_FILE = "tomakomai-towns-geolonia.csv"
BOXES_FILE = "tomakomai-police-boxes.csv"
SCHOOLS_FILE = "tomakomai-designated-shelters-gsi.csv"

#: School kinds in the GSI shelter list that the app treats as schools with routes.
SCHOOL_LEVELS = ("小学校", "中学校", "義務教育学校/小中併置")
#: A closed branch school, listed under 中学校 in the shelter list: no pupils, no routes.
CLOSED_SCHOOLS = ("旧啓北中学校山なみ分校",)

GRID_SPACING_M = 200.0
URBAN_CELL_MAX_M2 = 2.5e6
URBAN_BUFFER_M = 650.0
ARTERIAL_MAX_M = 3500.0
RURAL_ROAD_MAX_M = 8000.0  # between two rural places (字…), roads run long and straight
ROUTE_MAX_M = {"小学校": 2200.0, "中学校": 3500.0, "義務教育学校/小中併置": 4000.0}
N_PARKS = 90


@dataclass
class Geography:
    """Everything geographic the build makes, as GeoDataFrames in EPSG:6680."""

    boundary: gpd.GeoDataFrame
    towns: gpd.GeoDataFrame
    koban_areas: gpd.GeoDataFrame
    schools: gpd.GeoDataFrame
    streets: gpd.GeoDataFrame
    school_routes: gpd.GeoDataFrame
    parks: gpd.GeoDataFrame
    graph: "StreetGraph"


def load_boundary() -> gpd.GeoDataFrame:
    """The city boundary (N03, 2019), in EPSG:6680."""
    b = gpd.read_file(REFERENCE_DIR / BOUNDARY_FILE).set_crs(WGS84, allow_override=True)
    return b[["N03_004", "N03_007", "geometry"]].rename(
        columns={"N03_004": "name", "N03_007": "city_code"}
    ).to_crs(METRIC)


def _strip_aza(name: str) -> str:
    return name[1:] if name.startswith("字") else name


def _parse_box_towns(text: str) -> dict[str, int]:
    """Parse ``桜木町(7)、日新町(7)`` into ``{"桜木町": 7, "日新町": 7}``."""
    out: dict[str, int] = {}
    for part in str(text).split("、"):
        m = re.match(r"\s*(.+?)\((\d+)\)\s*$", part)
        if m:
            out[_strip_aza(m.group(1))] = int(m.group(2))
    return out


def load_boxes() -> pd.DataFrame:
    """The twelve police boxes with an approximate point each (WGS84 columns)."""
    raw = pd.read_csv(REFERENCE_DIR / BOXES_FILE, dtype=str)
    raw = raw[raw["box_short"] != "(署)"].copy()
    lat = raw["point_lat"].fillna(raw["area_lat"]).astype(float)
    lon = raw["point_lng"].fillna(raw["area_lng"]).astype(float)
    return pd.DataFrame(
        {
            "koban": raw["box_short"].values,
            "koban_name": raw["box_name"].str.replace("（駐在所か交番か未確認）", "", regex=False).values,
            "lat": lat.values,
            "lon": lon.values,
            "point_method": np.where(
                raw["point_lat"].notna(), "published address, town point", "mean of 2018 incident towns"
            ),
            "towns_2018": raw["towns_in_2018_data"].fillna("").values,
            "jurisdiction": raw["jurisdiction_published"].fillna("").values,
            "incidents_2018_7types": raw["incidents_2018_7types"].astype(int).values,
        }
    )


def _voronoi_cells(points: gpd.GeoSeries, boundary) -> gpd.GeoSeries:
    """Voronoi cells of ``points`` clipped to ``boundary``, in the order of ``points``."""
    mp = MultiPoint(list(points.values))
    cells = shapely.voronoi_polygons(mp, extend_to=boundary.envelope.buffer(5000), ordered=True)
    polys = np.asarray(shapely.get_parts(cells))
    clipped = shapely.intersection(polys, boundary)
    return gpd.GeoSeries(clipped, index=points.index, crs=points.crs)


def _assign_boxes(towns: pd.DataFrame, boxes: pd.DataFrame) -> pd.Series:
    """Each town's police box.

    Published jurisdictions win; then the box whose 2018 data names the town base most often;
    the remaining towns take the box of their nearest assigned town (so areas stay contiguous).
    """
    base = towns["town_base"].map(_strip_aza)
    koban = pd.Series(pd.NA, index=towns.index, dtype="object")
    best: dict[str, tuple[int, str]] = {}
    for _, b in boxes.iterrows():
        for t, n in _parse_box_towns(b["towns_2018"]).items():
            if t not in best or n > best[t][0]:
                best[t] = (n, b["koban"])
    koban = base.map(lambda t: best.get(t, (0, pd.NA))[1])
    for _, b in boxes.iterrows():
        if b["jurisdiction"]:
            published = {_strip_aza(x.strip()) for x in b["jurisdiction"].split("、")}
            koban[base.isin(published)] = b["koban"]
    known = koban.notna().to_numpy()
    xy = np.column_stack([towns.geometry.x, towns.geometry.y])
    tree = cKDTree(xy[known])
    _, idx = tree.query(xy[~known])
    koban[~known] = koban[known].to_numpy()[idx]
    return koban.astype(str)


def load_towns(boundary_geom, boxes: pd.DataFrame) -> gpd.GeoDataFrame:
    """The 314 towns with their real points, approximate cells and police box, EPSG:6680."""
    raw = pd.read_csv(REFERENCE_DIR / TOWNS_FILE, dtype=str)
    pts = gpd.GeoSeries.from_xy(raw["lng"].astype(float), raw["lat"].astype(float), crs=WGS84)
    towns = gpd.GeoDataFrame(
        {
            "town": raw["town"],
            "town_base": raw["town_base"],
            "chome": pd.to_numeric(raw["chome"], errors="coerce").astype("Int64"),
            "town_police_style": raw["town_police_style"],
            "lat": raw["lat"].astype(float),
            "lon": raw["lng"].astype(float),
        },
        geometry=pts.to_crs(METRIC),
        crs=METRIC,
    )
    towns["koban"] = _assign_boxes(towns, boxes)
    towns["cell"] = _voronoi_cells(towns.geometry, boundary_geom)
    towns["area_m2"] = towns["cell"].area
    towns["urban"] = towns["area_m2"] < URBAN_CELL_MAX_M2
    return towns


def load_schools() -> gpd.GeoDataFrame:
    """Elementary and junior high schools (and the combined 植苗小中学校), EPSG:6680."""
    raw = pd.read_csv(REFERENCE_DIR / SCHOOLS_FILE, dtype=str)
    raw = raw[raw["kind"].isin(SCHOOL_LEVELS) & ~raw["name"].isin(CLOSED_SCHOOLS)].copy()
    order = {lvl: i for i, lvl in enumerate(SCHOOL_LEVELS)}
    raw["_o"] = raw["kind"].map(order)
    raw = raw.sort_values(["_o", "gsi_common_id"]).reset_index(drop=True)
    prefix = raw["kind"].map({"小学校": "E", "中学校": "J", "義務教育学校/小中併置": "C"})
    lat, lon = raw["lat"].astype(float), raw["lng"].astype(float)
    return gpd.GeoDataFrame(
        {
            "school_id": prefix + (raw.groupby("kind").cumcount() + 1).map("{:02d}".format),
            "name": raw["name"],
            "level": raw["kind"],
            "address": raw["address"],
            "gsi_id": raw["gsi_common_id"],
            "lat": lat,
            "lon": lon,
        },
        geometry=gpd.GeoSeries.from_xy(lon, lat, crs=WGS84).to_crs(METRIC),
        crs=METRIC,
    )


class StreetGraph:
    """A plausible street network: a 200 m grid in the built-up area plus arterial roads.

    Nodes are grid crossings, town points and school points; arterials join neighbouring
    town and school points (Delaunay edges up to 3.5 km that stay on land and leave the
    built-up area, where the grid already serves).
    """

    def __init__(self, boundary_geom, towns: gpd.GeoDataFrame, schools: gpd.GeoDataFrame):
        urban_cells = towns.loc[towns["urban"], "cell"]
        urban_pts = towns.loc[towns["urban"]].geometry.buffer(URBAN_BUFFER_M)
        self.urban = shapely.intersection(
            shapely.union_all(urban_cells.values), shapely.union_all(urban_pts.values)
        ).intersection(boundary_geom)
        xmin, ymin, xmax, ymax = self.urban.bounds
        xs = np.arange(np.floor(xmin / GRID_SPACING_M), np.ceil(xmax / GRID_SPACING_M) + 1) * GRID_SPACING_M
        ys = np.arange(np.floor(ymin / GRID_SPACING_M), np.ceil(ymax / GRID_SPACING_M) + 1) * GRID_SPACING_M
        gx, gy = np.meshgrid(xs, ys)
        inside = shapely.contains_xy(self.urban, gx, gy)
        nodes = [np.column_stack([gx[inside], gy[inside]])]
        key = {(round(x), round(y)): i for i, (x, y) in enumerate(nodes[0])}
        edges, kinds = [], []
        for (x, y), i in key.items():
            for dx, dy in ((GRID_SPACING_M, 0), (0, GRID_SPACING_M)):
                j = key.get((round(x + dx), round(y + dy)))
                if j is not None:
                    edges.append((i, j))
                    kinds.append("local")
        n_grid = len(nodes[0])
        anchor_xy = np.vstack(
            [np.column_stack([towns.geometry.x, towns.geometry.y]),
             np.column_stack([schools.geometry.x, schools.geometry.y])]
        )
        nodes.append(anchor_xy)
        self.xy = np.vstack(nodes)
        anchors = np.arange(n_grid, n_grid + len(anchor_xy))
        self.town_node = anchors[: len(towns)]
        self.school_node = anchors[len(towns):]
        # Each town / school joins the grid at its nearest crossing (a short access road).
        grid_tree = cKDTree(self.xy[:n_grid])
        d, nn = grid_tree.query(anchor_xy)
        for a, dist, g in zip(anchors, d, nn):
            if dist <= 400:
                edges.append((a, g))
                kinds.append("local")
        land = boundary_geom.buffer(50)
        tri = Delaunay(anchor_xy)
        seen = set()
        for simplex in tri.simplices:
            for a, b in ((0, 1), (1, 2), (0, 2)):
                i, j = sorted((simplex[a], simplex[b]))
                if (i, j) in seen:
                    continue
                seen.add((i, j))
                p, q = anchor_xy[i], anchor_xy[j]
                line = LineString([p, q])
                # Inside the built-up area the grid is the street network; arterials bridge gaps.
                if self.urban.contains(line):
                    continue
                rural = i < len(towns) and j < len(towns) and not (towns["urban"].iat[i] or towns["urban"].iat[j])
                rural = rural or (i >= len(towns) or j >= len(towns))  # a school in the countryside
                limit = RURAL_ROAD_MAX_M if rural and not self.urban.contains(Point(p)) and not self.urban.contains(Point(q)) else ARTERIAL_MAX_M
                if np.hypot(*(p - q)) <= limit and land.contains(line):
                    edges.append((anchors[i], anchors[j]))
                    kinds.append("arterial")
        e = np.asarray(edges)
        self.edges = e
        self.kinds = np.asarray(kinds)
        self.length = np.hypot(*(self.xy[e[:, 0]] - self.xy[e[:, 1]]).T)
        n = len(self.xy)
        w = coo_matrix((self.length, (e[:, 0], e[:, 1])), shape=(n, n)).tocsr()
        self.adj = w.maximum(w.T)

    def streets(self) -> gpd.GeoDataFrame:
        """Street segments as LineStrings (EPSG:6680)."""
        lines = shapely.linestrings(
            np.stack([self.xy[self.edges[:, 0]], self.xy[self.edges[:, 1]]], axis=1)
        )
        keep = self.length > 0
        return gpd.GeoDataFrame(
            {
                "street_id": [f"S{i:05d}" for i in range(int(keep.sum()))],
                "kind": self.kinds[keep],
                "length_m": self.length[keep].round(1),
            },
            geometry=lines[keep],
            crs=METRIC,
        )

    def routes_to(self, school_node: int, town_nodes: np.ndarray) -> list[tuple[int, LineString, float]]:
        """Shortest paths from each town node to one school node."""
        dist, pred = dijkstra(self.adj, directed=False, indices=school_node, return_predecessors=True)
        out = []
        for t in town_nodes:
            if not np.isfinite(dist[t]) or t == school_node:
                continue
            path = [t]
            while path[-1] != school_node:
                path.append(pred[path[-1]])
            if len(path) >= 2:
                out.append((t, LineString(self.xy[path]), float(dist[t])))
        return out


def build_school_routes(graph: StreetGraph, towns: gpd.GeoDataFrame, schools: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Routes from every residential town in a school's catchment to the school.

    Catchment: the towns whose nearest school of the same level (the combined school counts
    for both) is this one, within a walking distance that depends on the level.
    """
    rows = []
    town_xy = np.column_stack([towns.geometry.x, towns.geometry.y])
    for level in ("小学校", "中学校"):
        same = schools[(schools["level"] == level) | (schools["level"] == "義務教育学校/小中併置")]
        tree = cKDTree(np.column_stack([same.geometry.x, same.geometry.y]))
        d, nearest = tree.query(town_xy)
        for k, (_, school) in enumerate(same.iterrows()):
            if school["level"] != level and level == "中学校":
                continue  # the combined school's catchment is drawn once, with the elementary pass
            mine = np.where((nearest == k) & (d <= ROUTE_MAX_M[school["level"]]))[0]
            if len(mine) == 0:  # a rural school: pupils come from its nearest town, however far
                theirs = np.where(nearest == k)[0]
                mine = theirs[np.argsort(d[theirs])][:1]
            s_node = graph.school_node[schools.index.get_loc(school.name)]
            for t_node, line, length in graph.routes_to(s_node, graph.town_node[mine]):
                t_idx = int(np.where(graph.town_node == t_node)[0][0])
                rows.append(
                    {
                        "school_id": school["school_id"],
                        "school_name": school["name"],
                        "town": towns.iloc[t_idx]["town"],
                        "length_m": round(length, 1),
                        "geometry": line,
                    }
                )
    routes = gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC)
    routes.insert(0, "route_id", [f"R{i:04d}" for i in range(len(routes))])
    return routes


def build_parks(rng: np.random.Generator, graph: StreetGraph, towns: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Neighbourhood parks: small squares in built-up towns, named after the town."""
    urban = towns[towns["urban"]]
    weights = 1.0 / np.sqrt(urban["area_m2"].to_numpy())
    picks = rng.choice(len(urban), size=N_PARKS, replace=True, p=weights / weights.sum())
    rows, used = [], {}
    for i in picks:
        t = urban.iloc[i]
        base = t["town_base"]
        for _ in range(20):
            off = rng.normal(0, 220, size=2)
            x, y = t.geometry.x + off[0], t.geometry.y + off[1]
            if t["cell"].contains(Point(x, y)) and graph.urban.contains(Point(x, y)):
                break
        else:
            continue
        side = float(rng.uniform(50, 140))
        n = used.get(base, 0) + 1
        used[base] = n
        name = f"{_strip_aza(base)}公園" if n == 1 else f"{_strip_aza(base)}第{n}公園"
        rows.append(
            {
                "name": name,
                "town": t["town"],
                "koban": t["koban"],
                "area_m2": round(side * side, 0),
                "geometry": shapely.box(x - side / 2, y - side / 2, x + side / 2, y + side / 2),
            }
        )
    parks = gpd.GeoDataFrame(rows, geometry="geometry", crs=METRIC)
    parks.insert(0, "park_id", [f"P{i:03d}" for i in range(len(parks))])
    return parks


def build_geography(rng: np.random.Generator) -> Geography:
    """Build the whole geography from the reference files (deterministic for a given rng)."""
    boundary = load_boundary()
    boundary_geom = boundary.geometry.iloc[0]
    boxes = load_boxes()
    towns = load_towns(boundary_geom, boxes)
    schools = load_schools()
    graph = StreetGraph(boundary_geom, towns, schools)
    cells = gpd.GeoDataFrame(towns[["koban"]], geometry=towns["cell"], crs=METRIC)
    areas = cells.dissolve(by="koban").reset_index()
    areas = areas.merge(boxes, on="koban", how="left")
    areas["area_m2"] = areas.area
    areas["n_towns"] = areas["koban"].map(towns["koban"].value_counts())
    return Geography(
        boundary=boundary,
        towns=towns,
        koban_areas=areas,
        schools=schools,
        streets=graph.streets(),
        school_routes=build_school_routes(graph, towns, schools),
        parks=build_parks(rng, graph, towns),
        graph=graph,
    )
