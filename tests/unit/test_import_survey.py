"""The citizen-survey reader: respondent files and aggregated tables in, survey_responses rows out.

Fixtures are in tests/data/survey (made by make_fixtures.py there). The round trip writes the
built sample database's FY2024 wave as a Japanese CSV and checks that the survey page's plan
figures come out of the imported rows exactly as out of the built ones.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bohan import db as bdb
from bohan import survey_view as sv
from bohan.build.survey import ACTIVITY_ANSWERS, AWARENESS_ANSWERS, COLUMNS, NO_ANSWER, SATISFACTION_ANSWERS
from bohan.i18n import TEXT
from bohan.i18n_survey_import import TEXT_SURVEY_IMPORT
from bohan.importers import survey
from bohan.importers.common import ImportRefused
from bohan.importers.survey import age_band, normalise_answer, parse_fiscal_year, read_survey, years_in_text
from bohan.paths import QUERIES_DIR, ROOT

FIX = ROOT / "tests" / "data" / "survey"
JA_HEADER = "調査年度,回答者ID,年代,地区,防犯に関する意識,地域の防犯活動,地域の安全についての満足度"


def _read(path, db, **kw):
    tables, report = read_survey(path, db=db, **kw)
    assert list(tables) == ["survey_responses"]
    frame = tables["survey_responses"]
    _assert_consistent(frame, report)
    return frame, report


def _assert_consistent(frame: pd.DataFrame, report) -> None:
    """Schema columns in order; report counts add up; respondent_id unique; answers in the vocabularies."""
    assert list(frame.columns) == list(COLUMNS)
    assert frame["fiscal_year"].dtype == "int64"
    assert report.kind == "survey" and len(report.files) == len(report.sha256) == 1
    assert report.rows_read == report.rows_kept + report.rows_skipped
    assert report.rows_kept == len(frame) > 0
    assert report.not_located == int(frame["area"].isna().sum())
    assert frame["respondent_id"].is_unique
    assert frame["respondent_id"].map(lambda i: isinstance(i, str)).all()
    for question, vocab in (("awareness", AWARENESS_ANSWERS), ("activity", ACTIVITY_ANSWERS),
                            ("satisfaction", SATISFACTION_ANSWERS)):
        assert set(frame[question].dropna()) <= set(vocab), question
        assert frame[question].isna().all() or frame[question].notna().all(), question
    assert set(frame["age_band"].dropna()) <= set(survey.AGE_BANDS)
    assert (frame["source"] == report.name).all()
    for lang in ("ja", "en"):
        assert report.lines(lang)  # every note and reason has its text in both languages


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def _refused(path, db=None, **kw) -> ImportRefused:
    with pytest.raises(ImportRefused) as info:
        read_survey(path, db=db, **kw)
    e = info.value
    assert e.text("ja") and e.text("en")  # the message renders in both languages
    return e


def _notes(report) -> dict[str, dict]:
    return {k: p for k, p in report.notes}


# ------------------------------------------------------------------ respondent files


def test_read_survey_cp932_japanese_headers_and_title_line(built_db):
    """cp932, a title line, 令和 years, band spellings, box suffixes, blanks -> 無回答, unknown area NULL."""
    frame, report = _read(FIX / "respondents_ja_cp932.csv", built_db)
    assert (report.rows_read, report.rows_kept, report.rows_skipped, report.not_located) == (8, 8, 0, 2)
    assert report.name == "respondents_ja_cp932" and report.files == ["respondents_ja_cp932.csv"]
    assert report.sha256 == [hashlib.sha256((FIX / "respondents_ja_cp932.csv").read_bytes()).hexdigest()]
    assert set(frame["fiscal_year"]) == {2024}
    assert frame["respondent_id"].tolist() == [f"FY2024-000{i}" for i in range(1, 9)]
    assert frame["age_band"].tolist() == ["30歳代", "30歳代", "40歳代", "18〜29歳", "70歳以上", "70歳以上", "50歳代", "60歳代"]
    assert frame["area"].tolist() == ["糸井", "美園", "沼ノ端北", "駅前", "木場", "錦岡", None, None]
    assert frame["awareness"].tolist() == [
        "常に意識している", "どちらかといえば意識している", "あまり意識していない", "まったく意識していない",
        "常に意識している", "常に意識している", NO_ANSWER, "どちらかといえば意識している"]
    assert frame["activity"].tolist()[3:5] == ["関心はない", ACTIVITY_ANSWERS[0]]  # bracket left off, spaces around
    assert frame["satisfaction"].tolist()[5:7] == [NO_ANSWER, NO_ANSWER]  # blank cell and 無回答
    assert _notes(report) == {"survey_unknown_areas": {"values": "樽前 (1)"}}


def test_read_survey_numbered_answers_ages_in_years_tab_year_from_name(built_db):
    """Tab-separated; 1..k are the questionnaire's choices (① too); ages in years; FY from the file name."""
    frame, report = _read(FIX / "respondents_numbered_2019.tsv", built_db)
    assert (report.rows_read, report.rows_kept, report.not_located) == (7, 7, 0)
    assert set(frame["fiscal_year"]) == {2019}
    assert frame["respondent_id"].tolist() == [f"FY2019-{i}" for i in range(1, 8)]
    assert frame["age_band"].tolist() == ["18〜29歳", "30歳代", "40歳代", "50歳代", "60歳代", "70歳以上", None]
    assert frame["awareness"].tolist() == [*AWARENESS_ANSWERS[:4], AWARENESS_ANSWERS[0], NO_ANSWER,
                                           AWARENESS_ANSWERS[1]]
    assert frame["activity"].tolist() == [*ACTIVITY_ANSWERS[:3], NO_ANSWER, ACTIVITY_ANSWERS[1], ACTIVITY_ANSWERS[2],
                                          ACTIVITY_ANSWERS[1]]
    assert frame["satisfaction"].tolist() == [*SATISFACTION_ANSWERS[:5], NO_ANSWER, SATISFACTION_ANSWERS[1]]
    notes = _notes(report)
    assert notes["survey_fiscal_year_from_name"] == {"year": 2019, "file": "respondents_numbered_2019.tsv"}
    assert notes["survey_unknown_ages"] == {"values": "17 (1)"}
    numbered = [p for k, p in report.notes if k == "survey_numbered_answers"]
    assert [p["question_en"] for p in numbered] == [survey.QUESTION_LABELS[q][1] for q in survey.QUESTIONS]
    assert numbered[0]["codes"].startswith("1=常に意識している, 2=どちらかといえば意識している")


