"""The staff import page (pages/8_import.py): choose a kind, upload, preview, import, undo.

Nothing is written until the user has seen the preview (the report and the first rows) and
pressed the import button; the write is one transaction on a copy swapped in
(:mod:`bohan.importers.store`), so a failure leaves the data as it was. Uploaded files are
saved in a private temporary folder under a cleaned name (no folders, no control or path
characters: never the name the browser sent as it is), read, and removed.
"""
from __future__ import annotations

import logging
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from bohan import auth, importers
from bohan.i18n import Lang, t
from bohan.importers.common import ImportRefused
from bohan.importers.store import KINDS as STORE_KINDS
from bohan.importers.store import import_log, undo, write
from bohan.paths import default_db_path

log = logging.getLogger(__name__)

#: Largest upload accepted (a decade of a prefecture's police CSV is a few hundred MB).
MAX_UPLOAD_MB = 500
_PREVIEW, _DONE = "_import_preview", "_import_done"
K_KIND, K_FILES, K_NAME, K_CITY, K_YEAR, K_CRS, K_FY = (
    "imp_kind", "imp_files", "imp_name", "imp_city", "imp_year", "imp_crs", "imp_fy")
K_UNDO, K_UNDO_OK = "imp_undo", "imp_undo_ok"
#: Coordinate systems offered when a file does not say (Hokkaido's usual ones).
CRS_CHOICES = ("", "EPSG:4326", "EPSG:6668", "EPSG:4612", "EPSG:6680", "EPSG:2454")


@dataclass
class Preview:
    """What was read, kept between the preview and the import button."""

    kind: str
    tables: dict
    report: object
    signature: tuple


def safe_stem(name: str) -> str:
    """A file's stem fit for a data set name: no folders, no control or path characters, ≤ 60 chars."""
    stem = Path(unicodedata.normalize("NFKC", name).replace("\\", "/")).name
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r"[^\w\-.()（）]+", "_", stem).strip("._")
    return stem[:60] or "import"


def _save_uploads(uploads, kind: str, folder: Path) -> list[Path]:
    """Write the uploads under safe names (``<n>/<safe stem>.<suffix>``); refuses wrong types and sizes."""
    paths = []
    for i, up in enumerate(uploads):
        suffix = up.name.rsplit(".", 1)[-1].lower() if "." in up.name else ""
        if suffix not in importers.SUFFIXES[kind]:
            raise ImportRefused("wrong_type", file=safe_stem(up.name), kinds=", ".join(importers.SUFFIXES[kind]))
        size_mb = up.size / 1e6
        if size_mb > MAX_UPLOAD_MB:
            raise ImportRefused("too_large", file=safe_stem(up.name), size_mb=size_mb, max_mb=MAX_UPLOAD_MB)
        (folder / str(i)).mkdir()  # one folder per file: two uploads of the same name stay apart
        path = folder / str(i) / f"{safe_stem(up.name)}.{suffix}"
        path.write_bytes(up.getvalue())
        paths.append(path)
    return paths


def kind_picker(lang: Lang) -> str:
    return st.selectbox(t("import.kind", lang), importers.KINDS, key=K_KIND,
                        format_func=lambda k: t(f"import.kind.{k}", lang), help=t("import.kind.help", lang))


def options(kind: str, lang: Lang) -> dict:
    """The few options a kind needs, each with its default explained."""
    opts: dict = {}
    c1, c2 = st.columns(2)
    opts["name"] = c1.text_input(t("import.name", lang), key=f"{K_NAME}_{kind}", max_chars=60,
                                 help=t("import.name.help", lang)).strip() or None
    if kind == "police":
        opts["city_code"] = c2.text_input(t("import.city_code", lang), value="012131", key=K_CITY, max_chars=6,
                                          help=t("import.city_code.help", lang))
        year = st.number_input(t("import.year", lang), min_value=0, max_value=2100, value=0, step=1, key=K_YEAR,
                               help=t("import.year.help", lang))
        opts["year"] = int(year) or None
    elif kind == "survey":
        fy = c2.number_input(t("import.fiscal_year", lang), min_value=0, max_value=2100, value=0, step=1, key=K_FY,
                             help=t("import.fiscal_year.help", lang))
        opts["fiscal_year"] = int(fy) or None
    else:
        opts["crs"] = c2.selectbox(t("import.crs", lang), CRS_CHOICES, key=f"{K_CRS}_{kind}",
                                   format_func=lambda c: c or t("import.crs.auto", lang),
                                   help=t("import.crs.help", lang)) or None
    return opts


