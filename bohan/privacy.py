"""Small-count suppression for the public view: towns within police boxes, with their totals.

Plain pandas and numpy (no Streamlit), so pages, maps, exports and tests share one rule.

The rule (stated on screen through ``privacy.rule`` in :mod:`bohan.i18n_privacy`)
--------------------------------------------------------------------------------------
A table of incident counts by *cell* (a town, 町丁目) within *groups* (police boxes, 交番)
is shown together with the group totals and the city total. In the public view:

1. **Zero** stays ``"0"``: an exact, public value.
2. **Primary suppression**: a count of 1 or 2 shows as ``"1-2"`` (status ``"small"``).
3. **Complementary suppression**: in every group that holds a ``"1-2"`` cell and whose total
   is shown, one more cell is hidden (``"x"``, status ``"hidden"``): the smallest count of 4
   or more in the group (ties: the first cell in key order).
4. When a group has no count of 4 or more beside its small cells (its other towns are 0 or
   3, or it has a single town), its **total** is hidden instead. Since the city total is
   shown, one hidden box total could be recovered as the city total minus the others, so a
   second box is paired with it: a box that already hides a town (first in key order), else
   the box holding the smallest count of 4 or more, whose cell is then hidden too. Only if
   no such box exists anywhere is the **city total** hidden.
5. Nothing finer than a town, and no victim attribute, is ever public (pages' business); no
   rate for a count under 3 or a population under 500 (:func:`rate_allowed`).

What anyone can know (the threat model), and why it holds
---------------------------------------------------------
The attacker knows every label on the view, every shown total exactly, and the rule, so a
``"1-2"`` cell is in {1, 2} and an ``"x"`` cell is 3 or more (0 and 1-2 are never hidden
as ``"x"``). A hidden cell is *protected* when at least two values of it fit everything
shown; a ``"1-2"`` cell must fit both 1 and 2.

Shown group totals make one equation per group over its hidden cells; when some group
totals are hidden and the city total is shown, the hidden groups' cells share one more
equation (city total minus the shown group totals). These equations have no cell in
common, so each can be argued alone. In each equation the rule puts every small cell
together with at least one complementary cell whose true value *x* is 4 or more. Take the
true values and move one small cell *p* to its other value (1 -> 2 or 2 -> 1) while moving
*x* the opposite way: *x* becomes *x* - 1 >= 3 or *x* + 1, both allowed, and the sum is
unchanged. So every small cell fits both 1 and 2, and every complementary cell fits two
values. A complementary cell of exactly 3 would not do: with *p* = 1, *x* = 3 the only split
of a total of 4 is 1 + 3. Cells without an equation (hidden totals and no shown city total)
are only bounded below, which leaves every value of their range. Before returning, the
table is checked against exactly this condition; a failure raises rather than publishes.

Assumptions, stated so that pages keep them
-------------------------------------------
- Group totals are counted over the same filter as the cells. A box total that also counts
  incidents not located in any town is treated as if the not-located count were public:
  that is the attacker's best case (knowing less only leaves more values fitting), so
  protection holds whether or not a page shows it.
- The city total is assumed shown (``city_total=True``); if all box totals are shown it
  adds nothing, since it is their sum.
- Protection is per view. Two views with different filters (all offences, and all but one)
  can be subtracted from each other; this module does not prevent that.
- The attacker reasons from the public bounds, not from *which* cell the procedure
  prefers, as in standard cell-suppression practice (tau-ARGUS's protection intervals).
  Someone who also knows that the complement is the group's smallest count of 4 or more
  learns that it is at least 4 (and at most the smallest shown count of 4 or more); in
  the corner case of a lone 1 beside a complement of exactly 4, that pins both. Stating
  "x is 3 or more" on screen, and nothing about the choice, keeps to the model above.
- Row order is public too: :func:`suppress` returns rows in key order (group, then cell),
  never in count order, where a hidden cell would sit between its neighbours' counts.
"""
from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

Status = Literal["shown", "small", "hidden", "zero"]
STATUSES: tuple[Status, ...] = ("shown", "hidden", "small", "zero")