def test_read_survey_utf8_bom_english_headers_and_answers(built_db):
    """UTF-8 with BOM, English headers and the app's English answer labels and box names."""
    frame, report = _read(FIX / "respondents_en_bom.csv", built_db)
    assert frame["respondent_id"].tolist() == ["FY2024-a1", "FY2024-a2", "FY2024-a3", "FY2024-a4"]
    assert frame["area"].tolist() == ["糸井", "美園", "沼ノ端北", None]
    assert frame["age_band"].tolist() == ["30歳代", "40歳代", "70歳以上", None]
    assert frame["awareness"].tolist() == [*AWARENESS_ANSWERS[:3], NO_ANSWER]
    assert frame["activity"].tolist() == ["関心はない", ACTIVITY_ANSWERS[1], ACTIVITY_ANSWERS[0], NO_ANSWER]
    assert frame["satisfaction"].tolist() == ["満足している", "どちらともいえない", "どちらかといえば不満", NO_ANSWER]
    assert report.not_located == 1 and report.notes == []


def test_read_survey_unknown_answers_skip_the_respondent_and_are_named(built_db):
    """A row with any answer outside the vocabulary is skipped (counted once); the values are named per question."""
    frame, report = _read(FIX / "unknown_answers.csv", built_db)
    assert frame["respondent_id"].tolist() == ["FY2024-1", "FY2024-5"]
    assert (report.rows_read, report.rows_kept) == (5, 2)
    assert report.skipped == {"survey_unknown_answer": 3}
    unknown = {p["question_en"]: p["values"] for k, p in report.notes if k == "survey_unknown_answers"}
    assert unknown == {"awareness of crime prevention": "はい (2)", "community crime-prevention activity": "たまに (1)",
                       "satisfaction with local safety": "9 (1)"}  # 9 is not a no-answer code


