"""Read police crime open data (犯罪発生情報, the street-theft CSVs) into ``incidents`` rows.

Pure: :func:`read_police` reads files and the reference tables (towns, police boxes) of a
database opened read-only, and returns rows plus a :class:`Report`; it writes nothing.
The quirks handled are those of ``shared/reference/FORMATS.md``: cp932 or UTF-8 (with or
without BOM), comma or tab, junk lines before the header, one place column (2018-19) or two
(2020+), columns repeated side by side (the first of each is used), municipality codes with
or without the leading zero, dates as ``YYYY-MM-DD``, ``YYYY/M/D``, ``YYYYMMDD`` or 和暦,
unpadded hours, ``不明`` and blanks, box names with or without 交番/駐在所, town names with
full-width digits (表町６丁目 -> 表町六丁目).

Decisions
---------
- A row whose municipality code is not the city's is skipped (counted by reason).
- A kept row whose police box is not in ``koban_areas`` refuses the whole import, listing the
  unknown boxes: ``incidents.koban`` is NOT NULL, and silently dropping or re-assigning rows
  would change box totals without anyone noticing.
- A kept row whose town is blank, ``不明`` or not in ``towns`` is kept with ``town`` NULL and
  counted as *not located*: it still counts for the city and its box.
- Unknown or unreadable dates and hours become NULL (unreadable ones are counted apart).

Messages: a refusal is :class:`~bohan.importers.common.ImportRefused` with a catalogue key
(``import.refused.<key>``, in :mod:`bohan.i18n_police` or, when shared, :mod:`bohan.i18n_import`),
and :meth:`Report.lines` gives the report, so the staff page shows both in Japanese and the
command line in English.

Speed (a million rows in about 4-5 s on 2 cores, ``benchmarks/import_police.py``): each file
is decoded once (the encoding is told from its first MiB; cp932 is transcoded to UTF-8 in large
chunks, as DuckDB reads UTF-8 only) and parsed by DuckDB; every distinct value is normalised
once in Python and joined back in DuckDB; the rows leave DuckDB as a pyarrow Table, never as
a million Python objects.
"""
from __future__ import annotations

import codecs
import csv
import os
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# ImportRefused stays importable from here (``from bohan.importers.police import ImportRefused``).
from bohan import db as bohan_db
from bohan.importers.common import ImportRefused, ImportReport, clean as _clean, sha256 as _sha256
from bohan.paths import default_db_path

__all__ = ["ImportRefused", "Report", "read_police", "reference_tables", "parse_date", "parse_hour", "box_name",
           "town_key", "check_digit", "city_code5", "code_forms"]

# The ten common columns, then the place column(s); English names used inside.
COMMON = {
    "罪名": "crime",
    "手口": "modus",
    "管轄警察署（発生地）": "station",
    "管轄交番・駐在所（発生地）": "box",
    "市区町村コード（発生地）": "city_code",
    "都道府県（発生地）": "prefecture",
    "市区町村（発生地）": "municipality",
    "町丁目（発生地）": "town",
    "発生年月日（始期）": "date",
    "発生時（始期）": "hour",
}
PLACE_OLD = "発生場所の属性"
PLACE_NEW = "発生場所"
PLACE_DETAIL = "発生場所の詳細"  # 2020+; not stored
#: The columns read into table ``raw`` (English names): those stored or checked.
RAW_COLUMNS = ("crime", "modus", "box", "city_code", "town", "date", "hour", "place")
REQUIRED = ("罪名", "手口", "管轄交番・駐在所（発生地）", "市区町村コード（発生地）", "町丁目（発生地）",
            "発生年月日（始期）", "発生時（始期）")
HEADER_SCAN_LINES = 20
# The encoding is told from the file's first bytes; the rest is checked while it is read
# (cp932 by the strict transcode, UTF-8 by DuckDB), so no file is decoded twice.
ENCODING_SCAN_BYTES = 1 << 20
UNKNOWN = {"", "不明", "-", "－", "―", "ー"}
OFFENCE_GROUP = {"窃盗": "窃盗犯"}  # these files publish theft (窃盗) only
RESERVED_NAMES = {"sample", "plan", "plan / sample"}

