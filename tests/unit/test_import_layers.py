"""The geodata layers reader (bohan.importers.layers): fixtures in tests/data/layers, made by
tests/data/layers/make_fixtures.py from real Tomakomai points; exact counts and coordinates."""
from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from bohan import i18n
from bohan.db import insert_by_name
from bohan.importers import layers
from bohan.importers.common import ImportRefused, sha256
from bohan.importers.layers import (
    FIELDS, KINDS, TABLE_COLUMNS, columns_of, fiscal_year, parse_coordinate, parse_crs, read_layer,
    suggest_mapping, town_parts,
)
from bohan.paths import QUERIES_DIR, REFERENCE_DIR

DATA = Path(__file__).resolve().parent.parent / "data" / "layers"
TOWNS = pd.read_csv(REFERENCE_DIR / "tomakomai-towns-geolonia.csv", dtype=str).set_index("town")
GEOD = Geod(ellps="GRS80")


def town_point(name: str) -> tuple[float, float]:
    """(lat, lon) of a town's representative point in the reference data."""
    return float(TOWNS.loc[name, "lat"]), float(TOWNS.loc[name, "lng"])


@pytest.fixture(scope="module")
def schema_con():
    """An empty database with the app's schema, to check that frames insert as they are."""
    con = duckdb.connect()
    con.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
    yield con
    con.close()


@pytest.fixture(scope="module")
def read(built_db):
    def _read(name: str, kind: str, **kw):
        return read_layer(DATA / name, kind, db=built_db, **kw)

    return _read


def check(frames: dict[str, pd.DataFrame], report, con=None) -> None:
    """Frames have their table's columns in schema order and unique ids; the report adds up."""
    for table, frame in frames.items():
        assert list(frame.columns) == TABLE_COLUMNS[table], table
        key = frame.columns[0]
        assert frame[key].notna().all() and frame[key].is_unique, table
        assert (frame["source"] == report.name).all()
        if con is not None:
            con.begin()
            try:
                insert_by_name(con, table, frame)
            finally:
                con.rollback()
    assert report.rows_read == report.rows_kept + report.rows_skipped
    assert 0 <= report.not_located <= report.rows_kept
    assert report.files and len(report.sha256) == len(report.files)


def notes(report) -> dict[str, dict]:
    return {k: p for k, p in report.notes}


def test_table_columns_match_the_schema(schema_con):
    """TABLE_COLUMNS is the schema's column order for every table the reader fills."""
    for table, columns in TABLE_COLUMNS.items():
        got = [c for (c,) in schema_con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall()]
        assert got == columns, table
    assert set(KINDS.values()) | {"town_population"} == set(TABLE_COLUMNS)


def test_cameras_csv_cp932(read, schema_con):
    """cp932 CSV with 緯度/経度: ids kept (a repeat made unique), 和暦 years, statuses; a blank
    position and a Sapporo camera skipped with their reasons."""
    frames, rep = read("cameras_cp932.csv", "cameras")
    check(frames, rep, schema_con)
    cams = frames["cameras"]
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (10, 8, {"no_coordinates": 1, "outside_city": 1})
    assert list(cams["camera_id"]) == ["C001", "C002", "C003", "C004", "C005", "C006", "C006-2", "C010"]
    assert list(cams["installed_fy"].astype("object").where(cams["installed_fy"].notna(), None)) == [
        2021, 2019, 2018, 2019, 2022, None, 2023, None]
    assert list(cams["kind"]) == ["street"] * 3 + ["school"] + ["street"] * 4
    assert list(cams["status"]) == ["active"] * 3 + ["inactive"] + ["active"] * 4
    assert list(cams["site_type"][:3]) == ["駅周辺", "駅周辺", "公園"]
    assert cams.loc[0, ["lat", "lon"]].tolist() == [42.6385, 141.6055]
    assert cams.loc[7, ["lat", "lon"]].tolist() == [42.6506, 141.617277]  # full-width digits
    n = notes(rep)
    assert n["ids_made_unique"] == {"n": 1, "example": "C006-2"}
    assert n["values_unreadable"]["example"] == "そのうち"
    assert "crs_assumed" in n and "swapped" not in n and rep.name == "cameras_cp932"