def test_read_survey_duplicate_ids_refused():
    """An ID repeated within a fiscal year refuses the file (the same ID in another year is fine)."""
    e = _refused(FIX / "duplicate_ids.csv")
    assert e.key == "survey_duplicate_ids" and e.params["ids"] == "FY2024-1 (2)" and e.params["n"] == 1


def test_read_survey_ids_generated_when_missing(tmp_path):
    """No ID column: FY<year>-0001 … per wave; a blank ID cell gets FY<year>-r<row>."""
    path = _write(tmp_path / "s.csv", "年度,防犯意識\n2024,1\n2019,2\n2024,3\n")
    frame, report = _read(path, None)
    assert frame["respondent_id"].tolist() == ["FY2019-0001", "FY2024-0001", "FY2024-0002"]  # sorted by year
    assert _notes(report)["survey_ids_generated"] == {"n": 3}
    path = _write(tmp_path / "t.csv", "年度,ID,防犯意識\n2024,7,1\n2024,,2\n")
    frame, _ = _read(path, None)
    assert frame["respondent_id"].tolist() == ["FY2024-7", "FY2024-r0002"]


def test_read_survey_question_without_column_is_null_not_no_answer(tmp_path):
    """A question the file does not carry is stored NULL (not asked), with a note; no database needed."""
    path = _write(tmp_path / "s.csv", "年度,満足度\n2024,満足している\n2024,\n")
    frame, report = _read(path, tmp_path / "no.duckdb")  # no area column: the database is not opened
    assert frame["awareness"].isna().all() and frame["activity"].isna().all()
    assert frame["satisfaction"].tolist() == ["満足している", NO_ANSWER]
    missing = [p["question_en"] for k, p in report.notes if k == "survey_question_missing"]
    assert missing == ["awareness of crime prevention", "community crime-prevention activity"]
    assert {"survey_no_age_column", "survey_no_area_column"} <= set(_notes(report))
    assert report.not_located == 2


def test_read_survey_area_column_needs_the_database(tmp_path):
    """Areas are matched to koban_areas of the database; a missing database refuses (no_database)."""
    path = _write(tmp_path / "s.csv", "年度,地区,防犯意識\n2024,糸井,1\n")
    assert _refused(path, db=tmp_path / "no.duckdb").key == "no_database"


def test_read_survey_leaves_the_database_unchanged(built_db, tmp_path):
    """Pure: the database file is byte for byte the same after a read."""
    before = hashlib.sha256(Path(built_db).read_bytes()).hexdigest()
    _read(FIX / "respondents_ja_cp932.csv", built_db)
    assert hashlib.sha256(Path(built_db).read_bytes()).hexdigest() == before


# ------------------------------------------------------------------ fiscal years, names, mapping


