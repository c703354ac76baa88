"""Issue 9, point 4: 20 sessions filter at once while a staff import writes the database.

A private ``streamlit run`` server (loopback) serves a copy of the built database. Twenty
sessions (``tests/load/client.py``: Streamlit's own websocket protocol, no browser) open the
trends page at once, each with its own filter in the URL, then change the filter in the sidebar
(widget values, as a browser sends them; a bare query-string change does not change the filter
of a running session: the app reads the URL on a visitor's first page only) while a staff
session in Chromium signs in on the import page, uploads the seven real 2018 police files, reads
the preview and imports them: the page writes them into the file the server reads and swaps the
new file in; once the import has finished, every session changes its filter once more, to one
over 2018.

Asserted: every answer arrived within the bound, finished, with no exception element and no
error alert; each shows the filter that was asked for, and its count (``件数``) is the count
of the database before or after the import (nothing in between), and after the swap only the
new one; the staff page said the import was done (and named the rows); every row present before is still there and the count is
before + imported; a last answer per session after the import shows the new 2018 rows.
Latencies go to ``artifacts/load-summary.txt``.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import shutil
import statistics
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from bohan import db
from bohan.filters import HOUR_BANDS, CrimeFilter, Vocab, weekday_label
from bohan import ui_import
from bohan.i18n import t
from tests.auth_helpers import NAME, browser_sign_in, write_secrets
from tests.browser.conftest import ARTIFACTS_DIR, REPO_ROOT, SCREENSHOT_DIR, serve
from tests.browser.test_pages import ERROR_ALERT, EXCEPTION, load_page
from tests.browser.test_progress import _wait_done
from tests.load.client import Answer, Session

pytestmark = [pytest.mark.load, pytest.mark.browser]

N_SESSIONS = 20
#: Each session: its first page (URL filter), CHANGES filter changes while the import runs (more,
#: up to MAX_CHANGES, if it still runs), then one last change once the import has finished (to a
#: filter over 2018, the year the import adds). A trends page run costs the server about 0.5-1 s
#: of CPU (charts, map) and the server runs on about one core (the GIL), so 20 sessions x
#: (1 + 1 + 1) answers take about half a minute on an idle 2-core machine.
CHANGES = 1
MAX_CHANGES = 12
ANSWER_TIMEOUT_S = 60.0
TOTAL_TIMEOUT_S = 120.0
#: The import starts once this many sessions have their first page (so it runs under load).
START_IMPORT_AFTER = N_SESSIONS // 4
REAL_FILES = sorted((REPO_ROOT / "tests" / "data" / "police" / "real").glob("hokkaido_2018_*.csv"))
DATA_SET = "load-test-2018"
LANG = "ja"
SUMMARY = ARTIFACTS_DIR / "load-summary.txt"
SERVER_LOG = ARTIFACTS_DIR / "load-server.log"


# --- what the database says -----------------------------------------------------------
def _vocab(con) -> Vocab:
    """The filter vocabulary, as the app reads it (without Streamlit's cache)."""
    return Vocab.read(con)


class Facts:
    """Counts and headings a filter must show, read from one version of the database."""

    def __init__(self, path: Path):
        self.path = path
        self._con = db.connect(path, read_only=True)
        self.vocab = _vocab(self._con)
        self._n: dict[CrimeFilter, int] = {}

    def n(self, f: CrimeFilter) -> int:
        if f not in self._n:
            self._n[f] = int(db.run(self._con, "crime/summary", **f.params()).iloc[0]["n"])
        return self._n[f]

    def heading(self, f: CrimeFilter) -> str:
        return f"#### {f.describe(LANG, self.vocab)}"

    def close(self) -> None:
        self._con.close()


# --- the filters the sessions ask for ---------------------------------------------------
def url_filter(i: int, v: Vocab) -> CrimeFilter:
    """Session ``i``'s first filter (in its URL): boxes, offences, years and hours vary."""
    lo, hi = v.years
    groups = list(v.offences)
    start = lo + (i * 3) % (hi - lo + 1)
    end = min(hi, start + i % 3)
    hours = [HOUR_BANDS["children"], HOUR_BANDS["night"], (22, 3), None, (8, 12)][i % 5]
    group = groups[i % len(groups)]
    return CrimeFilter(
        koban=(v.kobans[i % len(v.kobans)],) if i % 4 else (),
        offence_group=(group,) if i % 3 == 1 else (),
        offence=(v.offences[group][0],) if i % 3 == 2 else (),
        hours=hours,
        weekdays=(5, 6) if i % 6 == 0 else (),
        period="year", start=start, end=end,
    )


def changed_filter(i: int, j: int, v: Vocab) -> CrimeFilter:
    """Session ``i``'s ``j``-th filter change (made in the sidebar's widgets)."""
    lo, hi = v.years
    groups = list(v.offences)
    bands = [b for b in HOUR_BANDS]
    start = lo + (i + 5 * j) % (hi - lo + 1)
    end = min(hi, start + (i + j) % 4)
    return CrimeFilter(
        koban=(v.kobans[(i + j) % len(v.kobans)],) if (i + j) % 3 else (),
        offence_group=(groups[(i * j + 1) % len(groups)],) if (i + j) % 2 else (),
        hours=HOUR_BANDS[bands[(i + j) % len(bands)]],
        weekdays=(0, 1, 2, 3, 4) if (i + j) % 5 == 0 else (),
        period="year", start=start, end=end,
    )


def final_filter(i: int, v: Vocab) -> CrimeFilter:
    """Session ``i``'s last filter, over 2018 (the year the import adds); every fourth is the
    whole city and every offence."""
    if i % 4 == 0:
        return CrimeFilter(period="year", start=2018, end=2018)
    return replace(changed_filter(i, 7, v), start=2018, end=2018 + i % 2)


def as_url(f: CrimeFilter) -> str:
    from urllib.parse import urlencode

    return urlencode({"lang": LANG, **f.to_url()})


def widget_values(s: Session, f: CrimeFilter, v: Vocab) -> dict:
    """The sidebar's widget states that make ``f`` (only year periods, preset or no hour band)."""
    band = next(b for b, hours in HOUR_BANDS.items() if hours == f.hours)
    years = (f.start or v.years[0], f.end or v.years[1])
    values = {
        "f_koban": list(f.koban), "f_town": list(f.town), "f_group": list(f.offence_group),
        "f_offence": list(f.offence), "f_place": list(f.place_type),
        "f_hour_band": t(f"filter.band.{band}", LANG),
        "f_weekdays": [weekday_label(d, LANG) for d in f.weekdays],
        "f_period": t("filter.period.year", LANG),
        "f_years": years,
    }
    return {key: s.widget_state(key, value) for key, value in values.items() if key in s.widgets}


def shown_counts(answer: Answer) -> set[int] | None:
    """The headline count (``件数``) as numbers ("1-2" when suppressed: either); None if absent."""
    text = answer.metrics.get(t("summary.n", LANG))
    if text is None:
        return None
    text = text.replace(",", "").strip()
    try:
        if "-" in text:
            a, b = text.split("-", 1)
            return set(range(int(a), int(b) + 1))
        return {int(text)}
    except ValueError:
        return None


@dataclass
class Asked:
    session: int
    step: str  # "url", "change 1", ..., "after import"
    filter: CrimeFilter
    answer: Answer


@dataclass
class Timeline:
    t0: float = field(default_factory=time.monotonic)
    import_started: float | None = None
    swap_seen: float | None = None
    import_ended: float | None = None
    import_ok: bool = False
    import_problem: str = ""


# --- the run ----------------------------------------------------------------------------
async def _watch_swap(path: Path, tl: Timeline, stop: asyncio.Event) -> None:
    """Note when the database file is replaced (its inode changes)."""
    inode = path.stat().st_ino
    while not stop.is_set():
        try:
            if path.stat().st_ino != inode and tl.swap_seen is None:
                tl.swap_seen = time.monotonic()
        except FileNotFoundError:  # os.replace is atomic: never expected
            pass
        await asyncio.sleep(0.02)


def _any_count(key: str, **params) -> re.Pattern:
    """The message ``key`` with any row count in it (the preview says how many rows are kept)."""
    sentinel = 123_456_789
    return re.compile(re.escape(t(key, LANG, n=sentinel, **params)).replace(re.escape(f"{sentinel:,}"), r"[\d,]+"))


def staff_ready(page, base_url: str) -> None:
    """The staff session (Chromium, the main thread), before the meeting's load: sign in on the
    import page, name the data set and choose the seven files."""
    page.set_default_timeout(ANSWER_TIMEOUT_S * 1000)
    load_page(page, f"{base_url}/import?lang={LANG}")
    browser_sign_in(page)
    uploader = page.locator('[data-testid="stFileUploader"]')
    uploader.wait_for()
    _wait_done(page)
    name = page.locator(f".st-key-{ui_import.K_NAME}_police input")
    name.fill(DATA_SET)
    name.press("Enter")
    _wait_done(page)
    uploader.locator("input[type=file]").set_input_files([str(f) for f in REAL_FILES])
    _wait_done(page)


def staff_import(page, tl: Timeline) -> None:
    """Under load: read the preview, import; done when the page says so (no error on it)."""
    tl.import_started = time.monotonic()
    page.get_by_role("button", name=t("import.read", LANG)).click()
    page.get_by_text(t("import.preview", LANG)).wait_for()
    _wait_done(page)
    page.get_by_role("button", name=_any_count("import.go")).click()
    page.get_by_text(_any_count("import.done", name=DATA_SET, id=1)).wait_for()
    _wait_done(page)
    tl.import_ended = time.monotonic()
    problems = [e.inner_text()[:300] for sel in (EXCEPTION, ERROR_ALERT) for e in page.query_selector_all(sel)]
    if not page.get_by_text(t("import.undo", LANG), exact=True).count():  # shown once the log holds an import
        problems.append("the import log on the page does not show the import (read from the replaced file?)")
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / "load-staff-import-ja.png"), full_page=True)
    tl.import_problem = "; ".join(problems)
    tl.import_ok = not problems


