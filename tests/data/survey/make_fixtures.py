"""Write the citizen-survey importer's test fixtures (run from the repository root):

    .venv/bin/python tests/data/survey/make_fixtures.py

Every file is made by hand here, small, and committed; the tests state their expected rows.
The aggregated tables carry the sample survey's exact counts (bohan.build.survey.answer_counts,
which reproduce the plan's shares), so reading them must give the plan's figures back.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # run as a script from anywhere

from bohan.build.survey import (  # noqa: E402
    ACTIVITY_ANSWERS,
    AWARENESS_ANSWERS,
    NO_ANSWER,
    SATISFACTION_ANSWERS,
    answer_counts,
)  # fmt: skip


def write(name: str, text: str, encoding: str = "utf-8", newline: str = "\r\n") -> None:
    (HERE / name).write_bytes(text.replace("\n", newline).encode(encoding))


# 1. One row per respondent, cp932, Japanese headers, a title line, bands and box names as
#    people type them; one blank answer (無回答), one unknown area, one blank area.
RESPONDENTS_JA = """\
令和6年度 苫小牧市市民アンケート調査 集計用データ,,,,,,
調査年度,回答者ID,年代,地区,防犯に関する意識,地域の防犯活動,地域の安全についての満足度
令和6年度,0001,30代,糸井交番,常に意識している,関心はない,どちらともいえない
令和6年度,0002,30歳代,美園,どちらかと言えば意識している,関心はあるし、活動に参加している（過去には参加したことがある）,満足している
令和6年度,0003,40～49歳,沼ノ端北地区,あまり意識していない,関心はあるが、活動に参加していない（過去にも参加したことはない）,どちらかといえば満足している
令和6年度,0004,18〜29歳,駅前交番,まったく意識していない,関心はない,不満
令和6年度,0005,70歳以上,木場,常に意識している, 関心はあるし、活動に参加している ,どちらかといえば不満
令和6年度,0006,80代,錦岡駐在所,　常に　意識している,関心はない,
令和6年度,0007,50歳代,樽前,無回答,無回答,無回答
令和6年度,0008,60代,,どちらかといえば意識している,関心はない,どちらともいえない
"""

# 2. One row per respondent, tab-separated UTF-8, answers as circled numbers, ages in years;
#    the fiscal year only in the file name.
RESPONDENTS_NUMBERED = """\
No\t年齢\t交番\t問1 防犯意識\t問2 防犯活動\t問3 満足度
1\t19\t糸井\t1\t1\t1
2\t34\t美園\t2\t2\t2
3\t47\t山手\t3\t3\t3
4\t52\t弥生\t4\t\t4
5\t68\t勇払\t①\t②\t5
6\t75\t双葉\t\t3\t
7\t17\t本町\t2\t2\t2
"""

# 3. One row per respondent, UTF-8 with BOM, English headers and answers.
RESPONDENTS_EN = """\
fiscal_year,respondent_id,age,area,awareness,activity,satisfaction
FY2024,a1,30s,Itoi,Always conscious,Not interested,Satisfied
2024,a2,45,Misono,Rather conscious,Interested but never took part,Neither
2024,a3,70+,Numanohata-kita,Hardly conscious,Interested and taking part (or took part before),Rather dissatisfied
2024,a4,,,No answer,No answer,No answer
"""


def long_table() -> str:
    """FY2024 counts, one line per (year, question, answer), a 合計 line, another question."""
    counts = answer_counts(2024)
    names = {"awareness": "防犯に関する意識", "activity": "地域の防犯活動", "satisfaction": "地域の安全についての満足度"}
    lines = ["年度,設問,回答,人数"]
    for question, name in names.items():
        for answer, n in counts[question].items():
            lines.append(f'2024,{name},"{answer}",{n:,}' if n >= 1000 else f'2024,{name},"{answer}",{n}')
        lines.append(f"2024,{name},合計,1000")
    lines += ["2024,問9 地域の治安,良い,400", "2024,問9 地域の治安,悪い,600"]
    return "\n".join(lines) + "\n"


def wide_table() -> str:
    """FY2019 counts, rows = choice numbers 1..5, 無回答, 合計; a column per question."""
    counts = answer_counts(2019)
    vocab = {"awareness": AWARENESS_ANSWERS, "activity": ACTIVITY_ANSWERS, "satisfaction": SATISFACTION_ANSWERS}
    lines = ["令和元年度 市民アンケート 単純集計", "選択肢,防犯意識,防犯活動,満足度"]
    for number in range(1, 6):
        cells = []
        for question in ("awareness", "activity", "satisfaction"):
            choices = [a for a in vocab[question] if a != NO_ANSWER]
            cells.append(str(counts[question][choices[number - 1]]) if number <= len(choices) else "")
        lines.append(",".join([str(number), *cells]))
    lines.append(",".join(["無回答", *(str(counts[q][NO_ANSWER]) for q in ("awareness", "activity", "satisfaction"))]))
    lines.append("合計,1000,1000,1000")
    return "\n".join(lines) + "\n"


UNKNOWN_ANSWERS = """\
年度,ID,年代,地区,防犯意識,防犯活動,満足度
2024,1,30代,糸井,常に意識している,関心はない,満足している
2024,2,40代,美園,はい,関心はない,満足している
2024,3,50代,木場,常に意識している,たまに,満足している
2024,4,60代,駅前,はい,関心はない,9
2024,5,70代,錦岡,どちらかといえば意識している,関心はない,不満
"""

DUPLICATE_IDS = """\
年度,ID,防犯意識,防犯活動,満足度
2024,1,常に意識している,関心はない,満足している
2024,2,常に意識している,関心はない,満足している
2024,1,どちらかといえば意識している,関心はない,不満
2019,1,常に意識している,関心はない,満足している
"""

NO_QUESTIONS = """\
町名,人口,世帯数
表町,1200,640
錦町,800,410
"""

HTML = """\
<!DOCTYPE html>
<html lang="ja"><head><title>市民アンケート</title></head>
<body><a href="survey.csv">防犯意識,防犯活動,満足度</a></body></html>
"""


def main() -> None:
    write("respondents_ja_cp932.csv", RESPONDENTS_JA, "cp932")
    write("respondents_numbered_2019.tsv", RESPONDENTS_NUMBERED, "utf-8", "\n")
    write("respondents_en_bom.csv", RESPONDENTS_EN, "utf-8-sig")
    write("aggregated_long.csv", long_table(), "cp932")
    write("aggregated_wide_R1.csv", wide_table(), "utf-8")
    write("unknown_answers.csv", UNKNOWN_ANSWERS)
    write("duplicate_ids.csv", DUPLICATE_IDS)
    write("no_questions.csv", NO_QUESTIONS)
    write("page.csv", HTML, "utf-8", "\n")
    (HERE / "empty.csv").write_bytes(b"")
    # a PNG header and NUL bytes: not text
    (HERE / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)


if __name__ == "__main__":
    main()