def test_read_survey_fiscal_year_sources(tmp_path):
    """Column, then argument, then file name, then title line; none refuses; a differing column refuses."""
    body = "防犯意識,満足度\n1,1\n"
    plain = _write(tmp_path / "survey.csv", body)
    assert _refused(plain).key == "survey_no_fiscal_year"
    frame, report = _read(plain, None, fiscal_year=2029)
    assert set(frame["fiscal_year"]) == {2029} and report.notes[0][0] != "survey_fiscal_year_from_name"
    frame, report = _read(_write(tmp_path / "令和元年度アンケート.csv", body), None)
    assert set(frame["fiscal_year"]) == {2019} and "survey_fiscal_year_from_name" in _notes(report)
    frame, report = _read(_write(tmp_path / "titled.csv", "平成26年度 市民意識調査\n" + body), None)
    assert set(frame["fiscal_year"]) == {2014} and "survey_fiscal_year_from_title" in _notes(report)
    assert _refused(_write(tmp_path / "2019_vs_2024.csv", body)).key == "survey_several_years"
    column = _write(tmp_path / "c.csv", "年度,防犯意識\n2024年度,1\n,2\n")
    frame, report = _read(column, None, fiscal_year=2024)
    assert frame["fiscal_year"].tolist() == [2024, 2024]
    assert _notes(report)["survey_fiscal_year_blank"] == {"n": 1, "year": 2024}
    e = _refused(column, fiscal_year=2019)
    assert e.key == "survey_fiscal_year_conflict" and e.params["found"] == "2024"
    assert _refused(_write(tmp_path / "bad.csv", "年度,防犯意識\n昨年,1\n")).key == "survey_bad_fiscal_year"
    assert _refused(plain, fiscal_year=1900).key == "survey_bad_fiscal_year"


@pytest.mark.parametrize("cell, year", [
    ("2024", 2024), ("2024年度", 2024), ("FY2024", 2024), ("令和6年度", 2024), ("R6", 2024), ("令和元年度", 2019),
    ("平成26年度", 2014), ("H26", 2014), ("２０２４", 2024), ("2024.0", 2024), ("24", None), ("", None), ("1900", None),
])  # fmt: skip
def test_parse_fiscal_year(cell, year):
    """Western, 令和/平成 and R/H years, full-width digits; two-digit and out-of-range years are not read."""
    assert parse_fiscal_year(cell) == year


def test_years_in_text_reads_file_names():
    """Four-digit years and 令和/平成/R/H in file names and titles."""
    assert years_in_text("survey_2024") == {2024}
    assert years_in_text("R6_市民アンケート") == {2024}
    assert years_in_text("令和６年度調査") == {2024}
    assert years_in_text("tomakomai_01213") == set()


@pytest.mark.parametrize("name", ["sample", "plan", "  ", "", "Sample"])
def test_read_survey_reserved_names_refused(tmp_path, name):
    """Blank, sample and plan are the built data's names: refused (reserved_name)."""
    path = _write(tmp_path / "s.csv", "年度,防犯意識\n2024,1\n")
    assert _refused(path, name=name).key == "reserved_name"


def test_read_survey_default_name_is_the_stem_and_sample_stem_refused(tmp_path):
    """The name defaults to the file's stem, so a file called sample.csv needs --name."""
    path = _write(tmp_path / "sample.csv", "年度,防犯意識\n2024,1\n")
    assert _refused(path).key == "reserved_name"
    frame, report = _read(path, None, name="アンケート2024")
    assert report.name == "アンケート2024" and set(frame["source"]) == {"アンケート2024"}
    assert _refused(path, name="a\tb").key == "name_chars"


def test_read_survey_mapping_names_columns(tmp_path):
    """mapping={target: column} reads columns whose names are not recognised; bad targets and columns refuse."""
    path = _write(tmp_path / "m.csv", "Q1,Q2,Q3,where\n1,3,2,美園\n")
    assert _refused(path, fiscal_year=2024).key == "survey_no_questions"
    mapping = {"awareness": "Q1", "activity": "Q2", "satisfaction": "Q3"}
    frame, _ = _read(path, None, fiscal_year=2024, mapping=mapping)
    assert frame.loc[0, ["awareness", "activity", "satisfaction"]].tolist() == [
        AWARENESS_ANSWERS[0], ACTIVITY_ANSWERS[2], SATISFACTION_ANSWERS[1]]
    e = _refused(path, fiscal_year=2024, mapping={"awareness": "Q9"})
    assert e.key == "survey_map_column" and e.params["column"] == "Q9"
    assert _refused(path, fiscal_year=2024, mapping={"mood": "Q1"}).key == "survey_map_target"


