"""Labels of the survey page (pages/5_survey.py), merged into :data:`bohan.i18n.TEXT`."""
from __future__ import annotations

TEXT_SURVEY: dict[str, tuple[str, str]] = {
    "nav.survey": ("市民意識調査", "Citizen survey"),
}