SMALL_MAX = 2                    # counts 1..SMALL_MAX are primary-suppressed
SMALL_LABEL = f"1-{SMALL_MAX}"   # as FORMATS.md ("Small counts") and real town-level maps
HIDDEN_LABEL = "x"               # as Japanese official statistics mark 秘匿 (confidential) cells
HIDDEN_MIN = SMALL_MAX + 1       # what the public rule implies about a hidden cell: 3 or more
COMPLEMENT_MIN = SMALL_MAX + 2   # complementary cells are chosen at 4 or more (see the proof)
RATE_MIN_COUNT = 3               # FORMATS.md: no rates for counts under 3 ...
RATE_MIN_POPULATION = 500        # ... or populations under 500

_ALL = "__all__"                 # the single group when no group column is given


class SuppressionError(RuntimeError):
    """The suppression pattern failed its own check: a bug, never published."""


# --------------------------------------------------------------------------- helpers

def _sorted_index(df: pd.DataFrame, columns: list[str]) -> pd.Index:
    """Row labels in key order; keys of mixed types sort as text."""
    try:
        return df.sort_values(columns, kind="stable").index
    except TypeError:
        return df.sort_values(columns, kind="stable", key=lambda s: s.astype(str)).index


def _counts(values: pd.Series, value: str) -> np.ndarray:
    v = pd.to_numeric(values, errors="coerce")
    if v.isna().any():
        raise ValueError(f"{value!r} must be a count in every row (no missing values)")
    arr = v.to_numpy(dtype="float64")
    if (arr < 0).any() or (arr != np.round(arr)).any():
        raise ValueError(f"{value!r} must hold whole non-negative counts")
    return arr.astype("int64")


def _label(status: str, n: int) -> str:
    return {"zero": "0", "small": SMALL_LABEL, "hidden": HIDDEN_LABEL}.get(status) or f"{n:,}"


def _equations(groups: np.ndarray, status: np.ndarray, hidden_groups: set, *,
               group_totals: bool, city_shown: bool) -> list[np.ndarray]:
    """Positions of the non-exact cells in each independent equation the view publishes."""
    unknown = np.isin(status, ("small", "hidden"))
    eqs = []
    if group_totals:
        for g in pd.unique(groups):
            if g not in hidden_groups:
                eqs.append(np.flatnonzero((groups == g) & unknown))
    if city_shown:
        in_hidden = np.isin(groups, list(hidden_groups)) if group_totals else np.ones(len(groups), bool)
        eqs.append(np.flatnonzero(in_hidden & unknown))
    return [e for e in eqs if e.size]


def _protected(n: np.ndarray, status: np.ndarray, eqs: list[np.ndarray]) -> bool:
    """Whether every ``1-2`` cell fits both 1 and 2, and every ``x`` cell two values.

    Each equation says: the sum of its cells is known. A cell ranges over {1, 2} (small) or
    [3, inf) (hidden); sums of integer ranges are integer ranges, so the values a cell can
    take are its range cut by [total - others' maximum, total - others' minimum].
    """
    lo = np.where(status == "small", 1, HIDDEN_MIN).astype(float)
    hi = np.where(status == "small", SMALL_MAX, math.inf)
    for eq in eqs:
        total = float(n[eq].sum())
        for i in eq:
            others = eq[eq != i]
            low = max(lo[i], total - hi[others].sum())
            high = min(hi[i], total - lo[others].sum())
            if high - low < 1:  # fewer than two whole values
                return False
    return True


# --------------------------------------------------------------------------- the rule

