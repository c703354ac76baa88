"""Where should the next cameras go? Maximal covering location near school routes.

The plan raises the street cameras from 26 to 40 "on roads and in parks, centred on school
routes". This module answers it as a *maximal covering location problem* (MCLP; Church and
ReVelle 1974): demand points carry weights (a short piece of school route, weighted by its
length and by the incidents near it); a demand point is covered when a camera stands within
``radius_m`` of it; existing cameras stay where they are; choose ``n_new`` of the candidate
sites so that the covered weight is as large as possible.

Two solvers share one sparse model:

* ``method="exact"``: the integer programme, solved to optimality by HiGHS through
  :func:`scipy.optimize.milp`. The model is built sparse: neighbours come from a k-d tree
  (:class:`scipy.spatial.cKDTree`), demand already covered by an existing camera or out of
  every candidate's reach is taken out, and demand points with the same set of reachable
  candidates are merged into one row (their weights summed). PySAL's ``spopt`` builds the
  same model densely, which took minutes at 20,000 × 2,000 (see ``benchmarks/siting.py``).
* ``method="greedy"``: add the site with the largest marginal gain, ``n_new`` times. It never
  beats the exact solution and is guaranteed at least 63 % (1 - 1/e) of it; in practice it is
  within a fraction of a percent, in milliseconds.

Both return the sites best first, each with its marginal gain (for the exact solution, the
order in which greedy would add the chosen sites). Coordinates are planar, in metres (the
app uses EPSG:6680); anything that looks like longitude / latitude is refused.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.spatial import cKDTree

#: Largest ``n`` the coverage curve goes to by default ("how many cameras are worth it?").
CURVE_MAX = 30
#: Time limit for one exact solve (seconds); a solve stopped by it reports its gap.
TIME_LIMIT_S = 60.0
#: Relative MIP gap HiGHS must close before it calls a solution optimal.
MIP_REL_GAP = 1e-7


class SitingError(ValueError):
    """Input refused, with a message key (``siting.error.<key>`` in :mod:`bohan.i18n`)."""

    def __init__(self, key: str, message: str, **values):
        super().__init__(message)
        self.key = key
        self.values = values


@dataclass
class SitingResult:
    """The chosen sites and what they cover."""

    chosen: np.ndarray             # indices into candidate_xy, best first
    gains: np.ndarray              # marginal gain of each chosen site, in that order
    covered_weight: float          # demand weight within radius of an existing or chosen site
    existing_weight: float         # ... of an existing site alone
    total_weight: float            # all demand weight
    reachable_weight: float        # ... within radius of an existing site or any candidate
    method: str                    # 'exact' or 'greedy'
    optimal: bool                  # exact: proven optimal (within MIP_REL_GAP); greedy: False
    bound: float                   # an upper bound on the best covered weight for this n
    seconds: float                 # wall-clock time of the solve (model building included)
    notes: list[str] = field(default_factory=list)

    @property
    def added_weight(self) -> float:
        return self.covered_weight - self.existing_weight

    @property
    def covered_pct(self) -> float:
        return 100.0 * self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def existing_pct(self) -> float:
        return 100.0 * self.existing_weight / self.total_weight if self.total_weight > 0 else 0.0


# --- input checks -------------------------------------------------------------------------
def _points(xy, name: str, allow_empty: bool = False) -> np.ndarray:
    arr = np.asarray(xy if xy is not None else np.empty((0, 2)), dtype=float)
    if arr.size == 0:
        arr = arr.reshape(0, 2)
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise SitingError("shape", f"{name} must be an (N, 2) array of x, y in metres, got shape {arr.shape}", what=name)
    if not allow_empty and len(arr) == 0:
        raise SitingError("empty", f"{name} is empty", what=name)
    if not np.isfinite(arr).all():
        raise SitingError("not_finite", f"{name} has missing or infinite coordinates", what=name)
    return arr


def _looks_like_degrees(arrays: list[np.ndarray], radius_m: float) -> bool:
    """True if every coordinate fits longitude / latitude and the points are not a metre layout.

    Planar coordinates of a real city (EPSG:6680 and the like) run to tens of kilometres; a
    layout whose every point lies within the longitude / latitude ranges *and* within one
    radius of each other would put every site in reach of every demand point, which is what
    degrees passed as metres do (a 30 m radius becomes 30°).
    """
    pts = np.vstack([a for a in arrays if len(a)])
    lon_lat = (np.abs(pts[:, 0]) <= 180).all() and (np.abs(pts[:, 1]) <= 90).all()
    lat_lon = (np.abs(pts[:, 0]) <= 90).all() and (np.abs(pts[:, 1]) <= 180).all()  # swapped columns
    if not (lon_lat or lat_lon):
        return False
    extent = float(np.hypot(*(pts.max(axis=0) - pts.min(axis=0))))
    japan = ((pts[:, 0] >= 122) & (pts[:, 0] <= 154) & (pts[:, 1] >= 20) & (pts[:, 1] <= 46)).all()
    swapped = ((pts[:, 1] >= 122) & (pts[:, 1] <= 154) & (pts[:, 0] >= 20) & (pts[:, 0] <= 46)).all()
    return extent < radius_m or ((japan or swapped) and extent < 20)


def _is_number(value) -> bool:
    """A real number (numpy scalars included), not a bool or a string."""
    from numbers import Real

    return isinstance(value, Real) and not isinstance(value, (bool, np.bool_))


def within(points: np.ndarray, centres: np.ndarray, radius: float) -> np.ndarray:
    """Whether each point lies within ``radius`` of any centre, the boundary included."""
    if not len(centres) or not len(points):
        return np.zeros(len(points), dtype=bool)
    # cKDTree's upper bound is strict: ask a hair beyond it, then keep d <= radius
    d, _ = cKDTree(centres).query(points, k=1, distance_upper_bound=np.nextafter(radius, np.inf))
    return d <= radius


def validate(demand_xy, weights, candidate_xy, existing_xy, radius_m, n_new, min_spacing_m=0.0):
    """Check and convert the inputs of :func:`maximize_coverage`; raises :class:`SitingError`."""
    demand = _points(demand_xy, "demand_xy")
    candidates = _points(candidate_xy, "candidate_xy", allow_empty=True)
    existing = _points(existing_xy, "existing_xy", allow_empty=True)
    w = np.asarray(weights, dtype=float).reshape(-1)
    if len(w) != len(demand):
        raise SitingError("weights_length", f"{len(w)} weights for {len(demand)} demand points", n=len(w), m=len(demand))
    if not np.isfinite(w).all():
        raise SitingError("weights_finite", "weights must be finite numbers")
    if (w < 0).any():
        raise SitingError("weights_negative", f"{int((w < 0).sum())} weights are negative; weights must be 0 or more",
                          n=int((w < 0).sum()))
    if not _is_number(radius_m):
        raise SitingError("radius", f"radius_m must be a number of metres, got {radius_m!r}", value=radius_m)
    if not (min_spacing_m is None or _is_number(min_spacing_m)):
        raise SitingError("spacing", f"min_spacing_m must be a number of metres, got {min_spacing_m!r}", value=min_spacing_m)
    radius, spacing = float(radius_m), float(min_spacing_m or 0.0)
    if not np.isfinite(radius) or radius <= 0:
        raise SitingError("radius", f"radius_m must be a positive number of metres, got {radius_m!r}", value=radius_m)
    if not np.isfinite(spacing) or spacing < 0:
        raise SitingError("spacing", f"min_spacing_m must be 0 or more metres, got {min_spacing_m!r}", value=min_spacing_m)
    if not _is_number(n_new) or not float(n_new).is_integer():
        raise SitingError("n_integer", f"n_new must be a whole number, got {n_new!r}", value=n_new)
    n = int(n_new)
    if n < 0:
        raise SitingError("n_negative", f"n_new must be 0 or more, got {n}", value=n)
    if n > len(candidates):
        raise SitingError("n_too_large", f"n_new = {n} but there are only {len(candidates)} candidate sites",
                          n=n, m=len(candidates))
    if _looks_like_degrees([demand, candidates, existing], radius):
        raise SitingError("degrees", "the coordinates look like longitude / latitude in degrees; project them to "
                          "metres first (for Japan, a plane rectangular system such as EPSG:6680)")
    return demand, w, candidates, existing, radius, n, spacing


# --- the shared sparse model --------------------------------------------------------------
@dataclass
class Model:
    """Demand reduced to what the new sites can still change, as a sparse cover matrix."""

    cover: sparse.csr_matrix      # rows: merged demand groups; columns: candidates; 1 = in reach
    group_weight: np.ndarray      # weight of each row
    existing_weight: float
    total_weight: float
    reachable_weight: float
    blocked: np.ndarray           # candidates too close to an existing camera (min spacing)
    conflicts: np.ndarray         # (k, 2) candidate pairs closer than the min spacing
    n_candidates: int

    @property
    def cover_csc(self) -> sparse.csc_matrix:
        return self.cover.tocsc()


def build_model(demand, weights, candidates, existing, radius, spacing=0.0) -> Model:
    """The sparse covering model (inputs already validated)."""
    total = float(weights.sum())
    covered_now = within(demand, existing, radius)
    existing_weight = float(weights[covered_now].sum())
    open_idx = np.flatnonzero(~covered_now & (weights > 0))
    m = len(candidates)
    if len(open_idx) and m:
        # neighbours through two trees: sparse pairs (demand, candidate) within the radius
        pairs = cKDTree(demand[open_idx]).query_ball_tree(cKDTree(candidates), r=radius)
        lengths = np.fromiter((len(p) for p in pairs), dtype=np.int64, count=len(pairs))
        cols = np.fromiter((j for p in pairs for j in p), dtype=np.int64, count=int(lengths.sum()))
        rows = np.repeat(np.arange(len(open_idx)), lengths)
        mat = sparse.csr_matrix((np.ones(len(cols), dtype=np.int8), (rows, cols)), shape=(len(open_idx), m))
        mat.sort_indices()
        reach = lengths > 0
        mat, w_open = mat[reach], weights[open_idx][reach]
        # merge rows with the same set of candidates (many along one street)
        keys = [mat.indices[mat.indptr[i]:mat.indptr[i + 1]].tobytes() for i in range(mat.shape[0])]
        uniq, first_idx, inverse = np.unique(np.array(keys, dtype=object), return_index=True, return_inverse=True)
        group_weight = np.bincount(inverse.reshape(-1), weights=w_open, minlength=len(uniq))
        cover = mat[first_idx]
        reachable = existing_weight + float(w_open.sum())
    else:
        cover = sparse.csr_matrix((0, m), dtype=np.int8)
        group_weight = np.zeros(0)
        reachable = existing_weight
    blocked = np.zeros(m, dtype=bool)
    conflicts = np.empty((0, 2), dtype=np.int64)
    if spacing > 0 and m:
        if len(existing):
            d, _ = cKDTree(existing).query(candidates, k=1, distance_upper_bound=spacing)
            blocked = np.isfinite(d) & (d < spacing)
        conflicts = cKDTree(candidates).query_pairs(r=spacing, output_type="ndarray")
        if len(conflicts):
            dist = np.hypot(*(candidates[conflicts[:, 0]] - candidates[conflicts[:, 1]]).T)
            conflicts = conflicts[dist < spacing]
    return Model(cover=cover.astype(np.int8), group_weight=group_weight, existing_weight=existing_weight,
                 total_weight=total, reachable_weight=reachable, blocked=blocked, conflicts=conflicts, n_candidates=m)


# --- greedy -------------------------------------------------------------------------------
def _greedy(model: Model, n: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Sites and marginal gains, best first; ties go to the lower index. Only ``allowed``
    candidates (default: all but blocked) are used; min-spacing conflicts are respected.
    Stops early only when no allowed site is left."""
    csr = model.cover
    csc = csr.tocsc()
    w = model.group_weight
    gain = np.asarray(csc.T @ w, dtype=float).reshape(-1) if csr.shape[0] else np.zeros(model.n_candidates)
    ok = ~model.blocked if allowed is None else allowed.copy()
    if len(model.conflicts):
        nb = sparse.coo_matrix((np.ones(len(model.conflicts), dtype=bool), tuple(model.conflicts.T)),
                               shape=(model.n_candidates,) * 2).tocsr()
        nb = (nb + nb.T).tocsr()
    else:
        nb = None
    uncovered = np.ones(csr.shape[0], dtype=bool)
    chosen, gains = [], []
    for _ in range(n):
        if not ok.any():
            break
        masked = np.where(ok, gain, -np.inf)
        j = int(np.argmax(masked))
        chosen.append(j)
        gains.append(max(float(masked[j]), 0.0))
        ok[j] = False
        if nb is not None:
            ok[nb.indices[nb.indptr[j]:nb.indptr[j + 1]]] = False
        rows = csc.indices[csc.indptr[j]:csc.indptr[j + 1]]
        rows = rows[uncovered[rows]]
        if len(rows):
            uncovered[rows] = False
            sub = csr[rows]
            np.subtract.at(gain, sub.indices, np.repeat(w[rows], np.diff(sub.indptr)))
    return np.array(chosen, dtype=np.int64), np.array(gains, dtype=float)


