"""Where the app's files live.

The built database is never committed: it is made from ``data/`` by
``python -m bohan.build`` and kept under ``data/build/`` unless ``BOHAN_DB`` says otherwise.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
REFERENCE_DIR = DATA_DIR / "reference"
QUERIES_DIR = ROOT / "queries"


def default_db_path() -> Path:
    """The DuckDB file the app reads: ``$BOHAN_DB`` or ``data/build/bohan.duckdb``."""
    env = os.environ.get("BOHAN_DB")
    return Path(env) if env else DATA_DIR / "build" / "bohan.duckdb"


def workspace_path() -> Path:
    """The DuckDB file for what people make in the app (saved scenarios): ``$BOHAN_WORKSPACE``,
    else beside the data file (``bohan.duckdb`` -> ``bohan.workspace.duckdb``). Kept apart so
    that the data file can be rebuilt, re-imported or opened read-only without losing it."""
    env = os.environ.get("BOHAN_WORKSPACE")
    if env:
        return Path(env)
    data = default_db_path()
    return data.with_name(f"{data.stem}.workspace.duckdb")
