"""The survey page's figures (``pages/5_survey.py``): shares with intervals, by wave, age band
and area; the plan's awareness table; offences per 1,000 residents by police-box area; and
"perception vs reality" (satisfaction against recorded crime). Plain Python: no Streamlit.

Every share is a count over *all* respondents of the wave (or group), 無回答 included, in
percent: that is how the plan's figures (awareness 53.3 / 39.3 / 92.6 … , community activity
11.5, satisfaction 14.4 and 18.6) are computed, and they come out exactly. Intervals are 95 %
Wilson score intervals (``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")``).

Inputs are the frames of the named queries ``survey/answers_by_wave``,
``survey/answers_by_group``, ``survey/offences_by_area`` and ``survey/plan_figures``; chart
builders return ``alt.Chart`` and map builders ``pydeck.Deck`` objects, so tests read them
without a browser.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from dataclasses import dataclass, field
from typing import Final, Literal

import altair as alt
import numpy as np
import pandas as pd
import pydeck as pdk
import shapely

from bohan.build import plan
from bohan.build.survey import (
    ACTIVITY_ANSWERS,
    AGE_BANDS,
    AWARENESS_ANSWERS,
    SATISFACTION_ANSWERS,
    SATISFIED_ANSWERS,
)  # fmt: skip
from bohan.charts import PALETTE
from bohan.i18n import Lang, t, tv, year_label
from bohan.maps import CompactDeck, _fit_view, _rgba, areas_geojson, polygon_rows

Question = Literal["awareness", "activity", "satisfaction"]
Dimension = Literal["age_band", "area"]
QUESTIONS: Final[tuple[Question, ...]] = ("awareness", "activity", "satisfaction")
DIMENSIONS: Final[tuple[Dimension, ...]] = ("age_band", "area")

#: The answers that count as "yes" for each question's headline share (as the plan counts).
POSITIVE: Final[dict[Question, tuple[str, ...]]] = {
    "awareness": (plan.AWARENESS_ALWAYS, plan.AWARENESS_RATHER),
    "activity": (plan.ACTIVITY_PARTICIPATING,),
    "satisfaction": tuple(SATISFIED_ANSWERS),
}
#: Every answer of each question, in questionnaire order (無回答 last).
ANSWERS: Final[dict[Question, tuple[str, ...]]] = {
    "awareness": tuple(AWARENESS_ANSWERS),
    "activity": tuple(ACTIVITY_ANSWERS),
    "satisfaction": tuple(SATISFACTION_ANSWERS),
}
#: Catalogue keys of the stored (Japanese) answers, for English labels.
ANSWER_KEYS: Final[dict[str, str]] = {
    **dict(zip(AWARENESS_ANSWERS, ("always", "rather", "little", "never", "no_answer"), strict=True)),
    **dict(zip(ACTIVITY_ANSWERS, ("taking_part", "interested_only", "not_interested", "no_answer"), strict=True)),
    **dict(
        zip(
            SATISFACTION_ANSWERS,
            ("satisfied", "rather_satisfied", "neutral", "rather_dissatisfied", "dissatisfied", "no_answer"),
            strict=True,
        )
    ),
}
AGE_KEYS: Final[dict[str, str]] = dict(zip(AGE_BANDS, ("18_29", "30s", "40s", "50s", "60s", "70plus"), strict=True))

CI_LEVEL: Final = 0.95
CI_METHOD: Final = "wilson"
SMALL_N: Final = 30  # groups with fewer respondents are flagged (shown, not hidden)
MIN_COUNT: Final = 3  # FORMATS.md: no rate for counts under 3 ...
MIN_POPULATION: Final = 500  # ... or populations under 500
PER: Final = 1000  # rates per 1,000 residents

# Sequential single-hue ramps (ColorBrewer, colour-blind-safe), lightest step dropped so
# that the first class stands apart from the grey of "no value".
SHARE_RAMP: Final[tuple[str, ...]] = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")  # Blues
RATE_RAMP: Final[tuple[str, ...]] = ("#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603")  # Oranges
NO_VALUE_FILL: Final = "#bdbdbd"
NO_VALUE_LINE: Final = "#505050"
AREA_LINE: Final = "#ffffff"
BOUNDARY_LINE: Final = "#333333"
LABEL_FONT: Final = "IPAexGothic, Noto Sans CJK JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif"


# --------------------------------------------------------------------------- labels


def answer_label(answer: str, lang: Lang) -> str:
    """A stored answer as shown: the stored Japanese, or its English."""
    key = ANSWER_KEYS.get(answer)
    return answer if key is None or lang == "ja" else t(f"survey.ans.{key}", lang)


def group_label(value: str, dimension: Dimension, lang: Lang) -> str:
    """An age band or an area (police box) as shown in ``lang``."""
    if dimension == "age_band":
        key = AGE_KEYS.get(value)
        return value if key is None or lang == "ja" else t(f"survey.age.{key}", lang)
    return tv(value, lang)


def wave_label(fiscal_year: int, lang: Lang) -> str:
    """``2024年度（令和6年度）`` / ``FY2024``."""
    return year_label(int(fiscal_year), lang, fiscal=True)


def source_label(source: str | None, lang: Lang) -> str:
    """A ``source`` column value as words: 'sample' becomes サンプルデータ / sample data."""
    if source is None or (isinstance(source, float) and math.isnan(source)):
        return "—"
    return ", ".join(
        t("survey.src.sample_word", lang) if s.strip() == "sample" else s.strip() for s in str(source).split(",")
    )


# --------------------------------------------------------------------------- shares


def wilson_interval(k: int, n: int, level: float = CI_LEVEL) -> tuple[float, float]:
    """Wilson score interval of a binomial proportion, as proportions (0-1).

    Parameters
    ----------
    k, n : int
        Respondents giving the answer, and all respondents (``0 <= k <= n``).
    level : float
        Confidence level (0.95).

    Returns
    -------
    (low, high) : tuple of float
        ``(nan, nan)`` when ``n == 0``.
    """
    from scipy.stats import binomtest

    k, n = int(k), int(n)
    if n <= 0:
        return float("nan"), float("nan")
    if not 0 <= k <= n:
        raise ValueError(f"k must be between 0 and n: k={k}, n={n}")
    ci = binomtest(k, n).proportion_ci(confidence_level=level, method=CI_METHOD)
    return float(ci.low), float(ci.high)


def _with_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Add share_pct, low_pct, high_pct (percent) and small (n < 30) to rows with k and n."""
    out = df.copy()
    bounds = [wilson_interval(k, n) for k, n in zip(out["k"], out["n"])]
    out["share_pct"] = np.where(out["n"] > 0, 100 * out["k"] / out["n"].where(out["n"] > 0, 1), np.nan)
    out["low_pct"] = [100 * lo for lo, _ in bounds]
    out["high_pct"] = [100 * hi for _, hi in bounds]
    out["small"] = out["n"] < SMALL_N
    return out


def _positive_counts(counts: pd.DataFrame, question: Question, keys: list[str], total: str) -> pd.DataFrame:
    if question not in POSITIVE:
        raise ValueError(f"unknown question {question!r}; choose one of {QUESTIONS}")
    rows = counts[counts["question"] == question]
    yes = rows["answer"].isin(POSITIVE[question])
    grouped = (
        rows.assign(k=np.where(yes, rows["n"], 0))
        .groupby(keys, sort=False, as_index=False)
        .agg(k=("k", "sum"), n=(total, "first"))
    )
    return grouped.astype({"k": "int64", "n": "int64"})


