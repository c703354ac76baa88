"""AppTest of the presentation page: slides true to the data, navigation, the deck built and exported."""
from __future__ import annotations

import io

import pytest

from bohan import deck
from tests.app.conftest import open_page

PAGE = "pages/7_present.py"
FAST = ["title", "indicators", "offences", "koban", "hours"]  # no maps: a quick deck


def _headline(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("# "))[2:]


@pytest.fixture
def workspace_env(tmp_path, monkeypatch):
    monkeypatch.setenv("BOHAN_WORKSPACE", str(tmp_path / "ws.duckdb"))


@pytest.mark.parametrize("lang, title", [("ja", "苫小牧市 第３次総合防犯計画"), ("en", "Tomakomai's 3rd crime-prevention plan")])
def test_opens_on_the_title_slide_with_the_default_deck(built_db, workspace_env, lang, title):
    at = open_page(PAGE, lang, timeout=120)
    assert not at.exception and not at.error
    assert _headline(at).startswith(title)
    assert at.multiselect(key="d_keys").value == list(deck.DEFAULT_KEYS)


def test_next_and_previous_walk_through_the_slides(built_db, workspace_env, con):
    at = open_page(PAGE, "ja", timeout=120)
    at.multiselect(key="d_keys").set_value(FAST).run()
    at.button(key="d_next").click().run()
    assert _headline(at).startswith("5つの指標のうち")
    at.button(key="d_next").click().run()
    latest = con.execute("SELECT offences FROM annual_offences ORDER BY year DESC LIMIT 1").fetchone()[0]
    assert f"{latest:,}件" in _headline(at)  # the offences slide says this year's count
    at.button(key="d_prev").click().run()
    assert _headline(at).startswith("5つの指標のうち")
    assert not at.exception


def test_slides_follow_the_sidebar_filter(built_db, workspace_env, con):
    at = open_page(PAGE, "ja", timeout=120, query={"koban": "糸井"})
    at.multiselect(key="d_keys").set_value(["koban"]).run()
    n = con.execute("SELECT count(*) FROM incidents WHERE koban = '糸井'").fetchone()[0]
    assert f"{n:,}件のうち" in _headline(at) and "糸井" in _headline(at)


def test_the_deck_is_built_with_progress_and_exported(built_db, workspace_env):
    from pptx import Presentation

    at = open_page(PAGE, "ja", timeout=120)
    at.multiselect(key="d_keys").set_value(FAST).run()
    at.button(key="d_build").click().run()
    assert not at.exception and not at.error
    assert any("5枚のスライドを作成しました" in s.value for s in at.success)
    made = at.session_state["d_exports"][3]
    prs = Presentation(io.BytesIO(made.pptx))
    assert len(prs.slides) == 5 == len(made.pages)
    headlines = [next(sh for sh in s.shapes if sh.name == "headline").text_frame.text for s in prs.slides]
    assert headlines[0].startswith("苫小牧市") and headlines[1].startswith("5つの指標のうち")


def test_no_slide_chosen_says_so(built_db, workspace_env):
    at = open_page(PAGE, "en", timeout=120)
    at.multiselect(key="d_keys").set_value([]).run()
    assert not at.exception and [i.value for i in at.info][-1] == "Choose at least one slide."
