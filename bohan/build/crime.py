"""Sample crime data true to the plan: yearly totals, incident rows, child approaches, fraud.

How exact figures are kept exact: every count the plan states is fixed first (yearly totals,
the 2023 police-box order, bicycle theft's share of theft, the child-approach hours and
places) and apportioned with the largest-remainder method; only *which* row gets which value
is random (seeded). Patterns the plan does not state follow the real 2018 Tomakomai police
open data (``FORMATS.md``): bicycle theft near zero under snow, peaks at 7-8 h and 16-17 h,
theft from cars in the evening and in car parks.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bohan.build import plan
from bohan.build.geography import Geography
from bohan.geo import to_wgs84

INCIDENT_YEARS = range(2014, 2025)
FIRST_YEAR = 2003

# Yearly totals not stated by the plan (sample): a steady fall from the 2003 peak to 2019,
# the 2020 low (stated), and the rise since 2021 (stated) continuing in 2024.
_SAMPLE_TOTALS = {
    2004: 3598, 2005: 3361, 2006: 3095, 2007: 2870, 2008: 2664, 2009: 2458, 2010: 2261,
    2011: 2079, 2012: 1911, 2013: 1765, 2014: 1620, 2015: 1489, 2016: 1370, 2017: 1254,
    2018: 1139, 2021: 742, 2022: 846, 2024: 958,
}

KOBAN = ("糸井", "美園", "木場", "駅前", "沼ノ端北", "沼ノ端", "錦岡", "双葉", "弥生", "本町", "山手", "勇払")
# Share of all offences by police box; the first five keep the plan's 2023 order with a margin.
# 勇払 serves one town (真砂町) in the 2018 data, where it recorded 1 of 324 street thefts.
_KOBAN_SHARE = np.array([0.160, 0.140, 0.121, 0.106, 0.094, 0.082, 0.077, 0.072, 0.062, 0.045, 0.035, 0.006])

PLACE_TYPES = (
    "道路上", "駐車（輪）場", "一戸建住宅", "その他の住宅（３階建て以下共同住宅等）",
    "４階建て以上共同住宅", "商業施設", "公園", "学校", "その他",
)

# Hour profiles (24 weights, 0 h .. 23 h).
_H = {
    "commute": [1, 1, 0, 0, 0, 1, 3, 9, 9, 4, 3, 3, 4, 4, 5, 7, 10, 10, 7, 5, 4, 3, 2, 1],
    "evening": [4, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 4, 7, 9, 10, 9, 8, 6, 5],
    "night": [8, 9, 9, 8, 6, 4, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7],
    "shop": [0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 6, 8, 8, 8, 8, 9, 10, 10, 9, 7, 5, 3, 1, 0],
    "day": [1, 0, 0, 0, 0, 0, 1, 2, 4, 7, 9, 9, 8, 8, 9, 9, 8, 6, 4, 2, 1, 1, 1, 1],
    "late": [9, 8, 6, 4, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    "flat": [2, 2, 1, 1, 1, 1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 3, 3, 2],
}
# Month profiles (12 weights, Jan .. Dec). Bicycle theft is the real 2018 Tomakomai profile.
_M = {
    "bicycle": [3, 2, 9, 18, 17, 11, 27, 22, 22, 33, 15, 2],
    "summer": [7, 6, 7, 8, 9, 9, 10, 10, 9, 9, 8, 8],
    "flat": [8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 9],
    "winter": [10, 9, 9, 8, 8, 7, 7, 7, 8, 8, 9, 11],
}
# Weekday profiles (Mon .. Sun).
_W = {"flat": [1, 1, 1, 1, 1, 1, 1], "weekend": [0.9, 0.9, 0.9, 1.0, 1.2, 1.4, 1.3], "weekday": [1.1, 1.1, 1.1, 1.1, 1.1, 0.8, 0.7]}


def _places(**w) -> dict[str, float]:
    return w


# offence group -> offence -> (share within group, month, hour, weekday, P(hour unknown), places)
OFFENCES: dict[str, dict[str, tuple]] = {
    "窃盗犯": {
        # 自転車盗's share of theft is set per year (27-33 %), see _theft_split.
        "自転車盗": (None, "bicycle", "commute", "weekday", 0.25,
                  _places(駐車_輪_場=0.57, 道路上=0.12, 一戸建住宅=0.10, 低層共同=0.10, 高層共同=0.06, 商業施設=0.03, 学校=0.02)),
        "万引き": (0.27, "flat", "shop", "weekend", 0.0, _places(商業施設=1.0)),
        "車上ねらい": (0.11, "summer", "evening", "flat", 0.30,
                   _places(駐車_輪_場=0.60, 一戸建住宅=0.16, 道路上=0.10, 低層共同=0.08, 高層共同=0.06)),
        "部品ねらい": (0.035, "summer", "night", "flat", 0.40, _places(駐車_輪_場=0.65, 一戸建住宅=0.2, 道路上=0.15)),
        "自動販売機ねらい": (0.025, "flat", "night", "flat", 0.30, _places(道路上=0.4, その他=0.6)),
        "自動車盗": (0.03, "flat", "night", "flat", 0.40, _places(駐車_輪_場=0.55, 一戸建住宅=0.35, 道路上=0.1)),
        "オートバイ盗": (0.02, "summer", "night", "flat", 0.35, _places(駐車_輪_場=0.5, 一戸建住宅=0.3, 低層共同=0.2)),
        "ひったくり": (0.005, "summer", "evening", "flat", 0.05, _places(道路上=0.9, 駐車_輪_場=0.1)),
        "空き巣": (0.06, "flat", "day", "weekday", 0.35, _places(一戸建住宅=0.7, 低層共同=0.2, 高層共同=0.1)),
        "忍込み": (0.02, "winter", "night", "flat", 0.20, _places(一戸建住宅=0.8, 低層共同=0.2)),
        "事務所荒し": (0.03, "flat", "night", "weekend", 0.30, _places(その他=0.8, 商業施設=0.2)),
        "置引き": (0.07, "summer", "day", "weekend", 0.10, _places(商業施設=0.5, 公園=0.12, 道路上=0.1, その他=0.28)),
        "その他の窃盗": (0.305, "summer", "flat", "flat", 0.15,
                    _places(商業施設=0.25, 一戸建住宅=0.15, 駐車_輪_場=0.15, 道路上=0.15, 低層共同=0.1, 学校=0.05, 公園=0.05, その他=0.1)),
    },
    "凶悪犯": {
        "強盗": (0.35, "flat", "late", "flat", 0.0, _places(商業施設=0.5, 道路上=0.3, 一戸建住宅=0.2)),
        "放火": (0.20, "winter", "night", "flat", 0.1, _places(一戸建住宅=0.5, その他=0.5)),
        "不同意性交等": (0.35, "summer", "late", "weekend", 0.1, _places(低層共同=0.4, 一戸建住宅=0.3, その他=0.3)),
        "殺人": (0.10, "flat", "late", "flat", 0.1, _places(一戸建住宅=0.6, 低層共同=0.4)),
    },
    "粗暴犯": {
        "暴行": (0.50, "summer", "late", "weekend", 0.02, _places(道路上=0.35, その他=0.3, 一戸建住宅=0.15, 低層共同=0.1, 商業施設=0.1)),
        "傷害": (0.35, "summer", "late", "weekend", 0.02, _places(道路上=0.3, その他=0.35, 一戸建住宅=0.2, 低層共同=0.15)),
        "脅迫": (0.10, "flat", "evening", "flat", 0.05, _places(一戸建住宅=0.4, その他=0.4, 道路上=0.2)),
        "恐喝": (0.05, "flat", "evening", "flat", 0.05, _places(道路上=0.4, 公園=0.2, その他=0.4)),
    },
    "知能犯": {
        "詐欺": (0.85, "flat", "day", "weekday", 0.15, _places(一戸建住宅=0.45, 低層共同=0.15, 高層共同=0.1, その他=0.3)),
        "横領": (0.05, "flat", "day", "weekday", 0.3, _places(その他=1.0)),
        "偽造": (0.10, "flat", "day", "weekday", 0.2, _places(商業施設=0.6, その他=0.4)),
    },
    "風俗犯": {
        "不同意わいせつ": (0.60, "summer", "evening", "flat", 0.05, _places(道路上=0.5, 公園=0.15, 低層共同=0.15, その他=0.2)),
        "公然わいせつ": (0.40, "summer", "evening", "flat", 0.05, _places(道路上=0.6, 公園=0.25, その他=0.15)),
    },
    "その他": {
        "器物損壊": (0.60, "flat", "night", "weekend", 0.45, _places(道路上=0.25, 駐車_輪_場=0.3, 一戸建住宅=0.2, 低層共同=0.1, 公園=0.05, 学校=0.05, その他=0.05)),
        "住居侵入": (0.15, "flat", "night", "flat", 0.2, _places(一戸建住宅=0.6, 低層共同=0.3, 高層共同=0.1)),
        "占有離脱物横領": (0.15, "summer", "flat", "flat", 0.5, _places(道路上=0.6, 駐車_輪_場=0.3, 公園=0.1)),
        "その他の刑法犯": (0.10, "flat", "flat", "flat", 0.2, _places(その他=0.6, 道路上=0.2, 一戸建住宅=0.2)),
    },
}
GROUP_SHARE = {"窃盗犯": 0.66, "凶悪犯": 0.010, "粗暴犯": 0.10, "知能犯": 0.055, "風俗犯": 0.015, "その他": 0.16}
_PLACE_KEY = {
    "駐車_輪_場": "駐車（輪）場", "低層共同": "その他の住宅（３階建て以下共同住宅等）",
    "高層共同": "４階建て以上共同住宅",
}
# Where an offence is more (or less) common than the box's overall share (sample assumptions:
# the big shopping centre lies in 美園's area, the night-life district in 駅前 / 本町's).
_AFFINITY = {
    "万引き": {"美園": 1.7, "木場": 1.3, "駅前": 1.2, "沼ノ端北": 1.1, "山手": 0.6, "勇払": 0.4},
    "暴行": {"駅前": 1.8, "本町": 1.8, "木場": 1.2},
    "傷害": {"駅前": 1.8, "本町": 1.8, "木場": 1.2},
    "自転車盗": {"駅前": 1.3, "沼ノ端北": 1.3, "糸井": 1.1, "勇払": 0.5},
    "車上ねらい": {"沼ノ端北": 1.3, "錦岡": 1.2, "駅前": 0.8},
}


def apportion(total: int, weights) -> np.ndarray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder).

    The result always sums to ``total``; ties go to the earlier weight.
    """
    w = np.asarray(weights, dtype=float)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(int)
    rest = total - base.sum()
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