def test_lights_swapped_latitude_longitude(read, schema_con):
    """A file whose 緯度 column holds longitudes is read swapped (with a note); a row at 0, 0
    stays outside Japan either way and is skipped."""
    frames, rep = read("lights_swapped.csv", "lights")
    check(frames, rep, schema_con)
    lights = frames["street_lights"]
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (12, 11, {"outside_japan": 1})
    assert notes(rep)["swapped"] == {"n": 11}
    lat, lon = town_point("表町一丁目")
    assert lights.loc[0, "lat"] == pytest.approx(lat, abs=1e-6)
    assert lights.loc[0, "lon"] == pytest.approx(lon, abs=1e-6)
    assert list(lights["lamp_type"][:4]) == ["LED", "LED", "蛍光灯", "水銀灯"]
    assert list(lights["manager"][:3]) == ["町内会", "町内会", "市"]
    assert list(lights["status"]) == ["lit"] * 3 + ["out", "lit", "lit", "out"] + ["lit"] * 4
    assert lights.loc[4, "kind"] == "街路灯"  # no kind; managed by the city
    assert notes(rep)["light_kind_assumed"] == {"n": 1}


def test_municipal_standard_schools(read, schema_con):
    """The municipal standard layout: another city's row and a high school are skipped."""
    frames, rep = read("standard_schools.csv", "schools")
    check(frames, rep, schema_con)
    s = frames["schools"]
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (11, 9, {"other_city": 1, "other_school_level": 1})
    assert list(s["school_id"]) == [f"{i:04d}" for i in range(1, 10)]
    assert list(s["level"]) == ["小学校"] * 5 + ["中学校"] * 3 + ["義務教育学校/小中併置"]
    assert s.loc[0, "address"] == "北海道苫小牧市宮前町2-30-2"


def test_municipal_standard_old_layout_tab_cp932(read, schema_con):
    """The older layout (都道府県コード又は市区町村コード, NO, ...), tab-separated cp932; a row
    without NO gets an id from its row number."""
    frames, rep = read("standard_old_lights.csv", "lights")
    check(frames, rep, schema_con)
    assert (rep.rows_read, rep.rows_kept, rep.rows_skipped) == (4, 4, 0)
    assert list(frames["street_lights"]["light_id"]) == ["1", "2", "standard_old_lights-00003", "4"]
    assert notes(rep)["field_assumed"] == {"field": "status", "default": "lit"}


def test_p29_schools_geojson(read, schema_con):
    """国土数値情報 P29: school codes as ids, class codes as levels; a high school and a school
    of 室蘭市 skipped."""
    frames, rep = read("schools_p29.geojson", "schools")
    check(frames, rep, schema_con)
    s = frames["schools"]
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (8, 6, {"other_city": 1, "other_school_level": 1})
    assert list(s["school_id"]) == [f"B1012132{i:05d}" for i in range(1, 7)]
    assert list(s["level"]) == ["小学校"] * 4 + ["中学校"] * 2
    assert s.loc[0, ["name", "lat", "lon"]].tolist() == ["錦岡小学校", 42.604691, 141.488695]


def test_routes_with_free_properties(read, schema_con, con):
    """Routes: towns from the 町丁目 property (any spelling) or from the first point; a Point and
    an empty geometry skipped; an offshore route is kept, not located; lengths in metres."""
    frames, rep = read("routes.geojson", "routes")
    check(frames, rep, schema_con)
    r = frames["school_routes"]
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (7, 5, {"no_geometry": 1, "wrong_geometry_type": 1})
    assert rep.not_located == 1
    assert list(r["town"]) == ["宮前町一丁目", "表町六丁目", "元町一丁目", "美原町一丁目", None]
    ids = dict(con.execute("SELECT name, school_id FROM schools").fetchall())
    assert list(r["school_id"]) == [ids["錦岡小学校"], ids["若草小学校"], ids["苫小牧西小学校"], ids["錦岡小学校"], None]
    assert list(r["route_id"]) == [f"routes-{i:05d}" for i in (1, 2, 3, 4, 7)]
    geoms = shapely.from_wkt(r["geometry_wkt"].to_numpy())
    for geom, length in zip(geoms, r["length_m"]):
        assert length == pytest.approx(GEOD.geometry_length(geom), rel=0.01)
    n = notes(rep)
    assert n["town_unknown"] == {"n": 1, "example": "存在しない町"}
    assert n["town_from_location"] == {"n": 2} and n["school_unknown"] == {"n": 1}


