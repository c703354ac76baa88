"""The plan's own figures, as constants and as tables.

Everything here comes from the draft outline of the *3rd Tomakomai City Comprehensive Crime
Prevention Plan* (第３次苫小牧市総合防犯計画, FY2025-FY2029), transcribed in
``/work/shared/plan/tomakomai-plan-3-draft.ja.txt`` and digested in its ``README.md``.
These constants are the single source of truth for the plan's figures: other modules (the
sample-data generators, the pages) import them rather than repeating the numbers, so that a
figure the app shows as the plan's can only ever be the plan's.

Years: the police count offences by calendar year (``calendar``); the plan, its targets and
the citizen survey count by fiscal year, 年度, April to March (``fiscal``). Percentages are
percentage points of all respondents of a survey wave, as the plan prints them.

Pure pandas: no Streamlit, no DuckDB.
"""
from __future__ import annotations

from typing import Final, Literal, NamedTuple

import pandas as pd

SOURCE: Final = "plan"

YearKind = Literal["calendar", "fiscal"]
IndicatorId = Literal[
    "offences", "satisfaction", "info_activities", "nagara_participants", "street_cameras"
]

# --- the plan itself ---------------------------------------------------------------------
PLAN_NAME_JA: Final = "第３次苫小牧市総合防犯計画"
PLAN_FIRST_FISCAL_YEAR: Final = 2025  # 令和7年度
PLAN_LAST_FISCAL_YEAR: Final = 2029  # 令和11年度
TARGET_FISCAL_YEAR: Final = PLAN_LAST_FISCAL_YEAR  # targets are for the plan's final year

# --- chapter 2: offences known to police (刑法犯認知件数), calendar years --------------------
OFFENCES: Final[dict[int, int]] = {2003: 3826, 2019: 1028, 2020: 660, 2023: 929}
OFFENCES_PEAK_YEAR: Final = 2003  # 平成15年
OFFENCES_LOW_YEAR: Final = 2020  # 令和2年
OFFENCES_RISING_SINCE: Final = 2021  # 令和3年からは増加に転じている
OFFENCES_BASELINE_YEAR: Final = 2019  # 基準値 (R1), 令和元年
OFFENCES_LATEST_YEAR: Final = 2023  # 実績値 (R5)
OFFENCES_TARGET: Final = 650  # 目標値 (R11)

# --- chapter 2: kinds of crime, police boxes, children, fraud -----------------------------
TOP_CRIME_CATEGORY: Final = "窃盗犯"  # 市内では窃盗犯が最も多い
BICYCLE_THEFT_SHARE_OF_THEFT_PCT: Final = 30.0  # 窃盗犯の約3割が自転車盗 (approximate)
KOBAN_ORDER_YEAR: Final = 2023
# The five police boxes with most offences in 2023, most first; the plan gives no counts.
KOBAN_ORDER_2023: Final[tuple[str, ...]] = ("糸井", "美園", "木場", "駅前", "沼ノ端北")
CHILD_APPROACH_FALLING_SINCE: Final = 2022  # 令和4年から減少傾向
# 午後3～5時: start and end hour of the peak, as hours of the day (15:00 to 17:00).
CHILD_APPROACH_PEAK_HOURS: Final[tuple[int, int]] = (15, 17)
# The plan writes 「道路や公園」; stored in the place vocabulary the police data use.
CHILD_APPROACH_PLACES: Final[tuple[str, ...]] = ("道路上", "公園")


class FraudFigure(NamedTuple):
    """Special fraud (特殊詐欺) in one year: cases and money lost (yen, approximate)."""

    n_cases: int
    damage_yen: int


FRAUD_YEAR: Final = 2023
# 苫小牧署管内 (the police district, wider than the city): 4件、約1,200万円.
FRAUD_2023: Final = FraudFigure(n_cases=4, damage_yen=12_000_000)

# --- chapter 2: community activity ------------------------------------------------------
VOLUNTARY_GROUPS: Final = 76  # 自主防犯団体: 町内会など、合計76団体が活動中
NAGARA_START: Final = "2021-08"  # 「ながら見守りタイ！」令和3年8月から開始