# --- exact --------------------------------------------------------------------------------
def _exact(model: Model, n: int, time_limit_s: float) -> tuple[np.ndarray, bool, float, list[str]]:
    """Chosen sites (unordered), whether proven optimal, an upper bound on the added weight."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    m, k = model.n_candidates, model.cover.shape[0]
    notes: list[str] = []
    if n == 0:
        return np.zeros(0, dtype=np.int64), True, 0.0, notes
    # variables: x (m binary sites) then y (k continuous covered-shares in [0, 1])
    c = np.concatenate([np.zeros(m), -model.group_weight])
    upper_x = np.where(model.blocked, 0.0, 1.0)
    bounds = Bounds(np.zeros(m + k), np.concatenate([upper_x, np.ones(k)]))
    integrality = np.concatenate([np.ones(m), np.zeros(k)])
    # y_g - sum_{j in reach(g)} x_j <= 0
    a_cover = sparse.hstack([-model.cover.astype(float), sparse.identity(k, format="csr")], format="csr")
    constraints = [LinearConstraint(a_cover, -np.inf, 0.0)]
    n_open = int((~model.blocked).sum())
    if len(model.conflicts):
        rows = np.repeat(np.arange(len(model.conflicts)), 2)
        a_pair = sparse.csr_matrix((np.ones(2 * len(model.conflicts)), (rows, model.conflicts.reshape(-1))),
                                   shape=(len(model.conflicts), m + k))
        constraints.append(LinearConstraint(a_pair, -np.inf, 1.0))
    count_row = sparse.csr_matrix(np.concatenate([np.ones(m), np.zeros(k)]))
    # exactly n sites when that many are allowed (a zero-gain site still fills the count);
    # with spacing conflicts exactly n may be impossible, so fall back to at most n
    want = min(n, n_open)
    if want < n:
        notes.append("blocked")
    # HiGHS's presolve took most of the time on these models (2-3 s of 3 s at city scale) and
    # found little to remove (rows were merged and blocked sites fixed already): off.
    options = {"disp": False, "time_limit": float(time_limit_s), "mip_rel_gap": MIP_REL_GAP, "presolve": False}
    res = milp(c, constraints=constraints + [LinearConstraint(count_row, want, want)], integrality=integrality,
               bounds=bounds, options=options)
    if res.x is None and len(model.conflicts):
        notes.append("spacing")
        res = milp(c, constraints=constraints + [LinearConstraint(count_row, 0, want)], integrality=integrality,
                   bounds=bounds, options=options)
    if res.x is None:
        raise SitingError("solver", f"the solver found no solution ({res.message})", message=str(res.message))
    x = res.x[:m] > 0.5
    optimal = res.status == 0
    if not optimal:
        notes.append("time_limit")
    bound = -float(res.mip_dual_bound) if getattr(res, "mip_dual_bound", None) is not None and np.isfinite(
        res.mip_dual_bound) else float(model.group_weight.sum())
    return np.flatnonzero(x).astype(np.int64), optimal, bound, notes


def _covered(model: Model, chosen: np.ndarray) -> float:
    if not len(chosen) or not model.cover.shape[0]:
        return model.existing_weight
    hit = np.asarray(model.cover[:, chosen].sum(axis=1)).reshape(-1) > 0
    return model.existing_weight + float(model.group_weight[hit].sum())


def solve(model: Model, n: int, method: str = "exact", time_limit_s: float = TIME_LIMIT_S) -> SitingResult:
    """Solve a built model for ``n`` new sites."""
    if method not in ("exact", "greedy"):
        raise SitingError("method", f"method must be 'exact' or 'greedy', got {method!r}", value=method)
    start = time.perf_counter()
    notes: list[str] = []
    if method == "greedy":
        chosen, gains = _greedy(model, n)
        optimal = False
        bound = float(model.reachable_weight)
    else:
        sites, optimal, added_bound, notes = _exact(model, n, time_limit_s)
        allowed = np.zeros(model.n_candidates, dtype=bool)
        allowed[sites] = True
        chosen, gains = _greedy(Model(**{**model.__dict__, "conflicts": np.empty((0, 2), dtype=np.int64)}),
                                len(sites), allowed)  # best-first order of the optimal set
        bound = model.existing_weight + added_bound
    if len(chosen) < n and "blocked" not in notes and "spacing" not in notes:
        notes.append("spacing" if len(model.conflicts) else "blocked")
    covered = _covered(model, chosen)
    return SitingResult(
        chosen=chosen, gains=gains, covered_weight=covered, existing_weight=model.existing_weight,
        total_weight=model.total_weight, reachable_weight=model.reachable_weight, method=method,
        optimal=bool(optimal), bound=max(bound, covered), seconds=time.perf_counter() - start, notes=notes,
    )


def maximize_coverage(demand_xy, weights, candidate_xy, existing_xy, radius_m, n_new, method="exact",
                      min_spacing_m: float = 0.0, time_limit_s: float = TIME_LIMIT_S) -> SitingResult:
    """Choose ``n_new`` candidate sites that cover the most demand weight, existing sites fixed.

    Parameters
    ----------
    demand_xy, candidate_xy, existing_xy : array-like, shape (N, 2)
        Planar coordinates in metres (for example EPSG:6680). ``existing_xy`` may be empty.
    weights : array-like, shape (N,)
        Weight of each demand point (0 or more).
    radius_m : float
        A demand point is covered if a site lies within this distance (inclusive).
    n_new : int
        How many new sites to choose (0 ≤ n_new ≤ number of candidates).
    method : {'exact', 'greedy'}
        Integer programme solved by HiGHS, or the greedy heuristic.
    min_spacing_m : float
        New sites stand at least this far from each other and from existing sites (0 = no rule).
        Under a spacing rule fewer than ``n_new`` sites may fit; ``notes`` then says so.

    Returns
    -------
    SitingResult
        ``chosen`` (indices into ``candidate_xy``, best first), ``gains``, ``covered_weight``
        and the rest.

    Raises
    ------
    SitingError
        Inputs that would give a silently wrong answer: empty or malformed arrays, negative
        or non-finite weights, a radius that is not a positive number, ``n_new`` negative or
        larger than the candidates, or coordinates that look like longitude / latitude.
    """
    demand, w, cand, existing, radius, n, spacing = validate(demand_xy, weights, candidate_xy, existing_xy,
                                                             radius_m, n_new, min_spacing_m)
    start = time.perf_counter()
    model = build_model(demand, w, cand, existing, radius, spacing)
    result = solve(model, n, method, time_limit_s)
    result.seconds = time.perf_counter() - start
    return result


def coverage_curve(model: Model, n_max: int = CURVE_MAX) -> np.ndarray:
    """Covered weight after the greedy's first 0, 1, …, ``n_max`` sites (length ``n_max + 1``)."""
    _, gains = _greedy(model, min(n_max, model.n_candidates))
    curve = model.existing_weight + np.concatenate([[0.0], np.cumsum(gains)])
    if len(curve) < n_max + 1:
        curve = np.concatenate([curve, np.full(n_max + 1 - len(curve), curve[-1])])
    return curve