def test_streets_geopackage_in_jgd2000(read, schema_con):
    """A GeoPackage in JGD2000 with a second (point) layer: the line layer is read, kinds mapped,
    coordinates unchanged to 1e-6 degrees, lengths within 1 %."""
    frames, rep = read("streets.gpkg", "streets")
    check(frames, rep, schema_con)
    s = frames["streets"]
    assert (rep.rows_read, rep.rows_kept, rep.rows_skipped) == (4, 4, 0)
    assert list(s["street_id"]) == ["1", "2", "3", "4"]
    assert list(s["kind"]) == ["arterial", "local", "local", "local"]
    n = notes(rep)
    assert n["layer_chosen"]["layer"] == "streets"
    assert n["values_defaulted"]["values"] == "林道"
    first = shapely.from_wkt(s.loc[0, "geometry_wkt"])
    (x0, y0), (x1, y1) = first.coords
    assert (y0, x0) == pytest.approx(town_point("表町一丁目"), abs=1e-6)
    assert (y1, x1) == pytest.approx(town_point("表町二丁目"), abs=1e-6)
    for wkt, length in zip(s["geometry_wkt"], s["length_m"]):
        assert length == pytest.approx(GEOD.geometry_length(shapely.from_wkt(wkt)), rel=0.01)


def test_parks_zipped_shapefile_in_6680(read, schema_con):
    """A zipped Shapefile in a sub-folder, EPSG:6680, cp932 .dbf without .cpg: names read,
    areas in m², the squares' centres back at the town points, a bow tie repaired."""
    frames, rep = read("parks_6680.zip", "parks")
    check(frames, rep, schema_con)
    p = frames["parks"]
    assert (rep.rows_read, rep.rows_kept, rep.rows_skipped) == (4, 4, 0)
    assert list(p["name"]) == ["表町公園", "元町公園", "美原公園", "宮前ちょうちょ公園"]
    assert list(p["park_id"]) == ["1", "2", "3", "4"]
    for got, want in zip(p["area_m2"], [10000, 3600, 6400, 5000]):
        assert got == pytest.approx(want, rel=0.01)
    for i, t in enumerate(["表町三丁目", "元町一丁目", "美原町二丁目"]):
        assert (p.loc[i, "lat"], p.loc[i, "lon"]) == pytest.approx(town_point(t), abs=1e-6)
    assert list(p["town"]) == ["表町三丁目", "元町一丁目", "美原町二丁目", "宮前町二丁目"]
    assert p["koban"].notna().all() and rep.not_located == 0
    n = notes(rep)
    assert n["dbf_encoding"]["encoding"] == "CP932" and n["geometry_repaired"] == {"n": 1}


@pytest.mark.parametrize("crs", [6680, "EPSG:6680", "6680", "JGD2011 / XII"])
def test_zip_without_prj_needs_a_crs(read, crs):
    """A zip without .prj is refused (crs_unknown) unless a CRS is given, then reads as with one."""
    with pytest.raises(ImportRefused) as e:
        read("parks_noprj.zip", "parks")
    assert e.value.key == "crs_unknown" and e.value.text("ja")
    frames, rep = read("parks_noprj.zip", "parks", crs=crs)
    ref, _ = read("parks_6680.zip", "parks")
    pd.testing.assert_frame_equal(frames["parks"].drop(columns="source"), ref["parks"].drop(columns="source"))


