"""Every importer, through the command line, against generated malformed files (hypothesis).

The property a staff member relies on: whatever file they bring, the import either goes
through (exit 0) or is refused with a message (exit 2) — never a traceback — and a refused
import leaves the database file byte for byte as it was.
"""
from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bohan.importers import KINDS, SUFFIXES
from bohan.importers.__main__ import main

# Column names real files use (police, layers, municipal standard, survey), mixed with noise.
HEADERS = ["罪名", "手口", "管轄交番・駐在所（発生地）", "市区町村コード（発生地）", "町丁目（発生地）", "発生年月日（始期）",
           "発生時（始期）", "発生場所の属性", "緯度", "経度", "lat", "lon", "ID", "名称", "種別", "設置年度", "状態",
           "全国地方公共団体コード", "調査年度", "年齢", "地区", "満足度", "防犯意識", "防犯活動", "geometry", "x", "y", ""]
CELLS = st.one_of(
    st.sampled_from(["", "不明", "窃盗", "自転車盗", "012131", "01213", "2018/1/5", "令和元年5月1日", "7", "25",
                     "42.63", "141.60", "141.60", "42.63", "4260000", "=cmd|' /C calc'!A0", "NaN", "-1", "1e309",
                     "美園交番", "表町６丁目", "満足している", "30歳代", "LED", "点灯", '"', "\u3000"]),
    st.text(alphabet=string.printable + "あア漢字１２３", max_size=12),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@st.composite
def table_files(draw):
    """A delimited text table: plausible or random header, ragged rows, any of the usual encodings."""
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10))
    rows = draw(st.lists(st.lists(CELLS, min_size=0, max_size=len(header) + 2), max_size=8))
    sep = draw(st.sampled_from([",", "\t", ";"]))
    junk = draw(st.sampled_from(["", "犯罪発生情報\n", "\ufeff"]))
    text = junk + "\n".join(sep.join(r) for r in [header, *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))
    return text.encode(encoding, errors="replace")


def json_files():
    coords = st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=0, max_size=3)
    geometry = st.fixed_dictionaries({"type": st.sampled_from(["Point", "LineString", "Polygon", "Nothing"]),
                                      "coordinates": st.one_of(coords, st.lists(coords, max_size=4))})
    feature = st.fixed_dictionaries({"type": st.just("Feature"), "geometry": st.one_of(st.none(), geometry),
                                     "properties": st.dictionaries(st.sampled_from(HEADERS), CELLS, max_size=4)})
    collection = st.fixed_dictionaries({"type": st.just("FeatureCollection"),
                                        "features": st.lists(feature, max_size=5)})
    import json

    return st.one_of(collection.map(lambda c: json.dumps(c, ensure_ascii=False).encode()),
                     st.binary(max_size=200))


FILES = {
    "csv": st.one_of(table_files(), st.binary(max_size=300)),
    "geojson": json_files(),
    "zip": st.one_of(st.binary(max_size=200), st.just(b"PK\x03\x04garbage")),
    "gpkg": st.one_of(st.binary(max_size=200), st.just(b"SQLite format 3\x00" + b"\x00" * 100)),
}


@pytest.fixture(scope="module")
def db_copy(built_db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "bohan.duckdb"
    shutil.copy2(built_db, out)
    return out


def _check(db: Path, folder: Path, kind: str, suffix: str, data: bytes) -> None:
    path = folder / f"input.{suffix}"
    path.write_bytes(data)
    before = db.read_bytes()
    extra = ["--city-code", "012131"] if kind == "police" else []
    code = main([kind, "--db", str(db), *extra, str(path)])
    assert code in (0, 2)
    if code == 2:
        assert db.read_bytes() == before, "a refused import changed the database"


# each kind with each type of file it takes (others are refused by the page before reading)
CASES = [(kind, suffix) for kind in KINDS for suffix in FILES if suffix in SUFFIXES[kind]]


@pytest.mark.parametrize(("kind", "suffix"), CASES)
def test_no_file_gives_a_traceback_or_a_partial_write(kind, suffix, db_copy, tmp_path_factory):
    folder = tmp_path_factory.mktemp("in")

    @settings(max_examples=12, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(data=FILES[suffix])
    def run(data):
        _check(db_copy, folder, kind, suffix, data)

    run()
