"""The analyst's incident filter: one value shared by every page that shows incidents.

A :class:`CrimeFilter` knows how to become SQL parameters (for the build-stage macro
``filtered_incidents``), how to say itself in words (``2023年・糸井, 美園・自転車盗・15〜17時``)
and how to live in a URL, so a copied link reopens the same view. Parsing a URL never
raises: parts that do not fit the data are dropped and reported in the user's language.
The reports quote what the link said, cleaned (see :func:`quoted`), because Streamlit draws
them as Markdown: a link is anyone's text.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from bohan.i18n import Lang, t, tv

PeriodKind = Literal["year", "fiscal", "dates"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("year", "fiscal", "dates")

#: Quick time-of-day bands: (start hour, end hour), end exclusive, may wrap past midnight.
HOUR_BANDS: dict[str, tuple[int, int] | None] = {
    "all": None,
    "children": (15, 17),  # the plan: approaches to children peak 15:00-17:00
    "night": (18, 6),
    "commute": (7, 9),
    "daytime": (9, 18),
}

#: Parameters of the ``filtered_incidents`` macro, in its order.
FILTER_PARAMS = (
    "koban_list", "town_list", "group_list", "offence_list", "place_list", "hour_start", "hour_end",
    "weekday_list", "year_from", "year_to", "fy_from", "fy_to", "date_from", "date_to", "town_boxes",
)
_MAX_LISTED = 4
#: Longest piece of a link quoted back in a note (a link can carry megabytes).
_MAX_QUOTED = 60


class TownsByBox(Mapping):
    """Each police box's towns, in reading order: ``towns[box]``, :meth:`of` several boxes at once,
    :meth:`known` to check names. Given whole (a dict), or read from the database box by box
    when first asked for: a national file has 260,000 towns (reading them all took 0.33 s and
    held them in every process), while a page shows the towns of the city's or the filter's boxes
    (the city's twelve: 10 ms)."""

    def __init__(self, boxes, read=None, given: Mapping | None = None):
        #: ``read(koban_list, town_list)`` -> rows (koban, town) as the named query vocab/towns returns them
        self._boxes = tuple(boxes)
        self._is_box = frozenset(self._boxes)
        self._read = read
        self._held: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in (given or {}).items()}

    @classmethod
    def given(cls, towns: Mapping) -> "TownsByBox":
        return cls(tuple(towns), given=towns)

    def _load(self, boxes) -> None:
        missing = [b for b in dict.fromkeys(boxes) if b in self._is_box and b not in self._held]
        if not missing or self._read is None:
            return
        found: dict[str, list[str]] = {b: [] for b in missing}
        for box, town in self._read(missing, None):
            found[box].append(town)
        self._held.update({b: tuple(v) for b, v in found.items()})  # one step: other sessions may read meanwhile

    def __getitem__(self, box: str) -> tuple[str, ...]:
        if box not in self._is_box:
            raise KeyError(box)
        self._load([box])
        return self._held.get(box, ())

    def __iter__(self):
        return iter(self._boxes)

    def __len__(self) -> int:
        return len(self._boxes)

    def of(self, boxes) -> list[str]:
        """The towns of ``boxes``, box by box (read in one query when not held yet)."""
        self._load(boxes)
        return [town for b in boxes for town in self._held.get(b, ())]

    def known(self, names) -> set[str]:
        """Which of ``names`` are towns of some box."""
        names = set(names)
        if self._read is None:
            return {n for n in names if any(n in towns for towns in self._held.values())}
        return {town for _, town in self._read(None, sorted(names))} if names else set()