def test_towns_from_estat_shapefile(read, schema_con):
    """e-Stat 小地域: the city's rows, water areas out, parts merged, spellings matched to the
    towns table, police boxes by name or area, population with the census year."""
    frames, rep = read("towns_estat.zip", "towns")
    check(frames, rep, schema_con)
    t = frames["towns"].set_index("town")
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (9, 6, {"other_city": 1, "water_area": 1, "merged": 1})
    assert list(t.index) == ["表町六丁目", "表町五丁目", "宮前町一丁目", "字植苗", "新開町五丁目", "海上町"]
    assert t.loc["表町六丁目", ["town_base", "chome", "town_police_style"]].tolist() == ["表町", 6, "表町６丁目"]
    assert t.loc["新開町五丁目", ["town_base", "chome", "town_police_style"]].tolist() == ["新開町", 5, "新開町５丁目"]
    assert pd.isna(t.loc["字植苗", "chome"])
    assert t.loc["表町六丁目", "koban"] == "駅前"  # from the towns table
    assert t.loc["新開町五丁目", "koban"] == "沼ノ端北"  # from the police-box area holding it
    assert pd.isna(t.loc["海上町", "koban"])
    assert t.loc["表町六丁目", "area_m2"] == pytest.approx(math.pi * 150 ** 2, rel=0.01)
    assert not t["area_approximate"].any() and t.loc["表町六丁目", "urban"] and not t.loc["字植苗", "urban"]
    pop = frames["town_population"].set_index("town")
    assert list(pop.index) == ["表町六丁目", "表町五丁目", "宮前町一丁目", "新開町五丁目", "海上町"]
    assert pop.loc["宮前町一丁目", ["population", "households"]].tolist() == [820, 359]
    assert set(pop["population_year"]) == {2020}
    n = notes(rep)
    assert n["population_year_from_name"] == {"year": 2020, "file": "r2ka01213"}
    assert n["towns_without_koban"] == {"n": 1, "example": "海上町"} and n["koban_from_area"] == {"n": 1}
    assert n["population_missing"] == {"n": 1} and n["towns_new"]["n"] == 2


def test_koban_areas(read, schema_con):
    """Police-box areas: names without 交番, parts of one box merged, a nameless area skipped,
    towns counted by their points, the boxes the file lacks named in a note."""
    frames, rep = read("koban_areas.geojson", "koban_areas")
    check(frames, rep, schema_con)
    k = frames["koban_areas"].set_index("koban")
    assert (rep.rows_read, rep.rows_kept, rep.skipped) == (5, 3, {"merged": 1, "no_koban_name": 1})
    assert list(k.index) == ["駅前", "錦岡", "沼ノ端"] and list(k["koban_name"]) == ["駅前交番", "錦岡交番", "沼ノ端交番"]
    for box, want in [("駅前", 1500 ** 2 + 500 ** 2), ("錦岡", 2000 ** 2), ("沼ノ端", 1200 ** 2)]:
        assert k.loc[box, "area_m2"] == pytest.approx(want, rel=0.01)
        area = shapely.from_wkt(k.loc[box, "geometry_wkt"])
        inside = shapely.contains_xy(area, TOWNS["lng"].astype(float), TOWNS["lat"].astype(float)).sum()
        assert k.loc[box, "n_towns"] == inside > 0
    assert "糸井" in notes(rep)["koban_missing"]["names"]


def test_geojson_in_plane_rectangular_crs(read):
    """A GeoJSON whose crs member says EPSG:6680 comes back to the original lon/lat (1e-6 deg)."""
    frames, rep = read("cameras_6680.geojson", "cameras")
    c = frames["cameras"]
    assert list(c["camera_id"]) == ["K1", "K2", "K3"]
    assert (c.loc[0, "lat"], c.loc[0, "lon"]) == pytest.approx((42.6385, 141.6055), abs=1e-6)
    assert (c.loc[2, "lat"], c.loc[2, "lon"]) == pytest.approx(town_point("緑町一丁目"), abs=1e-6)
    assert notes(rep)["crs_used"]["crs"].startswith("EPSG:6680")


def test_projected_values_in_degree_columns(read):
    """Metres in 緯度/経度 are refused (needs_crs); with crs=6680 they read as the town points."""
    with pytest.raises(ImportRefused) as e:
        read("projected_as_degrees.csv", "cameras")
    assert e.value.key == "needs_crs"
    frames, _ = read("projected_as_degrees.csv", "cameras", crs="EPSG:6680")
    c = frames["cameras"]
    assert (c.loc[1, "lat"], c.loc[1, "lon"]) == pytest.approx(town_point("表町二丁目"), abs=1e-6)


MAPPING = {"light_id": "管理No", "lat": "位置_北", "lon": "位置_東", "lamp_type": "ランプ種類", "manager": "保守",
           "status": "点灯"}


def test_column_mapping(read, schema_con):
    """Unguessable columns are refused until mapped; a mapping naming a missing column or an
    unknown target is refused; a mapped file reads."""
    with pytest.raises(ImportRefused) as e:
        read("lights_mapped.csv", "lights")
    assert e.value.key == "no_coordinate_columns" and "位置_北" in e.value.text("ja")
    with pytest.raises(ImportRefused) as e:
        read("lights_mapped.csv", "lights", mapping={**MAPPING, "lat": "北"})
    assert e.value.key == "no_such_column" and e.value.params["column"] == "北"
    with pytest.raises(ImportRefused) as e:
        read("lights_mapped.csv", "lights", mapping={"colour": "保守"})
    assert e.value.key == "unknown_target"
    frames, rep = read("lights_mapped.csv", "lights", mapping=MAPPING)
    check(frames, rep, schema_con)
    assert list(frames["street_lights"]["status"]) == ["lit", "out", "lit"]
    assert list(frames["street_lights"]["light_id"]) == ["M-1", "M-2", "M-3"]


