"""Read geodata layers into the app's tables: cameras, lights, schools, routes, parks, streets,
towns (with their population) and police-box areas.

Pure: :func:`read_layer` reads one file and, read-only, the city boundary, towns, police-box
areas and schools of a database; it returns ``({table: DataFrame}, ImportReport)`` and writes
nothing (:mod:`bohan.importers.store` writes). A bad file never ends in a traceback: it is
refused with an :class:`~bohan.importers.common.ImportRefused` whose key names a catalogue
entry (``import.refused.<key>``, in :mod:`bohan.i18n_layers` or :mod:`bohan.i18n_import`).

Files: GeoJSON (``.geojson``/``.json``), GeoPackage (``.gpkg``), Shapefile (``.shp`` with its
siblings, or zipped, possibly in a sub-folder; a ``.dbf`` without ``.cpg`` is sniffed as UTF-8
or cp932), CSV/TSV (UTF-8 with or without BOM, or cp932; comma or tab) with point columns
(``緯度``/``経度``, ``lat``/``lon``, ``Y``/``X``, ...) or a WKT column. The municipal standard
open data sets (自治体標準オープンデータセット) and 国土数値情報 P29 schools are recognised by
their column names; other names are mapped with ``mapping`` (see :func:`suggest_mapping`).

Decisions
---------
- Ids: the file's id when it has one; rows with a blank id, or every row when the file has no
  id column, get ``<name>-<row>`` (row = the data row's number in the file, five digits).
  Repeated ids are not refused: the second and later get ``-2``, ``-3``, ... and a note says
  how many, so one typing slip in a city's list does not block the whole layer.
- CRS: ``crs`` (the caller's) wins over the file's (with a note); else the file's; a CSV
  without ``crs`` is read as WGS84 degrees (a note); a Shapefile or GeoPackage without one is
  refused (``crs_unknown``). Degree columns holding metres are refused (``needs_crs``).
- Latitude and longitude are swapped for the whole file when more rows fall in Japan (lat
  20-46, lon 122-154) swapped than as given and those are at least half the located rows.
- Rows outside Japan, and rows farther than :data:`CITY_MARGIN_M` from the city boundary
  (points; a line's every part; a polygon's representative point) are skipped and counted; a
  file none of whose rows fall in Japan (or in the city) is refused, since its CRS is wrong.
- Rows whose municipality code (municipal standard data, P29, e-Stat ``PREF``+``CITY``) is
  another municipality's are skipped (``other_city``); prefecture-level codes keep the row.
- Towns and police-box areas are keyed by name: rows of the same name are merged (geometries
  united, population summed) and counted as skipped (``merged``). A town takes the spelling of
  the ``towns`` table when it matches (so incidents keep their town), and its police box from
  that table, else from the police-box area holding its representative point; towns with
  neither keep ``koban`` NULL and are counted in a note.
- Routes and parks take their town from the file's town column when it names a known town,
  else from the town polygon holding the route's first point or the park's representative
  point; rows with neither are kept with ``town`` NULL and counted as *not located*.
- Lengths and areas are measured in EPSG:6680 (metres); geometries are stored as WKT in
  WGS84 lon/lat with six decimals (about 0.1 m), points as ``lat``/``lon`` rounded alike.
"""
from __future__ import annotations

import csv
import math
import re
import shutil
import tempfile
import unicodedata
import warnings
import zipfile
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Literal

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from bohan.geo import METRIC, WGS84
from bohan import db as bohan_db
from bohan.importers.common import ImportRefused, ImportReport, clean, sha256, text_encoding
from bohan.importers.police import box_name, check_digit, code_forms, parse_date, town_key
from bohan.paths import default_db_path

Kind = Literal["cameras", "lights", "schools", "routes", "parks", "streets", "towns", "koban_areas"]

#: Import kind -> the table it fills (towns also fill ``town_population`` when the file has it).
KINDS: dict[str, str] = {
    "cameras": "cameras", "lights": "street_lights", "schools": "schools", "routes": "school_routes",
    "parks": "parks", "streets": "streets", "towns": "towns", "koban_areas": "koban_areas",
}
#: The columns of each table, in the order of ``queries/build/schema.sql`` (a test checks).
TABLE_COLUMNS: dict[str, list[str]] = {
    "cameras": ["camera_id", "kind", "site_type", "lat", "lon", "installed_fy", "status", "source"],
    "street_lights": ["light_id", "kind", "lamp_type", "manager", "lat", "lon", "status", "source"],
    "schools": ["school_id", "name", "level", "address", "gsi_id", "lat", "lon", "source"],
    "school_routes": ["route_id", "school_id", "school_name", "town", "length_m", "geometry_wkt", "source"],
    "parks": ["park_id", "name", "town", "koban", "area_m2", "lat", "lon", "geometry_wkt", "source"],
    "streets": ["street_id", "kind", "length_m", "geometry_wkt", "source"],
    "towns": ["town", "town_base", "chome", "town_police_style", "koban", "lat", "lon", "area_m2",
              "area_approximate", "urban", "geometry_wkt", "source"],
    "town_population": ["town", "population", "households", "population_year", "source"],
    "koban_areas": ["koban", "koban_name", "lat", "lon", "point_method", "n_towns", "area_m2",
                    "area_approximate", "geometry_wkt", "source"],
}
_INTEGER = {"installed_fy", "chome", "n_towns", "population", "households", "population_year"}
_FLOAT = {"lat", "lon", "length_m", "area_m2"}
_BOOL = {"area_approximate", "urban"}

GEOMETRY: dict[str, str] = {
    "cameras": "point", "lights": "point", "schools": "point", "routes": "line", "streets": "line",
    "parks": "polygon", "towns": "polygon", "koban_areas": "polygon",
}
_TYPE_IDS = {"point": (0, 4), "line": (1, 2, 5), "polygon": (3, 6)}  # shapely type ids
_TYPE_NAMES = {"point": "Point", "line": "LineString / MultiLineString", "polygon": "Polygon / MultiPolygon"}
_SHAPELY_TYPES = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString",
                  "MultiPolygon", "GeometryCollection")

MAX_MB = 200
NAME_MAX = 80
RESERVED_NAMES = {"sample", "plan", "plan / sample"}
CITY_MARGIN_M = 2000.0
JAPAN_LAT = (20.0, 46.0)
JAPAN_LON = (122.0, 154.0)
HEADER_SCAN_LINES = 20
#: Built-up towns: the build's rule (a town smaller than this is urban), kept for imported towns.
URBAN_MAX_M2 = 2.5e6
POINT_METHOD = "representative point of the imported area"
#: e-Stat 小地域 HCODE of water areas (水面調査区), which are not towns.
WATER_HCODE = "8154"
_UNKNOWN = {"", "不明", "-", "－", "―", "ー", "なし", "無し", "null", "none", "nan", "n/a", "na"}

# ---------------------------------------------------------------- column names

_ID = ("id", "no", "no.", "番号", "整理番号", "管理番号", "識別番号", "通し番号", "連番", "fid", "objectid")
_LAT = ("緯度", "lat", "latitude", "y", "北緯", "ido", "緯度(10進)", "緯度(世界測地系)")
_LON = ("経度", "lon", "lng", "long", "longitude", "x", "東経", "keido", "経度(10進)", "経度(世界測地系)")
_CITY = ("全国地方公共団体コード", "都道府県コード又は市区町村コード", "市区町村コード", "地方公共団体コード",
         "団体コード", "行政区域コード", "p29_001", "city_code", "lg_code")
_WKT = ("wkt", "geometry", "geom", "the_geom", "geometry_wkt", "形状")
_ADDRESS = ("住所", "所在地", "所在地_連結表記", "p29_005", "address", "設置住所")
_TOWN = ("s_name", "町丁目", "町丁目名", "町名", "町丁", "町字", "所在地_町字", "town", "地区名", "地区")

