"""Section 2 of ``benchmarks.run``: the trends page's aggregations in pandas, as a baseline.

The incidents table is loaded into pandas once (timed apart), in two forms:

* **as loaded**: the DataFrame DuckDB hands over (text as pandas' ``str``), only the nullable
  integers ``hour``, ``weekday``, ``fiscal_year`` and ``data_year`` made floats so that a missing
  value compares False, as SQL's NULL drops out of a WHERE; the stored weekday used as it is,
  month computed from the date when a query needs it (as DuckDB does);
* **prepared**, as an analyst exploring it all day would: the five low-cardinality text columns
  as ``category``, weekday and month computed once at load (from the date).

Each query is the filter as one boolean mask (``isin``, comparisons) and a ``groupby().size()``
over the columns it needs, returning the same columns as the SQL. Every pandas result is checked
against DuckDB's (same rows and counts, order aside), and the engines are timed in the same
process, interleaved. The filter's meaning follows ``queries/build/macros.sql``
(``filtered_incidents``).
"""
from __future__ import annotations

import statistics
import time

import numpy as np
import pandas as pd

from bohan import db

CATEGORIES = ("koban", "town", "offence_group", "offence", "place_type")
#: The issue's target: DuckDB at least this many times faster than the pandas baseline.
TARGET_RATIO = 10.0


class Frames:
    """The incidents (as loaded or prepared), the police boxes and the towns, as the SQL joins them."""

    def __init__(self, con, prepared: bool):
        inc = con.table("incidents").df()
        for c in ("hour", "weekday", "fiscal_year", "data_year"):
            if c in inc.columns:  # weekday: not in a file made before it was stored
                inc[c] = inc[c].astype("float64")
        if prepared:
            for c in CATEGORIES:
                inc[c] = inc[c].astype("category")
            occurred = inc["occurred_on"]
            inc["weekday"] = _weekday(occurred)  # 0 = Monday, NaN where unknown
            inc["month"] = occurred.dt.month.astype("float64")
        self.prepared = prepared
        self.incidents = inc
        self.kobans = db.run(con, "map/koban_areas", koban_list=None)[["koban"]]
        self.towns = db.run(con, "map/towns", koban_list=None)[["town", "koban"]]


def _weekday(dates: pd.Series) -> pd.Series:
    return dates.dt.day_of_week.astype("float64")


def mask(df: pd.DataFrame, p: dict) -> np.ndarray:
    """Rows of ``df`` matching the filter parameters ``p`` (``CrimeFilter.params()``)."""
    m = np.ones(len(df), dtype=bool)
    for col, key in (("koban", "koban_list"), ("town", "town_list"), ("offence_group", "group_list"),
                     ("offence", "offence_list"), ("place_type", "place_list")):
        if p[key] is not None:
            m &= df[col].isin(p[key]).to_numpy()
    if p["weekday_list"] is not None:
        days = df["weekday"] if "weekday" in df.columns else _weekday(df["occurred_on"])
        m &= days.isin(p["weekday_list"]).to_numpy()
    a, b = p["hour_start"], p["hour_end"]
    if a is not None and b is not None:
        h = df["hour"].to_numpy()
        m &= ((h >= a) & (h < b)) if a < b else ((h >= a) | (h < b))
    for col, key, op in (("data_year", "year_from", np.greater_equal), ("data_year", "year_to", np.less_equal),
                         ("fiscal_year", "fy_from", np.greater_equal), ("fiscal_year", "fy_to", np.less_equal)):
        if p[key] is not None:
            m &= op(df[col].to_numpy(), p[key])
    if p["date_from"] is not None:
        m &= (df["occurred_on"] >= pd.Timestamp(p["date_from"])).to_numpy()
    if p["date_to"] is not None:
        m &= (df["occurred_on"] <= pd.Timestamp(p["date_to"])).to_numpy()
    return m


def _rows(df: pd.DataFrame, m: np.ndarray, cols: list[str]) -> pd.DataFrame:
    """The matching rows' ``cols``; weekday and month from the date when the frame lacks them."""
    derived = [c for c in cols if c in ("weekday", "month") and c not in df.columns]
    base = [c for c in cols if c not in derived]
    sub = df.loc[m, base + (["occurred_on"] if derived and "occurred_on" not in base else [])]
    for c in derived:
        sub[c] = _weekday(sub["occurred_on"]) if c == "weekday" else sub["occurred_on"].dt.month.astype("float64")
    return sub[cols]