def annual_offences() -> pd.DataFrame:
    """City totals of penal-code offences by calendar year from 2003; plan figures marked."""
    years = range(FIRST_YEAR, max(INCIDENT_YEARS) + 1)
    rows = []
    for y in years:
        if y in plan.OFFENCES:
            rows.append((y, plan.OFFENCES[y], "plan"))
        else:
            rows.append((y, _SAMPLE_TOTALS[y], "sample"))
    return pd.DataFrame(rows, columns=["year", "offences", "source"])


def _offence_counts(rng: np.random.Generator, total: int) -> list[tuple[str, str, int]]:
    groups = list(GROUP_SHARE)
    g_w = np.array([GROUP_SHARE[g] for g in groups]) * rng.lognormal(0, 0.05, len(groups))
    g_n = apportion(total, g_w)
    out = []
    for g, n in zip(groups, g_n):
        names = list(OFFENCES[g])
        if g == "窃盗犯":
            bike = int(round(n * rng.uniform(0.285, 0.315)))
            rest = names[1:]
            w = np.array([OFFENCES[g][o][0] for o in rest]) * rng.lognormal(0, 0.08, len(rest))
            counts = [bike, *apportion(n - bike, w)]
        else:
            w = np.array([OFFENCES[g][o][0] for o in names]) * rng.lognormal(0, 0.08, len(names))
            counts = list(apportion(n, w))
        out += [(g, o, int(c)) for o, c in zip(names, counts)]
    return out