def _wait_done(page) -> None:
    page.wait_for_timeout(250)
    page.wait_for_selector('[data-test-script-state="notRunning"]', state="attached")
async def _visitor(i: int, base_url: str, v: Vocab, asked: list[Asked], first_pages: list[int],
                   go: threading.Event, done: threading.Event) -> None:
    async with Session(base_url, "trends", answer_timeout=ANSWER_TIMEOUT_S) as s:
        f = url_filter(i, v)
        asked.append(Asked(i, "url", f, await s.open(as_url(f))))
        first_pages.append(i)
        if len(first_pages) >= START_IMPORT_AFTER:
            go.set()
        j = 0
        # at least CHANGES changes, and more while the import runs (so reads overlap the swap)
        while j < CHANGES or (not done.is_set() and j < MAX_CHANGES):
            j += 1
            f = changed_filter(i, j, v)
            asked.append(Asked(i, f"change {j}", f, await s.rerun(widget_values(s, f, v))))
        while not done.is_set():  # the staff session (another thread) says when the import is over
            await asyncio.sleep(0.05)
        f = final_filter(i, v)
        asked.append(Asked(i, "after import", f, await s.rerun(widget_values(s, f, v))))


async def _load(base_url: str, db_path: Path, v: Vocab, tl: Timeline,
                go: threading.Event, done: threading.Event) -> list[Asked]:
    """The twenty sessions (this thread's event loop); ``go`` when enough have their first page,
    ``done`` (set by the staff session) when the import is over."""
    asked: list[Asked] = []
    first_pages: list[int] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch_swap(db_path, tl, stop))
    visitors = [asyncio.create_task(_visitor(i, base_url, v, asked, first_pages, go, done)) for i in range(N_SESSIONS)]
    for task in visitors:  # a session that ends early (failed) must not hold the import back
        task.add_done_callback(lambda _: go.set())
    try:
        async with asyncio.timeout(TOTAL_TIMEOUT_S):
            results = await asyncio.gather(*visitors, return_exceptions=True)
    except TimeoutError:
        pytest.fail(f"the load test did not finish within {TOTAL_TIMEOUT_S:.0f} s: {len(asked)} answers arrived, "
                    f"import started at {tl.import_started and tl.import_started - tl.t0}, ended at "
                    f"{tl.import_ended and tl.import_ended - tl.t0}")
    finally:
        stop.set()
        for task in visitors:
            task.cancel()
        await asyncio.gather(watcher, *visitors, return_exceptions=True)
    failures = [f"session {i}: {type(r).__name__}: {r}" for i, r in enumerate(results) if isinstance(r, BaseException)]
    assert not failures, "sessions failed outside an answer:\n" + "\n".join(failures)
    return asked


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _summary(asked: list[Asked], tl: Timeline, total_s: float) -> str:
    lat = [a.answer.latency for a in asked if a.answer.latency is not None]
    swap = tl.swap_seen

    def line(label: str, values: list[float]) -> str:
        if not values:
            return f"{label:<28} n=0"
        return (f"{label:<28} n={len(values):<4} median={statistics.median(values):6.2f} s  "
                f"p95={_pct(values, 0.95):6.2f} s  max={max(values):6.2f} s")

    first = [a.answer.latency for a in asked if a.step == "url" and a.answer.latency is not None]
    changes = [a.answer.latency for a in asked if a.step.startswith("change") and a.answer.latency is not None]
    during = [a.answer.latency for a in asked if a.answer.latency is not None and tl.import_started is not None
              and a.answer.started < (tl.import_ended or 0) and a.answer.finished > tl.import_started]
    final = [a.answer.latency for a in asked if a.step == "after import" and a.answer.latency is not None]
    in_flight = sum(1 for a in asked if swap and a.answer.started <= swap <= (a.answer.finished or float("inf")))

    def at(moment: float | None) -> str:
        return "-" if moment is None else f"{moment - tl.t0:6.2f} s"

    after_swap = sum(1 for a in asked if swap and a.answer.started > swap)
    return "\n".join([
        f"load test: {N_SESSIONS} sessions on the trends page, {len(asked)} answers, "
        f"{sum(not a.answer.ok for a in asked)} bad; {total_s:.1f} s from server ready to last answer; "
        f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs",
        line("all answers", lat),
        line("first page (URL filter)", first),
        line("filter changes (widgets)", changes),
        line("overlapping the import", during),
        line("after the import", final),
        f"staff import (Chromium, import page): started {at(tl.import_started)}, file swapped (seen) {at(swap)}, exited {at(tl.import_ended)} "
        f"({'done' if tl.import_ok else 'NOT done: ' + tl.import_problem}); answers in flight at the swap: {in_flight}, asked after it: {after_swap}",
    ])