def test_csv_title_line_and_bare_shapefile(built_db, tmp_path):
    """A title line above a CSV's header is passed over; a .shp beside its .dbf/.shx/.prj reads
    as the same Shapefile zipped."""
    lat, lon = town_point("表町一丁目")
    csv_path = tmp_path / "cams.csv"
    csv_path.write_text(f"防犯カメラ設置一覧（令和6年4月1日現在）\n\nNO,緯度,経度\n1,{lat},{lon}\n,,\n", encoding="cp932")
    frames, rep = read_layer(csv_path, "cameras", db=built_db)
    assert rep.rows_read == 1 and frames["cameras"].loc[0, ["camera_id", "lat", "lon"]].tolist() == ["1", lat, lon]
    import zipfile

    with zipfile.ZipFile(DATA / "parks_6680.zip") as zf:
        zf.extractall(tmp_path)
    frames, rep = read_layer(tmp_path / "parks" / "公園.shp", "parks", db=built_db)
    assert rep.rows_kept == 4 and list(frames["parks"]["name"])[0] == "表町公園"


def test_columns_of_and_suggest_mapping():
    """columns_of lists a file's columns; suggest_mapping recognises P29, e-Stat, the municipal
    standard and plain Japanese names, one column per target."""
    assert columns_of(DATA / "cameras_cp932.csv") == ["ID", "種別", "設置場所", "緯度", "経度", "住所", "設置年度", "状態", "備考"]
    assert columns_of(DATA / "towns_estat.zip", "towns")[:7] == [
        "KEY_CODE", "PREF", "CITY", "S_AREA", "PREF_NAME", "CITY_NAME", "S_NAME"]
    assert suggest_mapping(["P29_001", "P29_002", "P29_003", "P29_004", "P29_005"], "schools") == {
        "school_id": "P29_002", "name": "P29_004", "level": "P29_003", "address": "P29_005", "city_code": "P29_001"}
    assert suggest_mapping(["KEY_CODE", "S_NAME", "JINKO", "SETAI", "HCODE"], "towns") == {
        "town": "S_NAME", "population": "JINKO", "households": "SETAI", "hcode": "HCODE"}
    assert suggest_mapping(["全国地方公共団体コード", "ID", "名称", "名称_カナ", "緯度(世界測地系)", "経度"], "schools") == {
        "school_id": "ID", "name": "名称", "lat": "緯度(世界測地系)", "lon": "経度", "city_code": "全国地方公共団体コード"}
    assert suggest_mapping(["NO", "灯具種別", "種別", "Y", "X"], "lights") == {
        "light_id": "NO", "kind": "種別", "lamp_type": "灯具種別", "lat": "Y", "lon": "X"}
    with pytest.raises(ImportRefused) as e:
        suggest_mapping(["ID"], "bicycles")
    assert e.value.key == "unknown_kind"


MALFORMED = [
    ("not_a_zip.zip", "parks", "not_zip"),
    ("empty.csv", "cameras", "empty_file"),
    ("page.csv", "lights", "html_file"),
    ("binary.csv", "lights", "not_text"),
    ("polygons.geojson", "cameras", "wrong_geometry"),
    ("routes.geojson", "parks", "wrong_geometry"),
    ("outside_japan.csv", "cameras", "outside_japan"),
    ("sapporo.csv", "cameras", "outside_city"),
    ("projected_as_degrees.csv", "lights", "needs_crs"),
    ("broken.geojson", "routes", "unreadable"),
    ("broken.gpkg", "streets", "unreadable"),
    ("zip_no_shp.zip", "parks", "no_shapefile"),
    ("zip_no_dbf.zip", "parks", "shapefile_incomplete"),
    ("parks_noprj.zip", "parks", "crs_unknown"),
    ("cameras_cp932.csv", "routes", "wrong_geometry"),
    ("parks_6680.zip", "towns", "no_name_column"),
    ("make_fixtures.py", "cameras", "unknown_format"),
    ("no_such_file.csv", "cameras", "no_file"),
]


