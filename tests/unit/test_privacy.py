"""Small-count suppression: "1-2" cells, complementary "x" cells and hidden totals.

The central test is a brute-force attacker: it knows every label, every total shown and the
public bounds of the rule ("1-2" is 1 or 2, "x" is 3 or more), searches all assignments of
the suppressed cells that fit, and must find both 1 and 2 for every "1-2" cell and at least
two values for every "x" cell. It searches assignments directly (no interval reasoning,
which is what ``bohan.privacy`` itself uses), so the two are independent checks.
"""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from bohan import export, privacy

# --------------------------------------------------------------------------- the attacker


def published(counts: pd.DataFrame, out: pd.DataFrame, *, group: str | None, city_total: bool,
              floor_zero: frozenset = frozenset()):
    """What the view tells an attacker about the suppressed cells.

    ``counts`` holds the true ``town``, ``koban`` and ``n``; ``out`` is what the view shows.
    Known: each cell's label (exact for "0" and numbers), each group total not marked
    hidden, the city total unless hidden, and the rule's bounds: "1-2" in {1, 2}, "x" >= 3.

    Returns
    -------
    names : list of str
        The suppressed towns, in variable order.
    lo, hi : list of int
        Their bounds (``hi`` is None when unbounded).
    eqs : list of (list of int, int)
        Equations: variable positions whose sum is known, and that sum (a shown total less
        the exact cells under it).
    truth : list of int
        Their true counts.
    """
    view = out.merge(counts[["town", "koban", "n"]].rename(columns={"koban": "_box"}), on="town")
    secret = view["status"].isin(["small", "hidden"]).to_numpy()
    names = view.loc[secret, "town"].tolist()
    pos = {name: i for i, name in enumerate(names)}
    eqs = []

    def add(rows):
        members = [pos[t] for t in rows["town"] if t in pos]
        if members:
            eqs.append((members, int(rows.loc[rows["town"].isin(pos), "n"].sum())))

    if group is not None:
        for _, rows in view.groupby("_box"):
            if not rows["group_hidden"].iloc[0]:
                add(rows)
    if city_total and not view["city_hidden"].iloc[0]:
        add(view)
    small = view.loc[secret, "status"].eq("small").tolist()
    lo = [1 if s else 0 if name in floor_zero else 3 for s, name in zip(small, names)]
    hi = [2 if s else None for s in small]
    return names, lo, hi, eqs, view.loc[secret, "n"].astype(int).tolist()


def recoverable_by_enumeration(counts, out, *, group, city_total, floor_zero: frozenset = frozenset()) -> list[str]:
    """Brute force: list every assignment of the suppressed cells that fits, then look at each cell.

    An "x" cell is searched up to the largest true count plus 3: a cap only takes values
    away from the attacker, so it can report a cell recoverable that is not, never the
    reverse; and a cell that can move moves by one (the other cells absorb it). Only for
    small tables (the search is exponential).
    """
    names, lo, hi, eqs, truth = published(counts, out, group=group, city_total=city_total, floor_zero=floor_zero)
    cap = int(counts["n"].max()) + 3
    hi = [h if h is not None else cap for h in hi]
    member = [[k for k, (cells, _) in enumerate(eqs) if i in cells] for i in range(len(names))]
    partial = [0] * len(eqs)
    values: list[set[int]] = [set() for _ in names]
    current = [0] * len(names)

    last = {k: max(cells) for k, (cells, _) in enumerate(eqs)}

    def go(i: int) -> None:
        if i == len(names):
            for j, v in enumerate(current):
                values[j].add(v)
            return
        closing = {eqs[k][1] - partial[k] for k in member[i] if last[k] == i}
        if len(closing) > 1:
            return  # two equations closing here want different values
        for v in closing or range(lo[i], hi[i] + 1):
            if not lo[i] <= v <= hi[i]:
                continue
            if any(partial[k] + v > eqs[k][1] for k in member[i]):
                break  # every equation's cells are non-negative: a larger value overshoots too
            current[i] = v
            for k in member[i]:
                partial[k] += v
            go(i + 1)
            for k in member[i]:
                partial[k] -= v

    go(0)
    assert all(truth[i] in values[i] for i in range(len(names))), "the truth must fit what is shown"
    return [n for n, vals, low in zip(names, values, lo)
            if ((vals != {1, 2}) if low == 1 else (len(vals) < 2))]


