"""The plan-progress page in AppTest: the plan's figures, each indicator's status as the
progress library computes it, staff entries with their audit log, refusals in words, the
revision check against silent overwrites, and notes on measures.

Every test has its own workspace file (``BOHAN_WORKSPACE``), so staff entries never leak
between tests. Staff sign in with the test account of ``tests.auth_helpers`` (display name 山田). The plan's own figures (docs: ``shared/plan/README.md``) are written out
here on purpose: the page must reproduce them exactly. Everything else expected (the
sample 2024 offences, statuses, counts) is computed from the database with
``bohan.progress``, never hard-coded.
"""
from __future__ import annotations

import re

import pandas as pd
import pytest

from bohan import db, progress, workspace
from bohan import ui_progress as up
from bohan.i18n import t
from tests.app.conftest import open_page
from tests.auth_helpers import NAME, sign_in, sign_out

PAGE = "pages/4_progress.py"
TIMEOUT = 60
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
OTHER = "佐藤"

#: The plan's own baseline and target figures as the page must print them: (baseline, target).
PLAN_FIGURES = {
    "ja": {"offences": ("1,028件", "650件"), "satisfaction": ("14.4%", "25.0%"),
           "info_activities": ("220回", "300回"), "nagara_participants": ("1,100人", "2,000人"),
           "street_cameras": ("26台", "40台")},
    "en": {"offences": ("1,028", "650"), "satisfaction": ("14.4%", "25.0%"),
           "info_activities": ("220", "300"), "nagara_participants": ("1,100", "2,000"),
           "street_cameras": ("26", "40")},
}
UNIT_JA = {"offences": "件", "info_activities": "回", "nagara_participants": "人", "street_cameras": "台"}


@pytest.fixture(autouse=True)
def own_workspace(built_db, tmp_path, monkeypatch):
    """A fresh, empty workspace file for each test."""
    path = tmp_path / "ws.duckdb"
    monkeypatch.setenv("BOHAN_WORKSPACE", str(path))
    return path


# --- expectations computed without Streamlit -------------------------------------------
def expected(con) -> dict[str, progress.Progress]:
    """Each indicator's progress from the database and the (test's) workspace entries."""
    indicators = db.run(con, "home/plan_indicators")
    values = progress.effective_values(db.run(con, "progress/indicator_values"), workspace.indicator_edits())
    return {p.indicator_id: p for p in progress.progress(indicators, values)}


def expected_summary(items: dict[str, progress.Progress], lang: str) -> str:
    statuses = [p.status for p in items.values()]
    return "### " + t("progress.summary", lang, ahead=statuses.count("ahead"), on_track=statuses.count("on_track"),
                      behind=statuses.count("behind"), none=statuses.count(None))


def shown(value: float, iid: str, lang: str) -> str:
    """How the page should print a value (written here, not taken from the app)."""
    if iid == "satisfaction":
        return f"{value:.1f}%"
    return f"{value:,.0f}" + (UNIT_JA[iid] if lang == "ja" else "")


