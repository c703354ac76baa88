"""The camera siting page in AppTest: figures as the planner computes them, the form, leaving
a site out, refused inputs in words, and saved scenarios.

One page run computes a plan (a few seconds, the exact MILP being most of it), and the
autouse fixture clears Streamlit's caches between tests, so each test opens the page once
and then changes it the way a planner would. Expected figures come from
``bohan.planner.plan`` run directly on the same database, never from hard-coded numbers.
"""
from __future__ import annotations

import re

import pytest

from bohan import planner, siting
from bohan import ui_siting as us
from bohan.i18n import t
from tests.app.conftest import as_staff, open_page

PAGE = "pages/3_siting.py"
TIMEOUT = 120
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def library_plan(con):
    """The planner's answer for the default settings, computed without Streamlit."""
    return planner.plan(planner.load_inputs(con), planner.Settings())


def metric(at, key: str, lang: str) -> str:
    label = t(key, lang)
    return next(m.value for m in at.metric if m.label == label)


def headline(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("### "))


def sites_table(at, lang: str):
    """The recommended-sites table (the page's first dataframe)."""
    df = at.dataframe[0].value
    assert t("siting.col.site_id", lang) in df.columns, list(df.columns)
    return df


def site_ids(at, lang: str) -> list[str]:
    return sites_table(at, lang)[t("siting.col.site_id", lang)].tolist()


def submit(at):
    """Press the settings form's button (all the form's changes apply together)."""
    next(b for b in at.button if b.key and b.key.startswith("FormSubmitter:siting_settings")).click().run()
    return at


def expect_clean(at) -> None:
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def expected_headline(plan, lang: str) -> str:
    route = plan.route.iloc[0]
    return "### " + t("siting.headline", lang, n=len(plan.chosen), km=(route["after_m"] - route["before_m"]) / 1000,
                      before=route["before_pct"], after=route["after_pct"], child=plan.chosen["child"].sum(),
                      child_all=plan.events_near["child"])


def check_figures(at, plan, lang: str) -> None:
    """Headline, metrics and sites table say what the library's plan says."""
    n = len(plan.chosen)
    assert n == planner.DEFAULT_N_NEW == 14
    text = headline(at)
    assert (f"新設{n}台" if lang == "ja" else f"{n} new cameras") in text, text
    assert text == expected_headline(plan, lang)

    route = plan.route.iloc[0]
    km = metric(at, "siting.metric.route", lang)
    assert km.endswith(" km")
    assert float(km.removesuffix(" km")) == pytest.approx(route["after_m"] / 1000, abs=0.0051)
    for key, col in (("siting.metric.child", "child"), ("siting.metric.crime", "crime")):
        x, total = metric(at, key, lang).split(" / ")
        assert float(x) == pytest.approx(plan.chosen[col].sum(), abs=0.051), key
        assert int(total) == plan.events_near[col], key
        assert float(x) <= int(total)
    gap = metric(at, "siting.metric.gap", lang)
    assert float(gap.rstrip("%")) == pytest.approx(plan.gap_pct, abs=0.0051)

    df = sites_table(at, lang)
    assert len(df) == n
    assert df[t("siting.col.rank", lang)].tolist() == list(range(1, n + 1))
    assert df[t("siting.col.site_id", lang)].tolist() == plan.chosen["site_id"].tolist()
    kinds = {t(f"siting.kind.{k}", lang) for k in ("route", "crossing", "park", "gate", "user")}
    assert set(df[t("siting.col.kind", lang)]) <= kinds
    # the public view: no count of events near a single site (finer than a town)
    assert not {t("siting.col.child", lang), t("siting.col.crime", lang)} & set(df.columns)