def wave_shares(by_wave: pd.DataFrame, question: Question) -> pd.DataFrame:
    """The question's headline share in each wave, with its 95 % Wilson interval.

    Parameters
    ----------
    by_wave : pandas.DataFrame
        Rows of ``survey/answers_by_wave`` (``fiscal_year, question, answer, n, n_wave``).
    question : {"awareness", "activity", "satisfaction"}
        awareness = 常に + どちらかといえば意識している; activity = 関心はあるし参加している;
        satisfaction = 満足している + どちらかといえば満足している.

    Returns
    -------
    pandas.DataFrame
        ``fiscal_year, question, k, n, share_pct, low_pct, high_pct, small`` by fiscal year.
        ``share_pct`` is exact (not rounded): 100 k / n over all respondents of the wave.
    """
    out = _positive_counts(by_wave, question, ["fiscal_year"], "n_wave")
    out = _with_shares(out.sort_values("fiscal_year").reset_index(drop=True))
    return out.assign(question=question)[
        ["fiscal_year", "question", "k", "n", "share_pct", "low_pct", "high_pct", "small"]
    ]


def group_shares(by_group: pd.DataFrame, question: Question, dimension: Dimension, fiscal_year: int) -> pd.DataFrame:
    """The question's share in each age band or area of one wave, with intervals and counts.

    Parameters
    ----------
    by_group : pandas.DataFrame
        Rows of ``survey/answers_by_group``.
    question : {"awareness", "activity", "satisfaction"}
    dimension : {"age_band", "area"}
    fiscal_year : int
        The wave.

    Returns
    -------
    pandas.DataFrame
        ``grp, k, n, share_pct, low_pct, high_pct, small``; age bands youngest first, areas
        by share (highest first). Groups with fewer than :data:`SMALL_N` respondents have
        ``small`` True: shown, with a wide interval, never dropped.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}; choose one of {DIMENSIONS}")
    rows = by_group[(by_group["dimension"] == dimension) & (by_group["fiscal_year"] == fiscal_year)]
    out = _with_shares(_positive_counts(rows, question, ["grp"], "n_group"))
    if dimension == "age_band":
        order = {band: i for i, band in enumerate(AGE_BANDS)}
        out = out.sort_values("grp", key=lambda s: s.map(order).fillna(len(order)))
    else:
        out = out.sort_values(["share_pct", "grp"], ascending=[False, True])
    return out.reset_index(drop=True)[["grp", "k", "n", "share_pct", "low_pct", "high_pct", "small"]]


AWARENESS_ROWS: Final[tuple[str, ...]] = ("always", "rather", "subtotal")


def awareness_table(by_wave: pd.DataFrame) -> pd.DataFrame:
    """The plan's table 防犯に関する意識: always / rather / subtotal × waves, newest first.

    Returns
    -------
    pandas.DataFrame
        Index ``always, rather, subtotal``; one column per fiscal year (2024, 2019, 2014 as
        the plan prints them); percent of all respondents of the wave, to 0.1 point. The
        subtotal is computed from the counts (not the sum of rounded shares).
    """
    rows = by_wave[by_wave["question"] == "awareness"]
    n = rows.groupby("fiscal_year")["n_wave"].first()
    count = (
        rows.pivot_table(index="answer", columns="fiscal_year", values="n", aggfunc="sum")
        .reindex([plan.AWARENESS_ALWAYS, plan.AWARENESS_RATHER])
        .fillna(0)
    )
    table = pd.DataFrame(
        {
            "always": count.loc[plan.AWARENESS_ALWAYS] / n * 100,
            "rather": count.loc[plan.AWARENESS_RATHER] / n * 100,
            "subtotal": count.sum() / n * 100,
        }
    ).T.round(1)
    table = table[sorted(table.columns, reverse=True)]
    table.columns = [int(c) for c in table.columns]
    return table.loc[list(AWARENESS_ROWS)]


def answer_distribution(by_wave: pd.DataFrame, question: Question) -> pd.DataFrame:
    """Every answer of the question by wave: ``answer, fiscal_year, n, n_wave, share_pct``,
    in questionnaire order (無回答 last), waves oldest first."""
    rows = by_wave[by_wave["question"] == question]
    waves = sorted(int(y) for y in rows["fiscal_year"].unique())
    grid = pd.MultiIndex.from_product([ANSWERS[question], waves], names=["answer", "fiscal_year"]).to_frame(index=False)
    totals = rows.groupby("fiscal_year", as_index=False)["n_wave"].first()
    out = grid.merge(rows[["answer", "fiscal_year", "n"]], on=["answer", "fiscal_year"], how="left").fillna({"n": 0})
    out = out.merge(totals, on="fiscal_year", how="left")
    out["n"] = out["n"].astype("int64")
    out["share_pct"] = (100 * out["n"] / out["n_wave"]).round(1)
    return out


def _plan_value(
    shares_by_question: dict[Question, pd.DataFrame], table: pd.DataFrame, figure_id: str, year: int
) -> float | None:
    parts = figure_id.split("_")
    if parts[0] == "awareness" and parts[1] in AWARENESS_ROWS and year in table.columns:
        return float(table.loc[parts[1], year])
    if parts[0] in ("activity", "satisfaction") and not figure_id.endswith("_target"):
        shares = shares_by_question[parts[0]]
        hit = shares[shares["fiscal_year"] == year]
        return round(float(hit["share_pct"].iloc[0]), 1) if len(hit) else None
    return None


def plan_check(by_wave: pd.DataFrame, plan_figures: pd.DataFrame) -> pd.DataFrame:
    """The plan's survey figures beside the same figures computed from the responses.

    Returns
    -------
    pandas.DataFrame
        ``figure_id, fiscal_year, plan_pct, survey_pct, match``: one row per plan figure
        that the survey can reproduce (targets are not survey results and are left out).
    """
    table = awareness_table(by_wave)
    shares = {q: wave_shares(by_wave, q) for q in QUESTIONS}
    rows = []
    for fid, value, year in plan_figures[["figure_id", "value", "year"]].itertuples(index=False):
        got = _plan_value(shares, table, fid, int(year))
        if fid.endswith("_target"):
            continue
        rows.append((fid, int(year), float(value), got, got is not None and abs(got - float(value)) < 1e-9))
    return pd.DataFrame(rows, columns=["figure_id", "fiscal_year", "plan_pct", "survey_pct", "match"])


# --------------------------------------------------------------------------- offences per 1,000


def offence_rates(
    offences: pd.DataFrame, min_count: int = MIN_COUNT, min_population: int = MIN_POPULATION
) -> pd.DataFrame:
    """Recorded offences per 1,000 residents by police-box area, withheld for small numbers.

    Parameters
    ----------
    offences : pandas.DataFrame
        Rows of ``survey/offences_by_area`` (``koban, n_offences, population, ...``).
    min_count, min_population : int
        FORMATS.md: no rate for counts under 3 or populations under 500.

    Returns
    -------
    pandas.DataFrame
        ``koban, n_offences, population, rate_per_1000, withheld``: ``rate_per_1000`` is
        ``n_offences / population * 1000`` (unrounded) or NaN when withheld; ``withheld``
        is ``""`` (shown), ``"count"``, ``"population"`` or ``"count_population"``.
    """
    out = offences[["koban", "n_offences", "population"]].copy()
    out["n_offences"] = pd.to_numeric(out["n_offences"], errors="coerce").fillna(0).astype("int64")
    pop = pd.to_numeric(out["population"], errors="coerce")
    few = out["n_offences"] < min_count
    small = pop.isna() | (pop < min_population)
    out["withheld"] = np.select([few & small, few, small], ["count_population", "count", "population"], "")
    out["rate_per_1000"] = np.where(out["withheld"] == "", out["n_offences"] / pop.where(pop > 0) * PER, np.nan)
    out["population"] = pop.astype("Int64")
    return out


def data_period(offences: pd.DataFrame) -> tuple[dt.date, dt.date, int] | None:
    """(first day, last day, whole months) of the incident data inside the chosen fiscal year;
    None when the data do not reach that year."""
    if offences.empty:
        return None
    start, end = pd.Timestamp(offences["period_start"].iloc[0]), pd.Timestamp(offences["period_end"].iloc[0])
    if pd.isna(start) or pd.isna(end) or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return start.date(), end.date(), int(months)


def perception(by_group: pd.DataFrame, offences: pd.DataFrame, fiscal_year: int) -> pd.DataFrame:
    """Satisfaction and recorded offences per 1,000 residents side by side, one row per area.

    Returns
    -------
    pandas.DataFrame
        ``koban, k, n, share_pct, low_pct, high_pct, small, n_offences, population,
        rate_per_1000, withheld``; every police box of ``offences`` (an area without
        respondents has n = 0 and no share). Ordered by rate, highest first, withheld last.
    """
    sat = group_shares(by_group, "satisfaction", "area", fiscal_year).rename(columns={"grp": "koban"})
    rates = offence_rates(offences)
    out = rates.merge(sat, on="koban", how="left")
    out["n"] = out["n"].fillna(0).astype("int64")
    out["k"] = out["k"].fillna(0).astype("int64")
    out["small"] = out["n"] < SMALL_N
    out = out.sort_values(["rate_per_1000", "koban"], ascending=[False, True], na_position="last")
    cols = [
        "koban",
        "k",
        "n",
        "share_pct",
        "low_pct",
        "high_pct",
        "small",
        "n_offences",
        "population",
        "rate_per_1000",
        "withheld",
    ]
    return out.reset_index(drop=True)[cols]


@dataclass(frozen=True)
class Gap:
    """An area off the line: its gap to the fitted satisfaction, in percentage points."""

    koban: str
    gap_pts: float
    beyond_noise: bool  # the fitted value lies outside the area's 95 % interval


@dataclass(frozen=True)
class Relation:
    """How satisfaction by area goes with recorded offences per 1,000 residents."""

    n_areas: int
    rho: float | None = None  # Spearman rank correlation
    p_value: float | None = None
    slope: float | None = None  # Theil-Sen line: satisfaction % per (offence per 1,000)
    intercept: float | None = None
    below: tuple[Gap, ...] = ()  # feel less safe than their recorded crime suggests
    above: tuple[Gap, ...] = ()  # feel safer than it suggests
    excluded: tuple[str, ...] = field(default_factory=tuple)  # no rate or no respondents


def relation(perc: pd.DataFrame, top: int = 3) -> Relation:
    """Spearman's rank correlation of satisfaction and offence rate across areas, and the
    areas furthest below and above a Theil-Sen line (robust to one odd area).

    Areas without a rate (withheld) or without respondents are left out and named in
    ``excluded``. With fewer than 3 areas left there is no correlation (``rho`` None).
    """
    from scipy import stats

    usable = perc[perc["rate_per_1000"].notna() & perc["share_pct"].notna() & (perc["n"] > 0)]
    excluded = tuple(perc.loc[~perc.index.isin(usable.index), "koban"])
    if len(usable) < 3 or usable["rate_per_1000"].nunique() < 2:
        return Relation(n_areas=len(usable), excluded=excluded)
    x, y = usable["rate_per_1000"].to_numpy(float), usable["share_pct"].to_numpy(float)
    rho, p = stats.spearmanr(x, y)
    slope, intercept, _, _ = stats.theilslopes(y, x)
    fitted = intercept + slope * x
    gaps = [
        Gap(str(k), float(g), bool(f > hi or f < lo))
        for k, g, f, lo, hi in zip(usable["koban"], y - fitted, fitted, usable["low_pct"], usable["high_pct"])
    ]
    below = tuple(sorted((g for g in gaps if g.gap_pts < 0), key=lambda g: g.gap_pts)[:top])
    above = tuple(sorted((g for g in gaps if g.gap_pts > 0), key=lambda g: -g.gap_pts)[:top])
    return Relation(len(usable), float(rho), float(p), float(slope), float(intercept), below, above, excluded)


def _strength(rho: float) -> str:
    r = abs(rho)
    return "none" if r < 0.2 else "weak" if r < 0.4 else "moderate" if r < 0.7 else "strong"


def _join(items: list[str], lang: Lang) -> str:
    return ("、" if lang == "ja" else ", ").join(items)


def relation_sentences(rel: Relation, lang: Lang) -> list[str]:
    """What the scatter says, in words generated from the data (one sentence a line)."""
    if rel.rho is None:
        return [t("survey.rel.too_few", lang, n=rel.n_areas)]
    direction = "neg" if rel.rho < 0 else "pos"
    lines = [
        t(
            "survey.rel.rho",
            lang,
            rho=rel.rho,
            p=rel.p_value,
            n=rel.n_areas,
            what=t(
                f"survey.rel.{_strength(rel.rho)}.{direction}" if _strength(rel.rho) != "none" else "survey.rel.none",
                lang,
            ),
        )
    ]
    for kind, gaps in (("below", rel.below), ("above", rel.above)):
        if not gaps:
            continue
        names = [t("survey.rel.gap", lang, area=tv(g.koban, lang), pts=g.gap_pts) for g in gaps]
        lines.append(t(f"survey.rel.{kind}", lang, areas=_join(names, lang)))
        beyond = [tv(g.koban, lang) for g in gaps if g.beyond_noise]
        lines.append(
            t("survey.rel.beyond", lang, areas=_join(beyond, lang)) if beyond else t("survey.rel.within", lang)
        )
    if rel.excluded:
        lines.append(t("survey.rel.excluded", lang, areas=_join([tv(k, lang) for k in rel.excluded], lang)))
    return lines


# --------------------------------------------------------------------------- URL choices


def pick(value, allowed, default):
    """``value`` if it is one of ``allowed`` (compared as text), else ``default``; and
    whether the value had to be refused (a bad link), for a note on screen."""
    if value is None or value == "":
        return default, False
    for a in allowed:
        if str(a) == str(value).strip():
            return a, False
    return default, True


# --------------------------------------------------------------------------- tables for the screen


def _fmt_pct(v) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 1)


def awareness_display(table: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The plan's table with its row and column labels (era years) in ``lang``."""
    shown = table.copy()
    shown.index = [t(f"survey.aw.{r}", lang) for r in table.index]
    shown.columns = [t("survey.col.pct_of", lang, what=wave_label(c, lang)) for c in table.columns]
    return shown.rename_axis(t("survey.col.answer", lang)).reset_index()