INCIDENT_COLUMNS = [
    "incident_id", "data_year", "fiscal_year", "recorded_on", "occurred_on", "occurred_at", "hour",
    "offence_group", "offence", "koban", "town", "place_type", "lat", "lon", "source",
]
#: Where ``data_year`` came from (``Report.year_from``, stored in the imports log as is).
YEAR_FROM = ("option", "file name", "latest occurrence")


@dataclass(kw_only=True)
class Report(ImportReport):
    """What a police import read, kept and skipped (by reason key), and what it could not place.

    Adds to :class:`~bohan.importers.common.ImportReport`: ``city_code`` (6 digits),
    ``data_year`` and ``year_from`` (one of :data:`YEAR_FROM`), ``rows_per_file`` (file name ->
    rows read), ``unknown_towns`` (name -> rows kept with ``town`` NULL because the name is not
    in ``towns``), ``dates_unknown`` (rows whose occurrence date is NULL, unreadable ones
    included), ``dates_unreadable`` (value -> rows) and ``hours_unknown``. Skip reasons are
    ``other_city``, ``not_theft`` and ``modus_blank`` (``import.skip.<key>``).
    """

    kind: str = "police"
    city_code: str = ""
    data_year: int = 0
    year_from: str = ""  # 'option' / 'file name' / 'latest occurrence'
    unknown_towns: dict[str, int] = field(default_factory=dict)
    dates_unknown: int = 0
    dates_unreadable: dict[str, int] = field(default_factory=dict)
    hours_unknown: int = 0
    rows_per_file: dict[str, int] = field(default_factory=dict)

    def lines(self, lang: str = "en") -> list[str]:
        """The report in ``lang``: data set and files, year and its origin, counts, skip reasons,
        rows not located (with the unknown town names), unknown dates and hours, then notes."""
        from bohan.i18n import t

        out = [t("import.police.dataset", lang, name=self.name, city_code=self.city_code)]
        out += [t("import.police.file_rows", lang, file=f, n=n) for f, n in self.rows_per_file.items()]
        if self.year_from in YEAR_FROM:
            origin = t(f"import.police.year_from.{self.year_from.replace(' ', '_')}", lang)
        else:
            origin = self.year_from
        out.append(t("import.police.data_year", lang, year=self.data_year, origin=origin))
        out.append(t("import.report.read", lang, n=self.rows_read))
        out.append(t("import.police.kept", lang, city_code=self.city_code, n=self.rows_kept))
        out.append(t("import.report.skipped", lang, n=self.rows_skipped))
        out += [t("import.report.reason", lang, reason=t(f"import.skip.{k}", lang), n=n)
                for k, n in sorted(self.skipped.items())]
        out.append(t("import.report.not_located", lang, n=self.not_located))
        out += [t("import.police.unknown_town", lang, town=k, n=n) for k, n in sorted(self.unknown_towns.items())]
        out.append(t("import.police.dates_unknown", lang, n=self.dates_unknown))
        out += [t("import.police.date_unreadable", lang, value=k, n=n) for k, n in sorted(self.dates_unreadable.items())]
        out.append(t("import.police.hours_unknown", lang, n=self.hours_unknown))
        out += [t(f"import.note.{k}", lang, **p) for k, p in self.notes]
        return out

    def text(self) -> str:
        """The report as printed by the command line (English)."""
        return "\n".join(self.lines("en"))


# ---------------------------------------------------------------- value normalisers


def check_digit(code5: str) -> int:
    """Check digit of a 5-digit municipality code (FORMATS.md, Conventions)."""
    s = sum(w * int(d) for w, d in zip((6, 5, 4, 3, 2), code5))
    return (11 - s % 11) % 10