# --- demand and candidates from the city's layers (EPSG:6680) -----------------------------
#: Length (m) of one demand piece of school route: short enough that "its midpoint is within
#: the radius" matches "the piece is watched" to within a few metres at a 30 m radius.
PIECE_M = 10.0
#: Spacing (m) of candidate sites along school routes: a camera every 50 m of route is a
#: finer choice than any city can install, and keeps the model at a few thousand sites.
CANDIDATE_SPACING_M = 50.0
#: An incident counts for the school route within this distance (m): about one block, and
#: the accuracy of a geocoded police record.
NEAR_M = 50.0
#: Two candidate sites closer than this (m) are one site (a gate and the route point beside it).
MERGE_M = 5.0
#: Candidate kinds, in the order they win when two fall on one spot (the planner's own
#: 'user' sites are added afterwards and never merged away).
CANDIDATE_KINDS = ("gate", "park", "crossing", "route")
#: Where a 'street crime' happened (police place types outdoors, on or beside the street).
STREET_PLACES = ("道路上", "公園", "駐車（輪）場")


@dataclass(frozen=True)
class Weights:
    """What one unit of demand weight stands for; the planner moves these.

    ``length``: weight of 100 m of school route, so that an unwatched route with nothing
    recorded on it still counts; ``child``: weight of one approach to a child (15-17 h) near
    a route; ``crime``: weight of one other street crime near a route. The defaults make an
    approach to a child weigh as much as 1 km of route and a street crime as much as 100 m:
    children's safety first (the plan's priority for cameras), recorded crime second, and
    plain route length so that no school is left out.
    """

    length: float = 1.0
    child: float = 10.0
    crime: float = 1.0

    def check(self) -> None:
        for name, value in (("length", self.length), ("child", self.child), ("crime", self.crime)):
            if not np.isfinite(value) or value < 0:
                raise SitingError("weights_negative", f"the weight of {name} must be 0 or more, got {value}", n=1)
        if self.length == self.child == self.crime == 0:
            raise SitingError("weights_zero", "at least one weight must be above 0")