def _koban_shares(rng: np.random.Generator, year: int) -> np.ndarray:
    if year == 2023:  # the plan's order must hold exactly: no noise
        return _KOBAN_SHARE
    return _KOBAN_SHARE * rng.lognormal(0, 0.06, len(KOBAN))


def _assign_koban(rng, offences: np.ndarray, target: np.ndarray, shares: np.ndarray) -> np.ndarray:
    """Draw a box per incident from its offence's affinity, then repair to exact box totals."""
    k_idx = {k: i for i, k in enumerate(KOBAN)}
    probs = np.tile(shares, (len(offences), 1))
    for off, aff in _AFFINITY.items():
        rows = offences == off
        for k, f in aff.items():
            probs[rows, k_idx[k]] *= f
    probs /= probs.sum(axis=1, keepdims=True)
    u = rng.random(len(offences))[:, None]
    box = (u > np.cumsum(probs, axis=1)).sum(axis=1)
    box = np.minimum(box, len(KOBAN) - 1)
    counts = np.bincount(box, minlength=len(KOBAN))
    surplus = counts - target
    for k in np.where(surplus > 0)[0]:
        movers = rng.choice(np.where(box == k)[0], size=surplus[k], replace=False)
        for m in movers:
            short = np.where(np.bincount(box, minlength=len(KOBAN)) < target)[0]
            # the short box where this offence is most at home takes it
            box[m] = short[np.argmax(probs[m, short])]
    return box