def check_message(check: pd.DataFrame, lang: Lang) -> tuple[bool, str]:
    """(all match, the sentence to show) for a :func:`plan_check` frame."""
    ok = bool(check["match"].all())
    differing = ", ".join(check.loc[~check["match"], "figure_id"])
    return ok, t("survey.check.ok" if ok else "survey.check.differs", lang, n=len(check), ids=differing)


def awareness_printed(table: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The plan's table as text, one decimal as the plan prints it, rows labelled (for ``st.table``)."""
    shown = awareness_display(table, lang)
    return shown.set_index(shown.columns[0]).map(lambda v: f"{v:.1f}")


def satisfaction_target(indicators: pd.DataFrame) -> tuple[int, float] | None:
    """(fiscal year, percent) of the plan's satisfaction target from ``home/plan_indicators``
    (25 % in FY2029), or None if the plan has no such indicator."""
    rows = indicators[indicators["indicator_id"] == "satisfaction"]
    if rows.empty or pd.isna(rows["target_value"].iloc[0]):
        return None
    return int(rows["target_year"].iloc[0]), float(rows["target_value"].iloc[0])


def share_in(shares: pd.DataFrame, fiscal_year: int) -> float | None:
    """The share of one wave from :func:`wave_shares` (None if the wave is not there)."""
    hit = shares.loc[shares["fiscal_year"] == fiscal_year, "share_pct"]
    return float(hit.iloc[0]) if len(hit) else None


def shares_display(df: pd.DataFrame, lang: Lang, first: tuple[str, str] | None = None) -> pd.DataFrame:
    """A shares frame (``k, n, share_pct, low_pct, high_pct, small``) with screen headers.

    ``first`` is (column, header) of the leading label column, if any.
    """
    cols = {}
    if first:
        cols[t(first[1], lang) if first[1].startswith("survey.") else first[1]] = df[first[0]]
    cols[t("survey.col.share", lang)] = df["share_pct"].map(_fmt_pct)
    cols[t("survey.col.low", lang)] = df["low_pct"].map(_fmt_pct)
    cols[t("survey.col.high", lang)] = df["high_pct"].map(_fmt_pct)
    cols[t("survey.col.k", lang)] = df["k"].astype("int64")
    cols[t("survey.col.n", lang)] = df["n"].astype("int64")
    cols[t("survey.col.note", lang)] = df["small"].map(lambda s: t("survey.small", lang, n=SMALL_N) if s else "")
    return pd.DataFrame(cols)


def waves_display(shares: dict[Question, pd.DataFrame], lang: Lang) -> pd.DataFrame:
    """Each question's share per wave (from :func:`wave_shares`), one row per question and wave."""
    parts = []
    for q, df in shares.items():
        body = shares_display(df, lang)
        body.insert(0, t("survey.axis.wave", lang), [wave_label(y, lang) for y in df["fiscal_year"]])
        body.insert(0, t("survey.col.question", lang), t(f"survey.q.{q}.short", lang))
        parts.append(body)
    return pd.concat(parts, ignore_index=True)


def withheld_reason(code: str, lang: Lang) -> str:
    """Why a rate is not shown (``""`` when it is)."""
    return t(f"survey.withheld.{code}", lang, count=MIN_COUNT, pop=MIN_POPULATION) if code else ""


def perception_display(perc: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The perception-vs-reality table with screen headers; withheld rates as "—" with why."""
    return pd.DataFrame(
        {
            t("survey.col.area", lang): perc["koban"].map(lambda v: tv(v, lang)),
            t("survey.col.satisfied", lang): perc["share_pct"].map(_fmt_pct),
            t("survey.col.low", lang): perc["low_pct"].map(_fmt_pct),
            t("survey.col.high", lang): perc["high_pct"].map(_fmt_pct),
            t("survey.col.n", lang): perc["n"].astype("int64"),
            t("survey.col.offences", lang): perc["n_offences"].astype("int64"),
            t("survey.col.population", lang): perc["population"],
            t("survey.col.rate", lang): [f"{r:.1f}" if pd.notna(r) else "—" for r in perc["rate_per_1000"]],
            t("survey.col.note", lang): [
                _join(
                    [x for x in (withheld_reason(w, lang), t("survey.small", lang, n=SMALL_N) if s else "") if x], lang
                )
                for w, s in zip(perc["withheld"], perc["small"])
            ],
        }
    )


def distribution_display(dist: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """All answers × waves: count and percent per wave, answers as shown in ``lang``."""
    wide = dist.pivot(index="answer", columns="fiscal_year", values=["n", "share_pct"])
    order = [a for a in dict.fromkeys(dist["answer"])]
    wide = wide.reindex(order)
    out = pd.DataFrame({t("survey.col.answer", lang): [answer_label(a, lang) for a in order]})
    for fy in sorted(dist["fiscal_year"].unique()):
        out[t("survey.col.pct_of", lang, what=wave_label(fy, lang))] = wide[("share_pct", fy)].to_numpy()
        out[t("survey.col.n_of", lang, what=wave_label(fy, lang))] = wide[("n", fy)].astype("int64").to_numpy()
    return out


# --------------------------------------------------------------------------- charts


def _titled(chart, title: str, subtitle: list[str]) -> alt.Chart:
    """Title with the source and period as subtitle lines, so an exported PNG carries them too."""
    return chart.properties(
        title=alt.Title(
            title, subtitle=list(subtitle), subtitleFontSize=12, subtitleColor="#444444", subtitlePadding=4, offset=8
        )
    )


def survey_source(by_wave: pd.DataFrame, lang: Lang, fiscal_years=None) -> list[str]:
    """Source lines of survey figures: ``["出典：苫小牧市 市民アンケート（サンプルデータ）",
    "2014・2019・2024年度、各年度の回答者 n=1,000"]`` and the like (short lines: chart subtitles)."""
    rows = by_wave if fiscal_years is None else by_wave[by_wave["fiscal_year"].isin(list(fiscal_years))]
    waves = rows.groupby("fiscal_year")["n_wave"].first()
    sources = sorted({s for v in rows.get("source", pd.Series(dtype=str)).dropna() for s in str(v).split(", ")})
    if len(waves) == 1:
        years = wave_label(int(waves.index[0]), lang)
    elif lang == "en":
        years = ", ".join(f"FY{int(y)}" for y in waves.index)
    else:
        years = "・".join(str(int(y)) for y in waves.index) + "年度"
    counts = {int(n) for n in waves.to_numpy()}
    same = len(counts) == 1
    ns = f"{min(counts):,}" if same else _join([f"{int(n):,}" for n in waves.to_numpy()], lang)
    key = "survey.src.waves.each" if len(waves) > 1 and same else "survey.src.waves"
    return [
        t("survey.src.survey", lang, source=source_label(", ".join(sources) or None, lang)),
        t(key, lang, years=years, n=ns),
    ]


def awareness_chart(table: pd.DataFrame, lang: Lang, source: list[str]) -> alt.Chart:
    """The plan's awareness table as stacked bars per wave (always + rather = subtotal)."""
    waves = sorted(table.columns)
    labels = {fy: wave_label(fy, lang) for fy in waves}
    always, rather = t("survey.aw.always", lang), t("survey.aw.rather", lang)
    df = pd.DataFrame(
        [
            {
                "wave": labels[fy],
                "fiscal_year": fy,
                "answer": name,
                "order": i,
                "share_pct": float(table.loc[row, fy]),
                "start": 0.0 if i == 0 else float(table.loc["always", fy]),
            }
            for fy in waves
            for i, (row, name) in enumerate((("always", always), ("rather", rather)))
        ]
    )
    df["end"] = df["start"] + df["share_pct"]
    df["mid"] = (df["start"] + df["end"]) / 2
    sub = pd.DataFrame(
        {"wave": [labels[fy] for fy in waves], "subtotal": [float(table.loc["subtotal", fy]) for fy in waves]}
    )
    sub["label"] = sub["subtotal"].map(lambda v: t("survey.aw.subtotal_label", lang, pct=v))
    y = alt.Y("wave:N", title=None, sort=[labels[fy] for fy in waves], axis=alt.Axis(labelLimit=260))
    x_title = t("survey.axis.share_all", lang)
    colour = alt.Color(
        "answer:N",
        title=None,
        sort=[always, rather],
        legend=alt.Legend(labelLimit=0, columns=1),
        scale=alt.Scale(domain=[always, rather], range=[PALETTE["blue"], PALETTE["sky"]]),
    )
    tip = [
        alt.Tooltip("wave:N", title=t("survey.axis.wave", lang)),
        alt.Tooltip("answer:N", title=t("survey.col.answer", lang)),
        alt.Tooltip("share_pct:Q", title=t("survey.col.share", lang), format=".1f"),
    ]
    bars = (
        alt.Chart(df)
        .mark_bar(height=34)
        .encode(
            y=y,
            x=alt.X("start:Q", title=x_title, scale=alt.Scale(domain=[0, 100])),
            x2="end:Q",
            color=colour,
            tooltip=tip,
        )
    )
    text = (
        alt.Chart(df)
        .mark_text(fontSize=15, fontWeight="bold")
        .encode(
            y=y,
            x="mid:Q",
            text=alt.Text("share_pct:Q", format=".1f"),
            color=alt.condition(alt.datum.order == 0, alt.value("white"), alt.value("#111111")),
        )
    )
    total = (
        alt.Chart(sub)
        .mark_text(align="left", dx=6, fontSize=15, fontWeight="bold")
        .encode(y=y, x="subtotal:Q", text="label:N")
    )
    return _titled(alt.layer(bars, text, total), t("survey.aw.chart_title", lang), source)


def wave_chart(
    shares: pd.DataFrame, question: Question, lang: Lang, source: list[str], target: tuple[int, float] | None = None
) -> alt.Chart:
    """Share per wave with its 95 % interval (bar) and value label; optionally the plan's
    target as a diamond (satisfaction: 25 % in FY2029)."""
    df = shares.assign(
        wave=[wave_label(y, lang) for y in shares["fiscal_year"]], label=[f"{v:.1f}%" for v in shares["share_pct"]]
    )
    last = max([int(df["fiscal_year"].max())] + ([target[0]] if target else []))
    x = alt.X(
        "fiscal_year:Q",
        title=t("survey.axis.wave", lang),
        scale=alt.Scale(domain=[int(df["fiscal_year"].min()) - 1, last + 1]),
        axis=alt.Axis(format="d", values=sorted({*df["fiscal_year"].astype(int), *([target[0]] if target else [])})),
    )
    top = max(float(df["high_pct"].max()), target[1] if target else 0)
    y_max = math.ceil(top / 10) * 10 + 5  # room for the value labels above the intervals
    y = alt.Y(
        "share_pct:Q",
        title=t("survey.axis.share", lang),
        scale=alt.Scale(domain=[0, y_max], nice=False),
        axis=alt.Axis(values=list(range(0, 101, 20 if y_max > 50 else 5))),
    )
    tip = [
        alt.Tooltip("wave:N", title=t("survey.axis.wave", lang)),
        alt.Tooltip("share_pct:Q", title=t("survey.col.share", lang), format=".1f"),
        alt.Tooltip("low_pct:Q", title=t("survey.col.low", lang), format=".1f"),
        alt.Tooltip("high_pct:Q", title=t("survey.col.high", lang), format=".1f"),
        alt.Tooltip("k:Q", title=t("survey.col.k", lang), format=","),
        alt.Tooltip("n:Q", title=t("survey.col.n", lang), format=","),
    ]
    layers = [
        alt.Chart(df).mark_line(color=PALETTE["blue"], strokeWidth=2, opacity=0.6).encode(x=x, y=y),
        alt.Chart(df)
        .mark_rule(color=PALETTE["blue"], strokeWidth=3)
        .encode(x=x, y="low_pct:Q", y2="high_pct:Q", tooltip=tip),
        alt.Chart(df).mark_point(filled=True, size=140, color=PALETTE["blue"], opacity=1).encode(x=x, y=y, tooltip=tip),
        alt.Chart(df).mark_text(dy=-18, fontSize=15, fontWeight="bold").encode(x=x, y="high_pct:Q", text="label:N"),
    ]
    if target:
        tdf = pd.DataFrame(
            {"fiscal_year": [target[0]], "share_pct": [target[1]], "label": [t("survey.target", lang, pct=target[1])]}
        )
        layers.append(
            alt.Chart(tdf)
            .mark_point(shape="diamond", filled=True, size=200, color=PALETTE["vermillion"])
            .encode(x=x, y=y)
        )
        layers.append(
            alt.Chart(tdf)
            .mark_text(dy=-16, fontSize=14, fontWeight="bold", color=PALETTE["vermillion"])
            .encode(x=x, y=y, text="label:N")
        )
    return _titled(alt.layer(*layers), t(f"survey.q.{question}.short", lang), source)


def group_chart(
    groups: pd.DataFrame,
    question: Question,
    dimension: Dimension,
    lang: Lang,
    source: list[str],
    overall_pct: float | None = None,
) -> alt.Chart:
    """Dot-and-interval chart of a question's share by age band or area, n beside each row;
    groups under :data:`SMALL_N` respondents drawn hollow and labelled, the whole wave's share
    as a dashed line."""
    small_word, big_word = t("survey.legend.small", lang, n=SMALL_N), t("survey.legend.big", lang, n=SMALL_N)
    df = groups.assign(
        label=[group_label(g, dimension, lang) for g in groups["grp"]],
        size_class=[small_word if s else big_word for s in groups["small"]],
        n_label=[f"n={n:,}" + (" ⚠" if s else "") for n, s in zip(groups["n"], groups["small"])],
        share_label=[f"{v:.1f}%" if pd.notna(v) else "—" for v in groups["share_pct"]],
    )
    order = list(df["label"])
    hi = float(np.nanmax(df["high_pct"])) if len(df) and df["high_pct"].notna().any() else 100.0
    x_max = min(100.0, math.ceil((hi + 15) / 10) * 10)
    y = alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=220))
    x = alt.X("share_pct:Q", title=t("survey.axis.share", lang), scale=alt.Scale(domain=[0, x_max]))
    tip = [
        alt.Tooltip("label:N", title=t(f"survey.dim.{dimension}", lang)),
        alt.Tooltip("share_pct:Q", title=t("survey.col.share", lang), format=".1f"),
        alt.Tooltip("low_pct:Q", title=t("survey.col.low", lang), format=".1f"),
        alt.Tooltip("high_pct:Q", title=t("survey.col.high", lang), format=".1f"),
        alt.Tooltip("k:Q", title=t("survey.col.k", lang)),
        alt.Tooltip("n:Q", title=t("survey.col.n", lang)),
    ]
    shape = alt.Shape(
        "size_class:N",
        title=None,
        legend=alt.Legend(labelLimit=0),
        scale=alt.Scale(domain=[big_word, small_word], range=["circle", "circle"]),
    )
    fill = alt.Fill(
        "size_class:N",
        title=None,
        legend=alt.Legend(labelLimit=0),
        scale=alt.Scale(domain=[big_word, small_word], range=[PALETTE["blue"], "white"]),
    )
    layers = [
        alt.Chart(df)
        .mark_rule(strokeWidth=3)
        .encode(
            y=y,
            x=alt.X("low_pct:Q", title=t("survey.axis.share", lang), scale=alt.Scale(domain=[0, x_max])),
            x2="high_pct:Q",
            color=alt.condition(alt.datum.small, alt.value(PALETTE["grey"]), alt.value(PALETTE["blue"])),
            tooltip=tip,
        ),
        alt.Chart(df)
        .mark_point(size=150, strokeWidth=2.5, opacity=1, color=PALETTE["blue"])
        .encode(y=y, x=x, shape=shape, fill=fill, tooltip=tip),
        alt.Chart(df)
        .mark_text(align="left", dx=6, fontSize=13, fontWeight="bold")
        .encode(y=y, x="high_pct:Q", text="share_label:N"),
        alt.Chart(df)
        .mark_text(align="right", dx=-4, fontSize=13, color="#333333")
        .encode(y=y, x=alt.value("width"), text="n_label:N"),
    ]
    if overall_pct is not None and not math.isnan(overall_pct):
        ref = pd.DataFrame({"share_pct": [overall_pct], "label": [t("survey.overall", lang, pct=overall_pct)]})
        layers.insert(
            0, alt.Chart(ref).mark_rule(strokeDash=[6, 4], strokeWidth=2, color=PALETTE["vermillion"]).encode(x=x)
        )
        layers.append(
            alt.Chart(ref)
            .mark_text(align="left", dx=4, y=-8, fontSize=13, fontWeight="bold", color=PALETTE["vermillion"])
            .encode(x=x, text="label:N")
        )
    title = t(
        "survey.group.chart_title",
        lang,
        question=t(f"survey.q.{question}.short", lang),
        dim=t(f"survey.dim.{dimension}", lang).lower(),
    )
    return _titled(alt.layer(*layers), title, source)


