"""A small-scale run of the benchmark script (issue 10 point 1): correctness only, no timing asserted.

One ``python -m benchmarks.run --quick`` on the session's sample database, writing to a temporary
folder; the tests read what it wrote.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench(built_db, tmp_path_factory):
    """(completed process, Markdown text, JSON record) of one quick run on the sample database."""
    out = tmp_path_factory.mktemp("bench") / "PERFORMANCE.md"
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--db", str(built_db), "--quick", "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    record = json.loads((out.parent / "performance.json").read_text(encoding="utf-8"))
    return proc, out.read_text(encoding="utf-8"), record


def test_benchmark_run_writes_markdown_and_json(bench):
    """The run finishes, prints the Markdown it writes, and records every section without an error."""
    proc, text, record = bench
    assert text.startswith("# Performance")
    assert text.strip() in proc.stdout
    sections = record["sections"]
    assert set(sections) == {"queries", "pandas", "app", "siting", "import"}
    assert not [g for g, r in sections.items() if "error" in r]
    for heading in ("## 1. Page queries", "## 2. DuckDB against pandas", "## 3. Page runs", "## 4. Map payload",
                    "## 5. Camera siting", "## 6. Police CSV import", "## 7. Peak memory"):
        assert heading in text


def test_benchmark_run_covers_every_page_query(bench):
    """Every page query the app has (minus the non-page folders) is timed, without an error."""
    from bohan import db

    _, text, record = bench
    expected = {n for n in db.query_names() if n.split("/")[0] not in db.NOT_PAGE_QUERIES}
    queries = record["sections"]["queries"]["data"]["queries"]
    assert {q["query"] for q in queries} == expected
    for q in queries:
        assert q["cases"] and not q["errors"], q
        assert all(c["median_ms"] > 0 and c["rows"] >= 0 for c in q["cases"]), q
        assert f"`{q['query']}`" in text


def test_benchmark_run_times_the_download_file(bench):
    """The table made on request is also written as the CSV file the button gives, timed and sized."""
    _, text, record = bench
    queries = {q["query"]: q for q in record["sections"]["queries"]["data"]["queries"]}
    made = [c for c in queries["crime/table_for_download"]["cases"] if "median_ms" in c]
    assert made and all(c["csv_ms"] > 0 and c["csv_bytes"] > 3 for c in made)  # more than the BOM
    assert not [c for q, x in queries.items() if q != "crime/table_for_download" for c in x["cases"] if "csv_ms" in c]
    assert "The file the download button gives" in text


def test_benchmark_run_pandas_equals_duckdb(bench):
    """Every crime/* query has a pandas twin whose result equals DuckDB's for every typical filter."""
    _, _, record = bench
    pandas = record["sections"]["pandas"]["data"]
    crime = {q["query"] for q in record["sections"]["queries"]["data"]["queries"] if q["query"].startswith("crime/")}
    rows = pandas["rows"]
    assert not [r for r in rows if "missing" in r]
    assert {r["query"] for r in rows} == crime
    filters = set(record["sections"]["queries"]["data"]["filters"])
    for name in crime:
        assert {r["case"] for r in rows if r["query"] == name} == filters, name
    assert all(r["equal"] for r in rows), [r for r in rows if not r["equal"]]
    assert pandas["rows_loaded"] == record["meta"]["database"]["incidents"]


def test_benchmark_run_payload_sizes_positive(bench):
    """Both pages ran without an exception in each view, and every map they sent has a positive size."""
    _, _, record = bench
    sessions = record["sections"]["app"]["data"]["sessions"]
    assert {(s["page"], s["view"]) for s in sessions} >= {("trends", "public"), ("map", "public"), ("map", "staff")}
    for s in sessions:
        assert not s["errors"], s["errors"]
        assert s["reruns"] and all(r["s"] > 0 for r in s["reruns"])
        assert {"default", "filtered"} <= set(s["payload"])
        for state, decks in s["payload"].items():
            if isinstance(decks, list):
                assert decks and all(d["bytes"] > 0 for d in decks), (s["page"], s["view"], state)


def test_benchmark_run_states_machine_and_targets(bench):
    """The Markdown names the machine, the database and issue 10's targets; memory is measured."""
    _, text, record = bench
    machine = next(line for line in text.splitlines() if line.startswith("Machine:"))
    for word in ("cores", "GiB RAM", "Python", "DuckDB", "Streamlit"):
        assert word in machine
    n = record["meta"]["database"]["incidents"]
    assert n > 0 and f"{n:,} incidents" in text
    for target in ("≤ 100 ms", "≥ 10×", "< 1 s", "< 1 MB", "< 1 GB"):
        assert target in text
    assert record["sections"]["queries"]["maxrss_bytes"] > 0 and record["sections"]["app"]["maxrss_bytes"] > 0