def test_twenty_sessions_filter_while_staff_imports(built_db, tmp_path, recorded_page):
    assert len(REAL_FILES) == 7, REAL_FILES
    db_path = tmp_path / "bohan.duckdb"
    before_path = tmp_path / "before.duckdb"  # the untouched database, to compare with
    shutil.copy2(built_db, db_path)
    shutil.copy2(built_db, before_path)
    before = Facts(before_path)
    v = before.vocab
    for i in range(N_SESSIONS):  # the URLs are valid: no part of them is dropped
        f, notes = CrimeFilter.from_url({k: str(x) for k, x in url_filter(i, v).to_url().items()}, v, LANG)
        assert f == url_filter(i, v) and not notes, (i, notes)

    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    tl = Timeline()
    go, done = threading.Event(), threading.Event()
    with serve(db_path, SERVER_LOG, secrets=write_secrets(tmp_path / "secrets.toml"),
               BOHAN_WORKSPACE=str(tmp_path / "workspace.duckdb")) as base_url:
        staff_ready(recorded_page.page, base_url)
        tl.t0 = time.monotonic()
        # the sessions in their own thread and event loop (Playwright's sync API, the staff
        # session in this thread, runs an event loop here)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            sessions = pool.submit(asyncio.run, _load(base_url, db_path, v, tl, go, done))
            try:
                assert go.wait(TOTAL_TIMEOUT_S), "no session got its first page"
                staff_import(recorded_page.page, tl)
            finally:
                done.set()  # the sessions must not wait for an import that failed
            asked = sessions.result()
        total_s = time.monotonic() - tl.t0

    after = Facts(db_path)
    try:
        _check(asked, tl, total_s, db_path, before_path, before, after)
    finally:
        before.close()
        after.close()