def city_code5(code: str) -> str:
    """The 5-digit municipality code from a 5- or 6-digit one given on the command line.

    Raises :class:`ImportRefused` for anything else or a wrong check digit.
    """
    c = _clean(code)
    if not c.isdigit() or len(c) not in (5, 6):
        raise ImportRefused("bad_city_code", code=str(code))
    if len(c) == 6 and int(c[5]) != check_digit(c[:5]):
        raise ImportRefused("city_check_digit", code=str(code), expected=f"{c[:5]}{check_digit(c[:5])}")
    return c[:5]


def code_forms(code5: str) -> set[str]:
    """Every spelling of the city's code seen in police files: 5 or 6 digits, leading zeros dropped."""
    code6 = code5 + str(check_digit(code5))
    return {code5, code6, code5.lstrip("0"), code6.lstrip("0")}


_ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_DATE_PATTERNS = [
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})$"),
    re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$"),
    re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日?$"),
    re.compile(r"^(?P<era>令和|平成|昭和|[RHS])\s*(?P<y>\d{1,2}|元)\s*[年./-]\s*(?P<m>\d{1,2})\s*[月./-]\s*(?P<d>\d{1,2})日?$",
               re.IGNORECASE),
]
_TIME_TAIL = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")


def parse_date(value: object) -> tuple[date | None, bool]:
    """``(date, readable)``: the date, or None with readable=True for 不明/blank, False if unreadable."""
    s = _TIME_TAIL.sub("", _clean(value))
    if s in UNKNOWN:
        return None, True
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if not m:
            continue
        y = m["y"]
        year = 1 if y == "元" else int(y)
        if "era" in m.groupdict() and m["era"]:
            year += _ERAS[m["era"].upper() if len(m["era"]) == 1 else m["era"]]
        try:
            return date(year, int(m["m"]), int(m["d"])), True
        except ValueError:
            return None, False
    return None, False


def parse_hour(value: object) -> int | None:
    """Hour 0-23 from ``07``, ``7``, ``７``, ``7時``; None for 不明, blank or out of range."""
    s = _clean(value).removesuffix("時")
    if s.isdigit() and 0 <= int(s) <= 23:
        return int(s)
    return None


_BOX_SUFFIX = re.compile(r"(警察官駐在所|駐在所|交番|警察署|署)$")


def box_name(value: object) -> str:
    """Police box name without 交番/駐在所/警察署 (``八重洲通交番`` -> ``八重洲通``)."""
    return _BOX_SUFFIX.sub("", _clean(value))


_KANJI = "〇一二三四五六七八九"


def _kanji_number(n: int) -> str:
    if n < 10:
        return _KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _KANJI[tens]) + "十" + ("" if ones == 0 else _KANJI[ones])


_CHOME = re.compile(r"(\d+)(丁目)")


def town_key(value: object) -> str:
    """A town name in the address data's spelling: NFKC, digits before 丁目 as kanji, 字 kept."""
    return _CHOME.sub(lambda m: _kanji_number(int(m[1])) + m[2], _clean(value))


# ---------------------------------------------------------------- file layout


@dataclass
class _Layout:
    path: Path
    encoding: str  # 'utf-8-sig', 'utf-8' or 'cp932'
    header_line: int  # 0-based index of the header line
    delimiter: str
    names: list[str]  # header cells, NFKC-stripped


def _encoding(path: Path) -> str:
    """``'utf-8-sig'``, ``'utf-8'`` or ``'cp932'`` (FORMATS.md's order), told from the first bytes.

    Only :data:`ENCODING_SCAN_BYTES` are decoded here; the rest is checked as it is read (the
    cp932 transcode is strict, DuckDB refuses bytes that are not UTF-8), so that a large file
    is decoded once, not three times. Refuses (``not_text``) a head that is neither.
    """
    with open(path, "rb") as f:
        head = f.read(ENCODING_SCAN_BYTES)
        whole = not f.read(1)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "cp932"):
        try:
            # a character cut in two by the end of the head is fine unless the file ends there
            codecs.getincrementaldecoder(encoding)("strict").decode(head, final=whole)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportRefused("not_text", file=path.name)