# --- chapter 2: citizen survey (市民アンケート調査), fiscal years ---------------------------
SURVEY_FISCAL_YEARS: Final[tuple[int, ...]] = (2014, 2019, 2024)  # 平成26年度, 令和元年度, 令和6年度
AWARENESS_ALWAYS: Final = "常に意識している"
AWARENESS_RATHER: Final = "どちらかといえば意識している"
AWARENESS: Final[dict[int, dict[str, float]]] = {
    2024: {AWARENESS_ALWAYS: 53.3, AWARENESS_RATHER: 39.3},
    2019: {AWARENESS_ALWAYS: 44.8, AWARENESS_RATHER: 48.9},
    2014: {AWARENESS_ALWAYS: 34.9, AWARENESS_RATHER: 51.9},
}
# 小計 as printed; equals the sum of the two answers above in every wave.
AWARENESS_SUBTOTAL: Final[dict[int, float]] = {2024: 92.6, 2019: 93.7, 2014: 86.8}

# 地域の防犯活動: the plan's own wording of the four answers, most engaged first.
ACTIVITY_PARTICIPATING: Final = "関心はあるし、活動に参加している（過去には参加したことがある）"
ACTIVITY_INTERESTED_ONLY: Final = "関心はあるが、活動に参加していない（過去にも参加したことはない）"
ACTIVITY_NOT_INTERESTED: Final = "関心はない"
NO_ANSWER: Final = "無回答"
ACTIVITY_ANSWERS: Final[tuple[str, ...]] = (
    ACTIVITY_PARTICIPATING,
    ACTIVITY_INTERESTED_ONLY,
    ACTIVITY_NOT_INTERESTED,
    NO_ANSWER,
)
ACTIVITY_FISCAL_YEAR: Final = 2024  # the wave the 11.5 % belongs to
ACTIVITY_PARTICIPATING_PCT: Final = 11.5

# --- chapter 4: achievement indicators (達成指標) -----------------------------------------
# 地域の安全についての市民満足度: share "satisfied" in the survey, by fiscal year.
SATISFACTION: Final[dict[int, float]] = {2019: 14.4, 2024: 18.6}
SATISFACTION_BASELINE_YEAR: Final = 2019  # 基準値 (R1)
SATISFACTION_LATEST_YEAR: Final = 2024  # 実績値 (R6)
SATISFACTION_TARGET: Final = 25.0

# --- chapter 4: activity targets (活動目標); each goal is "or more" (以上) -----------------
# The plan gives the current value (現状値) at drafting without a year: FY2024.
ACTIVITY_TARGETS_CURRENT_YEAR: Final = 2024
INFO_ACTIVITIES: Final = 220  # 情報発信活動数, times a year
INFO_ACTIVITIES_TARGET: Final = 300
NAGARA_PARTICIPANTS: Final = 1100  # 「ながら見守りタイ！」参加人数, people
NAGARA_PARTICIPANTS_TARGET: Final = 2000
STREET_CAMERAS: Final = 26  # 防犯カメラ設置台数 (installed by the city), cameras
STREET_CAMERAS_TARGET: Final = 40

# --- chapter 4: schedule of the plan itself ----------------------------------------------
PUBLIC_COMMENT_PERIOD: Final[tuple[str, str]] = ("2024-12-16", "2025-01-16")
INTERNAL_MEETING_DATE: Final = "2025-01-21"  # 庁内連絡会議
ROUND_TABLE_MONTH: Final = "2025-02"  # 防犯のまちづくり懇話会
PUBLICATION_MONTH: Final = "2025-03"  # 第３次計画完成版の公表

INDICATOR_COLUMNS: Final[tuple[str, ...]] = (
    "indicator_id", "kind", "name_ja", "name_en", "unit",
    "baseline_value", "baseline_year", "baseline_year_kind",
    "latest_value", "latest_year", "latest_year_kind",
    "target_value", "target_year", "target_year_kind",
    "direction", "note_ja", "note_en", "source",
)  # fmt: skip

