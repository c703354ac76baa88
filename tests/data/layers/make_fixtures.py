"""Write the geodata-layer fixtures of tests/unit/test_import_layers.py (run once; files committed).

    .venv/bin/python tests/data/layers/make_fixtures.py

Coordinates are real Tomakomai places from data/reference (town points from the Geolonia
address data, schools from GSI's shelter list, the N03 boundary for an offshore point);
shapes around them (squares, buffers) are made up. Every file is small and deterministic
(the GeoPackage holds GDAL's timestamps, so it differs byte-wise between runs).
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))
from bohan.paths import REFERENCE_DIR  # noqa: E402

OUT = Path(__file__).resolve().parent
TOWNS = pd.read_csv(REFERENCE_DIR / "tomakomai-towns-geolonia.csv", dtype=str).set_index("town")
SCHOOLS = pd.read_csv(REFERENCE_DIR / "tomakomai-designated-shelters-gsi.csv", dtype=str).set_index("name")
TO_6680 = Transformer.from_crs("EPSG:4326", "EPSG:6680", always_xy=True)
TO_4326 = Transformer.from_crs("EPSG:6680", "EPSG:4326", always_xy=True)
#: 1 km off the coast south of 錦岡 (the coast is at 42.6170 N on 141.55 E): in the sea, within 2 km.
OFFSHORE = (42.6080, 141.5500)
SAPPORO = (43.0686, 141.3508)
MURORAN = (42.3152, 140.9738)


def town(name: str) -> tuple[float, float]:
    """(lat, lon) of a town's representative point."""
    r = TOWNS.loc[name]
    return float(r["lat"]), float(r["lng"])


def school(name: str) -> tuple[float, float]:
    r = SCHOOLS.loc[name]
    return float(r["lat"]), float(r["lng"])


def metric(lat: float, lon: float) -> tuple[float, float]:
    return TO_6680.transform(lon, lat)


def write_csv(name: str, header: list[str], rows: list[list[object]], encoding: str, sep: str = ",") -> None:
    lines = [sep.join(header)] + [sep.join("" if v is None else str(v) for v in r) for r in rows]
    (OUT / name).write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))


