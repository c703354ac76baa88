"""Fixtures for the real-browser tests: a ``streamlit run`` server and one Chromium.

The server runs the app from the repository root against the database that the
``built_db`` fixture (``tests/conftest.py``) builds; its output goes to
``artifacts/streamlit-server.log``. It reads its secrets only from the file it is given
(``--secrets.files``): the shared server gets the test staff account of
``tests/auth_helpers.py``, so tests sign in as staff with ``browser_sign_in``; a real secrets
file in the checkout or the home folder is never read. Chromium is Debian's ``/usr/bin/chromium``
(``playwright install`` cannot download a browser on these machines). Without it
the tests skip locally and fail when ``CI`` is set, so CI never passes by skipping.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS_DIR = REPO_ROOT / "artifacts"
SCREENSHOT_DIR = ARTIFACTS_DIR / "screenshots"
#: One log per pytest-xdist worker (``make test`` runs two): each worker serves its own app.
SERVER_LOG = ARTIFACTS_DIR / f"streamlit-server{('-' + os.environ['PYTEST_XDIST_WORKER']) if os.environ.get('PYTEST_XDIST_WORKER') else ''}.log"

CHROMIUM_PATH = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Tall, because Streamlit scrolls inside a div and screenshots capture only the viewport.
VIEWPORT = {"width": 1400, "height": 1700}

SERVER_START_TIMEOUT_S = 60
SERVER_STOP_TIMEOUT_S = 10


def _missing(what: str) -> None:
    """Fail under CI (a skipped browser suite must not look green there), skip locally."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set, so the browser tests fail instead of skipping)")
    pytest.skip(what)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(n_chars: int = 3000) -> str:
    try:
        return SERVER_LOG.read_text(encoding="utf-8", errors="replace")[-n_chars:]
    except OSError:
        return "(no server log)"


def _wait_for_health(proc: subprocess.Popen, base_url: str) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {proc.returncode} before answering "
                f"/_stcore/health; log {SERVER_LOG}:\n{_log_tail()}"
            )
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
                if resp.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    pytest.fail(
        f"streamlit did not answer /_stcore/health within {SERVER_START_TIMEOUT_S} s; "
        f"log {SERVER_LOG}:\n{_log_tail()}"
    )


@contextlib.contextmanager
def serve(db: Path, log_path: Path = SERVER_LOG, *, secrets: Path | None = None, **env_extra: str):
    """Run ``streamlit run app.py`` on ``db`` (loopback, a free port); yields its base URL.

    ``secrets`` is the secrets.toml the server reads (staff accounts, see
    ``tests.auth_helpers.write_secrets``); without it the server reads none and is public-only.
    """
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    no_secrets = tempfile.TemporaryDirectory(prefix="bohan-no-secrets-")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "BOHAN_DB": str(db), "PYTHONUNBUFFERED": "1", **env_extra}
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        # Loopback only: the test machine need not expose the app.
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
        # Only this file: never the checkout's .streamlit/secrets.toml or ~/.streamlit/secrets.toml.
        "--secrets.files", str(secrets or Path(no_secrets.name) / "secrets.toml"),
    ]
    with no_secrets, log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(
            cmd, cwd=REPO_ROOT, env=env,
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_health(proc, base_url)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=SERVER_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=SERVER_STOP_TIMEOUT_S)


@pytest.fixture(scope="session")
def staff_secrets_file(tmp_path_factory) -> Path:
    """A secrets.toml holding the test staff account (``tests.auth_helpers``: USER, PASSWORD, NAME)."""
    from tests.auth_helpers import write_secrets

    return write_secrets(tmp_path_factory.mktemp("secrets") / "secrets.toml")


@pytest.fixture(scope="session")
def app_server(built_db: Path, staff_secrets_file: Path):
    """Base URL (``http://127.0.0.1:<port>``) of ``streamlit run app.py`` on ``built_db``, with the test staff account."""
    with serve(built_db, secrets=staff_secrets_file) as base_url:
        yield base_url
