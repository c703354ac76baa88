"""Sample citizen survey (市民アンケート調査), one row per respondent.

The plan publishes only a few shares of the city's citizen survey. This module makes a
*sample* respondent-level survey of three waves (FY2014, FY2019, FY2024; 1,000 respondents
each) that reproduces every one of those shares exactly and fills in the rest plausibly:

- awareness of crime prevention (防犯に関する意識): "always" and "rather" conscious, every
  wave (:data:`bohan.build.plan.AWARENESS`);
- community crime-prevention activity (地域の防犯活動): "interested and taking part", FY2024
  (:data:`bohan.build.plan.ACTIVITY_PARTICIPATING_PCT`);
- satisfaction with local safety (地域の安全についての市民満足度): 満足している +
  どちらかといえば満足している, FY2019 and FY2024 (:data:`bohan.build.plan.SATISFACTION`).

A share is a count over *all* respondents of the wave, 無回答 included, in percent. With
1,000 respondents a wave every share is a whole number of tenths of a point, so the plan's
figures (printed to 0.1 point) come out exactly.

How the sample is made: the number of respondents giving each answer is fixed first (from the
plan where it says, from the constants below where it does not); then those answers are dealt
out to respondents in order of a noisy score that rises with age and moves a little by area,
so that older respondents are more aware and more active while the totals stay exact.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import numpy as np
import pandas as pd

from bohan.build import plan

SOURCE: Final = "sample"
DEFAULT_SEED: Final = 20250301
N_PER_WAVE: Final = 1000
FISCAL_YEARS: Final[tuple[int, ...]] = plan.SURVEY_FISCAL_YEARS

NO_ANSWER: Final = plan.NO_ANSWER

AGE_BANDS: Final[tuple[str, ...]] = ("18〜29歳", "30歳代", "40歳代", "50歳代", "60歳代", "70歳以上")

# Answer vocabularies, most positive first, 無回答 last.
AWARENESS_ANSWERS: Final[tuple[str, ...]] = (
    plan.AWARENESS_ALWAYS,
    plan.AWARENESS_RATHER,
    "あまり意識していない",
    "まったく意識していない",
    NO_ANSWER,
)
ACTIVITY_ANSWERS: Final[tuple[str, ...]] = plan.ACTIVITY_ANSWERS
SATISFACTION_ANSWERS: Final[tuple[str, ...]] = (
    "満足している",
    "どちらかといえば満足している",
    "どちらともいえない",
    "どちらかといえば不満",
    "不満",
    NO_ANSWER,
)
# The plan's satisfaction indicator counts these two answers as "satisfied".
SATISFIED_ANSWERS: Final[tuple[str, ...]] = SATISFACTION_ANSWERS[:2]

COLUMNS: Final[tuple[str, ...]] = (
    "fiscal_year", "respondent_id", "age_band", "area",
    "awareness", "activity", "satisfaction", "source",
)  # fmt: skip

# --- sample-only assumptions (the plan gives none of these) ------------------------------
# Share of respondents by age band, percent. Mail surveys in Japan draw older respondents
# more than younger ones, and more so in each later wave as the city ages.
AGE_SHARES_PCT: Final[dict[int, tuple[float, ...]]] = {
    2014: (9.0, 13.0, 15.0, 17.0, 24.0, 22.0),
    2019: (8.0, 11.0, 15.0, 16.0, 22.0, 28.0),
    2024: (7.0, 10.0, 14.0, 16.0, 19.0, 34.0),
}
# Relative number of respondents by police-box area, roughly the population each box
# serves. Areas not listed here get weight 1.0.
AREA_WEIGHTS: Final[dict[str, float]] = {
    "糸井": 1.6, "美園": 1.3, "沼ノ端北": 1.2, "木場": 1.1, "錦岡": 1.1, "沼ノ端": 1.0,
    "山手": 1.0, "双葉": 0.9, "弥生": 0.9, "駅前": 0.7, "本町": 0.6, "勇払": 0.3,
}  # fmt: skip

# Counts per wave of the answers the plan does not give; 無回答 takes what is left.
_AWARENESS_LOW: Final[dict[int, tuple[int, int]]] = {  # あまり, まったく
    2014: (102, 13), 2019: (48, 6), 2024: (58, 6),
}  # fmt: skip
_ACTIVITY_PARTICIPATING_EARLIER: Final[dict[int, int]] = {2014: 141, 2019: 128}
_ACTIVITY_REST: Final[dict[int, tuple[int, int]]] = {  # 関心はあるが不参加, 関心はない
    2014: (530, 285), 2019: (545, 285), 2024: (560, 290),
}  # fmt: skip
_SATISFIED_2014_PCT: Final = 12.6  # no plan figure for FY2014; below FY2019's 14.4
_SATISFACTION_VERY: Final[dict[int, int]] = {2014: 18, 2019: 22, 2024: 31}  # 満足している
_SATISFACTION_REST: Final[dict[int, tuple[int, int, int]]] = {  # neutral, rather not, not
    2014: (470, 245, 118), 2019: (468, 232, 110), 2024: (452, 218, 96),
}  # fmt: skip

# Score effects (in standard deviations of the per-answer noise).
_AGE_EFFECT: Final = np.linspace(-0.9, 0.9, len(AGE_BANDS))  # older: more aware, active
_AGE_EFFECT_SATISFACTION: Final = np.linspace(-0.2, 0.2, len(AGE_BANDS))
_AREA_SD: Final = 0.15  # "a little by area"
_HIGH_CRIME_PENALTY: Final = 0.25  # satisfaction, top police box; less for lower ranks


def _count(pct: float) -> int:
    """Respondents out of :data:`N_PER_WAVE` that make ``pct`` percent, exactly."""
    count = round(pct * N_PER_WAVE / 100)
    if abs(count * 100 / N_PER_WAVE - pct) > 1e-9:
        raise ValueError(f"{pct} % is not a whole number of respondents out of {N_PER_WAVE}")
    return count


def _with_no_answer(answers: Sequence[str], counts: Sequence[int]) -> dict[str, int]:
    """Map answers to counts, giving 無回答 (the last answer) whatever is left of the wave."""
    rest = N_PER_WAVE - sum(counts)
    if rest < 0:
        raise ValueError(f"answer counts {list(counts)} exceed {N_PER_WAVE}")
    return dict(zip(answers, [*counts, rest], strict=True))


def answer_counts(fiscal_year: int) -> dict[str, dict[str, int]]:
    """Exact number of respondents per answer in one wave of the sample survey.

    Parameters
    ----------
    fiscal_year : int
        One of :data:`FISCAL_YEARS`.

    Returns
    -------
    dict
        ``{"awareness": {answer: n}, "activity": {...}, "satisfaction": {...}}``; each inner
        dict covers the question's whole vocabulary in order and sums to
        :data:`N_PER_WAVE`. Where the plan gives a share, the count is that share of
        :data:`N_PER_WAVE`.
    """
    if fiscal_year not in FISCAL_YEARS:
        raise ValueError(f"no survey wave in FY{fiscal_year}; waves: {FISCAL_YEARS}")
    aware = plan.AWARENESS[fiscal_year]
    awareness = _with_no_answer(
        AWARENESS_ANSWERS,
        [
            _count(aware[plan.AWARENESS_ALWAYS]),
            _count(aware[plan.AWARENESS_RATHER]),
            *_AWARENESS_LOW[fiscal_year],
        ],
    )
    if fiscal_year == plan.ACTIVITY_FISCAL_YEAR:
        participating = _count(plan.ACTIVITY_PARTICIPATING_PCT)
    else:
        participating = _ACTIVITY_PARTICIPATING_EARLIER[fiscal_year]
    activity = _with_no_answer(
        ACTIVITY_ANSWERS, [participating, *_ACTIVITY_REST[fiscal_year]]
    )
    satisfied = _count(plan.SATISFACTION.get(fiscal_year, _SATISFIED_2014_PCT))
    very = _SATISFACTION_VERY[fiscal_year]
    satisfaction = _with_no_answer(
        SATISFACTION_ANSWERS, [very, satisfied - very, *_SATISFACTION_REST[fiscal_year]]
    )
    return {"awareness": awareness, "activity": activity, "satisfaction": satisfaction}


def _deal(
    counts: Mapping[str, int],
    score: np.ndarray,
    no_answer_weight: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Give each respondent one answer so that every answer is given exactly ``counts`` times.

    無回答 goes to respondents drawn at random (weighted by ``no_answer_weight``); the other
    answers, listed most positive first, go out in order of decreasing ``score``.
    """
    n = len(score)
    answers = np.empty(n, dtype=object)
    n_missing = counts.get(NO_ANSWER, 0)
    p_missing = no_answer_weight / no_answer_weight.sum()
    missing = rng.choice(n, size=n_missing, replace=False, p=p_missing)
    answered = np.setdiff1d(np.arange(n), missing)
    answers[missing] = NO_ANSWER
    ranked = answered[np.argsort(-score[answered], kind="stable")]
    labels = [answer for answer in counts if answer != NO_ANSWER]
    answers[ranked] = np.repeat(labels, [counts[answer] for answer in labels])
    return answers