@dataclass(frozen=True)
class Vocab:
    """What the data holds, to build widgets and to check values coming from a URL."""

    kobans: tuple[str, ...]
    towns: Mapping[str, tuple[str, ...]]  # koban -> its towns (a TownsByBox; a dict is wrapped in one)
    offences: Mapping[str, tuple[str, ...]]  # offence group -> its offences
    places: tuple[str, ...]
    years: tuple[int, int]
    fiscal_years: tuple[int, int]
    dates: tuple[dt.date, dt.date]
    #: The boxes in the city when the database also holds others (a prefecture's or the country's
    #: data), else ``None``: town-level views and maps cover these unless the filter names boxes.
    home: tuple[str, ...] | None = None
    #: ``read(towns)`` -> the boxes whose incidents name those towns (named query vocab/town_boxes);
    #: None: not known (a town filter then reads every box's rows, with the same result).
    read_town_boxes: Callable[[list[str]], list[str]] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self):
        if not isinstance(self.towns, TownsByBox):
            object.__setattr__(self, "towns", TownsByBox.given(self.towns))

    @classmethod
    def read(cls, con) -> "Vocab":
        """What the incident data of the database ``con`` holds (named queries ``vocab/*``); the
        towns are read from ``con`` when first asked for, so it must stay open while this is used."""
        import pandas as pd

        from bohan import db

        def read_towns(kobans, towns):
            rows = db.run(con, "vocab/towns", koban_list=kobans, town_list=towns)
            return zip(rows["koban"], rows["town"])

        def read_town_boxes(towns):
            return list(db.run(con, "vocab/town_boxes", town_list=towns)["koban"])

        kobans = tuple(db.run(con, "vocab/kobans")["koban"])
        offences = db.run(con, "vocab/offences")
        p = db.run(con, "vocab/periods").iloc[0]
        return cls(
            kobans=kobans,
            towns=TownsByBox(kobans, read_towns),
            offences={g: tuple(d["offence"]) for g, d in offences.groupby("offence_group", sort=False)},
            places=tuple(p["places"]),
            years=(int(p["year_min"]), int(p["year_max"])),
            fiscal_years=(int(p["fy_min"]), int(p["fy_max"])),
            dates=(pd.Timestamp(p["date_min"]).date(), pd.Timestamp(p["date_max"]).date()),
            home=home_kobans(con),
            read_town_boxes=read_town_boxes,
        )

    def scope(self, kobans=()) -> tuple[str, ...] | None:
        """The boxes a town-level view or map covers: those named (the filter's), else the city's;
        ``None`` = every box (a city's own database). Keeps a national database's town views to
        the towns in view instead of a quarter of a million."""
        return tuple(kobans) or self.home

    def towns_in_view(self, kobans=()) -> list[str]:
        """The towns a town filter offers: of the boxes named, else of the city's (:meth:`scope`),
        else of every box."""
        return self.towns.of(self.scope(kobans) or self.kobans)

    def town_boxes(self, towns) -> list[str] | None:
        """The police boxes whose incidents name any of ``towns`` (the filter's ``town_boxes``),
        remembered per set of towns; ``None`` when this vocabulary cannot tell."""
        if self.read_town_boxes is None or not towns:
            return None
        key = tuple(sorted(set(towns)))
        known = self.__dict__.setdefault("_town_boxes", {})
        if key not in known:
            known[key] = self.read_town_boxes(list(key))
        return known[key]

    def all_offences(self) -> set[str]:
        return {o for offences in self.offences.values() for o in offences}


def home_kobans(con) -> tuple[str, ...] | None:
    """The police boxes whose point lies inside the city boundary, when the database holds boxes
    outside it too (a prefecture's or the country's data); ``None`` when every box is the city's,
    or none is (the boundary then says nothing about the boxes)."""
    import shapely

    from bohan import db

    boxes = db.run(con, "vocab/koban_points")
    wkt = db.run(con, "map/boundary")["geometry_wkt"]
    if boxes.empty or wkt.empty or wkt.iloc[0] is None:
        return None
    city = shapely.from_wkt(wkt.iloc[0])
    shapely.prepare(city)
    lon, lat = boxes["lon"].to_numpy(float), boxes["lat"].to_numpy(float)
    # a box without a point is not known to lie elsewhere: kept with the city's
    inside = shapely.contains_xy(city, lon, lat) | (lon != lon) | (lat != lat)
    if inside.all() or not inside.any():
        return None
    return tuple(boxes.loc[inside, "koban"])