#: Label positions tried around a scatter point, in order: (name, dx, dy, align) in pixels.
LABEL_SPOTS: Final = (("ne", 9, -10, "left"), ("se", 9, 12, "left"), ("nw", -9, -10, "right"), ("sw", -9, 12, "right"))


def label_spots(
    xs, ys, labels, *, x_max: float, y_max: float, width_px: float = 760, height_px: float = 300
) -> list[str]:
    """Where to print each point's label (one of :data:`LABEL_SPOTS`' names) so that labels
    overlap neither each other nor the points, as far as the four spots allow.

    Greedy, left to right, in approximate pixels (plot ``width_px`` × ``height_px`` for
    ``[0, x_max]`` × ``[0, y_max]``; a character about 14 px wide for CJK, 8 px for Latin).
    """
    px = np.asarray(xs, dtype=float) / max(x_max, 1e-9) * width_px
    py = height_px - np.asarray(ys, dtype=float) / max(y_max, 1e-9) * height_px
    dots = [(x - 6, y - 6, x + 6, y + 6) for x, y in zip(px, py)]
    placed: list[tuple[float, float, float, float]] = []

    def box(i: int, spot) -> tuple[float, float, float, float]:
        _, dx, dy, align = spot
        w = sum(14 if ord(c) > 0x2E80 else 8 for c in str(labels[i]))
        x0 = px[i] + dx if align == "left" else px[i] + dx - w
        return x0, py[i] + dy - 8, x0 + w, py[i] + dy + 8

    def overlap(a, b) -> float:
        return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))

    spots = [""] * len(px)
    for i in np.argsort(px, kind="stable"):
        costs = []
        for spot in LABEL_SPOTS:
            b = box(i, spot)
            cost = sum(overlap(b, o) for o in placed) + sum(overlap(b, d) for j, d in enumerate(dots) if j != i)
            costs.append(cost)
        best = int(np.argmin(costs))  # the first spot wins ties, so "ne" when nothing is near
        spots[i] = LABEL_SPOTS[best][0]
        placed.append(box(i, LABEL_SPOTS[best]))
    return spots