def suppress(
    counts: pd.DataFrame,
    *,
    cell: str,
    group: str | None,
    value: str = "n",
    city_total: bool = True,
    keep_true: bool = False,
) -> pd.DataFrame:
    """Labels for a table of counts by cell (town) within groups (police boxes).

    Parameters
    ----------
    counts : pandas.DataFrame
        One row per cell: ``cell`` (unique, non-null key), ``group`` (non-null) and
        ``value`` (whole non-negative counts). Every cell of the view should be listed,
        zeros included (``queries/crime/counts_by_town.sql`` lists every town).
    cell : str
        Column naming the cell, e.g. ``"town"``.
    group : str or None
        Column naming the group whose totals are shown beside the cells, e.g. ``"koban"``;
        ``None`` when no group totals are shown (then only the city total counts).
    value : str, default "n"
        Column of counts.
    city_total : bool, default True
        Whether the view also shows the total over all cells (the summary metric).
    keep_true : bool, default False
        Also return ``value`` with the true counts. Only for staff views: it defeats the
        suppression.

    Returns
    -------
    pandas.DataFrame
        One row per cell, in key order (group, then cell; never in count order), with
        ``cell``, ``group`` (if given) and:

        - ``status``: ``"zero"``, ``"shown"``, ``"small"`` (1-2) or ``"hidden"``;
        - ``shown``: the text to show: ``"0"``, ``"1,234"``, ``"1-2"`` or ``"x"``;
        - ``shown_value``: float, the count where it is public (zero and shown), NaN
          otherwise: for chart lengths, colour classes and sorting;
        - ``group_hidden`` (if ``group`` is given): bool, the row's group total must not
          be shown (see :func:`totals`);
        - ``city_hidden``: bool, the same in every row: the city total must not be shown
          (see :func:`city_total_hidden`);
        - ``value`` only with ``keep_true=True``.

        Other columns of ``counts`` are dropped: a rate or a share beside a hidden count
        would give it away. Join display names back on ``cell``.

    Raises
    ------
    KeyError, ValueError
        Missing columns, duplicate or missing keys, counts that are not whole and
        non-negative.
    SuppressionError
        The pattern failed its own protection check (a bug; nothing is returned).
    """
    needed = [cell, value] + ([group] if group is not None else [])
    missing = [c for c in needed if c not in counts.columns]
    if missing:
        raise KeyError(f"counts need the columns {missing}")
    if counts[cell].isna().any() or counts[cell].duplicated().any():
        raise ValueError(f"{cell!r} must name each cell once (unique, non-null)")
    if group is not None and counts[group].isna().any():
        raise ValueError(f"{group!r} must name a group in every row")

    keys = [group, cell] if group is not None else [cell]
    rows = counts.loc[_sorted_index(counts, keys), keys + [value]].reset_index(drop=True)
    n = _counts(rows[value], value)
    groups = rows[group].to_numpy(dtype=object) if group is not None else np.full(len(rows), _ALL, dtype=object)
    status = np.where(n == 0, "zero", np.where(n <= SMALL_MAX, "small", "shown")).astype(object)
    group_totals = group is not None
    # The equations to protect against: group totals, if shown; the city total, if shown.
    # Without group totals, the whole table is one group whose total is the city total.
    needs_cover = group_totals or city_total

    open_groups: list = []
    cover: dict = {}  # group -> position of its complementary cell
    if needs_cover:
        for g in pd.unique(groups):
            here = groups == g
            if not (here & (status == "small")).any():
                continue
            candidates = np.flatnonzero(here & (n >= COMPLEMENT_MIN))
            if candidates.size:
                # smallest count of 4 or more; rows are in key order, so argmin breaks ties by key
                pick = candidates[np.argmin(n[candidates])]
                status[pick] = "hidden"
                cover[g] = pick
            else:
                open_groups.append(g)

    hidden_groups: set = set()
    city_hidden = False
    if open_groups:
        if not group_totals:
            city_hidden = True  # the one "group total" is the city total
        else:
            hidden_groups = set(open_groups)
            if city_total:
                partner = _partner(groups, n, status, cover, hidden_groups)
                if partner is None:
                    city_hidden = True
                else:
                    g, pick = partner
                    status[pick] = "hidden"
                    hidden_groups.add(g)

    eqs = _equations(groups, status, hidden_groups, group_totals=group_totals,
                     city_shown=city_total and not city_hidden)
    if not _protected(n, status, eqs):
        raise SuppressionError("a suppressed cell could be recovered from the totals shown")

    out = rows[keys].copy()
    out["status"] = pd.Series(status, dtype=object)
    out["shown"] = [_label(s, int(v)) for s, v in zip(status, n)]
    out["shown_value"] = np.where(np.isin(status, ("zero", "shown")), n, np.nan).astype("float64")
    if group_totals:
        out["group_hidden"] = np.isin(groups, list(hidden_groups))
    out["city_hidden"] = city_hidden
    if keep_true:
        out[value] = n
    return out


