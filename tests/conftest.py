"""Shared fixtures: one sample database built per test session, exactly as the app builds it."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A freshly built sample database; ``BOHAN_DB`` points at it for the whole session."""
    from bohan.build.sample_city import build_database

    path = build_database(tmp_path_factory.mktemp("db") / "bohan.duckdb")
    previous = os.environ.get("BOHAN_DB")
    os.environ["BOHAN_DB"] = str(path)
    yield path
    if previous is None:
        os.environ.pop("BOHAN_DB", None)
    else:
        os.environ["BOHAN_DB"] = previous


@pytest.fixture(scope="session")
def con(built_db):
    """A read-only connection to the session's database."""
    from bohan import db

    c = db.connect(built_db)
    yield c
    c.close()


def files_in(folder: Path) -> list[str]:
    """The names in ``folder``, sorted, without the database's version links (``<db>.read-…``:
    hard links to the same file that readers open it by, ``bohan.db.read_path``)."""
    return sorted(p.name for p in folder.iterdir() if ".read-" not in p.name)
