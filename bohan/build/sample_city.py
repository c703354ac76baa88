"""Build the sample city's DuckDB file from ``data/`` (``python -m bohan.build``).

The file is written under a temporary name and moved into place only when complete, so a
reader never sees a half-built database and a failed build leaves the old one untouched.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bohan import db
from bohan.build import catalogue, crime, derived, equipment, plan, population, survey
from bohan.build.geography import build_geography
from bohan.geo import WGS84
from bohan.paths import QUERIES_DIR

SEED = 20250301  # the plan's publication month: a fixed seed, so two builds are identical

Progress = Callable[[float, str], None]


def _wkt(gdf: gpd.GeoDataFrame, geometry: str = "geometry") -> pd.Series:
    geom = gpd.GeoSeries(gdf[geometry], crs=gdf.crs).to_crs(WGS84)
    return pd.Series(shapely.to_wkt(geom.values, rounding_precision=6), index=gdf.index)


def _centroid_lonlat(gdf: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    c = gdf.geometry.representative_point().to_crs(WGS84)
    return c.x.round(6).to_numpy(), c.y.round(6).to_numpy()


def sample_tables(progress: Progress | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the sample city as DataFrames, in the schema's column order."""
    say = progress or (lambda f, m: None)
    rng = np.random.default_rng(SEED)
    say(0.05, "geography")
    geo = build_geography(rng)
    t: dict[str, pd.DataFrame] = {}
    b = geo.boundary
    t["boundary"] = pd.DataFrame({"name": b["name"], "city_code": b["city_code"], "geometry_wkt": _wkt(b), "source": catalogue.N03})
    towns = geo.towns
    t["towns"] = pd.DataFrame(
        {
            "town": towns["town"], "town_base": towns["town_base"], "chome": towns["chome"],
            "town_police_style": towns["town_police_style"], "koban": towns["koban"],
            "lat": towns["lat"], "lon": towns["lon"], "area_m2": towns["area_m2"].round(0),
            "area_approximate": True, "urban": towns["urban"],
            "geometry_wkt": _wkt(towns, "cell"), "source": catalogue.GEOLONIA,
        }
    )
    k = geo.koban_areas
    t["koban_areas"] = pd.DataFrame(
        {
            "koban": k["koban"], "koban_name": k["koban_name"], "lat": k["lat"], "lon": k["lon"],
            "point_method": k["point_method"], "n_towns": k["n_towns"], "area_m2": k["area_m2"].round(0),
            "area_approximate": True, "geometry_wkt": _wkt(k), "source": catalogue.SOURCES["koban_areas"][0],
        }
    )
    s = geo.schools
    t["schools"] = pd.DataFrame(s.drop(columns="geometry")).assign(source=catalogue.GSI_SHELTERS)
    st = geo.streets
    t["streets"] = pd.DataFrame(st[["street_id", "kind", "length_m"]]).assign(geometry_wkt=_wkt(st), source="sample")
    r = geo.school_routes
    t["school_routes"] = pd.DataFrame(r.drop(columns="geometry")).assign(geometry_wkt=_wkt(r), source="sample")
    p = geo.parks
    lon, lat = _centroid_lonlat(p)
    t["parks"] = pd.DataFrame(p.drop(columns="geometry")).assign(lat=lat, lon=lon, geometry_wkt=_wkt(p), source="sample")
    say(0.25, "incidents")
    t["annual_offences"] = crime.annual_offences()
    t["incidents"] = crime.incidents(rng, geo, t["annual_offences"])
    say(0.6, "child approaches, fraud")
    t["child_approaches"] = crime.child_approaches(rng, geo)
    t["fraud_cases"] = crime.fraud_cases(rng)
    say(0.7, "cameras and street lights")
    t["cameras"] = equipment.cameras(rng, geo)
    t["street_lights"] = equipment.street_lights(rng, geo)
    say(0.8, "survey and plan")
    t["survey_responses"] = survey.build_survey(list(crime.KOBAN), seed=SEED)
    t["plan_indicators"] = plan.plan_indicators()
    t["plan_measures"] = plan.plan_measures()
    t["plan_figures"] = plan.plan_figures()
    counts = {fy: survey.answer_counts(fy)["satisfaction"] for fy in survey.FISCAL_YEARS}
    shares = {fy: (round(100.0 * (c[survey.SATISFACTION_ANSWERS[0]] + c[survey.SATISFACTION_ANSWERS[1]])
                         / survey.N_PER_WAVE, 1), survey.N_PER_WAVE) for fy, c in counts.items()}
    street = t["cameras"][t["cameras"]["kind"] == "street"]["installed_fy"]
    cameras_by_fy = {fy: int((street <= fy).sum()) for fy in range(plan.ACTIVITY_TARGETS_CURRENT_YEAR, plan.ACTIVITY_TARGETS_CURRENT_YEAR + 2)}
    t["indicator_values"] = plan.indicator_values(t["annual_offences"], shares, cameras_by_fy)
    # its own generator, so adding it left every other table exactly as it was
    t["town_population"] = population.town_population(np.random.default_rng(SEED + 1), t["towns"])
    return t


def _catalogue_tables(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    sources = pd.DataFrame(
        [(name, *catalogue.DESCRIPTIONS[name], *v) for name, v in catalogue.SOURCES.items()],
        columns=["table_name", "description_ja", "description_en", "source", "origin", "licence", "attribution"],
    )
    types = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).df()
    desc = types.apply(lambda r: catalogue.COLUMNS.get(r["table_name"], {}).get(r["column_name"], ("", "")), axis=1)
    types["description_ja"] = [d[0] for d in desc]
    types["description_en"] = [d[1] for d in desc]
    return {"data_sources": sources, "data_dictionary": types}


def write_database(tables: dict[str, pd.DataFrame], out: Path) -> None:
    """Create the schema in a new file at ``out`` and load ``tables`` into it (by column name)."""
    con = duckdb.connect(str(out))
    try:
        con.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
        for name, df in tables.items():
            db.insert_by_name(con, name, derived.in_storage_order(name, df))
        derived.refresh(con)
        for name, df in _catalogue_tables(con).items():
            db.insert_by_name(con, name, df)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def build_database(out: Path, progress: Progress | None = None) -> Path:
    """Build the sample database at ``out`` atomically; returns ``out``."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tables = sample_tables(progress)
    if progress:
        progress(0.9, "writing DuckDB")
    fd, tmp = tempfile.mkstemp(prefix=out.name + ".", suffix=".tmp", dir=out.parent)
    os.close(fd)
    os.unlink(tmp)  # DuckDB wants to create the file itself
    try:
        write_database(tables, Path(tmp))
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    if progress:
        progress(1.0, "done")
    return out