def _dates(rng, year: int, month_w, weekday_w, n: int) -> np.ndarray:
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    w = np.asarray(month_w, dtype=float)[days.month - 1] / days.days_in_month.to_numpy()
    w = w * np.asarray(weekday_w, dtype=float)[days.day_of_week.to_numpy()]
    return rng.choice(days.values, size=n, p=w / w.sum())


class _Locator:
    """Puts an incident at a point inside its town: near the town point, on a street if it
    happened on a road, inside a park if it happened in one (when the town has a street or a
    park there); the point never leaves the town's area."""

    def __init__(self, geo: Geography):
        import shapely

        self.geo = geo
        self.towns = geo.towns.set_index("town")
        self.street_tree = shapely.STRtree(geo.streets.geometry.values)
        self.streets = geo.streets.geometry.values
        self.parks_by_town = {k: g for k, g in geo.parks.groupby("town")}

    def weights(self, koban: str) -> tuple[np.ndarray, np.ndarray]:
        t = self.towns[self.towns["koban"] == koban]
        # denser (smaller) towns hold more people and more crime
        w = 1.0 / np.sqrt(t["area_m2"].to_numpy())
        return t.index.to_numpy(), w / w.sum()

    def point(self, rng, town: str, place: str) -> tuple[float, float]:
        import shapely
        from shapely.geometry import Point

        t = self.towns.loc[town]
        if place == "公園":
            parks = self.parks_by_town.get(town)
            if parks is not None:
                p = parks.geometry.iloc[int(rng.integers(len(parks)))]
                x0, y0, x1, y1 = p.bounds
                for _ in range(12):
                    cx, cy = float(rng.uniform(x0, x1)), float(rng.uniform(y0, y1))
                    if t["cell"].contains(Point(cx, cy)):  # a park may straddle the town's edge
                        return cx, cy
        sd = 250.0 if t["urban"] else 700.0
        x, y = t.geometry.x, t.geometry.y
        for _ in range(12):
            cx, cy = x + rng.normal(0, sd), y + rng.normal(0, sd)
            if t["cell"].contains(Point(cx, cy)):
                x, y = cx, cy
                break
        if place == "道路上":
            pt = Point(x, y)
            i = self.street_tree.nearest(pt)
            line = self.streets[i]
            if line.distance(pt) < 200:
                snapped = shapely.line_interpolate_point(line, line.project(pt))
                if t["cell"].contains(snapped):  # stay inside the town the row names
                    x, y = snapped.x, snapped.y
        return float(x), float(y)


