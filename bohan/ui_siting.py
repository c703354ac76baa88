"""Widgets of the camera siting page: the planner's settings, own points, the picked site and scenarios."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import streamlit as st

from bohan import planner, siting, workspace
from bohan.i18n import Lang, t
from bohan.ui import keep

K_N, K_R, K_SPACING, K_CAND = "s_n", "s_radius", "s_spacing", "s_cand"
K_W_LEN, K_W_CHILD, K_W_CRIME, K_YEARS = "s_w_len", "s_w_child", "s_w_crime", "s_years"
K_EXCLUDED = "s_excluded"
_EXCL_POINTS, _USER_POINTS = "_s_exclude_points", "_s_user_points"
_DEFAULT = planner.Settings()


def error_text(err: Exception, lang: Lang) -> str:
    """A refused input in the user's language."""
    key = getattr(err, "key", "unknown")
    values = getattr(err, "values", {})
    prefix = "workspace.error" if isinstance(err, workspace.WorkspaceError) else "siting.error"
    from bohan.filters import quoted

    try:  # file names and column names come from the user: quoted, so Markdown cannot make them links
        return t(f"{prefix}.{key}", lang, **{k: quoted(v) if isinstance(v, str) else v for k, v in values.items()})
    except KeyError:
        return t("siting.error.unknown", lang)


def settings_form(lang: Lang, years: tuple[int, int]) -> planner.Settings:
    """The planner's choices (applied together with one button); returns the settings in force."""
    first, last = years
    defaults = {K_N: _DEFAULT.n_new, K_R: _DEFAULT.radius_m, K_SPACING: _DEFAULT.min_spacing_m,
                K_CAND: _DEFAULT.candidate_spacing_m, K_W_LEN: _DEFAULT.weights.length,
                K_W_CHILD: _DEFAULT.weights.child, K_W_CRIME: _DEFAULT.weights.crime,
                K_YEARS: (max(first, last - planner.DEFAULT_YEARS_BACK + 1), last)}
    for key, value in defaults.items():
        keep(key, value)
    with st.form("siting_settings", border=True):
        c = st.columns(4)
        c[0].number_input(t("siting.n", lang), min_value=planner.N_NEW_RANGE[0], max_value=planner.N_NEW_RANGE[1],
                          step=1, key=K_N, help=t("siting.n.help", lang))
        c[1].number_input(t("siting.radius", lang), min_value=5.0, max_value=200.0, step=5.0, key=K_R,
                          help=t("atlas.camera_r.help", lang))
        c[2].number_input(t("siting.spacing", lang), min_value=planner.SPACING_RANGE_M[0],
                          max_value=planner.SPACING_RANGE_M[1], step=10.0, key=K_SPACING, help=t("siting.spacing.help", lang))
        c[3].selectbox(t("siting.cand", lang), planner.CANDIDATE_SPACINGS_M, key=K_CAND,
                       format_func=lambda v: f"{v:g} m", help=t("siting.cand.help", lang))
        st.markdown(f"**{t('siting.weights', lang)}**")
        w = st.columns(4)
        w[0].slider(t("siting.w.length", lang), 0.0, 10.0, step=0.5, key=K_W_LEN, help=t("siting.w.length.help", lang))
        w[1].slider(t("siting.w.child", lang), 0.0, 50.0, step=1.0, key=K_W_CHILD, help=t("siting.w.child.help", lang))
        w[2].slider(t("siting.w.crime", lang), 0.0, 10.0, step=0.5, key=K_W_CRIME, help=t("siting.w.crime.help", lang))
        w[3].slider(t("siting.years", lang), first, last, key=K_YEARS, help=t("siting.years.help", lang))
        st.form_submit_button(t("siting.run", lang), type="primary", icon=":material/calculate:")
    ss = st.session_state
    keep(K_EXCLUDED, [])
    return planner.Settings(
        n_new=int(ss[K_N]), radius_m=float(ss[K_R]), min_spacing_m=float(ss[K_SPACING]),
        candidate_spacing_m=float(ss[K_CAND]),
        weights=siting.Weights(length=float(ss[K_W_LEN]), child=float(ss[K_W_CHILD]), crime=float(ss[K_W_CRIME])),
        years=tuple(int(y) for y in ss[K_YEARS]), excluded=tuple(sorted(ss[K_EXCLUDED])),
        exclude_points=tuple(ss.get(_EXCL_POINTS, ())), user_sites=tuple(ss.get(_USER_POINTS, ())),
    )