def mapping_step(kind: str, upload, lang: Lang) -> dict | None:
    """For a layer file: which of its columns gives each of the table's columns (guessed, changeable).

    Returns ``{target: column or None}`` for every target (None: the file has no such column),
    or None when the file's columns cannot be listed (the preview then says what is wrong).
    """
    from bohan.importers import layers

    with tempfile.TemporaryDirectory(prefix="bohan-upload-") as folder:
        try:
            path = _save_uploads([upload], kind, Path(folder))[0]
            columns = layers.columns_of(path, kind)
        except ImportRefused:
            return None
    if not columns:
        return None
    guess = layers.suggest_mapping(columns, kind)
    chosen: dict[str, str | None] = {}
    with st.expander(t("import.mapping", lang), expanded=False):
        st.caption(t("import.mapping.help", lang))
        cols = st.columns(3)
        choices = ["", *columns]
        for i, target in enumerate(layers.FIELDS[kind]):
            default = guess.get(target, "")
            pick = cols[i % 3].selectbox(t(f"import.field.{target}", lang), choices, index=choices.index(default),
                                         key=f"imp_map_{kind}_{target}",
                                         format_func=lambda c: c or t("import.mapping.none", lang))
            chosen[target] = pick or None
    return chosen


def _signature(kind: str, uploads, opts: dict, mapping: dict | None) -> tuple:
    return (kind, tuple((u.name, u.size) for u in uploads), tuple(sorted(opts.items())),
            tuple(sorted((mapping or {}).items())))


def read_uploads(kind: str, uploads, opts: dict, mapping: dict | None = None, progress=None) -> Preview:
    """Save the uploads privately, read them (writes nothing) and return the preview."""
    with tempfile.TemporaryDirectory(prefix="bohan-upload-") as folder:
        paths = _save_uploads(uploads, kind, Path(folder))
        name = opts.get("name") or safe_stem(uploads[0].name)
        tables, report = importers.read(kind, paths, db=default_db_path(), mapping=mapping, progress=progress,
                                        **{**opts, "name": name})
    return Preview(kind, tables, report, _signature(kind, uploads, opts, mapping))


def show_preview(p: Preview, lang: Lang) -> None:
    r = p.report
    st.subheader(t("import.preview", lang))
    c = st.columns(4)
    c[0].metric(t("import.metric.read", lang), f"{r.rows_read:,}")
    c[1].metric(t("import.metric.kept", lang), f"{r.rows_kept:,}")
    c[2].metric(t("import.metric.skipped", lang), f"{r.rows_skipped:,}")
    c[3].metric(t("import.metric.not_located", lang), f"{r.not_located:,}")
    st.markdown("\n".join(f"- {line.strip()}" for line in r.lines(lang)))
    scope = {"police": "name", "survey": "waves"}.get(p.kind, "layer")
    replaces = t(f"import.replaces.{scope}", lang, name=r.name, tables=", ".join(p.tables))
    st.warning(replaces, icon=":material/swap_horiz:")
    for table, frame in p.tables.items():
        shown = frame.head(20) if isinstance(frame, pd.DataFrame) else frame.slice(0, 20).to_pandas()  # or pyarrow
        if "geometry_wkt" in shown:
            shown = shown.assign(geometry_wkt=shown["geometry_wkt"].str.slice(0, 60))
        st.caption(t("import.first_rows", lang, table=table, n=len(frame)))
        st.dataframe(shown, hide_index=True, width="stretch")


def do_import(p: Preview, who: str | None, lang: Lang) -> int:
    bar = st.progress(0.5, text=t("import.writing", lang))
    import_id = write(default_db_path(), p.tables, p.report, who=who)
    bar.progress(1.0, text=t("import.written", lang))
    return import_id