MEASURE_COLUMNS: Final[tuple[str, ...]] = (
    "measure_id", "viewpoint", "viewpoint_ja", "viewpoint_en", "title_ja", "title_en",
    "initiative_ja", "initiative_en", "source",
)  # fmt: skip

FIGURE_COLUMNS: Final[tuple[str, ...]] = (
    "figure_id", "value", "value_text", "unit", "year", "year_kind", "label_ja", "label_en",
    "source",
)  # fmt: skip


def plan_indicators() -> pd.DataFrame:
    """The plan's achievement indicators and activity targets, one row each.

    Returns
    -------
    pandas.DataFrame
        Five rows, columns as in :data:`INDICATOR_COLUMNS`:

        - ``indicator_id`` (str): ``offences``, ``satisfaction``, ``info_activities``,
          ``nagara_participants``, ``street_cameras``.
        - ``kind``: ``achievement`` (達成指標) or ``activity`` (活動目標).
        - ``name_ja``, ``name_en``: the indicator as the plan names it, and in English.
        - ``unit``: ``count`` (offences, times, people, cameras) or ``pct`` (percentage
          points of survey respondents).
        - ``baseline_value``, ``latest_value``, ``target_value`` (float), each with
          ``*_year`` (int) and ``*_year_kind`` (``calendar`` or ``fiscal``). Offences are
          counted by calendar year, everything else by fiscal year; every target is for
          FY2029.
        - ``direction``: ``decrease`` or ``increase``, the way the plan wants it to move.
        - ``note_ja``, ``note_en``: what a reader needs to read the row right.
        - ``source``: always ``plan``.

    Notes
    -----
    The activity targets give only a current value (現状値) at drafting, without a year; it
    is taken as FY2024 for both baseline and latest, and the note says so. Their goals are
    "or more" (以上).
    """
    current = ACTIVITY_TARGETS_CURRENT_YEAR
    current_note_ja = (
        f"現状値は計画策定時（{current}年度）の値。計画は年度を明示していない。"
    )
    current_note_en = (
        f"The plan gives the current value at drafting (FY{current}) without naming the year."
    )
    rows = [
        {
            "indicator_id": "offences",
            "kind": "achievement",
            "name_ja": "市内における犯罪認知件数",
            "name_en": "Offences known to police in the city",
            "unit": "count",
            "baseline_value": OFFENCES[OFFENCES_BASELINE_YEAR],
            "baseline_year": OFFENCES_BASELINE_YEAR,
            "baseline_year_kind": "calendar",
            "latest_value": OFFENCES[OFFENCES_LATEST_YEAR],
            "latest_year": OFFENCES_LATEST_YEAR,
            "latest_year_kind": "calendar",
            "target_value": OFFENCES_TARGET,
            "direction": "decrease",
            "note_ja": "基準値は令和元年、実績値は令和5年（いずれも暦年の件数）。目標値は令和11年度。",
            "note_en": (
                "Baseline 2019 and latest 2023 are calendar-year police counts; "
                "the target is for FY2029."
            ),
        },
        {
            "indicator_id": "satisfaction",
            "kind": "achievement",
            "name_ja": "地域の安全についての市民満足度（市民アンケート）",
            "name_en": "Citizens satisfied with local safety (citizen survey)",
            "unit": "pct",
            "baseline_value": SATISFACTION[SATISFACTION_BASELINE_YEAR],
            "baseline_year": SATISFACTION_BASELINE_YEAR,
            "baseline_year_kind": "fiscal",
            "latest_value": SATISFACTION[SATISFACTION_LATEST_YEAR],
            "latest_year": SATISFACTION_LATEST_YEAR,
            "latest_year_kind": "fiscal",
            "target_value": SATISFACTION_TARGET,
            "direction": "increase",
            "note_ja": "市民アンケート（令和元年度・令和6年度）で満足と答えた市民の割合。",
            "note_en": (
                "Share of survey respondents who are satisfied (FY2019 and FY2024 waves), "
                "in percent."
            ),
        },
        {
            "indicator_id": "info_activities",
            "kind": "activity",
            "name_ja": "情報発信活動数（市HP・SNS、啓発活動、出前講座など）",
            "name_en": (
                "Information activities a year (city web site and social media, "
                "campaigns, outreach lectures)"
            ),
            "unit": "count",
            "baseline_value": INFO_ACTIVITIES,
            "target_value": INFO_ACTIVITIES_TARGET,
            "direction": "increase",
            "note_ja": f"目標値は{INFO_ACTIVITIES_TARGET}回以上。{current_note_ja}",
            "note_en": f"Goal: {INFO_ACTIVITIES_TARGET} or more. {current_note_en}",
        },
        {
            "indicator_id": "nagara_participants",
            "kind": "activity",
            "name_ja": "「ながら見守りタイ！」参加人数",
            "name_en": "Participants in Nagara Mimamori-tai (watching while walking)",
            "unit": "count",
            "baseline_value": NAGARA_PARTICIPANTS,
            "target_value": NAGARA_PARTICIPANTS_TARGET,
            "direction": "increase",
            "note_ja": f"目標値は{NAGARA_PARTICIPANTS_TARGET:,}人以上。{current_note_ja}",
            "note_en": f"Goal: {NAGARA_PARTICIPANTS_TARGET:,} or more. {current_note_en}",
        },
        {
            "indicator_id": "street_cameras",
            "kind": "activity",
            "name_ja": "防犯カメラ設置台数",
            "name_en": "Street security cameras installed by the city",
            "unit": "count",
            "baseline_value": STREET_CAMERAS,
            "target_value": STREET_CAMERAS_TARGET,
            "direction": "increase",
            "note_ja": f"目標値は{STREET_CAMERAS_TARGET}台以上。{current_note_ja}",
            "note_en": f"Goal: {STREET_CAMERAS_TARGET} or more. {current_note_en}",
        },
    ]
    for row in rows:
        if row["kind"] == "activity":
            row |= {
                "baseline_year": current,
                "baseline_year_kind": "fiscal",
                "latest_value": row["baseline_value"],
                "latest_year": current,
                "latest_year_kind": "fiscal",
            }
        row |= {
            "target_year": TARGET_FISCAL_YEAR,
            "target_year_kind": "fiscal",
            "source": SOURCE,
        }
    frame = pd.DataFrame(rows, columns=list(INDICATOR_COLUMNS))
    for column in ("baseline_value", "latest_value", "target_value"):
        frame[column] = frame[column].astype("float64")
    for column in ("baseline_year", "latest_year", "target_year"):
        frame[column] = frame[column].astype("int64")
    return frame


