"""The plan's indicators as headline cards: latest value, target and the gap between them."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from bohan.i18n import TEXT, Lang, number, t, year_label

#: Display unit of each indicator (the plan counts offences, people, cameras, activities).
UNITS = {
    "offences": "cases", "satisfaction": "pct", "info_activities": "times",
    "nagara_participants": "people", "street_cameras": "cameras",
}


@dataclass(frozen=True)
class Card:
    """What a headline card shows."""

    indicator_id: str
    label: str
    name: str  # the plan's full name of the indicator
    value: str
    when: str
    target: str
    gap: float  # how far the latest value still is from the target, in the indicator's unit
    reached: bool


def card(row: pd.Series, lang: Lang) -> Card:
    """Build the headline card of one ``plan_indicators`` row."""
    unit = UNITS.get(row["indicator_id"], "count")
    decrease = row["direction"] == "decrease"
    gap = (row["latest_value"] - row["target_value"]) if decrease else (row["target_value"] - row["latest_value"])
    return Card(
        indicator_id=row["indicator_id"],
        label=t(f"ind.{row['indicator_id']}", lang) if f"ind.{row['indicator_id']}" in TEXT
        else (row["name_en"] if lang == "en" else row["name_ja"]),
        name=row["name_en"] if lang == "en" else row["name_ja"],
        value=number(row["latest_value"], unit, lang),
        when=year_label(int(row["latest_year"]), lang, fiscal=row["latest_year_kind"] == "fiscal"),
        target=number(row["target_value"], unit, lang),
        gap=round(float(gap), 1),
        reached=gap <= 0,
    )
