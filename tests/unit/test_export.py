"""Exports: chart PNGs draw real Japanese glyphs with no Japanese system font; CSV opens in Excel.

vl-convert also loads the machine's fonts, and when a glyph is missing it falls back to any
font that has it. On a machine with IPAexGothic installed, a broken export would still look
right. So the glyph tests render in a child process whose fontconfig lists only an empty
folder: there, the only fonts are vl-convert's bundled Liberation Sans (Latin only) and what
``bohan.export`` registers, just like a CI box or a PC without a Japanese font.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import sysconfig
from itertools import combinations
from pathlib import Path

import altair as alt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFont

from bohan import charts, export

ROOT = Path(__file__).resolve().parents[2]

JP = "糸井美園自転車盗"
# Last code point of Supplementary Private Use Area-B: no font maps it, so every renderer
# draws its missing-glyph box (the font's .notdef) there.
MISSING = "\U0010fffd"
# Mean absolute difference (0..1) of two ink crops above which they count as different.
# Measured: distinct kanji differ by 0.35 or more, kanji against boxes by about 0.4, and
# boxes against boxes by 0.0 (the same glyph drawn at the same place).
DIFFERENT = 0.05

# Run in a child process: renders text charts with the given font setup and saves each PNG.
_WORKER = """
import json, sys, time
from pathlib import Path
from bohan import export
from tests.unit.test_export import JP, MISSING, text_chart

mode, out = sys.argv[1], Path(sys.argv[2])

def render(chart):
    if mode == "shipped":
        return export.chart_png(chart, scale=1)
    # Nothing registered: vl-convert's bundled Liberation Sans is the only font left.
    return export.render_png(export.export_spec(chart, family="Liberation Sans"), scale=1)

texts = {"text": JP, "missing": MISSING * len(JP), **{f"char{i}": ch for i, ch in enumerate(JP)}}
seconds = []
for name, text in texts.items():
    start = time.perf_counter()
    (out / f"{name}.png").write_bytes(render(text_chart(text)))
    seconds.append(time.perf_counter() - start)
