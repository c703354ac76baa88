"""Read a citizen survey (市民アンケート調査) into ``survey_responses`` rows; writes nothing.

Two shapes of file are read, told apart by their header line:

- **one row per respondent** (the questionnaire data as keyed in): a fiscal-year column
  (optional), an ID (optional), age, area, and the three questions the app shows: awareness
  of crime prevention (防犯意識), community activity (防犯活動), satisfaction with local safety
  (満足度);
- **an aggregated table** (the counts a survey report prints): either *long*, one line per
  (fiscal year?, question, answer, count), or *wide*, one line per answer with a count column
  per question. It is expanded to one pseudo-respondent row per respondent, so that each
  question's shares come out exactly as the table's.

Files are UTF-8 (with or without BOM) or cp932, comma- or tab-separated, with title lines
before the header allowed (the header is the line among the first 20 that names the most
known columns). Columns are recognised by their usual Japanese or English names, or named
with ``mapping={target: column}``. A table with the questions as rows and the answers as
columns is not read (refused as having no question columns).

Decisions
---------
- Answers are matched to the app's vocabularies (:data:`bohan.build.survey.AWARENESS_ANSWERS`
  and the others) after NFKC, without spaces and punctuation, with or without the bracketed
  part, in English as the app labels them, and a few usual synonyms (やや満足 = どちらかといえば
  満足している). Numbers ``1``..``k`` (as circled on the paper questionnaire, ①..⑤ too) are
  the questionnaire's choices in the vocabulary's order, 無回答 not being a choice: awareness
  1-4, activity 1-3, satisfaction 1-5. Any other number (a 0 or 9 code for "no answer"
  included) is an unknown answer; a note lists how numbers were read.
- Blank cells, 無回答, 不明, 無効, 未回答, NA, ``-`` are 無回答: the respondent stays in every
  share's denominator, as the plan counts.
- A respondent row with an answer that is none of these is skipped (reason
  ``survey_unknown_answer``), and a note names the unknown values per question with their counts:
  turning them into 無回答 would silently change the shares.
- A question the file has no column for is stored NULL (not asked in that wave), not 無回答,
  and a note says so.
- Age in years or as a band (30代, 30歳代, 30〜39歳, 30s, 70歳以上, 80代) becomes one of
  :data:`bohan.build.survey.AGE_BANDS`; a value that fits no band (17, 25〜34歳) is kept with
  ``age_band`` NULL and named in a note.
- Area is a police box (``koban_areas.koban``, suffixes 交番/駐在所/地区 dropped, English names
  accepted); an unknown or blank area is kept with ``area`` NULL and counted as not located,
  unknown names listed in a note.
- ``respondent_id`` is ``FY<fiscal year>-<the file's ID>`` (the sample's form, unique across
  waves); an ID already of that form is kept as it is; missing IDs are generated
  (``FY2024-0001`` …, or ``FY2024-r<data row>`` for single blank cells). An ID repeated within a
  fiscal year refuses the file.
- Fiscal year: the file's column; where it is missing or blank, the ``fiscal_year``
  argument, else a year in the file name (``2024``, ``令和6年度``, ``R6``), else one in a title
  line above the header; none refuses, and so does a column value other than the argument.
- Two columns for one question (防犯意識 and 防犯に関する意識) refuse: either could be the
  wrong figures. For the other columns the more specific name wins (年齢 over 年代, 回答者ID
  over No) and a note says which.
- Aggregated tables: a 合計 / 計 / 回答者数 / total line gives the number of respondents;
  without one it is the largest question total. A question whose counts add up to less is
  filled with 無回答 (a note says how many); more than the 合計 line refuses, as do unknown
  answers (respondents cannot be skipped from counts), counts that are not whole numbers, and
  an answer counted twice. Lines for other questions of the survey are ignored and named in a
  note. The pseudo-respondents have ``age_band`` and ``area`` NULL (not located; a note says
  age and area breakdowns are not available for the wave), and the pairing of answers across
  questions is arbitrary (the table does not say it): only each question's shares are real.
- Report counts are respondents: ``rows_read == rows_kept + rows_skipped`` and ``not_located``
  is the number of kept rows with ``area`` NULL, in both shapes.
"""
from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

from bohan.build.survey import (
    ACTIVITY_ANSWERS,
    AGE_BANDS,
    AWARENESS_ANSWERS,
    COLUMNS,
    NO_ANSWER,
    SATISFACTION_ANSWERS,
)  # fmt: skip
from bohan import db as bohan_db
from bohan.importers.common import ImportRefused, ImportReport, clean, sha256, text_encoding
from bohan.importers.police import box_name
from bohan.paths import default_db_path

MAX_BYTES: Final = 50 * 1024 * 1024
HEADER_SCAN_LINES: Final = 20
MAX_NAME_CHARS: Final = 100
RESERVED_NAMES: Final = frozenset({"", "sample", "plan", "plan / sample"})
MAX_LISTED: Final = 10  # values named in a note or refusal

