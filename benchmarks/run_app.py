"""Sections 3 and 4 of ``benchmarks.run``: page reruns through AppTest, and map payload sizes.

Opens ``pages/1_trends.py`` and ``pages/2_map.py`` as a visitor would (``app.py`` switched to the
page, as tests/app/conftest.py ``open_page`` does) with ``BOHAN_DB`` set to the database; each
page opened in the public view with empty Streamlit caches. Times the first run, then a series of filter
changes made in the sidebar (police box ``f_koban`` and years slider ``f_years`` in turn, every
state a new one, so no change is answered from Streamlit's cache: what a user waits for after
moving a widget). Records the bytes of every pydeck chart the page sends
(``deck_gl_json_chart``'s JSON) in the default view and after the first filter change, and for
the trends page also with its map switched to towns. The public view is what a visitor gets;
the staff view (signed in with a throwaway account made for this run, kept in memory only) is
the one that sends incident cells and points on the map page.
"""
from __future__ import annotations

import json
import os
import secrets
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = {"trends": "pages/1_trends.py", "map": "pages/2_map.py"}
#: Target of issue 10: a filter change redraws a page in under a second; map payloads under 1 MB.
TARGET_RERUN_S = 1.0
TARGET_PAYLOAD_BYTES = 1_000_000
_USER = "benchmark"


def _errors(at) -> list[str]:
    return [str(e.message) for e in at.exception]


def _timed_run(at) -> float:
    t0 = time.perf_counter()
    at.run()
    return time.perf_counter() - t0


def deck_sizes(at) -> list[dict]:
    """Every pydeck chart on the page: its JSON's bytes and, per layer, type, rows and bytes (the
    layer re-serialised as the chart is: compact, non-ASCII escaped)."""
    out = []
    for chart in at.get("deck_gl_json_chart"):
        text = chart.proto.json
        spec = json.loads(text)
        layers = []
        for layer in spec.get("layers", []):
            data = layer.get("data")
            layers.append({"id": layer.get("id"), "type": layer.get("@@type"),
                           "rows": len(data) if isinstance(data, list) else None,
                           "bytes": len(json.dumps(layer, separators=(",", ":")).encode())})
        out.append({"bytes": len(text.encode("utf-8")), "layers": sorted(layers, key=lambda r: -r["bytes"])})
    return out


def chart_bytes(at) -> int:
    """Bytes of every Vega-Lite chart spec on the page (information only; no target)."""
    return sum(len(c.proto.spec.encode("utf-8")) for c in at.get("vega_lite_chart"))


def _sign_in(at, password: str) -> None:
    from bohan import auth

    at.sidebar.text_input(key=auth.K_USER).set_value(_USER)
    at.sidebar.text_input(key=auth.K_PASSWORD).set_value(password)
    next(b for b in at.sidebar.button if b.key and b.key.startswith(f"FormSubmitter:{auth.FORM_KEY}")).click()
    at.run()
    if not any(b.key == auth.K_SIGN_OUT for b in at.sidebar.button):
        raise RuntimeError("the benchmark's staff account could not sign in: " + "; ".join(_errors(at)))


