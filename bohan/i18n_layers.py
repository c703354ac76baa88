"""Labels of the layers importer (bohan.importers), merged into :data:`bohan.i18n.TEXT`."""
from __future__ import annotations

TEXT_LAYERS: dict[str, tuple[str, str]] = {
}
