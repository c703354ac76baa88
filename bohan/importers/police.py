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
"""
from __future__ import annotations

import codecs
import csv
import hashlib
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable

import duckdb
import pandas as pd

from bohan.paths import default_db_path


class ImportRefused(ValueError):
    """The input cannot be imported (not police open data, unknown boxes, bad options).

    The message says what is wrong, in English, for the person running the import.
    """


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
PLACE_DETAIL = "発生場所の詳細"
REQUIRED = ("罪名", "手口", "管轄交番・駐在所（発生地）", "市区町村コード（発生地）", "町丁目（発生地）",
            "発生年月日（始期）", "発生時（始期）")
HEADER_SCAN_LINES = 20
UNKNOWN = {"", "不明", "-", "－", "―", "ー"}
OFFENCE_GROUP = {"窃盗": "窃盗犯"}  # these files publish theft (窃盗) only
RESERVED_NAMES = {"sample", "plan", "plan / sample"}

INCIDENT_COLUMNS = [
    "incident_id", "data_year", "fiscal_year", "recorded_on", "occurred_on", "occurred_at", "hour",
    "offence_group", "offence", "koban", "town", "place_type", "lat", "lon", "source",
]


@dataclass
class Report:
    """What an import read, kept and skipped, and why.

    ``skipped`` maps a reason to a row count; ``not_located`` counts kept rows whose town is
    blank or unknown (kept, with ``town`` NULL); ``unknown_towns`` lists the names not found.
    """

    name: str
    files: list[str]
    sha256: list[str]
    city_code: str
    data_year: int = 0
    year_from: str = ""  # 'option' / 'file name' / 'latest occurrence'
    rows_read: int = 0
    rows_kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    not_located: int = 0
    unknown_towns: dict[str, int] = field(default_factory=dict)
    dates_unknown: int = 0
    dates_unreadable: dict[str, int] = field(default_factory=dict)
    hours_unknown: int = 0
    rows_per_file: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def text(self) -> str:
        """The report as printed by the command line (English)."""
        lines = [f"data set: {self.name}  (city code {self.city_code})"]
        for f, n in self.rows_per_file.items():
            lines.append(f"  file {f}: {n} rows")
        lines.append(f"data_year: {self.data_year} (from {self.year_from})")
        lines.append(f"rows read: {self.rows_read}")
        lines.append(f"rows kept for city code {self.city_code}: {self.rows_kept}")
        lines.append(f"rows skipped: {self.rows_skipped}")
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"  {reason}: {n}")
        lines.append(f"not located (town blank or unknown; kept, counted for box and city): {self.not_located}")
        for t, n in sorted(self.unknown_towns.items()):
            lines.append(f"  unknown town {t!r}: {n}")
        lines.append(f"occurrence date unknown (NULL): {self.dates_unknown}")
        for d, n in sorted(self.dates_unreadable.items()):
            lines.append(f"  unreadable date {d!r}: {n}")
        lines.append(f"hour unknown (NULL): {self.hours_unknown}")
        lines.extend(self.notes)
        return "\n".join(lines)


# ---------------------------------------------------------------- value normalisers


def _clean(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().strip("\u3000").strip()


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
        raise ImportRefused(f"city code {code!r} is not a 5- or 6-digit municipality code")
    if len(c) == 6 and int(c[5]) != check_digit(c[:5]):
        raise ImportRefused(f"city code {code!r} has a wrong check digit (expected {c[:5]}{check_digit(c[:5])})")
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


def _decodes(path: Path, encoding: str) -> bool:
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _layout(path: Path) -> _Layout:
    if not path.is_file():
        raise ImportRefused(f"{path}: no such file")
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif _decodes(path, "utf-8"):
        encoding = "utf-8"
    elif _decodes(path, "cp932"):
        encoding = "cp932"
    else:
        raise ImportRefused(f"{path.name}: not text in UTF-8 or cp932 (Shift_JIS); not police open data")
    with open(path, encoding=encoding, errors="replace", newline="") as f:
        lines = [f.readline() for _ in range(HEADER_SCAN_LINES)]
    for i, line in enumerate(lines):
        if "罪名" in line and "手口" in line:
            break
    else:
        raise ImportRefused(
            f"{path.name}: not police open data: no header line with 罪名 and 手口 in the first "
            f"{HEADER_SCAN_LINES} lines (missing columns: {', '.join(REQUIRED)})"
        )
    line = lines[i].rstrip("\r\n")
    delimiter = "\t" if line.count("\t") > line.count(",") else ","
    names = [_clean(c) for c in next(csv.reader([line], delimiter=delimiter))]
    present = set(names)
    missing = [c for c in REQUIRED if _clean(c) not in present]
    if PLACE_OLD not in present and PLACE_NEW not in present:
        missing.append(f"{PLACE_OLD} (or {PLACE_NEW})")
    if missing:
        raise ImportRefused(f"{path.name}: not police open data: missing columns: {', '.join(missing)}")
    return _Layout(path, encoding, i, delimiter, names)


def _transcode(path: Path, encoding: str, out_dir: str) -> Path:
    """Stream ``path`` from ``encoding`` into a UTF-8 temp file (DuckDB reads UTF-8 only)."""
    fd, tmp = tempfile.mkstemp(suffix=".csv", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out, \
            open(path, encoding=encoding, newline="") as src:
        while chunk := src.read(1 << 20):
            out.write(chunk)
    return Path(tmp)


def _read_raw(con: duckdb.DuckDBPyConnection, lay: _Layout, file_no: int, tmpdir: str) -> None:
    """Append the file's rows to table ``raw`` (first of each duplicated column, English names)."""
    src = lay.path if lay.encoding != "cp932" else _transcode(lay.path, "cp932", tmpdir)
    positions: dict[str, int] = {}
    for i, n in enumerate(lay.names):
        positions.setdefault(n, i)
    wanted = {_clean(k): v for k, v in COMMON.items()}
    place_col = PLACE_NEW if PLACE_NEW in positions else PLACE_OLD
    wanted[place_col] = "place"
    wanted[PLACE_DETAIL] = "place_detail"  # 2020+ only; NULL before
    cols = {f"c{i}": "VARCHAR" for i in range(len(lay.names))}
    rel = con.read_csv(
        str(src), header=False, skiprows=lay.header_line + 1, delimiter=lay.delimiter, quotechar='"',
        columns=cols, null_padding=True, all_varchar=True, auto_detect=False,
    )
    from duckdb import ColumnExpression, ConstantExpression, sqltypes

    # pick and rename the columns with expressions, not SQL text; the file number is a parameter
    picked = rel.select(*[
        (ColumnExpression(f"c{positions[k]}") if k in positions else ConstantExpression(None).cast(sqltypes.VARCHAR))
        .alias(v) for k, v in wanted.items()
    ])
    con.register("picked", picked)
    try:
        con.execute("INSERT INTO raw BY NAME SELECT $file_no AS file_no, row_number() OVER () AS line_no, * FROM picked",
                    {"file_no": file_no}).fetchall()
    finally:
        con.unregister("picked")


