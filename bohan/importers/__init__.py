"""Bring real data in: police open data, geodata layers and survey files.

:func:`read` is the one entry point for the command line (``python -m bohan.importers``) and
the staff import page: it reads (writes nothing) and returns ``({table: rows}, report)``;
:func:`bohan.importers.store.write` then writes it in one transaction.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

#: Every kind of import, in the order the staff page lists them.
KINDS: tuple[str, ...] = ("police", "cameras", "lights", "schools", "routes", "parks", "streets", "towns",
                          "koban_areas", "survey")
#: File name endings each kind accepts (the page's uploader and the upload check).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "police": ("csv", "txt", "tsv"),
    "survey": ("csv", "txt", "tsv"),
    **{k: ("geojson", "json", "gpkg", "zip", "csv", "txt") for k in KINDS[1:-1]},
}


def read(kind: str, files: Sequence[Path | str], *, db: Path | str, name: str | None = None,
         city_code: str | None = None, year: int | None = None, crs=None, mapping: dict | None = None,
         fiscal_year: int | None = None, progress=None):
    """Read ``files`` as ``kind``; ``({table: rows}, report)``. Raises ImportRefused.

    ``progress(fraction, step)`` is called while long police files are read (a page's bar).
    """
    from bohan.importers.common import ImportRefused

    files = [Path(f) for f in files]
    if not files:
        raise ImportRefused("no_files")
    if kind == "police":
        from bohan.importers.police import read_police

        frame, report = read_police(files, city_code or "", name=name, year=year, db=db, progress=progress)
        return {"incidents": frame}, report
    if kind == "survey":
        from bohan.importers.survey import read_survey

        return read_survey(files[0], fiscal_year=fiscal_year, name=name, mapping=mapping, db=db)
    if kind in KINDS:
        from bohan.importers.layers import read_layer

        return read_layer(files[0], kind, name=name, crs=crs, mapping=mapping, city_code=city_code or "01213", db=db)
    raise ImportRefused("unknown_kind", kind=kind)