@dataclass(frozen=True)
class CrimeFilter:
    """Which incidents the analyst is looking at. Empty tuples and ``None`` mean "all"."""

    koban: tuple[str, ...] = ()
    town: tuple[str, ...] = ()
    offence_group: tuple[str, ...] = ()
    offence: tuple[str, ...] = ()
    place_type: tuple[str, ...] = ()
    hours: tuple[int, int] | None = None  # (start, end), end exclusive; start > end wraps
    weekdays: tuple[int, ...] = ()  # 0 = Monday .. 6 = Sunday
    period: PeriodKind = "year"
    start: int | dt.date | None = None
    end: int | dt.date | None = None

    # --- SQL -------------------------------------------------------------------------
    def params(self, vocab: Vocab | None = None) -> dict:
        """Named parameters for ``filtered_incidents`` (``None`` = no filter). With the database's
        ``vocab``, a town filter also names the boxes its rows lie in (``town_boxes``): the same
        rows, read faster."""
        years = (self.start, self.end) if self.period == "year" else (None, None)
        fiscal = (self.start, self.end) if self.period == "fiscal" else (None, None)
        dates = (self.start, self.end) if self.period == "dates" else (None, None)
        return {
            "koban_list": list(self.koban) or None,
            "town_list": list(self.town) or None,
            "group_list": list(self.offence_group) or None,
            "offence_list": list(self.offence) or None,
            "place_list": list(self.place_type) or None,
            "hour_start": self.hours[0] if self.hours else None,
            "hour_end": self.hours[1] if self.hours else None,
            "weekday_list": list(self.weekdays) or None,
            "year_from": years[0], "year_to": years[1],
            "fy_from": fiscal[0], "fy_to": fiscal[1],
            "date_from": dates[0], "date_to": dates[1],
            "town_boxes": vocab.town_boxes(self.town) if vocab is not None else None,
        }

    def without_period(self) -> CrimeFilter:
        """The same filter over every year (for trends and period comparisons)."""
        return replace(self, start=None, end=None) if self.period != "dates" else replace(self, period="year", start=None, end=None)

    def narrowed(self, **values) -> CrimeFilter:
        """The filter with some dimensions replaced (a chart selection narrows the others)."""
        return replace(self, **{k: v for k, v in values.items() if v})

    def is_citywide(self) -> bool:
        """True when the filter covers every offence in the whole city (the plan's scope)."""
        return not (self.koban or self.town or self.offence_group or self.offence or self.place_type
                    or self.hours or self.weekdays)

    # --- words -----------------------------------------------------------------------
    def describe(self, lang: Lang, vocab: Vocab | None = None) -> str:
        """The filter in words, e.g. ``2023年・糸井, 美園・自転車盗・15〜17時``."""
        parts = [self.describe_period(lang, vocab)]
        parts.append(_listed(self.koban, lang) if self.koban else t("filter.whole_city", lang))
        if self.town:
            parts.append(_listed(self.town, lang))
        if self.offence:
            parts.append(_listed(self.offence, lang))
        elif self.offence_group:
            parts.append(_listed(self.offence_group, lang))
        else:
            parts.append(t("filter.all_offences", lang))
        if self.place_type:
            parts.append(_listed(self.place_type, lang))
        if self.hours:
            parts.append(hours_label(self.hours, lang))
        if self.weekdays:
            parts.append(("・" if lang == "ja" else ", ").join(weekday_label(d, lang) for d in sorted(self.weekdays)))
        return ("・" if lang == "ja" else " · ").join(parts)

    def describe_period(self, lang: Lang, vocab: Vocab | None = None) -> str:
        start, end = self.start, self.end
        if self.period == "dates":
            if start is None and end is None:
                return t("filter.all_dates", lang)
            a = start.isoformat() if start else "…"
            b = end.isoformat() if end else "…"
            return f"{a}〜{b}" if lang == "ja" else f"{a} to {b}"
        if vocab is not None:
            lo, hi = vocab.years if self.period == "year" else vocab.fiscal_years
            start = lo if start is None else start
            end = hi if end is None else end
        if start is None or end is None:
            return t("filter.all_years", lang)
        if self.period == "fiscal":
            if lang == "en":
                return f"FY{start}" if start == end else f"FY{start}-FY{end}"
            return f"{start}年度" if start == end else f"{start}〜{end}年度"
        if lang == "en":
            return str(start) if start == end else f"{start}-{end}"
        return f"{start}年" if start == end else f"{start}〜{end}年"

    # --- URL -------------------------------------------------------------------------
    def to_url(self) -> dict[str, str]:
        """Query-string values for the non-default parts of the filter."""
        q: dict[str, str] = {}
        for key, values in (("koban", self.koban), ("town", self.town), ("group", self.offence_group),
                            ("offence", self.offence), ("place", self.place_type)):
            if values:
                q[key] = ",".join(values)
        if self.hours:
            q["hours"] = f"{self.hours[0]}-{self.hours[1]}"
        if self.weekdays:
            q["wd"] = ",".join(str(d) for d in sorted(self.weekdays))
        if self.start is not None or self.end is not None:
            key = {"year": "y", "fiscal": "fy", "dates": "d"}[self.period]
            sep = "~" if self.period == "dates" else "-"
            a = "" if self.start is None else str(self.start)
            b = "" if self.end is None else str(self.end)
            q[key] = f"{a}{sep}{b}"
        elif self.period == "fiscal":
            q["fy"] = "-"
        elif self.period == "dates":
            q["d"] = "~"  # "dates" with no bounds is still a choice of kind: keep it in the link
        return q

    @classmethod
    def from_url(cls, query: Mapping[str, object], vocab: Vocab, lang: Lang) -> tuple[CrimeFilter, list[str]]:
        """Read a filter from query-string values; returns it and notes on what was ignored.

        A value repeated in the link (a list) counts by its last occurrence, as
        ``st.query_params`` reads it. Never raises.
        """
        notes: list[str] = []
        values: dict = {}

        def text(key: str) -> str:
            return _query_text(query.get(key))

        def listed(key: str, allowed, label: str) -> tuple[str, ...]:
            """The link's values of ``key`` that are ``allowed`` (a set, or a function of the values
            giving the set), in the link's order; the others noted."""
            raw = [v.strip() for v in text(key).split(",") if v.strip()]
            allowed = allowed(raw) if callable(allowed) else allowed
            bad = [v for v in raw if v not in allowed]
            if bad:
                notes.append(t("filter.note.unknown", lang, what=t(label, lang), values=quoted("、".join(bad))))
            return tuple(dict.fromkeys(v for v in raw if v in allowed))

        values["koban"] = listed("koban", set(vocab.kobans), "filter.koban")
        values["town"] = listed("town", vocab.towns.known, "filter.town")
        values["offence_group"] = listed("group", set(vocab.offences), "filter.group")
        values["offence"] = listed("offence", vocab.all_offences(), "filter.offence")
        values["place_type"] = listed("place", set(vocab.places), "filter.place")
        if text("hours"):
            hours = _parse_hours(text("hours"))
            if hours is None:
                notes.append(t("filter.note.hours", lang, value=quoted(text("hours"))))
            values["hours"] = hours
        if text("wd"):
            raw = [v.strip() for v in text("wd").split(",") if v.strip()]
            days = [_parse_weekday(v) for v in raw]
            if None in days:
                notes.append(t("filter.note.weekday", lang, value=quoted(text("wd"))))
            values["weekdays"] = tuple(sorted({d for d in days if d is not None}))
        for key, period in (("y", "year"), ("fy", "fiscal"), ("d", "dates")):
            if key in query:
                values["period"] = period
                start, end, ok = _parse_period(text(key), period, vocab)
                if not ok:
                    notes.append(t("filter.note.period", lang, value=quoted(text(key))))
                values["start"], values["end"] = start, end
                break
        return cls(**values), notes