def show_log(lang: Lang, who: str | None) -> None:
    st.subheader(t("import.log", lang))
    log_ = import_log(default_db_path())
    if not len(log_):
        st.caption(t("import.log.empty", lang))
        return
    shown = log_[["import_id", "kind", "name", "files", "rows_kept", "rows_skipped", "rows_unlocated",
                  "imported_by", "imported_at", "undone"]].copy()
    shown["kind"] = [t(f"import.kind.{k.removesuffix(' undo')}", lang) + (t("import.log.undo", lang) if k.endswith(" undo") else "")
                     for k in shown["kind"]]
    shown["undone"] = shown["undone"].map({True: "✓", False: ""})
    st.dataframe(shown.rename(columns={c: t(f"import.log.col.{c}", lang) for c in shown.columns}),
                 hide_index=True, width="stretch")
    live = log_[~log_["undone"] & log_["undoes"].isna() & log_["kind"].isin(STORE_KINDS)]
    if not len(live):
        return
    st.subheader(t("import.undo", lang))
    names = list(dict.fromkeys(live["name"]))
    pick = st.selectbox(t("import.undo.pick", lang), names, key=K_UNDO, help=t("import.undo.help", lang))
    sure = st.checkbox(t("import.undo.confirm", lang, name=pick), key=K_UNDO_OK)
    if st.button(t("import.undo.button", lang), disabled=not sure, icon=":material/undo:"):
        try:
            n = undo(default_db_path(), pick, who=who)
        except ImportRefused as e:
            st.error(e.text(lang), icon=":material/block:")
        else:
            st.session_state.pop(K_UNDO_OK, None)
            st.success(t("import.undone", lang, name=pick, n=n), icon=":material/undo:")
            st.rerun()


def page(lang: Lang, staff: bool, who: str | None) -> None:
    """The whole page below the title; refused to the public (``staff`` is kept for the callers: the
    check asks the session's own sign-in, so no caller can pass the public through)."""
    auth.require_staff(auth.viewer(lang), lang)
    if done := st.session_state.pop(_DONE, None):
        st.success(done, icon=":material/check_circle:")
    kind = kind_picker(lang)
    st.caption(t(f"import.kind.{kind}.about", lang))
    opts = options(kind, lang)
    uploads = st.file_uploader(t("import.files", lang), type=list(importers.SUFFIXES[kind]),
                               accept_multiple_files=(kind == "police"), key=f"{K_FILES}_{kind}",
                               help=t("import.files.help", lang, max_mb=MAX_UPLOAD_MB))
    uploads = [u for u in (uploads if isinstance(uploads, list) else [uploads]) if u is not None]
    preview: Preview | None = st.session_state.get(_PREVIEW)
    if uploads:
        mapping = mapping_step(kind, uploads[0], lang) if kind not in ("police", "survey") else None
        signature = _signature(kind, uploads, opts, mapping)
        if preview is not None and preview.signature != signature:
            preview = None
            st.session_state.pop(_PREVIEW, None)
        if st.button(t("import.read", lang), icon=":material/preview:", type="secondary"):
            bar = st.progress(0.0, text=t("import.reading", lang))

            def step(fraction: float, what: str) -> None:
                bar.progress(min(fraction, 1.0), text=f"{t('import.reading', lang)} {what}")

            try:
                preview = read_uploads(kind, uploads, opts, mapping, step)
            except ImportRefused as e:
                bar.empty()
                st.error(e.text(lang), icon=":material/block:")
                preview = None
            else:
                bar.progress(1.0, text=t("import.read_done", lang))
                st.session_state[_PREVIEW] = preview
    else:
        st.session_state.pop(_PREVIEW, None)
        preview = None
    if preview is not None:
        show_preview(preview, lang)
        if st.button(t("import.go", lang, n=preview.report.rows_kept), type="primary", icon=":material/upload:"):
            try:
                import_id = do_import(preview, who, lang)
            except ImportRefused as e:
                st.error(e.text(lang), icon=":material/block:")
            else:  # start again from a page without the preview, saying what was done
                st.session_state.pop(_PREVIEW, None)
                st.session_state[_DONE] = t("import.done", lang, name=preview.report.name, n=preview.report.rows_kept,
                                            id=import_id)
                st.rerun()
    show_log(lang, who)