def scatter(perc: pd.DataFrame, rel: Relation, lang: Lang, source: list[str]) -> alt.Chart:
    """Areas: satisfaction (with 95 % interval) against offences per 1,000 residents; the
    Theil-Sen line; areas well below it (feel less safe than their crime suggests) in
    vermillion. Areas without a rate are not plotted (named in the sentence below)."""
    usable = perc[perc["rate_per_1000"].notna() & perc["share_pct"].notna()].copy()
    below = {g.koban for g in rel.below}
    above = {g.koban for g in rel.above}
    kinds = {
        "below": t("survey.sc.below", lang),
        "above": t("survey.sc.above", lang),
        "other": t("survey.sc.other", lang),
    }
    usable["kind"] = [
        kinds["below"] if k in below else kinds["above"] if k in above else kinds["other"] for k in usable["koban"]
    ]
    usable["label"] = [tv(k, lang) + (" ⚠" if s else "") for k, s in zip(usable["koban"], usable["small"])]
    x_max = float(usable["rate_per_1000"].max()) * 1.1 if len(usable) else 1.0
    y_top = max(float(usable["high_pct"].max()) if len(usable) else 1.0, 1.0)
    usable["spot"] = label_spots(
        usable["rate_per_1000"].to_numpy(),
        usable["share_pct"].to_numpy(),
        list(usable["label"]),
        x_max=x_max,
        y_max=y_top * 1.05,
    )
    x = alt.X("rate_per_1000:Q", title=t("survey.axis.rate", lang), scale=alt.Scale(domain=[0, x_max], nice=True))
    y = alt.Y("share_pct:Q", title=t("survey.axis.satisfied", lang), scale=alt.Scale(zero=True))
    colour = alt.Color(
        "kind:N",
        title=None,
        legend=alt.Legend(labelLimit=0, columns=1, orient="right"),
        scale=alt.Scale(
            domain=[kinds["below"], kinds["above"], kinds["other"]],
            range=[PALETTE["vermillion"], PALETTE["green"], PALETTE["blue"]],
        ),
    )
    tip = [
        alt.Tooltip("label:N", title=t("survey.col.area", lang)),
        alt.Tooltip("share_pct:Q", title=t("survey.col.satisfied", lang), format=".1f"),
        alt.Tooltip("low_pct:Q", title=t("survey.col.low", lang), format=".1f"),
        alt.Tooltip("high_pct:Q", title=t("survey.col.high", lang), format=".1f"),
        alt.Tooltip("n:Q", title=t("survey.col.n", lang)),
        alt.Tooltip("rate_per_1000:Q", title=t("survey.col.rate", lang), format=".1f"),
        alt.Tooltip("n_offences:Q", title=t("survey.col.offences", lang), format=","),
    ]
    layers = []
    if rel.slope is not None:
        xs = np.linspace(0, x_max, 2)
        line = pd.DataFrame({"rate_per_1000": xs, "share_pct": rel.intercept + rel.slope * xs})
        layers.append(
            alt.Chart(line)
            .mark_line(strokeDash=[6, 4], color=PALETTE["grey"], strokeWidth=2, clip=True)
            .encode(x=x, y=y)
        )
    layers += [
        alt.Chart(usable)
        .mark_rule(strokeWidth=2, opacity=0.55)
        .encode(x=x, y="low_pct:Q", y2="high_pct:Q", color=colour),
        alt.Chart(usable).mark_point(filled=True, size=160, opacity=1).encode(x=x, y=y, color=colour, tooltip=tip),
    ]
    layers += [
        alt.Chart(usable[usable["spot"] == name])
        .mark_text(align=align, dx=dx, dy=dy, fontSize=14)
        .encode(x=x, y=y, text="label:N")
        for name, dx, dy, align in LABEL_SPOTS
        if (usable["spot"] == name).any()
    ]
    return _titled(alt.layer(*layers), t("survey.sc.title", lang), source)


