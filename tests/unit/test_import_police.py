"""The police open-data importer: real 2018 files, one fixture per format quirk, the CLI and safe writes."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from tests.conftest import files_in

from bohan.db import insert_by_name
from bohan.filters import CrimeFilter
from bohan.importers import store
from bohan.importers.__main__ import main
from bohan.importers.police import INCIDENT_COLUMNS, ImportRefused, Report, parse_date, parse_hour, read_police, town_key

ROOT = Path(__file__).resolve().parents[2]
FIX = ROOT / "tests" / "data" / "police"
REAL = FIX / "real"  # the seven real 2018 files (test fixtures only; see its README)
REAL_FILES = sorted(REAL.glob("hokkaido_2018_tomakomai_only_*.csv"))
FIRST = "hokkaido_2018_tomakomai_only_buhinnerai"


@pytest.fixture
def db(built_db, tmp_path) -> Path:
    """A private copy of the session's built database (the shared one is never written)."""
    out = tmp_path / "bohan.duckdb"
    shutil.copy2(built_db, out)
    return out


def _read(db, *names, **kw):
    """read_police on fixture files; the rows as a DataFrame, for the assertions."""
    rows, report = read_police([FIX / n for n in names], kw.pop("city_code", "012131"), db=db, **kw)
    return rows.to_pandas(), report