def test_page_shows_the_plans_figures_in_japanese_and_english(built_db, library_plan, tmp_path, monkeypatch):
    """Opened in Japanese, then switched to English: no error, sample-data notice, and the
    headline, metrics and sites table carry the figures the planner library computes."""
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    expect_clean(at)
    assert any("サンプルデータ" in i.value for i in at.info)
    check_figures(at, library_plan, "ja")
    assert at.number_input(key="s_n").value == planner.DEFAULT_N_NEW
    assert not at.warning, [w.value for w in at.warning]  # no "fewer sites than asked" note

    at.sidebar.radio(key="lang_widget").set_value("en").run()
    expect_clean(at)
    assert any("Sample data" in i.value for i in at.info)
    assert at.title[0].value == t("siting.title", "en")
    check_figures(at, library_plan, "en")
    assert not any(JAPANESE_RE.search(m.label) for m in at.metric)


def test_form_changes_apply_on_submit_and_refused_weights_say_why(built_db, tmp_path, monkeypatch):
    """Five cameras give five sites (covering less than fourteen); all weights at 0 is refused
    with a message in words, not a traceback, and putting them back brings the plan back."""
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    expect_clean(at)
    cum = t("siting.col.covered_pct", "ja")
    covered_14 = sites_table(at, "ja")[cum].iloc[-1]

    at.number_input(key="s_n").set_value(5)
    submit(at)
    expect_clean(at)
    df = sites_table(at, "ja")
    assert len(df) == 5
    assert df[t("siting.col.rank", "ja")].tolist() == [1, 2, 3, 4, 5]
    assert "新設5台" in headline(at)
    assert df[cum].iloc[-1] < covered_14

    for key in ("s_w_len", "s_w_child", "s_w_crime"):
        at.slider(key=key).set_value(0.0)
    submit(at)
    assert not at.exception, [e.message for e in at.exception]
    assert [e.value for e in at.error] == [t("siting.error.weights_zero", "ja")]
    assert not at.metric and not at.dataframe  # the page stops after the message

    default = siting.Weights()
    at.slider(key="s_w_len").set_value(default.length)
    at.slider(key="s_w_child").set_value(default.child)
    at.slider(key="s_w_crime").set_value(default.crime)
    submit(at)
    expect_clean(at)
    assert len(sites_table(at, "ja")) == 5


def test_leaving_the_best_site_out_recomputes_without_it(built_db, tmp_path, monkeypatch):
    """The rank-1 site chosen in 除外した地点 is gone from the new plan; taking it out of the box
    puts the first plan back."""
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    expect_clean(at)
    first = site_ids(at, "ja")
    best = first[0]

    at.multiselect(key="s_excluded").set_value([best]).run()
    expect_clean(at)
    after = site_ids(at, "ja")
    assert best not in after
    assert len(after) == 14
    assert at.multiselect(key="s_excluded").value == [best]
    solved = next(c.value for c in at.caption if c.value.startswith("厳密解"))
    assert "除外 1か所" in solved, solved

    at.multiselect(key="s_excluded").set_value([]).run()
    expect_clean(at)
    assert site_ids(at, "ja") == first