def test_read_survey_two_columns_for_one_question_refused(tmp_path):
    """Two columns for one question: refused, asking for --map (either could be the wrong figures)."""
    path = _write(tmp_path / "a.csv", "年度,問1 防犯意識,問2 防犯意識\n2024,1,2\n")
    e = _refused(path)
    assert e.key == "survey_ambiguous_column" and e.params["target"] == "awareness"
    assert _refused(_write(tmp_path / "b.csv", "年度,防犯意識,防犯に関する意識\n2024,1,2\n")).key == "survey_ambiguous_column"


def test_read_survey_two_columns_for_age_take_the_more_specific(tmp_path):
    """年齢 and 年代 both present: 年齢 (listed first) is read, and a note says so."""
    path = _write(tmp_path / "a.csv", "年度,年代,年齢,防犯意識\n2024,30代,52,1\n")
    frame, report = _read(path, None)
    assert frame["age_band"].tolist() == ["50歳代"]
    assert _notes(report)["survey_column_chosen"] == {"target": "age_band", "column": "年齢", "columns": "年齢, 年代"}


# ------------------------------------------------------------------ aggregated tables


def test_read_survey_aggregated_long_table_gives_the_plans_shares(con, built_db):
    """The long table of FY2024 counts expands to 1,000 rows whose answer counts are the built wave's."""
    frame, report = _read(FIX / "aggregated_long.csv", built_db)
    assert (report.rows_read, report.rows_kept, report.not_located) == (1000, 1000, 1000)
    assert frame["age_band"].isna().all() and frame["area"].isna().all()
    built = bdb.run(con, "survey/answers_by_wave", fiscal_year=2024)
    assert _answer_counts(frame) == _built_counts(built)
    notes = _notes(report)
    assert notes["survey_aggregated"] == {"year": 2024, "n": 1000}
    assert notes["survey_other_questions"] == {"values": "問9 地域の治安 (2)"}
    imported = _by_wave(frame)
    for question in sv.QUESTIONS:
        pd.testing.assert_frame_equal(sv.wave_shares(imported, question), sv.wave_shares(built, question))


def test_read_survey_aggregated_wide_table_numbered_choices(con):
    """Rows 1..5, 無回答, 合計 × a column per question (FY2019, 令和元 = R1 in the file name)."""
    frame, report = _read(FIX / "aggregated_wide_R1.csv", None)
    built = bdb.run(con, "survey/answers_by_wave", fiscal_year=2019)
    assert _answer_counts(frame) == _built_counts(built)
    assert set(frame["fiscal_year"]) == {2019} and len(frame) == 1000
    assert sv.awareness_table(_by_wave(frame))[2019].tolist() == [44.8, 48.9, 93.7]


def test_read_survey_aggregated_short_question_filled_with_no_answer(tmp_path):
    """Without a 合計 line the total is the largest question sum; a shorter question gets 無回答 and a note."""
    path = _write(tmp_path / "agg.csv", "年度,設問,回答,人数\n2024,防犯意識,1,6\n2024,防犯意識,2,4\n"
                                        "2024,満足度,満足している,3\n2024,満足度,不満,\"1,0\"\n")
    assert _refused(path).key == "survey_bad_count"
    path = _write(tmp_path / "agg.csv", "年度,設問,回答,人数\n2024,防犯意識,1,6\n2024,防犯意識,2,4\n"
                                        "2024,満足度,満足している,3人\n2024,満足度,不満,5\n")
    frame, report = _read(path, None)
    assert len(frame) == 10 and frame["activity"].isna().all()
    assert frame["satisfaction"].value_counts().to_dict() == {"不満": 5, "満足している": 3, NO_ANSWER: 2}
    filled = _notes(report)["survey_filled_no_answer"]
    assert (filled["sum"], filled["total"], filled["missing"]) == (8, 10, 2)
    assert filled["question_en"] == "satisfaction with local safety"
    assert "survey_question_missing_year" in _notes(report)