def write_geojson(name: str, features: list[dict], crs: str | None = None) -> None:
    fc: dict = {"type": "FeatureCollection"}
    if crs:
        fc["crs"] = {"type": "name", "properties": {"name": crs}}
    fc["features"] = features
    (OUT / name).write_text(json.dumps(fc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def zip_shapefile(gdf: gpd.GeoDataFrame, zip_name: str, stem: str, folder: str = "",
                  drop: tuple[str, ...] = ()) -> None:
    """Write ``gdf`` as a cp932 Shapefile without .cpg (as e-Stat's and many cities' files), zipped."""
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / f"{stem}.shp"
        gdf.to_file(shp, encoding="cp932", engine="pyogrio")
        for ext in ("cpg", *drop):
            shp.with_suffix(f".{ext}").unlink(missing_ok=True)
        with zipfile.ZipFile(OUT / zip_name, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(Path(tmp).iterdir()):
                zf.write(f, f"{folder}{f.name}")


def square(lat: float, lon: float, side_m: float):
    x, y = metric(lat, lon)
    return shapely.box(x - side_m / 2, y - side_m / 2, x + side_m / 2, y + side_m / 2)


def cameras() -> None:
    """cp932 CSV with 緯度/経度: 10 rows; one blank position, one in Sapporo (outside the city)."""
    header = ["ID", "種別", "設置場所", "緯度", "経度", "住所", "設置年度", "状態", "備考"]
    rows = [
        ["C001", "街頭", "駅周辺", 42.6385, 141.6055, "苫小牧市表町", "令和3年度", "稼働", ""],
        ["C002", "街頭", "駅周辺", 42.6717, 141.6983, "", "2019", "稼働", ""],
        ["C003", "街頭", "公園", *town("表町六丁目"), "", "H30年度", "稼働", ""],
        ["C004", "学校", "学校", *school("錦岡小学校"), "", "令和元年度", "故障", "修理待ち"],
        ["C005", "街頭", "通学路", *school("苫小牧西小学校"), "", "2022/6/1", "", ""],
        ["C006", "街頭", "通学路", *school("糸井小学校"), "", "そのうち", "稼働", ""],
        ["C006", "街頭", "通学路", *school("豊川小学校"), "", "2023", "稼働", "IDの重複"],
        ["C008", "街頭", "駅周辺", "", "", "", "2020", "稼働", "位置未登録"],
        ["C009", "街頭", "駅周辺", *SAPPORO, "札幌市", "2020", "稼働", "市外"],
        ["C010", "街頭", "公園", "４２．６５０６", "141.617277", "", "", "稼働", "全角数字"],
    ]
    write_csv("cameras_cp932.csv", header, rows, "cp932")


def lights() -> None:
    """UTF-8 (BOM) CSV whose 緯度 column holds longitudes and 経度 latitudes; one row at 0, 0."""
    (a_lat, a_lon), (b_lat, b_lon) = town("表町一丁目"), town("表町二丁目")
    header = ["灯具番号", "種別", "灯具種別", "管理者", "状態", "緯度", "経度"]
    kinds = ["防犯灯", "防犯灯", "街路灯", "防犯灯", "", "防犯灯", "防犯灯", "街路灯", "防犯灯", "防犯灯", "防犯灯"]
    lamps = ["LED", "ＬＥＤ", "蛍光灯", "水銀灯", "LED", "LED", "蛍光灯", "LED", "LED", "水銀灯", "LED"]
    managers = ["町内会", "町内会", "苫小牧市", "町内会", "苫小牧市", "町内会", "町内会", "苫小牧市", "自治会", "町内会", "町内会"]
    status = ["点灯", "点灯", "点灯", "不点", "点灯", "", "球切れ", "点灯", "点灯", "点灯", "点灯"]
    rows = []
    for i in range(11):
        f = i / 10
        lat, lon = round(a_lat + f * (b_lat - a_lat), 6), round(a_lon + f * (b_lon - a_lon), 6)
        rows.append([f"L{i + 1:03d}", kinds[i], lamps[i], managers[i], status[i], lon, lat])  # swapped
    rows.append(["L012", "防犯灯", "LED", "町内会", "点灯", 0, 0])
    write_csv("lights_swapped.csv", header, rows, "utf-8-sig")


def standard_schools() -> None:
    """The municipal standard data set layout (全国地方公共団体コード, ID, ...): 11 rows; one of
    室蘭市 (another city), one high school."""
    header = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "種別",
              "所在地_連結表記", "緯度", "経度", "電話番号", "URL"]
    picks = [("錦岡小学校", "小学校"), ("苫小牧東小学校", "小学校"), ("北星小学校", "小学校"), ("緑小学校", "小学校"),
             ("若草小学校", "小学校"), ("啓明中学校", "中学校"), ("光洋中学校", "中学校"), ("和光中学校", "中学校"),
             ("植苗小中学校", "義務教育学校"), ("苫小牧南高等学校", "高等学校")]
    rows = []
    for i, (name, kind) in enumerate(picks, 1):
        lat, lon = school(name)
        rows.append(["012131", f"{i:04d}", "苫小牧市", name, "", "", kind, SCHOOLS.loc[name, "address"], lat, lon, "", ""])
    rows.append(["012050", "0011", "室蘭市", "室蘭市立某小学校", "", "", "小学校", "北海道室蘭市", *MURORAN, "", ""])
    write_csv("standard_schools.csv", header, rows, "utf-8")


def standard_old_lights() -> None:
    """The older municipal layout (都道府県コード又は市区町村コード, NO, ...), tab-separated, cp932;
    one row without a number."""
    header = ["都道府県コード又は市区町村コード", "NO", "都道府県名", "市区町村名", "名称", "名称_カナ", "住所", "方書",
              "緯度", "経度", "種別", "灯具種別", "管理者"]
    rows = []
    for i, t in enumerate(["宮前町一丁目", "宮前町二丁目", "宮前町三丁目", "宮前町四丁目"], 1):
        lat, lon = town(t)
        rows.append(["012131", "" if i == 3 else i, "北海道", "苫小牧市", f"{t}防犯灯", "", f"苫小牧市{t}", "",
                     lat, lon, "防犯灯", "LED", "町内会"])
    write_csv("standard_old_lights.csv", header, rows, "cp932", sep="\t")


def schools_p29() -> None:
    """国土数値情報 P29 (2021) layout: 8 points; one high school (16004), one in 室蘭市 (01205)."""
    picks = [("錦岡小学校", "16001"), ("苫小牧西小学校", "16001"), ("美園小学校", "16001"), ("拓勇小学校", "16001"),
             ("明倫中学校", "16002"), ("沼ノ端中学校", "16002"), ("苫小牧東高等学校", "16004")]
    feats = []
    for i, (name, cls) in enumerate(picks, 1):
        lat, lon = school(name)
        feats.append(feature({"P29_001": "01213", "P29_002": f"B1012132{i:05d}", "P29_003": cls, "P29_004": name,
                              "P29_005": SCHOOLS.loc[name, "address"].removeprefix("北海道")},
                             {"type": "Point", "coordinates": [lon, lat]}))
    feats.append(feature({"P29_001": "01205", "P29_002": "B101220500001", "P29_003": "16001", "P29_004": "室蘭某小学校",
                          "P29_005": "室蘭市"}, {"type": "Point", "coordinates": [MURORAN[1], MURORAN[0]]}))
    write_geojson("schools_p29.geojson", feats)


def routes() -> None:
    """LineStrings with free properties (学校名, 町丁目, 備考): 7 features; one Point, one without
    geometry, one offshore route of a school not in the table (town unknown)."""
    def line(*pts):
        return {"type": "LineString", "coordinates": [[lon, lat] for lat, lon in pts]}

    (t1, s1) = town("宮前町一丁目"), school("錦岡小学校")
    (t2, s2) = town("表町六丁目"), school("若草小学校")
    (t3, s3) = town("元町一丁目"), school("苫小牧西小学校")
    (t4, s4) = town("美原町一丁目"), school("錦岡小学校")
    feats = [
        feature({"学校名": "錦岡小学校", "町丁目": "宮前町1丁目", "備考": ""}, line(t1, (t1[0], s1[1]), s1)),
        feature({"学校名": "若草小学校", "町丁目": "表町６丁目"}, line(t2, s2)),
        feature({"学校名": "苫小牧西小学校", "町丁目": ""},
                {"type": "MultiLineString", "coordinates": [[[t3[1], t3[0]], [t3[1], s3[0]]],
                                                            [[t3[1], s3[0]], [s3[1], s3[0]]]]}),
        feature({"学校名": "錦岡小学校", "町丁目": "存在しない町"}, line(t4, s4)),
        feature({"学校名": "錦岡小学校", "町丁目": "宮前町二丁目"}, {"type": "Point", "coordinates": [t1[1], t1[0]]}),
        feature({"学校名": "錦岡小学校", "町丁目": "宮前町三丁目"}, None),
        feature({"学校名": "架空小学校", "備考": "海上"}, line(OFFSHORE, (OFFSHORE[0], OFFSHORE[1] + 0.004))),
    ]
    write_geojson("routes.geojson", feats)


def streets() -> None:
    """GeoPackage in JGD2000 (EPSG:4612) with two layers: 'streets' (4 LineStrings) and 'poi'."""
    path = OUT / "streets.gpkg"
    path.unlink(missing_ok=True)
    pts = [town(t) for t in ("表町一丁目", "表町二丁目", "表町三丁目", "表町四丁目", "表町五丁目")]
    lines = [shapely.LineString([(a[1], a[0]), (b[1], b[0])]) for a, b in zip(pts, pts[1:])]
    gpd.GeoDataFrame({"ID": [1, 2, 3, 4], "道路種別": ["国道", "市道", "市道", "林道"]},
                     geometry=lines, crs="EPSG:4612").to_file(path, layer="streets", engine="pyogrio")
    gpd.GeoDataFrame({"名称": ["苫小牧駅"]}, geometry=[shapely.Point(141.6055, 42.6385)],
                     crs="EPSG:4612").to_file(path, layer="poi", engine="pyogrio")


def parks() -> gpd.GeoDataFrame:
    """Zipped Shapefile in EPSG:6680 (with .prj) in a sub-folder, cp932 .dbf without .cpg:
    three squares (100 m, 60 m, 80 m) and one self-crossing 'bow tie' (two 50 m triangles)."""
    x, y = metric(*town("宮前町二丁目"))
    bowtie = shapely.Polygon([(x, y), (x + 100, y + 100), (x + 100, y), (x, y + 100), (x, y)])
    gdf = gpd.GeoDataFrame(
        {"番号": [1, 2, 3, 4], "公園名": ["表町公園", "元町公園", "美原公園", "宮前ちょうちょ公園"]},
        geometry=[square(*town("表町三丁目"), 100), square(*town("元町一丁目"), 60), square(*town("美原町二丁目"), 80),
                  bowtie],
        crs="EPSG:6680",
    )
    zip_shapefile(gdf, "parks_6680.zip", "公園", folder="parks/")
    zip_shapefile(gdf, "parks_noprj.zip", "parks", drop=("prj",))
    return gdf


def towns_estat() -> None:
    """An e-Stat 小地域 (census 2020) look-alike, r2ka01213.shp in JGD2011 (EPSG:6668), cp932 .dbf:
    9 rows: 表町六丁目; 表町５丁目 (full-width digit); 宮前町一丁目 in two parts; 植苗 (the
    towns table writes 字植苗; population blank); 新開町五丁目 (not in the towns table); an
    offshore town (no police box); a water area (HCODE 8154); a town of 室蘭市 (CITY 205)."""
    def circle(lat, lon, r):
        return shapely.Point(metric(lat, lon)).buffer(r)

    m1 = circle(*town("宮前町一丁目"), 120)
    m1b = shapely.box(m1.bounds[2], m1.bounds[1], m1.bounds[2] + 60, m1.bounds[1] + 60)
    sk = metric(*town("新開町一丁目"))
    rows = [
        # KEY_CODE, S_NAME, HCODE, JINKO, SETAI, geometry (EPSG:6680, converted below)
        ("01213006006", "表町六丁目", 8101, 512, 301, circle(*town("表町六丁目"), 150)),
        ("01213006005", "表町５丁目", 8101, 420, 250, circle(*town("表町五丁目"), 100)),
        ("01213041001", "宮前町一丁目", 8101, 800, 350, m1),
        ("01213041001", "宮前町一丁目", 8101, 20, 9, m1b),
        ("01213090000", "植苗", 8101, None, None, circle(*town("字植苗"), 1000)),
        ("01213055005", "新開町五丁目", 8101, 150, 70, shapely.Point(sk[0] + 500, sk[1]).buffer(120)),
        ("01213099001", "海上町", 8101, 0, 0, circle(*OFFSHORE, 100)),
        ("01213999999", "", 8154, 0, 0, circle(42.60, 141.60, 300)),
        ("01205001001", "中央町一丁目", 8101, 900, 500, circle(*MURORAN, 150)),
    ]
    gdf = gpd.GeoDataFrame(
        {
            "KEY_CODE": [r[0] for r in rows], "PREF": [r[0][:2] for r in rows], "CITY": [r[0][2:5] for r in rows],
            "S_AREA": [r[0][5:] for r in rows], "PREF_NAME": "北海道",
            "CITY_NAME": ["室蘭市" if r[0][2:5] == "205" else "苫小牧市" for r in rows],
            "S_NAME": [r[1] for r in rows], "HCODE": [r[2] for r in rows],
            "JINKO": [r[3] for r in rows], "SETAI": [r[4] for r in rows],
        },
        geometry=[r[5] for r in rows], crs="EPSG:6680",
    ).to_crs("EPSG:6668")
    zip_shapefile(gdf, "towns_estat.zip", "r2ka01213", folder="A002005212020DDSWC01213/")


def cameras_6680() -> None:
    """GeoJSON whose crs member says EPSG:6680 (plane rectangular XII): three points."""
    feats = []
    for i, (lat, lon) in enumerate([(42.6385, 141.6055), school("美園小学校"), town("緑町一丁目")], 1):
        x, y = metric(lat, lon)
        feats.append(feature({"番号": f"K{i}", "種別": "街頭"}, {"type": "Point", "coordinates": [round(x, 3), round(y, 3)]}))
    write_geojson("cameras_6680.geojson", feats, crs="urn:ogc:def:crs:EPSG::6680")


def koban_areas() -> None:
    """Police-box areas as GeoJSON polygons named as police write them (交番 suffix): squares
    around three boxes' points, 駅前 in two parts, and one area without a name."""
    boxes = pd.read_csv(REFERENCE_DIR / "tomakomai-police-boxes.csv", dtype=str).set_index("box_short")

    def box(short: str) -> tuple[float, float]:
        r = boxes.loc[short]
        return float(r["point_lat"] if pd.notna(r["point_lat"]) else r["area_lat"]), \
            float(r["point_lng"] if pd.notna(r["point_lng"]) else r["area_lng"])

    def polygon(lat: float, lon: float, side_m: float, dx: float = 0.0) -> dict:
        x, y = metric(lat, lon)
        sq = shapely.box(x + dx - side_m / 2, y - side_m / 2, x + dx + side_m / 2, y + side_m / 2)
        ring = [[round(c, 7) for c in TO_4326.transform(*xy)] for xy in sq.exterior.coords]
        return {"type": "Polygon", "coordinates": [ring]}

    write_geojson("koban_areas.geojson", [
        feature({"交番名": "駅前交番"}, polygon(*box("駅前"), 1500)),
        feature({"交番名": "駅前交番"}, polygon(*box("駅前"), 500, dx=1000)),
        feature({"交番名": "錦岡交番"}, polygon(*box("錦岡"), 2000)),
        feature({"交番名": "沼ノ端交番"}, polygon(*box("沼ノ端"), 1200)),
        feature({"交番名": ""}, polygon(*box("糸井"), 800)),
    ])


def lights_mapped() -> None:
    """Columns no reader would guess: needs mapping={light_id: 管理No, lat: 位置_北, lon: 位置_東, ...}."""
    header = ["管理No", "位置_北", "位置_東", "ランプ種類", "保守", "点灯"]
    rows = [[f"M-{i}", *town(t), lamp, "町内会", st] for i, (t, lamp, st) in enumerate(
        [("緑町一丁目", "LED", "○"), ("緑町二丁目", "水銀灯", "×"), ("元町一丁目", "蛍光灯", "○")], 1)]
    write_csv("lights_mapped.csv", header, rows, "utf-8")


def malformed() -> None:
    (OUT / "not_a_zip.zip").write_text("this is not a zip file\n", encoding="utf-8")
    (OUT / "empty.csv").write_bytes(b"")
    (OUT / "page.csv").write_text(
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><title>オープンデータ</title></head>\n"
        "<body><a href=\"data.csv\">防犯灯一覧（CSV）</a></body></html>\n", encoding="utf-8")
    # a PNG's signature and bytes that are neither UTF-8 nor cp932 (0x81 0x20 is no cp932 pair)
    (OUT / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x81\x20\xff\xfe" * 8)
    square_ll = [[141.60, 42.63], [141.601, 42.63], [141.601, 42.631], [141.60, 42.631], [141.60, 42.63]]
    write_geojson("polygons.geojson", [feature({"名称": "区域"}, {"type": "Polygon", "coordinates": [square_ll]})])
    write_csv("outside_japan.csv", ["ID", "緯度", "経度"], [[1, 48.8566, 2.3522], [2, 51.5072, -0.1276]], "utf-8")
    write_csv("sapporo.csv", ["ID", "緯度", "経度"], [[1, *SAPPORO], [2, 43.0621, 141.3544]], "utf-8")
    pts = [metric(*town(t)) for t in ("表町一丁目", "表町二丁目", "表町三丁目")]
    write_csv("projected_as_degrees.csv", ["ID", "緯度", "経度"],
              [[i, round(y, 2), round(x, 2)] for i, (x, y) in enumerate(pts, 1)], "utf-8")
    (OUT / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", ',
                                        encoding="utf-8")
    (OUT / "broken.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00\x01garbage" * 20)
    with zipfile.ZipFile(OUT / "zip_no_shp.zip", "w") as zf:
        zf.writestr("readme.txt", "no shapefile here\n")
    with tempfile.TemporaryDirectory() as tmp:
        shp = Path(tmp) / "part.shp"
        gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.Point(141.6, 42.63)], crs="EPSG:4326").to_file(shp)
        with zipfile.ZipFile(OUT / "zip_no_dbf.zip", "w") as zf:
            zf.write(shp, "part.shp")
            zf.write(shp.with_suffix(".shx"), "part.shx")


def main() -> None:
    for f in OUT.iterdir():
        if f.suffix in (".csv", ".geojson", ".gpkg", ".zip"):
            f.unlink()
    cameras()
    lights()
    standard_schools()
    standard_old_lights()
    schools_p29()
    routes()
    streets()
    parks()
    towns_estat()
    cameras_6680()
    koban_areas()
    lights_mapped()
    malformed()
    shutil.rmtree(OUT / "__pycache__", ignore_errors=True)
    print("\n".join(sorted(f.name for f in OUT.iterdir())))


if __name__ == "__main__":
    main()