QUESTIONS: Final[tuple[str, ...]] = ("awareness", "activity", "satisfaction")
VOCABULARY: Final[dict[str, tuple[str, ...]]] = {
    "awareness": tuple(AWARENESS_ANSWERS),
    "activity": tuple(ACTIVITY_ANSWERS),
    "satisfaction": tuple(SATISFACTION_ANSWERS),
}
#: How a question is named in notes and refusals (Japanese, English).
QUESTION_LABELS: Final[dict[str, tuple[str, str]]] = {
    "awareness": ("防犯に関する意識", "awareness of crime prevention"),
    "activity": ("地域の防犯活動", "community crime-prevention activity"),
    "satisfaction": ("地域の安全についての満足度", "satisfaction with local safety"),
}
#: The names ``mapping`` may use as targets.
TARGETS: Final[tuple[str, ...]] = (
    "fiscal_year", "respondent_id", "age_band", "area", *QUESTIONS, "question", "answer", "count",
)  # fmt: skip

# Spaces and punctuation people add or leave out; not ー (a katakana vowel mark, part of words).
_PUNCT = re.compile(r"[\s\u3000、，,。．.・･（）()「」『』【】\[\]:：;；/／_＿\-－‐―~〜～]+")


def _key(value: object) -> str:
    """Comparison form of a header or answer: NFKC, lower case, no spaces or punctuation."""
    return _PUNCT.sub("", clean(value).lower().replace("言え", "いえ").replace("全く", "まったく"))


# ---------------------------------------------------------------- column names

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "fiscal_year": ("調査年度", "年度", "実施年度", "調査年", "fiscal_year", "fiscalyear", "fy", "year", "wave"),
    "respondent_id": ("回答者ID", "回答者番号", "回答者No", "ID", "No", "No.", "番号", "整理番号", "票番号",
                      "サンプル番号", "respondent_id", "respondent", "id"),
    "age_band": ("年齢", "年代", "年齢層", "年齢区分", "年齢階級", "age", "age_band", "ageband", "age_group"),
    "area": ("地区", "地域", "交番", "交番区域", "居住地区", "居住地域", "お住まいの地区", "area", "koban", "district"),
    "awareness": ("防犯意識", "防犯に関する意識", "防犯への意識", "意識", "awareness"),
    "activity": ("防犯活動", "地域の防犯活動", "防犯活動への参加", "活動", "activity", "participation"),
    "satisfaction": ("満足度", "市民満足度", "地域の安全についての満足度", "地域の安全についての市民満足度",
                     "治安の満足度", "満足", "satisfaction"),
    "question": ("設問", "質問", "設問名", "項目", "question", "item"),
    "answer": ("回答", "選択肢", "回答内容", "回答区分", "区分", "回答番号", "answer", "choice", "option", "response"),
    "count": ("件数", "人数", "回答数", "度数", "回答者数", "人", "数", "count", "n", "number", "frequency"),
}


def _alias_keys() -> dict[str, tuple[str, int]]:
    """Comparison key of every alias -> (role, rank in the role's list: lower = more specific)."""
    keys: dict[str, tuple[str, int]] = {}
    for role, names in _ALIASES.items():
        for rank, alias in enumerate(names):
            keys.setdefault(_key(alias), (role, rank))
    return keys


_ALIAS_KEYS: Final = _alias_keys()
_CONTAINED: Final = 1000  # the "rank" of a question named inside a longer header
# A header cell that merely contains one of these names a question column ("問5 防犯意識").
_CONTAINS: Final[dict[str, tuple[str, ...]]] = {
    "awareness": ("防犯意識", "防犯に関する意識", "awareness"),
    "activity": ("防犯活動", "activity"),
    "satisfaction": ("満足", "satisf"),
}


def _role(cell: str) -> tuple[str, int] | None:
    """``(role, rank)`` of a header cell: the rank of an exact name in its alias list, or
    :data:`_CONTAINED` for a question named inside a longer header."""
    k = _key(cell)
    if not k:
        return None
    if k in _ALIAS_KEYS:
        return _ALIAS_KEYS[k]
    if _is_answer(k):  # a data line ("常に意識している") is not a header
        return None
    for question, words in _CONTAINS.items():
        if any(_key(w) in k for w in words):
            return question, _CONTAINED
    return None


def _question_of(value: str) -> str | None:
    """The question a long table's 設問 cell names, or None (another question of the survey)."""
    hit = _role(value)
    return hit[0] if hit and hit[0] in QUESTIONS else None


# ---------------------------------------------------------------- answers

_NO_ANSWER_KEYS: Final = frozenset(
    _key(v) for v in ("", "無回答", "不明", "無効", "無回答・無効", "未回答", "回答なし", "NA", "N/A", "no answer", "-", "—")
)
_SYNONYMS: Final[dict[str, dict[str, str]]] = {
    "awareness": {"意識していない": AWARENESS_ANSWERS[2], "全然意識していない": AWARENESS_ANSWERS[3]},
    "activity": {},
    "satisfaction": {
        "満足": SATISFACTION_ANSWERS[0], "やや満足": SATISFACTION_ANSWERS[1], "まあ満足": SATISFACTION_ANSWERS[1],
        "どちらかといえば満足": SATISFACTION_ANSWERS[1], "ふつう": SATISFACTION_ANSWERS[2],
        "やや不満": SATISFACTION_ANSWERS[3], "どちらかといえば不満である": SATISFACTION_ANSWERS[3],
        "不満である": SATISFACTION_ANSWERS[4],
    },
}
# Catalogue entries survey.ans.<key> hold each answer's English label, accepted as written.
_ENGLISH_KEYS: Final[tuple[str, ...]] = (
    "always", "rather", "little", "never", "taking_part", "interested_only", "not_interested",
    "satisfied", "rather_satisfied", "neutral", "rather_dissatisfied", "dissatisfied",
)  # fmt: skip