VIEWPOINTS: Final[dict[int, tuple[str, str]]] = {
    1: (
        "自らの安全を確保するため、市民一人ひとりの防犯に対する関心を高める",
        "Raise each citizen's own interest in crime prevention, to keep themselves safe",
    ),
    2: (
        "みんなの暮らしを守るため、お互いに協力し支え合うまちをつくる",
        "Build a town where people help and support each other, to protect everyone's life",
    ),
    3: (
        "犯罪が起きにくいまちをつくるため、環境の安全性を高める",
        "Make the environment safer, to build a town where crime is hard to commit",
    ),
}

# (measure_id, title_ja, title_en, initiative_ja, initiative_en); Japanese as on the slides.
_MEASURES: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    ("1-1", "防犯に関する情報発信", "Information on crime prevention",
     "速報性の高いＳＮＳ等、情報発信媒体の多様化",
     "More information channels, including fast ones such as social media"),
    ("1-2", "啓発活動の実施", "Awareness campaigns",
     "街頭大型ビジョン等を活用した記憶に残る啓発",
     "Memorable messages on large street screens and similar media"),
    ("1-3", "出前講座の実施", "Outreach lectures",
     "地域の防犯活動参加を呼び掛ける講座を実施",
     "Courses that invite people to take part in local crime-prevention activity"),
    ("1-4", "子ども等への安全対応", "Safety of children",
     "全小中学校での防犯訓練・教室を実施",
     "Crime-prevention drills and classes at every elementary and junior high school"),
    ("1-5", "高齢者等への安全対応", "Safety of the elderly",
     "悪徳商法被害を防ぐ啓発・相談活動の実施",
     "Awareness and counselling against fraudulent sales"),
    ("1-6", "外国人との共生", "Living together with foreign residents",
     "行政・生活情報の多言語による提供",
     "Administrative and living information in several languages"),
    ("2-1", "自主防犯組織への支援", "Support for voluntary crime-prevention groups",
     "防犯資材の貸出、申請手続きの補助",
     "Lending crime-prevention equipment; help with applications"),
    ("2-2", "ながら防犯の啓発・推進", "Promoting crime prevention while going about daily life",
     "ウォーキングイベント等での募集活動拡大",
     "More recruiting at walking events and the like"),
    ("2-3", "こどもＳＯＳの家等の実施", "Kodomo SOS no Ie and other safe houses for children",
     "事業所に参加を働き掛け、協力者の増加を図る",
     "Ask businesses to join, to increase the number of helpers"),
    ("2-4", "空き家相談体制の整備", "Counselling on vacant houses",
     "所有者に適切な維持管理を求める",
     "Ask owners to maintain their vacant houses properly"),
    ("2-6", "犯罪被害者の支援", "Support for crime victims",
     "関係機関等と連携し支援を実施",
     "Support given together with partner organisations"),
    ("2-7", "暴力団の排除", "Excluding organised crime",
     "苫小牧警察署と連携",
     "Together with the Tomakomai Police Station"),
    ("3-1", "防犯カメラの設置", "Security cameras",
     "通学路を中心とした道路と公園への設置を促進",
     "Promote installation on roads and in parks, centred on school routes"),
    ("3-2", "家庭用防犯カメラ等の推進", "Home security cameras",
     "住宅敷地内に設置する防犯カメラ等の推進",
     "Promote security cameras and the like on residential premises"),
    ("3-3", "学校施設の環境整備", "School facilities",
     "小中学校に防犯カメラを設置",
     "Install security cameras at elementary and junior high schools"),
    ("3-4", "街路灯・防犯灯の整備", "Street and crime-prevention lights",
     "設置費用の補助、不点街路灯の交換",
     "Subsidies for installation; replacing street lights that are out"),
    ("3-5", "良好な公共空間の維持", "Good public spaces",
     "死角の減少、見通しを確保する維持管理",
     "Fewer blind spots; maintenance that keeps sight lines clear"),
)  # fmt: skip