# Files a planner might upload by mistake, and the message key each must give.
BAD_FILES = [
    ("upload_type", b"lat,lon\n42.6,141.6\n", "sites.xlsx"),
    ("upload_encoding", b"lat,lon\n\x81\x20,\x81\x7f\n", "sites.csv"),  # neither UTF-8 nor cp932
    ("upload_columns", "名前,住所\n駅前,表町1\n".encode("utf-8"), "sites.csv"),
    ("upload_empty", b"lat,lon\nabc,def\n", "sites.csv"),
    ("upload_size", b"lat,lon\n" + b"42.6,141.6\n" * (planner.MAX_UPLOAD_BYTES // 10), "sites.csv"),
    ("upload_json", b"{not json", "sites.geojson"),
    ("upload_degrees", b"lat,lon\n4260000,14160000\n", "sites.csv"),
]


@pytest.mark.parametrize(("key", "data", "name"), BAD_FILES, ids=[k for k, _, _ in BAD_FILES])
def test_refused_upload_is_explained_in_each_language(key, data, name):
    """Each refused file gives its own message key, and a plain translated sentence for it."""
    with pytest.raises(siting.SitingError) as info:
        planner.read_points(data, name)
    err = info.value
    assert err.key == key
    ja, en = us.error_text(err, "ja"), us.error_text(err, "en")
    assert ja and en and ja != en
    assert JAPANESE_RE.search(ja), ja
    assert ja != t("siting.error.unknown", "ja") and en != t("siting.error.unknown", "en")
    for text in (ja, en):
        assert str(err) not in text  # the developer's message stays in the log
        assert not re.search(r"[{}]|Error|Traceback|\\x|b'|<", text), text
    if key == "upload_columns":
        assert "名前, 住所" in ja and "名前, 住所" in en  # the columns found are named
    if key == "upload_size":
        assert f"{planner.MAX_UPLOAD_BYTES // (1024 * 1024)}" in en


def test_scenarios_save_refuse_duplicates_and_compare(built_db, tmp_path, monkeypatch):
    """A named answer is saved; the same name again is refused unless replacing is ticked;
    two saved answers are compared side by side."""
    workspace_file = tmp_path / "ws.duckdb"
    monkeypatch.setenv("BOHAN_WORKSPACE", str(workspace_file))
    at = open_page(PAGE, "ja", timeout=TIMEOUT)
    assert not [b for b in at.button if b.key == "s_scn_save"]  # saving is for staff
    assert t("siting.scenario.staff_only", "ja") in [c.value for c in at.caption]
    at = as_staff(at)
    expect_clean(at)
    assert any(c.value == t("siting.scenario.none", "ja") for c in at.caption)

    at.button(key="s_scn_save").click().run()  # no name yet
    assert [e.value for e in at.error] == [t("workspace.error.name_empty", "ja")]

    name = "子ども重視・14台"
    at.text_input(key="s_scn_name").set_value(name)
    at.button(key="s_scn_save").click().run()
    expect_clean(at)
    assert [s.value for s in at.success] == [t("siting.scenario.saved", "ja", name=name)]
    assert workspace_file.exists()

    at.button(key="s_scn_save").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("workspace.error.exists", "ja", name=name)]
    assert not at.success

    at.checkbox(key="s_scn_replace").check()
    at.button(key="s_scn_save").click().run()
    expect_clean(at)
    assert [s.value for s in at.success] == [t("siting.scenario.saved", "ja", name=name)]

    other = "比較用"
    at.checkbox(key="s_scn_replace").uncheck()
    at.text_input(key="s_scn_name").set_value(other)
    at.button(key="s_scn_save").click().run()
    expect_clean(at)
    assert [s.value for s in at.success] == [t("siting.scenario.saved", "ja", name=other)]
    assert set(at.selectbox(key="s_scn_a").options) == {name, other}

    at.selectbox(key="s_scn_a").set_value(name)
    at.selectbox(key="s_scn_b").set_value(other).run()
    expect_clean(at)
    figure = t("siting.scenario.figure", "ja")
    table = next(d.value for d in at.dataframe if figure in d.value.columns)
    assert list(table.columns) == [figure, name, other]
    rows = table.set_index(figure)
    assert rows.loc[t("siting.scenario.f.n_new", "ja")].tolist() == ["14", "14"]
    headline_child = float(metric(at, "siting.metric.child", "ja").split(" / ")[0])
    assert float(rows.loc[t("siting.scenario.f.child_covered", "ja"), name]) == pytest.approx(headline_child, abs=0.051)
    # each scenario's saved sites are listed under its box, the same 14 as on screen
    saved_sites = [d.value for d in at.dataframe if t("siting.col.site_id", "ja") in d.value.columns][1:]
    assert len(saved_sites) == 2
    assert all(d[t("siting.col.site_id", "ja")].tolist() == site_ids(at, "ja") for d in saved_sites)


def test_removing_a_refused_file_clears_its_message(built_db, tmp_path, monkeypatch):
    """A refused file says why in the page's language, the plan stays; removing it takes the message away."""
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))
    at = open_page(PAGE, "en", timeout=TIMEOUT)
    expect_clean(at)
    at.file_uploader(key="s_upload_user").set_value(("sites.csv", b"name,value\nstation,1\n", "text/csv")).run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("siting.error.upload_columns", "en", columns="name, value")]
    assert len(sites_table(at, "en")) == 14  # the plan is still shown under the message

    at.file_uploader(key="s_upload_user").set_value(None).run()
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