def _answer_index() -> dict[str, dict[str, str]]:
    """Comparison key -> stored answer, per question: the answer, without its bracket, English, synonyms."""
    from bohan.i18n import TEXT

    index: dict[str, dict[str, str]] = {}
    for question, answers in VOCABULARY.items():
        table = {_key(s): a for s, a in _SYNONYMS[question].items()}
        for answer in answers:
            if answer == NO_ANSWER:
                continue
            table[_key(answer)] = answer
            table[_key(re.sub(r"（[^）]*）|\([^)]*\)", "", answer))] = answer
            for ja, en in (TEXT[f"survey.ans.{k}"] for k in _ENGLISH_KEYS):
                if ja == answer:
                    table[_key(en)] = answer
        index[question] = table
    return index


_ANSWERS: Final[dict[str, dict[str, str]]] = _answer_index()
_NUMBERED = re.compile(r"^(\d{1,3})(?:\s*[.．)）:：、]?\s*(.*))?$")


def _is_answer(k: str) -> bool:
    return any(k in table for table in _ANSWERS.values()) or (k in _NO_ANSWER_KEYS and k != "")


def choices(question: str) -> tuple[str, ...]:
    """The answers of ``question`` that a respondent can choose (the vocabulary without 無回答)."""
    return tuple(a for a in VOCABULARY[question] if a != NO_ANSWER)


def normalise_answer(question: str, value: object) -> tuple[str | None, bool]:
    """``(answer, numbered)``: the vocabulary answer a cell means, or ``(None, _)`` if unknown.

    Parameters
    ----------
    question : {"awareness", "activity", "satisfaction"}
    value : a cell as written in the file.

    Returns
    -------
    (str or None, bool)
        The stored answer (無回答 for blanks and its synonyms), and whether the cell was a
        choice number (1 = the first choice of the questionnaire).
    """
    k = _key(value)
    if k in _NO_ANSWER_KEYS:
        return NO_ANSWER, False
    table = _ANSWERS[question]
    if k in table:
        return table[k], False
    m = _NUMBERED.match(re.sub(r"^(\d+)\.0+$", r"\1", clean(value)))
    if m:
        rest = _key(m[2] or "")
        if rest:
            return table.get(rest), False
        options = choices(question)
        n = int(m[1])
        return (options[n - 1] if 1 <= n <= len(options) else None), True
    return None, False


# ---------------------------------------------------------------- ages, areas, years

_BANDS: Final[tuple[tuple[int, int, str], ...]] = (
    (18, 29, AGE_BANDS[0]), (30, 39, AGE_BANDS[1]), (40, 49, AGE_BANDS[2]), (50, 59, AGE_BANDS[3]),
    (60, 69, AGE_BANDS[4]), (70, 150, AGE_BANDS[5]),
)  # fmt: skip
_AGE_RANGE = re.compile(r"^(\d{1,3})歳?(?:から|[-~〜～－ー―–—])(\d{1,3})歳?$")
_AGE_DECADE = re.compile(r"^(\d{1,2})0(?:歳代|代|s|'s)$")
_AGE_OVER = re.compile(r"^(\d{1,3})(?:歳以上|以上|\+|歳~|~|andover|over|orover|plus)$")
_AGE_YEARS = re.compile(r"^(\d{1,3})(?:歳|才)?$")


def _band_of(lo: int, hi: int) -> str | None:
    for b_lo, b_hi, band in _BANDS:
        if b_lo <= lo and hi <= b_hi:
            return band
    return None


def age_band(value: object) -> tuple[str | None, bool]:
    """``(band, understood)``: the age band a cell means; blanks are ``(None, True)``.

    Years (34), decades (30代, 30歳代, 30s), ranges (30〜39歳) and open ends (70歳以上,
    80代) are read; teens (10代, 18〜19歳) fall in 18〜29歳, the youngest band surveyed.
    """
    text = clean(value)
    k = re.sub(r"[\s\u3000]", "", text).lower()
    if _key(text) in _NO_ANSWER_KEYS:
        return None, True
    if text in AGE_BANDS:
        return text, True
    if (m := _AGE_DECADE.match(k)) is not None:
        decade = int(m[1]) * 10
        return (_band_of(18, 29) if decade in (10, 20) else _band_of(decade, decade + 9)), True
    if (m := _AGE_OVER.match(k)) is not None:
        band = _band_of(int(m[1]), 150)
        return band, band is not None
    if (m := _AGE_RANGE.match(k)) is not None:
        lo, hi = int(m[1]), int(m[2])
        lo = 18 if lo in (15, 16, 17, 18) and hi <= 29 else lo  # 18・19歳 printed as 15〜19
        band = _band_of(lo, hi) if lo <= hi else None
        return band, band is not None
    if (m := _AGE_YEARS.match(k)) is not None:
        years = int(m[1])
        band = _band_of(years, years) if years <= 120 else None
        return band, band is not None
    return None, False