_YEAR_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def reference_tables(db: Path | str | None = None) -> tuple[set[str], dict[str, str]]:
    """Known police boxes, and a town lookup (normalised spelling -> ``towns.town``), from ``db``."""
    path = Path(db or default_db_path())
    if not path.is_file():
        raise ImportRefused(f"{path}: no such database file (build it with python -m bohan.build)")
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise ImportRefused(f"{path}: cannot open the database read-only: {e}") from None
    try:
        strict = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'incidents' "
            "AND column_name IN ('fiscal_year', 'recorded_on') AND is_nullable = 'NO'").fetchall()]
        if strict:
            raise ImportRefused(
                f"{path}: built before imports were possible (incidents.{', '.join(strict)} NOT NULL); "
                "rebuild it with python -m bohan.build, then import again")
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
    db: Path | str | None = None,
) -> tuple[pd.DataFrame, Report]:
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

    Returns
    -------
    (DataFrame with the columns of ``incidents`` in schema order, :class:`Report`)

    Raises
    ------
    ImportRefused
        Not police open data (the message names the file and the missing columns), unknown
        police boxes, a reserved or bad name, or no way to tell the year.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        raise ImportRefused("no files given")
    code5 = city_code5(city_code)
    name = name or paths[0].stem
    if not name.strip() or name in RESERVED_NAMES:
        raise ImportRefused(f"data set name {name!r} is reserved or blank; give --name")
    layouts = [_layout(p) for p in paths]  # refuse before reading any rows
    report = Report(name=name, files=[p.name for p in paths], sha256=[_sha256(p) for p in paths],
                    city_code=code5 + str(check_digit(code5)))

    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE raw (file_no INTEGER, line_no BIGINT, crime VARCHAR, modus VARCHAR, station VARCHAR, "
            "box VARCHAR, city_code VARCHAR, prefecture VARCHAR, municipality VARCHAR, town VARCHAR, "
            "date VARCHAR, hour VARCHAR, place VARCHAR, place_detail VARCHAR)"
        )
        with tempfile.TemporaryDirectory(prefix="bohan-import-") as tmpdir:
            for i, lay in enumerate(layouts):
                try:
                    _read_raw(con, lay, i, tmpdir)
                except duckdb.Error as e:
                    raise ImportRefused(f"{lay.path.name}: cannot be read as a CSV table: {e}") from None
        for i, p in enumerate(paths):
            report.rows_per_file[p.name] = con.execute("SELECT count(*) FROM raw WHERE file_no = ?", [i]).fetchall()[0][0]
        report.rows_read = sum(report.rows_per_file.values())
        frame = _normalise(con, code5, report, db)
    finally:
        con.close()

    # data_year: option, else the file names, else the latest occurrence year
    if year is not None:
        report.data_year, report.year_from = int(year), "option"
    else:
        found = {int(y) for p in paths for y in _YEAR_IN_NAME.findall(p.stem)}
        if len(found) == 1:
            report.data_year, report.year_from = found.pop(), "file name"
        elif len(found) > 1:
            raise ImportRefused(f"the file names give several years ({sorted(found)}); give --year")
        elif frame["occurred_on"].notna().any():
            report.data_year, report.year_from = int(frame["occurred_on"].dropna().map(lambda d: d.year).max()), \
                "latest occurrence"
        else:
            raise ImportRefused("no year in the file names and no occurrence dates; give --year")
    frame["data_year"] = report.data_year
    frame["source"] = name
    frame["incident_id"] = [f"{name}-{n:06d}" for n in range(1, len(frame) + 1)]
    return frame[INCIDENT_COLUMNS], report