#: Per kind: target column -> names that files use for it (normalised: NFKC, lower case, no spaces).
#: The first alias found wins; a column serves one target only. ``lat``/``lon``/``wkt`` are read
#: from CSV (and attribute-only) files; geodata files carry their geometry.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "cameras": {
        "camera_id": ("camera_id", "カメラid", "カメラ番号", *_ID),
        "kind": ("kind", "種別", "種類", "区分", "カメラ種別", "type"),
        "site_type": ("site_type", "設置場所の種別", "設置場所種別", "設置場所", "設置箇所", "場所", "site"),
        "installed_fy": ("installed_fy", "設置年度", "設置年", "年度", "設置年月日", "設置日", "installed"),
        "status": ("status", "状態", "状況", "稼働状況", "稼動状況"),
        "lat": _LAT, "lon": _LON, "wkt": _WKT, "city_code": _CITY,
    },
    "lights": {
        "light_id": ("light_id", "灯具番号", "防犯灯番号", "街路灯番号", "灯具id", *_ID),
        "kind": ("kind", "種別", "種類", "区分", "灯種"),
        "lamp_type": ("lamp_type", "灯具種別", "灯具の種類", "灯具", "光源", "ランプ", "lamp"),
        "manager": ("manager", "管理者", "管理", "管理団体", "設置者"),
        "status": ("status", "状態", "点灯状況", "状況"),
        "lat": _LAT, "lon": _LON, "wkt": _WKT, "city_code": _CITY,
    },
    "schools": {
        "school_id": ("school_id", "p29_002", "学校コード", "学校番号", *_ID),
        "name": ("name", "p29_004", "学校名", "名称", "施設名"),
        "level": ("level", "p29_003", "学校種別", "学校種", "種別", "区分", "種類"),
        "address": _ADDRESS,
        "gsi_id": ("gsi_id", "共通id"),
        "lat": _LAT, "lon": _LON, "wkt": _WKT, "city_code": _CITY,
    },
    "routes": {
        "route_id": ("route_id", "通学路番号", "路線番号", *_ID),
        "school_id": ("school_id", "学校id", "学校コード", "学校番号"),
        "school_name": ("school_name", "学校名", "学校", "school", "名称"),
        "town": _TOWN,
        "wkt": _WKT,
    },
    "parks": {
        "park_id": ("park_id", "公園番号", "公園コード", "公園id", *_ID),
        "name": ("name", "公園名", "名称", "施設名"),
        "town": _TOWN,
        "wkt": _WKT, "city_code": _CITY,
    },
    "streets": {
        "street_id": ("street_id", "道路番号", "路線番号", "link_id", *_ID),
        "kind": ("kind", "道路種別", "種別", "道路種類", "区分", "highway"),
        "wkt": _WKT,
    },
    "towns": {
        "town": ("s_name", "町丁目", "町丁目名", "町名", "町丁", "町字", "town", "名称", "name"),
        "population": ("jinko", "人口", "人口総数", "総人口", "population"),
        "households": ("setai", "世帯数", "世帯", "世帯総数", "households"),
        "hcode": ("hcode",),
        "wkt": _WKT, "city_code": _CITY,
    },
    "koban_areas": {
        "koban": ("koban", "交番", "交番名", "交番・駐在所", "交番駐在所", "駐在所", "交番名称", "名称", "name"),
        "wkt": _WKT,
    },
}
_NUMBERED_PARTS = ("(", "（", "[", "［")


def _norm_col(name: object) -> str:
    return re.sub(r"\s+", "", clean(name)).casefold()


def _find(aliases: tuple[str, ...], columns: list[tuple[str, str]], used: set[str]) -> str | None:
    """The first column named like an alias: exactly, then (Japanese aliases) followed by a bracket."""
    free = [(c, n) for c, n in columns if c not in used]
    for alias in aliases:
        for c, n in free:
            if n == alias:
                return c
    for alias in aliases:
        if alias.isascii():
            continue
        for c, n in free:
            if n.startswith(alias) and n[len(alias):len(alias) + 1] in _NUMBERED_PARTS:
                return c
    return None


def suggest_mapping(columns: list[str], kind: Kind) -> dict[str, str]:
    """Which of ``columns`` would fill which target column of ``kind``: ``{target: column}``.

    Recognises the usual Japanese and English names (``緯度``/``経度``, ``ID``/``NO``/``番号``,
    ``名称``, ``種別``, ``設置年度``, 国土数値情報 ``P29_00x``, e-Stat ``S_NAME``/``JINKO``/``SETAI``,
    the municipal standard data's ``全国地方公共団体コード``, ...); targets without a matching
    column are left out. The targets of each kind are the keys of :data:`FIELDS`.
    """
    if kind not in FIELDS:
        raise ImportRefused("unknown_kind", kind=kind)
    normed = [(c, _norm_col(c)) for c in columns]
    used: set[str] = set()
    out: dict[str, str] = {}
    for target, aliases in FIELDS[kind].items():
        col = _find(aliases, normed, used)
        if col is not None:
            out[target] = col
            used.add(col)
    return out


def _resolve_mapping(columns: list[str], kind: str, mapping: dict | None) -> dict[str, str]:
    """The caller's mapping (checked against the file) completed with :func:`suggest_mapping`.

    A target mapped to ``None`` or ``""`` means "no such column": it is not guessed either.
    """
    targets = FIELDS[kind]
    chosen: dict[str, str] = {}
    declined: set[str] = set()
    by_clean = {clean(c): c for c in columns}
    by_norm = {_norm_col(c): c for c in columns}
    for target, source in (mapping or {}).items():
        target = clean(target)
        if target not in targets:
            raise ImportRefused("unknown_target", target=target, targets=", ".join(targets))
        if source is None or clean(source) == "":
            declined.add(target)
            continue
        col = by_clean.get(clean(source)) or by_norm.get(_norm_col(source))
        if col is None:
            raise ImportRefused("no_such_column", column=clean(source), columns=_listing(columns))
        chosen[target] = col
    rest = [c for c in columns if c not in chosen.values()]
    for target, col in suggest_mapping(rest, kind).items():
        if target not in chosen and target not in declined:
            chosen[target] = col
    return {t: chosen[t] for t in targets if t in chosen}


def _listing(items, n: int = 30) -> str:
    items = [str(i) for i in items]
    return ", ".join(items[:n]) + (", …" if len(items) > n else "")


# ---------------------------------------------------------------- cell values


