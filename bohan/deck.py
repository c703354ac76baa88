"""The presentation: slides with one message each, and their exports (PowerPoint, PDF, PNG).

A :class:`Slide` holds a headline sentence made from the data (so it stays true when the
data changes), one chart, map or table, its source and period, and whether it shows sample
data. :func:`build` assembles the deck from the round-table report (:mod:`bohan.report`), the
views that follow the current incident filter (where and when), the coverage map and the
siting answer. Exports draw every piece of Japanese text with the font the app ships
(Noto Sans CJK JP, from a Python package), so a PC without a Japanese font still gets it.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Callable

import altair as alt
import duckdb
import pandas as pd

from bohan import charts, db, report
from bohan.filters import CrimeFilter, Vocab, home_kobans, weekday_label
from bohan.i18n import Lang, t, tv, year_label

#: Slide size: 16:9, in pixels for images and PDF pages (1920 × 1080 = 13.33 × 7.5 in at 144 dpi).
SLIDE_PX = (1920, 1080)
SLIDE_IN = (13.333, 7.5)
#: The slides a default deck has, in order.
DEFAULT_KEYS = ("title", "indicators", "offences", "koban", "hours", "children", "fraud", "coverage", "siting",
                "cameras", "survey", "measures")


@dataclass
class Slide:
    """One message."""

    key: str
    title: str
    headline: str
    source: str
    period: str
    sample: bool
    chart: alt.Chart | None = None
    image: Callable[[], bytes] | None = None     # a server-rendered map (PNG), made when asked
    table: pd.DataFrame | None = None
    bullets: list[str] = field(default_factory=list)


def _from_section(s: report.Section) -> Slide:
    return Slide(key=s.key, title=s.title, headline=s.headline, source=s.source, period=s.period, sample=s.sample,
                 chart=s.chart, table=s.table if s.chart is None else None, bullets=list(s.notes))


def title_slide(lang: Lang, fiscal_year: int, f: CrimeFilter, vocab: Vocab, sample: bool) -> Slide:
    head = t("deck.title.head", lang, year=year_label(fiscal_year, lang, fiscal=True))
    bullets = [t("deck.title.filter", lang, what=f.describe(lang, vocab))]
    return Slide("title", t("deck.title", lang), head, t("report.source", lang, what=t("report.source.plan", lang)),
                 year_label(fiscal_year, lang, fiscal=True), sample, bullets=bullets)


def hours_slide(con: duckdb.DuckDBPyConnection, lang: Lang, f: CrimeFilter, vocab: Vocab) -> Slide:
    """When: hour × weekday for the current filter, with its busiest hour named."""
    cells = db.run(con, "crime/counts_by_hour_weekday", **f.params(vocab))
    what = f.describe(lang, vocab)
    if cells.empty or cells["n"].sum() == 0:
        head = t("deck.hours.none", lang, what=what)
    else:
        top = cells.sort_values(["n", "weekday", "hour"], ascending=[False, True, True]).iloc[0]
        by_hour = cells.groupby("hour")["n"].sum()
        band = by_hour.idxmax()
        head = t("deck.hours.head", lang, what=what, day=weekday_label(int(top["weekday"]), lang), hour=int(top["hour"]),
                 n=int(top["n"]), band=int(band), share=100.0 * by_hour.max() / by_hour.sum())
    return Slide("hours", t("heat.title", lang), head, report._source({"sample"}, lang), f.describe_period(lang, vocab),
                 True, chart=charts.hour_weekday(cells, lang))


def koban_slide(con: duckdb.DuckDBPyConnection, lang: Lang, f: CrimeFilter, vocab: Vocab) -> Slide:
    """Where: incidents by police box for the current filter."""
    counts = db.run(con, "crime/counts_by_koban", **f.params(vocab)).sort_values(["n", "koban"], ascending=[False, True])
    what = f.describe(lang, vocab)
    total = int(counts["n"].sum())
    top = counts.head(3)
    sep = "、" if lang == "ja" else ", "
    listed = sep.join(f"{tv(k, lang)}（{n:,}件）" if lang == "ja" else f"{tv(k, lang)} ({n:,})"
                      for k, n in zip(top["koban"], top["n"]) if n > 0)
    head = t("deck.koban.head", lang, what=what, n=total, boxes=listed,
             share=100.0 * top["n"].sum() / total if total else 0.0) if total else t("deck.hours.none", lang, what=what)
    chart = charts.ranking(counts.assign(label=counts["koban"].map(lambda v: tv(v, lang))), "koban", lang, label="label", top=12)
    return Slide("koban", t("report.koban", lang), head, report._source({"sample"}, lang), f.describe_period(lang, vocab),
                 True, chart=chart)


def coverage_slide(con: duckdb.DuckDBPyConnection, lang: Lang, cov=None) -> Slide:
    """The school routes watched by cameras and lit, on a server-rendered map (``cov``: a
    precomputed :class:`bohan.atlas.Coverage` at the default radii, else computed here)."""
    from bohan import atlas, coverage, map_image

    if cov is None:
        cov = atlas.compute_coverage(con, coverage.CAMERA_RADIUS_M, coverage.LIGHT_RADIUS_M, coverage.DARK_MIN_LENGTH_M)
    city = cov.city.iloc[0]
    head = t("deck.coverage.head", lang, km=city["length_m"] / 1000, camera=city["camera_pct"], lit=city["lit_pct"],
             neither=city["neither_pct"], dark=len(cov.dark))
    towns = db.run(con, "map/towns", koban_list=home_kobans(con))
    boundary = db.run(con, "map/boundary")["geometry_wkt"].iloc[0]
    cameras = db.run(con, "map/cameras")

    def image() -> bytes:
        return map_image.map_png(map_image.coverage_map(cov, towns, boundary, cameras, lang), lang)

    return Slide("coverage", t("nav.map", lang), head, t("deck.map.source", lang), t("deck.map.period", lang), True,
                 image=image)


def siting_slide(con: duckdb.DuckDBPyConnection, lang: Lang, plan=None, inputs=None) -> Slide:
    """The recommended camera sites (``plan``: a :class:`bohan.planner.Plan`, else the planner's default)."""
    from bohan import map_image, planner

    inputs = inputs if inputs is not None else planner.load_inputs(con)
    plan = plan if plan is not None else planner.plan(inputs, planner.Settings())
    route, near = plan.route.iloc[0], plan.events_near
    head = t("siting.headline", lang, n=len(plan.chosen), km=(route["after_m"] - route["before_m"]) / 1000,
             before=route["before_pct"], after=route["after_pct"], child=plan.chosen["child"].sum(), child_all=near["child"])
    boundary = db.run(con, "map/boundary")["geometry_wkt"].iloc[0]
    towns = db.run(con, "map/towns", koban_list=home_kobans(con))

    def image() -> bytes:
        return map_image.map_png(map_image.siting_map(plan, inputs, boundary, lang, towns=towns), lang)

    bullets = [t("deck.siting.site", lang, rank=int(r["rank"]), kind=t(f"siting.kind.{r['kind']}", lang),
                 schools=r["schools"], m=r["route_m"]) for _, r in plan.chosen.head(5).iterrows()]
    return Slide("siting", t("nav.siting", lang), head, t("deck.map.source", lang),
                 year_label(plan.years[0], lang) + "〜" + year_label(plan.years[1], lang) if lang == "ja"
                 else f"{plan.years[0]}-{plan.years[1]}", True, image=image, bullets=bullets)


def build(con: duckdb.DuckDBPyConnection, lang: Lang, fiscal_year: int, f: CrimeFilter, vocab: Vocab, *,
          keys: tuple[str, ...] = DEFAULT_KEYS, edits=None, notes=None, scenarios=None, coverage=None,
          plan=None, inputs=None, progress: Callable[[float, str], None] | None = None) -> list[Slide]:
    """The deck: the slides named in ``keys``, in that order.

    ``edits``, ``notes``, ``scenarios``: the workspace's logs (staff entries, measure notes,
    saved siting scenarios); ``coverage``, ``plan``, ``inputs``: precomputed map figures (the
    page passes its cached ones), computed here when None."""
    say = progress or (lambda frac, key: None)
    sections = {}
    slides = []
    builders = {
        "indicators": lambda: _from_section(report.indicators_section(con, lang, edits)),
        "offences": lambda: _from_section(report.offences_section(con, lang)),
        "koban": lambda: koban_slide(con, lang, f, vocab),
        "hours": lambda: hours_slide(con, lang, f, vocab),
        "children": lambda: _from_section(report.children_section(con, lang)),
        "fraud": lambda: _from_section(report.fraud_section(con, lang)),
        "coverage": lambda: coverage_slide(con, lang, coverage),
        "siting": lambda: siting_slide(con, lang, plan, inputs),
        "cameras": lambda: _from_section(report.cameras_section(con, lang, scenarios)),
        "survey": lambda: _from_section(report.survey_section(con, lang)),
        "measures": lambda: _from_section(report.measures_section(con, lang, fiscal_year, notes)),
    }
    sample = bool(len(db.run(con, "app/sample_tables")))
    for i, key in enumerate(keys):
        say(i / max(len(keys), 1), key)
        if key == "title":
            slides.append(title_slide(lang, fiscal_year, f, vocab, sample))
        elif key in builders:
            sections[key] = builders[key]()
            slides.append(sections[key])
        else:
            raise ValueError(f"unknown slide {key!r}; choose from {DEFAULT_KEYS}")
    say(1.0, "done")
    return slides


_LABELS = {"title": "deck.title", "indicators": "report.indicators", "offences": "report.offences",
           "koban": "report.koban", "hours": "heat.title", "children": "report.children", "fraud": "report.fraud",
           "coverage": "nav.map", "siting": "nav.siting", "cameras": "report.cameras", "survey": "report.survey",
           "measures": "report.measures", "pptx": "present.export.pptx", "pdf": "present.export.pdf",
           "done": "present.export.done"}


def slide_label(key: str, lang: Lang) -> str:
    """The short name of a slide (or of an export step) for lists and progress."""
    return t(_LABELS[key], lang) if key in _LABELS else key


# --- rendering ----------------------------------------------------------------------------
def _font(size: int):
    from PIL import ImageFont

    from bohan import export

    import noto_cjk_sans_jp_regular

    return ImageFont.truetype(str(noto_cjk_sans_jp_regular.FONT_PATH), size)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Lines of ``text`` that fit ``width`` pixels (Japanese wraps anywhere, English at spaces)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        tokens = para.split(" ") if para.isascii() else list(para)
        joiner = " " if para.isascii() else ""
        for tok in tokens:
            trial = (line + joiner + tok) if line else tok
            if draw.textlength(trial, font=font) <= width:
                line = trial
            else:
                if line:
                    lines.append(line)
                line = tok
        lines.append(line)
    return lines


def visual_png(slide: Slide, lang: Lang, width_css: int = 1100, scale: float = 2.0) -> bytes | None:
    """The slide's chart or map as a print-resolution PNG (None for text-only slides)."""
    from bohan import export

    if slide.image is not None:
        return slide.image()
    if slide.chart is not None:
        return export.chart_png(charts.themed(slide.chart, height=420), scale=scale, lang=lang, container_width=width_css)
    return None


def slide_png(slide: Slide, lang: Lang, number: int, total: int, visual: bytes | None = None) -> bytes:
    """The whole slide as a 1920 × 1080 PNG: headline, visual or table, source line, sample mark."""
    from PIL import Image, ImageDraw

    w, h = SLIDE_PX
    img = Image.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(img)
    margin = 70
    head_font, body_font, small = _font(54 if slide.key == "title" else 44), _font(30), _font(24)
    y = 60 if slide.key != "title" else 300
    for line in _wrap(d, slide.headline, head_font, w - 2 * margin - (260 if slide.sample else 0))[:4]:
        d.text((margin, y), line, font=head_font, fill="#111111")
        y += int(head_font.size * 1.35)
    if slide.sample:
        label = t("report.sample_mark", lang)
        tw = d.textlength(label, font=small)
        d.rectangle((w - margin - tw - 30, 50, w - margin, 50 + 48), fill="#D55E00")
        d.text((w - margin - tw - 15, 58), label, font=small, fill="white")
    top, bottom = y + 20, h - 110
    if visual is not None:
        pic = Image.open(io.BytesIO(visual)).convert("RGB")
        box_w, box_h = w - 2 * margin, bottom - top
        ratio = min(box_w / pic.width, box_h / pic.height)
        pic = pic.resize((max(1, int(pic.width * ratio)), max(1, int(pic.height * ratio))), Image.LANCZOS)
        img.paste(pic, (margin + (box_w - pic.width) // 2, top))
    elif slide.table is not None:
        _draw_table(d, slide.table, margin, top, w - 2 * margin, bottom - top, body_font)
    bullets_y = top if visual is None and slide.table is None else None
    if bullets_y is not None:
        for b in slide.bullets:
            for i, line in enumerate(_wrap(d, b, body_font, w - 2 * margin - 40)):
                d.text((margin + (0 if i else 0), bullets_y), ("・" if i == 0 else "　") + line, font=body_font, fill="#222222")
                bullets_y += int(body_font.size * 1.5)
    footer = f"{slide.source}　{t('report.period', lang, period=slide.period)}"
    d.line((margin, h - 90, w - margin, h - 90), fill="#BBBBBB", width=2)
    d.text((margin, h - 75), _wrap(d, footer, small, w - 2 * margin - 120)[0], font=small, fill="#444444")
    d.text((w - margin - 90, h - 75), f"{number} / {total}", font=small, fill="#444444")
    out = io.BytesIO()
    img.save(out, format="PNG", dpi=(144, 144))
    return out.getvalue()


def _draw_table(d, table: pd.DataFrame, x: int, y: int, width: int, height: int, font) -> None:
    cols = list(table.columns)
    rows = [cols] + table.astype(str).values.tolist()
    n_rows = min(len(rows), max(2, height // int(font.size * 1.6)))
    widths = [max(d.textlength(str(r[i]), font=font) for r in rows[:n_rows]) + 30 for i in range(len(cols))]
    scale = min(1.0, width / sum(widths))
    widths = [int(wd * scale) for wd in widths]
    row_h = int(font.size * 1.6)
    for r, row in enumerate(rows[:n_rows]):
        cx = x
        if r == 0:
            d.rectangle((x, y, x + sum(widths), y + row_h), fill="#EEF3F8")
        for i, cell in enumerate(row):
            text = str(cell)
            while d.textlength(text, font=font) > widths[i] - 20 and len(text) > 1:
                text = text[:-1]
            d.text((cx + 10, y + 8), text, font=font, fill="#111111")
            cx += widths[i]
        d.line((x, y + row_h, x + sum(widths), y + row_h), fill="#DDDDDD", width=1)
        y += row_h


@dataclass
class Exports:
    """Every export of one deck."""

    pptx: bytes
    pdf: bytes
    png_zip: bytes
    pages: list[bytes]


def export_all(slides: list[Slide], lang: Lang, progress: Callable[[float, str], None] | None = None) -> Exports:
    """Render the deck once and write it as PowerPoint, PDF and a zip of slide PNGs."""
    from PIL import Image

    say = progress or (lambda frac, key: None)
    visuals, pages = [], []
    for i, s in enumerate(slides):
        say(0.9 * i / len(slides), s.key)
        v = visual_png(s, lang)
        visuals.append(v)
        pages.append(slide_png(s, lang, i + 1, len(slides), v))
    say(0.92, "pptx")
    pptx = to_pptx(slides, visuals, lang)
    say(0.96, "pdf")
    images = [Image.open(io.BytesIO(p)).convert("RGB") for p in pages]
    pdf = io.BytesIO()
    images[0].save(pdf, format="PDF", save_all=True, append_images=images[1:], resolution=144.0)
    zbuf = io.BytesIO()
    with zipfile.ZipFile(zbuf, "w", zipfile.ZIP_DEFLATED) as z:
        for i, (s, p) in enumerate(zip(slides, pages), start=1):
            z.writestr(f"slide-{i:02d}-{s.key}.png", p)
            if visuals[i - 1] is not None:
                z.writestr(f"figure-{i:02d}-{s.key}.png", visuals[i - 1])
    say(1.0, "done")
    return Exports(pptx=pptx, pdf=pdf.getvalue(), png_zip=zbuf.getvalue(), pages=pages)


#: Typeface named in the PowerPoint file for Japanese text: present on every Japanese Windows
#: PC (PowerPoint draws the text there; the charts inside are pictures drawn with the shipped font).
PPTX_FONT = "Meiryo UI"


def _run_font(run, size: int, bold: bool = False, colour: str = "111111") -> None:
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = PPTX_FONT
    run.font.color.rgb = RGBColor.from_string(colour)
    rpr = run._r.get_or_add_rPr()
    ea = rpr.find(qn("a:ea"))
    if ea is None:
        ea = rpr.makeelement(qn("a:ea"), {})
        rpr.append(ea)
    ea.set("typeface", PPTX_FONT)


def _text(slide, x, y, w, h, text: str, size: int, bold: bool = False, colour: str = "111111", name: str = ""):
    from pptx.util import Inches

    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    box.name = name or box.name
    frame = box.text_frame
    frame.word_wrap = True
    para = frame.paragraphs[0]
    run = para.add_run()
    run.text = text
    _run_font(run, size, bold, colour)
    return box


def to_pptx(slides: list[Slide], visuals: list[bytes | None], lang: Lang) -> bytes:
    """The deck as a 16:9 PowerPoint file: native text (headline, source, sample mark), figures as pictures,
    tables as PowerPoint tables, the slide's bullet points as speaker notes too."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_IN[0]), Inches(SLIDE_IN[1])
    blank = prs.slide_layouts[6]
    total = len(slides)
    for i, (s, visual) in enumerate(zip(slides, visuals), start=1):
        sl = prs.slides.add_slide(blank)
        title_y = 2.6 if s.key == "title" else 0.35
        _text(sl, 0.5, title_y, 10.6 if s.sample else 12.3, 1.4, s.headline, 30 if s.key == "title" else 24, bold=True,
              name="headline")
        if s.sample:
            mark = _text(sl, 11.2, 0.35, 1.7, 0.45, t("report.sample_mark", lang), 12, bold=True, colour="FFFFFF",
                         name="sample_mark")
            mark.fill.solid()
            mark.fill.fore_color.rgb = RGBColor.from_string("D55E00")
        top = 1.85
        if visual is not None:
            from PIL import Image

            with Image.open(io.BytesIO(visual)) as im:
                ratio = im.width / im.height
            box_w, box_h = 12.3, 4.8
            w = min(box_w, box_h * ratio)
            h = w / ratio
            sl.shapes.add_picture(io.BytesIO(visual), Inches(0.5 + (box_w - w) / 2), Inches(top), Inches(w), Inches(h))
        elif s.table is not None:
            rows, cols = min(len(s.table), 18) + 1, len(s.table.columns)
            shape = sl.shapes.add_table(rows, cols, Inches(0.5), Inches(top), Inches(12.3), Inches(0.3 * rows))
            shape.name = "table"
            for c, name in enumerate(s.table.columns):
                cell = shape.table.cell(0, c)
                cell.text = ""
                _run_font(cell.text_frame.paragraphs[0].add_run(), 12, bold=True)
                cell.text_frame.paragraphs[0].runs[0].text = str(name)
            for r, row in enumerate(s.table.head(rows - 1).astype(str).values.tolist(), start=1):
                for c, value in enumerate(row):
                    cell = shape.table.cell(r, c)
                    run = cell.text_frame.paragraphs[0].add_run()
                    run.text = value
                    _run_font(run, 11)
        elif s.bullets:
            box = _text(sl, 0.7, top if s.key != "title" else 4.2, 12.0, 3.5, s.bullets[0], 18, name="bullets")
            for b in s.bullets[1:]:
                para = box.text_frame.add_paragraph()
                run = para.add_run()
                run.text = b
                _run_font(run, 18)
        footer = f"{s.source}　{t('report.period', lang, period=s.period)}"
        _text(sl, 0.5, 6.85, 11.3, 0.4, footer, 10, colour="444444", name="source")
        _text(sl, 12.0, 6.85, 0.9, 0.4, f"{i} / {total}", 10, colour="444444", name="page")
        if s.bullets:
            sl.notes_slide.notes_text_frame.text = "\n".join(s.bullets)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