def test_read_survey_aggregated_refusals(tmp_path):
    """More than the 合計 line, differing totals, unknown answers and an answer counted twice refuse."""
    head = "設問,回答,人数\n"
    cases = {
        "survey_sum_over_total": "防犯意識,1,8\n防犯意識,2,4\n防犯意識,合計,10\n",
        "survey_totals_differ": "防犯意識,1,10\n防犯意識,合計,10\n満足度,1,9\n満足度,合計,9\n",
        "survey_unknown_answer_counts": "防犯意識,1,8\n防犯意識,たぶん,2\n",
        "survey_repeated_answer": "防犯意識,1,8\n防犯意識,常に意識している,2\n",
        "survey_bad_count": "防犯意識,1,53.3%\n",
    }
    for key, lines in cases.items():
        assert _refused(_write(tmp_path / f"{key}.csv", head + lines), fiscal_year=2024).key == key


# ------------------------------------------------------------------ files that are not survey tables


@pytest.mark.parametrize("fixture, key", [
    ("empty.csv", "survey_empty"), ("binary.csv", "not_text"), ("page.csv", "survey_html"),
    ("no_questions.csv", "survey_no_questions"), ("missing.csv", "no_file"),
])  # fmt: skip
def test_read_survey_malformed_fixtures_refused(fixture, key):
    """Each malformed file is refused with a key naming what is wrong, never a traceback."""
    e = _refused(FIX / fixture)
    assert e.key == key and (fixture in e.text("en") or key == "no_file")


def test_read_survey_other_refusals(tmp_path):
    """Header only, an Excel workbook, undecodable text and files over 50 MB are refused."""
    assert _refused(_write(tmp_path / "h.csv", "年度,防犯意識\n"), fiscal_year=2024).key == "survey_no_rows"
    (tmp_path / "x.csv").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert _refused(tmp_path / "x.csv").key == "survey_spreadsheet"
    (tmp_path / "b.csv").write_bytes("防犯意識\n".encode("utf-8") + b"\xff\xfe\xfd\x80")
    assert _refused(tmp_path / "b.csv").key == "not_text"
    big = tmp_path / "big.csv"
    with open(big, "wb") as f:
        f.truncate(survey.MAX_BYTES + 1)  # sparse: refused on its size, never read
    e = _refused(big)
    assert e.key == "too_large" and e.params["max_mb"] == 50
    assert _refused(tmp_path).key == "no_file"  # a folder
    only_bad = _write(tmp_path / "u.csv", "年度,防犯意識\n2024,はい\n")
    assert _refused(only_bad).key == "survey_nothing_kept"


# ------------------------------------------------------------------ values


@pytest.mark.parametrize("cell, band", [
    ("34", "30歳代"), ("34歳", "30歳代"), ("30代", "30歳代"), ("30歳代", "30歳代"), ("30〜39歳", "30歳代"),
    ("30～39歳", "30歳代"), ("30-39", "30歳代"), ("30s", "30歳代"), ("18〜29歳", "18〜29歳"), ("20代", "18〜29歳"),
    ("10代", "18〜29歳"), ("18・19歳", None), ("70歳以上", "70歳以上"), ("80代", "70歳以上"), ("70+", "70歳以上"),
    ("９２", "70歳以上"), ("17", None), ("25〜34歳", None), ("65歳以上", None), ("", None), ("無回答", None),
])  # fmt: skip
def test_age_band(cell, band):
    """Years, decades, ranges and open ends map to the app's bands; what fits none is None."""
    assert age_band(cell)[0] == band
    assert age_band(cell)[1] == (band is not None or cell in ("", "無回答"))


