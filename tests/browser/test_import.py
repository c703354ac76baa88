"""Staff import page in Chromium: refused before signing in; signed in, upload the real 2018
bicycle-theft file, preview, import.

Runs its own server on a private copy of the database (an import replaces the file; the shared
server's database stays as built), with the test staff account in its own secrets file.
Screenshots: ``artifacts/screenshots/import-refused-ja.png``, ``import-preview-ja.png``,
``import-done-ja.png``.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from bohan.i18n import t
from tests.auth_helpers import NAME, USER, browser_sign_in, browser_submit, write_secrets
from tests.browser.conftest import ARTIFACTS_DIR, serve
from tests.browser.test_pages import ERROR_ALERT, EXCEPTION, SCREENSHOT_DIR, load_page
from tests.browser.test_progress import _wait_done, _whole_page_in_view
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

BIKE = ROOT / "tests" / "data" / "police" / "real" / "hokkaido_2018_tomakomai_only_zitensyatou.csv"


@pytest.fixture(scope="module")
def private_server(built_db, tmp_path_factory):
    folder = tmp_path_factory.mktemp("import-db")
    db = folder / "bohan.duckdb"
    shutil.copy2(built_db, db)
    with serve(db, ARTIFACTS_DIR / "streamlit-import-server.log", secrets=write_secrets(folder / "secrets.toml"),
               BOHAN_WORKSPACE=str(folder / "ws.duckdb")) as url:
        yield url, db


def test_upload_preview_and_import(private_server, recorded_page):
    """Refused until signed in (a wrong password is refused with a message); then the preview shows 181 rows read and kept and writes nothing; the
    import adds them and the log names who (the account's display name)."""
    url, db = private_server
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{url}/import?lang=ja")
    assert page.get_by_text(t("auth.refused", "ja")).count() == 1
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    browser_submit(page, USER, "not the password")  # a wrong password: one message, still refused
    page.get_by_text(t("auth.failed", "ja")).wait_for(timeout=30_000)
    _wait_done(page)
    assert page.get_by_text(t("auth.refused", "ja")).count() == 1
    page.screenshot(path=str(SCREENSHOT_DIR / "import-refused-ja.png"), full_page=True)
    browser_sign_in(page)
    page.locator('[data-testid="stFileUploader"]').wait_for(timeout=30_000)
    _wait_done(page)
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(BIKE))
    _wait_done(page)
    page.get_by_role("button", name=t("import.read", "ja")).click()
    page.get_by_text(t("import.preview", "ja")).wait_for(timeout=60_000)
    page.locator('[data-testid="stMetricValue"]').nth(3).wait_for(timeout=60_000)  # the heading can come a run before them
    _wait_done(page)
    metrics = page.locator('[data-testid="stMetricValue"]').all_inner_texts()
    assert metrics[:4] == ["181", "181", "0", "0"], metrics
    _whole_page_in_view(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "import-preview-ja.png"), full_page=True)

    page.get_by_role("button", name=t("import.go", "ja", n=181)).click()
    done = t("import.done", "ja", name=BIKE.stem, n=181, id=1)
    page.get_by_text(done).wait_for(timeout=60_000)
    _wait_done(page)
    assert not page.query_selector_all(EXCEPTION) and not page.query_selector_all(ERROR_ALERT)
    _whole_page_in_view(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "import-done-ja.png"), full_page=True)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM incidents WHERE source = ?", [BIKE.stem]).fetchall()[0][0] == 181
        assert con.execute("SELECT imported_by FROM imports").fetchall() == [(NAME,)]
    finally:
        con.close()