def _text(value: object) -> str:
    """A cell as clean text: numbers without a spurious ``.0``, dates ISO, blanks and NaN empty."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, np.ndarray)):
        return ",".join(_text(v) for v in value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(value, (pd.Timestamp, datetime)):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean(value)


def _texts(values) -> np.ndarray:
    cache: dict = {}
    out = []
    for v in values:
        try:
            t = cache.get(v)
            if t is None:
                t = cache[v] = _text(v)
        except TypeError:  # unhashable (a list from a JSON array)
            t = _text(v)
        out.append(t)
    return np.array(out, dtype=object)


_DMS = re.compile(
    r"^(?P<h1>[NSEW北南東西]?)\s*(?P<d>\d+(?:\.\d+)?)\s*[°度]\s*(?:(?P<m>\d+(?:\.\d+)?)\s*['′’分]\s*)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)\s*(?:[\"″”秒]|'')\s*)?(?P<h2>[NSEW北南東西]?)$",
    re.IGNORECASE,
)
_HEMI = re.compile(r"^(北緯|東経|南緯|西経|[NSEW])\s*", re.IGNORECASE)


def parse_coordinate(value: object) -> float | None:
    """A coordinate from ``42.6385``, ``４２．６３８５``, ``北緯42.6385``, ``42°38'18.6"`` or
    ``42度38分18.6秒``; None when blank or not a number (NaN and infinity are not numbers)."""
    s = _text(value).replace(",", "") if not isinstance(value, (int, float, np.number)) else _text(value)
    if not s:
        return None
    negative = False
    m = _DMS.match(s)
    if m:
        v = float(m["d"]) + float(m["m"] or 0) / 60 + float(m["s"] or 0) / 3600
        negative = (m["h1"] + m["h2"]).upper() in ("S", "W", "南", "西")
    else:
        h = _HEMI.match(s)
        if h:
            negative = h[1].upper() in ("S", "W", "南緯", "西経")
            s = s[h.end():]
        if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", s):
            return None
        v = float(s)
    if not math.isfinite(v):
        return None
    return -v if negative else v


_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_FY = re.compile(
    r"^(?:FY)?\s*(?P<era>令和|平成|昭和|[RHS])?\s*(?P<y>\d{1,4}|元)\s*(?:年度|年)?"
    r"(?:\s*[/.\-]?\s*(?P<m>\d{1,2})\s*月?)?$",
    re.IGNORECASE,
)


def fiscal_year(value: object) -> tuple[int | None, bool]:
    """``(fiscal year, readable)`` from ``令和3年度``, ``R3``, ``H30``, ``2021``, ``2021年度``,
    ``FY2021``, or a date (April-March: 2022-03-31 is FY2021); ``(None, True)`` for blanks."""
    if isinstance(value, (pd.Timestamp, datetime, date)) and not pd.isna(value):
        return (value.year if value.month >= 4 else value.year - 1), True
    s = _text(value)
    if s.casefold() in _UNKNOWN:
        return None, True
    m = _FY.match(s)
    if m and not (m["m"] and "年度" in s):
        y = 1 if m["y"] == "元" else int(m["y"])
        if m["era"]:
            if y > 99:
                return None, False
            y += _ERAS[m["era"] if len(m["era"]) > 1 else m["era"].upper()]
        elif y < 1000:
            return None, False  # a bare "3" could be any era
        if m["m"]:
            month = int(m["m"])
            if not 1 <= month <= 12:
                return None, False
            y = y if month >= 4 else y - 1
        return (y, True) if 1900 <= y <= 2100 else (None, False)
    d, _ = parse_date(s)
    if d is not None and 1900 <= d.year <= 2100:
        return (d.year if d.month >= 4 else d.year - 1), True
    return None, False


def _camera_kind(v: str) -> str:
    return "school" if ("学校" in v or v.casefold() == "school") else "street"


_CAMERA_OFF = ("非稼", "不稼", "故障", "停止", "休止", "撤去", "無効", "廃止", "不具合", "inactive", "broken", "off", "×")
_CAMERA_ON = ("稼働", "稼動", "運用", "正常", "設置", "有効", "active", "ok", "on", "○", "〇", "良")
_LIGHT_OUT = ("不点", "消灯", "故障", "球切", "撤去", "不良", "out", "off", "broken", "×", "要修理")
_LIGHT_LIT = ("点灯", "正常", "良", "lit", "on", "ok", "○", "〇")


def _status(v: str, off: tuple[str, ...], on: tuple[str, ...], off_value: str, on_value: str) -> str | None:
    """``off_value``/``on_value`` by the words in ``v``; ``""`` for blank; None when unknown."""
    low = v.casefold()
    if low in _UNKNOWN:
        return ""
    if any(w in low for w in off):
        return off_value
    if any(w in low for w in on):
        return on_value
    return None


def _lamp_type(v: str) -> str | None:
    up = v.upper()
    if not v or v.casefold() in _UNKNOWN:
        return None
    if "LED" in up:
        return "LED"
    if "蛍光" in v or up in ("FL", "FLUORESCENT"):
        return "蛍光灯"
    if "水銀" in v or up in ("HF", "MERCURY"):
        return "水銀灯"
    return v


def _manager(v: str) -> str | None:
    if not v or v.casefold() in _UNKNOWN:
        return None
    if any(w in v for w in ("町内会", "自治会", "町会", "内会")):
        return "町内会"
    if v in ("市", "city") or v.endswith("市") or "市役所" in v:
        return "市"
    return v


def _light_kind(v: str, manager: str | None) -> tuple[str, bool]:
    """``(kind, assumed)``: 防犯灯 or 街路灯 from the kind, else from the manager, else 防犯灯."""
    if "防犯" in v:
        return "防犯灯", False
    if "街路" in v or "道路照明" in v:
        return "街路灯", False
    if v and v.casefold() not in _UNKNOWN:
        return v, False
    if manager == "市":
        return "街路灯", True
    return "防犯灯", True


COMBINED = "義務教育学校/小中併置"
_P29_LEVEL = {"16001": "小学校", "16002": "中学校"}


def _level_of(v: str) -> str | None:
    if v in _P29_LEVEL:
        return _P29_LEVEL[v]
    if "義務教育" in v or "小中" in v:
        return COMBINED
    if "小学校" in v or v.casefold() in ("小", "elementary"):
        return "小学校"
    if "中学校" in v or v.casefold() in ("中", "junior high"):
        return "中学校"
    return None


def _school_level(level: str, name: str) -> str | None:
    """小学校, 中学校 or 義務教育学校/小中併置 from the level (P29 code or words), else from the
    name; None for every other school (high schools, kindergartens, ...): they have no routes."""
    return _level_of(level) or _level_of(name)


_ARTERIAL = ("国道", "道道", "幹線", "主要", "高速", "arterial", "trunk", "primary", "secondary", "motorway")
_LOCAL = ("市道", "町道", "生活", "里道", "私道", "local", "residential", "tertiary", "unclassified", "service")


def _street_kind(v: str) -> str | None:
    low = v.casefold()
    if low in _UNKNOWN:
        return ""
    if any(w in low for w in _ARTERIAL):
        return "arterial"
    if any(w in low for w in _LOCAL):
        return "local"
    return None


_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CHOME_KANJI = re.compile(r"^(?P<base>.+?)(?P<n>[〇一二三四五六七八九十]+)丁目$")
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def _kanji_to_int(s: str) -> int | None:
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = 1 if tens == "" else _KANJI_DIGITS.get(tens)
        o = 0 if ones == "" else _KANJI_DIGITS.get(ones)
        return None if t is None or o is None or len(tens) > 1 or len(ones) > 1 else 10 * t + o
    if len(s) == 1:
        return _KANJI_DIGITS.get(s)
    return None


def town_parts(town: str) -> tuple[str, int | None, str]:
    """``(town_base, chome, town_police_style)`` of a town in the address data's spelling:
    ``表町六丁目`` -> ``("表町", 6, "表町６丁目")``; ``字植苗`` -> ``("字植苗", None, "字植苗")``."""
    m = _CHOME_KANJI.match(town)
    n = _kanji_to_int(m["n"]) if m else None
    if m is None or n is None:
        return town, None, town
    return m["base"], n, f"{m['base']}{str(n).translate(_FULLWIDTH)}丁目"


def _lookup_town(raw: str, towns: dict[str, str]) -> str | None:
    key = town_key(raw)
    if not key:
        return None
    return towns.get(key) or (towns.get(key[1:]) if key.startswith("字") else towns.get("字" + key))


# ---------------------------------------------------------------- the database's reference tables


@dataclass(frozen=True)
class _Reference:
    """What a read needs from the database: the city (metric, with margin) and the names."""

    city: object | None  # shapely geometry, EPSG:6680, boundary buffered by CITY_MARGIN_M
    town_names: dict[str, str]  # town_key(spelling) -> towns.town
    towns: pd.DataFrame  # town, town_base, chome, town_police_style, koban, lat, lon
    town_tree: shapely.STRtree | None
    town_of_tree: np.ndarray
    koban_tree: shapely.STRtree | None
    koban_of_tree: np.ndarray
    kobans: tuple[str, ...]
    school_by_name: dict[str, str]  # NFKC name -> school_id
    school_by_id: dict[str, str]  # school_id -> name


def _reference(db: Path | str | None) -> _Reference:
    path = Path(db) if db is not None else default_db_path()
    if not path.is_file():
        raise ImportRefused("no_database", db=str(path))
    st = path.stat()
    return _reference_cached(str(path.resolve()), st.st_mtime_ns, st.st_size, st.st_ino)


@lru_cache(maxsize=4)
def _reference_cached(path: str, _mtime: int, _size: int, _ino: int) -> _Reference:
    """Read once per version of the file (the writer swaps a new file in, changing the key)."""
    try:
        con = bohan_db.connect(path, read_only=True)
    except duckdb.Error as e:
        raise ImportRefused("database_unreadable", db=path, error=str(e)) from None
    try:
        boundary = [w for (w,) in con.execute("SELECT geometry_wkt FROM boundary").fetchall() if w]
        towns = con.execute(
            "SELECT town, town_base, chome, town_police_style, koban, lat, lon, geometry_wkt FROM towns ORDER BY town"
        ).df()
        kobans = con.execute("SELECT koban, geometry_wkt FROM koban_areas ORDER BY koban").df()
        schools = con.execute("SELECT school_id, name FROM schools ORDER BY school_id").fetchall()
    except duckdb.Error as e:
        raise ImportRefused("database_unreadable", db=path, error=str(e)) from None
    finally:
        con.close()
    city = None
    if boundary:
        geom = shapely.union_all(shapely.from_wkt(boundary, on_invalid="ignore"))
        if geom is not None and not geom.is_empty:
            city = shapely.buffer(_project(np.array([geom]), _transformer(CRS(WGS84), CRS(METRIC)))[0], CITY_MARGIN_M)
            shapely.prepare(city)
    names: dict[str, str] = {}
    for town, police in zip(towns["town"], towns["town_police_style"]):
        for spelling in (town, police):
            if isinstance(spelling, str) and spelling:
                names.setdefault(town_key(spelling), town)
    tg = shapely.from_wkt(towns["geometry_wkt"].fillna("").replace("", None).to_numpy(), on_invalid="ignore")
    kg = shapely.from_wkt(kobans["geometry_wkt"].fillna("").replace("", None).to_numpy(), on_invalid="ignore")
    t_ok = ~shapely.is_missing(tg)
    k_ok = ~shapely.is_missing(kg)
    return _Reference(
        city=city,
        town_names=names,
        towns=towns.drop(columns="geometry_wkt"),
        town_tree=shapely.STRtree(tg[t_ok]) if t_ok.any() else None,
        town_of_tree=towns["town"].to_numpy(dtype=object)[t_ok],
        koban_tree=shapely.STRtree(kg[k_ok]) if k_ok.any() else None,
        koban_of_tree=kobans["koban"].to_numpy(dtype=object)[k_ok],
        kobans=tuple(kobans["koban"]),
        school_by_name={clean(n): i for i, n in schools if n},
        school_by_id={i: n for i, n in schools},
    )


def _which(points: np.ndarray, tree: shapely.STRtree | None, labels: np.ndarray) -> np.ndarray:
    """For each point (WGS84), the label of the first polygon holding it, else None."""
    out = np.full(len(points), None, dtype=object)
    if tree is None or len(points) == 0:
        return out
    pts, polys = tree.query(points, predicate="within")
    first: dict[int, int] = {}
    for p, q in zip(pts, polys):
        if p not in first or q < first[p]:
            first[p] = q
    for p, q in first.items():
        out[p] = labels[q]
    return out


# ---------------------------------------------------------------- coordinate systems

_CRS_ALIASES = {
    "wgs84": "EPSG:4326", "wgs1984": "EPSG:4326", "世界測地系": "EPSG:6668", "jgd2011": "EPSG:6668",
    "jgd2000": "EPSG:4612", "tokyo": "EPSG:4301", "日本測地系": "EPSG:4301", "tokyodatum": "EPSG:4301",
    "jgd2011/xii": "EPSG:6680", "jgd2011xii": "EPSG:6680", "jgd2011/12": "EPSG:6680",
    "jgd2011/japanplanerectangularcsxii": "EPSG:6680", "平面直角座標系第12系": "EPSG:6680",
    "平面直角座標第12系": "EPSG:6680", "第12系": "EPSG:6680", "12系": "EPSG:6680", "xii系": "EPSG:6680",
    "jgd2000/xii": "EPSG:2454", "jgd2000xii": "EPSG:2454", "jgd2000/japanplanerectangularcsxii": "EPSG:2454",
}


def parse_crs(value: object) -> CRS:
    """A CRS from ``"EPSG:6680"``, ``6680``, ``"6680"``, ``"JGD2011"``, ``"JGD2000"``,
    ``"WGS84"``, ``"JGD2011 / XII"``, ``"平面直角座標系第12系"``, a WKT or PROJ string.

    Raises ImportRefused ``crs_invalid`` for anything else.
    """
    if isinstance(value, CRS):
        return value
    if isinstance(value, bool) or value is None:
        raise ImportRefused("crs_invalid", crs=str(value))
    if isinstance(value, (int, np.integer)):
        text = f"EPSG:{int(value)}"
    else:
        text = clean(value)
        key = re.sub(r"\s+", "", text).casefold()
        text = _CRS_ALIASES.get(key, text)
        if text.isdigit():
            text = f"EPSG:{text}"
    try:
        crs = CRS.from_user_input(text)
    except (CRSError, TypeError, ValueError):
        raise ImportRefused("crs_invalid", crs=str(value)) from None
    if not (crs.is_geographic or crs.is_projected):
        raise ImportRefused("crs_invalid", crs=str(value))
    return crs


def _crs_name(crs: CRS) -> str:
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def _transformer(src: CRS, dst: CRS) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def _project(geoms: np.ndarray, tr: Transformer) -> np.ndarray:
    def f(xy: np.ndarray) -> np.ndarray:
        with np.errstate(all="ignore"):
            x, y = tr.transform(xy[:, 0], xy[:, 1], errcheck=False)
        return np.column_stack([x, y])

    return shapely.transform(geoms, f)


def _swap_xy(geoms: np.ndarray) -> np.ndarray:
    return shapely.transform(geoms, lambda xy: xy[:, ::-1].copy())


def _in_japan(geoms: np.ndarray) -> np.ndarray:
    b = shapely.bounds(geoms)
    with np.errstate(invalid="ignore"):
        return (np.isfinite(b).all(axis=1) & (b[:, 0] >= JAPAN_LON[0]) & (b[:, 2] <= JAPAN_LON[1])
                & (b[:, 1] >= JAPAN_LAT[0]) & (b[:, 3] <= JAPAN_LAT[1]))


# ---------------------------------------------------------------- reading files


@dataclass
class _Table:
    """One file's rows: attributes (clean column names) and geometry (None: from columns)."""

    attrs: pd.DataFrame
    geometry: np.ndarray | None
    crs: CRS | None
    fmt: str  # 'csv', 'geojson', 'gpkg', 'shapefile'
    layer: str  # the layer's own name (a zipped shapefile's stem), for population years


_FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".geojson": "geojson", ".json": "geojson",
            ".gpkg": "gpkg", ".zip": "zip", ".shp": "shapefile"}


def _short_error(e: BaseException, path: Path) -> str:
    text = str(e).replace(str(path), path.name)
    text = re.sub(r"\s+", " ", text).strip() or type(e).__name__
    return text[:200]


def _unique_names(names: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for i, n in enumerate(names):
        n = n or f"column_{i + 1}"
        base, k = n, 2
        while n in seen:
            n = f"{base}_{k}"
            k += 1
        seen.add(n)
        out.append(n)
    return out


def _looks_like_html(head: str) -> bool:
    h = head.lstrip("\ufeff \t\r\n").casefold()
    return h.startswith(("<!doctype", "<html", "<?xml", "<head", "<body")) or "<html" in h[:2000]


def _has_geometry_columns(cells: list[str], kind: str, mapping: dict | None) -> bool:
    try:
        m = _resolve_mapping(cells, kind, mapping)
    except ImportRefused:
        return False
    return ("lat" in m and "lon" in m) or "wkt" in m


def _read_csv(path: Path, kind: str, mapping: dict | None) -> _Table:
    enc = text_encoding(path)
    with open(path, encoding=enc, newline="") as f:
        head = f.read(1 << 16)
    if _looks_like_html(head):
        raise ImportRefused("html_file", file=path.name)
    if "\x00" in head:  # decodes, but no text table holds NUL: an image or archive renamed .csv
        raise ImportRefused("not_text", file=path.name)
    # split as the csv reader counts lines (universal newlines), so line numbers agree
    lines = re.split(r"\r\n|\r|\n", head)[:HEADER_SCAN_LINES]
    candidates = []
    for i, ln in enumerate(lines):
        if not ln.strip():
            continue
        delim = "\t" if ln.count("\t") > ln.count(",") else ","
        cells = [clean(c) for c in next(csv.reader([ln], delimiter=delim), [])]
        candidates.append((i, delim, cells))
    if not candidates:
        raise ImportRefused("empty_file", file=path.name)
    header_line, delim, cells = next(
        (c for c in candidates if _has_geometry_columns(c[2], kind, mapping)), candidates[0])
    names = _unique_names(cells)
    width = len(names)
    rows: list[list[str]] = []
    with open(path, encoding=enc, newline="") as f:
        reader = csv.reader(f, delimiter=delim)
        try:
            for rec in reader:
                if reader.line_num <= header_line + 1:
                    continue
                if not any(c.strip() for c in rec):
                    continue  # blank lines (and rows of empty cells, as spreadsheets leave) are not rows
                rows.append((rec + [""] * (width - len(rec)))[:width])
        except csv.Error as e:
            raise ImportRefused("unreadable", file=path.name, error=f"line {reader.line_num}: {e}") from None
    attrs = pd.DataFrame(rows, columns=names, dtype=object) if rows else pd.DataFrame(columns=names, dtype=object)
    return _Table(attrs=attrs, geometry=None, crs=None, fmt="csv", layer=path.stem)


def _extract_shapefile(path: Path, out: Path) -> tuple[Path, str]:
    """Copy the zip's one Shapefile (``.shp``, ``.shx``, ``.dbf``, ``.prj``, ``.cpg``) to ``out``."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise ImportRefused("not_zip", file=path.name) from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        infos = [i for i in infos if not (i.filename.startswith("__MACOSX/")
                                          or PurePosixPath(i.filename).name.startswith("._"))]
        shps = [i for i in infos if i.filename.casefold().endswith(".shp")]
        if not shps:
            raise ImportRefused("no_shapefile", file=path.name,
                                names=_listing([i.filename for i in infos], 10) or "-")
        if len(shps) > 1:
            raise ImportRefused("several_shapefiles", file=path.name, names=_listing([i.filename for i in shps], 10))
        stem = shps[0].filename[:-4]
        parts = {}
        for i in infos:
            head, dot, ext = i.filename.rpartition(".")
            if dot and head.casefold() == stem.casefold() and ext.casefold() in ("shp", "shx", "dbf", "prj", "cpg"):
                parts[ext.casefold()] = i
        missing = [f".{e}" for e in ("shx", "dbf") if e not in parts]
        if missing:
            raise ImportRefused("shapefile_incomplete", file=path.name, missing=", ".join(missing))
        size = sum(i.file_size for i in parts.values())
        if size > MAX_MB * 1e6:
            raise ImportRefused("too_large", file=path.name, size_mb=size / 1e6, max_mb=MAX_MB)
        try:
            for ext, info in parts.items():
                with zf.open(info) as src, open(out / f"layer.{ext}", "wb") as dst:
                    shutil.copyfileobj(src, dst)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, OSError, EOFError, zlib.error) as e:
            raise ImportRefused("unreadable", file=path.name, error=_short_error(e, path)) from None
    return out / "layer.shp", PurePosixPath(stem).name


def _dbf_encoding(dbf: Path) -> str | None:
    """UTF-8 or cp932 for a ``.dbf`` that says nothing of its encoding (no ``.cpg``, no language
    id), as e-Stat's and many cities' files; None to let GDAL decide (its default is Latin-1)."""
    if dbf.with_suffix(".cpg").is_file() or not dbf.is_file():
        return None
    data = dbf.read_bytes()
    if len(data) < 32 or data[29] != 0:
        return None
    header_len = int.from_bytes(data[8:10], "little")
    names = b"".join(data[k:k + 11] for k in range(32, max(32, header_len - 1), 32))
    sample = names + data[header_len:]
    if sample.isascii():
        return None
    for enc in ("utf-8", "cp932"):
        try:
            sample.decode(enc)
            return enc.upper()
        except UnicodeDecodeError:
            continue
    return None


def _choose_layer(path: Path, kind: str, report: ImportReport) -> str | None:
    import pyogrio

    layers = pyogrio.list_layers(path)
    if len(layers) == 0:
        raise ImportRefused("no_layers", file=path.name)
    if len(layers) == 1:
        return str(layers[0][0])
    wanted = {"point": "point", "line": "line", "polygon": "polygon"}[GEOMETRY[kind]]
    spatial = [(str(n), str(g or "")) for n, g in layers if g]
    fits = [n for n, g in spatial if wanted in g.casefold()]
    choice = fits[0] if fits else (spatial[0][0] if spatial else str(layers[0][0]))
    report.note("layer_chosen", file=path.name, layer=choice, layers=_listing([str(n) for n, _ in layers], 10))
    return choice


def _read_geo(path: Path, fmt: str, kind: str, report: ImportReport, tmp: Path) -> _Table:
    import pyogrio

    layer_name, layer, encoding = path.stem, None, None
    src = path
    if fmt == "zip":
        src, layer_name = _extract_shapefile(path, tmp)
        fmt = "shapefile"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # GDAL's warnings on odd files; errors are refusals below
            if fmt == "shapefile":
                encoding = _dbf_encoding(src.with_suffix(".dbf"))
                if encoding:
                    report.note("dbf_encoding", file=path.name, encoding=encoding)
            if fmt == "gpkg":
                layer = _choose_layer(src, kind, report)
            # on_invalid="fix": a broken shape (an unclosed or two-point ring) becomes None, so
            # one bad feature costs its row (skipped, no_geometry), not the whole file
            frame = pyogrio.read_dataframe(src, layer=layer, encoding=encoding, fid_as_index=False,
                                           on_invalid="fix")
    except ImportRefused:
        raise
    except Exception as e:  # GDAL's and pyogrio's errors are many; each is a file it cannot read
        raise ImportRefused("unreadable", file=path.name, error=_short_error(e, src)) from None
    geometry = None
    crs = None
    if isinstance(frame, gpd.GeoDataFrame) and "geometry" in frame.columns:
        geometry = np.empty(len(frame), dtype=object)
        geometry[:] = list(frame.geometry)
        if frame.crs is not None:
            try:
                crs = CRS.from_user_input(frame.crs)
            except CRSError:
                crs = None
        attrs = pd.DataFrame(frame.drop(columns="geometry"))
    else:
        attrs = pd.DataFrame(frame)
    attrs.columns = _unique_names([clean(c) for c in attrs.columns])
    attrs = attrs.reset_index(drop=True)
    return _Table(attrs=attrs, geometry=geometry, crs=crs, fmt=fmt, layer=layer_name)


def _check_file(path: Path) -> str:
    if not path.is_file():
        raise ImportRefused("no_file", file=path.name or str(path))
    size = path.stat().st_size
    if size > MAX_MB * 1e6:
        raise ImportRefused("too_large", file=path.name, size_mb=size / 1e6, max_mb=MAX_MB)
    if size == 0:
        raise ImportRefused("empty_file", file=path.name)
    fmt = _FORMATS.get(path.suffix.casefold())
    if fmt is None:
        raise ImportRefused("unknown_format", file=path.name, ext=path.suffix or "-")
    return fmt


def _open(path: Path, kind: str, mapping: dict | None, report: ImportReport, tmp: Path) -> _Table:
    fmt = _check_file(path)
    if fmt == "csv":
        return _read_csv(path, kind, mapping)
    return _read_geo(path, fmt, kind, report, tmp)


def columns_of(source: Path | str, kind: Kind = "cameras") -> list[str]:
    """The attribute columns of a file (a CSV's header; a geodata layer's fields), cleaned as
    :func:`read_layer` sees them, for a page's column-mapping step. ``kind`` picks the layer of
    a GeoPackage holding several and the header of a CSV with lines above it."""
    path = Path(source)
    if kind not in KINDS:
        raise ImportRefused("unknown_kind", kind=kind)
    scratch = ImportReport(kind=kind, name="")
    with tempfile.TemporaryDirectory(prefix="bohan-layer-") as tmp:
        try:
            table = _open(path, kind, None, scratch, Path(tmp))
        except ImportRefused:
            raise
        except Exception as e:  # noqa: BLE001 - see read_layer
            raise ImportRefused("unexpected", file=path.name, error=_short_error(e, path)) from e
    return list(table.attrs.columns)


# ---------------------------------------------------------------- the reader


class _Rows:
    """The rows still kept, and the skip counts as rows are dropped."""

    def __init__(self, n: int, report: ImportReport):
        self.keep = np.ones(n, dtype=bool)
        self.report = report

    def drop(self, mask, reason: str) -> None:
        mask = np.asarray(mask, dtype=bool) & self.keep
        self.report.skip(reason, int(mask.sum()))
        self.keep &= ~mask


def _check_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).strip()
    if not name or name.casefold() in RESERVED_NAMES:
        raise ImportRefused("reserved_name", name=name)
    if len(name) > NAME_MAX or any(unicodedata.category(c).startswith("C") for c in name):
        raise ImportRefused("name_chars", max=NAME_MAX)
    return name


def _city_code5(code: object) -> str:
    c = clean(code)
    if not c.isdigit() or len(c) not in (5, 6) or (len(c) == 6 and int(c[5]) != check_digit(c[:5])):
        raise ImportRefused("bad_city_code", code=str(code))
    return c[:5]


def _other_city(codes: np.ndarray, code5: str) -> np.ndarray:
    """Rows whose municipality code is another municipality's (blank and prefecture codes are not)."""
    forms = code_forms(code5)
    out = np.zeros(len(codes), dtype=bool)
    for i, c in enumerate(codes):
        if not c or c in forms or not c.isdigit() or not 4 <= len(c) <= 6:
            continue
        c5 = c[:5] if len(c) == 6 else c.zfill(5)
        out[i] = not c5.endswith("000")
    return out


def read_layer(
    source: Path | str, kind: Kind, *, name: str | None = None, crs: object = None,
    mapping: dict[str, str] | None = None, city_code: str = "01213", db: Path | str | None = None,
) -> tuple[dict[str, pd.DataFrame], ImportReport]:
    """Read one geodata file into the rows of ``kind``'s table(s); writes nothing.

    Parameters
    ----------
    source : a GeoJSON, GeoPackage, Shapefile (``.shp`` or zipped) or CSV file.
    kind : ``cameras``, ``lights``, ``schools``, ``routes``, ``parks``, ``streets``, ``towns``
        or ``koban_areas`` (:data:`KINDS` gives the table each fills).
    name : the data set's name, stored in ``source``; default the file's stem. Blank names and
        ``sample`` / ``plan`` are refused (``reserved_name``).
    crs : the coordinates' CRS when the file does not say or says wrongly: ``"EPSG:6680"``,
        ``6680``, ``"JGD2011"``, ``"JGD2000"``, ... (see :func:`parse_crs`).
    mapping : ``{target column: file column}`` for files whose columns are named otherwise
        (targets: :data:`FIELDS`); unmapped targets are recognised by name.
    city_code : the city's municipality code (5 or 6 digits); rows of other cities are skipped.
    db : the database whose boundary, towns, police-box areas and schools are read
        (read-only); default :func:`bohan.paths.default_db_path`.

    Returns
    -------
    ({table name: DataFrame with the table's columns in schema order}, ImportReport)
        Geometries are WKT in WGS84 (EPSG:4326) lon/lat, lengths and areas in metres measured
        in EPSG:6680. ``towns`` also returns ``town_population`` when the file has population
        and household columns (e-Stat ``JINKO``/``SETAI``).

    Raises
    ------
    ImportRefused
        For any file that cannot be imported; ``key`` names the reason (``import.refused.<key>``).
    """
    path = Path(source)
    try:
        return _read_layer(path, kind, name=name, crs=crs, mapping=mapping, city_code=city_code, db=db)
    except ImportRefused:
        raise
    except Exception as e:  # noqa: BLE001 - a bad file must never reach the staff page as a traceback
        raise ImportRefused("unexpected", file=path.name, error=_short_error(e, path)) from e


def _read_layer(path: Path, kind: str, *, name, crs, mapping, city_code, db):
    if kind not in KINDS:
        raise ImportRefused("unknown_kind", kind=kind)
    if mapping is not None and not isinstance(mapping, dict):
        raise ImportRefused("unknown_target", target=str(mapping), targets=", ".join(FIELDS[kind]))
    _check_file(path)
    name = _check_name(path.stem if name is None else str(name))
    code5 = _city_code5(city_code)
    user_crs = parse_crs(crs) if crs is not None and clean(crs) != "" else None
    ref = _reference(db)
    report = ImportReport(kind=kind, name=name, files=[path.name], sha256=[sha256(path)])
    with tempfile.TemporaryDirectory(prefix="bohan-layer-") as tmp:
        table = _open(path, kind, mapping, report, Path(tmp))
    n = len(table.attrs)
    report.rows_read = n
    if n == 0:
        raise ImportRefused("no_rows", file=path.name)
    cols = _resolve_mapping(list(table.attrs.columns), kind, mapping)
    used = {t: c for t, c in cols.items() if t not in ("lat", "lon", "wkt") or table.geometry is None}
    if used:
        report.note("columns_used", pairs=", ".join(f"{t} ← {c}" for t, c in used.items()))
    rows = _Rows(n, report)
    text_cache: dict[str, np.ndarray] = {}

    def text(target: str) -> np.ndarray | None:
        if target not in cols:
            return None
        if target not in text_cache:
            text_cache[target] = _texts(table.attrs[cols[target]].to_numpy(dtype=object))
        return text_cache[target]

    # rows of other municipalities go first: they are not this city's, whatever their geometry
    codes = text("city_code")
    if codes is None and kind == "towns":
        codes = _estat_codes(table.attrs)
    if codes is not None:
        rows.drop(_other_city(codes, code5), "other_city")
    name_target = {"towns": "town", "koban_areas": "koban"}.get(kind)
    if name_target and name_target not in cols:  # areas are keyed by their name
        raise ImportRefused("no_name_column", file=path.name, columns=_listing(table.attrs.columns))
    _kind_filters(kind, text, rows)

    geom, src_crs = _geometry(table, kind, cols, text, rows, path, user_crs, report)
    geom = _check_types(geom, kind, rows, path, report)
    wgs, metric = _locate(geom, src_crs, rows, path, ref, kind, report)

    keep = np.flatnonzero(rows.keep)
    if len(keep) == 0:
        raise ImportRefused("nothing_kept", file=path.name, n=n)
    ctx = _Context(kind=kind, name=name, path=path, table=table, keep=keep, text=text,
                   wgs=wgs[keep], metric=metric[keep], ref=ref, report=report, cols=cols)
    frames = _BUILDERS[kind](ctx)
    main = frames[KINDS[kind]]
    report.rows_kept = len(main)
    out = {t: _typed(f, t) for t, f in frames.items()}
    return out, report


def _estat_codes(attrs: pd.DataFrame) -> np.ndarray | None:
    """e-Stat 小地域: the municipality code from ``PREF`` + ``CITY``, or ``KEY_CODE``'s first five digits."""
    norm = {_norm_col(c): c for c in attrs.columns}
    if "pref" in norm and "city" in norm:
        pref = _texts(attrs[norm["pref"]].to_numpy(dtype=object))
        city = _texts(attrs[norm["city"]].to_numpy(dtype=object))
        return np.array([(p.zfill(2) + c.zfill(3)) if p and c else "" for p, c in zip(pref, city)], dtype=object)
    if "key_code" in norm:
        keys = _texts(attrs[norm["key_code"]].to_numpy(dtype=object))
        return np.array([k[:5] if len(k) >= 5 and k[:5].isdigit() else "" for k in keys], dtype=object)
    return None


def _kind_filters(kind: str, text, rows: _Rows) -> None:
    """Row filters that need only attributes (before any geometry is looked at)."""
    if kind == "schools":
        level = text("level")
        names = text("name")
        n = len(rows.keep)
        lv = level if level is not None else np.full(n, "", dtype=object)
        nm = names if names is not None else np.full(n, "", dtype=object)
        rows.drop([_school_level(a, b) is None for a, b in zip(lv, nm)], "other_school_level")
    elif kind == "towns":
        hcode = text("hcode")
        if hcode is not None:
            rows.drop(hcode == WATER_HCODE, "water_area")
        rows.drop([t.casefold() in _UNKNOWN for t in text("town")], "no_town_name")
    elif kind == "koban_areas":
        rows.drop([box_name(v) == "" or v.casefold() in _UNKNOWN for v in text("koban")], "no_koban_name")


def _geometry(table: _Table, kind: str, cols, text, rows: _Rows, path: Path, user_crs: CRS | None,
              report: ImportReport) -> tuple[np.ndarray, CRS]:
    """The rows' geometries in their source CRS, and that CRS."""
    if table.geometry is not None:
        geom = table.geometry
        if user_crs is not None:
            if table.crs is not None and not table.crs.equals(user_crs, ignore_axis_order=True):
                report.note("crs_overridden", file_crs=_crs_name(table.crs), crs=_crs_name(user_crs))
            return geom, user_crs
        if table.crs is None:
            raise ImportRefused("crs_unknown", file=path.name)
        return geom, table.crs
    # columns: CSV files, and attribute-only layers
    n = len(table.attrs)
    points_first = GEOMETRY[kind] == "point" or "wkt" not in cols
    if "lat" in cols and "lon" in cols and points_first:
        lat_t, lon_t = text("lat"), text("lon")
        blank = np.array([a == "" and b == "" for a, b in zip(lat_t, lon_t)], dtype=bool)
        rows.drop(blank, "no_coordinates")
        lat = np.array([parse_coordinate(v) for v in lat_t], dtype=object)
        lon = np.array([parse_coordinate(v) for v in lon_t], dtype=object)
        bad = np.array([a is None or b is None for a, b in zip(lat, lon)], dtype=bool)
        rows.drop(bad, "bad_coordinates")
        geom = np.full(n, None, dtype=object)
        ok = np.flatnonzero(rows.keep)
        if len(ok):
            geom[ok] = shapely.points(lon[ok].astype(float), lat[ok].astype(float))
    elif "wkt" in cols:
        w = text("wkt")
        rows.drop(w == "", "no_geometry")
        geom = shapely.from_wkt(np.where(w == "", None, w), on_invalid="ignore")
        rows.drop(shapely.is_missing(geom), "bad_geometry")
    else:
        normed = [(c, _norm_col(c)) for c in table.attrs.columns]
        if _find(_LAT, normed, set()) and _find(_LON, normed, set()):  # points given for lines or areas
            raise ImportRefused("wrong_geometry", file=path.name, expected=_TYPE_NAMES[GEOMETRY[kind]], found="Point")
        raise ImportRefused("no_coordinate_columns", file=path.name, columns=_listing(table.attrs.columns))
    if user_crs is not None:
        return geom, user_crs
    report.note("crs_assumed", file=path.name)
    return geom, CRS(WGS84)


def _check_types(geom: np.ndarray, kind: str, rows: _Rows, path: Path, report: ImportReport) -> np.ndarray:
    """Drop missing and wrong geometries; one-point MultiPoints become Points; polygons are made valid."""
    geom = np.asarray(geom, dtype=object).copy()
    missing = shapely.is_missing(geom) | shapely.is_empty(geom)
    rows.drop(missing, "no_geometry")
    types = shapely.get_type_id(geom)
    want = GEOMETRY[kind]
    good = np.isin(types, _TYPE_IDS[want])
    present = rows.keep.copy()
    if present.any() and not (good & present).any():
        found = sorted({_SHAPELY_TYPES[t] for t in types[present] if 0 <= t < len(_SHAPELY_TYPES)})
        raise ImportRefused("wrong_geometry", file=path.name, expected=_TYPE_NAMES[want], found=", ".join(found))
    rows.drop(present & ~good, "wrong_geometry_type")
    idx = np.flatnonzero(rows.keep)
    if len(idx) == 0:
        return geom
    geom[idx] = shapely.force_2d(geom[idx])
    if want == "point":
        multi = idx[types[idx] == 4]
        if len(multi):
            parts = shapely.get_num_geometries(geom[multi])
            rows.drop(np.isin(np.arange(len(geom)), multi[parts != 1]), "several_points")
            one = multi[parts == 1]
            geom[one] = shapely.get_geometry(geom[one], 0)
    elif want == "line":
        rings = idx[types[idx] == 2]
        if len(rings):
            geom[rings] = shapely.linestrings(shapely.get_coordinates(geom[rings]), indices=np.repeat(
                np.arange(len(rings)), shapely.get_num_coordinates(geom[rings])))
    else:
        invalid = idx[~shapely.is_valid(geom[idx])]
        if len(invalid):
            repaired = [_polygonal(g) for g in geom[invalid]]
            geom[invalid] = np.array(repaired, dtype=object)
            gone = invalid[[r is None for r in repaired]]
            rows.drop(np.isin(np.arange(len(geom)), gone), "no_geometry")
            report.note("geometry_repaired", n=int(len(invalid) - len(gone)))
    return geom


def _polygonal(g):
    """The polygonal part of ``g`` made valid, or None (nothing left, or GEOS cannot repair it)."""
    try:
        with np.errstate(all="ignore"):
            g = shapely.make_valid(g)
    except shapely.errors.GEOSException:
        return None
    parts = [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    u = shapely.union_all(parts)
    return u if not u.is_empty else None


def _locate(geom: np.ndarray, src: CRS, rows: _Rows, path: Path, ref: _Reference, kind: str,
            report: ImportReport) -> tuple[np.ndarray, np.ndarray]:
    """Reproject to WGS84 (swapping latitude and longitude if the file has them swapped), skip rows
    outside Japan and outside the city; returns the geometries in WGS84 and in EPSG:6680."""
    n = len(geom)
    wgs = np.full(n, None, dtype=object)
    metric = np.full(n, None, dtype=object)
    idx = np.flatnonzero(rows.keep)
    if len(idx) == 0:
        return wgs, metric
    g = geom[idx]
    if src.is_geographic:
        b = shapely.bounds(g)
        with np.errstate(invalid="ignore"):
            big = ~(np.abs(b) <= 180).all(axis=1)  # NaN counts as not degrees
        if big.sum() * 2 > len(idx):
            x, y = b[np.argmax(big), 0], b[np.argmax(big), 1]
            raise ImportRefused("needs_crs", file=path.name, example=f"{x:.6g}, {y:.6g}")
    to_wgs = _transformer(src, CRS(WGS84))
    given = _project(g, to_wgs)
    swapped = _project(_swap_xy(g), to_wgs)
    ok_given, ok_swapped = _in_japan(given), _in_japan(swapped)
    if ok_swapped.sum() > ok_given.sum() and ok_swapped.sum() * 2 >= len(idx):
        given, ok_given = swapped, ok_swapped
        report.note("swapped", n=int(ok_swapped.sum()))
    if not ok_given.any():
        x, y = shapely.bounds(g[:1])[0][:2]
        raise ImportRefused("outside_japan", file=path.name, example=f"{x:.6g}, {y:.6g}", crs=_crs_name(src))
    if not src.equals(CRS(WGS84), ignore_axis_order=True):
        report.note("crs_used", crs=_crs_name(src))
    wgs[idx] = given
    rows.drop(np.isin(np.arange(n), idx[~ok_given]), "outside_japan")
    idx = np.flatnonzero(rows.keep)
    metric[idx] = _project(wgs[idx], _transformer(CRS(WGS84), CRS(METRIC)))
    if ref.city is None:
        report.note("no_boundary")
        return wgs, metric
    m = metric[idx]
    want = GEOMETRY[kind]
    if want == "point":
        inside = shapely.contains_xy(ref.city, shapely.get_x(m), shapely.get_y(m))
    elif want == "line":
        inside = shapely.intersects(ref.city, m)
    else:
        inside = shapely.contains(ref.city, shapely.point_on_surface(m))
    if not inside.any():
        raise ImportRefused("outside_city", file=path.name, margin_km=CITY_MARGIN_M / 1000)
    rows.drop(np.isin(np.arange(n), idx[~inside]), "outside_city")
    return wgs, metric


# ---------------------------------------------------------------- building each table


@dataclass
class _Context:
    kind: str
    name: str
    path: Path
    table: _Table
    keep: np.ndarray  # positions of the kept rows in the file
    text: object  # target -> cleaned texts of every row (or None)
    wgs: np.ndarray  # kept rows' geometries, WGS84
    metric: np.ndarray  # kept rows' geometries, EPSG:6680
    ref: _Reference
    report: ImportReport
    cols: dict[str, str]  # target -> the file's column

    def column(self, target: str) -> str:
        """The file's column that filled ``target`` (for notes), else the target's own name."""
        return self.cols.get(target, target)

    def values(self, target: str) -> np.ndarray | None:
        v = self.text(target)
        return None if v is None else v[self.keep]

    def ids(self, target: str) -> list[str]:
        return _unique_ids(self.values(target), self.keep, self.name, self.report)

    def wkt(self) -> np.ndarray:
        return shapely.to_wkt(self.wgs, rounding_precision=6)

    def lonlat(self) -> tuple[np.ndarray, np.ndarray]:
        """Points: their coordinates; lines and polygons: a representative point's (found in metres)."""
        if GEOMETRY[self.kind] == "point":
            pts = self.wgs
        else:
            pts = _project(shapely.point_on_surface(self.metric), _transformer(CRS(METRIC), CRS(WGS84)))
        return np.round(shapely.get_x(pts), 6), np.round(shapely.get_y(pts), 6)


def _unique_ids(values: np.ndarray | None, keep: np.ndarray, name: str, report: ImportReport) -> list[str]:
    generated = [f"{name}-{i + 1:05d}" for i in keep]
    if values is None:
        report.note("ids_generated", n=len(keep), example=generated[0] if generated else "")
        ids = generated
    else:
        blank = [v.casefold() in _UNKNOWN for v in values]
        if any(blank):
            report.note("ids_generated", n=int(sum(blank)), example=next(g for g, b in zip(generated, blank) if b))
        ids = [g if b else v for v, g, b in zip(values, generated, blank)]
    seen: set[str] = set()
    taken = set(ids)
    out, renamed = [], []
    for i in ids:
        if i in seen:
            k = 2
            while f"{i}-{k}" in taken:
                k += 1
            new = f"{i}-{k}"
            taken.add(new)
            renamed.append(new)
            i = new
        seen.add(i)
        out.append(i)
    if renamed:
        report.note("ids_made_unique", n=len(renamed), example=renamed[0])
    return out


def _defaulted(report: ImportReport, field: str, raw: np.ndarray, unknown: np.ndarray, default: str) -> None:
    if unknown.any():
        values = pd.Series(raw[unknown]).value_counts()
        report.note("values_defaulted", field=field, values=_listing(values.index, 5), n=int(unknown.sum()),
                    default=default)


def _statuses(ctx: _Context, off, on, off_value: str, on_value: str) -> np.ndarray:
    raw = ctx.values("status")
    if raw is None:
        ctx.report.note("field_assumed", field=ctx.column("status"), default=on_value)
        return np.full(len(ctx.keep), on_value, dtype=object)
    mapped = np.array([_status(v, off, on, off_value, on_value) for v in raw], dtype=object)
    unknown = np.array([m is None for m in mapped])
    _defaulted(ctx.report, ctx.column("status"), raw, unknown, on_value)
    return np.where((mapped == "") | unknown, on_value, mapped)


def _cameras(ctx: _Context) -> dict[str, pd.DataFrame]:
    lon, lat = ctx.lonlat()
    n = len(ctx.keep)
    kind_raw = ctx.values("kind")
    if kind_raw is None:
        kinds = np.full(n, "street", dtype=object)
        ctx.report.note("field_assumed", field="kind", default="street")
    else:
        kinds = np.array([_camera_kind(v) for v in kind_raw], dtype=object)
    site = ctx.values("site_type")
    if site is None and kind_raw is not None:
        site = np.array([v if v.casefold() not in ("street", "school", *_UNKNOWN) else "" for v in kind_raw], dtype=object)
    fy_raw = ctx.values("installed_fy")
    fy = [None] * n
    if fy_raw is not None:
        parsed = [fiscal_year(v) for v in fy_raw]
        fy = [p[0] for p in parsed]
        bad = [not p[1] for p in parsed]
        if any(bad):
            ctx.report.note("values_unreadable", field=ctx.column("installed_fy"), n=int(sum(bad)),
                            example=next(v for v, b in zip(fy_raw, bad) if b))
    frame = pd.DataFrame({
        "camera_id": ctx.ids("camera_id"), "kind": kinds, "site_type": _blank_none(site, n),
        "lat": lat, "lon": lon, "installed_fy": pd.array(fy, dtype="Int64"),
        "status": _statuses(ctx, _CAMERA_OFF, _CAMERA_ON, "inactive", "active"), "source": ctx.name,
    })
    return {"cameras": frame}


def _lights(ctx: _Context) -> dict[str, pd.DataFrame]:
    lon, lat = ctx.lonlat()
    n = len(ctx.keep)
    manager = [_manager(v) for v in _or_blank(ctx.values("manager"), n)]
    kind_raw = _or_blank(ctx.values("kind"), n)
    kinds = [_light_kind(v, m) for v, m in zip(kind_raw, manager)]
    assumed = sum(a for _, a in kinds)
    if assumed:
        ctx.report.note("light_kind_assumed", n=int(assumed))
    frame = pd.DataFrame({
        "light_id": ctx.ids("light_id"), "kind": [k for k, _ in kinds],
        "lamp_type": [_lamp_type(v) for v in _or_blank(ctx.values("lamp_type"), n)],
        "manager": manager, "lat": lat, "lon": lon,
        "status": _statuses(ctx, _LIGHT_OUT, _LIGHT_LIT, "out", "lit"), "source": ctx.name,
    })
    return {"street_lights": frame}


def _schools(ctx: _Context) -> dict[str, pd.DataFrame]:
    lon, lat = ctx.lonlat()
    n = len(ctx.keep)
    names = _or_blank(ctx.values("name"), n)
    levels = [_school_level(a, b) for a, b in zip(_or_blank(ctx.values("level"), n), names)]
    frame = pd.DataFrame({
        "school_id": ctx.ids("school_id"), "name": _blank_none(names, n), "level": levels,
        "address": _blank_none(ctx.values("address"), n), "gsi_id": _blank_none(ctx.values("gsi_id"), n),
        "lat": lat, "lon": lon, "source": ctx.name,
    })
    return {"schools": frame}


def _towns_of(ctx: _Context, points_wgs: np.ndarray) -> np.ndarray:
    """Each kept row's town: the file's town column when it names a known town, else the town
    polygon holding ``points_wgs``; None when neither (counted as not located)."""
    n = len(ctx.keep)
    raw = ctx.values("town")
    towns = np.full(n, None, dtype=object)
    unknown: dict[str, int] = {}
    if raw is not None:
        for i, v in enumerate(raw):
            if v and v.casefold() not in _UNKNOWN:
                towns[i] = _lookup_town(v, ctx.ref.town_names)
                if towns[i] is None:
                    unknown[v] = unknown.get(v, 0) + 1
    if unknown:
        ctx.report.note("town_unknown", n=sum(unknown.values()), example=_listing(sorted(unknown), 5))
    todo = np.flatnonzero(towns == None)  # noqa: E711 - element-wise
    if len(todo):
        found = _which(points_wgs[todo], ctx.ref.town_tree, ctx.ref.town_of_tree)
        towns[todo] = found
        k = sum(f is not None for f in found)
        if k:
            ctx.report.note("town_from_location", n=int(k))
    ctx.report.not_located = int(sum(t is None for t in towns))
    return towns


def _routes(ctx: _Context) -> dict[str, pd.DataFrame]:
    n = len(ctx.keep)
    first = np.array([shapely.get_geometry(g, 0) if g.geom_type == "MultiLineString" else g for g in ctx.wgs],
                     dtype=object)
    towns = _towns_of(ctx, shapely.get_point(first, 0))
    sid = _or_blank(ctx.values("school_id"), n)
    sname = _or_blank(ctx.values("school_name"), n)
    ids, names, unknown = [], [], 0
    for i, s in zip(sid, sname):
        if i and i in ctx.ref.school_by_id:
            ids.append(i)
            names.append(s or ctx.ref.school_by_id[i])
        elif s and clean(s) in ctx.ref.school_by_name:
            ids.append(i or ctx.ref.school_by_name[clean(s)])
            names.append(s)
        else:
            ids.append(i or None)
            names.append(s or None)
            unknown += bool(i or s)
    if unknown:
        ctx.report.note("school_unknown", n=unknown)
    frame = pd.DataFrame({
        "route_id": ctx.ids("route_id"), "school_id": ids, "school_name": names, "town": towns,
        "length_m": np.round(shapely.length(ctx.metric), 1), "geometry_wkt": ctx.wkt(), "source": ctx.name,
    })
    return {"school_routes": frame}


def _parks(ctx: _Context) -> dict[str, pd.DataFrame]:
    n = len(ctx.keep)
    lon, lat = ctx.lonlat()
    pts = shapely.points(lon, lat)
    towns = _towns_of(ctx, pts)
    koban = _kobans(ctx, towns, pts)
    frame = pd.DataFrame({
        "park_id": ctx.ids("park_id"), "name": _blank_none(ctx.values("name"), n), "town": towns,
        "koban": koban, "area_m2": np.round(shapely.area(ctx.metric), 0), "lat": lat, "lon": lon,
        "geometry_wkt": ctx.wkt(), "source": ctx.name,
    })
    return {"parks": frame}


def _kobans(ctx: _Context, towns: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """The police box of each town (``towns`` table), else of the area holding the point."""
    by_town = dict(zip(ctx.ref.towns["town"], ctx.ref.towns["koban"]))
    koban = np.array([by_town.get(t) if t is not None else None for t in towns], dtype=object)
    todo = np.flatnonzero(koban == None)  # noqa: E711
    if len(todo):
        koban[todo] = _which(pts[todo], ctx.ref.koban_tree, ctx.ref.koban_of_tree)
    return koban


def _streets(ctx: _Context) -> dict[str, pd.DataFrame]:
    n = len(ctx.keep)
    raw = ctx.values("kind")
    if raw is None:
        kinds = np.full(n, "local", dtype=object)
        ctx.report.note("field_assumed", field="kind", default="local")
    else:
        mapped = np.array([_street_kind(v) for v in raw], dtype=object)
        unknown = np.array([m is None for m in mapped])
        _defaulted(ctx.report, ctx.column("kind"), raw, unknown, "local")
        kinds = np.where((mapped == "") | unknown, "local", mapped)
    frame = pd.DataFrame({
        "street_id": ctx.ids("street_id"), "kind": kinds, "length_m": np.round(shapely.length(ctx.metric), 1),
        "geometry_wkt": ctx.wkt(), "source": ctx.name,
    })
    return {"streets": frame}


def _number(v: str) -> int | None:
    x = parse_coordinate(v)
    return int(round(x)) if x is not None and x >= 0 and float(x).is_integer() else None


_CENSUS_LAYER = re.compile(r"^(?P<era>[rh])(?P<n>\d{1,2})ka", re.IGNORECASE)
_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _population_year(ctx: _Context) -> int | None:
    """The census year from the layer's name (e-Stat ``r2ka01213`` = 令和2 = 2020, ``h27ka`` =
    2015), else one four-digit year in the layer's or file's name."""
    m = _CENSUS_LAYER.match(ctx.table.layer)
    if m:
        year = int(m["n"]) + (2018 if m["era"].casefold() == "r" else 1988)
        ctx.report.note("population_year_from_name", year=year, file=ctx.table.layer)
        return year
    for nm in (ctx.table.layer, ctx.path.stem):
        years = set(_YEAR_IN_NAME.findall(nm))
        if len(years) == 1:
            year = int(years.pop())
            ctx.report.note("population_year_from_name", year=year, file=nm)
            return year
    ctx.report.note("population_year_unknown")
    return None


def _merge_by(ctx: _Context, keys: list[str]) -> tuple[list[str], list[np.ndarray]]:
    """Group kept rows by ``keys`` (first appearance order); rows after the first are ``merged``."""
    groups: dict[str, list[int]] = {}
    for i, k in enumerate(keys):
        groups.setdefault(k, []).append(i)
    merged = sum(len(g) - 1 for g in groups.values())
    ctx.report.skip("merged", merged)
    return list(groups), [np.array(g) for g in groups.values()]


def _union(geoms: np.ndarray) -> object:
    return geoms[0] if len(geoms) == 1 else shapely.union_all(geoms)


def _towns(ctx: _Context) -> dict[str, pd.DataFrame]:
    raw = ctx.values("town")
    names = [_lookup_town(v, ctx.ref.town_names) or town_key(v) for v in raw]
    keys, groups = _merge_by(ctx, names)
    wgs = np.array([_union(ctx.wgs[g]) for g in groups], dtype=object)
    metric = np.array([_union(ctx.metric[g]) for g in groups], dtype=object)
    sub = _Context(**{**ctx.__dict__, "wgs": wgs, "metric": metric, "keep": ctx.keep[[g[0] for g in groups]]})
    lon, lat = sub.lonlat()
    known = ctx.ref.towns.set_index("town")
    base, chome, police = [], [], []
    for t in keys:
        if t in known.index:
            r = known.loc[t]
            base.append(r["town_base"])
            chome.append(None if pd.isna(r["chome"]) else int(r["chome"]))
            police.append(r["town_police_style"])
        else:
            b, c, p = town_parts(t)
            base.append(b)
            chome.append(c)
            police.append(p)
    new = [t for t in keys if t not in known.index]
    if new:
        ctx.report.note("towns_new", n=len(new), example=_listing(new, 5))
    missing = [t for t in known.index if t not in set(keys)]
    if missing:
        ctx.report.note("towns_missing", n=len(missing), example=_listing(missing, 5))
    by_name = dict(zip(known.index, known["koban"]))
    koban = np.array([by_name.get(t) for t in keys], dtype=object)
    todo = np.flatnonzero(koban == None)  # noqa: E711
    if len(todo):
        koban[todo] = _which(shapely.points(lon[todo], lat[todo]), ctx.ref.koban_tree, ctx.ref.koban_of_tree)
        found = int(sum(k is not None for k in koban[todo]))
        if found:
            ctx.report.note("koban_from_area", n=found)
        lost = [keys[i] for i in todo if koban[i] is None]
        if lost:
            ctx.report.note("towns_without_koban", n=len(lost), example=_listing(lost, 5))
    area = np.round(shapely.area(metric), 0)
    towns = pd.DataFrame({
        "town": keys, "town_base": base, "chome": pd.array(chome, dtype="Int64"), "town_police_style": police,
        "koban": koban, "lat": lat, "lon": lon, "area_m2": area, "area_approximate": False,
        "urban": area < URBAN_MAX_M2, "geometry_wkt": sub.wkt(), "source": ctx.name,
    })
    out = {"towns": towns}
    pop_raw, hh_raw = ctx.values("population"), ctx.values("households")
    if pop_raw is not None and hh_raw is not None:
        year = _population_year(ctx)
        pop, hh, keep_t, gaps = [], [], [], 0
        for t, g in zip(keys, groups):
            p = [_number(v) for v in pop_raw[g]]
            h = [_number(v) for v in hh_raw[g]]
            if any(x is None for x in p + h):
                gaps += 1
                continue
            keep_t.append(t)
            pop.append(sum(p))
            hh.append(sum(h))
        if gaps:
            ctx.report.note("population_missing", n=gaps)
        out["town_population"] = pd.DataFrame({
            "town": keep_t, "population": pd.array(pop, dtype="Int64"), "households": pd.array(hh, dtype="Int64"),
            "population_year": pd.array([year] * len(keep_t), dtype="Int64"), "source": ctx.name,
        })
    return out


def _koban_areas(ctx: _Context) -> dict[str, pd.DataFrame]:
    raw = ctx.values("koban")
    short = [box_name(v) for v in raw]
    keys, groups = _merge_by(ctx, short)
    wgs = np.array([_union(ctx.wgs[g]) for g in groups], dtype=object)
    metric = np.array([_union(ctx.metric[g]) for g in groups], dtype=object)
    sub = _Context(**{**ctx.__dict__, "wgs": wgs, "metric": metric, "keep": ctx.keep[[g[0] for g in groups]]})
    lon, lat = sub.lonlat()
    town_pts = shapely.points(ctx.ref.towns["lon"].to_numpy(float), ctx.ref.towns["lat"].to_numpy(float))
    n_towns = [int(shapely.contains_xy(g, shapely.get_x(town_pts), shapely.get_y(town_pts)).sum()) for g in wgs]
    missing = [k for k in ctx.ref.kobans if k not in set(keys)]
    if missing:
        ctx.report.note("koban_missing", names=_listing(missing, 12))
    new = [k for k in keys if k not in set(ctx.ref.kobans)]
    if new:
        ctx.report.note("koban_new", names=_listing(new, 12))
    frame = pd.DataFrame({
        "koban": keys, "koban_name": [raw[g[0]] for g in groups], "lat": lat, "lon": lon,
        "point_method": POINT_METHOD, "n_towns": pd.array(n_towns, dtype="Int64"),
        "area_m2": np.round(shapely.area(metric), 0), "area_approximate": False,
        "geometry_wkt": sub.wkt(), "source": ctx.name,
    })
    return {"koban_areas": frame}


_BUILDERS = {
    "cameras": _cameras, "lights": _lights, "schools": _schools, "routes": _routes, "parks": _parks,
    "streets": _streets, "towns": _towns, "koban_areas": _koban_areas,
}


def _or_blank(values: np.ndarray | None, n: int) -> np.ndarray:
    return values if values is not None else np.full(n, "", dtype=object)


def _blank_none(values: np.ndarray | None, n: int) -> list:
    if values is None:
        return [None] * n
    return [None if v == "" else v for v in values]


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """The table's columns in schema order, with the schema's types (nullable integers)."""
    out = pd.DataFrame(index=range(len(frame)))
    for c in TABLE_COLUMNS[table]:
        v = frame[c] if c in frame.columns else pd.Series([None] * len(frame))
        v = pd.Series(v).reset_index(drop=True)
        if c in _INTEGER:
            out[c] = pd.array(v, dtype="Int64")
        elif c in _FLOAT:
            out[c] = pd.to_numeric(v, errors="coerce").astype("float64")
        elif c in _BOOL:
            out[c] = v.astype(bool)
        else:
            out[c] = pd.Series([None if _isna(x) else str(x) for x in v], dtype=object)
    return out


def _isna(x: object) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False