@pytest.mark.parametrize("question, cell, answer", [
    ("awareness", " 常に意識している ", AWARENESS_ANSWERS[0]),
    ("awareness", "どちらかと言えば意識している", AWARENESS_ANSWERS[1]),
    ("awareness", "全く意識していない", AWARENESS_ANSWERS[3]),
    ("awareness", "４", AWARENESS_ANSWERS[3]),
    ("awareness", "5", None),  # only four choices; 無回答 is not a choice number
    ("awareness", "2. どちらかといえば意識している", AWARENESS_ANSWERS[1]),
    ("activity", "関心はあるし、活動に参加している", ACTIVITY_ANSWERS[0]),
    ("activity", "関心はあるが活動に参加していない(過去にも参加したことはない)", ACTIVITY_ANSWERS[1]),
    ("activity", "Not interested", ACTIVITY_ANSWERS[2]),
    ("satisfaction", "やや満足", SATISFACTION_ANSWERS[1]),
    ("satisfaction", "⑤", SATISFACTION_ANSWERS[4]),
    ("satisfaction", "3.0", SATISFACTION_ANSWERS[2]),
    ("satisfaction", "", NO_ANSWER), ("satisfaction", "不明", NO_ANSWER), ("satisfaction", "NA", NO_ANSWER),
    ("satisfaction", "0", None), ("satisfaction", "9", None), ("satisfaction", "常に意識している", None),
])  # fmt: skip
def test_normalise_answer(question, cell, answer):
    """Spacing, 言えば/いえば, brackets, English, choice numbers; blanks are 無回答; 0 and 9 are unknown."""
    assert normalise_answer(question, cell)[0] == answer


# ------------------------------------------------------------------ the round trip


def _answer_counts(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(q, a): int(n) for q in sv.QUESTIONS for a, n in frame[q].value_counts().items()}


def _built_counts(by_wave: pd.DataFrame) -> dict[tuple[str, str], int]:
    return {(q, a): int(n) for q, a, n in by_wave[["question", "answer", "n"]].itertuples(index=False)}


def _by_wave(frame: pd.DataFrame) -> pd.DataFrame:
    """``survey/answers_by_wave`` run over ``frame`` stored in a table of the app's schema."""
    mem = duckdb.connect()
    try:
        mem.execute((QUERIES_DIR / "build" / "schema.sql").read_text(encoding="utf-8"))
        bdb.insert_by_name(mem, "survey_responses", frame)
        return bdb.run(mem, "survey/answers_by_wave", fiscal_year=None)
    finally:
        mem.close()


def test_round_trip_fy2024_gives_the_plans_figures_as_the_survey_page(con, built_db, tmp_path):
    """The built FY2024 wave written as a Japanese cp932 CSV reads back row for row, and the page's
    plan check gives every FY2024 plan figure from it exactly as from the built data."""
    built = con.execute("SELECT * FROM survey_responses WHERE fiscal_year = 2024 ORDER BY respondent_id").df()
    lines = ["令和6年度 苫小牧市市民アンケート調査（防犯）", JA_HEADER]
    for r in built.itertuples(index=False):
        cells = ["令和6年度", r.respondent_id, r.age_band, r.area + "交番", r.awareness, r.activity, r.satisfaction]
        lines.append(",".join(f'"{c}"' if "," in c else c for c in cells))
    path = _write(tmp_path / "市民アンケート.csv", "\r\n".join(lines) + "\r\n", "cp932")

    frame, report = _read(path, built_db, name="citizen-survey-r6")
    assert (report.rows_read, report.rows_kept, report.rows_skipped, report.not_located) == (1000, 1000, 0, 0)
    pd.testing.assert_frame_equal(frame.drop(columns="source"), built.drop(columns="source"), check_dtype=False)

    figures = bdb.run(con, "survey/plan_figures")
    page = sv.plan_check(bdb.run(con, "survey/answers_by_wave", fiscal_year=None), figures)
    got = sv.plan_check(_by_wave(frame), figures)
    want = page[page["fiscal_year"] == 2024].reset_index(drop=True)
    got = got[got["fiscal_year"] == 2024].reset_index(drop=True)
    assert set(want["figure_id"]) == {"awareness_always_2024", "awareness_rather_2024", "awareness_subtotal_2024",
                                      "activity_participating_2024", "satisfaction_latest"}
    pd.testing.assert_frame_equal(got, want)
    assert got["match"].all()


# ------------------------------------------------------------------ properties

