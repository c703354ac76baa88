"""Downloads: charts as print-resolution PNGs with Japanese text, tables as Excel-ready, formula-safe CSV.

Plain Python (no Streamlit), so a notebook or a report script can export the same way the
app does.

Charts are rendered on the server by vl-convert, which draws text only with the fonts it can
find. A machine with no Japanese font (a CI box, a Windows PC without IPAexGothic) would
otherwise give empty "tofu" boxes, silently. So every export uses Noto Sans CJK JP, which
arrives with the PyPI package ``noto-cjk-sans-jp-regular`` (SIL OFL 1.1) and is registered
with vl-convert once per process. The app's on-screen font stack (``charts.FONT``) is left
alone; only the exported spec is rewritten to name the shipped font.
"""
from __future__ import annotations

import copy
import io
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from bohan.i18n import Lang

# The family name in the font's own name table, which is what vl-convert's font database
# matches on. tests/unit/test_export.py checks it against the installed file.
_FAMILY = "Noto Sans CJK JP"

# Spec keys whose string value names a font family, wherever they appear (config, marks,
# axes, legends, titles, headers).
_FONT_KEYS = frozenset({"font", "labelFont", "titleFont", "subtitleFont"})

# Inline data lives under these keys; a column that happens to be called "font" or "width"
# must stay data.
_DATA_KEYS = frozenset({"data", "datasets"})

# Logical width given to charts declared ``width="container"``: there is no container on the
# server, and vl-convert's fallback (about 300 px) is too narrow for a report page.
DEFAULT_CONTAINER_WIDTH = 720

_register_lock = threading.Lock()
_registered = False


def font_family() -> str:
    """Family name of the shipped Japanese font, as vl-convert matches it.

    Returns
    -------
    str
        ``"Noto Sans CJK JP"``.
    """
    return _FAMILY


def font_directory() -> Path:
    """Folder holding the shipped font file (inside the installed ``noto_cjk_sans_jp_regular``).

    Returns
    -------
    pathlib.Path
        The package folder that contains ``NotoSansCJKjp-Regular.otf``.

    Raises
    ------
    RuntimeError
        If the package is installed but its font file is missing.
    """
    # Imported here so that importing bohan.export stays cheap and a missing package fails
    # with the message below only when a chart is actually exported.
    import noto_cjk_sans_jp_regular

    path = Path(str(noto_cjk_sans_jp_regular.FONT_PATH))
    if not path.is_file():
        raise RuntimeError(f"Japanese export font not found at {path}; reinstall noto-cjk-sans-jp-regular")
    return path.parent


def _ensure_font_registered() -> None:
    """Register the shipped font folder with vl-convert, once per process.

    vl-convert keeps one process-wide font list and rebuilds its font database on every
    registration, so registering again on each export would only cost time.
    """
    global _registered
    with _register_lock:
        if not _registered:
            import vl_convert  # about 1 s to import: only when a PNG is asked for

            vl_convert.register_font_directory(str(font_directory()))
            _registered = True