def filter_changes(vocab, n: int, offset: int = 0) -> list[tuple[str, object, str]]:
    """``n`` sidebar changes, each leading to a filter state not seen before: (key, value, words).
    Police boxes are taken from the ``offset``-th on, so another session's states differ too."""
    from bohan import ui

    kobans = list(vocab.kobans)
    y0, y1 = vocab.years
    out = []
    for i in range(n):
        if i % 2 == 0:
            k = kobans[(offset + i // 2) % len(kobans)]
            out.append((ui.K_KOBAN, [k], f"police box = {k}"))
        else:
            start = max(y0, y1 - i // 2)
            out.append((ui.K_YEARS, (start, y1), f"years {start}-{y1}"))
    return out


def _set(at, key: str, value) -> None:
    from bohan import ui

    if key == ui.K_KOBAN:
        at.sidebar.multiselect(key=key).set_value(value)
    elif key == ui.K_YEARS:
        at.sidebar.slider(key=key).set_value(value)
    else:
        raise ValueError(key)


def session(page: str, view: str, changes: list, timeout: float, password: str | None, accounts: dict | None,
            cold: bool = True, log=print) -> dict:
    """One page in one view: first run (caches emptied first if ``cold``), payloads, filter changes."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    if cold:
        st.cache_data.clear()
        st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = "ja"
    if view == "staff":
        at.secrets["bohan"] = accounts
    at.switch_page(PAGES[page])
    result: dict = {"page": page, "view": view, "errors": [], "first_run_cold": cold}
    result["first_run_s"] = _timed_run(at)
    result["errors"] += _errors(at)
    if view == "staff":
        t0 = time.perf_counter()
        _sign_in(at, password)
        result["sign_in_run_s"] = time.perf_counter() - t0
        result["errors"] += _errors(at)
    result["payload"] = {"default": deck_sizes(at)}
    result["chart_bytes"] = {"default": chart_bytes(at)}
    reruns = []
    for i, (key, value, words) in enumerate(changes):
        _set(at, key, value)
        s = _timed_run(at)
        result["errors"] += _errors(at)
        reruns.append({"change": words, "s": s})
        if i == 0:
            result["payload"]["filtered"] = deck_sizes(at)
            result["payload"]["filtered_change"] = words
            result["chart_bytes"]["filtered"] = chart_bytes(at)
    result["reruns"] = reruns
    if reruns:
        result["rerun_median_s"] = statistics.median(r["s"] for r in reruns)
        result["rerun_max_s"] = max(r["s"] for r in reruns)
    if page == "trends":  # its map by town: one area per town instead of one per box
        at.radio(key="map_level").set_value("town")
        result["town_level_run_s"] = _timed_run(at)
        result["errors"] += _errors(at)
        result["payload"]["filtered, by town"] = deck_sizes(at)
    log(f"  {page:6s} {view:6s} first {result['first_run_s']:.2f} s{'' if cold else ' (caches warm)'}, "
        "filter change median "
        f"{result.get('rerun_median_s', float('nan')):.2f} s, payload "
        + ", ".join(f"{k} {sum(d['bytes'] for d in v) / 1e6:.3f} MB" for k, v in result["payload"].items()
                    if isinstance(v, list))
        + (f"  ERRORS: {result['errors']}" if result["errors"] else ""))
    return result


def run_section(db_path: str, n_changes: int, views=("public", "staff"), staff_pages=("trends", "map"),
                timeout: float = 600.0, log=print) -> dict:
    """Every (page, view) session; the database is read through ``BOHAN_DB``."""
    os.environ["BOHAN_DB"] = str(db_path)
    import argon2

    from bohan import db
    from bohan.filters import Vocab

    con = db.connect(db_path)
    try:
        vocab = Vocab.read(con)
    finally:
        con.close()
    password = secrets.token_urlsafe(24)
    # cheap argon2 settings: this throwaway account lives for one run, in memory only
    digest = argon2.PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(password)
    accounts = {"staff": {_USER: {"password_hash": digest, "display_name": "benchmark"}}}
    sessions, changes = [], {}
    for view in views:
        # the staff sessions reuse what the public ones cached for the default view (their first
        # run is not timed cold) and change to police boxes the public sessions did not pick
        changes[view] = filter_changes(vocab, n_changes, offset=0 if view == "public" else n_changes)
        for page in PAGES:
            if view == "staff" and page not in staff_pages:
                continue
            sessions.append(session(page, view, changes[view], timeout, password, accounts, cold=view == "public",
                                    log=log))
    return {"changes": {v: [w for _, _, w in c] for v, c in changes.items()}, "target_rerun_s": TARGET_RERUN_S,
            "target_payload_bytes": TARGET_PAYLOAD_BYTES, "sessions": sessions}
