"""The camera siting planner's figures, from the database (plain Python, testable without Streamlit).

:func:`load_inputs` reads the layers once (route network, candidate sites, cameras, lights,
the incidents that weigh the routes); :func:`plan` turns them and a :class:`Settings` into a
:class:`Plan`: the exact and greedy answers, the coverage curve, the recommended sites with
what each adds, and school-route coverage before and after with the map page's definitions
(:func:`bohan.coverage.classify`).
"""
from __future__ import annotations

import io
import json
from dataclasses import dataclass, field, replace

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd

from bohan import coverage, db, siting
from bohan.filters import HOUR_BANDS, home_kobans
from bohan.geo import METRIC, to_metric, to_wgs84

#: The plan: 26 street cameras now (FY2023), 40 or more by FY2029, so 14 new ones.
PLAN_CAMERAS_NOW = 26
PLAN_CAMERAS_TARGET = 40
DEFAULT_N_NEW = PLAN_CAMERAS_TARGET - PLAN_CAMERAS_NOW
#: Years of incidents that weigh the routes, counted back from the latest year held.
DEFAULT_YEARS_BACK = 3
#: Sensible ranges for the planner's inputs (inclusive).
N_NEW_RANGE = (0, 60)
SPACING_RANGE_M = (0.0, 500.0)
WEIGHT_RANGE = (0.0, 100.0)
CANDIDATE_SPACINGS_M = (25.0, 50.0, 100.0)
#: Uploaded point files larger than this are refused.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
#: Uploaded points farther than this from every school route are outside the planner's scope.
UPLOAD_REACH_M = 500.0


