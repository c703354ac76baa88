"""The sample citizen survey reproduces the plan's shares exactly and is otherwise plausible."""
from __future__ import annotations

import pandas as pd
import pytest

from bohan.build.survey import answer_counts, build_survey

AREAS = [
    "糸井", "美園", "木場", "駅前", "沼ノ端北", "沼ノ端",
    "錦岡", "双葉", "弥生", "本町", "山手", "勇払",
]  # fmt: skip

AGE_BANDS = {"18〜29歳", "30歳代", "40歳代", "50歳代", "60歳代", "70歳以上"}
AWARENESS = {
    "常に意識している", "どちらかといえば意識している", "あまり意識していない",
    "まったく意識していない", "無回答",
}  # fmt: skip
PARTICIPATING = "関心はあるし、活動に参加している（過去には参加したことがある）"
ACTIVITY = {
    PARTICIPATING,
    "関心はあるが、活動に参加していない（過去にも参加したことはない）",
    "関心はない",
    "無回答",
}
SATISFACTION = {
    "満足している", "どちらかといえば満足している", "どちらともいえない",
    "どちらかといえば不満", "不満", "無回答",
}  # fmt: skip
SATISFIED = ["満足している", "どちらかといえば満足している"]


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return build_survey(AREAS)


def share_pct(frame: pd.DataFrame, fiscal_year: int, column: str, answers: list[str]) -> float:
    """Percent of all respondents of a wave (無回答 included) giving one of ``answers``."""
    wave = frame[frame["fiscal_year"] == fiscal_year]
    return round(100 * wave[column].isin(answers).sum() / len(wave), 1)


def test_survey_columns(survey):
    """The frame has exactly the agreed columns, in order."""
    assert list(survey.columns) == [
        "fiscal_year", "respondent_id", "age_band", "area",
        "awareness", "activity", "satisfaction", "source",
    ]  # fmt: skip


def test_survey_has_1000_respondents_per_wave(survey):
    """Three waves, FY2014, FY2019 and FY2024, of 1,000 respondents each."""
    assert survey["fiscal_year"].value_counts().sort_index().to_dict() == {
        2014: 1000, 2019: 1000, 2024: 1000,
    }  # fmt: skip
    assert survey["fiscal_year"].dtype == "int64"


def test_survey_respondent_ids_are_unique_and_formatted(survey):
    """Respondent ids run FY<year>-0001 … FY<year>-1000 within each wave."""
    assert survey["respondent_id"].is_unique
    first = survey.groupby("fiscal_year")["respondent_id"].first().to_dict()
    last = survey.groupby("fiscal_year")["respondent_id"].last().to_dict()
    assert first == {2014: "FY2014-0001", 2019: "FY2019-0001", 2024: "FY2024-0001"}
    assert last == {2014: "FY2014-1000", 2019: "FY2019-1000", 2024: "FY2024-1000"}


@pytest.mark.parametrize(
    ("column", "vocabulary"),
    [
        ("age_band", AGE_BANDS),
        ("area", set(AREAS)),
        ("awareness", AWARENESS),
        ("activity", ACTIVITY),
        ("satisfaction", SATISFACTION),
        ("source", {"sample"}),
    ],
)
def test_survey_column_vocabulary(survey, column, vocabulary):
    """Each answer column holds only its agreed vocabulary, and no missing values."""
    assert survey[column].notna().all()
    assert set(survey[column]) <= vocabulary


def test_survey_uses_every_answer(survey):
    """Every age band, area and answer occurs at least once."""
    assert set(survey["age_band"]) == AGE_BANDS
    assert set(survey["area"]) == set(AREAS)
    assert set(survey["awareness"]) == AWARENESS
    assert set(survey["activity"]) == ACTIVITY
    assert set(survey["satisfaction"]) == SATISFACTION


@pytest.mark.parametrize(
    ("fiscal_year", "always", "rather", "subtotal"),
    [(2024, 53.3, 39.3, 92.6), (2019, 44.8, 48.9, 93.7), (2014, 34.9, 51.9, 86.8)],
)
def test_survey_awareness_reproduces_plan(survey, fiscal_year, always, rather, subtotal):
    """Awareness shares equal the plan's table exactly, subtotal included."""
    assert share_pct(survey, fiscal_year, "awareness", ["常に意識している"]) == always
    assert share_pct(survey, fiscal_year, "awareness", ["どちらかといえば意識している"]) == rather
    both = ["常に意識している", "どちらかといえば意識している"]
    assert share_pct(survey, fiscal_year, "awareness", both) == subtotal


def test_survey_awareness_counts_are_exact(survey):
    """Awareness counts are 533 + 393, 448 + 489 and 349 + 519 respondents."""
    counts = survey.groupby("fiscal_year")["awareness"].value_counts()
    assert (counts[2024]["常に意識している"], counts[2024]["どちらかといえば意識している"]) == (533, 393)
    assert (counts[2019]["常に意識している"], counts[2019]["どちらかといえば意識している"]) == (448, 489)
    assert (counts[2014]["常に意識している"], counts[2014]["どちらかといえば意識している"]) == (349, 519)