_AREA_SUFFIX = re.compile(r"(地区|区域|地域|方面|管内)$")


def _area_lookup(db: Path | str | None) -> dict[str, str]:
    """Police boxes of ``koban_areas`` by every spelling accepted (short name, full name, English)."""
    from bohan.i18n import VALUES

    path = Path(db) if db is not None else default_db_path()
    if not path.is_file():
        raise ImportRefused("no_database", db=str(path))
    try:
        con = bohan_db.connect(path, read_only=True)
    except duckdb.Error as e:
        raise ImportRefused("database_unreadable", db=str(path), error=str(e).splitlines()[0]) from None
    try:
        rows = con.execute("SELECT koban, koban_name FROM koban_areas").fetchall()
    except duckdb.Error:
        raise ImportRefused("database_outdated", db=str(path), tables="koban_areas") from None
    finally:
        con.close()
    lookup: dict[str, str] = {}
    for koban, koban_name in rows:
        for spelling in (koban, koban_name, VALUES.get(koban)):
            if spelling:
                lookup.setdefault(_area_key(spelling), koban)
    return lookup


def _area_key(value: object) -> str:
    return _key(_AREA_SUFFIX.sub("", box_name(value)))


_YEAR_4 = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_ERA = re.compile(r"(令和|平成|(?<![A-Za-z])[RrHh])\s*(\d{1,2}|元)(?!\d)")
_FY_CELL = re.compile(r"^(?:fy)?((?:19|20)\d{2})(?:年度|年)?$")
_ERA_CELL = re.compile(r"^(令和|平成|r|h)(\d{1,2}|元)(?:年度|年)?$")
_ERA_BASE: Final = {"令和": 2018, "r": 2018, "平成": 1988, "h": 1988}
MIN_FISCAL_YEAR: Final = 1989
MAX_FISCAL_YEAR: Final = 2100


def _era_year(era: str, n: str) -> int:
    return _ERA_BASE[era.lower()] + (1 if n == "元" else int(n))


def parse_fiscal_year(value: object) -> int | None:
    """A fiscal-year cell as a year: ``2024``, ``2024年度``, ``FY2024``, ``令和6年度``, ``R6``,
    ``令和元年度``, ``平成26年度``; None when unreadable or outside 1989-2100."""
    k = re.sub(r"[\s\u3000]", "", clean(value)).lower()
    if k.endswith(".0"):  # a spreadsheet's number
        k = k[:-2]
    year = None
    if (m := _FY_CELL.match(k)) is not None:
        year = int(m[1])
    elif (m := _ERA_CELL.match(k)) is not None:
        year = _era_year(m[1], m[2])
    return year if year is not None and MIN_FISCAL_YEAR <= year <= MAX_FISCAL_YEAR else None


def years_in_text(text: str) -> set[int]:
    """Fiscal years written anywhere in ``text`` (a file name, a title line)."""
    text = clean(text)
    found = {int(y) for y in _YEAR_4.findall(text)}
    found |= {_era_year(era, n) for era, n in _YEAR_ERA.findall(text)}
    return {y for y in found if MIN_FISCAL_YEAR <= y <= MAX_FISCAL_YEAR}


# ---------------------------------------------------------------- the file