def _rewrite(node: Any, family: str, container_width: int) -> Any:
    """Copy of a Vega-Lite spec node with every font named ``family`` and container widths fixed."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in _DATA_KEYS:
                out[key] = value
            elif key in _FONT_KEYS and isinstance(value, str):
                out[key] = family
            elif key == "width" and value == "container":
                out[key] = container_width
            else:
                out[key] = _rewrite(value, family, container_width)
        return out
    if isinstance(node, list):
        return [_rewrite(item, family, container_width) for item in node]
    return node


def export_spec(
    chart: alt.TopLevelMixin | dict,
    family: str | None = None,
    container_width: int = DEFAULT_CONTAINER_WIDTH,
) -> dict:
    """The Vega-Lite spec that ``chart_png`` renders: the chart's own, set up for a file.

    Works on the spec dict rather than with ``chart.configure(...)``, because a chart that is
    already configured (every chart through ``charts.themed``) cannot be configured again,
    and fonts can also be set on marks, axes and titles, which ``configure`` would not reach.

    Parameters
    ----------
    chart : altair.TopLevelMixin or dict
        Any top-level Altair chart (single, layered, concatenated, faceted), configured or
        not, or its spec dict (left unchanged).
    family : str, optional
        Font family to write everywhere; defaults to ``font_family()``.
    container_width : int
        Width in CSS pixels given to views declared ``width="container"``.

    Returns
    -------
    dict
        A new spec: every font key names ``family``, ``config.font`` is set, the
        background is white, and container widths are fixed.
    """
    family = family or font_family()
    spec = copy.deepcopy(chart) if isinstance(chart, dict) else chart.to_dict()
    spec = _rewrite(spec, family, container_width)
    # config.font is the default for every piece of text the chart does not set itself.
    spec.setdefault("config", {})["font"] = family
    # Transparent PNGs turn black or checkered in some viewers and slide tools.
    spec["background"] = "white"
    return spec


def render_png(spec: dict, scale: float = 2.0, lang: Lang = "ja") -> bytes:
    """Render a prepared Vega-Lite spec with vl-convert, using whatever fonts it has loaded.

    Parameters
    ----------
    spec : dict
        A Vega-Lite spec, usually from ``export_spec``.
    scale : float
        Pixels per CSS pixel; 2.0 gives 144 dpi, enough for print at the chart's size.
    lang : {"ja", "en"}
        ``"ja"`` formats numbers and dates with the ja-JP locales (1月, 日曜日, 円);
        ``"en"`` keeps vl-convert's en-US defaults.

    Returns
    -------
    bytes
        PNG data, ``scale`` times the chart's size in pixels, its pHYs chunk saying
        ``72 * scale`` dpi.
    """
    locale = "ja-JP" if lang == "ja" else None
    # vl-convert multiplies scale by ppi / 72. Passing the whole factor as ppi gives the
    # same pixels as scale=scale and also records 72*scale dpi in the file, so Word and
    # PowerPoint place the image at the chart's intended size instead of twice as large.
    import vl_convert

    return vl_convert.vegalite_to_png(
        spec,
        scale=1.0,
        ppi=72.0 * scale,
        format_locale=locale,
        time_format_locale=locale,
    )


def chart_png(
    chart: alt.TopLevelMixin,
    scale: float = 2.0,
    lang: Lang = "ja",
    *,
    container_width: int = DEFAULT_CONTAINER_WIDTH,
) -> bytes:
    """A chart as a PNG, Japanese text drawn with the shipped Noto Sans CJK JP.

    Needs no Japanese system font: the font comes with the ``noto-cjk-sans-jp-regular``
    package and is registered with vl-convert on first use. The first call in a process
    takes about a second (vl-convert starts its JavaScript engine); later ones take tens of
    milliseconds for a simple chart.

    Parameters
    ----------
    chart : altair.TopLevelMixin
        Any top-level Altair chart, configured (``charts.themed``) or not.
    scale : float
        Pixels per CSS pixel; 2.0 (144 dpi) is print resolution at the chart's size.
    lang : {"ja", "en"}
        Locale for number and time formats: ``"ja"`` uses ja-JP.
    container_width : int
        Width in CSS pixels for views declared ``width="container"``.

    Returns
    -------
    bytes
        PNG data on a white background.
    """
    _ensure_font_registered()
    return render_png(export_spec(chart, container_width=container_width), scale=scale, lang=lang)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP, "CSV
# Injection"): = + - @, tab and carriage return. Their full-width forms (＝ ＋ － ＠), which a
# Japanese IME types, are treated the same as a precaution: a tool that folds full-width
# characters to ASCII on import would turn them into the ASCII ones.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula.

    Text that begins with one of :data:`FORMULA_STARTS` gets a leading ``'``, which Excel
    and LibreOffice read as "this cell is text". Real numbers (``-3``, ``-0.5``) are left
    alone: a number is not a formula, and it must stay a number. Other objects (a negative
    ``Timedelta``, a list) are judged by their text.
    """
    if value is None or isinstance(value, (bool, np.bool_)):
        return value
    if isinstance(value, (int, float, Decimal, np.number)):
        return value
    if not isinstance(value, str):
        try:
            if pd.isna(value):
                return value
        except (TypeError, ValueError):
            pass
        text = str(value)
        return "'" + text if text.startswith(FORMULA_STARTS) else value
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def safe_table(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell and column name neutralised (see :func:`neutralise`).

    Numeric, boolean and datetime columns are kept as they are (a negative count stays a
    number); object, string and categorical columns are checked cell by cell.
    """
    out = df.copy()
    for i, (name, col) in enumerate(df.items()):
        dtype = col.dtype
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype) \
                or pd.api.types.is_datetime64_any_dtype(dtype):
            continue
        if isinstance(dtype, pd.CategoricalDtype):
            col = col.astype(object)
        out.isetitem(i, _neutralised(col))
    out.columns = [neutralise(c) if isinstance(c, str) else c for c in df.columns]
    return out


def _neutralised(col: pd.Series) -> pd.Series:
    """A text column through :func:`neutralise`. A column of strings (and missing values) is
    checked at once and keeps its type, not cell by cell: the staff download of a year of national
    data, 490,000 rows of five text columns, 2.4 -> 0.1 s; anything else goes cell by cell, as objects."""
    if not (isinstance(col.dtype, pd.StringDtype) or pd.api.types.infer_dtype(col, skipna=True) == "string"):
        return col.map(neutralise, na_action="ignore").astype(object)
    risky = col.str.startswith(FORMULA_STARTS, na=False).to_numpy(dtype=bool)
    if not risky.any():
        return col
    out = col.copy()
    out[risky] = "'" + col[risky]
    return out


#: Rows below the header that Excel opens (1,048,576 in all). The aggregated incident table has
#: at most one row per incident, so it is offered when at most this many incidents match.
EXCEL_MAX_ROWS = 1_048_575


def fits_excel(n_rows: int) -> bool:
    """Whether a table of (at most) ``n_rows`` rows opens whole in Excel."""
    return n_rows <= EXCEL_MAX_ROWS


def csv_bytes(df: pd.DataFrame) -> bytes:
    """A table as CSV that Excel on Japanese Windows opens correctly and safely.

    Excel reads a CSV without a byte-order mark as Shift_JIS (cp932) on Japanese Windows,
    which garbles UTF-8 Japanese; the BOM makes it read UTF-8. CRLF is what Excel and
    Windows tools expect. Text cells and column names that a spreadsheet would run as a
    formula (``=HYPERLINK(...)``, ``+cmd|...``, ``@SUM(...)``) are written with a leading
    ``'`` (:func:`safe_table`); numbers in numeric columns, negative ones included, stay
    numbers.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; its index is not written.

    Returns
    -------
    bytes
        UTF-8 with BOM (``b"\\xef\\xbb\\xbf"``), CRLF line ends, a header row, no index.
    """
    buffer = io.StringIO()
    # Writing to a text buffer and encoding once keeps the BOM at the very start; the csv
    # module quotes values containing commas, quotes or newlines.
    safe_table(df).to_csv(buffer, index=False, lineterminator="\r\n")
    return buffer.getvalue().encode("utf-8-sig")