def _check(asked: list[Asked], tl: Timeline, total_s: float, db_path: Path, before_path: Path,
           before: Facts, after: Facts) -> None:
    summary = _summary(asked, tl, total_s)
    SUMMARY.write_text(summary + "\n", encoding="utf-8")
    print("\n" + summary)
    log = SERVER_LOG.read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log, f"the server logged a traceback ({SERVER_LOG}):\n{log[-4000:]}"

    # the import: done, and nothing lost
    assert tl.import_ok, f"the staff import page showed a problem: {tl.import_problem}"
    assert tl.swap_seen is not None, "the database file was never swapped"
    con = db.connect(db_path, read_only=True)
    try:
        con.execute(f"ATTACH '{before_path}' AS old (READ_ONLY)")
        columns = ", ".join(f'"{c}"' for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_catalog = 'old' "
            "AND table_name = 'incidents' ORDER BY ordinal_position").fetchall())
        n_old = con.execute("SELECT count(*) FROM old.incidents").fetchone()[0]
        n_new = con.execute("SELECT count(*) FROM incidents").fetchone()[0]
        n_imported = con.execute("SELECT count(*) FROM incidents WHERE source = ?", [DATA_SET]).fetchone()[0]
        kept = con.execute("SELECT rows_kept FROM imports WHERE name = ?", [DATA_SET]).fetchall()
        lost = con.execute(f"SELECT count(*) FROM (SELECT {columns} FROM old.incidents "
                           f"EXCEPT ALL SELECT {columns} FROM incidents)").fetchone()[0]
        who = con.execute("SELECT imported_by FROM imports WHERE name = ?", [DATA_SET]).fetchall()
    finally:
        con.close()
    assert who == [(NAME,)], who  # the signed-in staff member, named in the log
    assert kept == [(n_imported,)] and n_imported > 0, (kept, n_imported)
    assert lost == 0, f"{lost} incident rows present before the import are gone"
    assert n_new == n_old + n_imported, (n_old, n_imported, n_new)

    # every answer arrived, in time, with no error, and showed what was asked
    per_session = {i: [a for a in asked if a.session == i] for i in range(N_SESSIONS)}
    assert all(len(got) >= CHANGES + 2 for got in per_session.values()), {i: len(g) for i, g in per_session.items()}
    bad = [f"session {a.session} {a.step} (sent at {a.answer.started - tl.t0:.2f} s, "
           f"swap seen at {(tl.swap_seen or tl.t0) - tl.t0:.2f} s): {'; '.join(a.answer.problems())}"
           for a in asked if not a.answer.ok]
    assert not bad, f"{len(bad)} of {len(asked)} answers bad:\n" + "\n".join(bad)
    slow = [(a.session, a.step, a.answer.latency) for a in asked if a.answer.latency > ANSWER_TIMEOUT_S]
    assert not slow, slow

    wrong = []
    for a in asked:
        facts = [after] if a.answer.started > tl.swap_seen else [before, after]
        headings = {fx.heading(a.filter) for fx in facts}
        if not headings & set(a.answer.markdown):
            wrong.append(f"session {a.session} {a.step}: heading {[m for m in a.answer.markdown if m.startswith('####')]}"
                         f", expected one of {sorted(headings)}")
        expected = {fx.n(a.filter) for fx in facts}
        shown = shown_counts(a.answer)
        if shown is None or not shown & expected:
            when = "after the swap" if len(facts) == 1 else "around the swap"
            wrong.append(f"session {a.session} {a.step} ({when}, sent {a.answer.started - tl.t0:.2f} s): "
                         f"count shown {a.answer.metrics.get(t('summary.n', LANG))!r}, expected {sorted(expected)} "
                         f"(before {before.n(a.filter)}, after {after.n(a.filter)})")
    assert not wrong, f"{len(wrong)} answers show something else than asked:\n" + "\n".join(wrong)

    # every session, after the import, saw the new 2018 rows (exact counts were checked above)
    finals = [a for a in asked if a.step == "after import"]
    assert len(finals) == N_SESSIONS and all(a.answer.started > tl.swap_seen for a in finals)
    citywide = [a for a in finals if a.filter == CrimeFilter(period="year", start=2018, end=2018)]
    assert citywide and all(shown_counts(a.answer) == {after.n(a.filter)} for a in citywide)
    assert after.n(citywide[0].filter) > before.n(citywide[0].filter), "the import added no 2018 incident"
    grew = [a for a in finals if after.n(a.filter) > before.n(a.filter)]
    assert len(grew) >= N_SESSIONS // 2, f"only {len(grew)} of the last filters cover imported rows"

    # the import really ran under load: answers were in flight when the file was swapped
    in_flight = [a for a in asked if a.answer.started <= tl.swap_seen <= a.answer.finished]
    assert in_flight, "no answer was in flight when the import swapped the file in: the test did not test that"
