"""The app's shell, shared by every page: page setup, sidebar, language, sample-data notice.

Pages run in Streamlit's pages/-folder mode with the default navigation hidden; the sidebar
is drawn here with Japanese page names. The language lives in the session and in the URL
(``?lang=en``), so it survives page switches and a copied link keeps it.
"""
from __future__ import annotations

import contextlib
import dataclasses
import logging

import streamlit as st

from bohan import auth, cache
from bohan.filters import HOUR_BANDS, PERIOD_KINDS, CrimeFilter, Selection, Vocab, weekday_label
from bohan.i18n import DEFAULT_LANG, LANGS, TEXT, Lang, t, tv, year_label
from bohan.paths import DATA_DIR

log = logging.getLogger(__name__)

#: (script path, label key, icon) of every page, in sidebar order.
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "nav.home", ":material/home:"),
    ("pages/1_trends.py", "nav.trends", ":material/trending_up:"),
    ("pages/2_map.py", "nav.map", ":material/map:"),
    ("pages/3_siting.py", "nav.siting", ":material/videocam:"),
    ("pages/4_progress.py", "nav.progress", ":material/flag:"),
    ("pages/5_survey.py", "nav.survey", ":material/groups:"),
    ("pages/6_report.py", "nav.report", ":material/summarize:"),
    ("pages/7_present.py", "nav.present", ":material/slideshow:"),
    ("pages/8_import.py", "nav.import", ":material/upload_file:"),
    ("pages/9_data.py", "nav.data", ":material/table:"),
)
_LANG_STATE = "_lang"
_LANG_WIDGET = "lang_widget"


def _language() -> Lang:
    if _LANG_STATE not in st.session_state:
        asked = st.query_params.get("lang")
        st.session_state[_LANG_STATE] = asked if asked in LANGS else DEFAULT_LANG
    return st.session_state[_LANG_STATE]


def _on_language_change() -> None:
    st.session_state[_LANG_STATE] = st.session_state[_LANG_WIDGET]


def page_setup(title_key: str) -> Lang:
    """Set the page up and draw the shared sidebar; returns the language to draw in."""
    lang = _language()
    st.set_page_config(page_title=f"{t(title_key, lang)} | {t('app.title', lang)}", page_icon=str(DATA_DIR / "app-icon.png"), layout="wide")
    st.query_params["lang"] = lang
    with st.sidebar:
        st.markdown(f"### {t('app.title', lang)}")
        st.caption(t("app.subtitle", lang))
        for script, key, icon in PAGES:
            st.page_link(script, label=t(key, lang), icon=icon, query_params={"lang": lang})
        st.divider()
        # re-save the widget value: a page switch would otherwise drop it (pages/-folder mode)
        st.session_state[_LANG_WIDGET] = lang
        st.radio(
            t("lang.label", lang),
            LANGS,
            key=_LANG_WIDGET,
            format_func=lambda code: {"ja": "日本語", "en": "English"}[code],
            horizontal=True,
            on_change=_on_language_change,
        )
        auth.viewer(lang)  # the staff sign-in block, drawn once per run; pages ask auth.viewer again
    cache.ensure_database(lang)
    return lang


def sample_notice(lang: Lang) -> None:
    """Say, where it is seen, that the screen shows sample data (if any table holds some)."""
    tables = cache.query("app/sample_tables")
    if len(tables):
        st.info(t("sample.notice", lang), icon=":material/science:")


def scope_note(vocab, lang: Lang) -> None:
    """Say that town views and maps cover the city's boxes when the data holds others too
    (a prefecture's or the country's: :meth:`bohan.filters.Vocab.scope`)."""
    if vocab.home:
        st.caption(t("scope.note", lang, total=len(vocab.kobans), n=len(vocab.home)))


@contextlib.contextmanager
def guard(lang: Lang):
    """Show a short message in the user's language instead of a traceback."""
    try:
        yield
    except Exception:  # noqa: BLE001 - the user sees a message, the log keeps the details
        log.exception("page failed")
        st.error(t("error.query", lang), icon=":material/error:")