def recoverable_by_lp(counts, out, *, group, city_total) -> list[str]:
    """The same attacker for larger tables: each cell's least and greatest value by integer programming."""
    names, lo, hi, eqs, _ = published(counts, out, group=group, city_total=city_total)
    if not names:
        return []
    a = np.zeros((len(eqs), len(names)))
    for k, (cells, _) in enumerate(eqs):
        a[k, cells] = 1
    constraints = [LinearConstraint(a, [t for _, t in eqs], [t for _, t in eqs])] if eqs else []
    bounds = Bounds(lo, [np.inf if h is None else h for h in hi])
    found = []
    for i, name in enumerate(names):
        c = np.zeros(len(names))
        c[i] = 1
        least = milp(c, constraints=constraints, bounds=bounds, integrality=np.ones(len(names)))
        most = milp(-c, constraints=constraints, bounds=bounds, integrality=np.ones(len(names)))
        # the truth fits, so "infeasible or unbounded" (4) can only mean unbounded
        assert least.status == 0 and most.status in (0, 3, 4), (least.message, most.message)
        high = -most.fun if most.status == 0 else np.inf
        low = round(least.fun)
        if ((low, high) != (1, 2)) if lo[i] == 1 else (high - low < 1):
            found.append(name)
    return found


# --------------------------------------------------------------------------- fixtures


def _table(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["koban", "town", "n"])


def _status(out: pd.DataFrame) -> dict[str, str]:
    return dict(zip(out["town"], out["status"]))


def test_attacker_finds_a_complement_of_three():
    """The checker itself: a "1-2" beside one "x" of 3 under a shown total is recovered (1 + 3 = 4)."""
    counts = _table([("K", "a", 1), ("K", "b", 3), ("K", "c", 8)])
    naive = pd.DataFrame({"koban": "K", "town": ["a", "b", "c"], "status": ["small", "hidden", "shown"],
                          "group_hidden": False, "city_hidden": False})
    naive_without_complement = naive.assign(status=["small", "shown", "shown"])
    for attacker in (recoverable_by_enumeration, recoverable_by_lp):
        assert sorted(attacker(counts, naive, group="koban", city_total=True)) == ["a", "b"]
        assert attacker(counts, naive_without_complement, group="koban", city_total=True) == ["a"]


def test_suppress_shows_small_counts_as_1_2_and_hides_the_smallest_of_four_or_more():
    """1 reads "1-2"; of 3, 5, 9 the 5 is hidden ("x"), not the 3 (1 + 3 would give it away)."""
    counts = _table([("K", "a", 1), ("K", "b", 3), ("K", "c", 9), ("K", "d", 5), ("K", "e", 0)])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert _status(out) == {"a": "small", "b": "shown", "c": "shown", "d": "hidden", "e": "zero"}
    assert dict(zip(out["town"], out["shown"])) == {"a": "1-2", "b": "3", "c": "9", "d": "x", "e": "0"}
    assert not out["group_hidden"].any() and not out["city_hidden"].any()
    assert recoverable_by_enumeration(counts, out, group="koban", city_total=True) == []


def test_suppress_keeps_zero_apart_from_suppressed():
    """Zero stays "0" with value 0; suppressed cells have no value at all."""
    counts = _table([("K", "a", 0), ("K", "b", 2), ("K", "c", 4)])
    out = privacy.suppress(counts, cell="town", group="koban").set_index("town")
    assert out.loc["a", "shown"] == "0" and out.loc["a", "shown_value"] == 0
    assert out.loc[["b", "c"], "shown_value"].isna().all()
    assert list(out["status"]) == ["zero", "small", "hidden"]


def test_suppress_thousands_separator():
    """Shown counts read with thousands separators."""
    out = privacy.suppress(_table([("K", "a", 1234)]), cell="town", group="koban")
    assert out["shown"].tolist() == ["1,234"] and out["shown_value"].tolist() == [1234.0]