def demand_pieces(network, piece_m: float = PIECE_M):
    """The route network cut into pieces of about ``piece_m``: one row per piece with its
    midpoint ``x``, ``y`` (m), ``length_m``, ``line_id`` and ``school_ids`` (network in EPSG:6680)."""
    import pandas as pd
    import shapely

    lines = network.geometry.values
    lengths = shapely.length(lines)
    n = np.maximum(np.ceil(lengths / piece_m).astype(int), 1)
    line = np.repeat(np.arange(len(lines)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    piece_len = (lengths / n)[line]
    pts = shapely.line_interpolate_point(lines[line], (k + 0.5) * piece_len)
    xy = shapely.get_coordinates(pts)
    return pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1], "length_m": piece_len,
                         "line_id": network["line_id"].to_numpy()[line],
                         "school_ids": network["school_ids"].to_numpy()[line]})


def spread_events(piece_xy: np.ndarray, event_xy: np.ndarray, near_m: float = NEAR_M) -> tuple[np.ndarray, int]:
    """Each event's unit weight shared equally by the pieces within ``near_m`` of it.

    Returns the weight per piece and how many events were near a route (the others count
    nowhere: a camera on a school route does not watch them). Sharing, rather than giving
    every nearby piece the full event, keeps one event from counting many times over.
    """
    out = np.zeros(len(piece_xy))
    event_xy = event_xy[np.isfinite(event_xy).all(axis=1)]  # events without a location count nowhere
    if not len(event_xy) or not len(piece_xy):
        return out, 0
    near = cKDTree(event_xy).query_ball_tree(cKDTree(piece_xy), r=near_m)
    counts = np.fromiter((len(p) for p in near), dtype=np.int64, count=len(near))
    idx = np.fromiter((j for p in near for j in p), dtype=np.int64, count=int(counts.sum()))
    share = np.repeat(1.0 / np.maximum(counts, 1), counts)
    np.add.at(out, idx, share)
    return out, int((counts > 0).sum())