# --- the shared incident filter ---------------------------------------------------------
_FILTER_STATE = "_crime_filter"
_PUBLIC_STATE = "_public_view"
_NOTES_STATE = "_filter_notes"
#: Widget keys of the filter, defined once (pages/-folder mode drops unrendered widget state).
K_KOBAN, K_TOWN, K_GROUP, K_OFFENCE, K_PLACE = "f_koban", "f_town", "f_group", "f_offence", "f_place"
K_BAND, K_H_START, K_H_END, K_WEEKDAYS = "f_hour_band", "f_hour_start", "f_hour_end", "f_weekdays"
K_PERIOD, K_YEARS, K_FY, K_DATES, K_PUBLIC = "f_period", "f_years", "f_fy", "f_dates", "f_public"
#: Chart selection keys: each chart's clicks narrow the others.
SELECTION_KEYS = {"koban": "sel_koban", "town": "sel_town", "offence": "sel_offence",
                  "place_type": "sel_place", "cells": "sel_cells"}


def _band_of(hours) -> str:
    for name, band in HOUR_BANDS.items():
        if band == hours:
            return name
    return "custom"


def _initial_widget_values(f: CrimeFilter, public: bool, vocab: Vocab) -> dict:
    years = (f.start or vocab.years[0], f.end or vocab.years[1]) if f.period == "year" else vocab.years
    fys = (f.start or vocab.fiscal_years[0], f.end or vocab.fiscal_years[1]) if f.period == "fiscal" else vocab.fiscal_years
    dates = (f.start or vocab.dates[0], f.end or vocab.dates[1]) if f.period == "dates" else vocab.dates
    return {
        K_KOBAN: list(f.koban), K_TOWN: list(f.town), K_GROUP: list(f.offence_group),
        K_OFFENCE: list(f.offence), K_PLACE: list(f.place_type), K_BAND: _band_of(f.hours),
        K_H_START: f.hours[0] if f.hours else 15, K_H_END: f.hours[1] if f.hours else 17,
        K_WEEKDAYS: list(f.weekdays), K_PERIOD: f.period, K_YEARS: years, K_FY: fys, K_DATES: dates,
        K_PUBLIC: public,
    }


def keep(key: str, value, allowed=None) -> None:
    """Give a widget its stored value on first draw, else re-save its own (page switches drop
    unrendered widget state); drop choices no longer offered (a box removed takes its towns)."""
    current = st.session_state[key] if key in st.session_state else value
    if allowed is not None and isinstance(current, list):
        current = [v for v in current if v in allowed]
    st.session_state[key] = current