def _partner(groups, n, status, cover, hidden_groups):
    """The group whose total is hidden with the open groups, and its complementary cell.

    Preference: a group that already hides a cell (its total alone goes), first in key
    order; else the group with the smallest count of 4 or more (that cell is hidden too).
    """
    for g in pd.unique(groups):
        if g in cover and g not in hidden_groups:
            return g, cover[g]
    outside = ~np.isin(groups, list(hidden_groups)) & (n >= COMPLEMENT_MIN) & (status == "shown")
    candidates = np.flatnonzero(outside)
    if not candidates.size:
        return None
    pick = candidates[np.argmin(n[candidates])]
    return groups[pick], pick


# --------------------------------------------------------------------------- using the result

def public_view(by_cell: pd.DataFrame, *, cell: str = "town", group: str = "koban", value: str = "n") -> pd.DataFrame:
    """What the app's public view shows for towns, with every police-box and city total shown.

    The app shows box and city totals in many places besides the town map (the headline
    count, the yearly and monthly charts, the box ranking, a box filter's every chart), so a
    total cannot be hidden consistently. Where :func:`suppress` would hide a box total (the
    box has a ``"1-2"`` town and no other town of 4 or more to hide beside it), this withholds
    the whole box's town breakdown instead: every town of that box, zeros included, shows
    ``"x"``, and both totals stay. Anyone then knows only that box's total: with two or more
    towns in the box, no town's count can be told (a box of one town is box-level data, which
    is public). Elsewhere the rule of :func:`suppress` holds unchanged; its ``"x"`` cells keep
    their protection when the public is told less about them (not that they are 3 or more).

    Returns :func:`suppress` output with ``group_hidden`` and ``city_hidden`` all False and
    a column ``withheld`` (bool: the row's box shows no town breakdown).
    """
    s = suppress(by_cell, cell=cell, group=group, value=value)
    withheld = s[group].isin(hidden_groups(s, group)).to_numpy().copy()
    if s["city_hidden"].any():  # no box could pair: every box with small towns is withheld
        small_boxes = set(s.loc[s["status"] == "small", group])
        withheld |= s[group].isin(small_boxes).to_numpy()
    s.loc[withheld, "status"] = "hidden"
    s.loc[withheld, "shown"] = HIDDEN_LABEL
    s.loc[withheld, "shown_value"] = np.nan
    s["group_hidden"] = False
    s["city_hidden"] = False
    s["withheld"] = withheld
    return s


def city_total_hidden(suppressed: pd.DataFrame) -> bool:
    """Whether the city total must be shown as ``"x"`` beside this table."""
    return bool(suppressed["city_hidden"].any()) if len(suppressed) else False


def hidden_groups(suppressed: pd.DataFrame, group: str) -> set:
    """The groups (police boxes) whose totals must be shown as ``"x"``."""
    return set(suppressed.loc[suppressed["group_hidden"], group])