# --------------------------------------------------------------------------- maps


def nice_step(span: float, n_classes: int) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k that splits ``span`` into at most ``n_classes``."""
    if span <= 0:
        return 1.0
    raw = span / n_classes
    exp = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if m * exp >= raw - 1e-12:
            return m * exp
    return 10 * exp


def class_breaks(values, n_classes: int = 4) -> list[float]:
    """Lower bounds of equal, nicely rounded classes covering the values (NaN ignored).

    Class *i* is ``breaks[i] <= v < breaks[i+1]``; the last is open-ended. Empty when there
    is no value.
    """
    v = pd.to_numeric(pd.Series(values, dtype="float64"), errors="coerce").dropna().to_numpy()
    if v.size == 0:
        return []
    lo, hi = float(v.min()), float(v.max())
    step = nice_step(hi - lo, n_classes)
    start = math.floor(lo / step) * step
    breaks = [round(start + i * step, 10) for i in range(n_classes + 2) if start + i * step <= hi]
    return breaks or [start]


def _colour(v: float, breaks: list[float], ramp: tuple[str, ...]) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or not breaks:
        return NO_VALUE_FILL
    colours = ramp_colours(len(breaks), ramp)
    i = int(np.searchsorted(breaks, v, side="right")) - 1
    return colours[max(i, 0)]


def ramp_colours(n: int, ramp: tuple[str, ...]) -> list[str]:
    """``n`` colours spread over ``ramp`` (light to dark)."""
    if n <= 0:
        return []
    if n == 1:
        return [ramp[2]]
    return [ramp[i] for i in np.round(np.linspace(0, len(ramp) - 1, n)).astype(int)]


def _fmt_break(v: float, decimals: int) -> str:
    return f"{v:.{decimals}f}"


def map_legend(
    values,
    ramp: tuple[str, ...],
    lang: Lang,
    *,
    unit: str,
    decimals: int,
    no_value: str | None = None,
    always_no_value: bool = False,
    n_classes: int = 4,
) -> list[tuple[str, str]]:
    """(colour, label) pairs matching :func:`value_map`'s fills, lightest first; a grey
    ``no_value`` entry first when some value is missing (or always, with ``always_no_value``:
    a rule worth stating even when no area falls under it)."""
    breaks = class_breaks(values, n_classes)
    colours = ramp_colours(len(breaks), ramp)
    missing = bool(pd.Series(values, dtype="float64").isna().any())
    entries = [(NO_VALUE_FILL, no_value)] if no_value and (missing or always_no_value) else []
    for i, (lo, colour) in enumerate(zip(breaks, colours)):
        if i == len(breaks) - 1:
            label = t("survey.legend.plus", lang, lo=_fmt_break(lo, decimals), unit=unit)
        else:
            label = t(
                "survey.legend.range",
                lang,
                lo=_fmt_break(lo, decimals),
                hi=_fmt_break(breaks[i + 1], decimals),
                unit=unit,
            )
        entries.append((colour, label))
    return entries


_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}|rgba?\(\s*[0-9.]+\s*(,\s*[0-9.]+\s*){2,3}\)")


def legend_html(entries: list[tuple[str, str]], outlined: tuple[str, ...] = ()) -> str:
    """A row of colour swatches with labels, each kept on one line (Japanese text otherwise
    breaks anywhere); swatches whose label is in ``outlined`` get the maps' thick dark outline."""
    parts = []
    for colour, label in entries:
        colour = colour if _COLOUR.fullmatch(str(colour)) else "#999999"  # a colour literal, never CSS from elsewhere
        border = f"3px solid {NO_VALUE_LINE}" if label in outlined else "1px solid #666"
        parts.append(
            f"<span style='white-space:nowrap;display:inline-block;margin-right:1.1em'>"
            f"<span style='display:inline-block;width:15px;height:15px;background:{colour};border:{border};"
            f"vertical-align:middle;box-sizing:border-box'></span>&nbsp;{html.escape(label)}</span>"
        )
    return "".join(parts)


