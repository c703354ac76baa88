"""Section 1 of ``benchmarks.run``: every named page query, with typical filters, timed in DuckDB.

The queries are read from the code (``bohan.db.query_names()``, minus the folders in
``bohan.db.NOT_PAGE_QUERIES``), never written here. A query that takes the whole incident filter
(``bohan.filters.FILTER_PARAMS``) runs once per typical filter; any other parameter gets a value
from :func:`param_values` (what the pages pass, read from each file's header comment), and a
parameter that table does not know is bound as NULL and reported, so a new query still runs.
"""
from __future__ import annotations

import itertools
import statistics
import time
from dataclasses import dataclass, field

from bohan import db
from bohan.filters import FILTER_PARAMS, HOUR_BANDS, CrimeFilter, Vocab

#: Target of issue 10: each page query at most this median at 10 M incidents (2 cores).
TARGET_MS = 100.0


@dataclass(frozen=True)
class Case:
    """One way a page calls a query: a label, the filter (if any) and every bound parameter."""

    key: str  # "F1".. for the typical filters, "-" or "P1".. for other parameter sets
    label: str
    params: dict = field(hash=False)
    notes: tuple[str, ...] = ()


def page_queries() -> list[str]:
    """Every named query the pages run (the app's own list, non-page folders left out)."""
    return [n for n in db.query_names() if n.split("/")[0] not in db.NOT_PAGE_QUERIES]


def busiest_box_towns(vocab: Vocab) -> tuple[str, ...]:
    """The towns of the busiest police box that has any (F6 picks its first)."""
    return next((vocab.towns[k] for k in vocab.kobans if vocab.towns.get(k)), ())


def typical_filters(vocab: Vocab) -> dict[str, tuple[str, CrimeFilter]]:
    """Typical filters built from what the database holds (works on the sample and on a
    generated database whose police boxes carry a tile suffix): key -> (words, filter)."""
    kobans = list(vocab.kobans)  # busiest box first (vocab/kobans orders them so)
    group, offences = next(iter(vocab.offences.items()))  # largest group; its largest offence first
    y0, y1 = vocab.years
    fy0, fy1 = vocab.fiscal_years
    box_towns = busiest_box_towns(vocab)
    filters = {
        "F1": CrimeFilter(),
        "F2": CrimeFilter(start=y1, end=y1),
        "F3": CrimeFilter(koban=tuple(kobans[:2]), offence=offences[:1], hours=HOUR_BANDS["children"],
                          start=y1, end=y1),
        "F4": CrimeFilter(hours=HOUR_BANDS["night"], period="fiscal", start=max(fy0, fy1 - 4), end=fy1),
        "F5": CrimeFilter(offence_group=(group,), weekdays=(5, 6)),
        "F6": CrimeFilter(town=tuple(box_towns[:1])),
    }
    words = {
        "F1": "everything (the page's default view)",
        "F2": f"the latest year ({y1})",
        "F3": f"the two busiest police boxes, their commonest offence, 15-17 h, {y1}",
        "F4": f"night 18-6 h, fiscal years {max(fy0, fy1 - 4)}-{fy1}",
        "F5": "weekends (Sat, Sun), the largest offence group",
        "F6": "one town, all years (staff view)",
    }
    return {k: (f"{words[k]}: {f.describe('ja', vocab)}", f) for k, f in filters.items()}


def param_values(con, vocab: Vocab) -> dict[str, list[tuple[str, object]]]:
    """Values for parameters other than the filter's: name -> [(words, value)], from each
    query's header comment and from how the pages call it (every combination is run)."""
    from bohan import siting

    waves = db.run(con, "survey/answers_by_wave", fiscal_year=None)["fiscal_year"]
    latest_wave = int(waves.max()) if len(waves) else None
    child = HOUR_BANDS["children"]
    box_towns = busiest_box_towns(vocab)
    return {
        "koban_list": [("the city's boxes" if vocab.home else "every box", list(vocab.home) if vocab.home else None)],
        # vocab/towns: a widget's options (every town of the boxes), a link's town checked;
        # vocab/town_boxes: the boxes of a town filter's town (F6's)
        "town_list": [("one town", list(box_towns[:1])), ("every town", None)],
        "table_name": [("table incidents", "incidents")],
        "fiscal_year": [("every wave", None), (f"wave {latest_wave}", latest_wave)],
        "dimension": [("both dimensions", None)],
        "hour_start": [(f"{child[0]}-{child[1]} h", child[0])],
        "hour_end": [("", child[1])],
        "place_list": [("street-side places", list(siting.STREET_PLACES))],
    }


#: Queries the pages ask for the boxes in view only: the filter's boxes, else the city's
#: (:meth:`bohan.filters.Vocab.scope`; the trends page's towns, the map page's incidents).
SCOPED = {"crime/counts_by_town", "crime/points"}


def cases_for(name: str, filters: dict, values: dict, vocab: Vocab | None = None) -> list[Case]:
    """How the pages call ``name``: once per typical filter, or once per combination of values."""
    params = db.param_names(db.load_sql(name))
    if set(FILTER_PARAMS) <= params:
        rest = params - set(FILTER_PARAMS)
        out = []
        for key, (words, f) in filters.items():
            scoped = name in SCOPED and vocab is not None and vocab.scope(f.koban) != (f.koban or None)
            bound = dict((f.narrowed(koban=vocab.scope(f.koban)) if scoped else f).params(vocab))  # as the pages bind it
            notes = ["the city's police boxes, as the page asks"] if scoped else []
            for p in sorted(rest):
                if p == "fiscal":  # the trends page passes fiscal = (period is fiscal)
                    bound[p] = f.period == "fiscal"
                elif p in values:
                    bound[p] = values[p][0][1]
                else:
                    bound[p] = None
                    notes.append(f"${p} unknown to the benchmark: bound NULL")
            out.append(Case(key, words, bound, tuple(notes)))
        return out
    names = sorted(params)
    choices, notes = [], []
    for p in names:
        if p in values:
            choices.append(values[p])
        else:
            choices.append([(f"${p} NULL", None)])
            notes.append(f"${p} unknown to the benchmark: bound NULL")
    combos = list(itertools.product(*choices)) or [()]
    out = []
    for i, combo in enumerate(combos, 1):
        words = ", ".join(w for w, _ in combo if w) or "no parameters"
        out.append(Case("-" if len(combos) == 1 else f"P{i}", words, {p: v for p, (_, v) in zip(names, combo)},
                        tuple(notes)))
    return out


