"""Staff import page (AppTest): upload → preview (nothing written) → import → every page sees it → undo."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from bohan.i18n import t
from tests.app.conftest import open_page
from tests.auth_helpers import NAME, sign_in
from tests.conftest import ROOT

PAGE = "pages/8_import.py"
TIMEOUT = 60
REAL = ROOT / "tests" / "data" / "police" / "real"
BIKE = REAL / "hokkaido_2018_tomakomai_only_zitensyatou.csv"  # 181 rows, the real 2018 bicycle thefts


@pytest.fixture
def db(built_db, tmp_path, monkeypatch):
    """The page writes: give it a private copy of the built database."""
    out = tmp_path / "bohan.duckdb"
    shutil.copy2(built_db, out)
    monkeypatch.setenv("BOHAN_DB", str(out))
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    return out


def count(db, sql: str, params=None) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()[0][0]
    finally:
        con.close()


def expect_clean(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def staff_page(lang: str = "ja"):
    """The import page, signed in as the test account (display name NAME, 山田)."""
    return sign_in(open_page(PAGE, lang, timeout=TIMEOUT))


def test_public_sees_no_import_form(db):
    """Not signed in, the page only says it is for staff (tests/app/test_auth.py has the rest)."""
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    expect_clean(at)
    assert any(w.value.startswith(f"**{t('auth.refused', 'ja')}**") for w in at.main.warning)
    assert not at.get("file_uploader") and not at.main.button


def test_upload_preview_import_and_undo(db):
    """The real 2018 bicycle-theft file: the preview counts 181 rows and writes nothing; the import adds
    them as one data set that the trends queries see; the log names who; undo removes them."""
    before = count(db, "SELECT count(*) FROM incidents")
    at = staff_page()
    expect_clean(at)
    at.get("file_uploader")[0].set_value((BIKE.name, BIKE.read_bytes(), "text/csv"))
    at.run()
    at.button[0].click().run()  # read and preview
    expect_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("import.metric.read", "ja")] == "181"
    assert metrics[t("import.metric.kept", "ja")] == "181"
    assert count(db, "SELECT count(*) FROM incidents") == before  # a preview writes nothing

    go = next(b for b in at.button if b.label == t("import.go", "ja", n=181))
    go.click().run()
    expect_clean(at)
    name = BIKE.stem
    assert [s.value for s in at.success] == [t("import.done", "ja", name=name, n=181, id=1)]
    assert count(db, "SELECT count(*) FROM incidents WHERE source = ?", [name]) == 181
    assert count(db, "SELECT count(*) FROM imports WHERE imported_by = ?", [NAME]) == 1

    # the other pages read the new file at once (the cached connection follows the file's version)
    data = open_page("pages/9_data.py", "ja", timeout=TIMEOUT)
    expect_clean(data)
    tables = data.dataframe[0].value
    rows = dict(zip(tables[t("data.col.table", "ja")], tables[t("data.col.rows", "ja")]))
    assert rows["incidents"] == before + 181

    at.selectbox(key="imp_undo").set_value(name).run()
    at.checkbox(key="imp_undo_ok").check().run()
    next(b for b in at.button if b.label == t("import.undo.button", "ja")).click().run()
    expect_clean(at)
    assert count(db, "SELECT count(*) FROM incidents") == before
    assert count(db, "SELECT count(*) FROM imports WHERE undoes = 1") == 1


def test_a_refused_file_is_explained_and_nothing_written(db):
    """A CSV that is not police open data: a message in the user's language naming what is missing."""
    bad = ROOT / "tests" / "data" / "police" / "not_police.csv"
    for lang in ("ja", "en"):
        at = staff_page(lang)
        at.get("file_uploader")[0].set_value((bad.name, bad.read_bytes(), "text/csv"))
        at.run()
        at.button[0].click().run()
        assert not at.exception
        errors = [e.value for e in at.error]
        assert len(errors) == 1 and "罪名" in errors[0]
        assert ("警察" in errors[0]) == (lang == "ja")
        assert not at.metric  # no preview
    assert count(db, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'imports'") == 0


def test_layer_with_other_column_names_is_mapped_then_imported(db):
    """Street lights whose columns are named 位置_北 / 位置_東 / ランプ種類 …: refused until the columns are
    matched in the mapping step, then 3 lights replace the layer; the page says the whole layer is replaced."""
    mapped = ROOT / "tests" / "data" / "layers" / "lights_mapped.csv"
    at = staff_page()
    at.selectbox(key="imp_kind").set_value("lights").run()
    at.get("file_uploader")[0].set_value((mapped.name, mapped.read_bytes(), "text/csv"))
    at.run()
    next(b for b in at.button if b.label == t("import.read", "ja")).click().run()
    assert [e.value for e in at.error] and "位置_北" in at.error[0].value  # no coordinate columns found
    for target, column in {"light_id": "管理No", "lat": "位置_北", "lon": "位置_東", "lamp_type": "ランプ種類",
                           "manager": "保守", "status": "点灯"}.items():
        at.selectbox(key=f"imp_map_lights_{target}").set_value(column)
    at.run()
    next(b for b in at.button if b.label == t("import.read", "ja")).click().run()
    expect_clean(at)
    assert {m.label: m.value for m in at.metric}[t("import.metric.kept", "ja")] == "3"
    assert t("import.replaces.layer", "ja", tables="street_lights") in [w.value for w in at.warning]
    next(b for b in at.button if b.label == t("import.go", "ja", n=3)).click().run()
    expect_clean(at)
    assert count(db, "SELECT count(*) FROM street_lights") == 3
    assert count(db, "SELECT count(*) FROM street_lights WHERE status = 'out'") == 1


@pytest.mark.parametrize("hostile", ["../../etc/passwd.csv", "..\\..\\boot.ini.csv", "a\x00b\nc.csv", "<script>x</script>.csv"])
def test_hostile_file_names_stay_in_their_folder(hostile):
    """Whatever name the browser sends, the saved file lands in the private folder under a plain name."""
    import tempfile
    from pathlib import Path

    from bohan.ui_import import _save_uploads

    class Upload:
        name, size = hostile, 10

        def getvalue(self):
            return b"a,b\n1,2\n"

    with tempfile.TemporaryDirectory() as folder:
        (path,) = _save_uploads([Upload()], "police", Path(folder))
        assert path.resolve().parent.parent == Path(folder).resolve()
        assert not set(path.name) & set("/\\\x00\n<>")