def _normalise(con: duckdb.DuckDBPyConnection, code5: str, report: Report, db) -> pd.DataFrame:
    """Map every distinct raw value once in Python, then join in DuckDB (fast at a million rows)."""
    boxes, towns = reference_tables(db)
    forms = code_forms(code5)

    def distinct(col: str) -> list[str]:
        from duckdb import ColumnExpression

        return [v for (v,) in con.table("raw").select(ColumnExpression(col)).distinct().fetchall()]

    codes = pd.DataFrame({"v": distinct("city_code")})
    codes["ok"] = codes["v"].map(lambda v: _clean(v) in forms)
    dates = pd.DataFrame({"v": distinct("date")})
    parsed = dates["v"].map(parse_date)
    dates["d"] = pd.Series([p[0] for p in parsed], dtype="object")
    dates["readable"] = [p[1] for p in parsed]
    hours = pd.DataFrame({"v": distinct("hour")})
    hours["h"] = pd.array([parse_hour(v) for v in hours["v"]], dtype="Int64")
    kobans = pd.DataFrame({"v": distinct("box")})
    kobans["k"] = kobans["v"].map(box_name)
    tw = pd.DataFrame({"v": distinct("town")})
    tw["t"] = pd.Series([_lookup_town(v, towns) if _clean(v) not in UNKNOWN else None for v in tw["v"]],
                        dtype="object")
    crimes = pd.DataFrame({"v": distinct("crime")})
    crimes["g"] = pd.Series([OFFENCE_GROUP.get(_clean(v)) for v in crimes["v"]], dtype="object")
    for n, df in {"m_code": codes, "m_date": dates, "m_hour": hours, "m_box": kobans, "m_town": tw,
                  "m_crime": crimes}.items():
        con.register(n, df)
    con.execute("""
        CREATE TABLE norm AS
        SELECT r.file_no, r.line_no, r.town AS town_raw, r.date AS date_raw,
               c.ok AS code_ok, g.g AS offence_group, nullif(trim(r.modus), '') AS offence,
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
        SELECT count(*) FILTER (WHERE NOT coalesce(code_ok, false)),
               count(*) FILTER (WHERE coalesce(code_ok, false) AND offence_group IS NULL),
               count(*) FILTER (WHERE coalesce(code_ok, false) AND offence_group IS NOT NULL AND offence IS NULL)
        FROM norm""").fetchone()
    reasons = ("municipality code is not the city's", "罪名 is not 窃盗 (not street-theft data)", "手口 blank")
    for reason, n in zip(reasons, counts):
        if n:
            report.skipped[reason] = n
    con.execute("DELETE FROM norm WHERE NOT coalesce(code_ok, false) OR offence_group IS NULL OR offence IS NULL")
    con.register("known_boxes", pd.DataFrame({"k": sorted(boxes)}, dtype="object"))
    unknown_boxes = con.execute(
        "SELECT coalesce(nullif(koban, ''), '(blank)'), count(*) FROM norm "
        "WHERE coalesce(koban, '') NOT IN (SELECT k FROM known_boxes) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    if unknown_boxes:
        listed = ", ".join(f"{k} ({n} rows)" for k, n in unknown_boxes)
        raise ImportRefused(
            f"police boxes not in the database (koban_areas): {listed}. Known boxes: {', '.join(sorted(boxes))}. "
            "Nothing was imported."
        )
    report.rows_kept = con.execute("SELECT count(*) FROM norm").fetchone()[0]
    report.not_located = con.execute("SELECT count(*) FROM norm WHERE town IS NULL").fetchone()[0]
    report.unknown_towns = dict(con.execute(
        "SELECT town_raw, count(*) FROM norm WHERE town IS NULL AND trim(coalesce(town_raw, '')) NOT IN ('', '不明') "
        "GROUP BY 1"
    ).fetchall())
    report.dates_unknown = con.execute("SELECT count(*) FROM norm WHERE occurred_on IS NULL").fetchone()[0]
    report.dates_unreadable = dict(con.execute(
        "SELECT date_raw, count(*) FROM norm WHERE NOT readable GROUP BY 1").fetchall())
    report.hours_unknown = con.execute("SELECT count(*) FROM norm WHERE hour IS NULL").fetchone()[0]
    return con.execute("""
        SELECT NULL::VARCHAR AS incident_id, NULL::INTEGER AS data_year, NULL::INTEGER AS fiscal_year,
               NULL::DATE AS recorded_on, occurred_on, NULL::TIMESTAMP AS occurred_at, hour,
               offence_group, offence, koban, town, place_type, NULL::DOUBLE AS lat, NULL::DOUBLE AS lon,
               NULL::VARCHAR AS source
        FROM norm ORDER BY file_no, line_no
    """).df()
