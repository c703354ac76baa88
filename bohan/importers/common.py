"""What every importer shares: the refusal, the report, and reading a text table.

Every reader is pure (reads files and, read-only, the reference tables; writes nothing) and
returns ``(rows, report)``; :mod:`bohan.importers.store` writes. Messages and report lines are
catalogue keys (``import.refused.<key>``, ``import.skip.<key>``, ``import.note.<key>`` in the
import catalogues), so the staff page shows them in Japanese and the command line in English.
"""
from __future__ import annotations

import codecs
import hashlib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


class ImportRefused(ValueError):
    """The input cannot be imported; nothing was written.

    ``key`` names a catalogue entry ``import.refused.<key>`` whose ``{placeholders}`` are
    filled from ``params``; ``str(e)`` is the English text (command line, logs).
    """

    def __init__(self, key: str, **params):
        self.key = key
        self.params = params
        super().__init__(self.text("en"))

    def text(self, lang: str = "en") -> str:
        from bohan.i18n import t

        return t(f"import.refused.{self.key}", lang, **self.params)


@dataclass
class ImportReport:
    """What an import read, kept and skipped (by reason), and what it could not place.

    ``skipped`` maps a reason key (``import.skip.<key>``) to a row count; ``notes`` are
    ``(key, params)`` pairs (``import.note.<key>``) for things the user should know (a CRS
    assumed, latitude and longitude swapped, a year taken from the file name, ...).
    """

    kind: str  # 'police', 'cameras', 'lights', 'schools', 'routes', 'parks', 'streets', 'towns', 'koban_areas', 'survey'
    name: str  # the data set's name, stored in the table's ``source`` column
    files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_kept: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    not_located: int = 0
    notes: list[tuple[str, dict]] = field(default_factory=list)

    @property
    def rows_skipped(self) -> int:
        return sum(self.skipped.values())

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] = self.skipped.get(reason, 0) + int(n)

    def note(self, key: str, **params) -> None:
        self.notes.append((key, params))

    def lines(self, lang: str = "en") -> list[str]:
        """The report in ``lang``: counts, then each skip reason, then the notes."""
        from bohan.i18n import t

        out = [
            t("import.report.read", lang, n=self.rows_read),
            t("import.report.kept", lang, n=self.rows_kept),
            t("import.report.skipped", lang, n=self.rows_skipped),
        ]
        out += [t("import.report.reason", lang, reason=t(f"import.skip.{k}", lang), n=n)
                for k, n in sorted(self.skipped.items())]
        out.append(t("import.report.not_located", lang, n=self.not_located))
        out += [t(f"import.note.{k}", lang, **p) for k, p in self.notes]
        return out


# ---------------------------------------------------------------- helpers for readers


def clean(value: object) -> str:
    """A cell as text: NFKC (full-width digits and letters to ASCII), trimmed incl. ideographic spaces."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return unicodedata.normalize("NFKC", str(value)).strip().strip("\u3000").strip()


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _decodes(path: Path, encoding: str) -> bool:
    dec = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with open(path, "rb") as f:
            while chunk := f.read(1 << 20):
                dec.decode(chunk)
            dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def text_encoding(path: Path) -> str:
    """``'utf-8-sig'``, ``'utf-8'`` or ``'cp932'``; refuses (``not_text``) anything else."""
    path = Path(path)
    if not path.is_file():
        raise ImportRefused("no_file", file=path.name)
    with open(path, "rb") as f:
        head = f.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _decodes(path, "utf-8"):
        return "utf-8"
    if _decodes(path, "cp932"):
        return "cp932"
    raise ImportRefused("not_text", file=path.name)