def incidents(rng: np.random.Generator, geo: Geography, totals: pd.DataFrame) -> pd.DataFrame:
    """Incident rows for every year in ``INCIDENT_YEARS`` adding up to the yearly totals."""
    loc = _Locator(geo)
    frames = []
    total_by_year = totals.set_index("year")["offences"]
    for year in INCIDENT_YEARS:
        n = int(total_by_year[year])
        spec = _offence_counts(rng, n)
        group = np.repeat([g for g, _, c in spec], [c for *_, c in spec])
        offence = np.repeat([o for _, o, c in spec], [c for *_, c in spec])
        target = apportion(n, _koban_shares(rng, year))
        box = _assign_koban(rng, offence, target, _koban_shares(rng, year) if year != 2023 else _KOBAN_SHARE)
        recorded = np.empty(n, dtype="datetime64[ns]")
        hour = np.full(n, -1)
        place = np.empty(n, dtype=object)
        hour_unknown = np.zeros(n, dtype=bool)
        for g, o, c in spec:
            if c == 0:
                continue
            _, month, hours, wd, p_unknown, places = OFFENCES[g][o]
            rows = np.where(offence == o)[0]
            recorded[rows] = _dates(rng, year, _M[month], _W[wd], len(rows))
            hw = np.asarray(_H[hours], dtype=float)
            hour[rows] = rng.choice(24, size=len(rows), p=hw / hw.sum())
            hour_unknown[rows] = rng.random(len(rows)) < p_unknown
            keys = list(places)
            pw = np.array([places[k] for k in keys])
            names = np.array([_PLACE_KEY.get(k, k) for k in keys], dtype=object)
            place[rows] = names[rng.choice(len(keys), size=len(rows), p=pw / pw.sum())]
        # Police record most offences the day they happen; some days or weeks later (fraud).
        lag = np.where(rng.random(n) < 0.65, 0, rng.geometric(0.25, n))
        lag[group == "知能犯"] += rng.integers(0, 40, (group == "知能犯").sum())
        occurred = recorded - lag.astype("timedelta64[D]")
        date_unknown = rng.random(n) < np.where(offence == "自転車盗", 0.03, 0.01)
        date_unknown[offence == "万引き"] = False
        town = np.empty(n, dtype=object)
        for k_i, k in enumerate(KOBAN):
            rows = np.where(box == k_i)[0]
            names, w = loc.weights(k)
            town[rows] = names[rng.choice(len(names), size=len(rows), p=w)]
        town_unknown = rng.random(n) < 0.008  # withheld or unknown in police data
        xy = np.array([loc.point(rng, t, p) for t, p in zip(town, place)])
        lon, lat = to_wgs84(xy[:, 0], xy[:, 1])
        occurred_date = pd.Series(pd.to_datetime(occurred).normalize()).where(~date_unknown)
        hour_s = pd.Series(hour).where(~(hour_unknown | date_unknown)).astype("Int64")
        occurred_at = occurred_date + pd.to_timedelta(hour_s.astype("float"), unit="h")
        rec = pd.to_datetime(recorded)
        frames.append(
            pd.DataFrame(
                {
                    "data_year": year,
                    "fiscal_year": np.where(rec.month >= 4, rec.year, rec.year - 1),
                    "recorded_on": rec.normalize(),
                    "occurred_on": occurred_date,
                    "occurred_at": occurred_at,
                    "hour": hour_s,
                    "offence_group": group,
                    "offence": offence,
                    "koban": np.asarray(KOBAN, dtype=object)[box],
                    "town": pd.Series(town).where(~town_unknown),
                    "place_type": place,
                    "lat": pd.Series(lat).where(~town_unknown).round(6),
                    "lon": pd.Series(lon).where(~town_unknown).round(6),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True)
    df = df.sort_values(["data_year", "recorded_on", "koban"], kind="stable").reset_index(drop=True)
    df.insert(0, "incident_id", [f"S{y}-{i:05d}" for y, i in zip(df["data_year"], df.groupby("data_year").cumcount() + 1)])
    df["source"] = "sample"
    return df


# Approaches to children (声かけ事案等): sample counts that fall each year since 2022 (plan).
_CHILD_TOTALS = {2014: 30, 2015: 34, 2016: 29, 2017: 36, 2018: 31, 2019: 35, 2020: 22, 2021: 38, 2022: 44, 2023: 36, 2024: 29}
_CHILD_HOURS = {7: 6, 8: 5, 12: 2, 13: 3, 14: 8, 15: 21, 16: 19, 17: 11, 18: 8, 19: 5, 20: 3, 10: 2, 11: 2, 9: 2, 21: 1}
_CHILD_PLACES = {"道路上": 56, "公園": 19, "駐車（輪）場": 7, "商業施設": 7, "その他": 6, "学校": 5}
_CHILD_TYPES = {"声かけ": 50, "つきまとい": 22, "身体露出": 12, "写真撮影": 10, "連れ去り未遂": 2, "その他": 4}
_CHILD_VICTIMS = {"小学生": 55, "中学生": 28, "高校生": 15, "未就学児": 2}


def child_approaches(rng: np.random.Generator, geo: Geography) -> pd.DataFrame:
    """Approaches to children: most at 15-16 h, on roads and in parks (plan), per year."""
    loc = _Locator(geo)
    frames = []
    for year, n in _CHILD_TOTALS.items():
        hours = np.repeat(list(_CHILD_HOURS), apportion(n, list(_CHILD_HOURS.values())))
        places = np.repeat(list(_CHILD_PLACES), apportion(n, list(_CHILD_PLACES.values())))
        rng.shuffle(hours)
        rng.shuffle(places)
        # school days, less in the winter and summer holidays
        month_w = [5, 7, 9, 10, 11, 10, 9, 5, 10, 10, 9, 6]
        dates = pd.to_datetime(_dates(rng, year, month_w, _W["weekday"], n))
        box = np.asarray(KOBAN)[rng.choice(len(KOBAN), size=n, p=_KOBAN_SHARE / _KOBAN_SHARE.sum())]
        town = []
        for k in box:
            names, w = loc.weights(k)
            town.append(names[rng.choice(len(names), p=w)])
        xy = np.array([loc.point(rng, t, p) for t, p in zip(town, places)])
        lon, lat = to_wgs84(xy[:, 0], xy[:, 1])
        frames.append(
            pd.DataFrame(
                {
                    "data_year": year,
                    "occurred_at": dates + pd.to_timedelta(hours, unit="h")
                    + pd.to_timedelta(rng.integers(0, 60, n), unit="m"),
                    "hour": hours,
                    "place_type": places,
                    "approach_type": rng.choice(list(_CHILD_TYPES), size=n, p=_p(_CHILD_TYPES)),
                    "victim": rng.choice(list(_CHILD_VICTIMS), size=n, p=_p(_CHILD_VICTIMS)),
                    "koban": box,
                    "town": town,
                    "lat": np.round(lat, 6),
                    "lon": np.round(lon, 6),
                }
            )
        )
    df = pd.concat(frames, ignore_index=True).sort_values("occurred_at", kind="stable").reset_index(drop=True)
    df["fiscal_year"] = np.where(df["occurred_at"].dt.month >= 4, df["occurred_at"].dt.year, df["occurred_at"].dt.year - 1)
    df.insert(0, "approach_id", [f"C{i:04d}" for i in range(1, len(df) + 1)])
    df["source"] = "sample"
    return df


def _p(d: dict) -> np.ndarray:
    w = np.array(list(d.values()), dtype=float)
    return w / w.sum()


_FRAUD_COUNTS = {2018: 6, 2019: 7, 2020: 5, 2021: 6, 2022: 8, 2024: 9}
_FRAUD_MODUS = {"オレオレ詐欺": 30, "預貯金詐欺": 15, "架空料金請求詐欺": 25, "還付金詐欺": 15, "SNS型投資詐欺": 15}


def fraud_cases(rng: np.random.Generator) -> pd.DataFrame:
    """Special fraud (特殊詐欺) cases in the Tomakomai police district (1 city, 4 towns).

    2023 carries the plan's figure: 4 cases, about 12 million yen in all.
    """
    rows = []
    for year in sorted([*_FRAUD_COUNTS, 2023]):
        if year == 2023:
            n, total = plan.FRAUD_2023.n_cases, plan.FRAUD_2023.damage_yen
            split = rng.dirichlet(np.full(n, 2.0))
            damage = apportion(total // 10_000, split) * 10_000
        else:
            n = _FRAUD_COUNTS[year]
            damage = (np.round(rng.lognormal(np.log(1.5e6), 0.9, n) / 10_000) * 10_000).astype(int)
        dates = pd.to_datetime(_dates(rng, year, _M["flat"], _W["weekday"], n))
        for d, yen in zip(sorted(dates), damage):
            rows.append(
                {
                    "data_year": year,
                    "occurred_on": d,
                    "modus": rng.choice(list(_FRAUD_MODUS), p=_p(_FRAUD_MODUS)),
                    "victim_age_band": rng.choice(["60歳代", "70歳代", "80歳以上", "50歳代以下"], p=[0.2, 0.4, 0.3, 0.1]),
                    "damage_yen": int(yen),
                    "police_district": "苫小牧警察署管内",
                }
            )
    df = pd.DataFrame(rows)
    df.insert(0, "case_id", [f"F{i:03d}" for i in range(1, len(df) + 1)])
    df["source"] = "sample"
    return df