def _layout(path: Path) -> _Layout:
    if not path.is_file():
        raise ImportRefused("no_file", file=path.name)
    encoding = _encoding(path)
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        lines = [f.readline() for _ in range(HEADER_SCAN_LINES)]
    for i, line in enumerate(lines):
        if "罪名" in line and "手口" in line:
            break
    else:
        raise ImportRefused("no_header", file=path.name, lines=HEADER_SCAN_LINES, columns=", ".join(REQUIRED))
    line = lines[i].rstrip("\r\n")
    delimiter = "\t" if line.count("\t") > line.count(",") else ","
    names = [_clean(c) for c in next(csv.reader([line], delimiter=delimiter))]
    present = set(names)
    missing = [c for c in REQUIRED if _clean(c) not in present]
    if PLACE_OLD not in present and PLACE_NEW not in present:
        missing.append(f"{PLACE_OLD} / {PLACE_NEW}")
    if missing:
        raise ImportRefused("missing_columns", file=path.name, columns=", ".join(missing))
    return _Layout(path, encoding, i, delimiter, names)


TRANSCODE_CHUNK = 16 << 20  # bytes per read: large chunks keep the per-call cost of the codec negligible


def _transcode(path: Path, out_dir: str) -> Path:
    """Stream cp932 ``path`` into a UTF-8 temp file in ``out_dir`` (DuckDB reads UTF-8 only).

    Strict: a byte sequence that is not cp932 refuses the file (``not_text``). Bytes in, bytes
    out, no newline translation.
    """
    decoder = codecs.getincrementaldecoder("cp932")("strict")
    fd, tmp = tempfile.mkstemp(suffix=".csv", dir=out_dir)
    try:
        with os.fdopen(fd, "wb") as out, open(path, "rb") as src:
            while chunk := src.read(TRANSCODE_CHUNK):
                out.write(decoder.decode(chunk).encode("utf-8"))
            out.write(decoder.decode(b"", final=True).encode("utf-8"))
    except UnicodeDecodeError:
        raise ImportRefused("not_text", file=path.name) from None
    return Path(tmp)


def _read_raw(con: duckdb.DuckDBPyConnection, lay: _Layout, file_no: int, tmpdir: str) -> None:
    """Append the file's rows to table ``raw`` (first of each duplicated column, English names).

    Rows keep the file's order in ``raw`` (DuckDB preserves insertion order), so ``raw.rowid``
    orders the rows by file, then line.
    """
    src = lay.path if lay.encoding != "cp932" else _transcode(lay.path, tmpdir)
    positions: dict[str, int] = {}
    for i, n in enumerate(lay.names):
        positions.setdefault(n, i)
    # only the columns stored or checked (station, prefecture, municipality and 発生場所の詳細 are not)
    wanted = {_clean(k): v for k, v in COMMON.items() if v in RAW_COLUMNS}
    wanted[PLACE_NEW if PLACE_NEW in positions else PLACE_OLD] = "place"
    cols = {f"c{i}": "VARCHAR" for i in range(len(lay.names))}
    from duckdb import ColumnExpression, ConstantExpression, sqltypes

    try:
        rel = con.read_csv(
            str(src), header=False, skiprows=lay.header_line + 1, delimiter=lay.delimiter, quotechar='"',
            columns=cols, null_padding=True, all_varchar=True, auto_detect=False,
        )
        # pick and rename the columns with expressions, not SQL text; the file number is a parameter
        picked = rel.select(*[
            (ColumnExpression(f"c{positions[k]}") if k in positions else ConstantExpression(None).cast(sqltypes.VARCHAR))
            .alias(v) for k, v in wanted.items()
        ])
        con.register("picked", picked)
        try:
            con.execute("INSERT INTO raw BY NAME SELECT $file_no AS file_no, * FROM picked", {"file_no": file_no})
        finally:
            con.unregister("picked")
    except duckdb.Error as e:
        if "unicode" in str(e).lower():  # bytes past the encoding check that are not UTF-8
            raise ImportRefused("not_text", file=lay.path.name) from None
        raise ImportRefused("unreadable_csv", file=lay.path.name, error=str(e).strip().splitlines()[0]) from None


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def reference_tables(db: Path | str | None = None) -> tuple[set[str], dict[str, str]]:
    """Known police boxes, and a town lookup (normalised spelling -> ``towns.town``), from ``db``."""
    path = Path(db or default_db_path())
    if not path.is_file():
        raise ImportRefused("no_database", db=str(path))
    try:
        con = bohan_db.connect(path, read_only=True)
    except duckdb.Error as e:
        raise ImportRefused("database_unreadable", db=str(path), error=str(e).strip().splitlines()[0]) from None
    try:
        strict = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents' "
            "AND column_name IN ('fiscal_year', 'recorded_on') AND is_nullable = 'NO' ORDER BY column_name").fetchall()]
        if strict:  # built before imports were possible: open data has no recording date
            raise ImportRefused("database_outdated", db=str(path),
                                tables=", ".join(f"incidents.{c} NOT NULL" for c in strict))
        boxes = {k for (k,) in con.execute("SELECT koban FROM koban_areas").fetchall()}
        towns: dict[str, str] = {}
        for town, police in con.execute("SELECT town, town_police_style FROM towns").fetchall():
            for spelling in (town, police):
                if spelling:
                    towns.setdefault(town_key(spelling), town)
    finally:
        con.close()
    return boxes, towns