def test_suppress_single_town_box_hides_its_total_and_a_partner_box():
    """A box of one "1-2" town hides its total; another box's total goes too, or the city total would give it."""
    counts = _table([("A", "a1", 2), ("B", "b1", 1), ("B", "b2", 6), ("B", "b3", 8), ("C", "c1", 5)])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert privacy.hidden_groups(out, "koban") == {"A", "B"}, "B already hides b2: its total goes with A's"
    assert _status(out) == {"a1": "small", "b1": "small", "b2": "hidden", "b3": "shown", "c1": "shown"}
    assert not privacy.city_total_hidden(out)
    assert recoverable_by_enumeration(counts, out, group="koban", city_total=True) == []


def test_suppress_partner_without_a_hidden_town_hides_its_smallest_of_four_or_more():
    """With no box hiding a town yet, the partner box hides its smallest count of 4 or more."""
    counts = _table([("A", "a1", 1), ("A", "a2", 3), ("B", "b1", 12), ("B", "b2", 7), ("C", "c1", 4), ("C", "c2", 30)])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert privacy.hidden_groups(out, "koban") == {"A", "C"}
    assert _status(out)["c1"] == "hidden" and (out["status"] == "hidden").sum() == 1
    assert recoverable_by_enumeration(counts, out, group="koban", city_total=True) == []


def test_suppress_hides_the_city_total_when_no_cell_can_cover():
    """Counts all under 4: no complementary cell exists, so the box totals and the city total go."""
    counts = _table([("A", "a1", 1), ("A", "a2", 3), ("B", "b1", 1)])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert privacy.city_total_hidden(out)
    assert privacy.hidden_groups(out, "koban") == {"A", "B"}
    assert recoverable_by_enumeration(counts, out, group="koban", city_total=True) == []


def test_suppress_without_groups_protects_against_the_city_total():
    """No group column: the city total alone is the equation to protect against."""
    counts = _table([("-", "a", 1), ("-", "b", 4), ("-", "c", 10)])
    out = privacy.suppress(counts, cell="town", group=None)
    assert "group_hidden" not in out.columns and "koban" not in out.columns
    assert _status(out) == {"a": "small", "b": "hidden", "c": "shown"}
    assert privacy.suppress(counts, cell="town", group=None, city_total=False)["status"].tolist() == [
        "small", "shown", "shown"], "no total on the view: nothing to subtract from"


def test_suppress_returns_no_true_count_unless_asked():
    """Only key and label columns come back; extra columns (a rate would leak) are dropped; keep_true adds n."""
    counts = _table([("K", "a", 1), ("K", "b", 5)]).assign(rate=[0.1, 0.5], label=["A", "B"])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert list(out.columns) == ["koban", "town", "status", "shown", "shown_value", "group_hidden", "city_hidden"]
    staff = privacy.suppress(counts, cell="town", group="koban", keep_true=True)
    assert staff["n"].tolist() == [1, 5]


def test_suppress_row_order_never_follows_the_counts():
    """Rows come in key order whatever the input order, so a hidden cell's place says nothing."""
    counts = _table([("K", "c", 9), ("K", "d", 5), ("K", "b", 3), ("K", "a", 1), ("J", "z", 0)])
    out = privacy.suppress(counts, cell="town", group="koban")
    assert out["town"].tolist() == ["z", "a", "b", "c", "d"]
    shuffled = privacy.suppress(counts.sample(frac=1, random_state=3), cell="town", group="koban")
    pd.testing.assert_frame_equal(out, shuffled)


@pytest.mark.parametrize("bad", [
    _table([("K", "a", 1), ("K", "a", 2)]),          # duplicate town
    _table([("K", None, 1)]),                        # missing town
    _table([(None, "a", 1)]),                        # missing box
    _table([("K", "a", -1)]),                        # negative
    _table([("K", "a", 1.5)]),                       # not whole
    _table([("K", "a", float("nan"))]),              # missing count
])
def test_suppress_refuses_bad_tables(bad):
    """Duplicate or missing keys and counts that are not whole and non-negative are refused."""
    with pytest.raises(ValueError):
        privacy.suppress(bad, cell="town", group="koban")


