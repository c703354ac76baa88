"""The language catalogue: complete in both languages, and every stored value translated."""
from __future__ import annotations

import re

from bohan import i18n
from bohan.paths import ROOT

_KEY_USE = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']""")


def test_every_label_has_japanese_and_english():
    """No label is empty in either language."""
    for key, (ja, en) in i18n.TEXT.items():
        assert ja.strip() and en.strip(), key


def test_every_key_used_in_code_exists():
    """Every ``t("key")`` in the app, pages and package names a catalogue entry."""
    files = [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("bohan/**/*.py")]
    used = {k for f in files for k in _KEY_USE.findall(f.read_text(encoding="utf-8"))}
    assert used, "no keys found: the pattern is wrong"
    assert used - set(i18n.TEXT) == set()


def test_stored_values_have_english(con):
    """Every police box, offence group, offence and place type in the data has English."""
    for column in ("koban", "offence_group", "offence", "place_type"):
        values = {v for (v,) in con.execute(f"SELECT DISTINCT {column} FROM incidents").fetchall()}
        missing = {v for v in values if i18n.tv(v, "en") == v}
        assert not missing, (column, missing)


def test_tv_leaves_japanese_unchanged():
    """In Japanese, stored values show as stored."""
    assert i18n.tv("自転車盗", "ja") == "自転車盗"
    assert i18n.tv("自転車盗", "en") == "Bicycle theft"


def test_year_labels_with_era():
    """Years show as western and 令和/平成, calendar or fiscal."""
    assert i18n.year_label(2023, "ja") == "2023年（令和5年）"
    assert i18n.year_label(2019, "ja") == "2019年（令和元年）"
    assert i18n.year_label(2003, "ja") == "2003年（平成15年）"
    assert i18n.year_label(2024, "ja", fiscal=True) == "2024年度（令和6年度）"
    assert i18n.year_label(2029, "en", fiscal=True) == "FY2029"


def test_number_formats():
    """Counts get thousands separators and units; shares one decimal."""
    assert i18n.number(1100, "people", "ja") == "1,100人"
    assert i18n.number(929, "cases", "en") == "929"
    assert i18n.number(18.6, "pct", "ja") == "18.6%"