def plan_measures() -> pd.DataFrame:
    """The plan's measures (施策) under its three viewpoints (視点), one row each.

    Returns
    -------
    pandas.DataFrame
        Seventeen rows in the plan's order, columns as in :data:`MEASURE_COLUMNS`:
        ``measure_id`` (str, ``"1-1"`` …), ``viewpoint`` (int, 1-3), ``viewpoint_ja``,
        ``viewpoint_en``, ``title_ja``, ``title_en``, ``initiative_ja`` and
        ``initiative_en`` (the main initiative, 主な取組), ``source`` (always ``plan``).

    Notes
    -----
    The source is slide text read column by column, so the numbering is reconstructed.
    Measure 2-5 is left out: it is not legible in the source (viewpoint 2 jumps from 2-4 to
    2-6). The Japanese titles and initiatives are the slides' wording. The slides mark some
    measures as new (※ 新規項目) without the text showing which, so no column says so.
    """
    rows = []
    for measure_id, title_ja, title_en, initiative_ja, initiative_en in _MEASURES:
        viewpoint = int(measure_id.split("-")[0])
        viewpoint_ja, viewpoint_en = VIEWPOINTS[viewpoint]
        rows.append(
            {
                "measure_id": measure_id,
                "viewpoint": viewpoint,
                "viewpoint_ja": viewpoint_ja,
                "viewpoint_en": viewpoint_en,
                "title_ja": title_ja,
                "title_en": title_en,
                "initiative_ja": initiative_ja,
                "initiative_en": initiative_en,
                "source": SOURCE,
            }
        )
    frame = pd.DataFrame(rows, columns=list(MEASURE_COLUMNS))
    frame["viewpoint"] = frame["viewpoint"].astype("int64")
    return frame