#: Queries a page runs only when asked (the staff table for download: made when the button is
#: pressed, pages/1_trends.py), not on a redraw.
ON_REQUEST = {"crime/table_for_download"}


def not_offered(con, name: str, case: Case) -> str | None:
    """Why the page would not run ``name`` for this case, or None: the download table is offered
    only when it fits in Excel (pages/1_trends.py, ``bohan.export.fits_excel``)."""
    from bohan import export

    if name != "crime/table_for_download":
        return None
    n = int(db.run(con, "crime/summary", **{k: case.params[k] for k in FILTER_PARAMS})["n"].iloc[0])
    return None if export.fits_excel(n) else f"not offered: {n:,} incidents match, more rows than Excel opens"


def runner(name: str):
    """How the page reads ``name``'s result: a table made on request through ``bohan.db.run_table``
    (``bohan.cache.query_once``), the rest through ``bohan.db.run``."""
    return db.run_table if name in ON_REQUEST else db.run


def when_run(name: str) -> str:
    """When a page runs ``name``: on each filter change, on the first visit (the result is then
    cached per database version, shared by every session: ``bohan.cache``), or on request."""
    if name in ON_REQUEST:
        return "on request"
    return "each filter change" if set(FILTER_PARAMS) <= db.param_names(db.load_sql(name)) else "first visit"


#: A case whose warm-up run takes longer than this is timed over at most :data:`SLOW_RUNS` runs
#: (recorded with its numbers), so a run at 10 M incidents stays within the hour.
SLOW_S = 1.0
SLOW_RUNS = 3


def runs_for(warmup_s: float, repeat: int) -> int:
    """How many timed runs a case gets after a warm-up that took ``warmup_s``."""
    return repeat if warmup_s <= SLOW_S else min(repeat, SLOW_RUNS)


def time_case(con, name: str, case: Case, repeat: int) -> dict:
    """Median, min and max milliseconds of ``repeat`` runs after one warm-up (fewer for a slow
    case, see :data:`SLOW_S`), and rows returned."""
    run = runner(name)
    try:
        t0 = time.perf_counter()
        result = run(con, name, **case.params)  # warm-up
        times = []
        for _ in range(runs_for(time.perf_counter() - t0, repeat)):
            t0 = time.perf_counter()
            result = run(con, name, **case.params)
            times.append((time.perf_counter() - t0) * 1000)
        made = _file_made(name, result, len(times))
    except Exception as e:  # a query that fails is a result too: reported, not hidden
        return {"case": case.key, "label": case.label, "error": f"{type(e).__name__}: {e}", "notes": list(case.notes)}
    return {"case": case.key, "label": case.label, "median_ms": statistics.median(times), "min_ms": min(times),
            "max_ms": max(times), "runs": len(times), "rows": int(len(result)), "notes": list(case.notes), **made}


def _file_made(name: str, table, runs: int) -> dict:
    """For a table made on request: the median ms of writing it as the CSV file the button gives
    (``bohan.export.csv_bytes``), and the file's bytes; the user waits for the query and this."""
    from bohan import export

    if name not in ON_REQUEST:
        return {}
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        data = export.csv_bytes(table)
        times.append((time.perf_counter() - t0) * 1000)
    return {"csv_ms": statistics.median(times), "csv_bytes": len(data)}


def run_section(con, repeat: int, log=print) -> dict:
    """Time every page query for each of its cases; the worst case per query; totals."""
    vocab = Vocab.read(con)
    filters = typical_filters(vocab)
    values = param_values(con, vocab)
    queries = []
    for name in page_queries():
        cases = cases_for(name, filters, values, vocab)
        rows = []
        for c in cases:
            why = not_offered(con, name, c)
            rows.append({"case": c.key, "label": c.label, "not_offered": why, "notes": list(c.notes)} if why
                        else time_case(con, name, c, repeat))
        ok = [r for r in rows if "median_ms" in r]
        worst = max(ok, key=lambda r: r["median_ms"]) if ok else None
        queries.append({
            "query": name, "filtered": any(c.key.startswith("F") for c in cases), "cases": rows, "when": when_run(name),
            "worst_ms": worst["median_ms"] if worst else None, "worst_case": worst["case"] if worst else None,
            "errors": [r["error"] for r in rows if "error" in r],
            "meets_target": bool(worst) and not any("error" in r for r in rows) and worst["median_ms"] <= TARGET_MS,
        })
        log(f"  {name:34s} worst {worst['median_ms'] if worst else float('nan'):8.1f} ms"
            + (f"  ERRORS {sum('error' in r for r in rows)}" if any("error" in r for r in rows) else ""))
    return {"repeat": repeat, "target_ms": TARGET_MS,
            "filters": {k: w for k, (w, _) in filters.items()},
            "filter_params": {k: {p: v for p, v in f.params(vocab).items() if v is not None}
                              for k, (_, f) in filters.items()},
            "queries": queries}