(out / "seconds.json").write_text(json.dumps(seconds))
"""


def text_chart(text: str) -> alt.Chart:
    """One line of text, top-left, 32 px, nothing else drawn (no view border)."""
    return (
        alt.Chart(pd.DataFrame({"label": [text]}))
        .mark_text(fontSize=32, align="left", baseline="top")
        .encode(text="label:N", x=alt.value(0), y=alt.value(0))
        .properties(width=300, height=50)
        .configure_view(strokeWidth=0)
    )


def _ink(png: bytes) -> np.ndarray:
    """Darkness (0..1) of the image, cropped to the box around everything drawn."""
    dark = 1.0 - np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float) / 255.0
    rows, cols = np.nonzero(dark > 0.125)
    if rows.size == 0:
        return np.zeros((0, 0))
    return dark[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]


def _difference(a: np.ndarray, b: np.ndarray) -> float:
    """Mean absolute difference of two ink crops, laid top-left on a common canvas."""
    shape = (max(a.shape[0], b.shape[0], 1), max(a.shape[1], b.shape[1], 1))
    pa, pb = np.zeros(shape), np.zeros(shape)
    pa[: a.shape[0], : a.shape[1]] = a
    pb[: b.shape[0], : b.shape[1]] = b
    return float(np.abs(pa - pb).mean())


def tofu_reasons(renders: dict[str, bytes]) -> list[str]:
    """Why the rendered Japanese looks like tofu (empty boxes); an empty list means real glyphs.

    ``renders`` holds ``text`` (the string ``JP``), ``missing`` (as many unmapped code points)
    and ``char0``... (each character of ``JP`` alone), as the worker writes them.
    """
    reasons = []
    text, missing = _ink(renders["text"]), _ink(renders["missing"])
    if text.size == 0:
        reasons.append("no text drawn at all")
    elif _difference(text, missing) < DIFFERENT:
        reasons.append("the Japanese text looks the same as missing-glyph boxes")
    chars = [_ink(renders[f"char{i}"]) for i in range(len(JP))]
    for (i, a), (j, b) in combinations(enumerate(chars), 2):
        if _difference(a, b) < DIFFERENT:
            reasons.append(f"{JP[i]} and {JP[j]} are drawn the same")
    return reasons


def _render_without_system_fonts(mode: str, tmp_path: Path) -> tuple[dict[str, bytes], list[float]]:
    """Run the worker with fontconfig pointing at an empty folder; its PNGs and timings."""
    empty = tmp_path / "no-fonts"
    empty.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{empty}</dir></fontconfig>\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    out.mkdir()
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", _WORKER, mode, str(out)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=180)
    renders = {p.stem: p.read_bytes() for p in out.glob("*.png")}
    return renders, json.loads((out / "seconds.json").read_text())


@pytest.fixture(scope="module")
def shipped_renders(tmp_path_factory):
    """Text charts exported by ``chart_png`` on a machine with no system fonts."""
    return _render_without_system_fonts("shipped", tmp_path_factory.mktemp("shipped"))


@pytest.fixture(scope="module")
def latin_renders(tmp_path_factory):
    """The same text charts drawn with only a Latin font, no system fonts."""
    return _render_without_system_fonts("latin", tmp_path_factory.mktemp("latin"))


def _bar_chart() -> alt.Chart:
    df = pd.DataFrame({"koban": ["糸井", "美園", "錦岡"], "n_offences": [12, 30, 7]})
    return alt.Chart(df).mark_bar().encode(
        x=alt.X("koban:N", title="交番"), y=alt.Y("n_offences:Q", title="自転車盗"),
    )


def test_export_font_family_matches_the_shipped_file():
    """``font_family()`` is the family name in the font file, found in the installed package."""
    path = export.font_directory() / "NotoSansCJKjp-Regular.otf"
    assert ImageFont.truetype(str(path), 12).getname()[0] == export.font_family()
    assert Path(sysconfig.get_paths()["purelib"]).resolve() in path.resolve().parents


def test_chart_png_is_a_png_at_the_asked_scale():
    """A bar chart with Japanese titles and labels is a white PNG, twice the pixels at scale 2."""
    one = Image.open(io.BytesIO(export.chart_png(_bar_chart(), scale=1)))
    two = Image.open(io.BytesIO(export.chart_png(_bar_chart(), scale=2)))
    assert one.format == two.format == "PNG"
    assert two.size == (2 * one.size[0], 2 * one.size[1])
    assert round(two.info["dpi"][0]) == 144
    assert two.convert("RGB").getpixel((0, 0)) == (255, 255, 255)


def test_export_spec_names_only_the_shipped_font():
    """Configured and unconfigured charts both export with the shipped font and a fixed width."""
    themed = charts.themed(_bar_chart())  # configured, font stack from charts.FONT, width container
    plain = _bar_chart().mark_bar(font="IPAexGothic").properties(title="自転車盗")
    for chart in (themed, plain):
        spec = export.export_spec(chart)
        assert spec["config"]["font"] == export.font_family()
        assert "IPAexGothic" not in json.dumps(spec, ensure_ascii=False)
        assert spec["background"] == "white"
    assert export.export_spec(themed)["width"] == export.DEFAULT_CONTAINER_WIDTH
    # chart.to_dict() must not be edited in place
    assert themed.to_dict()["config"]["font"] == charts.FONT


def test_export_spec_leaves_data_alone():
    """A data column called ``font`` keeps its values."""
    df = pd.DataFrame({"font": ["IPAexGothic"], "n": [1]})
    spec = export.export_spec(alt.Chart(df).mark_bar().encode(x="font:N", y="n:Q"))
    assert "IPAexGothic" in json.dumps(spec["datasets"])


def test_chart_png_renders_a_themed_layered_chart():
    """A chart through ``charts.themed`` (configured, container width) exports at print width."""
    layered = charts.themed(alt.layer(_bar_chart(), _bar_chart().mark_text(dy=-8).encode(text="n_offences:Q")))
    image = Image.open(io.BytesIO(export.chart_png(layered, scale=2)))
    assert image.size[0] >= 2 * export.DEFAULT_CONTAINER_WIDTH


def test_chart_png_uses_japanese_month_names():
    """``lang="ja"`` formats a time axis with the ja-JP locale (1月, not January)."""
    df = pd.DataFrame({"month": pd.date_range("2024-01-01", periods=3, freq="MS"), "n": [1, 2, 3]})
    chart = alt.Chart(df).mark_bar().encode(x=alt.X("month:T", timeUnit="month", axis=alt.Axis(format="%B")), y="n:Q")
    assert export.chart_png(chart, lang="ja") != export.chart_png(chart, lang="en")


def test_chart_png_draws_japanese_glyphs_without_system_fonts(shipped_renders):
    """The tofu test: with no system fonts, Japanese is drawn as distinct glyphs, not boxes."""
    renders, _ = shipped_renders
    assert tofu_reasons(renders) == []


def test_tofu_detector_reports_tofu_for_a_latin_only_font(latin_renders):
    """The detector itself fails a Latin-only font (and proves the system fonts were hidden)."""
    renders, _ = latin_renders
    reasons = tofu_reasons(renders)
    assert "the Japanese text looks the same as missing-glyph boxes" in reasons, (
        "Japanese drew without a CJK font: vl-convert still sees system fonts, so the glyph test proves nothing"
    )
    assert len(reasons) == 1 + len(JP) * (len(JP) - 1) // 2


def test_csv_bytes_starts_with_a_bom_and_uses_crlf():
    """UTF-8 with BOM, CRLF line ends, no index column."""
    data = export.csv_bytes(pd.DataFrame({"交番": ["糸井", "美園"], "件数": [12, 30]}, index=[7, 9]))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == 3 and b"\n" not in data.replace(b"\r\n", b"")
    assert data[3:].decode("utf-8").splitlines()[0] == "交番,件数"


def test_csv_bytes_round_trips_japanese_quotes_and_commas():
    """Japanese text and a value containing ``'`` and ``,`` read back unchanged."""
    df = pd.DataFrame({"town": ["糸井", "Cote d'Ivoire, 3丁目"], "n_offences": [12, 30]})
    back = pd.read_csv(io.BytesIO(export.csv_bytes(df)), encoding="utf-8-sig")
    assert back["town"].tolist() == df["town"].tolist()
    assert back["n_offences"].tolist() == [12, 30]
    assert list(back.columns) == ["town", "n_offences"]