def test_suppress_needs_its_columns():
    """A missing column is a KeyError naming it."""
    with pytest.raises(KeyError, match="koban"):
        privacy.suppress(pd.DataFrame({"town": ["a"], "n": [1]}), cell="town", group="koban")


# --------------------------------------------------------------------------- the property


@st.composite
def tables(draw, boxes: int = 4, towns: int = 4, most: int = 12):
    """A small table of towns in boxes; counts lean to 0-5 where the rule has its edges."""
    count = st.one_of(st.integers(0, 5), st.integers(0, most))
    n_boxes = draw(st.integers(1, boxes))
    rows = []
    for b in range(n_boxes):
        for t in range(draw(st.integers(1, towns))):
            rows.append((f"K{b}", f"t{b}{t}", draw(count)))
    return _table(rows)


@settings(max_examples=250, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(counts=tables(), grouped=st.booleans(), city_total=st.booleans())
def test_no_suppressed_cell_can_be_recovered(counts, grouped, city_total):
    """Brute force: every "1-2" fits both 1 and 2 and every "x" two values, given all the view shows."""
    group = "koban" if grouped else None
    out = privacy.suppress(counts, cell="town", group=group, city_total=city_total)
    assert recoverable_by_enumeration(counts, out, group=group, city_total=city_total) == []
    # labels: zero and shown counts exact, 1-2 always "1-2", "x" only over 3
    view = out.merge(counts[["town", "n"]], on="town")
    assert (view.loc[view["n"] == 0, "status"] == "zero").all()
    assert (view.loc[view["n"].between(1, 2), "shown"] == "1-2").all()
    assert (view.loc[view["status"] == "hidden", "n"] >= privacy.COMPLEMENT_MIN).all()
    shown = view[view["status"] == "shown"]
    assert (shown["shown_value"] == shown["n"]).all()
    assert view.loc[view["status"].isin(["small", "hidden"]), "shown_value"].isna().all()


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(counts=tables())
def test_public_view_shows_every_total_and_still_protects_small_towns(counts):
    """The app's public view: box and city totals always shown; boxes where hiding one more town is not
    enough show no town at all ("x" throughout, which may then be 0). Brute force: no "1-2" or "x" town
    can be worked out, except the one town of a one-town box (box-level data, public anyway)."""
    out = privacy.public_view(counts)
    assert not out["group_hidden"].any() and not out["city_hidden"].any()
    withheld = frozenset(out.loc[out["withheld"], "town"])
    assert (out.loc[out["withheld"], "shown"] == "x").all()
    found = recoverable_by_enumeration(counts, out, group="koban", city_total=True, floor_zero=withheld)
    single = set(counts.groupby("koban").filter(lambda g: len(g) == 1)["town"])
    assert set(found) <= single, found
    view = out.merge(counts[["town", "n"]], on="town")
    assert (view.loc[view["n"].between(1, 2) & ~view["withheld"], "shown"] == "1-2").all()
    assert view.loc[view["status"].isin(["small", "hidden"]), "shown_value"].isna().all()


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(counts=tables(boxes=3, towns=3, most=8), data=st.data())
def test_the_two_attackers_agree_on_any_pattern(counts, data):
    """Enumeration and integer programming find the same recoverable cells, for any hiding pattern.

    The patterns are drawn at random (not from ``suppress``), so most of them leak: this
    checks the integer-programming attacker used on the sample city against brute force.
    """
    n = counts["n"].to_numpy()
    status = ["zero" if v == 0 else "small" if v <= 2 else
              data.draw(st.sampled_from(["shown", "hidden"]), label=f"cell {i}") for i, v in enumerate(n)]
    boxes = sorted(counts["koban"].unique())
    hidden_boxes = set(data.draw(st.sets(st.sampled_from(boxes)), label="hidden boxes"))
    pattern = counts[["koban", "town"]].assign(
        status=status, group_hidden=counts["koban"].isin(hidden_boxes),
        city_hidden=data.draw(st.booleans(), label="city hidden"))
    kw = {"group": "koban", "city_total": True}
    assert recoverable_by_enumeration(counts, pattern, **kw) == recoverable_by_lp(counts, pattern, **kw)


# --------------------------------------------------------------------------- using the result


def test_totals_label_boxes_like_towns():
    """Box totals: hidden boxes read "x", 1-2 reads "1-2", 0 stays "0", others exact, in key order."""
    counts = _table([("A", "a1", 2), ("B", "b1", 1), ("B", "b2", 6), ("C", "c1", 5), ("D", "d1", 0)])
    out = privacy.suppress(counts, cell="town", group="koban")
    boxes = pd.DataFrame({"koban": ["C", "B", "A", "D", "E"], "n": [5, 7, 2, 0, 2]})  # E: 2 not located in a town
    tot = privacy.totals(boxes, out, group="koban")
    assert tot["koban"].tolist() == ["A", "B", "C", "D", "E"]
    assert tot["shown"].tolist() == ["x", "x", "5", "0", "1-2"]
    assert tot["status"].tolist() == ["hidden", "hidden", "shown", "zero", "small"]
    assert tot["shown_value"].isna().tolist() == [True, True, False, False, True]


def test_ranked_puts_shown_counts_first_and_never_places_a_suppressed_one():
    """Shown counts largest first, then "x", "1-2" and 0 in key order."""
    counts = _table([("K", "a", 1), ("K", "b", 5), ("K", "c", 9), ("K", "d", 0), ("K", "e", 3), ("K", "f", 2)])
    out = privacy.ranked(privacy.suppress(counts, cell="town", group="koban"))
    assert out["town"].tolist() == ["c", "e", "b", "a", "f", "d"]


def test_for_download_has_public_counts_and_notes_excel_keeps_as_text():
    """The download has the shown count (blank when suppressed) and a note that Excel won't turn into a date."""
    counts = _table([("K", "a", 1), ("K", "b", 5), ("K", "c", 9), ("K", "d", 0)])
    out = privacy.suppress(counts, cell="town", group="koban", keep_true=True)
    down = privacy.for_download(out, "ja")
    assert list(down.columns) == ["koban", "town", "n", "note"]
    assert down["n"].tolist()[2:] == [9, 0] and down["n"].isna().tolist() == [True, True, False, False]
    assert down["note"].tolist() == ["1〜2", "x（秘匿）", "", ""]
    assert privacy.for_download(out, "en")["note"].tolist()[:2] == ["1 to 2", "x (hidden)"]
    back = pd.read_csv(io.BytesIO(export.csv_bytes(down)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["n"].tolist() == ["", "", "9", "0"], "no true small or hidden count in the file"
    assert not back.isin(["1-2"]).any().any()


@pytest.mark.parametrize(("count", "population", "status", "allowed"), [
    (3, 500, None, True), (2, 10_000, None, False), (100, 499, None, False), (3, 500, "shown", True),
    (5, 1000, "hidden", False), (2, 1000, "small", False), (None, 1000, None, False),
    (float("nan"), 1000, None, False), (10, float("nan"), None, False), (np.int64(7), np.int64(800), None, True),
])
def test_rate_allowed_follows_formats(count, population, status, allowed):
    """No rate for counts under 3, populations under 500, missing values or suppressed cells."""
    assert privacy.rate_allowed(count, population, status=status) is allowed


def test_sample_town_counts_are_protected(con):
    """On the sample city under a narrow filter (many 1-2 towns), no suppressed town is recoverable."""
    by_town = con.execute("""
        SELECT t.town, t.koban, count(i.incident_id) AS n
        FROM towns AS t LEFT JOIN incidents AS i ON i.town = t.town AND i.offence = '自転車盗' AND i.data_year = (
            SELECT max(data_year) FROM incidents)
        GROUP BY t.town, t.koban""").df()
    assert by_town["n"].between(1, 2).sum() >= 5, "the filter should leave several small towns"
    out = privacy.suppress(by_town, cell="town", group="koban")
    assert recoverable_by_lp(by_town, out, group="koban", city_total=True) == []
    assert (out["status"] == "small").sum() == by_town["n"].between(1, 2).sum()