@pytest.mark.parametrize("name,kind,key", MALFORMED, ids=[m[0] + "-" + m[1] for m in MALFORMED])
def test_bad_files_are_refused_with_a_key(read, name, kind, key):
    """Each bad file is refused with its own key, whose Japanese and English texts are filled."""
    with pytest.raises(ImportRefused) as e:
        read(name, kind)
    assert e.value.key == key
    ja, en = e.value.text("ja"), e.value.text("en")
    assert ja.strip() and en.strip() and ja != en and "{" not in ja


def test_bad_options_are_refused(read, built_db, tmp_path, monkeypatch):
    """Reserved or blank names, unknown CRSs and kinds, bad city codes, a missing database and
    files over the size limit are refused before any row is read."""
    cases = [
        (dict(name="sample"), "reserved_name"), (dict(name="plan"), "reserved_name"), (dict(name="  "), "reserved_name"),
        (dict(name="a\x07b"), "name_chars"), (dict(crs="EPSG:999999"), "crs_invalid"), (dict(crs="nonsense"), "crs_invalid"),
        (dict(city_code="012132"), "bad_city_code"), (dict(city_code="tomakomai"), "bad_city_code"),
        (dict(db=tmp_path / "none.duckdb"), "no_database"),
    ]
    for kw, key in cases:
        with pytest.raises(ImportRefused) as e:
            read_layer(DATA / "cameras_cp932.csv", "cameras", **{"db": built_db, **kw})
        assert e.value.key == key, kw
        assert e.value.text("ja")
    with pytest.raises(ImportRefused) as e:
        read("cameras_cp932.csv", "bicycles")
    assert e.value.key == "unknown_kind"
    monkeypatch.setattr(layers, "MAX_MB", 0.0001)
    with pytest.raises(ImportRefused) as e:
        read("cameras_cp932.csv", "cameras")
    assert e.value.key == "too_large" and "MB" in e.value.text("ja")


def test_reading_leaves_the_database_unchanged(read, built_db):
    """The reader opens the database read-only and writes nothing."""
    before = sha256(built_db)
    layers._reference_cached.cache_clear()
    read("towns_estat.zip", "towns")
    assert sha256(built_db) == before


@pytest.mark.parametrize("value,expected", [
    ("令和3年度", 2021), ("令和元年度", 2019), ("R3", 2021), ("R03", 2021), ("H30年度", 2018), ("平成３０年度", 2018),
    ("2021", 2021), ("2021年度", 2021), ("FY2021", 2021), (2021.0, 2021), ("2022/3/31", 2021), ("2022-04-01", 2022),
    ("令和4年3月", 2021), ("", None), ("不明", None),
])
def test_fiscal_year(value, expected):
    """Fiscal years from 和暦, 西暦 and dates (April to March)."""
    assert fiscal_year(value) == (expected, True)


@pytest.mark.parametrize("value", ["そのうち", "3", "令和100年度", "2021/13", "12345"])
def test_fiscal_year_unreadable(value):
    """Values that are no year are unreadable, not guessed."""
    assert fiscal_year(value) == (None, False)


@pytest.mark.parametrize("value,expected", [
    ("42.6385", 42.6385), ("４２．６３８５", 42.6385), ("北緯42.5", 42.5), ("-33.5", -33.5),
    ("42°30'36\"", 42.51), ("42度30分36秒", 42.51), ("141°36.6'E", 141.61), ("S33.5", -33.5),
    ("", None), ("nan", None), ("inf", None), ("abc", None), ("1e400", None),
])
def test_parse_coordinate(value, expected):
    """Decimal degrees in any width, hemisphere prefixes and degree-minute-second forms."""
    got = parse_coordinate(value)
    assert got == (pytest.approx(expected) if expected is not None else None)


def test_town_parts_and_crs_aliases():
    """Town names split into base and chome with the police spelling; CRS names understood."""
    assert town_parts("表町六丁目") == ("表町", 6, "表町６丁目")
    assert town_parts("沼ノ端中央十二丁目") == ("沼ノ端中央", 12, "沼ノ端中央１２丁目")
    assert town_parts("字植苗") == ("字植苗", None, "字植苗")
    assert parse_crs("JGD2011").to_epsg() == 6668 and parse_crs("JGD2000").to_epsg() == 4612
    assert parse_crs(6680).to_epsg() == 6680 and parse_crs("平面直角座標系第12系").to_epsg() == 6680