def _counts(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    return df.groupby(keys, observed=True, dropna=False).size().reset_index(name="n")


def counts_by_year(fr: Frames, p: dict, fiscal: bool) -> pd.DataFrame:
    col = "fiscal_year" if fiscal else "data_year"
    sub = _rows(fr.incidents, mask(fr.incidents, p), [col]).dropna()
    return _counts(sub, [col]).rename(columns={col: "year"})


def counts_by_month(fr: Frames, p: dict, fiscal: bool) -> pd.DataFrame:
    col = "fiscal_year" if fiscal else "data_year"
    sub = _rows(fr.incidents, mask(fr.incidents, p), [col, "month"]).dropna()
    return _counts(sub, [col, "month"]).rename(columns={col: "year"})


def counts_by_koban(fr: Frames, p: dict) -> pd.DataFrame:
    n = _rows(fr.incidents, mask(fr.incidents, p), ["koban"]).groupby("koban", observed=True).size().rename("n")
    out = fr.kobans.merge(n, left_on="koban", right_index=True, how="left")
    return out.assign(n=out["n"].fillna(0).astype("int64"))


def counts_by_town(fr: Frames, p: dict) -> pd.DataFrame:
    n = _rows(fr.incidents, mask(fr.incidents, p), ["town"]).groupby("town", observed=True).size().rename("n")
    towns = fr.towns if p["koban_list"] is None else fr.towns[fr.towns["koban"].isin(p["koban_list"])]
    out = towns.merge(n, left_on="town", right_index=True, how="left")
    return out.assign(n=out["n"].fillna(0).astype("int64"))


def counts_by_offence(fr: Frames, p: dict) -> pd.DataFrame:
    keys = ["offence_group", "offence"]
    return _counts(_rows(fr.incidents, mask(fr.incidents, p), keys), keys)


def counts_by_place(fr: Frames, p: dict) -> pd.DataFrame:
    n = _counts(_rows(fr.incidents, mask(fr.incidents, p), ["place_type"]), ["place_type"])
    n["place_type"] = n["place_type"].astype(object).where(n["place_type"].notna(), "不明")
    return n.groupby("place_type", sort=False).sum().reset_index()  # a stored 不明 and an unknown are one row


def counts_by_hour_weekday(fr: Frames, p: dict) -> pd.DataFrame:
    sub = _rows(fr.incidents, mask(fr.incidents, p), ["weekday", "hour"]).dropna()
    return _counts(sub, ["weekday", "hour"])


def summary(fr: Frames, p: dict) -> pd.DataFrame:
    sub = _rows(fr.incidents, mask(fr.incidents, p), ["hour", "occurred_on", "town"])
    return pd.DataFrame({"n": [len(sub)], "n_hour_unknown": [int(sub["hour"].isna().sum())],
                         "n_date_unknown": [int(sub["occurred_on"].isna().sum())],
                         "n_town_unknown": [int(sub["town"].isna().sum())]})


DOWNLOAD_COLUMNS = ["data_year", "fiscal_year", "koban", "town", "offence_group", "offence", "place_type"]


def table_for_download(fr: Frames, p: dict) -> pd.DataFrame:
    return _counts(_rows(fr.incidents, mask(fr.incidents, p), DOWNLOAD_COLUMNS), DOWNLOAD_COLUMNS)


POINT_COLUMNS = ["incident_id", "lat", "lon", "hour", "offence", "koban", "town"]


def points(fr: Frames, p: dict) -> pd.DataFrame:
    inc = fr.incidents
    m = mask(inc, p) & inc["lat"].notna().to_numpy() & inc["lon"].notna().to_numpy()
    return inc.loc[m, POINT_COLUMNS].sort_values("incident_id")


#: The pandas twin of each crime/* query; a crime/* query missing here is reported as such.
BASELINES = {
    "crime/counts_by_year": counts_by_year, "crime/counts_by_month": counts_by_month,
    "crime/counts_by_koban": counts_by_koban, "crime/counts_by_town": counts_by_town,
    "crime/counts_by_offence": counts_by_offence, "crime/counts_by_place": counts_by_place,
    "crime/counts_by_hour_weekday": counts_by_hour_weekday, "crime/summary": summary,
    "crime/table_for_download": table_for_download, "crime/points": points,
}
_TAKES_FISCAL = {"crime/counts_by_year", "crime/counts_by_month"}


def _normalised(df: pd.DataFrame) -> pd.DataFrame:
    """Values only: numbers as float64, dates as int64 ns, text as pandas strings; rows sorted."""
    out = {}
    for c in df.columns:
        s = df[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            s = s.astype(object)
        if pd.api.types.is_datetime64_any_dtype(s):
            out[c] = s.astype("datetime64[ns]").astype("int64").where(s.notna(), -1)
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            out[c] = s.astype("float64")
        else:
            out[c] = s.astype("string")
    frame = pd.DataFrame(out)
    return frame.sort_values(list(frame.columns), na_position="first", kind="stable").reset_index(drop=True)


def same_result(duck: pd.DataFrame, pand: pd.DataFrame) -> tuple[bool, str]:
    """Whether the two results hold the same rows (columns by name and order; row order aside)."""
    if list(duck.columns) != list(pand.columns):
        return False, f"columns {list(duck.columns)} vs {list(pand.columns)}"
    if len(duck) != len(pand):
        return False, f"{len(duck)} rows vs {len(pand)}"
    a, b = _normalised(duck), _normalised(pand)
    if not a.equals(b):
        bad = [c for c in a.columns if not a[c].equals(b[c])]
        return False, f"values differ in {bad}"
    return True, ""


def _median_ms(fn, repeat: int):
    """Median ms of the timed runs after a warm-up (fewer runs for a slow case), the runs, the result."""
    from benchmarks.run_queries import runs_for

    t0 = time.perf_counter()
    result = fn()  # warm-up
    times = []
    for _ in range(runs_for(time.perf_counter() - t0, repeat)):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), len(times), result


#: The two pandas baselines: key -> words (see the module docstring).
FORMS = {"loaded": "as loaded (text as str)", "prepared": "prepared (text as category, weekday and month precomputed)"}


def run_section(con, repeat: int, log=print) -> dict:
    """Load once per form, then per crime/* query and typical filter: DuckDB's and each pandas
    form's medians, the ratios pandas / DuckDB, and whether the results are equal."""
    from benchmarks.run_queries import cases_for, not_offered, page_queries, param_values, runner, typical_filters
    from bohan.filters import Vocab

    vocab = Vocab.read(con)
    filters = typical_filters(vocab)
    values = param_values(con, vocab)
    frames, loads = {}, {}
    for form in FORMS:
        t0 = time.perf_counter()
        frames[form] = Frames(con, prepared=form == "prepared")
        loads[form] = {"s": time.perf_counter() - t0,
                       "mib": float(frames[form].incidents.memory_usage(deep=True).sum() / 2**20)}
        log(f"  incidents into pandas, {form}: {loads[form]['s']:.2f} s, {loads[form]['mib']:,.0f} MiB")
    rows = []
    for name in [n for n in page_queries() if n.startswith("crime/")]:
        fn = BASELINES.get(name)
        if fn is None:
            rows.append({"query": name, "missing": "no pandas twin written for this query yet"})
            continue
        for case in cases_for(name, filters, values, vocab):
            if not case.key.startswith("F") or not_offered(con, name, case):
                continue
            p = {k: v for k, v in case.params.items() if k != "fiscal"}
            extra = {"fiscal": bool(case.params.get("fiscal"))} if name in _TAKES_FISCAL else {}
            run = runner(name)  # as the page reads it
            duck_ms, runs, duck = _median_ms(lambda: run(con, name, **case.params), repeat)
            row = {"query": name, "case": case.key, "duckdb_ms": duck_ms, "duckdb_runs": runs, "rows": int(len(duck))}
            for form, fr in frames.items():
                ms, runs, pand = _median_ms(lambda: fn(fr, p, **extra), repeat)
                equal, why = same_result(duck, pand)
                row[form] = {"ms": ms, "runs": runs, "ratio": ms / duck_ms if duck_ms > 0 else float("inf"),
                             "equal": equal, "difference": why}
            row["equal"] = all(row[f]["equal"] for f in FORMS)
            rows.append(row)
        done = [r for r in rows if r["query"] == name and "equal" in r]
        if not done:
            log(f"  {name:34s} no case the page runs")
            continue
        log(f"  {name:34s} lowest ratio "
            + ", ".join(f"{f} {min(r[f]['ratio'] for r in done):.1f}x" for f in FORMS)
            + ("" if all(r["equal"] for r in done) else "  RESULTS DIFFER"))
    return {"repeat": repeat, "target_ratio": TARGET_RATIO, "forms": FORMS, "loads": loads,
            "rows_loaded": int(len(frames["loaded"].incidents)), "rows": rows}