def _listed(counts: Mapping[str, int]) -> str:
    """``a (3), b (1)`` by count, at most :data:`MAX_LISTED`, then ``… (+N)``."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{v or '(blank)'} ({n:,})" for v, n in items[:MAX_LISTED])
    return text + (f", … (+{len(items) - MAX_LISTED})" if len(items) > MAX_LISTED else "")


def _codes(question: str) -> str:
    """``1=常に意識している, 2=…``: how choice numbers are read."""
    return ", ".join(f"{i}={a}" for i, a in enumerate(choices(question), start=1))


def _question_params(question: str) -> dict[str, str]:
    ja, en = QUESTION_LABELS[question]
    return {"question_ja": ja, "question_en": en}


def _read_text(path: Path) -> str:
    """The file as text; refuses what is not a text table (too large, empty, binary, HTML)."""
    if not path.is_file():
        raise ImportRefused("no_file", file=path.name)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRefused("too_large", file=path.name, size_mb=size / 2**20, max_mb=MAX_BYTES // 2**20)
    data = path.read_bytes()
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise ImportRefused("survey_spreadsheet", file=path.name)
    if b"\x00" in data:
        raise ImportRefused("not_text", file=path.name)
    encoding = text_encoding(path)
    text = data.decode(encoding)
    if not text.strip(" \t\r\n\ufeff\u3000,"):
        raise ImportRefused("survey_empty", file=path.name)
    head = text.lstrip(" \t\r\n\ufeff").lower()
    if head.startswith("<") and ("html" in head[:2000] or head.startswith(("<?xml", "<head", "<body"))):
        raise ImportRefused("survey_html", file=path.name)
    return text


def _records(text: str, delimiter: str, limit: int | None, file: str) -> list[list[str]]:
    out = []
    try:
        for i, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            if limit is not None and i >= limit:
                break
            out.append([clean(c) for c in row])
    except csv.Error as e:
        raise ImportRefused("survey_bad_csv", file=file, error=str(e)) from None
    return out


def _header(text: str, mapping: Mapping[str, str], file: str) -> tuple[str, int, list[str]]:
    """``(delimiter, record number, header cells)`` of the header: among the first records,
    the one naming the most known columns (the earliest of equals); with ``mapping``, the first
    holding every mapped column."""
    best: tuple[int, int, str, list[str]] | None = None  # (-score, index, delimiter, cells)
    wanted = {clean(c) for c in mapping.values()}
    for delimiter in (",", "\t"):
        for i, cells in enumerate(_records(text, delimiter, HEADER_SCAN_LINES, file)):
            if sum(1 for c in cells if c) < 2 and not (wanted and wanted <= set(cells)):
                continue
            if wanted:
                if wanted <= set(cells):
                    cand = (-100, i, delimiter, cells)
                    best = cand if best is None or cand[:2] < best[:2] else best
                continue
            roles = {hit[0] for c in cells if (hit := _role(c))}
            if not roles & {*QUESTIONS, "question"}:
                continue
            cand = (-len(roles), i, delimiter, cells)
            if best is None or cand[:2] < best[:2]:
                best = cand
    if best is None:
        if wanted:  # name the first mapped column missing from the likeliest header
            lines = [r for d in (",", "\t") for r in _records(text, d, HEADER_SCAN_LINES, file)]
            likeliest = max(lines, key=lambda r: (len(wanted & set(r)), sum(1 for c in r if c)), default=[])
            target, column = next((t, c) for t, c in mapping.items() if clean(c) not in likeliest)
            raise ImportRefused("survey_map_column", file=file, target=target, column=column,
                                columns=", ".join(c for c in likeliest if c)[:300] or "—")
        first = next((r for r in _records(text, ",", HEADER_SCAN_LINES, file) if sum(1 for c in r if c) >= 2), [])
        raise ImportRefused("survey_no_questions", file=file, lines=HEADER_SCAN_LINES,
                            columns=", ".join(c for c in first if c)[:300] or "—")
    _, index, delimiter, cells = best
    return delimiter, index, cells


def _columns(cells: list[str], mapping: Mapping[str, str], file: str, report: ImportReport) -> dict[str, int]:
    """Column position of each role found in the header (mapped ones first).

    Two columns for one question refuse; for other roles the more specific name wins (then
    the first), with a note."""
    found: dict[str, int] = {}
    for target, column in mapping.items():
        target = "age_band" if target == "age" else target
        if target not in TARGETS:
            raise ImportRefused("survey_map_target", target=target, targets=", ".join(TARGETS))
        if clean(column) not in cells:
            raise ImportRefused("survey_map_column", file=file, target=target, column=column,
                                columns=", ".join(c for c in cells if c)[:300])
        found[target] = cells.index(clean(column))
    used = set(found.values())
    candidates: dict[str, list[tuple[int, int]]] = {}
    for i, cell in enumerate(cells):
        if i in used or (hit := _role(cell)) is None:
            continue
        candidates.setdefault(hit[0], []).append((hit[1], i))
    for role, hits in candidates.items():
        if role in found:
            continue
        exact = min(rank for rank, _ in hits) < _CONTAINED
        rivals = sorted((rank, i) for rank, i in hits if (rank < _CONTAINED) == exact)
        if len(rivals) > 1 and role in QUESTIONS:
            # two columns for one question: taking either could import the wrong figures
            raise ImportRefused("survey_ambiguous_column", file=file, target=role,
                                columns=", ".join(cells[i] for _, i in rivals))
        found[role] = rivals[0][1]
        if len(rivals) > 1:  # 年齢 and 年代, No and 回答者ID: the more specific name wins
            report.note("survey_column_chosen", target=role, column=cells[found[role]],
                        columns=", ".join(cells[i] for _, i in rivals))
    return found


# ---------------------------------------------------------------- fiscal years


class _Years:
    """Where a row's fiscal year comes from when the file's column is missing or blank."""

    def __init__(self, given: int | None, path: Path, title: list[list[str]], report: ImportReport):
        if given is not None:
            year = parse_fiscal_year(given) if not isinstance(given, bool) else None
            if year is None:
                raise ImportRefused("survey_bad_fiscal_year", file=path.name, values=str(given))
            given = year
        self.given, self.path, self.title, self.report = given, path, title, report
        self._fallback: int | None = None

    def fallback(self) -> int:
        """The argument, else the file name's year, else a title line's; refuses when none."""
        if self._fallback is not None:
            return self._fallback
        if self.given is not None:
            self._fallback = self.given
            return self._fallback
        in_name = years_in_text(self.path.stem)
        if len(in_name) > 1:
            raise ImportRefused("survey_several_years", file=self.path.name, years=", ".join(map(str, sorted(in_name))))
        if in_name:
            self._fallback = in_name.pop()
            self.report.note("survey_fiscal_year_from_name", year=self._fallback, file=self.path.name)
            return self._fallback
        in_title = set().union(*(years_in_text(" ".join(r)) for r in self.title)) if self.title else set()
        if len(in_title) == 1:
            self._fallback = in_title.pop()
            self.report.note("survey_fiscal_year_from_title", year=self._fallback)
            return self._fallback
        raise ImportRefused("survey_no_fiscal_year", file=self.path.name)

    def column(self, raw: pd.Series) -> pd.Series:
        """Fiscal year of each row from the file's column; blanks take :meth:`fallback`."""
        parsed = {v: parse_fiscal_year(v) for v in raw.unique()}
        bad = {v: int((raw == v).sum()) for v, y in parsed.items() if y is None and v != ""}
        if bad:
            raise ImportRefused("survey_bad_fiscal_year", file=self.path.name, values=_listed(bad))
        found = sorted({y for y in parsed.values() if y is not None})
        if self.given is not None and any(y != self.given for y in found):
            raise ImportRefused("survey_fiscal_year_conflict", file=self.path.name, given=self.given,
                                found=", ".join(map(str, found)))
        years = raw.map(parsed)
        blank = int(years.isna().sum())
        if blank:
            year = self.fallback()
            self.report.note("survey_fiscal_year_blank", n=blank, year=year)
            years = years.fillna(year)
        return years.astype("int64")