def demand_weights(pieces, child_xy, crime_xy, weights: Weights = Weights(), near_m: float = NEAR_M):
    """Weight of each piece, and the parts it is made of (columns ``w_length``, ``w_child``,
    ``w_crime``, ``n_child``, ``n_crime``) as a frame beside the pieces; plus counts of
    events that fell near a route (``{'child': k, 'crime': k}``)."""
    weights.check()
    xy = pieces[["x", "y"]].to_numpy()
    child, n_child = spread_events(xy, np.asarray(child_xy, dtype=float).reshape(-1, 2), near_m)
    crime, n_crime = spread_events(xy, np.asarray(crime_xy, dtype=float).reshape(-1, 2), near_m)
    parts = pieces.assign(
        n_child=child, n_crime=crime,
        w_length=weights.length * pieces["length_m"].to_numpy() / 100.0,
        w_child=weights.child * child, w_crime=weights.crime * crime,
    )
    parts["weight"] = parts["w_length"] + parts["w_child"] + parts["w_crime"]
    return parts, {"child": n_child, "crime": n_crime}


def _junctions(lines: np.ndarray, min_degree: int = 3) -> np.ndarray:
    """Points where ``min_degree`` or more line ends meet (rounded to 0.1 m)."""
    import shapely

    ends = np.vstack([shapely.get_coordinates(shapely.get_point(lines, 0)),
                      shapely.get_coordinates(shapely.get_point(lines, -1))])
    keys, counts = np.unique(np.round(ends, 1), axis=0, return_counts=True)
    return keys[counts >= min_degree]