def _query_text(value) -> str:
    """A query-string value as text: the last of a repeated key, nothing for None."""
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else None
    return "" if value is None else str(value)


#: Characters Streamlit's Markdown would act on inside a sentence (emphasis, links, images,
#: autolinks, HTML and entities, tables, LaTeX, ``:material/…:`` icons and ``:red[…]`` colours).
#: ``-``, ``+``, ``#`` and ``=`` act only at the start of a line, where a quote never stands.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>!|~$:&@.])")


def quoted(value: str) -> str:
    """``value`` fit to quote in a note shown as Markdown: control and format characters
    (line breaks, bidi overrides, NUL) shown as U+FFFD, cut to :data:`_MAX_QUOTED` characters,
    and every Markdown character escaped, so the text reads as typed and never becomes a link,
    an image or HTML."""
    shown = "".join(
        " " if c in "\t\n\r" else "\ufffd" if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") else c
        for c in value[: _MAX_QUOTED + 1]
    )
    if len(shown) > _MAX_QUOTED:
        shown = shown[: _MAX_QUOTED - 1] + "…"
    return _MARKDOWN.sub(r"\\\1", shown)


def _listed(values, lang: Lang) -> str:
    shown = [tv(v, lang) for v in values[:_MAX_LISTED]]
    more = len(values) - len(shown)
    text = ", ".join(shown)
    return text + (t("filter.more", lang, n=more) if more > 0 else "")


def hours_label(hours: tuple[int, int], lang: Lang) -> str:
    """``15〜17時`` / ``15:00-17:00``; a wrapped range says 翌 (next day)."""
    a, b = hours
    if lang == "en":
        return f"{a:02d}:00-{b:02d}:00"
    return f"{a}〜{'翌' if b <= a else ''}{b}時"