# ---------------------------------------------------------------- the reader


def read_survey(
    source: Path | str,
    *,
    fiscal_year: int | None = None,
    name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    db: Path | str | None = None,
) -> tuple[dict[str, pd.DataFrame], ImportReport]:
    """Read a citizen-survey file into ``survey_responses`` rows; writes nothing.

    Parameters
    ----------
    source : path of a CSV (or tab-separated) file, at most 50 MB: one row per respondent, or
        an aggregated table of counts (long or wide); see the module docstring.
    fiscal_year : the survey's fiscal year (年度) when the file has no such column; default the
        year in the file name, else in a title line.
    name : the data set's name, stored in ``source``; default the file's stem. Blank, ``sample``
        and ``plan`` are reserved.
    mapping : ``{target: column}`` naming the file's columns; targets are :data:`TARGETS`
        (``age`` is accepted for ``age_band``).
    db : database whose ``koban_areas`` the areas are matched to, opened read-only (only when
        the file has an area column); default :func:`bohan.paths.default_db_path`.

    Returns
    -------
    ({"survey_responses": DataFrame}, ImportReport)
        The frame has the columns of ``survey_responses`` in schema order: ``fiscal_year``
        (int64), ``respondent_id``, ``age_band``, ``area``, ``awareness``, ``activity``,
        ``satisfaction``, ``source`` (str, or None for NULL), ordered by fiscal year and file
        order. The store replaces the rows of the fiscal years it holds.

    Raises
    ------
    ImportRefused
        Whatever cannot be imported, with a catalogue key naming what is wrong: no file, not
        text, too large, empty, HTML or a spreadsheet, no question columns, no fiscal year,
        repeated IDs, unreadable counts, a reserved name, ... Nothing else is raised for a bad
        file.
    """
    path = Path(source)
    name = path.stem if name is None else name
    if str(name).strip().lower() in RESERVED_NAMES:
        raise ImportRefused("reserved_name", name=str(name))
    if len(name) > MAX_NAME_CHARS or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise ImportRefused("name_chars", max=MAX_NAME_CHARS)
    mapping = dict(mapping or {})
    text = _read_text(path)
    report = ImportReport(kind="survey", name=name, files=[path.name], sha256=[sha256(path)])
    delimiter, at, cells = _header(text, mapping, path.name)
    columns = _columns(cells, mapping, path.name, report)
    records = _records(text, delimiter, None, path.name)
    title, body = records[:at], records[at + 1:]
    body = [r + [""] * (len(cells) - len(r)) for r in body if any(r)]
    years = _Years(fiscal_year, path, title, report)
    if "answer" in columns and {"question", "count"} <= set(columns):
        frame = _long_table(body, columns, years, path.name, report)
    elif "answer" in columns and set(columns) & set(QUESTIONS):
        frame = _wide_table(body, columns, years, path.name, report)
    elif set(columns) & set(QUESTIONS):
        frame = _respondents(body, columns, years, path.name, report, db)
    else:
        raise ImportRefused("survey_no_questions", file=path.name, lines=HEADER_SCAN_LINES,
                            columns=", ".join(c for c in cells if c)[:300])
    frame["source"] = name
    frame = frame.sort_values("fiscal_year", kind="stable").reset_index(drop=True)
    report.rows_kept = len(frame)
    report.not_located = int(frame["area"].isna().sum())
    return {"survey_responses": frame[list(COLUMNS)]}, report


def _strings(values: pd.Series) -> pd.Series:
    """Text values with None (not NaN) for NULL, index kept."""
    return pd.Series([v if isinstance(v, str) else None for v in values], index=values.index, dtype="object")


