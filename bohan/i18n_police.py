"""Labels of the police open-data importer (bohan.importers.police), merged into :data:`bohan.i18n.TEXT`."""
from __future__ import annotations

TEXT_POLICE: dict[str, tuple[str, str]] = {
}