def test_survey_activity_participation_reproduces_plan(survey):
    """Exactly 115 FY2024 respondents (11.5 %) are interested and take part."""
    wave = survey[survey["fiscal_year"] == 2024]
    assert (wave["activity"] == PARTICIPATING).sum() == 115
    assert share_pct(survey, 2024, "activity", [PARTICIPATING]) == 11.5


def test_survey_satisfaction_reproduces_plan(survey):
    """Satisfied respondents are exactly 144 in FY2019 and 186 in FY2024 (14.4 %, 18.6 %)."""
    satisfied = survey[survey["satisfaction"].isin(SATISFIED)]
    counts = satisfied["fiscal_year"].value_counts()
    assert (counts[2019], counts[2024]) == (144, 186)
    assert share_pct(survey, 2019, "satisfaction", SATISFIED) == 14.4
    assert share_pct(survey, 2024, "satisfaction", SATISFIED) == 18.6


def test_survey_satisfaction_2014_is_plausible(survey):
    """FY2014 satisfaction is a plausible sample value below FY2019's 14.4 %."""
    assert 10.0 <= share_pct(survey, 2014, "satisfaction", SATISFIED) < 14.4


def test_survey_counts_equal_answer_counts(survey):
    """Every answer's count per wave equals answer_counts, and each question sums to 1,000."""
    for fiscal_year in (2014, 2019, 2024):
        wave = survey[survey["fiscal_year"] == fiscal_year]
        for question, counts in answer_counts(fiscal_year).items():
            assert sum(counts.values()) == 1000
            assert wave[question].value_counts().to_dict() == {
                answer: n for answer, n in counts.items() if n > 0
            }, (fiscal_year, question)


def test_survey_build_is_deterministic():
    """Two builds with the same arguments give identical frames."""
    pd.testing.assert_frame_equal(build_survey(AREAS), build_survey(AREAS))


def test_survey_seed_changes_sample_not_totals():
    """Another seed deals answers differently but keeps the plan's totals."""
    other = build_survey(AREAS, seed=1)
    assert not other.equals(build_survey(AREAS))
    assert share_pct(other, 2024, "awareness", ["常に意識している"]) == 53.3
    assert share_pct(other, 2024, "activity", [PARTICIPATING]) == 11.5
    assert share_pct(other, 2019, "satisfaction", SATISFIED) == 14.4


def test_survey_age_gradient_in_awareness(survey):
    """In every wave, 70歳以上 are more aware than 18〜29歳."""
    aware = survey["awareness"].isin(["常に意識している", "どちらかといえば意識している"])
    by_age = aware.groupby([survey["fiscal_year"], survey["age_band"]]).mean().unstack()
    assert (by_age["70歳以上"] > by_age["18〜29歳"]).all()
    always = survey["awareness"].eq("常に意識している")
    by_age_always = always.groupby([survey["fiscal_year"], survey["age_band"]]).mean().unstack()
    assert (by_age_always["70歳以上"] > by_age_always["18〜29歳"]).all()


def test_survey_age_gradient_in_activity(survey):
    """In every wave, 70歳以上 take part in community activity more than 18〜29歳."""
    active = survey["activity"].eq(PARTICIPATING)
    by_age = active.groupby([survey["fiscal_year"], survey["age_band"]]).mean().unstack()
    assert (by_age["70歳以上"] > by_age["18〜29歳"]).all()


def test_survey_older_bands_answer_more(survey):
    """Older bands are more frequent, as in Japanese mail surveys."""
    counts = survey.groupby("fiscal_year")["age_band"].value_counts().unstack()
    assert (counts["70歳以上"] > counts["18〜29歳"]).all()
    assert (counts["60歳代"] > counts["30歳代"]).all()


def test_survey_larger_areas_have_more_respondents(survey):
    """A large area (糸井) has more respondents than a small one (勇払)."""
    counts = survey["area"].value_counts()
    assert counts["糸井"] > 2 * counts["勇払"]


def test_survey_accepts_other_area_lists():
    """Areas outside the known list work and are the only areas used."""
    frame = build_survey(["北", "南"])
    assert set(frame["area"]) == {"北", "南"}
    assert share_pct(frame, 2014, "awareness", ["常に意識している"]) == 34.9


@pytest.mark.parametrize("areas", [[], ["糸井", "糸井"], ["糸井", ""]])
def test_survey_rejects_bad_areas(areas):
    """Empty, repeated or blank area names raise ValueError."""
    with pytest.raises(ValueError):
        build_survey(areas)


def test_survey_answer_counts_rejects_unknown_wave():
    """A fiscal year without a survey wave raises ValueError."""
    with pytest.raises(ValueError):
        answer_counts(2020)
