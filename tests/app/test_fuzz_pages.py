"""Every page opened by a hostile link (issue 9, point 5): hypothesis writes the query string.

A link can carry anything: the shared filter's keys (``CrimeFilter.to_url``), ``lang``,
``public`` and a page's own keys (the survey's ``fy`` / ``q``), with huge, negative or
malformed numbers, control characters, SQL, HTML, Markdown links, very long text, or a key
repeated. Whatever it carries, the page runs with no exception and no traceback, any error or
warning box is a catalogue text in the page's language (a refusal, a note on the link), and no
value of the link reaches HTML or becomes a link of its own.

A few derandomized examples per page: AppTest runs cost a second or more each.
"""
from __future__ import annotations

import re

import pytest
import streamlit as st
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as hs

from bohan.i18n import DEFAULT_LANG, LANGS, TEXT
from bohan.ui import PAGES
from tests.app.conftest import open_page
from tests.unit.test_fuzz_inputs import catalogue_pattern

FILTER_KEYS = ("koban", "town", "group", "offence", "place", "hours", "wd", "y", "fy", "d")
#: Keys each page reads from the link besides ``lang`` and ``public`` (grep st.query_params).
PAGE_KEYS = {
    "pages/1_trends.py": FILTER_KEYS, "pages/2_map.py": FILTER_KEYS, "pages/7_present.py": FILTER_KEYS,
    "pages/5_survey.py": ("fy", "q"),
}
#: Generated examples per page, besides one fixed hostile link in each language: heavy
#: pages (maps, the planner, slides) and pages reading only ``lang`` / ``public`` get fewer.
EXAMPLES = {"pages/1_trends.py": 4, "pages/5_survey.py": 3, "pages/2_map.py": 1, "pages/3_siting.py": 1,
            "pages/7_present.py": 2}
SCRIPT_MARKER = "<script>bohan</script>"
IMG_MARKER = "<img src=x onerror=bohan()>"
LINK_MARKER = "[bohan](https://evil.example/)"
HOSTILE = [
    "", " ", "-1", "0", "NaN", "1e309", "9" * 5000, "²", "\x00", "\u202e", "\n# bohan", "a" * 5000,
    "'; DROP TABLE incidents; --", SCRIPT_MARKER, IMG_MARKER, LINK_MARKER, "![bohan](https://evil.example/x.png)",
    ":red[bohan]", "$x^2$", "1900-01-01~9999-12-31", "5-0", "25-3", "2014-2024", "2023-02-30~", "~", "-", "美園,木場",
    "糸井", "窃盗犯", "2019", "2024", "awareness", "satisfaction", "en", "ja", "EN", "1",
]
VALUE = hs.one_of(hs.sampled_from(HOSTILE), hs.text(hs.characters(exclude_categories=("Cs",)), max_size=12))
VALUES = hs.one_of(VALUE, VALUE, hs.lists(VALUE, min_size=2, max_size=3))  # a list: the key repeated


def _queries(script: str):
    keys = hs.sampled_from([*PAGE_KEYS.get(script, FILTER_KEYS[:3]), "lang", "public"])
    # every page's own key at least once, with a value that must not reach HTML
    marked = hs.fixed_dictionaries({k: hs.sampled_from([SCRIPT_MARKER, IMG_MARKER, LINK_MARKER, "9" * 5000])
                                    for k in PAGE_KEYS.get(script, ())})
    return hs.tuples(marked, hs.dictionaries(keys, VALUES, max_size=6)).map(lambda d: {**d[0], **d[1]})


def _literal_share(pattern: re.Pattern) -> bool:
    """A template that is only placeholders would match any text: it does not count."""
    return bool(re.sub(r"\(\?P<\w+>\.\*\?\)|\(\?:\.\*\?\)", "", pattern.pattern).strip())


_TEMPLATES = {lang: [p for p in (catalogue_pattern(texts[i]) for texts in TEXT.values()) if _literal_share(p)]
              for i, lang in enumerate(("ja", "en"))}


def _is_catalogue_text(text: str, lang: str) -> bool:
    """True when ``text`` is a catalogue entry of ``lang`` (placeholders filled with anything),
    or lines each of which is one (a bold heading and its explanation)."""
    def known(piece: str) -> bool:
        return any(p.fullmatch(piece) for p in _TEMPLATES[lang])

    lines = [line.strip().removeprefix("**").removesuffix("**") for line in text.split("\n") if line.strip()]
    return known(text) or bool(lines) and all(known(line) for line in lines)


def _leaves(node):
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _leaves(child)
    else:
        yield node


def _page_language(query: dict, lang: str) -> str:
    asked = query.get("lang", lang)
    asked = asked[-1] if isinstance(asked, list) else asked
    return asked if asked in LANGS else DEFAULT_LANG


def _check_page(at, query: dict, lang: str) -> None:
    assert not at.exception, [e.message for e in at.exception]
    leaves = list(_leaves(at._tree))
    for leaf in leaves:
        value = getattr(leaf, "value", None)
        if isinstance(value, str):
            assert "Traceback (most recent call last)" not in value and 'File "/' not in value, value[:300]
    page_lang = _page_language(query, lang)
    for box in [*at.error, *at.warning]:
        assert _is_catalogue_text(box.value, page_lang), f"not a {page_lang} catalogue text: {box.value[:300]!r}"
    for leaf in leaves:
        proto = getattr(leaf, "proto", None)
        html = proto.body if getattr(leaf, "type", None) == "html" or getattr(proto, "allow_html", False) else None
        if html is not None:
            for marker in (SCRIPT_MARKER, IMG_MARKER, "<script", "onerror", "bohan"):
                assert marker not in html, f"link text inside HTML: {html[:300]!r}"
        body = getattr(proto, "body", None)
        if isinstance(body, str):  # Markdown bodies (markdown, captions, alerts): no link made from the link
            assert "](https://evil.example" not in body, body[:300]


@pytest.fixture(scope="module", autouse=True)
def fresh_caches():
    """Caches cleared once for this module, not per test: the examples share the pages' cached
    queries, so each page's cost is one cold run plus cheap warm ones."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.mark.parametrize("script", [script for script, _, _ in PAGES])
def test_page_survives_hostile_links(built_db, script):
    """A page opened by a hostile link runs, shows only catalogue messages, and keeps link text out of HTML."""
    page = None if script == "app.py" else script
    fixed = {k: SCRIPT_MARKER for k in PAGE_KEYS.get(script, ())} | {"public": LINK_MARKER}

    @settings(max_examples=EXAMPLES.get(script, 2), deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    @given(query=_queries(script), lang=hs.sampled_from(LANGS))
    @example(query=fixed, lang="ja")
    @example(query=fixed, lang="en")
    def run(query, lang):
        at = open_page(page, lang, timeout=60, query=query)
        _check_page(at, query, lang)

    run()


def test_present_mode_keeps_link_text_out_of_its_style(built_db):
    """Presenting (the page's one HTML block, a fixed style) with a hostile filter link."""
    at = open_page("pages/7_present.py", "en", timeout=60, query={"koban": SCRIPT_MARKER, "hours": IMG_MARKER})
    at.session_state["d_mode"] = True
    at.run()
    styles = [m.value for m in at.markdown if m.proto.allow_html]
    assert styles and all(s.startswith("<style>") and "bohan" not in s for s in styles)
    _check_page(at, {"koban": SCRIPT_MARKER}, "en")