_CELLS = st.sampled_from([
    "", " ", "1", "2", "5", "９", "①", "常に意識している", "関心はない", "満足している", "やや満足", "無回答",
    "不明", "はい", "2024", "令和6年度", "R6", "30代", "34", "70歳以上", "糸井", "美園交番", "樽前", "合計", "計",
    "1,000", "53.3%", '"', '""', "a,b", "\t", "\r", "\n", "<html>", "防犯意識", "満足度", "設問", "回答", "人数",
    "年度", "ID", "地区", "年代", "〜", "　", "\u3000常に", "-1", "99999999999999999999",
])
_HEADERS = st.lists(st.sampled_from([
    "調査年度", "年度", "回答者ID", "ID", "No", "年代", "年齢", "地区", "交番", "防犯意識", "防犯に関する意識",
    "防犯活動", "満足度", "設問", "回答", "選択肢", "人数", "件数", "fiscal_year", "awareness", "activity",
    "satisfaction", "area", "age", "x", "",
]), min_size=1, max_size=8, unique=True)


@st.composite
def _csv_texts(draw) -> tuple[str, str]:
    header = draw(_HEADERS)
    header += [h for h in draw(st.sampled_from([[], ["満足度"], ["防犯意識", "防犯活動"]])) if h not in header]
    rows = draw(st.lists(st.lists(st.one_of(_CELLS, st.text(max_size=6)), max_size=len(header) + 2), max_size=12))
    delimiter = draw(st.sampled_from([",", "\t"]))
    title = draw(st.sampled_from(["", "令和6年度 市民アンケート\n", "title,,\n"]))
    text = title + "\n".join(delimiter.join(r) for r in [header, *rows]) + draw(st.sampled_from(["", "\n", "\r\n"]))
    return text, draw(st.sampled_from(["utf-8", "utf-8-sig", "cp932"]))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("survey-props")


def _read_or_refuse(path: Path, db: Path, **kw) -> None:
    try:
        tables, report = read_survey(path, db=db, **kw)
    except ImportRefused as e:
        assert e.key and e.text("ja") and e.text("en")
        return
    _assert_consistent(tables["survey_responses"], report)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_csv_texts(), fiscal_year=st.sampled_from([None, 2024]))
def test_property_csv_texts_parse_or_refuse(built_db, scratch, data, fiscal_year):
    """Any CSV-like text in any accepted encoding gives schema frames or ImportRefused, nothing else."""
    text, encoding = data
    path = scratch / "generated.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    _read_or_refuse(path, built_db, fiscal_year=fiscal_year)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400), prefix=st.sampled_from([b"", JA_HEADER.encode("utf-8") + b"\n",
                                                              JA_HEADER.encode("cp932") + b"\r\n"]))
def test_property_bytes_parse_or_refuse(built_db, scratch, data, prefix):
    """Arbitrary bytes, bare or after a valid header, give schema frames or ImportRefused, nothing else."""
    path = scratch / "bytes_2024.csv"
    path.write_bytes(prefix + data)
    _read_or_refuse(path, built_db)


# ------------------------------------------------------------------ catalogue


def test_every_survey_import_key_is_in_the_catalogue():
    """Every refusal, skip and note key the reader uses has Japanese and English; none is left unused."""
    source = (ROOT / "bohan" / "importers" / "survey.py").read_text(encoding="utf-8")
    used = {("refused", k) for k in re.findall(r'ImportRefused\(\s*"([a-z_]+)"', source)}
    used |= {("skip", k) for k in re.findall(r'\.skip\(\s*"([a-z_]+)"', source)}
    used |= {("note", k) for k in re.findall(r'\.note\(\s*"([a-z_]+)"', source)}
    keys = {f"import.{kind}.{k}" for kind, k in used}
    assert keys - set(TEXT) == set()
    assert set(TEXT_SURVEY_IMPORT) - keys == set()  # no stale entries
    assert all(k.split(".")[2].startswith("survey_") for k in TEXT_SURVEY_IMPORT)