def _lookup_town(raw: str, towns: dict[str, str]) -> str | None:
    key = town_key(raw)
    return towns.get(key) or (None if key.startswith("字") else towns.get("字" + key))


def read_police(
    paths: Iterable[Path | str], city_code: str, *, name: str | None = None, year: int | None = None,
    db: Path | str | None = None, progress: Callable[[float, str], None] | None = None,
) -> tuple[pa.Table, Report]:
    """Read police open-data CSVs into ``incidents`` rows for one city; writes nothing.

    Parameters
    ----------
    paths : the CSV files of one data set (one per 手口, typically).
    city_code : 5- or 6-digit municipality code (``01213`` or ``012131``).
    name : the data set's name, stored in ``source``; default the first file's stem.
    year : the year police recorded the rows (``data_year``); default a four-digit year in the
        file names, else the latest occurrence year.
    db : database whose ``towns`` and ``koban_areas`` the rows are matched to (read-only);
        default :func:`bohan.paths.default_db_path`.
    progress : called as ``progress(fraction, file name or step)`` while reading (a page's bar).

    Returns
    -------
    (pyarrow Table with the columns of ``incidents`` in schema order and types, rows in file
    then line order; :class:`Report`). A pyarrow Table, not a DataFrame: a million rows come
    out of DuckDB and go back into it (:func:`bohan.db.insert_by_name`) without conversion;
    ``.to_pandas()`` gives a DataFrame.

    Raises
    ------
    ImportRefused
        With key ``no_files``, ``bad_city_code``, ``city_check_digit``, ``reserved_name``,
        ``no_file``, ``not_text``, ``no_header``, ``missing_columns`` (not police open data: the
        message names the file and the missing columns), ``unreadable_csv``, ``no_database``,
        ``database_unreadable``, ``database_outdated``, ``unknown_boxes`` (police boxes not in
        ``koban_areas``, with their rows, and the known ones), ``several_years`` or ``no_year``.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ImportRefused("no_files")
    code5 = city_code5(city_code)
    name = name or paths[0].stem
    if not name.strip() or name in RESERVED_NAMES:
        raise ImportRefused("reserved_name", name=name)
    layouts = [_layout(p) for p in paths]  # refuse before reading any rows
    report = Report(name=name, files=[p.name for p in paths], sha256=[_sha256(p) for p in paths],
                    city_code=code5 + str(check_digit(code5)))

    con = duckdb.connect()
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            "CREATE TABLE raw (file_no INTEGER, crime VARCHAR, modus VARCHAR, box VARCHAR, city_code VARCHAR, "
            "town VARCHAR, date VARCHAR, hour VARCHAR, place VARCHAR)"
        )
        with tempfile.TemporaryDirectory(prefix="bohan-import-") as tmpdir:
            for i, lay in enumerate(layouts):
                if progress:
                    progress(0.8 * i / len(layouts), lay.path.name)
                _read_raw(con, lay, i, tmpdir)
        if progress:
            progress(0.8, "towns, boxes, dates")
        per_file = dict(con.execute("SELECT file_no, count(*) FROM raw GROUP BY file_no").fetchall())
        report.rows_per_file = {p.name: per_file.get(i, 0) for i, p in enumerate(paths)}
        report.rows_read = sum(per_file.values())
        _normalise(con, code5, report, db)
        report.data_year, report.year_from = _data_year(con, paths, year)
        rows = con.sql("""
            SELECT $data_year::INTEGER AS data_year, NULL::INTEGER AS fiscal_year, NULL::DATE AS recorded_on,
                   occurred_on, NULL::TIMESTAMP AS occurred_at, hour, offence_group, offence, koban, town,
                   place_type, NULL::DOUBLE AS lat, NULL::DOUBLE AS lon, $name::VARCHAR AS source
            FROM norm ORDER BY row_no
        """, params={"name": name, "data_year": report.data_year}).to_arrow_table()
    finally:
        con.close()
    # ids numbered in file then line order, vectorised on the sorted rows (a window in DuckDB
    # would sort a million rows a second time); never through Python objects
    numbers = pc.cast(pa.array(np.arange(1, rows.num_rows + 1, dtype=np.int64)), pa.string())
    ids = pc.binary_join_element_wise(name, pc.utf8_lpad(numbers, 6, "0"), "-")  # f"{name}-{n:06d}"
    return rows.add_column(0, "incident_id", ids), report


def _data_year(con: duckdb.DuckDBPyConnection, paths: list[Path], year: int | None) -> tuple[int, str]:
    """``(data_year, year_from)``: the option, else the year the file names give, else the latest occurrence year."""
    if year is not None:
        return int(year), "option"
    found = {int(y) for p in paths for y in _YEAR_IN_NAME.findall(p.stem)}
    if len(found) == 1:
        return found.pop(), "file name"
    if len(found) > 1:
        raise ImportRefused("several_years", years=", ".join(map(str, sorted(found))))
    latest = con.execute("SELECT max(year(occurred_on)) FROM norm").fetchall()[0][0]
    if latest is None:
        raise ImportRefused("no_year")
    return int(latest), "latest occurrence"


def _normalise(con: duckdb.DuckDBPyConnection, code5: str, report: Report, db) -> None:
    """Table ``norm`` (the kept rows, normalised) from ``raw``, and the report's counts.

    Every distinct raw value is mapped once in Python, then joined in DuckDB (fast at a
    million rows). Refuses (``unknown_boxes``) kept rows whose box is not in ``koban_areas``.
    """
    boxes, towns = reference_tables(db)
    forms = code_forms(code5)

    def distinct(col: str) -> list[str]:
        from duckdb import ColumnExpression

        return [v for (v,) in con.table("raw").select(ColumnExpression(col)).distinct().fetchall()]

    codes = pd.DataFrame({"v": distinct("city_code")}, dtype="object")
    codes["ok"] = pd.Series([_clean(v) in forms for v in codes["v"]], dtype="bool")
    dates = pd.DataFrame({"v": distinct("date")}, dtype="object")
    parsed = [parse_date(v) for v in dates["v"]]
    dates["d"] = pd.Series([p[0] for p in parsed], dtype="object")
    dates["readable"] = pd.Series([p[1] for p in parsed], dtype="bool")
    hours = pd.DataFrame({"v": distinct("hour")}, dtype="object")
    hours["h"] = pd.array([parse_hour(v) for v in hours["v"]], dtype="Int64")
    kobans = pd.DataFrame({"v": distinct("box")}, dtype="object")
    kobans["k"] = pd.Series([box_name(v) for v in kobans["v"]], dtype="object")
    tw = pd.DataFrame({"v": distinct("town")}, dtype="object")
    tw["t"] = pd.Series([_lookup_town(v, towns) if _clean(v) not in UNKNOWN else None for v in tw["v"]],
                        dtype="object")
    crimes = pd.DataFrame({"v": distinct("crime")}, dtype="object")
    crimes["g"] = pd.Series([OFFENCE_GROUP.get(_clean(v)) for v in crimes["v"]], dtype="object")
    maps = {"m_code": codes, "m_date": dates, "m_hour": hours, "m_box": kobans, "m_town": tw, "m_crime": crimes,
            "known_boxes": pd.DataFrame({"k": sorted(boxes)}, dtype="object")}
    for n, df in maps.items():
        con.register(n, df)
    con.execute("""
        CREATE TABLE norm AS
        SELECT r.rowid AS row_no, r.town AS town_raw, r.date AS date_raw,
               coalesce(c.ok, false) AS code_ok, g.g AS offence_group, nullif(trim(r.modus), '') AS offence,
               d.d::DATE AS occurred_on, d.readable, h.h::INTEGER AS hour, b.k AS koban, t.t AS town,
               CASE WHEN trim(coalesce(r.place, '')) IN ('', '不明') THEN NULL ELSE trim(r.place) END AS place_type
        FROM raw r
        LEFT JOIN m_code c ON c.v IS NOT DISTINCT FROM r.city_code
        LEFT JOIN m_date d ON d.v IS NOT DISTINCT FROM r.date
        LEFT JOIN m_hour h ON h.v IS NOT DISTINCT FROM r.hour
        LEFT JOIN m_box b ON b.v IS NOT DISTINCT FROM r.box
        LEFT JOIN m_town t ON t.v IS NOT DISTINCT FROM r.town
        LEFT JOIN m_crime g ON g.v IS NOT DISTINCT FROM r.crime
    """)
    counts = con.execute("""
        SELECT count(*) FILTER (WHERE NOT code_ok),
               count(*) FILTER (WHERE code_ok AND offence_group IS NULL),
               count(*) FILTER (WHERE code_ok AND offence_group IS NOT NULL AND offence IS NULL)
        FROM norm""").fetchall()[0]
    for reason, n in zip(("other_city", "not_theft", "modus_blank"), counts):
        report.skip(reason, n)
    con.execute("DELETE FROM norm WHERE NOT code_ok OR offence_group IS NULL OR offence IS NULL")
    unknown_boxes = con.execute(
        "SELECT coalesce(nullif(koban, ''), '(blank)'), count(*) FROM norm "
        "WHERE coalesce(koban, '') NOT IN (SELECT k FROM known_boxes) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    if unknown_boxes:
        raise ImportRefused(
            "unknown_boxes", boxes=", ".join(f"{k} ({n})" for k, n in unknown_boxes), known=", ".join(sorted(boxes)),
            n_boxes=len(unknown_boxes), n_rows=sum(n for _, n in unknown_boxes), counts=dict(unknown_boxes),
        )
    (report.rows_kept, report.not_located, report.dates_unknown, report.hours_unknown) = con.execute("""
        SELECT count(*), count(*) FILTER (WHERE town IS NULL), count(*) FILTER (WHERE occurred_on IS NULL),
               count(*) FILTER (WHERE hour IS NULL)
        FROM norm""").fetchall()[0]
    report.unknown_towns = dict(con.execute(
        "SELECT town_raw, count(*) FROM norm WHERE town IS NULL AND trim(coalesce(town_raw, '')) NOT IN ('', '不明') "
        "GROUP BY 1"
    ).fetchall())
    report.dates_unreadable = dict(con.execute(
        "SELECT date_raw, count(*) FROM norm WHERE NOT readable GROUP BY 1").fetchall())