def crime_filter(lang: Lang) -> tuple[CrimeFilter, Vocab, bool]:
    """Draw the shared incident filter in the sidebar; returns (filter, vocabulary, public view).

    The filter is read from the URL on a visitor's first page, kept in the session across
    pages, and written back to the URL on every run so a copied link reopens the view.
    The public always get the public view (small counts suppressed, nothing finer than a
    town, no town filter: a town's own counts would be small); staff get the full view and
    can switch to the public one to see what the public sees.
    """
    vocab = cache.vocab()
    staff, _ = staff_mode(lang)
    if _FILTER_STATE not in st.session_state:
        f, notes = CrimeFilter.from_url(st.query_params.to_dict(), vocab, lang)
        if f.town and not staff:  # the public view goes no finer than a police box
            f = dataclasses.replace(f, town=())
            notes = [*notes, t("filter.public.no_town", lang)]
        st.session_state[_FILTER_STATE] = f
        st.session_state[_PUBLIC_STATE] = st.query_params.get("public") == "1"
        st.session_state[_NOTES_STATE] = notes
    if not staff:
        st.session_state.pop(SELECTION_KEYS["town"], None)
        if st.session_state[_FILTER_STATE].town:  # a staff member signed out: drop what the public may not filter by
            st.session_state[_FILTER_STATE] = dataclasses.replace(st.session_state[_FILTER_STATE], town=())
            st.session_state.pop(K_TOWN, None)
    initial = _initial_widget_values(st.session_state[_FILTER_STATE], st.session_state[_PUBLIC_STATE], vocab)
    towns_allowed = set(vocab.towns_in_view(st.session_state.get(K_KOBAN) or ()))
    groups = st.session_state.get(K_GROUP) or list(vocab.offences)
    offences_allowed = [o for g in groups if g in vocab.offences for o in vocab.offences[g]]
    for key, value in initial.items():
        allowed = {K_TOWN: towns_allowed, K_OFFENCE: set(offences_allowed)}.get(key)
        keep(key, value, allowed)

    with st.sidebar:
        st.markdown(f"**{t('filter.heading', lang)}**")
        kobans = st.multiselect(t("filter.koban", lang), vocab.kobans, key=K_KOBAN, format_func=lambda v: tv(v, lang),
                                placeholder=t("filter.all_kobans", lang), help=t("filter.koban.help", lang))
        town_options = vocab.towns_in_view(kobans)
        towns = st.multiselect(t("filter.town", lang), town_options, key=K_TOWN,
                               placeholder=t("filter.all_towns", lang), help=t("filter.town.help", lang)) if staff else []
        groups = st.multiselect(t("filter.group", lang), list(vocab.offences), key=K_GROUP, format_func=lambda v: tv(v, lang),
                                placeholder=t("filter.all_groups", lang), help=t("filter.group.help", lang))
        offence_options = [o for g in (groups or vocab.offences) for o in vocab.offences[g]]
        offences = st.multiselect(t("filter.offence", lang), offence_options, key=K_OFFENCE, format_func=lambda v: tv(v, lang),
                                  placeholder=t("filter.all_offences_short", lang), help=t("filter.offence.help", lang))
        band = st.selectbox(t("filter.hours", lang), [*HOUR_BANDS, "custom"], key=K_BAND,
                            format_func=lambda b: t(f"filter.band.{b}", lang), help=t("filter.hours.help", lang))
        hours = HOUR_BANDS.get(band)
        if band == "custom":
            c1, c2 = st.columns(2)
            start = c1.selectbox(t("filter.hour_start", lang), range(24), key=K_H_START, format_func=lambda h: f"{h}:00")
            end = c2.selectbox(t("filter.hour_end", lang), range(1, 25), key=K_H_END, format_func=lambda h: f"{h}:00")
            hours = (start, end) if start != end % 24 else None
        weekdays = st.pills(t("filter.weekdays", lang), list(range(7)), selection_mode="multi", key=K_WEEKDAYS,
                            format_func=lambda d: weekday_label(d, lang), help=t("filter.weekdays.help", lang))
        period = st.radio(t("filter.period", lang), PERIOD_KINDS, key=K_PERIOD, horizontal=True,
                          format_func=lambda p: t(f"filter.period.{p}", lang), help=t("filter.period.help", lang))
        if period == "year":
            lo, hi = vocab.years
            start, end = st.slider(t("filter.years", lang), lo, hi, key=K_YEARS, step=1, format="%d")
        elif period == "fiscal":
            lo, hi = vocab.fiscal_years
            start, end = st.slider(t("filter.fiscal_years", lang), lo, hi, key=K_FY, step=1, format="%d")
        else:
            picked = st.date_input(t("filter.dates", lang), key=K_DATES, min_value=vocab.dates[0], max_value=vocab.dates[1])
            start, end = (tuple(picked) + (None, None))[:2] if isinstance(picked, (tuple, list)) else (picked, None)
        with st.expander(t("filter.more_options", lang)):
            places = st.multiselect(t("filter.place", lang), vocab.places, key=K_PLACE, format_func=lambda v: tv(v, lang),
                                    placeholder=t("filter.all_places", lang))
            public = st.toggle(t("filter.public", lang), key=K_PUBLIC, help=t("filter.public.help", lang)) if staff else True
        st.button(t("filter.reset", lang), on_click=_reset_filter, use_container_width=True)

    full_range = {"year": vocab.years, "fiscal": vocab.fiscal_years}.get(period)
    if full_range and (start, end) == full_range:
        start = end = None  # the whole range is "no period filter": keeps URLs short
    f = CrimeFilter(koban=tuple(kobans), town=tuple(towns), offence_group=tuple(groups), offence=tuple(offences),
                    place_type=tuple(places), hours=hours, weekdays=tuple(sorted(weekdays or ())), period=period,
                    start=start, end=end)
    st.session_state[_FILTER_STATE] = f
    if staff:  # the staff member's own choice; the public view is not a choice for the public
        st.session_state[_PUBLIC_STATE] = public
    _write_url(f, public and staff, lang)
    for note in st.session_state.pop(_NOTES_STATE, []):
        st.warning(note, icon=":material/link_off:")
    return f, vocab, public