def candidate_sites(network, streets=None, parks=None, schools=None, spacing_m: float = CANDIDATE_SPACING_M,
                    reach_m: float = 100.0):
    """Candidate camera sites (EPSG:6680 layers in, a frame out).

    * ``route``: points every ``spacing_m`` along the school routes (from ``spacing_m / 2``);
    * ``crossing``: where school routes meet or cross a street (street junctions on a route,
      and junctions of the route network itself);
    * ``park``: the point of each park's edge nearest a school route, for parks within
      ``reach_m`` of one (a park entrance facing the route);
    * ``gate``: the point of the route network nearest each school (its gate), if within
      ``reach_m``.

    Sites closer than ``MERGE_M`` merge (the kind earlier in ``CANDIDATE_KINDS`` wins).
    Returns ``site_id``, ``kind``, ``x``, ``y``, ``ref`` (park or school id, else None) and
    ``school_ids`` (the schools of the nearest route).
    """
    import pandas as pd
    import shapely

    lines = network.geometry.values
    frames = []
    lengths = shapely.length(lines)
    n = np.floor(np.maximum(lengths - spacing_m / 2, 0) / spacing_m).astype(int) + 1
    line = np.repeat(np.arange(len(lines)), n)
    k = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    dist = np.minimum(spacing_m / 2 + k * spacing_m, lengths[line])
    xy = shapely.get_coordinates(shapely.line_interpolate_point(lines[line], dist))
    frames.append(pd.DataFrame({"kind": "route", "x": xy[:, 0], "y": xy[:, 1], "ref": None}))
    union = shapely.union_all(lines)
    crossings = [_junctions(lines)]
    if streets is not None and len(streets):
        nodes = _junctions(streets.geometry.values)
        if len(nodes):
            on_route = shapely.dwithin(shapely.points(nodes), union, 1.0)
            crossings.append(nodes[on_route])
    cx = np.vstack(crossings)
    frames.append(pd.DataFrame({"kind": "crossing", "x": cx[:, 0], "y": cx[:, 1], "ref": None}))
    if parks is not None and len(parks):
        edge = shapely.boundary(parks.geometry.values)
        near = shapely.dwithin(edge, union, reach_m)
        if near.any():
            pts = shapely.get_point(shapely.shortest_line(edge[near], union), 0)
            pxy = shapely.get_coordinates(pts)
            frames.append(pd.DataFrame({"kind": "park", "x": pxy[:, 0], "y": pxy[:, 1],
                                        "ref": parks["park_id"].to_numpy()[near]}))
    if schools is not None and len(schools):
        spts = schools.geometry.values
        near = shapely.dwithin(spts, union, reach_m)
        if near.any():
            gates = shapely.get_point(shapely.shortest_line(spts[near], union), -1)
            gxy = shapely.get_coordinates(gates)
            frames.append(pd.DataFrame({"kind": "gate", "x": gxy[:, 0], "y": gxy[:, 1],
                                        "ref": schools["school_id"].to_numpy()[near]}))
    sites = pd.concat(frames, ignore_index=True)
    return _finish_sites(sites, network)