def _read_upload(kind: str, lang: Lang, inputs) -> None:
    """Store the points of an uploaded file (or say why not); an emptied uploader clears them."""
    state = _EXCL_POINTS if kind == "exclude" else _USER_POINTS
    upload = st.session_state.get(f"s_upload_{kind}")
    if upload is None:
        st.session_state[state] = ()
        st.session_state[f"_s_upload_error_{kind}"] = None
        st.session_state[f"_s_upload_note_{kind}"] = None
        return
    try:
        pts = planner.read_points(upload.getvalue(), upload.name)
    except siting.SitingError as err:
        st.session_state[state] = ()
        st.session_state[f"_s_upload_error_{kind}"] = error_text(err, lang)
        return
    near = planner.points_near_routes(inputs, pts)
    st.session_state[state] = tuple((round(float(x), 7), round(float(y), 7)) for x, y in pts[near])
    st.session_state[f"_s_upload_error_{kind}"] = None
    st.session_state[f"_s_upload_note_{kind}"] = t("siting.upload.read", lang, n=int(near.sum()), far=int((~near).sum()))


def own_points(lang: Lang, inputs, chosen_ids: list[str]) -> None:
    """Exclusions (by id, or by uploaded points) and the planner's own candidate sites."""
    st.caption(t("siting.own.caption", lang))
    excluded = st.session_state.get(K_EXCLUDED, [])
    st.multiselect(t("siting.excluded", lang), sorted(set(excluded) | set(chosen_ids)), key=K_EXCLUDED,
                   help=t("siting.excluded.help", lang), placeholder=t("siting.excluded.placeholder", lang))
    c1, c2 = st.columns(2)
    for col, kind in ((c1, "exclude"), (c2, "user")):
        col.file_uploader(t(f"siting.upload.{kind}", lang), type=["csv", "geojson", "json", "txt"],
                          key=f"s_upload_{kind}", on_change=_read_upload, args=(kind, lang, inputs),
                          help=t("siting.upload.help", lang))
        if st.session_state.get(f"_s_upload_error_{kind}"):
            col.error(st.session_state[f"_s_upload_error_{kind}"], icon=":material/block:")
        elif st.session_state.get(f"s_upload_{kind}") is not None and st.session_state.get(f"_s_upload_note_{kind}"):
            col.caption(st.session_state[f"_s_upload_note_{kind}"])


def _exclude(site_id: str) -> None:
    st.session_state[K_EXCLUDED] = sorted(set(st.session_state.get(K_EXCLUDED, [])) | {site_id})


def picked_site(event, plan, lang: Lang) -> None:
    """The recommended site clicked on the map, with a button to leave it out and recompute."""
    objects = (getattr(event, "selection", None) or {}).get("objects", {}) if event is not None else {}
    picked = [o for o in objects.get("sites", []) or []]
    # the map keeps its selection across reruns: a site left out since is no longer offered
    row = plan.chosen[plan.chosen["site_id"] == picked[0].get("site_id")] if picked else plan.chosen.iloc[0:0]
    if row.empty:
        st.caption(t("siting.pick.hint", lang))
        return
    row = row.iloc[0]
    c1, c2 = st.columns([3, 1])
    c1.info(str(picked[0].get("tip", "")).replace("\n", "  \n"), icon=":material/videocam:")
    c2.button(t("siting.pick.exclude", lang), on_click=_exclude, args=(row["site_id"],), icon=":material/block:",
              key="s_exclude_picked")