def _write_url(f: CrimeFilter, public: bool, lang: Lang) -> None:
    wanted = {"lang": lang, **f.to_url(), **({"public": "1"} if public else {})}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _reset_filter() -> None:
    for key in (K_KOBAN, K_TOWN, K_GROUP, K_OFFENCE, K_PLACE, K_BAND, K_H_START, K_H_END, K_WEEKDAYS,
                K_PERIOD, K_YEARS, K_FY, K_DATES, K_PUBLIC, *SELECTION_KEYS.values()):
        st.session_state.pop(key, None)
    st.session_state[_FILTER_STATE] = CrimeFilter()
    st.session_state[_PUBLIC_STATE] = False


def chart_selection() -> Selection:
    """What the analyst clicked in the linked charts (read from their selection state)."""
    return Selection.from_events({dim: st.session_state.get(key) for dim, key in SELECTION_KEYS.items()})


def clear_selection() -> None:
    """Forget every chart selection (a button callback)."""
    for key in SELECTION_KEYS.values():
        st.session_state.pop(key, None)


# --- pieces of the incident pages ---------------------------------------------------------
def chart(chart, name: str, lang: Lang, *, select_key: str | None = None, height: int = 340) -> None:
    """Draw an Altair chart in the app's theme, with a PNG download made only when asked.

    With ``select_key``, clicks on the chart are a selection that narrows the other charts.
    """
    from bohan import charts, export

    themed = charts.themed(chart, height=height)
    if select_key:
        st.vega_lite_chart(charts.vega_spec(themed), key=select_key, on_select="rerun", theme=None, width="stretch")
    else:
        st.vega_lite_chart(charts.vega_spec(themed), theme=None, width="stretch")
    st.download_button(
        t("download.png", lang), data=lambda: export.chart_png(themed, lang=lang), file_name=f"bohan-{name}.png",
        mime="image/png", on_click="ignore", key=f"png_{name}", icon=":material/image:", type="tertiary",
    )


def summary_metrics(summary, lang: Lang) -> None:
    """Headline counts of the current view, with what could not be placed in time or space."""
    c = st.columns(4)
    c[0].metric(t("summary.n", lang), f"{int(summary['n']):,}")
    c[1].metric(t("summary.hour_unknown", lang), f"{int(summary['n_hour_unknown']):,}", help=t("summary.hour_unknown.help", lang))
    c[2].metric(t("summary.date_unknown", lang), f"{int(summary['n_date_unknown']):,}")
    c[3].metric(t("summary.town_unknown", lang), f"{int(summary['n_town_unknown']):,}", help=t("summary.town_unknown.help", lang))


def offence_target() -> tuple[int, float] | None:
    """The plan's offence target as (fiscal year, value), from the database."""
    ind = cache.query("home/plan_indicators").set_index("indicator_id")
    if "offences" not in ind.index:
        return None
    row = ind.loc["offences"]
    return int(row["target_year"]), float(row["target_value"])


def count_map(by_box, by_town, lang: Lang, public: bool, scope: dict) -> None:
    """Choropleth of the current view by police box or by town (offline: no basemap).

    ``by_box`` / ``by_town`` are the counts, or in the public view :mod:`bohan.privacy`
    output (labels, never a suppressed count); ``scope`` the boxes whose areas each level draws
    (``{"koban": ..., "town": ...}``, :meth:`bohan.filters.Vocab.scope`; ``None`` = all)."""
    from bohan import maps

    level = st.radio(t("map.level", lang), ["koban", "town"], horizontal=True, key="map_level",
                     format_func=lambda v: t(f"map.level.{v}", lang))
    areas = cache.query("map/koban_areas" if level == "koban" else "map/towns", koban_list=scope[level])
    counts = by_box if level == "koban" else by_town
    counts = counts[counts[level].isin(areas[level])]  # the areas drawn set the colour classes
    areas = areas.assign(label=areas[level].map(lambda v: tv(v, lang)) if level == "koban" else areas[level])
    boundary = cache.query("map/boundary")["geometry_wkt"].iloc[0]
    given = counts if public else counts[[level, "n"]]
    deck = maps.choropleth(areas, given, name_col=level, boundary_wkt=boundary, lang=lang,
                           public_view=public, label_col="label", tooltip_title=t(f"map.level.{level}", lang))
    st.pydeck_chart(deck, height=520)
    legend(maps.legend(given if public else counts["n"], public, lang))
    if public:
        st.caption(t("privacy.rule.short", lang))
        with st.expander(t("privacy.rule.title", lang)):
            st.markdown(t("privacy.rule", lang))
    else:
        st.caption(t("map.caption", lang))


