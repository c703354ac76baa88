"""Staff import page in Chromium: staff mode on, upload the real 2018 bicycle-theft file, preview, import.

Runs its own server on a private copy of the database (an import replaces the file; the shared
server's database stays as built). Screenshots: ``artifacts/screenshots/import-preview-ja.png``,
``import-done-ja.png``.
"""
from __future__ import annotations

import shutil

import duckdb
import pytest

from bohan.i18n import t
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
    with serve(db, ARTIFACTS_DIR / "streamlit-import-server.log", BOHAN_WORKSPACE=str(folder / "ws.duckdb")) as url:
        yield url, db


def test_upload_preview_and_import(private_server, recorded_page):
    """The preview shows 181 rows read and kept and writes nothing; the import adds them and the log names who."""
    url, db = private_server
    page = recorded_page.page
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    load_page(page, f"{url}/import?lang=ja")
    assert page.get_by_text(t("import.staff_only", "ja")).count() == 1
    page.get_by_text(t("staff.switch", "ja")).click()
    name = page.get_by_label(t("staff.name", "ja"))
    name.fill("山田")
    name.press("Enter")
    _wait_done(page)
    page.locator('[data-testid="stFileUploader"] input[type=file]').set_input_files(str(BIKE))
    _wait_done(page)
    page.get_by_role("button", name=t("import.read", "ja")).click()
    page.get_by_text(t("import.preview", "ja")).wait_for(timeout=60_000)
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
        assert con.execute("SELECT imported_by FROM imports").fetchall() == [("山田",)]
    finally:
        con.close()