def _column(body: list[list[str]], columns: Mapping[str, int], role: str) -> pd.Series:
    return pd.Series([r[columns[role]] for r in body], dtype="object")


def _respondents(body, columns, years: _Years, file: str, report: ImportReport, db) -> pd.DataFrame:
    """One row per respondent, as keyed in."""
    report.rows_read = len(body)
    if not body:
        raise ImportRefused("survey_no_rows", file=file)
    n = len(body)
    fy = years.column(_column(body, columns, "fiscal_year")) if "fiscal_year" in columns \
        else pd.Series([years.fallback()] * n, dtype="int64")
    frame = pd.DataFrame({"fiscal_year": fy})

    # respondent IDs: FY<year>-<id>, unique per fiscal year; generated when missing
    if "respondent_id" in columns:
        raw = _column(body, columns, "respondent_id")
        width = max(4, len(str(n)))
        ids = [
            (r if r.startswith(f"FY{y}-") else f"FY{y}-{r}") if r else f"FY{y}-r{i:0{width}d}"
            for i, (r, y) in enumerate(zip(raw, fy), start=1)
        ]
        if (raw == "").any():
            report.note("survey_ids_generated", n=int((raw == "").sum()))
    else:
        seq = frame.groupby("fiscal_year").cumcount() + 1
        width = max(4, len(str(int(seq.max()))))
        ids = [f"FY{y}-{i:0{width}d}" for y, i in zip(fy, seq)]
        report.note("survey_ids_generated", n=n)
    frame["respondent_id"] = pd.Series(ids, dtype="object")
    repeated = frame["respondent_id"].value_counts()
    repeated = repeated[repeated > 1]
    if len(repeated):
        raise ImportRefused("survey_duplicate_ids", file=file, n=len(repeated),
                            ids=_listed(repeated.to_dict()))

    # answers; a row with an unknown answer is skipped
    unknown_row = pd.Series(False, index=frame.index)
    for question in QUESTIONS:
        if question not in columns:
            frame[question] = None
            report.note("survey_question_missing", **_question_params(question))
            continue
        raw = _column(body, columns, question)
        read = {v: normalise_answer(question, v) for v in raw.unique()}
        frame[question] = raw.map({v: a for v, (a, _) in read.items()})
        unknown = frame[question].isna()
        if unknown.any():
            report.note("survey_unknown_answers", values=_listed(raw[unknown].value_counts().to_dict()),
                        **_question_params(question))
        unknown_row |= unknown
        if any(numbered and a is not None for a, numbered in read.values()):
            report.note("survey_numbered_answers", codes=_codes(question), **_question_params(question))
    report.skip("survey_unknown_answer", int(unknown_row.sum()))
    keep = ~unknown_row
    frame, body = frame[keep].reset_index(drop=True), [r for r, k in zip(body, keep) if k]
    if frame.empty:
        raise ImportRefused("survey_nothing_kept", file=file, n=report.rows_read)

    # age bands
    if "age_band" in columns:
        raw = _column(body, columns, "age_band")
        read = {v: age_band(v) for v in raw.unique()}
        frame["age_band"] = _strings(raw.map({v: b for v, (b, _) in read.items()}))
        odd = {v: int((raw == v).sum()) for v, (_, ok) in read.items() if not ok}
        if odd:
            report.note("survey_unknown_ages", values=_listed(odd))
    else:
        frame["age_band"] = None
        report.note("survey_no_age_column")

    # areas: police boxes of the database; unknown ones kept, not located
    if "area" in columns:
        raw = _column(body, columns, "area")
        lookup = _area_lookup(db) if (raw != "").any() else {}
        frame["area"] = _strings(raw.map({v: lookup.get(_area_key(v)) for v in raw.unique()}))
        odd = raw[frame["area"].isna() & ~raw.map(_key).isin(_NO_ANSWER_KEYS)]
        if len(odd):
            report.note("survey_unknown_areas", values=_listed(odd.value_counts().to_dict()))
    else:
        frame["area"] = None
        report.note("survey_no_area_column")
    return frame


# ---------------------------------------------------------------- aggregated tables

_TOTAL_KEYS: Final = frozenset(_key(v) for v in ("合計", "計", "総数", "総計", "全体", "回答者数", "total", "n", "all"))
_COUNT = re.compile(r"^(\d+|\d{1,3}(?:,\d{3})+)(?:人|件|名)?$")  # 1000, 1,000, 1,000人