def totals(group_counts: pd.DataFrame, suppressed: pd.DataFrame, *, group: str, value: str = "n") -> pd.DataFrame:
    """Group totals (police boxes) labelled consistently with :func:`suppress` output.

    Parameters
    ----------
    group_counts : pandas.DataFrame
        One row per group: ``group`` and ``value`` (the totals the page would show, e.g.
        ``queries/crime/counts_by_koban.sql`` under the same filter as the towns).
    suppressed : pandas.DataFrame
        :func:`suppress` output for the cells of those groups.
    group, value : str
        Column names in ``group_counts``.

    Returns
    -------
    pandas.DataFrame
        ``group``, ``status``, ``shown``, ``shown_value`` in key order, like
        :func:`suppress`: totals to hide are ``"hidden"`` (``"x"``); totals of 1-2 (possible
        when a box counts incidents not located in a town) are ``"small"`` (``"1-2"``), as
        the public view shows small counts at every level. Ready for
        :func:`bohan.maps.choropleth` at police-box level.
    """
    if group not in group_counts.columns or value not in group_counts.columns:
        raise KeyError(f"group_counts need {group!r} and {value!r} columns")
    hide = hidden_groups(suppressed, group)
    rows = group_counts.loc[_sorted_index(group_counts, [group]), [group, value]].reset_index(drop=True)
    n = _counts(rows[value], value)
    status = np.where(n == 0, "zero", np.where(n <= SMALL_MAX, "small", "shown")).astype(object)
    status[rows[group].isin(hide).to_numpy()] = "hidden"
    out = rows[[group]].copy()
    out["status"] = status
    out["shown"] = [_label(s, int(v)) for s, v in zip(status, n)]
    out["shown_value"] = np.where(np.isin(status, ("zero", "shown")), n, np.nan).astype("float64")
    return out


def ranked(suppressed: pd.DataFrame) -> pd.DataFrame:
    """Rows in ranking order without placing any suppressed cell by its count.

    Shown counts first, largest first; then hidden (``"x"``), small (``"1-2"``) and zero
    cells, each in the key order :func:`suppress` returned. Bars are ``shown_value``
    (NaN draws no bar); labels are ``shown``.
    """
    rank = suppressed["status"].map({s: i for i, s in enumerate(STATUSES)})
    order = pd.DataFrame({"rank": rank, "neg": -suppressed["shown_value"].fillna(0)}, index=suppressed.index)
    return suppressed.loc[order.sort_values(["rank", "neg"], kind="stable").index]


def for_download(suppressed: pd.DataFrame, lang: str = "ja") -> pd.DataFrame:
    """The suppressed table as a download: a numeric count column and a note column.

    ``n`` is the public count (nullable integer, empty for small and hidden cells) and
    ``note`` says why a count is missing: ``"1〜2"`` / ``"1 to 2"`` or ``"x（秘匿）"`` /
    ``"x (hidden)"``. The note avoids ``"1-2"`` because Excel turns that into a date
    (2 January). Columns: the key columns, ``n``, ``note``; rename them for the reader.
    """
    from bohan.i18n import t  # a plain catalogue; imported here so this module stays light

    # The key columns come before ``status`` in suppress() output; a true count kept for
    # staff (keep_true) comes after it and never reaches a download.
    keys = list(suppressed.columns[:list(suppressed.columns).index("status")])
    notes = {"small": t("privacy.csv.small", lang), "hidden": t("privacy.csv.hidden", lang)}
    out = suppressed[keys].copy()
    out["n"] = suppressed["shown_value"].astype("Int64")
    out["note"] = suppressed["status"].map(lambda s: notes.get(s, ""))
    return out


def rate_allowed(count, population, *, status: str | None = None) -> bool:
    """Whether a rate (count per population) may be shown (FORMATS.md, "Small counts").

    Parameters
    ----------
    count : int
        The true count.
    population : int
        Residents of the area.
    status : str, optional
        The cell's :func:`suppress` status; a rate beside a ``"small"`` or ``"hidden"``
        count would give the count away (rate x population), so only ``"shown"`` (or no
        status) may have one.

    Returns
    -------
    bool
        False for counts under 3, populations under 500, missing values, or a suppressed
        status.
    """
    if status is not None and status != "shown":
        return False
    try:
        c, p = float(count), float(population)
    except (TypeError, ValueError):
        return False
    if not (math.isfinite(c) and math.isfinite(p)):
        return False
    return c >= RATE_MIN_COUNT and p >= RATE_MIN_POPULATION


__all__ = [
    "COMPLEMENT_MIN", "HIDDEN_LABEL", "HIDDEN_MIN", "SMALL_LABEL", "SMALL_MAX", "STATUSES",
    "SuppressionError", "city_total_hidden", "for_download", "hidden_groups", "ranked",
    "rate_allowed", "suppress", "totals",
]