def scenarios(plan, lang: Lang, staff: bool = True) -> None:
    """Save the current answer under a name (staff); compare two saved ones side by side."""
    if not staff:
        st.caption(t("siting.scenario.staff_only", lang))
        _compare(lang, public=True)
        return
    c1, c2, c3 = st.columns([3, 1, 1])
    name = c1.text_input(t("siting.scenario.name", lang), max_chars=workspace.MAX_NAME, key="s_scn_name",
                         placeholder=t("siting.scenario.placeholder", lang))
    replace = c2.checkbox(t("siting.scenario.replace", lang), key="s_scn_replace")
    if c3.button(t("siting.scenario.save", lang), icon=":material/save:", key="s_scn_save"):
        try:
            saved = workspace.save_scenario(name, plan, replace=replace)
            previous = st.session_state.get("s_scn_a")
            st.session_state["s_scn_a"] = saved  # compare the new one with the one shown before
            if previous and previous != saved:
                st.session_state["s_scn_b"] = previous
            st.success(t("siting.scenario.saved", lang, name=saved), icon=":material/check:")
        except workspace.WorkspaceError as err:
            st.error(error_text(err, lang), icon=":material/block:")
    _compare(lang)


def _compare(lang: Lang, public: bool = False) -> None:
    """Two saved scenarios side by side (the public view without the events near each site)."""
    saved = workspace.scenarios()
    if saved.empty:
        st.caption(t("siting.scenario.none", lang))
        return
    names = saved["name"].tolist()
    a_col, b_col = st.columns(2)
    for key, default in (("s_scn_a", names[0]), ("s_scn_b", names[min(1, len(names) - 1)])):
        if st.session_state.get(key) not in names:  # first draw, or a name no longer saved
            st.session_state[key] = default
        keep(key, default)
    a = a_col.selectbox(t("siting.scenario.a", lang), names, key="s_scn_a")
    b = b_col.selectbox(t("siting.scenario.b", lang), names, key="s_scn_b")
    st.dataframe(compare_table(saved, a, b, lang), hide_index=True, width="stretch")
    for col, scn in ((a_col, a), (b_col, b)):
        sites = workspace.scenario_sites(scn)
        if public:
            sites = sites.drop(columns=[c for c in EVENT_COLUMNS if c in sites.columns])
        col.dataframe(sites_for_display(sites, lang), hide_index=True, width="stretch", height=300)


def compare_table(saved: pd.DataFrame, a: str, b: str, lang: Lang) -> pd.DataFrame:
    """Two saved scenarios' figures side by side (one row per figure)."""
    rows = saved.set_index("name")
    fields = [("n_new", "{:.0f}"), ("radius_m", "{:.0f} m"), ("years", "{}"), ("route_before_pct", "{:.1f}%"),
              ("route_after_pct", "{:.1f}%"), ("route_added_m", "{:,.0f} m"), ("child_covered", "{:.1f}"),
              ("crime_covered", "{:.1f}"), ("covered_pct", "{:.2f}%")]
    out = []
    for field, fmt in fields:
        out.append({t("siting.scenario.figure", lang): t(f"siting.scenario.f.{field}", lang),
                    a: fmt.format(rows.loc[a, field]), f"{b} " if a == b else b: fmt.format(rows.loc[b, field])})
    settings = {n: json.loads(rows.loc[n, "settings_json"]) for n in (a, b)}
    for part in ("length", "child", "crime"):
        out.append({t("siting.scenario.figure", lang): t(f"siting.w.{part}", lang),
                    a: f"{settings[a]['weights'][part]:g}", f"{b} " if a == b else b: f"{settings[b]['weights'][part]:g}"})
    return pd.DataFrame(out)