# --- reading the page ----------------------------------------------------------------
def expect_clean(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def headings(at) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def figures(at, lang: str) -> dict[str, dict[str, object]]:
    """Per indicator (in the page's order): the three metrics' values and the latest one's year."""
    labels = (t("progress.baseline", lang), t("progress.latest", lang), t("progress.target", lang))
    metrics = list(at.metric)
    assert len(metrics) == 3 * len(up.PLAN_ORDER), [m.label for m in metrics]
    out = {}
    for i, iid in enumerate(up.PLAN_ORDER):
        base, latest, target = metrics[3 * i: 3 * i + 3]
        assert (base.label, latest.label, target.label) == labels
        out[iid] = {"baseline": base.value, "latest": latest.value, "target": target.value, "latest_when": latest.help}
    return out


def badges(at) -> dict[str, str]:
    """The status badge drawn under each indicator's heading."""
    md = [m.value for m in at.markdown]
    found = [v for v in md if re.match(r"^:\w+-badge\[", v)]
    assert len(found) == len(up.PLAN_ORDER), found
    return dict(zip(up.PLAN_ORDER, found))


def summary(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def reading(at, iid: str, lang: str) -> str:
    """The sentence in the indicator's block: the markdown after its badge."""
    md = [m.value for m in at.markdown]
    start = md.index(f"#### {t(f'ind.{iid}', lang)}")
    return md[start + 2]


def yearly_table(at, lang: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if t("progress.col.row", lang) in d.value.columns)


def history_table(at, lang: str) -> pd.DataFrame | None:
    return next((d.value for d in at.dataframe if t("progress.col.edited_by", lang) in d.value.columns), None)


def measure_status(at, mid: str) -> str:
    """The status line of measure ``mid`` (the markdown after its title)."""
    md = [m.value for m in at.markdown]
    i = next(i for i, v in enumerate(md) if v.startswith(f"**{mid} "))
    return md[i + 1]


def staff_on(at):
    """Sign in as the test account (entries are recorded under its display name, NAME)."""
    return sign_in(at)


def choose(at, iid: str, year: int):
    at.selectbox(key=up.K_ENTRY_IND).set_value(iid).run()
    at.selectbox(key=up.K_ENTRY_YEAR).set_value(year).run()
    expect_clean(at)
    return at


def save_entry(at, value, n=None, note: str | None = None):
    """Fill the entry form and press its save button (the form's values apply together)."""
    _value_input(at).set_value(value)
    if n is not None:
        at.number_input(key="p_entry_n").set_value(n)
    if note is not None:
        at.text_area(key="p_entry_note").set_value(note)
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:p_entry")).click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def errors(at) -> list[str]:
    return [e.value for e in at.error]


def edits_of(iid: str, year: int) -> pd.DataFrame:
    e = workspace.indicator_edits()
    return e[(e["indicator_id"] == iid) & (e["year"] == year)].sort_values("revision", ignore_index=True)


def check_page(at, con, lang: str) -> None:
    """Sample notice, the plan's figures, the sample latest values and the statuses, in ``lang``."""
    expect_clean(at)
    assert any(("サンプルデータ" if lang == "ja" else "Sample data") in i.value for i in at.info)
    assert at.title[0].value == t("progress.title", lang)
    assert headings(at) == [f"#### {t(f'ind.{iid}', lang)}" for iid in up.PLAN_ORDER]

    items = expected(con)
    figs = figures(at, lang)
    for iid, (base, target) in PLAN_FIGURES[lang].items():
        assert figs[iid]["baseline"] == base, iid
        assert figs[iid]["target"] == target, iid
        assert figs[iid]["latest"] == shown(items[iid].latest_value, iid, lang), iid
    # the latest offences are the sample 2024 total of annual_offences; satisfaction the plan's FY2024 18.6%
    year, total = con.execute("SELECT year, offences FROM annual_offences ORDER BY year DESC LIMIT 1").fetchone()
    assert year == 2024
    assert figs["offences"]["latest"] == (f"{total:,}件" if lang == "ja" else f"{total:,}")
    assert figs["offences"]["latest_when"] == ("2024年（令和6年）" if lang == "ja" else "2024")
    assert figs["satisfaction"]["latest"] == "18.6%"
    assert figs["satisfaction"]["latest_when"] == ("2024年度（令和6年度）" if lang == "ja" else "FY2024")

    assert summary(at) == expected_summary(items, lang)
    for iid, badge in badges(at).items():
        status = items[iid].status
        colour, _ = up.BADGE[status]
        assert badge.startswith(f":{colour}-badge["), (iid, badge)
        assert t(f"progress.status.{status or 'none'}", lang) in badge, (iid, badge)
    assert len(at.get("vega_lite_chart")) == len(up.PLAN_ORDER)  # one chart per indicator

    # the year-by-year table: the plan's offences 1,028 (2019) and 929 (2023) as actuals
    table = yearly_table(at, lang)
    offences = table[(table[t("progress.col.indicator", lang)].str.startswith(t("ind.offences", lang)))
                     & (table[t("progress.col.row", lang)] == t("progress.col.value", lang))].iloc[0]
    col = {str(c)[:4]: c for c in table.columns[2:]}
    assert offences[col["2019"]] == PLAN_FIGURES[lang]["offences"][0]
    assert offences[col["2023"]] == ("929件" if lang == "ja" else "929")
    if lang == "ja":
        assert col["2025"] == "2025（令和7）" and col["2029"] == "2029（令和11）"


# --- tests -----------------------------------------------------------------------------
def test_page_shows_the_plans_figures_and_statuses_in_japanese_and_english(con):
    """Opened in Japanese, then switched to English: no error, the sample notice, the plan's
    baseline and target figures exactly, the sample 2024 offences as the latest, and each
    indicator's status as ``bohan.progress`` computes it (summary counts and badges)."""
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    check_page(at, con, "ja")

    at.sidebar.radio(key="lang_widget").set_value("en").run()
    check_page(at, con, "en")
    assert not any(JAPANESE_RE.search(m.label) for m in at.metric)
    assert not any(JAPANESE_RE.search(h) for h in headings(at))


def test_public_view_has_no_entry_form_and_no_measure_editing(con):
    """Not signed in there is nothing to edit: captions say staff sign in to enter values and notes,
    no entry widgets, no save buttons, no popovers on the measures, no edit log; evidence links are there."""
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    expect_clean(at)
    assert any(c.value == t("progress.entry.off", "ja") for c in at.caption)
    assert any(c.value == t("auth.notes_need_sign_in", "ja") for c in at.caption)
    assert not [s for s in at.selectbox if s.key in (up.K_ENTRY_IND, up.K_ENTRY_YEAR)]
    assert not at.number_input and not at.text_area
    assert not [b for b in at.button if b.key and b.key.startswith("FormSubmitter:")]
    assert len(at.get("popover")) == 0
    assert not any(e.label == t("progress.history", "ja") for e in at.expander)  # who changed what: staff only
    links = {(p.proto.page, p.proto.label) for p in at.get("page_link")}
    assert ("map", t("progress.evidence.map", "ja")) in links
    assert ("siting", t("progress.evidence.siting", "ja")) in links

    staff_on(at)  # the same page signed in has the form and one popover per measure
    expect_clean(at)
    assert at.selectbox(key=up.K_ENTRY_IND) and _value_input(at)
    n_measures = len(db.run(con, "progress/measures"))
    assert len(at.get("popover")) == n_measures


def test_staff_entry_changes_the_figures_and_corrections_keep_the_old_value(con):
    """A value entered for FY2026 becomes the latest figure everywhere on the page and is in
    the audit history with the name; correcting it needs a note, and the log keeps both."""
    at = staff_on(open_page(PAGE, "ja", timeout=TIMEOUT))
    choose(at, "info_activities", 2026)
    assert any(c.value == t("progress.entry.none", "ja") for c in at.caption)
    before = figures(at, "ja")["info_activities"]["latest"]

    save_entry(at, 290)
    expect_clean(at)
    assert any("290回" in x.value and "版 1" in x.value for x in at.toast), [x.value for x in at.toast]
    fig = figures(at, "ja")["info_activities"]
    assert fig["latest"] == "290回" != before
    assert fig["latest_when"] == "2026年度（令和8年度）"
    assert "2026年度（令和8年度）の290回" in reading(at, "info_activities", "ja")
    items = expected(con)
    assert items["info_activities"].latest_value == 290
    assert summary(at) == expected_summary(items, "ja")
    assert t(f"progress.status.{items['info_activities'].status}", "ja") in badges(at)["info_activities"]
    row = yearly_table(at, "ja")
    actual = row[row[t("progress.col.indicator", "ja")].str.startswith(t("ind.info_activities", "ja"))
                 & (row[t("progress.col.row", "ja")] == t("progress.col.value", "ja"))].iloc[0]
    assert actual["2026（令和8）"] == "290回"
    assert any(c.value.startswith("現在の値：290回（職員の入力・版 1）") for c in at.caption)

    log = edits_of("info_activities", 2026)
    assert log[["revision", "value", "edited_by"]].values.tolist() == [[1, 290.0, NAME]]
    assert pd.isna(log["previous_value"].iloc[0])
    hist = history_table(at, "ja")
    assert hist is not None and len(hist) == 1
    assert hist[t("progress.col.edited_by", "ja")].tolist() == [NAME]
    assert hist[t("progress.col.value", "ja")].tolist() == [290.0]
    assert hist[t("progress.col.indicator", "ja")].tolist() == [t("ind.info_activities", "ja")]

    # a correction without a note is refused, and nothing changes
    save_entry(at, 295)
    assert errors(at) == [t("workspace.error.note_required", "ja")]
    assert len(edits_of("info_activities", 2026)) == 1
    assert figures(at, "ja")["info_activities"]["latest"] == "290回"

    # with a note it is stored as revision 2; revision 1 and its value stay in the log
    save_entry(at, 295, note="出前講座5回の集計漏れを追加")
    expect_clean(at)
    assert figures(at, "ja")["info_activities"]["latest"] == "295回"
    log = edits_of("info_activities", 2026)
    assert log[["revision", "value", "previous_value", "edited_by"]].values.tolist()[1] == [2, 295.0, 290.0, NAME]
    assert log[["revision", "value"]].values.tolist()[0] == [1, 290.0]
    assert pd.isna(log["note"].iloc[0]) and log["note"].iloc[1] == "出前講座5回の集計漏れを追加"
    hist = history_table(at, "ja")
    assert sorted(hist[t("progress.col.revision", "ja")].tolist()) == [1, 2]
    assert hist[t("progress.col.previous_value", "ja")].dropna().tolist() == [290.0]


def _conflict_setup(con):
    """The form open on an empty year; meanwhile a second staff member saves the same year."""
    at = staff_on(open_page(PAGE, "ja", timeout=TIMEOUT))
    choose(at, "nagara_participants", 2027)
    assert any(c.value == t("progress.entry.none", "ja") for c in at.caption)
    workspace.save_indicator_value("nagara_participants", 2027, 1500, None, None, OTHER, 0, None)
    other = edits_of("nagara_participants", 2027).iloc[0]
    return at, t("workspace.error.conflict", "ja", by=OTHER, at=str(other["edited_at"])[:16])


def _other_intact() -> None:
    log = edits_of("nagara_participants", 2027)
    assert log[["revision", "value", "edited_by"]].values.tolist() == [[1, 1500.0, OTHER]]


def test_save_over_someone_elses_entry_is_refused_naming_them(con):
    """Someone saved the same indicator and year after the form was drawn: saving is refused
    with a message naming them, and their value stays (in the log and on the page)."""
    at, conflict = _conflict_setup(con)
    save_entry(at, 1400, note="4月末の登録者数")
    assert not at.exception
    assert errors(at) == [conflict]
    assert f"{OTHER}さん" in conflict
    _other_intact()
    assert figures(at, "ja")["nagara_participants"]["latest"] == "1,500人"
    assert not at.toast


def test_conflict_on_an_empty_year_is_reported_even_without_a_note(con):
    """The form said 'no value for this year yet', so the staff member writes no note; the refusal
    must still be the conflict, naming who saved first, and a second try must not pass silently."""
    at, conflict = _conflict_setup(con)
    save_entry(at, 1400)
    assert errors(at) == [conflict]
    _other_intact()


def test_refused_values_say_why_and_store_nothing(con):
    """A share over 100, a share without respondents (empty or 0), a negative count and a
    fractional count are each refused with their own message in the user's language; nothing
    reaches the log."""
    at = staff_on(open_page(PAGE, "ja", timeout=TIMEOUT))
    choose(at, "satisfaction", 2025)
    assert not at.number_input(key="p_entry_n").disabled
    cases = [
        (101.0, 800, t("progress.error.share", "ja", value=101.0)),
        (20.0, None, t("progress.error.respondents", "ja", value=None)),
        (20.0, 0, t("progress.error.respondents", "ja", value=0)),
    ]
    for value, n, message in cases:
        if n is None:
            at.number_input(key="p_entry_n").set_value(None)
        save_entry(at, value, n=n)
        assert errors(at) == [message], (value, n)
        assert workspace.indicator_edits().empty, (value, n)
        assert figures(at, "ja")["satisfaction"]["latest"] == "18.6%"

    at.sidebar.radio(key="lang_widget").set_value("en").run()
    choose(at, "street_cameras", 2026)
    assert at.number_input(key="p_entry_n").disabled  # respondents only for the share
    for value, key in ((-1, "negative"), (27.5, "whole")):
        save_entry(at, value)
        assert errors(at) == [t(f"progress.error.{key}", "en", value=float(value))], value
        assert not JAPANESE_RE.search(errors(at)[0])
        assert workspace.indicator_edits().empty, value
    assert figures(at, "en")["street_cameras"]["latest"] == "26"


def _choose_measure_fy(at, fy: int):
    at.selectbox(key=up.K_MEASURE_FY).set_value(fy).run()
    expect_clean(at)


def _save_measure(at, mid: str, fy: int, status: str, note: str):
    at.selectbox(key=f"m_status_{mid}").set_value(status)
    at.text_area(key=f"m_note_{mid}").set_value(note)
    at.button(key=f"FormSubmitter:m_{mid}_{fy}-{t('progress.measure.save', 'ja')}").click().run()
    expect_clean(at)


def test_measure_note_shows_for_its_fiscal_year_with_the_name(con):
    """A status and note recorded on 3-1 for FY2027 shows under the measure with who wrote it,
    also after signing out; another fiscal year still says 記録なし."""
    at = staff_on(open_page(PAGE, "ja", timeout=TIMEOUT))
    _choose_measure_fy(at, 2027)
    assert measure_status(at, "3-1") == t("progress.measure.status.none", "ja")
    note = "東小学校の通学路に3台設置"
    _save_measure(at, "3-1", 2027, "in_progress", note)
    assert measure_status(at, "3-1") == f"実施中：{note}"
    assert any(c.value.startswith(f"{NAME}・20") for c in at.caption)
    notes = workspace.measure_notes()
    assert notes[["measure_id", "fiscal_year", "status", "note", "edited_by", "revision"]].values.tolist() == [
        ["3-1", 2027, "in_progress", note, NAME, 1]]

    sign_out(at)  # the public sees it too
    expect_clean(at)
    assert len(at.get("popover")) == 0
    assert measure_status(at, "3-1") == f"実施中：{note}"

    _choose_measure_fy(at, 2028)
    assert measure_status(at, "3-1") == t("progress.measure.status.none", "ja")


def test_measure_record_without_a_note_does_not_show_the_old_note(con):
    """Recording 実施済み with no note after 実施中 with a note: the line is just 実施済み."""
    at = staff_on(open_page(PAGE, "ja", timeout=TIMEOUT))
    _choose_measure_fy(at, 2027)
    _save_measure(at, "3-1", 2027, "in_progress", "東小学校の通学路に3台設置")
    _save_measure(at, "3-1", 2027, "done", "")
    notes = workspace.measure_notes()
    stored = notes.sort_values("revision")["note"].tolist()
    assert stored[0] == "東小学校の通学路に3台設置" and pd.isna(stored[1])  # the log itself is right
    assert measure_status(at, "3-1") == t("progress.measure.status.done", "ja")


def test_english_captions_have_no_japanese_punctuation(con):
    """The English page writes 'Achievement indicator: …' and '2024: 95% range …'."""
    at = open_page(PAGE, "en", timeout=TIMEOUT)
    expect_clean(at)
    captions = [c.value for c in at.caption]
    assert any(c.startswith(t("progress.kind.achievement", "en")) for c in captions), captions
    assert not [c for c in captions if "：" in c], captions


def _value_input(at):
    """The entry form's value box (keyed by indicator and year, so a typed number stays with them)."""
    boxes = [n for n in at.number_input if n.key and n.key.startswith("p_entry_value_")]
    assert len(boxes) == 1
    return boxes[0]