def _mercator(lon, lat, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    """Web-Mercator pixels at ``zoom`` (deck.gl: the world is 512 px wide at zoom 0)."""
    scale = 512 * 2**zoom
    lat_r = np.radians(np.clip(np.asarray(lat, dtype=float), -85, 85))
    x = (np.asarray(lon, dtype=float) + 180) / 360 * scale
    y = (1 - np.log(np.tan(np.pi / 4 + lat_r / 2)) / np.pi) / 2 * scale
    return x, y


def _unmercator(x, y, zoom: float) -> tuple[np.ndarray, np.ndarray]:
    scale = 512 * 2**zoom
    lon = np.asarray(x, dtype=float) / scale * 360 - 180
    lat = np.degrees(2 * np.arctan(np.exp(np.pi * (1 - 2 * np.asarray(y, dtype=float) / scale))) - np.pi / 2)
    return lon, lat


def _text_px(text: str, size: float) -> tuple[float, float]:
    lines = str(text).split("\n")
    width = max(sum(size if ord(c) > 0x2E80 else 0.62 * size for c in line) for line in lines)
    return width + 6, len(lines) * size * 1.1 + 2


def place_labels(
    points_lonlat: np.ndarray,
    texts: list[str],
    sizes: np.ndarray,
    view: dict,
    *,
    width_px: int,
    height_px: int,
    font_px: float = 13,
) -> tuple[np.ndarray, np.ndarray]:
    """Where to draw each area's label on a map opened on ``view``: at the area's point, or,
    when that would overlap a label already placed (larger areas first), in a row along the
    bottom edge of the map (the sea, on Tomakomai's coast) with a leader line to the area.

    Returns
    -------
    positions : array (n, 2)
        Label positions, lon/lat degrees.
    moved : array of bool
        Which labels were moved to the row (they get a leader line).
    """
    z = float(view["zoom"])
    cx, cy = _mercator([view["longitude"]], [view["latitude"]], z)
    x, y = _mercator(points_lonlat[:, 0], points_lonlat[:, 1], z)
    x, y = x - cx[0] + width_px / 2, y - cy[0] + height_px / 2  # canvas pixels
    boxes = [_text_px(tx, font_px) for tx in texts]
    placed: list[tuple[float, float, float, float]] = []
    moved = np.zeros(len(texts), dtype=bool)

    def hits(b) -> bool:
        return any(min(b[2], o[2]) > max(b[0], o[0]) and min(b[3], o[3]) > max(b[1], o[1]) for o in placed)

    for i in np.argsort(-np.asarray(sizes, dtype=float), kind="stable"):
        w, h = boxes[i]
        b = (x[i] - w / 2, y[i] - h / 2, x[i] + w / 2, y[i] + h / 2)
        if hits(b):
            moved[i] = True
        else:
            placed.append(b)
    out_x, out_y = x.copy(), y.copy()
    row = [i for i in np.argsort(x, kind="stable") if moved[i]]
    if row:
        row_y = height_px - max(boxes[i][1] for i in row) / 2 - 6
        edge = 4.0
        for i in row:  # left to right, each label as near its area as the one before allows
            w = boxes[i][0]
            left = max(x[i] - w / 2, edge)
            out_x[i], out_y[i] = left + w / 2, row_y
            edge = left + w + 6
        overflow = edge - 6 - (width_px - 4)
        if overflow > 0:  # pushed off the right edge: shift the whole row back
            out_x[row] -= overflow
    lon, lat = _unmercator(out_x + cx[0] - width_px / 2, out_y + cy[0] - height_px / 2, z)
    return np.column_stack([lon, lat]), moved


def satisfaction_legend(values: pd.DataFrame, lang: Lang) -> str:
    """Legend (HTML) of the satisfaction map: its classes, "no respondents" if any, and the
    thick outline of areas under :data:`SMALL_N` respondents if any."""
    entries = map_legend(
        values["value"], SHARE_RAMP, lang, unit="%", decimals=0, no_value=t("survey.legend.no_respondents", lang)
    )
    small = t("survey.legend.small_outline", lang, n=SMALL_N)
    if values["flag"].fillna(False).astype(bool).any():
        entries.append(("#ffffff", small))
    return legend_html(entries, outlined=(small, t("survey.legend.no_respondents", lang)))


def rate_legend(values: pd.DataFrame, lang: Lang) -> str:
    """Legend (HTML) of the offence-rate map: "no rate" (always: the rule is worth stating) and the classes."""
    withheld = t("survey.legend.withheld", lang, count=MIN_COUNT, pop=MIN_POPULATION)
    entries = map_legend(
        values["value"],
        RATE_RAMP,
        lang,
        unit=t("survey.unit.rate", lang),
        decimals=0,
        no_value=withheld,
        always_no_value=True,
    )
    return legend_html(entries, outlined=(withheld,))


def group_display(groups: pd.DataFrame, dimension: Dimension, lang: Lang) -> pd.DataFrame:
    """A :func:`group_shares` frame with screen headers, the groups named in ``lang``."""
    named = groups.assign(grp=[group_label(g, dimension, lang) for g in groups["grp"]])
    return shares_display(named, lang, ("grp", f"survey.dim.{dimension}"))


def value_map(
    areas: pd.DataFrame,
    values: pd.DataFrame,
    *,
    boundary_wkt: str,
    ramp: tuple[str, ...],
    view_bounds: tuple[float, float, float, float] | None = None,
    n_classes: int = 4,
    width_px: int = 480,
    height_px: int = 400,
) -> pdk.Deck:
    """An offline choropleth of one value per police-box area, with a label on every area.

    Parameters
    ----------
    areas : pandas.DataFrame
        ``koban, geometry_wkt`` (WGS84 lon/lat degrees).
    values : pandas.DataFrame
        ``koban, value`` (NaN = no value: grey with a dark outline), ``flag`` (bool: dark
        outline, e.g. fewer than 30 respondents), ``text`` (label drawn on the map) and
        ``tip`` (tooltip, plain text, one item a line).
    ramp : tuple of str
        Sequential colours, light to dark (:data:`SHARE_RAMP`, :data:`RATE_RAMP`).
    view_bounds : (min_lon, min_lat, max_lon, max_lat), optional
        What the map opens on (e.g. the built-up area); the city boundary when omitted.
    width_px, height_px : int
        The map's expected size on screen (a half-width column of a wide page), used to fit
        the view and to keep labels apart.

    Returns
    -------
    pydeck.Deck
        ``map_provider=None`` (no basemap, no outside request). Layers: ``areas``
        (PolygonLayer), ``boundary`` (the city outline), ``leaders`` (PathLayer: lines to
        labels moved off small, crowded areas) and ``labels`` (TextLayer, one per area).
    """
    breaks = class_breaks(values["value"], n_classes)
    merged = areas[["koban", "geometry_wkt"]].merge(values, on="koban", how="left")
    merged["flag"] = merged["flag"].fillna(False).astype(bool) | merged["value"].isna()
    fills = [_colour(v, breaks, ramp) for v in merged["value"]]
    merged = (
        merged.assign(
            fill=[_rgba(f) for f in fills],
            line=[_rgba(NO_VALUE_LINE) if f else _rgba(AREA_LINE, 230) for f in merged["flag"]],
            line_w=[400.0 if f else 1.0 for f in merged["flag"]],
            tip=[html.escape(str(tip)).replace("\n", "<br/>") for tip in merged["tip"].fillna("")],
        )
        .sort_values("flag", kind="stable")
        .reset_index(drop=True)
    )  # flagged outlines last: not covered by neighbours' edges
    rows = polygon_rows(areas_geojson(merged[["koban", "fill", "line", "line_w", "tip", "geometry_wkt"]], "koban"))

    geom = shapely.from_wkt(boundary_wkt) if boundary_wkt else None
    has_bounds = view_bounds is not None and all(v is not None and not pd.isna(v) for v in view_bounds)
    if has_bounds:
        view = _fit_view(tuple(float(v) for v in view_bounds), width_px=width_px, height_px=height_px)
    elif geom is not None and not geom.is_empty:
        view = _fit_view(geom.bounds, width_px=width_px, height_px=height_px)
    else:
        view = {"latitude": 42.68, "longitude": 141.58, "zoom": 9.6}

    geoms = shapely.from_wkt(merged["geometry_wkt"].to_numpy())
    if has_bounds:
        # label the part of each area that the map opens on (a large rural area's own
        # centre can lie off screen)
        seen = shapely.intersection(geoms, shapely.box(*[float(v) for v in view_bounds]))
        geoms = np.where(shapely.is_empty(seen) | shapely.is_missing(seen), geoms, seen)
    inner = shapely.point_on_surface(geoms)
    ok = ~(shapely.is_missing(inner) | shapely.is_empty(inner))
    points = shapely.get_coordinates(inner[ok])
    texts = [str(v) for v in merged.loc[ok, "text"].fillna("")]
    spots, moved = place_labels(points, texts, shapely.area(geoms[ok]), view, width_px=width_px, height_px=height_px)
    labels = [{"position": [round(float(a), 5), round(float(b), 5)], "text": tx} for (a, b), tx in zip(spots, texts)]
    leaders = [
        {"path": [[round(float(p[0]), 5), round(float(p[1]), 5)], [round(float(q[0]), 5), round(float(q[1]), 5)]]}
        for p, q, m in zip(points, spots, moved)
        if m
    ]
    boundary = areas_geojson(pd.DataFrame({"name": ["boundary"], "geometry_wkt": [boundary_wkt]}), "name")
    layers = [
        pdk.Layer(
            "PolygonLayer",
            rows,
            id="areas",
            get_polygon="polygon",
            filled=True,
            stroked=True,
            pickable=True,
            auto_highlight=True,
            get_fill_color="fill",
            get_line_color="line",
            get_line_width="line_w",
            line_width_min_pixels=1,
            line_width_max_pixels=3,
            highlight_color=[255, 140, 0, 120],
        ),
        pdk.Layer(
            "PolygonLayer",
            polygon_rows(boundary),
            id="boundary",
            get_polygon="polygon",
            filled=False,
            stroked=True,
            pickable=False,
            get_line_color=_rgba(BOUNDARY_LINE),
            get_line_width=400,
            line_width_min_pixels=2,
            line_width_max_pixels=2.5,
        ),
        pdk.Layer(
            "PathLayer",
            leaders,
            id="leaders",
            get_path="path",
            get_color=[60, 60, 60, 255],
            get_width=20,
            width_min_pixels=1,
            width_max_pixels=1.5,
            pickable=False,
        ),
        # pydeck turns every unquoted string into a JavaScript expression: constants are
        # quoted ('"auto"'); "auto" alone became a function and the layer failed to draw.
        pdk.Layer(
            "TextLayer",
            labels,
            id="labels",
            get_position="position",
            get_text="text",
            get_size=13,
            line_height=1.05,
            get_color=[20, 20, 20, 255],
            character_set='"auto"',
            font_family=f'"{LABEL_FONT}"',
            font_weight=700,
            outline_width=4,
            outline_color=[255, 255, 255, 255],
            font_settings={"sdf": True},
            get_text_anchor='"middle"',
            get_alignment_baseline='"center"',
            pickable=False,
        ),
    ]
    tooltip = {
        "html": "{tip}",
        "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px", "border": "1px solid #999999"},
    }
    return CompactDeck(
        layers=layers, initial_view_state=pdk.ViewState(**view, pitch=0, bearing=0), map_provider=None, tooltip=tooltip
    )