def sites_for_display(sites: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Recommended sites with translated kinds and column names, numbers rounded for reading."""
    df = sites.drop(columns=[c for c in ("x", "y", "gain") if c in sites.columns]).copy()
    df["kind"] = df["kind"].map(lambda k: t(f"siting.kind.{k}", lang))
    df = df.round({"lat": 5, "lon": 5, "route_m": 0, "child": 2, "crime": 2, "gain_pct": 2, "covered_pct": 2})
    return df.rename(columns=lambda c: t(f"siting.col.{c}", lang))


def geojson_bytes(chosen: pd.DataFrame) -> bytes:
    """The recommended sites as a GeoJSON FeatureCollection (WGS84)."""
    feats = []
    for row in chosen.drop(columns=["x", "y"], errors="ignore").to_dict("records"):
        lon, lat = row.pop("lon"), row.pop("lat")
        props = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in row.items()}
        feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]},
                      "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False).encode("utf-8")


#: What each recommended site adds in events near it (approaches, street crimes): counts over a
#: few tens of metres, finer than a town, so the public view leaves them out (staff see them).
EVENT_COLUMNS = ("child", "crime")


def public_sites(chosen: pd.DataFrame) -> pd.DataFrame:
    """The recommended sites as the public may see them: without the events near each site."""
    return chosen.drop(columns=list(EVENT_COLUMNS))


def map_frames(plan, inputs, lang: Lang, public: bool = False) -> dict:
    """The siting map's rows, each pickable one with a plain-text ``tip`` in the user's language
    (in the public view a site's tip says the route it adds, not the events near it)."""
    from bohan.coverage import to_wgs84_geojson
    from bohan.i18n import tv
    from bohan.maps import route_paths, tip_text

    labels = {c: t(f"siting.watch.{c}", lang) for c in ("before", "added", "none")}
    watched = plan.watched.rename(columns={"watched": "covered"})[["covered", "length_m", "geometry"]]
    routes = route_paths(to_wgs84_geojson(watched), labels)
    cams = pd.DataFrame(inputs.cameras.drop(columns="geometry"))
    cams["tip"] = [tip_text(t("atlas.tip.camera", lang), cid, s) for cid, s in zip(cams["camera_id"], cams["site_type"])]
    schools = inputs.schools.assign(tip=[tip_text(nm, tv(lv, lang)) for nm, lv in zip(inputs.schools["name"],
                                                                                      inputs.schools["level"])])
    sites = (public_sites(plan.chosen) if public else plan.chosen).assign(tip=[
        tip_text(t("siting.tip.rank", lang, rank=r, kind=t(f"siting.kind.{k}", lang)), sc,
                 t("siting.tip.adds_route", lang, m=rm) if public else t("siting.tip.adds", lang, m=rm, child=ch, crime=cr),
                 sid)
        for r, k, sc, rm, ch, cr, sid in zip(plan.chosen["rank"], plan.chosen["kind"], plan.chosen["schools"],
                                             plan.chosen["route_m"], plan.chosen["child"], plan.chosen["crime"],
                                             plan.chosen["site_id"])])
    open_sites = plan.sites[~plan.sites["excluded"]]
    return {"routes": routes, "cameras": cams, "candidates": open_sites[["lon", "lat"]], "sites": sites,
            "schools": schools}


def curve_reading(plan, lang: Lang) -> str:
    """The coverage curve in words: what the last chosen and the last drawn camera add."""
    curve = plan.curve
    gains = curve["greedy_pct"].diff().fillna(0.0).to_numpy()
    n = len(plan.chosen)
    n_last = int(curve["n"].iloc[-1])
    total = float(curve["greedy_pct"].iloc[-1] - curve["greedy_pct"].iloc[0])
    half = int(np.searchsorted(np.cumsum(gains), total / 2) ) if total > 0 else 0
    return t("siting.curve.reading", lang, n=n, gain_n=gains[n] if 0 < n < len(gains) else 0.0,
             n_last=n_last, gain_last=gains[-1], half=half)