def period_comparison(series, lang: Lang, *, fiscal: bool) -> None:
    """Two years side by side, and whether the change is larger than chance."""
    from bohan.trends import compare_years

    years = [int(y) for y in series["year"]]
    if len(years) < 2:
        st.info(t("compare.too_few", lang))
        return
    c1, c2 = st.columns(2)
    a = c1.selectbox(t("compare.a", lang), years, index=len(years) - 2, key="cmp_a",
                     format_func=lambda y: year_label(y, lang, fiscal=fiscal))
    b = c2.selectbox(t("compare.b", lang), years, index=len(years) - 1, key="cmp_b",
                     format_func=lambda y: year_label(y, lang, fiscal=fiscal))
    r = compare_years(series, a, b)
    change = (r.n_b - r.n_a) / r.n_a * 100 if r.n_a else float("nan")
    verdict = "compare.significant" if r.significant else "compare.not_significant"
    st.metric(t("compare.change", lang, a=year_label(a, lang, fiscal), b=year_label(b, lang, fiscal)),
              f"{r.n_a:,} → {r.n_b:,}", delta=f"{change:+.1f}%" if r.n_a else None, delta_color="off")
    st.markdown(t(verdict, lang, p=r.p_value, low=r.ratio_low, high=r.ratio_high))
    st.caption(t("compare.method", lang))


# --- the map page -----------------------------------------------------------------------
_TEXT_KEYS = set(TEXT)
#: Map layer ids that share another layer's name on screen.
_PICKED_LAYER = {"lights_out": "lights", "camera_range": "cameras"}
K_CAM_R, K_LIGHT_R, K_DARK, K_LAYERS, K_TILES, K_RES = "m_camera_r", "m_light_r", "m_dark", "m_layers", "m_tiles", "m_res"
DEFAULT_LAYERS = ["towns", "routes", "cameras", "schools", "hotspots"]


def coverage_settings(lang: Lang) -> tuple[float, float, float]:
    """Radii and the dark-stretch threshold; values out of range are refused with a message
    and the defaults are used instead (nothing is lost: the typed value stays in the box)."""
    from bohan import coverage

    defaults = {K_CAM_R: coverage.CAMERA_RADIUS_M, K_LIGHT_R: coverage.LIGHT_RADIUS_M, K_DARK: coverage.DARK_MIN_LENGTH_M}
    for key, value in defaults.items():
        keep(key, float(value))
    c1, c2, c3 = st.columns(3)
    values = {
        K_CAM_R: c1.number_input(t("atlas.camera_r", lang), key=K_CAM_R, step=5.0, help=t("atlas.camera_r.help", lang)),
        K_LIGHT_R: c2.number_input(t("atlas.light_r", lang), key=K_LIGHT_R, step=1.0, help=t("atlas.light_r.help", lang)),
        K_DARK: c3.number_input(t("atlas.dark", lang), key=K_DARK, step=10.0, help=t("atlas.dark.help", lang)),
    }
    kinds = {K_CAM_R: "camera", K_LIGHT_R: "light", K_DARK: "dark_stretch"}
    out = []
    for key, value in values.items():
        try:
            coverage.validate_radius(value, kinds[key])
            out.append(float(value))
        except coverage.RadiusError as err:
            st.warning(t("atlas.refused", lang, what=t(f"atlas.kind.{kinds[key]}", lang), low=err.low, high=err.high,
                         value=value, default=defaults[key]), icon=":material/block:")
            out.append(float(defaults[key]))
    return tuple(out)


#: Map layers drawn from incidents cell by cell (H3 cells are finer than a town): staff view only.
INCIDENT_LAYERS = ("incidents", "hotspots")


