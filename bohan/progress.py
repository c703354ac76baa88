"""Where each of the plan's indicators stands: glide path, status and how sure we can be.

The plan (chapter 4) checks its five indicators every fiscal year. For each one this module
draws the **glide path**: a straight line from the value the plan started from (its 実績値
or 現状値) to the target in FY2029 (令和11年度), one value per year. The **status** of the
latest actual value compares it with the path in that year:

* with a statistical interval (offences: a Poisson count; survey shares: a binomial share),
  ``behind`` when the whole 95 % interval is on the wrong side of the path, ``ahead`` when
  the whole interval is on the right side, ``on_track`` otherwise: a change smaller than the
  year-to-year noise says nothing either way;
* counted exactly (activities held, people registered, cameras installed: no sampling),
  ``behind`` when short of this year's path value, ``ahead`` when already at next year's,
  ``on_track`` in between.

Offences are counted by calendar year (police statistics) and the target is for FY2029; the
path treats 2029 as the target year of the count, as the plan does.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats as sstats

from bohan.stats import poisson_interval

#: How each indicator's uncertainty is judged.
UNCERTAINTY = {
    "offences": "poisson",           # offences known to police: a count of random events
    "satisfaction": "binomial",      # a share of survey respondents
    "info_activities": "exact",      # activities the city held: counted, no sampling
    "nagara_participants": "exact",  # people registered: counted
    "street_cameras": "exact",       # cameras installed: counted
}
STATUSES = ("ahead", "on_track", "behind")
LEVEL = 0.95


def glide_path(start_year: int, start_value: float, target_year: int, target_value: float) -> pd.DataFrame:
    """Year-by-year straight line from the start to the target (both ends included)."""
    if target_year <= start_year:
        raise ValueError(f"target year {target_year} is not after the start year {start_year}")
    years = np.arange(start_year, target_year + 1)
    values = start_value + (target_value - start_value) * (years - start_year) / (target_year - start_year)
    return pd.DataFrame({"year": years, "path": values})


def binomial_interval(share_pct: float, n: int, level: float = LEVEL) -> tuple[float, float]:
    """Wilson interval (percent) of a survey share of ``n`` respondents."""
    k = int(round(share_pct * n / 100.0))
    ci = sstats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    return 100.0 * ci.low, 100.0 * ci.high


def interval(indicator_id: str, value: float, n: int | None) -> tuple[float, float] | None:
    """The 95 % interval of an actual value, or None for values counted exactly."""
    kind = UNCERTAINTY.get(indicator_id, "exact")
    if kind == "poisson":
        low, high = poisson_interval([value])
        return float(low[0]), float(high[0])
    if kind == "binomial" and n:
        return binomial_interval(value, int(n))
    return None


def status(actual: float, ci: tuple[float, float] | None, path_now: float, path_next: float | None,
           direction: str) -> str:
    """'ahead', 'on_track' or 'behind' (see the module's rules)."""
    better = (lambda a, b: a < b) if direction == "decrease" else (lambda a, b: a > b)
    if ci is not None:
        worst, best = (ci[1], ci[0]) if direction == "decrease" else (ci[0], ci[1])
        if better(path_now, best) and not np.isclose(best, path_now):
            return "behind"
        if better(worst, path_now) and not np.isclose(worst, path_now):
            return "ahead"
        return "on_track"
    if better(path_now, actual) and not np.isclose(actual, path_now):
        return "behind"
    if path_next is not None and (better(actual, path_next) or np.isclose(actual, path_next)):
        return "ahead"
    return "on_track"


@dataclass
class Progress:
    """One indicator's position: the plan's figures, the actuals, the path and the verdict."""

    indicator_id: str
    row: pd.Series            # the plan_indicators row
    values: pd.DataFrame      # year, value, n, source, edited (effective actuals, oldest first)
    path: pd.DataFrame        # year, path
    latest_year: int
    latest_value: float
    latest_source: str
    ci: tuple[float, float] | None
    path_value: float | None  # the path in the latest year (None before the path starts)
    status: str | None        # None when the latest value is the path's own start

    @property
    def direction(self) -> str:
        return self.row["direction"]

    @property
    def target(self) -> float:
        return float(self.row["target_value"])

    @property
    def reached(self) -> bool:
        t = self.target
        return self.latest_value <= t if self.direction == "decrease" else self.latest_value >= t


def effective_values(values: pd.DataFrame, edits: pd.DataFrame | None) -> pd.DataFrame:
    """The data's yearly values with the staff's latest edit of each (indicator, year) on top.

    ``values``: indicator_id, year, value, n, source; ``edits``: the workspace's edit log
    (indicator_id, year, value, n, edited_by, edited_at, revision). Returns the same columns as
    ``values`` plus ``edited`` (bool), ``edited_by``, ``edited_at``, ``revision`` (0 = never edited).
    """
    out = values.assign(edited=False, edited_by=None, edited_at=pd.NaT, revision=0)
    if edits is None or edits.empty:
        return out.sort_values(["indicator_id", "year"], ignore_index=True)
    last = edits.sort_values("revision").drop_duplicates(["indicator_id", "year"], keep="last")
    merged = out.merge(last[["indicator_id", "year", "value", "n", "edited_by", "edited_at", "revision"]],
                       on=["indicator_id", "year"], how="outer", suffixes=("", "_e"))
    has = merged["revision_e"].notna()
    merged.loc[has, "value"] = merged.loc[has, "value_e"]
    merged.loc[has, "n"] = merged.loc[has, "n_e"].where(merged.loc[has, "n_e"].notna(), merged.loc[has, "n"])
    merged.loc[has, "source"] = "staff"
    merged.loc[has, "edited"] = True
    merged.loc[has, "edited_by"] = merged.loc[has, "edited_by_e"]
    merged.loc[has, "edited_at"] = merged.loc[has, "edited_at_e"]
    merged.loc[has, "revision"] = merged.loc[has, "revision_e"]
    merged["revision"] = merged["revision"].fillna(0).astype(int)
    merged["edited"] = merged["edited"].fillna(False).astype(bool)
    keep = [c for c in out.columns]
    return merged[keep].sort_values(["indicator_id", "year"], ignore_index=True)


def progress(indicators: pd.DataFrame, values: pd.DataFrame) -> list[Progress]:
    """Each indicator's :class:`Progress`, in the plan's order.

    ``indicators``: the plan_indicators table; ``values``: effective yearly values
    (:func:`effective_values`).
    """
    out = []
    for _, row in indicators.iterrows():
        iid = row["indicator_id"]
        start_year, start_value = int(row["latest_year"]), float(row["latest_value"])
        path = glide_path(start_year, start_value, int(row["target_year"]), float(row["target_value"]))
        mine = values[values["indicator_id"] == iid].sort_values("year")
        if mine.empty:  # no yearly values: the plan's own latest figure
            mine = pd.DataFrame({"indicator_id": [iid], "year": [start_year], "value": [start_value],
                                 "n": [pd.NA], "source": ["plan"], "edited": [False]})
        last = mine.iloc[-1]
        year, value = int(last["year"]), float(last["value"])
        n = None if pd.isna(last.get("n")) else int(last["n"])
        ci = interval(iid, value, n)
        on_path = path.set_index("year")["path"]
        path_now = float(on_path[year]) if year in on_path.index else None
        path_next = float(on_path[year + 1]) if year + 1 in on_path.index else None
        verdict = None
        if path_now is not None and year > start_year:
            verdict = status(value, ci, path_now, path_next, row["direction"])
        out.append(Progress(indicator_id=iid, row=row, values=mine.reset_index(drop=True), path=path,
                            latest_year=year, latest_value=value, latest_source=str(last["source"]), ci=ci,
                            path_value=path_now, status=verdict))
    return out


def table(items: list[Progress]) -> pd.DataFrame:
    """One row per indicator: baseline, latest, path value, interval, target, status (for tables and exports)."""
    rows = []
    for p in items:
        r = p.row
        rows.append({
            "indicator_id": p.indicator_id, "kind": r["kind"], "unit": r["unit"],
            "baseline_value": float(r["baseline_value"]), "baseline_year": int(r["baseline_year"]),
            "baseline_year_kind": r["baseline_year_kind"],
            "latest_value": p.latest_value, "latest_year": p.latest_year,
            "latest_year_kind": r["latest_year_kind"] if p.indicator_id == "offences" else "fiscal",
            "latest_source": p.latest_source,
            "ci_low": p.ci[0] if p.ci else None, "ci_high": p.ci[1] if p.ci else None,
            "path_value": p.path_value, "target_value": p.target, "target_year": int(r["target_year"]),
            "direction": p.direction, "status": p.status, "reached": p.reached,
        })
    return pd.DataFrame(rows)


# --- staff entries: validation ------------------------------------------------------------
class EntryError(ValueError):
    """A refused yearly value, with a message key (``progress.error.<key>``)."""

    def __init__(self, key: str, message: str, **values):
        super().__init__(message)
        self.key = key
        self.values = values


def check_entry(row: pd.Series, year: object, value: object, n: object = None) -> tuple[int, float, int | None]:
    """Validate a staff entry for the indicator ``row``; returns (year, value, n) or raises EntryError.

    A share lies between 0 and 100 and needs the number of respondents; a count is a whole
    number, not negative; the year lies between the plan's baseline year and its target year.
    """
    from numbers import Real

    def number(v) -> bool:
        return isinstance(v, Real) and not isinstance(v, bool) and np.isfinite(float(v))

    if not number(year) or not float(year).is_integer():
        raise EntryError("year", "the year must be a whole number", value=year)
    first, last = int(row["baseline_year"]), int(row["target_year"])
    if not first <= int(year) <= last:
        raise EntryError("year", "year outside the plan", value=year, low=first, high=last)
    if not number(value):
        raise EntryError("value", "the value must be a number", value=value)
    value = float(value)
    if row["unit"] == "pct":
        if not 0.0 <= value <= 100.0:
            raise EntryError("share", "a share lies between 0 and 100", value=value)
        if not number(n) or not float(n).is_integer() or int(n) < 1:
            raise EntryError("respondents", "a share needs the number of respondents", value=n)
        return int(year), value, int(n)
    if value < 0:
        raise EntryError("negative", "a count cannot be negative", value=value)
    if not value.is_integer():
        raise EntryError("whole", "a count is a whole number", value=value)
    return int(year), value, None