def _rows(db: Path, sql: str, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# ------------------------------------------------------------------ the real 2018 files

assert len(REAL_FILES) == 7, "the real police samples are part of the test data"


def needs_real(test):  # kept as a marker of the tests that read the real files; they never skip
    return test


@needs_real
def test_read_police_real_2018_counts(db):
    """The seven real 2018 Tomakomai files give 324 rows with the published per-手口 and per-box counts."""
    rows, report = read_police(REAL_FILES, "012131", db=db)
    assert isinstance(rows, pa.Table) and rows.column_names == INCIDENT_COLUMNS
    assert isinstance(report, Report) and report.kind == "police"
    frame = rows.to_pandas()
    assert (report.rows_read, report.rows_kept, report.rows_skipped) == (324, 324, 0)
    assert frame["offence"].value_counts().to_dict() == {
        "自転車盗": 181, "車上ねらい": 89, "部品ねらい": 20, "自動販売機ねらい": 16, "自動車盗": 10,
        "オートバイ盗": 7, "ひったくり": 1}
    assert frame["koban"].value_counts().to_dict() == {
        "糸井": 53, "沼ノ端北": 53, "美園": 51, "錦岡": 36, "駅前": 33, "沼ノ端": 26, "木場": 24, "双葉": 22,
        "弥生": 18, "本町": 4, "山手": 3, "勇払": 1}
    assert (report.data_year, report.year_from) == (2018, "file name")
    assert set(frame["data_year"]) == {2018} and set(frame["source"]) == {FIRST}
    assert set(frame["offence_group"]) == {"窃盗犯"}
    # two rows have a blank 町丁目: kept, town NULL, counted as not located
    assert report.not_located == 2 and frame["town"].isna().sum() == 2
    assert report.hours_unknown == 3 and report.dates_unknown == 0
    assert frame["incident_id"].is_unique and frame["incident_id"].iloc[0] == f"{FIRST}-000001"
    assert frame["recorded_on"].isna().all() and frame["fiscal_year"].isna().all()
    assert frame["lat"].isna().all() and frame["occurred_at"].isna().all()
    assert frame["occurred_on"].dropna().map(lambda d: d.year).value_counts().to_dict() == {2018: 317, 2017: 6, 2015: 1}


@needs_real
def test_cli_imports_real_files_and_reimport_replaces(db, capsys):
    """The CLI exits 0 and prints the report; a second import of the same data set replaces it."""
    args = ["police", "--db", str(db), "--city-code", "01213", *map(str, REAL_FILES)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "rows read: 324" in out and "not located" in out and "data_year: 2018 (from file name)" in out
    assert main(args) == 0
    assert _rows(db, "SELECT count(*) FROM incidents WHERE source = ?", [FIRST]) == [(324,)]
    assert _rows(db, "SELECT count(*) FROM incidents WHERE source = 'sample'")[0][0] > 10_000
    log = _rows(db, "SELECT kind, name, rows_read, rows_kept, rows_unlocated, data_year, year_from FROM imports "
                    "ORDER BY import_id")
    assert log == [("police", FIRST, 324, 324, 2, 2018, "file name")] * 2
    assert (db.parent / (db.name + ".bak")).exists()
    # the page queries see the imported rows (data_year filter matches; fiscal filter does not)
    from bohan import db as qdb
    con = qdb.connect(db)
    try:
        f = CrimeFilter(offence=("ひったくり",), start=2018, end=2018).params()
        assert qdb.run(con, "crime/counts_by_year", fiscal=False, **f)["n"].sum() >= 1
    finally:
        con.close()


@needs_real
def test_cli_name_and_undo(db, capsys):
    """--name sets the source; undo removes exactly that data set."""
    assert main(["police", "--db", str(db), "--city-code", "012131", "--name", "hokkaido-2018", *map(str, REAL_FILES)]) == 0
    assert _rows(db, "SELECT count(*) FROM incidents WHERE source = 'hokkaido-2018'") == [(324,)]
    n_sample = _rows(db, "SELECT count(*) FROM incidents WHERE source = 'sample'")
    assert main(["undo", "--db", str(db), "hokkaido-2018"]) == 0
    assert _rows(db, "SELECT count(*) FROM incidents WHERE source = 'hokkaido-2018'") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM incidents WHERE source = 'sample'") == n_sample
    assert main(["undo", "--db", str(db), "hokkaido-2018"]) == 2


def test_cli_as_subprocess(db):
    """`python -m bohan.importers police ...` runs as the contract says."""
    r = subprocess.run([sys.executable, "-m", "bohan.importers", "police", "--db", str(db), "--city-code", "012131",
                        str(FIX / "cp932_2018.csv")], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "rows kept for city code 012131: 2" in r.stdout


# ------------------------------------------------------------------ refusals and safe writes


def test_cli_refuses_non_police_file_and_writes_nothing(db, capsys):
    """A CSV that is not police open data exits 2 naming what is missing; the database bytes are unchanged."""
    before = db.read_bytes()
    assert main(["police", "--db", str(db), "--city-code", "012131", str(FIX / "not_police.csv")]) == 2
    err = capsys.readouterr().err
    assert "not police open data" in err and "罪名" in err and "not_police.csv" in err
    with pytest.raises(ImportRefused) as excinfo:
        _read(db, "not_police.csv")
    assert excinfo.value.key == "no_header"
    assert "警察の犯罪オープンデータではありません" in excinfo.value.text("ja") and "not_police.csv" in excinfo.value.text("ja")
    assert db.read_bytes() == before
    assert files_in(db.parent) == [db.name]


def test_refuses_missing_columns_by_name(db, tmp_path):
    """A header with 罪名 and 手口 but other columns missing is refused, naming those columns."""
    bad = tmp_path / "partial.csv"
    bad.write_text("罪名,手口,管轄交番・駐在所（発生地）\n窃盗,自転車盗,駅前\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match="missing columns: 市区町村コード（発生地）.*発生場所の属性") as excinfo:
        read_police([bad], "012131", db=db)
    assert excinfo.value.key == "missing_columns" and excinfo.value.params["file"] == "partial.csv"
    assert "次の列がありません: 市区町村コード（発生地）" in excinfo.value.text("ja")


def test_unknown_boxes_refuse_the_import(db):
    """Police boxes not in koban_areas refuse the whole import, listing each unknown box with its rows."""
    before = db.read_bytes()
    with pytest.raises(ImportRefused) as excinfo:
        _read(db, "unknown_box_2018.csv")
    e = excinfo.value
    assert e.key == "unknown_boxes" and e.params["counts"] == {"八重洲通": 1, "大賀郷": 1}
    assert "八重洲通 (1)" in e.text("ja") and "大賀郷 (1)" in e.text("ja") and "駅前" in e.text("ja")
    assert "八重洲通 (1), 大賀郷 (1)" in str(e) and "Known boxes: " in str(e) and "Nothing was imported" in str(e)
    assert main(["police", "--db", str(db), "--city-code", "012131", str(FIX / "unknown_box_2018.csv")]) == 2
    assert db.read_bytes() == before


def test_failed_write_leaves_database_byte_identical(db, monkeypatch):
    """An exception during the insert leaves the original file byte-identical and no temp file behind."""
    rows, report = read_police([FIX / "cp932_2018.csv"], "012131", db=db)
    before = db.read_bytes()

    def boom(con, table, df):
        raise RuntimeError("simulated failure")

    monkeypatch.setattr(store, "insert_by_name", boom)
    with pytest.raises(RuntimeError, match="simulated"):
        store.write_incidents(db, rows, report)
    assert db.read_bytes() == before
    # the writers' lock file stays (see bohan.importers.store); no copy is left behind
    assert files_in(db.parent) == [db.name, db.name + ".import.lock"]


def test_bad_city_code_and_reserved_name_refused(db):
    """A wrong check digit (the right code named), a code that is not one, and the reserved name 'sample' are refused."""
    with pytest.raises(ImportRefused, match="check digit") as excinfo:
        _read(db, "cp932_2018.csv", city_code="012132")
    assert excinfo.value.key == "city_check_digit" and "012131" in excinfo.value.text("ja")
    with pytest.raises(ImportRefused) as excinfo:
        _read(db, "cp932_2018.csv", city_code="1213")
    assert excinfo.value.key == "bad_city_code" and "1213" in excinfo.value.text("ja")
    with pytest.raises(ImportRefused, match="reserved") as excinfo:
        _read(db, "cp932_2018.csv", name="sample")
    assert excinfo.value.key == "reserved_name"


# ------------------------------------------------------------------ one fixture per quirk


def test_cp932_crlf(db):
    """cp932 with CRLF: values decoded, 表町６丁目 located as 表町六丁目, unpadded hour read."""
    frame, report = _read(db, "cp932_2018.csv")
    assert frame[["koban", "town", "occurred_on", "hour", "place_type"]].astype(object).values.tolist() == [
        ["駅前", "表町六丁目", date(2018, 12, 26), 17, "駐車（輪）場"],
        ["美園", "柳町三丁目", date(2018, 9, 16), 8, "道路上"],
    ]
    assert (report.data_year, report.year_from, report.not_located) == (2018, "file name", 0)


def test_utf8_bom_and_plain(db):
    """UTF-8 with a BOM (year from the name) and without (year from the latest occurrence)."""
    frame, report = _read(db, "utf8_bom_2019.csv")
    assert len(frame) == 2 and list(frame["hour"]) == [21, 22] and report.data_year == 2019
    frame, report = _read(db, "utf8_plain.csv")
    assert (report.data_year, report.year_from) == (2017, "latest occurrence")
    assert list(frame["source"]) == ["utf8_plain"]


def test_tab_separated(db):
    """A tab-separated file named .csv is read by sniffing the header line."""
    frame, _ = _read(db, "tab_2018.csv")
    assert list(frame["koban"]) == ["駅前", "糸井"] and list(frame["town"]) == ["表町六丁目", "字錦岡"]


def test_junk_line_before_header(db):
    """A title line before the header is skipped."""
    frame, report = _read(db, "junk_line_2020.csv")
    assert report.rows_read == 1 and frame["hour"].tolist() == [3] and report.data_year == 2020


def test_2020_place_pair(db):
    """2020+ files: place_type comes from 発生場所 (発生場所の詳細 is not stored)."""
    frame, _ = _read(db, "place2020_2020.csv")
    assert frame["place_type"].tolist() == ["駐車（輪）場", "道路上"]


def test_duplicated_columns_take_the_first(db):
    """A file with every column twice uses the first of each."""
    frame, _ = _read(db, "duplicated_columns_2018.csv")
    assert frame["koban"].tolist() == ["駅前", "双葉"]
    assert frame["town"].tolist() == ["表町六丁目", "北栄町一丁目"]


def test_city_codes_any_form(db):
    """12131, 012131 and 01213 are the city; 015784 (白老町) is skipped with its reason."""
    frame, report = _read(db, "codes_2018.csv")
    assert (report.rows_read, report.rows_kept) == (4, 3)
    assert report.skipped == {"other_city": 1}
    assert "  another municipality's code: 1" in report.text().splitlines()
    frame5, _ = _read(db, "codes_2018.csv", city_code="01213")
    assert len(frame5) == 3


def test_date_formats(db):
    """ISO, slashes, YYYYMMDD, 和暦 (平成/令和/R/H, 元年), full-width digits; 不明/blank NULL; bad date counted."""
    frame, report = _read(db, "dates.csv")
    got = [None if pd.isna(d) else d for d in frame["occurred_on"]]
    assert got == [date(2018, 12, 26), date(2018, 9, 16), date(2018, 12, 26), date(2018, 12, 26), date(2019, 5, 1),
                   date(2019, 5, 1), date(2018, 1, 2), date(2018, 3, 4), None, None, None]
    assert report.dates_unknown == 3 and report.dates_unreadable == {"2018-02-30": 1}
    assert (report.data_year, report.year_from) == (2019, "latest occurrence")


def test_hours(db):
    """Unpadded and full-width hours read; 不明, blank and 24 become NULL."""
    frame, report = _read(db, "hours_2018.csv")
    assert [None if pd.isna(h) else int(h) for h in frame["hour"]] == [7, 7, None, None, None, 7, 0, 23]
    assert report.hours_unknown == 3


def test_suffixed_box_names(db):
    """交番 / 駐在所 suffixes are dropped to match koban_areas."""
    frame, _ = _read(db, "boxes_2018.csv")
    assert frame["koban"].tolist() == ["駅前", "勇払", "錦岡", "沼ノ端北"]


def test_towns_spellings_blank_and_unknown(db):
    """Full-width and kanji chome both locate; 字 kept; blank, 不明 and unknown towns kept with town NULL."""
    frame, report = _read(db, "towns_2018.csv")
    assert frame["town"].tolist()[:3] == ["表町六丁目", "表町六丁目", "字植苗"]
    assert frame["town"].iloc[3:].isna().all() and len(frame) == 6
    assert report.not_located == 3 and report.unknown_towns == {"存在しない町": 1}


def test_report_lines_in_both_languages(db):
    """The report names the year and where it came from, each file's rows, unknown towns, unreadable dates
    and unknown hours, in Japanese for the staff page and in English for the command line."""
    _, report = _read(db, "dates.csv")
    ja = report.lines("ja")
    assert "認知年（data_year）: 2019（最も新しい発生日の年）" in ja and "　ファイル dates.csv: 11行" in ja
    assert "発生日が不明（空欄で取り込み）: 3" in ja and "　うち 読めない日付「2018-02-30」: 1" in ja
    assert report.text() == "\n".join(report.lines("en"))
    assert "data_year: 2019 (from latest occurrence)" in report.text()
    assert "  unreadable date '2018-02-30': 1" in report.text()
    _, report = _read(db, "towns_2018.csv")
    assert "　うち 町丁目一覧にない「存在しない町」: 1" in report.lines("ja")
    assert "rows kept for city code 012131: 6" in report.text() and "  unknown town '存在しない町': 1" in report.text()
    _, report = _read(db, "hours_2018.csv", year=2017)
    assert "認知年（data_year）: 2017（指定した年）" in report.lines("ja") and "発生時が不明（空欄で取り込み）: 3" in report.lines("ja")
    assert report.year_from == "option"


@pytest.mark.parametrize("encoding", ["cp932", "utf-8"])
def test_bytes_past_the_encoding_check_are_still_checked(db, tmp_path, encoding):
    """The encoding is told from the first MiB only; a bad byte further on still refuses the file (not_text)."""
    text = (FIX / "cp932_2018.csv").read_bytes().decode("cp932")
    header, row = text.splitlines(keepends=True)[:2]
    n = (1 << 20) // len(row.encode(encoding)) + 100
    good = tmp_path / f"big_{encoding}_2018.csv"
    good.write_bytes((header + row * n).encode(encoding))
    rows, report = read_police([good], "012131", db=db)
    assert (len(rows), report.rows_kept) == (n, n)
    bad = tmp_path / f"bad_{encoding}_2018.csv"
    bad.write_bytes((header + row * n).encode(encoding) + "窃盗,自転車盗,苫小牧,駅前,012131".encode(encoding) + b"\x82\xff\r\n")
    with pytest.raises(ImportRefused) as excinfo:
        read_police([bad], "012131", db=db)
    assert excinfo.value.key == "not_text" and bad.name in excinfo.value.text("ja")


def test_insert_by_name_takes_pandas_and_arrow():
    """insert_by_name matches columns by name from a DataFrame or a pyarrow Table: missing ones NULL, extra ones ignored."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (id VARCHAR PRIMARY KEY, n INTEGER, d DATE)")
    insert_by_name(con, "t", pd.DataFrame({"n": [1], "id": ["a"], "extra": [0]}))
    insert_by_name(con, "t", pa.table({"d": pa.array([date(2018, 1, 2)]), "id": ["b"], "extra": [0]}))
    assert con.execute("SELECT * FROM t ORDER BY id").fetchall() == [("a", 1, None), ("b", None, date(2018, 1, 2))]
    with pytest.raises(TypeError):
        insert_by_name(con, "t", [("c", 1, None)])
    con.close()


def test_value_parsers():
    """The small parsers behave on edge values."""
    assert parse_date("S64.1.7")[0] == date(1989, 1, 7)
    assert parse_date("2018-13-01") == (None, False)
    assert parse_hour(" 9時 ") == 9 and parse_hour("-1") is None
    assert town_key("表町１２丁目") == "表町十二丁目" and town_key("字植苗") == "字植苗"


def test_several_files_several_years_need_an_option(db):
    """File names naming different years are refused unless --year is given."""
    with pytest.raises(ImportRefused, match="--year") as excinfo:
        _read(db, "cp932_2018.csv", "utf8_bom_2019.csv")
    assert excinfo.value.key == "several_years" and "2018, 2019" in excinfo.value.text("ja")
    frame, report = _read(db, "cp932_2018.csv", "utf8_bom_2019.csv", year=2019)
    assert (report.year_from, len(frame), frame["incident_id"].iloc[-1]) == ("option", 4, "cp932_2018-000004")
    # ids follow the files in the order given, then their lines
    assert frame[["incident_id", "hour"]].values.tolist() == [
        ["cp932_2018-000001", 17], ["cp932_2018-000002", 8], ["cp932_2018-000003", 21], ["cp932_2018-000004", 22]]
    assert report.rows_per_file == {"cp932_2018.csv": 2, "utf8_bom_2019.csv": 2}


def test_malformed_bytes_only_raise_import_refused(db, tmp_path):
    """Seeded random corruption of a valid file: either rows or ImportRefused, never another error or a write."""
    import random

    rng = random.Random(20180101)
    good = (FIX / "cp932_2018.csv").read_bytes()
    before = db.read_bytes()
    for i in range(60):
        data = bytearray(good)
        for _ in range(rng.randint(1, 12)):
            op = rng.random()
            pos = rng.randrange(len(data) + 1)
            if op < 0.4 and data:
                data[min(pos, len(data) - 1)] = rng.randrange(256)
            elif op < 0.7:
                data[pos:pos] = bytes(rng.choice([b",", b"\t", b'"', b"\r\n", b"\x00", b"\xef\xbb\xbf", b"\x82"]))
            else:
                del data[pos:pos + rng.randint(1, 20)]
        f = tmp_path / f"fuzz_{i}_2018.csv"
        f.write_bytes(bytes(data))
        try:
            rows, report = read_police([f], "012131", db=db)
        except ImportRefused as e:
            assert e.text("ja") and e.text("en")  # every refusal has its message in both languages
            continue
        assert len(rows) == report.rows_kept
    assert db.read_bytes() == before


def test_fiscal_year_counts_leave_out_rows_without_a_fiscal_year(tmp_path, built_db):
    """Imported open data has no recording date: by fiscal year it is not shown as a blank year."""
    import shutil

    from bohan import db
    from bohan.build import derived
    from bohan.filters import CrimeFilter

    path = tmp_path / "bohan.duckdb"
    shutil.copy(built_db, path)
    con = db.connect(path, read_only=False)
    con.execute("UPDATE incidents SET fiscal_year = NULL, recorded_on = NULL WHERE incident_id IN "
                "(SELECT incident_id FROM incidents ORDER BY incident_id LIMIT 5)")
    derived.refresh(con)  # as every writer of incidents does
    by_fy = db.run(con, "crime/counts_by_year", **CrimeFilter().params(), fiscal=True)
    by_month = db.run(con, "crime/counts_by_month", **CrimeFilter().params(), fiscal=True)
    by_year = db.run(con, "crime/counts_by_year", **CrimeFilter().params(), fiscal=False)
    con.close()
    assert by_fy["year"].notna().all() and by_month["year"].notna().all()
    assert by_year["n"].sum() - by_fy["n"].sum() == 5


def test_progress_is_reported_file_by_file(db):
    """A page's bar moves file by file through a multi-file import, then to the matching step."""
    steps = []
    read_police(REAL_FILES, "012131", db=db, progress=lambda f, what: steps.append((f, what)))
    fractions = [f for f, _ in steps]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] < 1
    assert [w for _, w in steps[:len(REAL_FILES)]] == [p.name for p in REAL_FILES]
