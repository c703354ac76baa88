"""The map page's figures, computed from the database (plain Python, testable without Streamlit).

Coverage of school routes by cameras and lights (see :mod:`bohan.coverage`) and hotspots of
the filtered incidents (see :mod:`bohan.hotspots`), each as one result object that the page
draws and offers for download.
"""
from __future__ import annotations

import functools

from dataclasses import dataclass

import duckdb
import geopandas as gpd
import pandas as pd

from bohan import coverage, db, hotspots
from bohan.filters import CrimeFilter, Vocab, home_kobans


@dataclass
class Coverage:
    """School-route coverage for one pair of radii."""

    pieces: gpd.GeoDataFrame  # the route network split by class, EPSG:6680
    city: pd.DataFrame
    by_school: pd.DataFrame
    by_koban: pd.DataFrame
    dark: gpd.GeoDataFrame
    lights_out: pd.DataFrame


def compute_coverage(con: duckdb.DuckDBPyConnection, camera_radius_m: float, light_radius_m: float,
                     dark_min_m: float) -> Coverage:
    """Coverage of the whole sample city's school routes; radii are validated first."""
    coverage.validate_radius(camera_radius_m, "camera")
    coverage.validate_radius(light_radius_m, "light")
    coverage.validate_radius(dark_min_m, "dark_stretch")
    routes = coverage.layer_from_frame(db.run(con, "map/school_routes"))
    cameras = coverage.layer_from_frame(db.run(con, "map/cameras"))
    lights = coverage.layer_from_frame(db.run(con, "map/street_lights"))
    home = home_kobans(con)  # the city's boxes only, in a national database
    areas = coverage.layer_from_frame(db.run(con, "map/koban_areas", koban_list=home))
    schools = db.run(con, "map/schools")
    network = coverage.route_network(routes)
    pieces = coverage.classify(network, cameras, lights, camera_radius_m, light_radius_m)
    by_school = coverage.coverage_summary(pieces, by="school_id")
    by_school = schools[["school_id", "name", "level"]].merge(by_school, on="school_id", how="right")
    by_koban = coverage.coverage_summary(coverage.assign_area(pieces, areas, "koban"), by="koban")
    night = coverage.layer_from_frame(db.run(con, "crime/points", **CrimeFilter(hours=(18, 6), koban=home or ()).params()))
    return Coverage(
        pieces=pieces,
        city=coverage.coverage_summary(pieces),
        by_school=by_school,
        by_koban=by_koban,
        dark=coverage.dark_stretches(pieces, dark_min_m),
        lights_out=coverage.lights_out_ranking(lights, network, night, light_radius_m),
    )


@functools.lru_cache(maxsize=8)
def _area_cells(boundary_wkt: str, resolution: int) -> tuple[str, ...]:
    """The H3 cells of the city (they depend on the boundary and the resolution only)."""
    import shapely

    return tuple(hotspots.cells_in_area(shapely.from_wkt(boundary_wkt), resolution))


def compute_hotspots(con: duckdb.DuckDBPyConnection, f: CrimeFilter, resolution: int = hotspots.DEFAULT_RESOLUTION,
                     vocab: Vocab | None = None):
    """Incident counts per H3 cell for the filter, their Gi* hotspots and concentration (the map
    page asks for the filter's police boxes, else the city's: ``bohan.cache.hotspots``); with the
    database's ``vocab``, a town filter reads only its boxes' rows."""
    points = db.run(con, "crime/points", **f.params(vocab))
    cells = hotspots.cells_from_points(points["lat"], points["lon"], resolution)
    area = _area_cells(db.run(con, "map/boundary")["geometry_wkt"].iloc[0], resolution)
    result = hotspots.gi_star(cells, area_cells=area)
    share = hotspots.concentration(cells, area_cells=area)
    return points, cells, result, share


#: Up to this many located incidents are drawn as points; more are drawn as hexagons only,
#: so the map's payload stays bounded however many incidents match.
MAX_POINTS = 400


def base_frames(con: duckdb.DuckDBPyConnection, cov: Coverage, lang: str) -> dict:
    """The rows of the map layers that do not depend on the incident filter (areas, parks,
    cameras, lights, schools, routes by coverage), each with a ``tip`` (plain text, a line per
    item) in the user's language."""
    from bohan.i18n import t, tv
    from bohan.maps import tip_text as tip
    from bohan.maps import route_paths

    home = home_kobans(con)  # the city's areas only, in a national database
    kobans = db.run(con, "map/koban_areas", koban_list=home)
    kobans["tip"] = [tip(tv(k, lang), n) for k, n in zip(kobans["koban"], kobans["koban_name"])]
    towns = db.run(con, "map/towns", koban_list=home)
    towns["tip"] = [tip(tw, tv(k, lang)) for tw, k in zip(towns["town"], towns["koban"])]
    parks = db.run(con, "map/parks")
    parks["tip"] = [tip(nm, f"{a:,.0f} m²") for nm, a in zip(parks["name"], parks["area_m2"])]
    cameras = db.run(con, "map/cameras")
    cameras["tip"] = [tip(t("atlas.tip.camera", lang), cid, t(f"atlas.camera_kind.{k}", lang), s, t("atlas.tip.installed", lang, fy=fy))
                      for cid, k, s, fy in zip(cameras["camera_id"], cameras["kind"], cameras["site_type"], cameras["installed_fy"])]
    lights = db.run(con, "map/street_lights")
    # a short tip for working lights (thousands of them); the full record for lights out
    lights["tip"] = [tip(tv(k, lang), lid, lamp, t("atlas.light.out", lang)) if s == "out" else t("atlas.light.lit", lang)
                     for k, lid, lamp, s in zip(lights["kind"], lights["light_id"], lights["lamp_type"], lights["status"])]
    schools = db.run(con, "map/schools")
    schools["tip"] = [tip(nm, tv(lv, lang)) for nm, lv in zip(schools["name"], schools["level"])]
    from bohan.coverage import to_wgs84_geojson

    labels = {c: t(f"atlas.class.{c}", lang) for c in ("both", "camera", "lit", "neither")}
    routes = route_paths(to_wgs84_geojson(cov.pieces[["covered", "length_m", "geometry"]]), labels)
    return {"koban_areas": kobans, "towns": towns, "parks": parks, "cameras": cameras, "lights": lights,
            "schools": schools, "routes": routes}


def incident_frames(points: pd.DataFrame, cells: pd.DataFrame, hot, lang: str) -> dict:
    """The rows of the incident layers for one filter (cells, hotspots, points), with tips."""
    from bohan.i18n import t, tv
    from bohan.maps import count_label
    from bohan.maps import tip_text as tip

    cells = cells.assign(tip=[tip(t("atlas.tip.cell", lang), f"{count_label(int(n), False)}") for n in cells["n"]])
    hot_cells = hot.cells.assign(tip=[tip(t(f"atlas.hot.{c}", lang), f"z = {z:.2f}" if z == z else "", f"n = {n}")
                                      for c, z, n in zip(hot.cells["cls"], hot.cells["z"], hot.cells["n"])])
    few = points.head(MAX_POINTS).assign(tip=lambda d: [tip(tv(o, lang), tw, f"{int(h)}:00" if pd.notna(h) else "")
                                                         for o, tw, h in zip(d["offence"], d["town"], d["hour"])])
    return {"cells": cells, "hot": hot_cells, "points": few if len(points) <= MAX_POINTS else None}