_KEY_USES = [
    ("import.refused.", re.compile(r"ImportRefused\(\s*\"([a-z_]+)\"")),
    ("import.skip.", re.compile(r"\.skip\(\s*\"([a-z_]+)\"")),
    ("import.skip.", re.compile(r"\brows\.drop\(.*,\s*\"([a-z_]+)\"\)\s*$", re.MULTILINE)),  # reason comes last
    ("import.note.", re.compile(r"\.note\(\s*\"([a-z_]+)\"")),
]


def test_every_layer_key_is_in_the_catalogue_and_used():
    """Every refusal, skip and note key the reader uses has both languages; every refusal, skip
    and note of TEXT_LAYERS is used; kinds and mapping targets have labels."""
    from bohan.i18n_import import TEXT_IMPORT
    from bohan.i18n_layers import TEXT_LAYERS

    code = (Path(layers.__file__)).read_text(encoding="utf-8")
    used = {prefix + k for prefix, pat in _KEY_USES for k in pat.findall(code)}
    assert len(used) > 60, "the patterns no longer find the keys"
    assert used - set(i18n.TEXT) == set()
    ours = {k for k in TEXT_LAYERS if k.startswith(("import.refused.", "import.skip.", "import.note."))}
    assert ours - used == set()
    assert not set(TEXT_LAYERS) & set(TEXT_IMPORT)
    for kind, fields in FIELDS.items():
        assert f"import.layer.{kind}" in i18n.TEXT
        assert {f"import.field.{f}" for f in fields} <= set(i18n.TEXT)


# ---------------------------------------------------------------- never a traceback

_JA = "緯度経度番号種別町丁目表一二三交番名称公園学校小中ー－０１２３４５６７８９．、"
_CELL_CHARS = st.sampled_from(list("0123456789.-,\"' \tabcXYZ°" + _JA + "\n"))
_NAMES = ["緯度", "経度", "lat", "lon", "Y", "X", "ID", "NO", "番号", "種別", "名称", "学校名", "設置年度", "状態",
          "灯具種別", "管理者", "町丁目", "S_NAME", "JINKO", "SETAI", "WKT", "全国地方公共団体コード", "P29_003", "交番"]


_PAIRS = [("緯度", "経度"), ("lat", "lon"), ("Y", "X"), ("latitude", "longitude")]
_NEAR = st.tuples(st.floats(42.58, 42.72), st.floats(141.45, 141.75))  # (lat, lon) in Tomakomai


def _wkt_near(draw) -> str:
    pts = draw(st.lists(_NEAR, min_size=1, max_size=4))
    xy = ", ".join(f"{lon:.6f} {lat:.6f}" for lat, lon in pts)
    return draw(st.sampled_from([f"POINT ({xy.split(', ')[0]})", f"LINESTRING ({xy})",
                                 f"POLYGON (({xy}, {xy.split(', ')[0]}))", "POINT EMPTY", "LINESTRING (1 2"]))


@st.composite
def csv_texts(draw):
    """A CSV text and an encoding: random headers (often with a coordinate pair and a WKT
    column) and cells (often coordinates in the city, sometimes swapped, else anything)."""
    names = draw(st.lists(st.one_of(st.sampled_from(_NAMES), st.text(_CELL_CHARS, max_size=6)), max_size=5))
    if draw(st.integers(0, 3)):  # mostly: a pair of coordinate columns at random places
        lat_name, lon_name = draw(st.sampled_from(_PAIRS))
        names.insert(draw(st.integers(0, len(names))), lat_name)
        names.insert(draw(st.integers(0, len(names))), lon_name)
    if draw(st.booleans()):
        names.insert(draw(st.integers(0, len(names))), "WKT")
    names = names or ["ID"]
    swapped = draw(st.integers(0, 4)) == 0

    def cell(col: str, lat: float, lon: float) -> str:
        if col in ("緯度", "lat", "Y", "latitude", "経度", "lon", "X", "longitude") and draw(st.integers(0, 5)):
            is_lat = col in ("緯度", "lat", "Y", "latitude")
            return f"{(lat if is_lat else lon) if not swapped else (lon if is_lat else lat):.6f}"
        if col == "WKT" and draw(st.integers(0, 3)):
            return _wkt_near(draw)
        return draw(st.one_of(
            st.text(_CELL_CHARS, max_size=8), st.integers(-10**7, 10**7).map(str),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.sampled_from(["", "不明", "令和3年度", "点灯", "不点", "LED", "16001", "表町六丁目", "012131", "01205"])))

    rows = []
    for _ in range(draw(st.integers(0, 6))):
        lat, lon = draw(_NEAR)
        rows.append([cell(c, lat, lon) for c in names])
    sep = draw(st.sampled_from([",", "\t"]))

    def quote(v: str) -> str:
        needs = any(ch in v for ch in (sep, '"', "\n"))
        return '"' + v.replace('"', '""') + '"' if needs and draw(st.integers(0, 5)) else v

    text = "\n".join(sep.join(quote(v) for v in r) for r in [names, *rows])
    return text, draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))


