"""カメラ設置候補 — where the next street cameras watch the most of the school routes."""
import streamlit as st

from bohan import cache, charts, coverage, export, maps, siting, ui
from bohan import ui_siting as us
from bohan.i18n import t

lang = ui.page_setup("nav.siting")
staff, _ = ui.staff_mode(lang)
st.title(t("siting.title", lang))
st.markdown(t("siting.lead", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    inputs = cache.planner_inputs()
    settings = us.settings_form(lang, inputs.years)
    bar = st.progress(0.0, text=t("siting.running", lang))
    try:
        plan = cache.siting_plan(settings, lambda f, step: bar.progress(min(f, 1.0), text=t(f"siting.step.{step}", lang)))
    except siting.SitingError as err:
        st.error(us.error_text(err, lang), icon=":material/block:")
        st.stop()
    finally:
        bar.empty()

    route, ex, near = plan.route.iloc[0], plan.exact, plan.events_near
    added_m = float(route["after_m"] - route["before_m"])
    st.markdown("### " + t("siting.headline", lang, n=len(plan.chosen), km=added_m / 1000, before=route["before_pct"],
                                 after=route["after_pct"], child=plan.chosen["child"].sum(), child_all=near["child"]))
    m = st.columns(4)
    m[0].metric(t("siting.metric.route", lang), f"{route['after_m'] / 1000:.2f} km",
                delta=f"+{added_m / 1000:.2f} km", help=t("siting.metric.route.help", lang, total=route["length_m"] / 1000))
    m[1].metric(t("siting.metric.child", lang), f"{plan.chosen['child'].sum():.1f} / {near['child']}",
                help=t("siting.metric.child.help", lang, y0=plan.years[0], y1=plan.years[1]))
    m[2].metric(t("siting.metric.crime", lang), f"{plan.chosen['crime'].sum():.1f} / {near['crime']}",
                help=t("siting.metric.crime.help", lang, y0=plan.years[0], y1=plan.years[1]))
    m[3].metric(t("siting.metric.gap", lang), f"{plan.gap_pct:.2f}%", help=t("siting.metric.gap.help", lang))
    st.caption(t("siting.solved", lang, exact=ex.seconds, greedy=plan.greedy.seconds,
                 status=t("siting.optimal" if ex.optimal else "siting.not_optimal", lang),
                 cands=int((~plan.sites["excluded"]).sum()), excl=int(plan.sites["excluded"].sum())))
    for note in ex.notes:
        st.warning(t(f"siting.note.{note}", lang, n=settings.n_new, k=len(plan.chosen)), icon=":material/info:")

    frames = us.map_frames(plan, inputs, lang, public=not staff)
    deck = maps.siting_deck(boundary_wkt=cache.query("map/boundary")["geometry_wkt"].iloc[0], radius_m=settings.radius_m,
                            **frames)
    event = st.pydeck_chart(deck, height=600, on_select="rerun", selection_mode="single-object", key="siting_pick")
    ui.legend([(maps.WATCH_COLOURS[c], t(f"siting.watch.{c}", lang)) for c in coverage.CHANGE_CLASSES]
              + [(maps.SITE_FILL, t("siting.layer.sites", lang)), (maps.CAMERA_FILL, t("siting.layer.cameras", lang)),
                 (maps.CANDIDATE_FILL, t("siting.layer.candidates", lang)), (maps.SCHOOL_FILL, t("atlas.layer.schools", lang))])
    us.picked_site(event, plan, lang)

    st.subheader(t("siting.sites", lang))
    chosen = plan.chosen if staff else us.public_sites(plan.chosen)  # events near a site: staff only
    shown = us.sites_for_display(chosen, lang)
    st.dataframe(shown, hide_index=True, width="stretch")
    d1, d2 = st.columns(2)
    d1.download_button(t("download.csv.short", lang), export.csv_bytes(shown), file_name="bohan-camera-sites.csv",
                       mime="text/csv", key="s_csv", on_click="ignore")
    d2.download_button(t("download.geojson", lang), us.geojson_bytes(chosen), file_name="bohan-camera-sites.geojson",
                       mime="application/geo+json", key="s_geojson", on_click="ignore")

    st.subheader(t("siting.curve", lang))
    ui.chart(charts.coverage_curve(plan.curve, len(plan.chosen), ex.covered_pct, lang), "siting-curve", lang)
    st.markdown(us.curve_reading(plan, lang))

    st.subheader(t("siting.by_school", lang))
    st.dataframe(plan.by_school.rename(columns=lambda c: t(f"siting.col.{c}", lang)), hide_index=True, width="stretch",
                 height=320)

    st.subheader(t("siting.own", lang))
    us.own_points(lang, inputs, plan.chosen["site_id"].tolist())

    st.subheader(t("siting.scenarios", lang))
    us.scenarios(plan, lang, staff)

with st.expander(t("siting.method", lang)):
    st.markdown(t("siting.method.text", lang, piece=siting.PIECE_M, near=siting.NEAR_M, merge=siting.MERGE_M))
