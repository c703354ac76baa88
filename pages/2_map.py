"""地図・カバー率 — which school routes are watched or lit, and where incidents cluster."""
import streamlit as st

from bohan import cache, maps, ui
from bohan.i18n import t, tv

lang = ui.page_setup("nav.map")
st.title(t("atlas.title", lang))
f, vocab, public = ui.crime_filter(lang)
st.markdown(f"#### {f.describe(lang, vocab)}")

with ui.guard(lang):
    ui.sample_notice(lang)
    ui.scope_note(vocab, lang)
    camera_r, light_r, dark_min = ui.coverage_settings(lang)
    layers, tiles, resolution = ui.layer_picker(lang, public)
    cov = cache.coverage(camera_r, light_r, dark_min)
    if public:  # nothing finer than a town leaves the server in the public view (nor is it computed)
        frames = {**cache.map_frames(camera_r, light_r, dark_min, lang), "cells": None, "hot": None, "points": None}
        st.caption(t("atlas.public.no_cells", lang))
    else:
        points, cells, hot, concentration = cache.hotspots(f, resolution)
        frames = {**cache.map_frames(camera_r, light_r, dark_min, lang), **cache.incident_frames(f, resolution, lang)}
        if not len(cells):
            st.info(t("atlas.empty", lang), icon=":material/search_off:")
    deck = maps.atlas_deck(
        boundary_wkt=cache.query("map/boundary")["geometry_wkt"].iloc[0], layers=layers,
        koban_areas=frames["koban_areas"], towns=frames["towns"], parks=frames["parks"], routes=frames["routes"],
        cameras=frames["cameras"], camera_radius_m=camera_r, lights=frames["lights"], schools=frames["schools"],
        cells=frames["cells"], hot=frames["hot"], points=frames["points"], tiles=tiles,
    )
    event = st.pydeck_chart(deck, height=600, on_select="rerun", selection_mode="single-object", key="atlas_pick")
    if tiles:
        st.markdown(t("atlas.tiles.attribution", lang))
    ui.legend([(maps.ROUTE_COLOURS[c], t(f"atlas.class.{c}", lang)) for c in ("both", "camera", "lit", "neither")]
              + [(maps.CAMERA_FILL, t("atlas.layer.cameras", lang)), (maps.LIGHT_FILL["out"], t("atlas.light.out", lang)),
                 (maps.SCHOOL_FILL, t("atlas.layer.schools", lang))]
              + ([] if public else [(maps.HOT_COLOURS["hot"], t("atlas.hot.hot", lang)),
                                    (maps.HOT_COLOURS["cold"], t("atlas.hot.cold", lang))]))
    ui.picked_object(event, lang)

    st.subheader(t("atlas.coverage", lang))
    city = cov.city.iloc[0]
    m = st.columns(4)
    m[0].metric(t("atlas.metric.camera", lang), f"{city['camera_pct']:.1f}%")
    m[1].metric(t("atlas.metric.lit", lang), f"{city['lit_pct']:.1f}%")
    m[2].metric(t("atlas.metric.both", lang), f"{city['both_pct']:.1f}%")
    m[3].metric(t("atlas.metric.neither", lang), f"{city['neither_pct']:.1f}%")
    st.caption(t("atlas.coverage.caption", lang, km=city["length_m"] / 1000, cam=camera_r, light=light_r))
    tab_school, tab_box, tab_dark, tab_out = st.tabs([t("atlas.tab.school", lang), t("atlas.tab.koban", lang),
                                                      t("atlas.tab.dark", lang, m=dark_min), t("atlas.tab.out", lang)])
    with tab_school:
        ui.table_with_downloads(cov.by_school, "coverage-by-school", lang)
    with tab_box:
        ui.table_with_downloads(cov.by_koban.assign(koban=cov.by_koban["koban"].map(lambda v: tv(v, lang))), "coverage-by-koban", lang)
    with tab_dark:
        ui.table_with_downloads(cov.dark, "dark-stretches", lang, geo=True)
    with tab_out:
        if public:  # a count of incidents within metres of one light is finer than a town
            st.caption(t("atlas.public.lights_out", lang))
        ui.table_with_downloads(cov.lights_out.drop(columns=["night_incidents"]) if public else cov.lights_out,
                                "lights-out", lang, geo=True)

    st.subheader(t("atlas.hotspots", lang))
    if public:
        st.info(t("atlas.public.hotspots", lang), icon=":material/lock:")
    else:
        h = st.columns(3)
        h[0].metric(t("atlas.metric.hot", lang), f"{hot.n_hot:,}")
        h[1].metric(t("atlas.metric.cold", lang), f"{hot.n_cold:,}")
        h[2].metric(t("atlas.metric.concentration", lang),
                    "—" if concentration != concentration else f"{concentration:.1f}%",
                    help=t("atlas.metric.concentration.help", lang))
        st.markdown(hot.describe(lang).replace("\n", "  \n"))

with st.expander(t("atlas.method", lang)):
    st.markdown(t("atlas.method.text", lang))