def build_survey(areas: list[str], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Build the sample citizen survey: three waves of 1,000 respondents each.

    Parameters
    ----------
    areas : list of str
        Area names respondents live in: the police-box short names (糸井, 美園, …). Areas
        in :data:`AREA_WEIGHTS` get respondents in proportion to their weight, others
        weight 1.0.
    seed : int, default 20250301
        Seed for :func:`numpy.random.default_rng`; the same arguments give the same frame.

    Returns
    -------
    pandas.DataFrame
        3,000 rows ordered by ``fiscal_year`` and ``respondent_id``, columns as in
        :data:`COLUMNS`:

        - ``fiscal_year`` (int64): 2014, 2019 or 2024.
        - ``respondent_id`` (str): ``FY2024-0001`` … ``FY2024-1000``.
        - ``age_band`` (str): one of :data:`AGE_BANDS`.
        - ``area`` (str): one of ``areas``.
        - ``awareness``, ``activity``, ``satisfaction`` (str): one of
          :data:`AWARENESS_ANSWERS`, :data:`ACTIVITY_ANSWERS`,
          :data:`SATISFACTION_ANSWERS`.
        - ``source`` (str): always ``sample``.

        Per wave, the count of each answer equals :func:`answer_counts`, so the plan's
        shares come out exactly as count / 1,000.

    Raises
    ------
    ValueError
        If ``areas`` is empty, repeats a name, or holds an empty name.
    """
    if not areas:
        raise ValueError("areas must name at least one area")
    if len(set(areas)) != len(areas) or not all(isinstance(a, str) and a for a in areas):
        raise ValueError(f"areas must be distinct, non-empty names: {areas!r}")
    rng = np.random.default_rng(seed)
    area_names = np.array(areas, dtype=object)
    area_weight = np.array([AREA_WEIGHTS.get(a, 1.0) for a in areas])
    # A small, seed-fixed lean per area, the same in every wave.
    area_lean = rng.normal(0.0, _AREA_SD, len(areas))
    koban_rank = {koban: rank for rank, koban in enumerate(plan.KOBAN_ORDER_2023)}
    n_top = len(plan.KOBAN_ORDER_2023)
    # Where the plan says most offences happen, people feel a little less safe.
    area_safety = np.array(
        [
            -_HIGH_CRIME_PENALTY * (n_top - koban_rank[a]) / n_top if a in koban_rank else 0.0
            for a in areas
        ]
    )
    waves = []
    for fiscal_year in FISCAL_YEARS:
        n = N_PER_WAVE
        age_p = np.array(AGE_SHARES_PCT[fiscal_year]) / 100
        age_idx = rng.choice(len(AGE_BANDS), size=n, p=age_p / age_p.sum())
        area_idx = rng.choice(len(areas), size=n, p=area_weight / area_weight.sum())
        # A respondent's own interest in safety, shared by the awareness and activity answers.
        trait = rng.normal(0.0, 0.6, n)
        base = _AGE_EFFECT[age_idx] + area_lean[area_idx] + trait
        # Older respondents leave questions blank a little more often.
        no_answer_weight = 1.0 + 0.2 * age_idx
        counts = answer_counts(fiscal_year)
        awareness = _deal(
            counts["awareness"], base + rng.normal(0.0, 1.0, n), no_answer_weight, rng
        )
        activity = _deal(
            counts["activity"], base + rng.normal(0.0, 1.0, n), no_answer_weight, rng
        )
        satisfaction_score = (
            _AGE_EFFECT_SATISFACTION[age_idx]
            + area_safety[area_idx]
            + area_lean[area_idx]
            + rng.normal(0.0, 1.0, n)
        )
        satisfaction = _deal(counts["satisfaction"], satisfaction_score, no_answer_weight, rng)
        waves.append(
            pd.DataFrame(
                {
                    "fiscal_year": np.full(n, fiscal_year, dtype="int64"),
                    "respondent_id": [f"FY{fiscal_year}-{i:04d}" for i in range(1, n + 1)],
                    "age_band": np.array(AGE_BANDS, dtype=object)[age_idx],
                    "area": area_names[area_idx],
                    "awareness": awareness,
                    "activity": activity,
                    "satisfaction": satisfaction,
                    "source": SOURCE,
                },
                columns=list(COLUMNS),
            )
        )
    frame = pd.concat(waves, ignore_index=True)
    for column in COLUMNS[1:]:
        frame[column] = frame[column].astype("str")
    return frame
