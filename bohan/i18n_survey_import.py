"""Labels of the survey import importer (bohan.importers), merged into :data:`bohan.i18n.TEXT`."""
from __future__ import annotations

TEXT_SURVEY_IMPORT: dict[str, tuple[str, str]] = {
}