def weekday_label(day: int, lang: Lang) -> str:
    return ("月火水木金土日" if lang == "ja" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"))[day]


def _parse_hours(text: str) -> tuple[int, int] | None:
    """``15-17`` as (15, 17); an end of 0 is read as 24 (the same midnight, and the one the
    hour widgets offer); None when not two ASCII hours in 0-24 that differ."""
    m = re.fullmatch(r"\s*([0-9]{1,2})\s*-\s*([0-9]{1,2})\s*", text)
    if not m:
        return None
    a, b = int(m.group(1)), int(m.group(2))
    if not (0 <= a <= 23 and 0 <= b <= 24) or a == b % 24:
        return None
    return a, b or 24


def _parse_weekday(text: str) -> int | None:
    """``0``-``6`` (leading zeros allowed) as a weekday, else None (``²`` and 5,000-digit
    numbers included: only ASCII digits are read, and never converted whole)."""
    m = re.fullmatch(r"0*([0-6])", text)
    return int(m.group(1)) if m else None


def _parse_period(text: str, period: PeriodKind, vocab: Vocab):
    """(start, end, ok): a year range ``2014-2024`` (either side may be empty) or dates ``a~b``,
    each within the data (the sidebar's widgets refuse values outside it)."""
    if period == "dates":
        parts = text.split("~")
        if len(parts) != 2:
            return None, None, False
        try:
            a = dt.date.fromisoformat(parts[0]) if parts[0] else None
            b = dt.date.fromisoformat(parts[1]) if parts[1] else None
        except ValueError:
            return None, None, False
        lo, hi = vocab.dates
        if (a and not lo <= a <= hi) or (b and not lo <= b <= hi) or (a and b and a > b):
            return None, None, False
        return a, b, True
    lo, hi = vocab.years if period == "year" else vocab.fiscal_years
    if text.strip() in ("", "-"):
        return None, None, True
    m = re.fullmatch(r"\s*([0-9]{4})?\s*-\s*([0-9]{4})?\s*", text) or re.fullmatch(r"\s*([0-9]{4})()\s*", text)
    if not m:
        return None, None, False
    a = int(m.group(1)) if m.group(1) else None
    b = int(m.group(2)) if m.group(2) else (a if "-" not in text else None)
    if (a is not None and not lo <= a <= hi) or (b is not None and not lo <= b <= hi) or (a and b and a > b):
        return None, None, False
    return a, b, True


@dataclass
class Selection:
    """What the analyst clicked in the charts: each narrows every other chart."""

    koban: tuple[str, ...] = ()
    town: tuple[str, ...] = ()
    offence: tuple[str, ...] = ()
    place_type: tuple[str, ...] = ()
    cells: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # (weekday, hour) cells

    def is_empty(self) -> bool:
        return not (self.koban or self.town or self.offence or self.place_type or self.cells)

    @classmethod
    def from_events(cls, events: Mapping[str, object]) -> Selection:
        """Read the charts' selection events (see :data:`bohan.ui.SELECTION_KEYS`)."""
        return _selection_from_events(events)

    def apply(self, base: CrimeFilter, skip: str | None = None) -> CrimeFilter:
        """``base`` narrowed by every selection except the chart ``skip``'s own."""
        narrowed = base
        for dim in ("koban", "town", "offence", "place_type"):
            if dim != skip and getattr(self, dim):
                narrowed = replace(narrowed, **{dim: getattr(self, dim)})
        if skip != "cells" and self.cells:
            days = tuple(sorted({d for d, _ in self.cells}))
            hours = sorted({h for _, h in self.cells})
            narrowed = replace(narrowed, weekdays=days, hours=(min(hours), max(hours) + 1))
        return narrowed

    def describe(self, lang: Lang) -> str:
        parts = [_listed(v, lang) for v in (self.koban, self.town, self.offence, self.place_type) if v]
        if self.cells:
            parts += [f"{weekday_label(d, lang)} {hours_label((h, h + 1), lang)}" for d, h in self.cells[:_MAX_LISTED]]
        return ("・" if lang == "ja" else " · ").join(parts)


def _selected(event, param: str) -> list[dict]:
    """The points of a chart's selection event (an object or a dict, as Streamlit keeps it)."""
    if event is None:
        return []
    selection = event.get("selection") if isinstance(event, Mapping) else getattr(event, "selection", None)
    if selection is None:
        return []
    points = selection.get(param) if isinstance(selection, Mapping) else getattr(selection, param, None)
    return list(points or [])


def _selection_from_events(events: Mapping[str, object]) -> Selection:
    """Selection from chart events keyed by dimension (koban, town, offence, place_type, cells)."""

    def values(dim: str, param: str = "pick") -> tuple[str, ...]:
        return tuple(dict.fromkeys(p[dim] for p in _selected(events.get(dim), param) if dim in p))

    cells = tuple(
        (int(p["weekday"]), int(p["hour"])) for p in _selected(events.get("cells"), "cell") if "weekday" in p and "hour" in p
    )
    return Selection(koban=values("koban"), town=values("town"), offence=values("offence"),
                     place_type=values("place_type"), cells=cells)