class _Tally:
    """Counts per (fiscal year, question, answer) and 合計 lines, gathered line by line."""

    def __init__(self, file: str):
        self.file = file
        self.counts: dict[tuple[int, str], dict[str, int]] = {}
        self.totals: dict[tuple[int, str], int] = {}
        self.bad_counts: Counter[str] = Counter()
        self.unknown: dict[str, Counter[str]] = {}
        self.numbered: set[str] = set()
        self.lines = 0

    def count(self, cell: str) -> int | None:
        k = re.sub(r"\s", "", clean(cell))
        if k in ("", "-", "－", "―", "ー", "—"):
            return 0
        m = _COUNT.match(k)
        if m is None:
            self.bad_counts[cell] += 1
            return None
        return int(m[1].replace(",", ""))

    def add(self, year: int, question: str, label: str, n: int) -> None:
        if _key(label) in _TOTAL_KEYS:
            self.totals[(year, question)] = self.totals.get((year, question), 0) + n
            return
        answer, numbered = normalise_answer(question, label)
        if answer is None:
            if n:
                self.unknown.setdefault(question, Counter())[label] += 1
            return
        cell = self.counts.setdefault((year, question), {})
        if numbered:
            self.numbered.add(question)
        if cell.get(answer) and n:
            raise ImportRefused("survey_repeated_answer", file=self.file, year=year, answer=answer,
                                **_question_params(question))
        cell[answer] = cell.get(answer, 0) + n

    def check(self) -> None:
        if self.bad_counts:
            raise ImportRefused("survey_bad_count", file=self.file, values=_listed(self.bad_counts))
        for question, values in self.unknown.items():
            raise ImportRefused("survey_unknown_answer_counts", file=self.file, values=_listed(values),
                                **_question_params(question))

    def notes(self, report: ImportReport) -> None:
        for question in QUESTIONS:
            if question in self.numbered:
                report.note("survey_numbered_answers", codes=_codes(question), **_question_params(question))


def _year_of(years: _Years, raw: list[str]) -> list[int]:
    return list(years.column(pd.Series(raw, dtype="object")))


def _long_table(body, columns, years: _Years, file: str, report: ImportReport) -> pd.DataFrame:
    """Lines of (fiscal year?, question, answer, count)."""
    tally = _Tally(file)
    fy = _year_of(years, [r[columns["fiscal_year"]] for r in body]) if "fiscal_year" in columns and body else None
    others: Counter[str] = Counter()
    for i, r in enumerate(body):
        question = _question_of(r[columns["question"]])
        if question is None:
            others[r[columns["question"]]] += 1
            continue
        n = tally.count(r[columns["count"]])
        if n is not None:
            tally.add(fy[i] if fy else years.fallback(), question, r[columns["answer"]], n)
        tally.lines += 1
    tally.check()
    tally.notes(report)
    if others:
        report.note("survey_other_questions", values=_listed(others))
    return _expand(tally, file, report)


def _wide_table(body, columns, years: _Years, file: str, report: ImportReport) -> pd.DataFrame:
    """Lines of answers, one count column per question."""
    tally = _Tally(file)
    present = [q for q in QUESTIONS if q in columns]
    fy = _year_of(years, [r[columns["fiscal_year"]] for r in body]) if "fiscal_year" in columns and body else None
    for i, r in enumerate(body):
        label = r[columns["answer"]]
        for question in present:
            n = tally.count(r[columns[question]])
            if n is not None and (n or _key(label) in _TOTAL_KEYS or clean(r[columns[question]])):
                tally.add(fy[i] if fy else years.fallback(), question, label, n)
        tally.lines += 1
    tally.check()
    tally.notes(report)
    return _expand(tally, file, report)


def _expand(tally: _Tally, file: str, report: ImportReport) -> pd.DataFrame:
    """Pseudo-respondent rows whose answers have exactly the tallied counts."""
    waves = sorted({y for y, _ in tally.counts} | {y for y, _ in tally.totals})
    frames = []
    for year in waves:
        sums = {q: sum(tally.counts.get((year, q), {}).values()) for q in QUESTIONS}
        given = {q: tally.totals[(year, q)] for q in QUESTIONS if (year, q) in tally.totals}
        if len(set(given.values())) > 1:
            raise ImportRefused("survey_totals_differ", file=file, year=year,
                                totals=", ".join(f"{QUESTION_LABELS[q][0]} {n:,}" for q, n in given.items()))
        n = next(iter(given.values())) if given else max(sums.values())
        if n == 0:
            continue
        rows: dict[str, list[str | None]] = {}
        for question in QUESTIONS:
            counts = tally.counts.get((year, question), {})
            if sums[question] > n:
                raise ImportRefused("survey_sum_over_total", file=file, year=year, sum=sums[question], total=n,
                                    **_question_params(question))
            if sums[question] == 0:
                rows[question] = [None] * n
                report.note("survey_question_missing_year", year=year, **_question_params(question))
                continue
            if sums[question] < n:
                report.note("survey_filled_no_answer", year=year, sum=sums[question], total=n,
                            missing=n - sums[question], **_question_params(question))
                counts = {**counts, NO_ANSWER: counts.get(NO_ANSWER, 0) + n - sums[question]}
            rows[question] = [a for a in VOCABULARY[question] for _ in range(counts.get(a, 0))]
        width = max(4, len(str(n)))
        frames.append(pd.DataFrame({
            "fiscal_year": pd.Series([year] * n, dtype="int64"),
            "respondent_id": [f"FY{year}-{i:0{width}d}" for i in range(1, n + 1)],
            "age_band": None, "area": None, **rows,
        }))
        report.note("survey_aggregated", year=year, n=n)
    if not frames:
        raise ImportRefused("survey_no_rows", file=file)
    frame = pd.concat(frames, ignore_index=True)
    frame[["age_band", "area"]] = frame[["age_band", "area"]].astype("object")
    report.rows_read = len(frame)
    return frame