def satisfaction_map_values(perc: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Rows for :func:`value_map` of satisfaction by area (flag: fewer than 30 respondents)."""

    def tip(r) -> str:
        head = tv(r.koban, lang)
        if r.n == 0:
            return f"{head}\n{t('survey.map.no_respondents', lang)}"
        lines = [head, t("survey.map.tip_share", lang, pct=r.share_pct, lo=r.low_pct, hi=r.high_pct, k=r.k, n=r.n)]
        if r.small:
            lines.append(t("survey.small", lang, n=SMALL_N))
        return "\n".join(lines)

    return pd.DataFrame(
        {
            "koban": perc["koban"],
            "value": perc["share_pct"].where(perc["n"] > 0),
            "flag": perc["small"],
            "text": [
                f"{tv(k, lang)}\n{v:.0f}%" if pd.notna(v) else f"{tv(k, lang)}\n—"
                for k, v in zip(perc["koban"], perc["share_pct"])
            ],
            "tip": [tip(r) for r in perc.itertuples()],
        }
    )


def rate_map_values(perc: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Rows for :func:`value_map` of offences per 1,000 residents (NaN where withheld)."""

    def tip(r) -> str:
        pop = "—" if pd.isna(r.population) else f"{int(r.population):,}"
        lines = [
            tv(r.koban, lang),
            t(
                "survey.map.tip_rate",
                lang,
                n=int(r.n_offences),
                pop=pop,
                rate="—" if pd.isna(r.rate_per_1000) else f"{r.rate_per_1000:.1f}",
            ),
        ]
        if r.withheld:
            lines.append(withheld_reason(r.withheld, lang))
        return "\n".join(lines)

    return pd.DataFrame(
        {
            "koban": perc["koban"],
            "value": perc["rate_per_1000"],
            "flag": perc["rate_per_1000"].isna(),
            "text": [
                f"{tv(k, lang)}\n{v:.1f}" if pd.notna(v) else f"{tv(k, lang)}\n—"
                for k, v in zip(perc["koban"], perc["rate_per_1000"])
            ],
            "tip": [tip(r) for r in perc.itertuples()],
        }
    )


def period_words(period: tuple[dt.date, dt.date, int] | None, fiscal_year: int, lang: Lang) -> str:
    """``2024年4月〜2024年12月（9か月）`` / ``April 2024 to December 2024 (9 months)``."""
    if period is None:
        return t("survey.period.none", lang, fy=wave_label(fiscal_year, lang))
    start, end, months = period
    same_year = start.year == end.year
    if lang == "en":
        return t(
            "survey.period",
            lang,
            start=start.strftime("%B" if same_year else "%B %Y"),
            end=end.strftime("%B %Y"),
            months=months,
        )
    return t(
        "survey.period",
        lang,
        start=f"{start.year}年{start.month}月",
        end=f"{end.month}月" if same_year else f"{end.year}年{end.month}月",
        months=months,
    )


def offences_source(offences: pd.DataFrame, period_text: str, lang: Lang) -> list[str]:
    """Source lines of the offence rates: the offences with their period, the population with its year."""
    first = offences.iloc[0] if len(offences) else None
    pop_year = "—" if first is None or pd.isna(first["population_year"]) else int(first["population_year"])
    return [
        t(
            "survey.src.offences",
            lang,
            source=source_label(None if first is None else first["offences_source"], lang),
            period=period_text,
        ),
        t(
            "survey.src.population",
            lang,
            source=source_label(None if first is None else first["population_source"], lang),
            year=pop_year,
        ),
    ]