@dataclass(frozen=True)
class Settings:
    """Everything the planner chooses; hashable, so results can be cached by it."""

    n_new: int = DEFAULT_N_NEW
    radius_m: float = coverage.CAMERA_RADIUS_M
    min_spacing_m: float = 0.0
    candidate_spacing_m: float = siting.CANDIDATE_SPACING_M
    weights: siting.Weights = siting.Weights()
    years: tuple[int, int] | None = None           # incidents counted (None = the latest three)
    excluded: tuple[str, ...] = ()                  # candidate site ids left out
    exclude_points: tuple[tuple[float, float], ...] = ()  # (lon, lat): candidates within 15 m left out
    user_sites: tuple[tuple[float, float], ...] = ()      # (lon, lat) added as candidates

    def check(self) -> None:
        """Refuse values out of range (:class:`siting.SitingError` with a message key)."""
        if isinstance(self.n_new, bool) or not float(self.n_new).is_integer() or not N_NEW_RANGE[0] <= self.n_new <= N_NEW_RANGE[1]:
            raise siting.SitingError("n_range", f"n_new must be {N_NEW_RANGE[0]}-{N_NEW_RANGE[1]}", value=self.n_new,
                                     low=N_NEW_RANGE[0], high=N_NEW_RANGE[1])
        try:
            coverage.validate_radius(self.radius_m, "camera")
        except coverage.RadiusError as err:
            raise siting.SitingError("radius_range", str(err), value=self.radius_m, low=err.low, high=err.high) from None
        if not SPACING_RANGE_M[0] <= self.min_spacing_m <= SPACING_RANGE_M[1]:
            raise siting.SitingError("spacing_range", "min_spacing_m out of range", value=self.min_spacing_m,
                                     low=SPACING_RANGE_M[0], high=SPACING_RANGE_M[1])
        if self.candidate_spacing_m not in CANDIDATE_SPACINGS_M:
            raise siting.SitingError("candidate_spacing", "candidate spacing not offered", value=self.candidate_spacing_m)
        for value in (self.weights.length, self.weights.child, self.weights.crime):
            if not WEIGHT_RANGE[0] <= value <= WEIGHT_RANGE[1]:
                raise siting.SitingError("weight_range", "weight out of range", value=value,
                                         low=WEIGHT_RANGE[0], high=WEIGHT_RANGE[1])
        self.weights.check()

    def to_json(self) -> str:
        d = self.__dict__.copy()
        d["weights"] = self.weights.__dict__.copy()
        return json.dumps(d, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Settings":
        d = json.loads(text)
        d["weights"] = siting.Weights(**d["weights"])
        for key in ("excluded",):
            d[key] = tuple(d.get(key) or ())
        for key in ("exclude_points", "user_sites"):
            d[key] = tuple(tuple(p) for p in d.get(key) or ())
        d["years"] = tuple(d["years"]) if d.get("years") else None
        return cls(**d)


@dataclass
class Inputs:
    """The city's layers for the planner, in EPSG:6680."""

    network: gpd.GeoDataFrame
    streets: gpd.GeoDataFrame
    parks: gpd.GeoDataFrame
    schools: pd.DataFrame          # school_id, name, level, lat, lon (+ x, y)
    cameras: gpd.GeoDataFrame      # active cameras (street and school)
    lights: gpd.GeoDataFrame
    child: pd.DataFrame            # approaches to children: data_year, hour, x, y
    crime: pd.DataFrame            # street crimes: data_year, x, y
    years: tuple[int, int]         # years of incidents held
    sites_cache: dict = field(default_factory=dict)

    @property
    def school_names(self) -> dict[str, str]:
        return dict(zip(self.schools["school_id"], self.schools["name"]))

    def base_sites(self, spacing_m: float) -> pd.DataFrame:
        if spacing_m not in self.sites_cache:
            self.sites_cache[spacing_m] = siting.candidate_sites(
                self.network, self.streets, self.parks, gpd.GeoDataFrame(
                    self.schools, geometry=gpd.points_from_xy(self.schools["x"], self.schools["y"]), crs=METRIC),
                spacing_m=spacing_m)
        return self.sites_cache[spacing_m]


def _xy(df: pd.DataFrame) -> pd.DataFrame:
    x, y = to_metric(df["lon"].to_numpy(dtype=float), df["lat"].to_numpy(dtype=float))
    return df.assign(x=x, y=y)


def load_inputs(con: duckdb.DuckDBPyConnection) -> Inputs:
    """Read every layer the planner needs (a second or so for the sample city)."""
    routes = coverage.layer_from_frame(db.run(con, "map/school_routes"))
    network = coverage.route_network(routes)
    streets = coverage.layer_from_frame(db.run(con, "siting/streets"))
    parks = coverage.layer_from_frame(db.run(con, "map/parks"))
    schools = _xy(db.run(con, "map/schools"))
    cameras = coverage.layer_from_frame(db.run(con, "map/cameras"))
    lights = coverage.layer_from_frame(db.run(con, "map/street_lights"))
    start, end = HOUR_BANDS["children"]
    child = _xy(db.run(con, "siting/child_approaches", hour_start=start, hour_end=end, koban_list=home_kobans(con)))
    crime = _xy(db.run(con, "siting/street_crimes", place_list=list(siting.STREET_PLACES), koban_list=home_kobans(con)))
    years_df = db.run(con, "siting/incident_years")
    years = (int(years_df["year_min"].iloc[0]), int(years_df["year_max"].iloc[0]))
    return Inputs(network=network, streets=streets, parks=parks, schools=schools,
                  cameras=cameras[cameras["status"] == "active"], lights=lights, child=child, crime=crime, years=years)


@dataclass
class Plan:
    """The planner's answer for one :class:`Settings`."""

    settings: Settings
    years: tuple[int, int]
    sites: pd.DataFrame             # every candidate: site_id, kind, x, y, lat, lon, school_ids, schools, excluded
    pieces: pd.DataFrame            # demand pieces with their weights (see siting.demand_weights)
    events_near: dict               # {'child': k, 'crime': k} events within NEAR_M of a route
    exact: siting.SitingResult
    greedy: siting.SitingResult
    curve: pd.DataFrame             # n, greedy_pct (share of weight covered after n greedy sites)
    chosen: pd.DataFrame            # the recommended sites, best first, with what each adds
    route: pd.DataFrame             # one row: before/after camera_pct and km (the map page's definition)
    by_school: pd.DataFrame         # school_id, name, before_pct, after_pct, gain_pts
    watched: gpd.GeoDataFrame       # route pieces: watched before / added / none (EPSG:6680)

    @property
    def gap_pct(self) -> float:
        """How much more weight the exact answer covers than greedy (% of the exact answer)."""
        ex, gr = self.exact.added_weight, self.greedy.added_weight
        return 100.0 * (ex - gr) / ex if ex > 0 else 0.0


def default_years(inputs: Inputs) -> tuple[int, int]:
    return max(inputs.years[0], inputs.years[1] - DEFAULT_YEARS_BACK + 1), inputs.years[1]


def candidate_table(inputs: Inputs, settings: Settings) -> pd.DataFrame:
    """Every candidate site for these settings (own sites added, exclusions marked)."""
    sites = inputs.base_sites(settings.candidate_spacing_m)
    if settings.user_sites:
        lon, lat = np.array(settings.user_sites, dtype=float).T
        sites = siting.add_user_sites(sites, np.column_stack(to_metric(lon, lat)), inputs.network)
    lon, lat = to_wgs84(sites["x"].to_numpy(), sites["y"].to_numpy())
    names = inputs.school_names
    sites = sites.assign(lat=lat, lon=lon, schools=[", ".join(names.get(s, s) for s in ids) for ids in sites["school_ids"]])
    excluded = sites["site_id"].isin(settings.excluded).to_numpy().copy()
    if settings.exclude_points:
        plon, plat = np.array(settings.exclude_points, dtype=float).T
        excluded[siting.near_sites(sites, np.column_stack(to_metric(plon, plat)))] = True
    return sites.assign(excluded=excluded)


def _route_pct(inputs: Inputs, extra_xy: np.ndarray, radius_m: float) -> tuple[pd.DataFrame, pd.DataFrame]:
    """City and per-school camera coverage of school routes with ``extra_xy`` cameras added
    (coverage.classify with the working lights at the default light range: the map page's figures)."""
    cams = inputs.cameras[["geometry"]]
    if len(extra_xy):
        added = gpd.GeoDataFrame(geometry=gpd.points_from_xy(extra_xy[:, 0], extra_xy[:, 1]), crs=METRIC)
        cams = pd.concat([cams, added], ignore_index=True)
    pieces = coverage.classify(inputs.network, gpd.GeoDataFrame(cams, crs=METRIC), inputs.lights, radius_m,
                               coverage.LIGHT_RADIUS_M)
    return coverage.coverage_summary(pieces), coverage.coverage_summary(pieces, by="school_id")


def _what_each_adds(pieces: pd.DataFrame, covered0: np.ndarray, xy: np.ndarray, radius_m: float) -> pd.DataFrame:
    """Route metres, approaches, street crimes and weight newly covered by each site, in order."""
    from scipy.spatial import cKDTree

    tree = cKDTree(pieces[["x", "y"]].to_numpy())
    covered = covered0.copy()
    rows = []
    for site in xy:
        idx = np.asarray(tree.query_ball_point(site, r=radius_m), dtype=np.int64)
        new = idx[~covered[idx]]
        covered[new] = True
        part = pieces.iloc[new]
        rows.append({"route_m": part["length_m"].sum(), "child": part["n_child"].sum(),
                     "crime": part["n_crime"].sum(), "gain": part["weight"].sum()})
    return pd.DataFrame(rows, columns=["route_m", "child", "crime", "gain"])


def plan(inputs: Inputs, settings: Settings, progress=None) -> Plan:
    """Recommended sites for ``settings`` (validated; raises :class:`siting.SitingError`).

    ``progress(fraction, step)`` is called between the steps (the exact solve is the long one).
    """
    say = progress or (lambda f, step: None)
    settings.check()
    years = settings.years or default_years(inputs)
    if not (inputs.years[0] <= years[0] <= years[1] <= inputs.years[1]):
        raise siting.SitingError("years", "years outside the data", low=inputs.years[0], high=inputs.years[1],
                                 value=f"{years[0]}-{years[1]}")
    say(0.05, "demand")
    pieces = siting.demand_pieces(inputs.network)
    child = inputs.child[inputs.child["data_year"].between(*years)]
    crime = inputs.crime[inputs.crime["data_year"].between(*years)]
    pieces, near = siting.demand_weights(pieces, child[["x", "y"]].to_numpy(), crime[["x", "y"]].to_numpy(),
                                         settings.weights)
    sites = candidate_table(inputs, settings)
    open_idx = np.flatnonzero(~sites["excluded"].to_numpy())
    existing = np.column_stack([inputs.cameras.geometry.x, inputs.cameras.geometry.y])
    demand, weight = pieces[["x", "y"]].to_numpy(), pieces["weight"].to_numpy()
    cand = sites[["x", "y"]].to_numpy()[open_idx]
    demand, weight, cand, existing, radius, n, spacing = siting.validate(
        demand, weight, cand, existing, settings.radius_m, settings.n_new, settings.min_spacing_m)
    say(0.15, "model")
    model = siting.build_model(demand, weight, cand, existing, radius, spacing)
    greedy = siting.solve(model, n, "greedy")
    say(0.25, "exact")
    exact = siting.solve(model, n, "exact")
    say(0.8, "figures")
    n_max = max(siting.CURVE_MAX, n)
    curve_w = siting.coverage_curve(model, n_max)
    curve = pd.DataFrame({"n": np.arange(len(curve_w)), "greedy_pct": 100.0 * curve_w / model.total_weight})
    # the recommended sites, best first, with what each adds
    picked = sites.iloc[open_idx[exact.chosen]].reset_index(drop=True)
    covered0 = siting.within(demand, existing, radius)
    adds = _what_each_adds(pieces, covered0, picked[["x", "y"]].to_numpy(), radius)
    chosen = pd.concat([pd.DataFrame({"rank": np.arange(1, len(picked) + 1)}),
                        picked[["site_id", "kind", "schools", "lat", "lon", "x", "y"]], adds], axis=1)
    chosen["gain_pct"] = 100.0 * chosen["gain"] / model.total_weight
    chosen["covered_pct"] = exact.existing_pct + chosen["gain_pct"].cumsum()
    # school-route coverage before and after (the map page's definition)
    before_city, before_school = _route_pct(inputs, np.empty((0, 2)), radius)
    after_city, after_school = _route_pct(inputs, picked[["x", "y"]].to_numpy(), radius)
    route = pd.DataFrame({"length_m": before_city["length_m"], "before_pct": before_city["camera_pct"],
                          "after_pct": after_city["camera_pct"],
                          "before_m": before_city["both_m"] + before_city["camera_only_m"],
                          "after_m": after_city["both_m"] + after_city["camera_only_m"]})
    by_school = before_school[["school_id", "camera_pct"]].rename(columns={"camera_pct": "before_pct"}).merge(
        after_school[["school_id", "camera_pct"]].rename(columns={"camera_pct": "after_pct"}), on="school_id")
    by_school.insert(1, "name", by_school["school_id"].map(inputs.school_names))
    by_school["gain_pts"] = (by_school["after_pct"] - by_school["before_pct"]).round(1)
    by_school = by_school.sort_values(["gain_pts", "school_id"], ascending=[False, True], ignore_index=True)
    watched = coverage.watched_change(inputs.network, existing, picked[["x", "y"]].to_numpy(), radius)
    say(1.0, "done")
    return Plan(settings=replace(settings, years=years), years=years, sites=sites, pieces=pieces, events_near=near,
                exact=exact, greedy=greedy, curve=curve, chosen=chosen, route=route, by_school=by_school,
                watched=watched)


# --- the planner's own points (exclusions and extra candidates) ----------------------------
_LAT = ("lat", "latitude", "緯度", "y")
_LON = ("lon", "lng", "long", "longitude", "経度", "x")


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp932"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise siting.SitingError("upload_encoding", "the file is neither UTF-8 nor Shift_JIS (cp932) text")


def _geojson_points(text: str) -> np.ndarray:
    """The Point / MultiPoint coordinates of a GeoJSON text as an (n, 2) float array.

    Raises ``ValueError`` / ``TypeError`` (or what ``json`` raises) for anything that is not
    a FeatureCollection, Feature or geometry with coordinate pairs of finite numbers."""
    doc = json.loads(text)
    feats = doc.get("features", [doc]) if isinstance(doc, dict) else []
    if not isinstance(feats, list):
        raise TypeError("features is not a list")
    pairs = []
    for f in feats:
        g = f.get("geometry") if isinstance(f, dict) and f.get("type") == "Feature" else f
        if not isinstance(g, dict) or g.get("type") not in ("Point", "MultiPoint"):
            continue
        coords = g.get("coordinates")
        for c in ([coords] if g["type"] == "Point" else coords if isinstance(coords, list) else [None]):
            if not isinstance(c, list) or len(c) < 2 or not all(isinstance(v, (int, float)) for v in c[:2]):
                raise TypeError("a coordinate is not a pair of numbers")
            pairs.append((float(c[0]), float(c[1])))  # OverflowError for integers beyond float
    pts = np.array(pairs, dtype=float).reshape(-1, 2)
    if not np.isfinite(pts).all():
        raise ValueError("coordinates are not finite")
    return pts


def read_points(data: bytes, filename: str) -> np.ndarray:
    """(lon, lat) rows from an uploaded CSV (緯度/経度 or lat/lon columns) or GeoJSON of points.

    Refuses, with a :class:`siting.SitingError`, files too large, of another type, in an
    unknown encoding, without coordinate columns, with no points, or with coordinates that
    are not longitude / latitude (swapped columns are put right).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise siting.SitingError("upload_size", "file too large", mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    name = (filename or "").lower()
    text = _decode(data)
    if name.endswith((".geojson", ".json")):
        try:
            pts = _geojson_points(text)
        except (json.JSONDecodeError, RecursionError, TypeError, ValueError, OverflowError):
            # not JSON, nested beyond reason, or coordinates that are not pairs of ordinary numbers
            raise siting.SitingError("upload_json", "not valid GeoJSON points") from None
    elif name.endswith((".csv", ".txt")):
        try:
            df = pd.read_csv(io.StringIO(text), sep=None, engine="python", dtype=str)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, csv_error()):
            raise siting.SitingError("upload_csv", "not a readable CSV table") from None
        cols = {str(c).strip().lower(): c for c in df.columns}
        lat = next((cols[c] for c in _LAT if c in cols), None)
        lon = next((cols[c] for c in _LON if c in cols), None)
        if lat is None or lon is None:
            raise siting.SitingError("upload_columns", "no latitude / longitude columns",
                                     columns=", ".join(map(str, df.columns[:8])))
        lat_v = pd.to_numeric(df[lat].str.strip(), errors="coerce")
        lon_v = pd.to_numeric(df[lon].str.strip(), errors="coerce")
        ok = lat_v.notna() & lon_v.notna()
        pts = np.column_stack([lon_v[ok].to_numpy(dtype=float), lat_v[ok].to_numpy(dtype=float)])
    else:
        raise siting.SitingError("upload_type", "only CSV or GeoJSON files", name=filename)
    pts = pts[np.isfinite(pts).all(axis=1)]
    if not len(pts):
        raise siting.SitingError("upload_empty", "no points in the file")
    if (np.abs(pts[:, 0]) <= 90).all() and (np.abs(pts[:, 1]) > 90).all():
        pts = pts[:, ::-1]  # latitude and longitude swapped
    if not ((np.abs(pts[:, 0]) <= 180) & (np.abs(pts[:, 1]) <= 90)).all():
        raise siting.SitingError("upload_degrees", "coordinates are not longitude / latitude in degrees")
    return pts


def csv_error():
    import csv

    return csv.Error


def points_near_routes(inputs: Inputs, lonlat: np.ndarray) -> np.ndarray:
    """Which of the points (lon, lat) lie within UPLOAD_REACH_M of a school route."""
    import shapely

    x, y = to_metric(lonlat[:, 0], lonlat[:, 1])
    union = shapely.union_all(inputs.network.geometry.values)
    return shapely.dwithin(shapely.points(np.column_stack([x, y])), union, UPLOAD_REACH_M)
