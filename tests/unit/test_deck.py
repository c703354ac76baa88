"""The presentation deck: headlines true to the data, and exports that carry them (PowerPoint, PDF, PNG)."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageDraw

from bohan import db, deck
from bohan.filters import CrimeFilter, Vocab
from tests.unit.test_export import JP, MISSING, tofu_reasons

NO_MAPS = tuple(k for k in deck.DEFAULT_KEYS if k not in ("coverage", "siting"))


def vocab_of(con) -> Vocab:
    return Vocab.read(con)


@pytest.fixture(scope="module")
def slides(con):
    return deck.build(con, "ja", 2025, CrimeFilter(), vocab_of(con), keys=NO_MAPS)


@pytest.fixture(scope="module")
def exports(slides):
    return deck.export_all(slides, "ja")


def test_deck_follows_the_requested_order_and_marks_sample_data(slides):
    assert [s.key for s in slides] == list(NO_MAPS)
    assert all(s.sample for s in slides if s.key != "measures")  # the sample city shows on every data slide
    assert all(s.source and s.period for s in slides)


def test_headlines_are_made_from_the_data(con, slides):
    by = {s.key: s for s in slides}
    annual = con.execute("SELECT year, offences FROM annual_offences ORDER BY year DESC LIMIT 2").fetchall()
    assert f"{annual[0][1]:,}件" in by["offences"].headline and f"{abs(annual[0][1] - annual[1][1]):,}件" in by["offences"].headline
    top = con.execute("SELECT koban, count(*) n FROM incidents GROUP BY 1 ORDER BY n DESC, koban LIMIT 1").fetchone()
    assert f"{top[0]}（{top[1]:,}件）" in by["koban"].headline
    busiest = con.execute("SELECT isodow(occurred_on) - 1 d, hour, count(*) n FROM incidents WHERE hour IS NOT NULL "
                          "GROUP BY 1, 2 ORDER BY n DESC, d, hour LIMIT 1").fetchone()
    assert f"{busiest[1]}時台（{busiest[2]:,}件）" in by["hours"].headline


def test_the_deck_follows_the_filter(con):
    f = CrimeFilter(koban=("糸井",), hours=(15, 17))
    slides = deck.build(con, "ja", 2025, f, vocab_of(con), keys=("koban", "hours"))
    n = con.execute("SELECT count(*) FROM incidents WHERE koban = '糸井' AND hour >= 15 AND hour < 17").fetchone()[0]
    assert f"{n:,}件のうち" in slides[0].headline and "糸井" in slides[0].headline
    assert "15〜17時" in slides[1].headline


def test_powerpoint_reads_back_with_the_same_slides_headlines_and_figures(slides, exports):
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation(io.BytesIO(exports.pptx))
    assert round(Emu(prs.slide_width).inches, 2) == 13.33 and round(Emu(prs.slide_height).inches, 2) == 7.5  # 16:9
    assert len(prs.slides) == len(slides)
    for s, page in zip(slides, prs.slides):
        shapes = {sh.name: sh for sh in page.shapes}
        assert shapes["headline"].text_frame.text == s.headline
        assert (shapes["sample_mark"].text_frame.text == "サンプルデータ") if s.sample else "sample_mark" not in shapes
        assert s.source in shapes["source"].text_frame.text and s.period in shapes["source"].text_frame.text
        if s.chart is not None:
            assert any(sh.shape_type == 13 for sh in page.shapes)  # a picture
    indicators = prs.slides[[s.key for s in slides].index("indicators")]
    table = next(sh for sh in indicators.shapes if sh.has_table).table
    assert len(table.rows) == 6 and table.cell(1, 1).text == "1,028件" and table.cell(1, 3).text == "650件"


def test_pdf_has_one_page_per_slide(slides, exports):
    assert exports.pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", exports.pdf)) == len(slides)
    assert len(exports.pages) == len(slides)
    for png in exports.pages:
        assert Image.open(io.BytesIO(png)).size == deck.SLIDE_PX


def test_slide_text_draws_japanese_glyphs_not_boxes():
    """The slides' own text (headline, source, sample mark) uses the shipped font: real glyphs."""
    font = deck._font(32)

    def draw(text: str) -> bytes:
        img = Image.new("RGB", (400, 60), "white")
        ImageDraw.Draw(img).text((0, 0), text, font=font, fill="black")
        out = io.BytesIO()
        img.save(out, format="PNG")
        return out.getvalue()

    renders = {"text": draw(JP), "missing": draw(MISSING * len(JP)), **{f"char{i}": draw(c) for i, c in enumerate(JP)}}
    assert tofu_reasons(renders) == []


def test_english_deck(con):
    slides = deck.build(con, "en", 2025, CrimeFilter(), vocab_of(con), keys=("title", "offences", "survey"))
    assert slides[1].headline.startswith("Offences known to police were")
    assert "18.6%" in slides[2].headline and slides[2].source.startswith("Source:")


def test_unknown_slide_is_refused(con):
    with pytest.raises(ValueError):
        deck.build(con, "ja", 2025, CrimeFilter(), vocab_of(con), keys=("title", "nope"))