def _finish_sites(sites, network):
    """Merge sites within MERGE_M (by kind priority), tag each with its route's schools, number them."""
    import shapely

    sites = sites.assign(_p=sites["kind"].map({k: i for i, k in enumerate(CANDIDATE_KINDS)}))
    sites = sites.sort_values(["_p", "x", "y"], kind="stable", ignore_index=True)
    xy = sites[["x", "y"]].to_numpy()
    keep = np.ones(len(sites), dtype=bool)
    for i, j in sorted(cKDTree(xy).query_pairs(r=MERGE_M)):  # i < j: the better kind (or first) stays
        if keep[i]:
            keep[j] = False
    sites = sites[keep].drop(columns="_p").reset_index(drop=True)
    lines = network.geometry.values
    nearest = shapely.STRtree(lines).query_nearest(shapely.points(sites[["x", "y"]].to_numpy()), all_matches=False)[1]
    sites["school_ids"] = network["school_ids"].to_numpy()[nearest]
    sites.insert(0, "site_id", [f"{k[0].upper()}{i:04d}" for k, i in zip(sites["kind"], sites.groupby("kind").cumcount())])
    return sites


def add_user_sites(sites, user_xy: np.ndarray, network):
    """``sites`` with the planner's own sites (metres) appended as kind 'user' (ids ``U0000``…);
    the generated sites keep their ids, so exclusions made before still hold."""
    import pandas as pd
    import shapely

    user_xy = np.asarray(user_xy, dtype=float).reshape(-1, 2)
    if not len(user_xy):
        return sites
    nearest = shapely.STRtree(network.geometry.values).query_nearest(shapely.points(user_xy), all_matches=False)[1]
    user = pd.DataFrame({"site_id": [f"U{i:04d}" for i in range(len(user_xy))], "kind": "user",
                         "x": user_xy[:, 0], "y": user_xy[:, 1], "ref": None,
                         "school_ids": network["school_ids"].to_numpy()[nearest]})
    return pd.concat([sites, user], ignore_index=True)


def near_sites(sites, xy: np.ndarray, within_m: float = 15.0) -> np.ndarray:
    """Indices of ``sites`` within ``within_m`` of any of the points ``xy`` (for exclusions)."""
    if not len(xy) or not len(sites):
        return np.zeros(0, dtype=np.int64)
    hits = cKDTree(np.asarray(xy, dtype=float)).query_ball_point(sites[["x", "y"]].to_numpy(), r=within_m)
    return np.flatnonzero([len(h) > 0 for h in hits])