def _figure(
    figure_id: str,
    value: float | None,
    unit: str,
    year: int | None,
    year_kind: YearKind | None,
    label_ja: str,
    label_en: str,
    value_text: str | None = None,
) -> dict[str, object]:
    return {
        "figure_id": figure_id,
        "value": value,
        "value_text": value_text,
        "unit": unit,
        "year": year,
        "year_kind": year_kind,
        "label_ja": label_ja,
        "label_en": label_en,
        "source": SOURCE,
    }


def plan_figures() -> pd.DataFrame:
    """Every figure of the plan's chapters 2 (where the city stands) and 4 (progress).

    Returns
    -------
    pandas.DataFrame
        One row per figure, columns as in :data:`FIGURE_COLUMNS`:

        - ``figure_id`` (str, unique), e.g. ``offences_2003``, ``awareness_always_2024``.
        - ``value`` (float): the number, or NaN when the figure is not a quantity.
        - ``value_text`` (str or None): figures that are not quantities, e.g. ``2021-08``
          (``year_month``), ``2024-12-16`` (``date``), ``15-17`` (``hour_range``, hours of
          the day), a police box name (``rank``, whose ``value`` is the rank), or a category
          (``category``).
        - ``unit``: ``count``, ``pct``, ``yen``, ``rank``, ``year``, ``year_month``,
          ``date``, ``hour_range`` or ``category``.
        - ``year`` (nullable Int64) and ``year_kind`` (``calendar``, ``fiscal`` or None):
          the year the figure belongs to; None where the plan gives the figure as of now.
        - ``label_ja``, ``label_en``: what the figure is.
        - ``source``: always ``plan``.

    Notes
    -----
    Approximate figures (bicycle theft about 30 % of theft, fraud about 12 million yen) are
    stored at the plan's value and say 約 / about in their labels. Achievement and activity
    targets appear here too, so this one table holds every figure; :func:`plan_indicators`
    arranges the chapter-4 ones by indicator.
    """
    rows: list[dict[str, object]] = []
    era = {2003: "平成15年", 2019: "令和元年", 2020: "令和2年", 2023: "令和5年"}
    for year, n in OFFENCES.items():
        rows.append(
            _figure(
                f"offences_{year}", n, "count", year, "calendar",
                f"刑法犯認知件数（{era[year]}）",
                f"Penal-code offences known to police, {year}",
            )
        )  # fmt: skip
    rows += [
        _figure(
            "offences_peak_year", OFFENCES_PEAK_YEAR, "year", OFFENCES_PEAK_YEAR, "calendar",
            "刑法犯認知件数のピーク（平成15年）", "Peak year of offences known to police",
            value_text=str(OFFENCES_PEAK_YEAR),
        ),
        _figure(
            "offences_rising_since", OFFENCES_RISING_SINCE, "year", OFFENCES_RISING_SINCE,
            "calendar", "令和3年からは増加に転じている",
            "Offences have been rising again since 2021",
            value_text=str(OFFENCES_RISING_SINCE),
        ),
        _figure(
            "top_crime_category", None, "category", None, None,
            "市内では窃盗犯が最も多い", "Theft is the most common crime in the city",
            value_text=TOP_CRIME_CATEGORY,
        ),
        _figure(
            "bicycle_theft_share_of_theft", BICYCLE_THEFT_SHARE_OF_THEFT_PCT, "pct", None,
            None, "窃盗犯の約3割が自転車盗", "Bicycle theft: about 30 % of theft",
        ),
    ]  # fmt: skip
    for rank, koban in enumerate(KOBAN_ORDER_2023, start=1):
        rows.append(
            _figure(
                f"koban_rank_{KOBAN_ORDER_YEAR}_{rank}", rank, "rank", KOBAN_ORDER_YEAR,
                "calendar", f"交番別刑法犯認知件数 第{rank}位：{koban}",
                f"Police box with the most offences, rank {rank}", value_text=koban,
            )
        )  # fmt: skip
    low, high = CHILD_APPROACH_PEAK_HOURS
    rows += [
        _figure(
            "child_approaches_falling_since", CHILD_APPROACH_FALLING_SINCE, "year",
            CHILD_APPROACH_FALLING_SINCE, "calendar",
            "子どもに対する声かけ事案など：令和4年から減少傾向",
            "Approaches to children falling since 2022",
            value_text=str(CHILD_APPROACH_FALLING_SINCE),
        ),
        _figure(
            "child_approaches_peak_hours", None, "hour_range", None, None,
            "子どもに対する声かけ事案など：午後3～5時の発生が多い",
            "Approaches to children: most between 15:00 and 17:00",
            value_text=f"{low}-{high}",
        ),
    ]  # fmt: skip
    for place, place_en in zip(CHILD_APPROACH_PLACES, ("roads", "parks"), strict=True):
        rows.append(
            _figure(
                f"child_approaches_place_{place_en}", None, "category", None, None,
                "子どもに対する声かけ事案など：道路や公園での発生が多い",
                f"Approaches to children: most on roads and in parks ({place_en})",
                value_text=place,
            )
        )  # fmt: skip
    rows += [
        _figure(
            f"fraud_cases_{FRAUD_YEAR}", FRAUD_2023.n_cases, "count", FRAUD_YEAR, "calendar",
            "特殊詐欺 認知件数（苫小牧署管内、令和5年）",
            "Special fraud cases, Tomakomai police district, 2023",
        ),
        _figure(
            f"fraud_damage_{FRAUD_YEAR}", FRAUD_2023.damage_yen, "yen", FRAUD_YEAR,
            "calendar", "特殊詐欺 被害額 約1,200万円（苫小牧署管内、令和5年）",
            "Special fraud, money lost, about 12 million yen, Tomakomai police district, 2023",
        ),
        _figure(
            "voluntary_groups", VOLUNTARY_GROUPS, "count", None, None,
            "自主防犯団体（町内会など）活動中の団体数",
            "Voluntary crime-prevention groups active (neighbourhood associations etc.)",
        ),
        _figure(
            "nagara_start", None, "year_month", int(NAGARA_START[:4]), "calendar",
            "「ながら見守りタイ！」開始（令和3年8月）",
            "Nagara Mimamori-tai (watching while walking) started",
            value_text=NAGARA_START,
        ),
    ]  # fmt: skip
    era_fy = {2024: "令和6年度", 2019: "令和元年度", 2014: "平成26年度"}
    answer_en = {AWARENESS_ALWAYS: "always conscious", AWARENESS_RATHER: "rather conscious"}
    answer_id = {AWARENESS_ALWAYS: "always", AWARENESS_RATHER: "rather"}
    for year, shares in AWARENESS.items():
        for answer, pct in shares.items():
            rows.append(
                _figure(
                    f"awareness_{answer_id[answer]}_{year}", pct, "pct", year, "fiscal",
                    f"防犯に関する意識：{answer}（{era_fy[year]}）",
                    f"Awareness of crime prevention: {answer_en[answer]}, FY{year}",
                )
            )  # fmt: skip
        rows.append(
            _figure(
                f"awareness_subtotal_{year}", AWARENESS_SUBTOTAL[year], "pct", year, "fiscal",
                f"防犯に関する意識：小計（{era_fy[year]}）",
                f"Awareness of crime prevention: always or rather conscious, FY{year}",
            )
        )  # fmt: skip
    rows.append(
        _figure(
            f"activity_participating_{ACTIVITY_FISCAL_YEAR}", ACTIVITY_PARTICIPATING_PCT,
            "pct", ACTIVITY_FISCAL_YEAR, "fiscal",
            f"地域の防犯活動：{ACTIVITY_PARTICIPATING}",
            "Community crime-prevention activity: interested and taking part "
            "(or took part before)",
        )
    )  # fmt: skip
    # Chapter 4: achievement indicators and activity targets, flattened.
    for indicator in plan_indicators().itertuples(index=False):
        for stage, stage_ja in (("baseline", "基準値"), ("latest", "実績値"), ("target", "目標値")):
            if indicator.kind == "activity" and stage == "latest":
                continue  # the plan gives only 現状値 and 目標値
            if indicator.kind == "activity" and stage == "baseline":
                stage_ja = "現状値"
            value = getattr(indicator, f"{stage}_value")
            year = getattr(indicator, f"{stage}_year")
            year_kind = getattr(indicator, f"{stage}_year_kind")
            or_more = indicator.kind == "activity" and stage == "target"
            or_more_ja = "（以上）" if or_more else ""
            or_more_en = " (or more)" if or_more else ""
            rows.append(
                _figure(
                    f"{indicator.indicator_id}_{stage}", value, indicator.unit, year,
                    year_kind, f"{indicator.name_ja}：{stage_ja}{or_more_ja}",
                    f"{indicator.name_en}: {stage}{or_more_en}",
                )
            )  # fmt: skip
    start, end = PUBLIC_COMMENT_PERIOD
    rows += [
        _figure(
            "public_comment_start", None, "date", 2024, "fiscal",
            "パブリックコメント開始", "Public comment opens", value_text=start,
        ),
        _figure(
            "public_comment_end", None, "date", 2024, "fiscal",
            "パブリックコメント終了", "Public comment closes", value_text=end,
        ),
        _figure(
            "internal_meeting", None, "date", 2024, "fiscal",
            "庁内連絡会議", "Internal liaison meeting of city departments",
            value_text=INTERNAL_MEETING_DATE,
        ),
        _figure(
            "round_table", None, "year_month", 2024, "fiscal",
            "防犯のまちづくり懇話会", "Crime-prevention round table",
            value_text=ROUND_TABLE_MONTH,
        ),
        _figure(
            "plan_publication", None, "year_month", 2024, "fiscal",
            "第３次計画完成版の公表", "Final plan published", value_text=PUBLICATION_MONTH,
        ),
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    frame["value"] = frame["value"].astype("float64")
    frame["year"] = frame["year"].astype("Int64")
    return frame


#: Sample actual values of the activity targets for FY2025, the plan's first year (the plan
#: itself gives only the value at drafting). Chosen so that one target is ahead of its glide
#: path and one behind, as a real first year often looks; street cameras come from the
#: ``cameras`` table instead.
SAMPLE_ACTIVITY_FY2025: Final[dict[str, float]] = {"info_activities": 241.0, "nagara_participants": 1180.0}


def indicator_values(annual_offences: pd.DataFrame, survey_shares: dict[int, tuple[float, int]],
                     street_cameras_by_fy: dict[int, int]) -> pd.DataFrame:
    """Each indicator's yearly actual values, as far as the data goes.

    Offences: every calendar year from the baseline (2019) that ``annual_offences`` holds
    (the plan's figures where it gives them). Satisfaction: each survey wave, as the share
    of respondents satisfied or rather satisfied (``n`` respondents). Activity targets: the
    plan's value at drafting (FY2024) and a sample FY2025 value; street cameras counted from
    the cameras table (installed by the end of each fiscal year).

    Returns ``indicator_id, year, year_kind, value, n, source``.
    """
    rows = []
    for year, value, source in annual_offences[["year", "offences", "source"]].itertuples(index=False):
        if year >= OFFENCES_BASELINE_YEAR:
            rows.append(("offences", int(year), "calendar", float(value), None, source))
    for fy, (share, n) in sorted(survey_shares.items()):
        rows.append(("satisfaction", fy, "fiscal", share, n, "plan" if fy in SATISFACTION else "sample"))
    current = ACTIVITY_TARGETS_CURRENT_YEAR
    rows.append(("info_activities", current, "fiscal", float(INFO_ACTIVITIES), None, "plan"))
    rows.append(("nagara_participants", current, "fiscal", float(NAGARA_PARTICIPANTS), None, "plan"))
    for indicator, value in SAMPLE_ACTIVITY_FY2025.items():
        rows.append((indicator, current + 1, "fiscal", value, None, "sample"))
    for fy, count in sorted(street_cameras_by_fy.items()):
        if fy >= current:
            rows.append(("street_cameras", fy, "fiscal", float(count), None, "plan" if fy == current else "sample"))
    df = pd.DataFrame(rows, columns=["indicator_id", "year", "year_kind", "value", "n", "source"])
    return df.astype({"n": "Int64"})