def _outcome(path: Path, kind: str, db, **kw) -> None:
    try:
        frames, report = read_layer(path, kind, db=db, **kw)
    except ImportRefused as e:
        assert e.key != "unexpected", str(e)
        assert e.text("ja") and e.text("en")
        return
    check(frames, report)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("layers-fuzz")


_counter = itertools.count()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=csv_texts(), kind=st.sampled_from(sorted(KINDS)))
def test_any_csv_text_reads_or_is_refused(built_db, scratch, data, kind):
    """Random CSV texts (headers, cells, numbers, swapped columns, encodings) give frames that
    fit the schema or a refusal with a catalogue key; never another exception."""
    text, encoding = data
    path = scratch / f"fuzz{next(_counter)}.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _outcome(path, kind, built_db)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(blob=st.binary(max_size=300), ext=st.sampled_from([".csv", ".zip", ".geojson", ".json", ".gpkg", ".shp", ".txt"]),
       kind=st.sampled_from(sorted(KINDS)))
def test_any_bytes_are_refused_cleanly(built_db, scratch, blob, ext, kind):
    """Random bytes under any supported extension never end in a traceback."""
    path = scratch / f"fuzz{next(_counter)}{ext}"
    path.write_bytes(blob)
    _outcome(path, kind, built_db)


_POSITION = st.one_of(
    _NEAR.map(lambda p: [p[1], p[0]]), _NEAR.map(list),  # in the city, or swapped
    st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=2, max_size=3),
)


@st.composite
def geometries(draw):
    kind = draw(st.sampled_from(["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", None,
                                 "square"]))
    if kind is None:
        return None
    if kind == "square":  # a valid area in the city, so that areas get through too
        lat, lon = draw(_NEAR)
        d = draw(st.floats(1e-4, 1e-2))
        return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]]}
    if kind == "Point":
        return {"type": kind, "coordinates": draw(_POSITION)}
    ring = draw(st.lists(_POSITION, min_size=0, max_size=5))
    coords = {"MultiPoint": ring, "LineString": ring, "MultiLineString": [ring], "Polygon": [ring + ring[:1]],
              "MultiPolygon": [[ring + ring[:1]]]}[kind]
    return {"type": kind, "coordinates": coords}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(feats=st.lists(st.tuples(geometries(), st.dictionaries(st.sampled_from(_NAMES), st.text(_CELL_CHARS, max_size=5),
                                                               max_size=3)), max_size=5),
       kind=st.sampled_from(sorted(KINDS)), crs=st.sampled_from([None, 6680, "JGD2000"]))
def test_any_geojson_reads_or_is_refused(built_db, scratch, feats, kind, crs):
    """Random GeoJSON features (any geometry type, NaN and infinite coordinates, empty rings)
    give schema frames or a refusal, under any given CRS."""
    import json

    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": p, "geometry": g} for g, p in feats]}
    path = scratch / f"fuzz{next(_counter)}.geojson"
    path.write_text(json.dumps(fc, ensure_ascii=False).replace("NaN", "null").replace("Infinity", "1e999"),
                    encoding="utf-8")
    _outcome(path, kind, built_db, crs=crs)


def test_frames_have_no_numpy_objects_left(read):
    """Text columns hold Python str or None (no numpy scalars), so any writer can bind them."""
    frames, _ = read("routes.geojson", "routes")
    for v in frames["school_routes"]["town"]:
        assert v is None or type(v) is str
    assert np.issubdtype(frames["school_routes"]["length_m"].dtype, np.floating)