def layer_picker(lang: Lang, public: bool = False) -> tuple[set[str], str | None, int]:
    """Which layers to draw, the opt-in GSI basemap (None = offline) and the H3 resolution.

    The public view offers no incident layers: their cells are finer than a town."""
    from bohan.maps import GSI_TILES, LAYERS

    offered = [layer for layer in LAYERS if not (public and layer in INCIDENT_LAYERS)]
    key = f"{K_LAYERS}_public" if public else K_LAYERS  # each view keeps its own choice
    keep(key, [v for v in DEFAULT_LAYERS if v in offered])
    keep(K_TILES, "off")
    chosen = st.pills(t("atlas.layers", lang), offered, selection_mode="multi", key=key,
                      format_func=lambda v: t(f"atlas.layer.{v}", lang), help=t("atlas.layers.help", lang))
    keep(K_RES, 9)
    c1, c2 = st.columns([3, 2])
    tiles = c1.radio(t("atlas.tiles", lang), ["off", "pale", "std"], key=K_TILES, horizontal=True,
                     format_func=lambda v: t(f"atlas.tiles.{v}", lang), help=t("atlas.tiles.help", lang))
    resolution = 9 if public else c2.select_slider(
        t("atlas.resolution", lang), [7, 8, 9, 10], key=K_RES,
        format_func=lambda r: t(f"atlas.resolution.{r}", lang), help=t("atlas.resolution.help", lang))
    return set(chosen or ()) & set(offered), (GSI_TILES[tiles] if tiles != "off" else None), int(resolution)


def legend(items: list[tuple[str, str]]) -> None:
    """A row of colour swatches with labels (labels escaped, colours checked: see ``legend_html``)."""
    from bohan.survey_view import legend_html

    st.markdown(legend_html(items), unsafe_allow_html=True)


def picked_object(event, lang: Lang) -> None:
    """Show the figures of the object clicked on the map (pydeck selection event)."""
    objects = (getattr(event, "selection", None) or {}).get("objects", {}) if event is not None else {}
    picked = [(layer, obj) for layer, objs in objects.items() for obj in objs or []]
    if not picked:
        st.caption(t("atlas.pick.hint", lang))
        return
    layer, obj = picked[0]
    label = t(f"atlas.layer.{_PICKED_LAYER.get(layer, layer)}", lang)
    lines = [line for line in str(obj.get("tip", "")).splitlines() if line != label]
    st.info("  \n".join([t("atlas.pick.title", lang, layer=label), *lines]), icon=":material/place:")


def table_with_downloads(df, name: str, lang: Lang, *, geo: bool = False) -> None:
    """A table with CSV (Excel-ready) and, for geometries, GeoJSON downloads."""
    import json

    from bohan import coverage, export

    shown = df.drop(columns=[c for c in ("geometry",) if c in df.columns])
    shown = shown.assign(**{c: shown[c].map(lambda v: ", ".join(v) if isinstance(v, (tuple, list)) else v)
                            for c in shown.columns if shown[c].dtype == object})
    st.dataframe(shown.rename(columns=lambda c: t(f"col.{c}", lang) if f"col.{c}" in _TEXT_KEYS else c),
                 hide_index=True, width="stretch", height=320)
    c1, c2 = st.columns(2)
    c1.download_button(t("download.csv.short", lang), export.csv_bytes(shown), file_name=f"bohan-{name}.csv",
                       mime="text/csv", key=f"csv_{name}", on_click="ignore")
    if geo:
        def geojson() -> str:
            gdf = df if "geometry" in df.columns else coverage.layer_from_frame(df)  # lat/lon rows become points
            return json.dumps(coverage.to_wgs84_geojson(gdf), ensure_ascii=False)

        c2.download_button(t("download.geojson", lang), geojson, file_name=f"bohan-{name}.geojson",
                           mime="application/geo+json", key=f"geo_{name}", on_click="ignore")


# --- staff or public ----------------------------------------------------------------------
def staff_mode(lang: Lang) -> tuple[bool, str | None]:
    """(staff, name) of who is looking: a thin wrapper of :func:`bohan.auth.viewer`, kept for the pages.

    True only for a signed-in member of staff; the name is the one their entries are recorded
    under (None for the public). Staff-only pages call :func:`bohan.auth.require_staff` too.
    """
    who = auth.viewer(lang)
    return who.staff, who.name