# --------------------------------------------------------------------------- formula injection

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cells(data: bytes) -> list[list[str]]:
    """The CSV parsed back with the csv module, as a spreadsheet would split it."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_bytes_neutralises_formulas_in_text_cells():
    """Text starting with = + - @ tab CR (or their full-width forms) gets a leading ' ; other text is unchanged."""
    texts = ["=HYPERLINK(\"http://x\",\"a\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\r=1",
             "＝1+1", "糸井", "a=b", "", "'=already"]
    df = pd.DataFrame({"town": texts, "n": range(len(texts))})
    rows = _cells(export.csv_bytes(df))[1:]
    assert [r[0] for r in rows] == ["'=HYPERLINK(\"http://x\",\"a\")", "'+cmd|' /C calc'!A0", "'-2+3", "'@SUM(A1)",
                                    "'\tx", "'\r=1", "'＝1+1", "糸井", "a=b", "", "'=already"]


def test_csv_bytes_keeps_negative_numbers_numbers():
    """Negative numbers in numeric columns (and number objects) are written as numbers, without a quote."""
    df = pd.DataFrame({"change": [-3, 5], "share": [-0.25, 1.5], "mixed": pd.Series([-7, "-7"], dtype=object),
                       "nullable": pd.array([-1, None], dtype="Int64")})
    rows = _cells(export.csv_bytes(df))
    assert rows[1] == ["-3", "-0.25", "-7", "-1"]
    assert rows[2] == ["5", "1.5", "'-7", ""], "the text '-7' is text, so it is neutralised"
    back = pd.read_csv(io.BytesIO(export.csv_bytes(df)), encoding="utf-8-sig")
    assert back["change"].tolist() == [-3, 5] and back["share"].tolist() == [-0.25, 1.5]


def test_csv_bytes_neutralises_column_names_and_categories():
    """A column named like a formula and categorical text are neutralised too; the frame passed in is untouched."""
    df = pd.DataFrame({"=1+1": pd.Categorical(["@x", "ok"]), "n": [1, 2]})
    rows = _cells(export.csv_bytes(df))
    assert rows == [["'=1+1", "n"], ["'@x", "1"], ["ok", "2"]]
    assert list(df.columns) == ["=1+1", "n"] and df["=1+1"].tolist() == ["@x", "ok"]


def test_safe_table_text_columns_match_cell_by_cell_and_leave_the_input_alone():
    """A text column checked at once (pandas' str, object strings with gaps) gives what checking each cell
    gives, and the frame passed in keeps its values (the staff download's columns are str)."""
    texts = ["=1", "糸井", None, "－2", "a=b", "@x", "'=q"]
    df = pd.DataFrame({"str": pd.Series(texts, dtype="str"), "object": pd.Series(texts, dtype=object),
                       "category": pd.Categorical(texts)})
    before = df.copy()
    out = export.safe_table(df)
    expected = [None if v is None else export.neutralise(v) for v in texts]
    for c in df.columns:
        got = [None if pd.isna(v) else v for v in out[c]]
        assert got == expected, c
    pd.testing.assert_frame_equal(df, before)


_text = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=6)
_risky_text = st.one_of(_text, st.builds(lambda t, rest: t + rest, st.sampled_from(TRIGGERS), _text))
_numbers = st.one_of(st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True, width=32))


@settings(max_examples=150, deadline=None, derandomize=True, database=None)
@given(text=st.lists(st.one_of(st.none(), _risky_text), min_size=1, max_size=5), data=st.data(),
       header=_risky_text.filter(lambda h: h not in ("n", "x")))
def test_csv_bytes_no_text_cell_starts_a_formula(text, data, header):
    """Parsed back, no cell starts with = + - @ tab CR unless it is a number from a numeric column."""
    size = len(text)
    ints = data.draw(st.lists(st.integers(-10**6, 10**6), min_size=size, max_size=size), label="ints")
    floats = data.draw(st.lists(_numbers, min_size=size, max_size=size), label="floats")
    df = pd.DataFrame({header: pd.Series(text, dtype=object), "n": ints, "x": pd.Series(floats, dtype="float64")})
    rows = _cells(export.csv_bytes(df))
    assert len(rows) == size + 1 and all(len(r) == 3 for r in rows)
    numeric = {1, 2}
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.startswith(TRIGGERS):
                assert r > 0 and c in numeric, (r, c, cell)
                float(cell)  # a number, not a formula
    # nothing is lost: removing the added quote gives the text back
    for original, cell in zip(text, (row[0] for row in rows[1:])):
        if original is None:
            assert cell == ""
        elif original.startswith(TRIGGERS):
            assert cell == "'" + original
        else:
            assert cell == original
