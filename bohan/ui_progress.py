"""Widgets of the plan-progress page: indicator blocks, staff entries, measures and their notes."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from bohan import cache, progress, workspace
from bohan.i18n import Lang, number, t, year_label
from bohan.indicators import UNITS
from bohan.paths import ROOT

#: Status badge colour and icon (Streamlit badge colours; the word is always shown too).
BADGE = {"ahead": ("green", ":material/north_east:"), "on_track": ("blue", ":material/check:"),
         "behind": ("orange", ":material/south_east:"), None: ("gray", ":material/hourglass_empty:")}
#: Pages holding each measure's evidence: (script, query parameters, label key).
EVIDENCE: dict[str, list[tuple[str, dict, str]]] = {
    "1-1": [("pages/4_progress.py", {}, "progress.evidence.progress_info")],
    "1-2": [("pages/5_survey.py", {}, "progress.evidence.survey")],
    "1-3": [("pages/5_survey.py", {}, "progress.evidence.survey")],
    "1-4": [("pages/1_trends.py", {"hours": "15-17"}, "progress.evidence.trends_children")],
    "1-5": [("pages/1_trends.py", {"group": "知能犯"}, "progress.evidence.trends_fraud")],
    "2-2": [("pages/4_progress.py", {}, "progress.evidence.progress_nagara")],
    "3-1": [("pages/2_map.py", {}, "progress.evidence.map"), ("pages/3_siting.py", {}, "progress.evidence.siting")],
    "3-3": [("pages/2_map.py", {}, "progress.evidence.map")],
    "3-4": [("pages/2_map.py", {}, "progress.evidence.map")],
    "3-5": [("pages/2_map.py", {}, "progress.evidence.map")],
}
#: The plan's own order: achievement indicators 1-2, then activity targets 1-3.
PLAN_ORDER = ("offences", "satisfaction", "info_activities", "nagara_participants", "street_cameras")
K_ENTRY_IND, K_ENTRY_YEAR, K_MEASURE_FY = "p_entry_indicator", "p_entry_year", "p_measure_fy"
_SHOWN = "_p_entry_shown"
_COLON = {"ja": "：", "en": ": "}


def current_fiscal_year(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return today.year if today.month >= 4 else today.year - 1


def load() -> tuple[pd.DataFrame, pd.DataFrame, list[progress.Progress], pd.DataFrame]:
    """(plan indicators, effective yearly values, each indicator's progress, the staff entry log)."""
    indicators = cache.query("home/plan_indicators")
    order = {iid: i for i, iid in enumerate(PLAN_ORDER)}
    indicators = indicators.sort_values("indicator_id", key=lambda s: s.map(order), ignore_index=True)
    edits = workspace.indicator_edits()
    values = progress.effective_values(cache.query("progress/indicator_values"), edits)
    return indicators, values, progress.progress(indicators, values), edits


def _fmt(value: float, iid: str, lang: Lang) -> str:
    return number(value, UNITS.get(iid, "count"), lang)


def _when(p: progress.Progress, year: int, lang: Lang) -> str:
    return year_label(year, lang, fiscal=p.indicator_id != "offences")


def reading(p: progress.Progress, lang: Lang) -> str:
    """The status in one sentence, with the numbers it rests on."""
    iid = p.indicator_id
    when, value = _when(p, p.latest_year, lang), _fmt(p.latest_value, iid, lang)
    if p.status is None:
        return t("progress.reading.none", lang, when=when, value=value)
    path = _fmt(p.path_value, iid, lang)
    if p.ci is None:
        nxt = p.path.set_index("year")["path"].get(p.latest_year + 1)
        return t(f"progress.reading.exact.{p.status}", lang, when=when, value=value, path=path,
                 next=_fmt(nxt, iid, lang) if nxt is not None else "—")
    return t(f"progress.reading.{p.status}", lang, when=when, value=value, path=path,
             low=_fmt(p.ci[0], iid, lang), high=_fmt(p.ci[1], iid, lang))


def summary(items: list[progress.Progress], lang: Lang) -> str:
    counts = {s: sum(1 for p in items if p.status == s) for s in ("ahead", "on_track", "behind")}
    return t("progress.summary", lang, none=sum(1 for p in items if p.status is None), **counts)


def indicator_block(p: progress.Progress, lang: Lang) -> None:
    """One indicator: status, figures, the sentence that explains it, and its chart."""
    from bohan import charts, ui

    iid, row = p.indicator_id, p.row
    with st.container(border=True):
        left, right = st.columns([1, 1])
        with left:
            st.markdown(f"#### {t(f'ind.{iid}', lang)}")
            kind = t(f"progress.kind.{row['kind']}", lang)
            st.caption(f"{kind}{_COLON[lang]}{row['name_en'] if lang == 'en' else row['name_ja']}")
            colour, icon = BADGE[p.status]
            st.badge(t(f"progress.status.{p.status or 'none'}", lang), icon=icon, color=colour)
            m = st.columns(3)
            base_fiscal = row["baseline_year_kind"] == "fiscal"
            m[0].metric(t("progress.baseline", lang), _fmt(float(row["baseline_value"]), iid, lang),
                        help=year_label(int(row["baseline_year"]), lang, fiscal=base_fiscal))
            m[1].metric(t("progress.latest", lang), _fmt(p.latest_value, iid, lang),
                        help=_when(p, p.latest_year, lang))
            m[2].metric(t("progress.target", lang), _fmt(p.target, iid, lang),
                        help=year_label(int(row["target_year"]), lang, fiscal=True))
            when = _when(p, p.latest_year, lang)
            if p.ci is not None:
                st.caption(f"{when}{_COLON[lang]}" + t("progress.interval", lang, low=_fmt(p.ci[0], iid, lang), high=_fmt(p.ci[1], iid, lang)))
            else:
                st.caption(f"{when}{_COLON[lang]}" + t("progress.exact", lang))
            st.markdown(reading(p, lang) + (" " + t("progress.reached", lang) if p.reached else ""))
        with right:
            chart = charts.progress_chart(p.values, p.path, int(row["target_year"]), p.target, p.ci, row["unit"], lang)
            ui.chart(chart, f"progress-{iid}", lang, height=260)


def yearly_table(items: list[progress.Progress], lang: Lang) -> pd.DataFrame:
    """Every indicator's actual and glide-path value per year: a row each, a column per year."""
    rows = []
    for p in items:
        on_path = p.path.set_index("year")["path"]
        vals = p.values.set_index("year")["value"]
        name = t(f"ind.{p.indicator_id}", lang)
        kind = t("progress.entry.kind.calendar" if p.indicator_id == "offences" else "progress.entry.kind.fiscal", lang)
        for label, series in ((t("progress.col.value", lang), vals), (t("progress.col.path", lang), on_path)):
            row = {t("progress.col.indicator", lang): f"{name}（{kind}）" if lang == "ja" else f"{name} ({kind})",
                   t("progress.col.row", lang): label}
            row.update({_year_column(int(y), lang): _fmt(float(v), p.indicator_id, lang) for y, v in series.items()})
            rows.append(row)
    df = pd.DataFrame(rows)
    fixed = list(df.columns[:2])
    years = sorted(df.columns[2:], key=lambda c: int(str(c)[:4]))
    return df[fixed + years].fillna("")


def _year_column(year: int, lang: Lang) -> str:
    from bohan.i18n import era

    return f"{year}（{era(year)}）" if lang == "ja" else f"{year} (R{year - 2018})" if year >= 2019 else str(year)


# --- staff entries ------------------------------------------------------------------------
def _error(err: Exception, lang: Lang) -> str:
    prefix = "progress.error" if isinstance(err, progress.EntryError) else "workspace.error"
    return t(f"{prefix}.{err.key}", lang, **err.values)


def entry_form(indicators: pd.DataFrame, values: pd.DataFrame, edits: pd.DataFrame, lang: Lang,
               staff_name: str | None) -> None:
    """Enter or correct one year's value; the value replaced stays in the log."""
    ids = indicators["indicator_id"].tolist()
    shown_before = st.session_state.get(_SHOWN)  # what the form showed when it was filled in
    c1, c2 = st.columns(2)
    iid = c1.selectbox(t("progress.entry.indicator", lang), ids, key=K_ENTRY_IND,
                       format_func=lambda i: t(f"ind.{i}", lang))
    row = indicators.set_index("indicator_id").loc[iid]
    kind = "calendar" if iid == "offences" else "fiscal"
    years = list(range(int(row["baseline_year"]), int(row["target_year"]) + 1))
    if st.session_state.get("_p_entry_last_ind") != iid or st.session_state.get(K_ENTRY_YEAR) not in years:
        # first draw, or another indicator: the year after its latest value
        held = values.loc[values["indicator_id"] == iid, "year"]
        st.session_state[K_ENTRY_YEAR] = min(max(years), int(held.max()) + 1 if len(held) else current_fiscal_year())
    st.session_state["_p_entry_last_ind"] = iid
    year = c2.selectbox(t("progress.entry.year", lang, kind=t(f"progress.entry.kind.{kind}", lang)), years,
                        key=K_ENTRY_YEAR, format_func=lambda y: year_label(y, lang, fiscal=kind == "fiscal"))
    now = values[(values["indicator_id"] == iid) & (values["year"] == year)]
    revision = int(now["revision"].iloc[0]) if len(now) else 0
    current = float(now["value"].iloc[0]) if len(now) else None
    if current is None:
        st.caption(t("progress.entry.none", lang))
    else:
        st.caption(t("progress.entry.current", lang, value=_fmt(current, iid, lang), revision=revision,
                     source=t(f"progress.source.{now['source'].iloc[0]}", lang)))
    st.session_state[_SHOWN] = (iid, year, revision, current)
    pct = row["unit"] == "pct"
    with st.form("p_entry", border=True):
        v1, v2 = st.columns(2)
        # keyed by indicator and year, so a number typed for one is not carried to another
        value = v1.number_input(t("progress.entry.value", lang), value=current, step=0.1 if pct else 1.0,
                                format="%.1f" if pct else "%.0f", key=f"p_entry_value_{iid}_{year}")
        n = v2.number_input(t("progress.entry.n", lang), value=None, min_value=0, step=1, key="p_entry_n",
                            disabled=not pct)
        note = st.text_area(t("progress.entry.note", lang), max_chars=workspace.MAX_NOTE, key="p_entry_note")
        submitted = st.form_submit_button(t("progress.entry.save", lang), type="primary", icon=":material/save:")
    if not submitted:
        return
    if not staff_name:
        st.error(t("progress.entry.name_needed", lang), icon=":material/badge:")
        return
    # what the user saw when filling the form in: a save since then by someone else is a conflict
    seen = shown_before if shown_before and tuple(shown_before[:2]) == (iid, year) else (iid, year, revision, current)
    try:
        y, v, k = progress.check_entry(row, year, value, n)
        new_rev = workspace.save_indicator_value(iid, y, v, k, note, staff_name, seen[2], seen[3])
    except (progress.EntryError, workspace.WorkspaceError) as err:
        st.error(_error(err, lang), icon=":material/block:")
        return
    st.session_state[_SHOWN] = (iid, year, new_rev, v)
    st.toast(t("progress.entry.saved", lang, indicator=t(f"ind.{iid}", lang), value=_fmt(v, iid, lang),
               year=year_label(y, lang, fiscal=kind == "fiscal"), revision=new_rev), icon=":material/check:")
    st.rerun()  # every figure on the page now uses the new value


def history(edits: pd.DataFrame, lang: Lang) -> None:
    """The staff entry log, newest first."""
    if edits.empty:
        st.caption(t("progress.history.none", lang))
        return
    df = edits.assign(indicator_id=edits["indicator_id"].map(lambda i: t(f"ind.{i}", lang)))
    df = df.rename(columns={"indicator_id": t("progress.col.indicator", lang), "year": t("progress.col.year", lang),
                            "revision": t("progress.col.revision", lang), "value": t("progress.col.value", lang),
                            "n": t("progress.col.n", lang), "previous_value": t("progress.col.previous_value", lang),
                            "note": t("progress.col.note", lang), "edited_by": t("progress.col.edited_by", lang),
                            "edited_at": t("progress.col.edited_at", lang)})
    st.dataframe(df, hide_index=True, width="stretch")


# --- measures -----------------------------------------------------------------------------
def measures(lang: Lang, staff: bool, staff_name: str | None) -> None:
    """The plan's measures by viewpoint, each with its evidence pages and this year's note."""
    df = cache.query("progress/measures")
    years = list(range(2025, 2030))
    if st.session_state.get(K_MEASURE_FY) not in years:
        st.session_state[K_MEASURE_FY] = min(max(years), max(min(years), current_fiscal_year()))
    fy = st.selectbox(t("progress.measures.fy", lang), years, key=K_MEASURE_FY,
                      format_func=lambda y: year_label(y, lang, fiscal=True))
    if not staff:
        st.caption(t("auth.notes_need_sign_in", lang))
    notes = workspace.measure_notes()
    latest = workspace.in_force(notes[notes["fiscal_year"] == fy], ["measure_id"]).set_index("measure_id") \
        if len(notes) else pd.DataFrame()
    for vp, group in df.groupby("viewpoint", sort=True):
        first = group.iloc[0]
        with st.expander(f"{t('progress.viewpoint', lang, n=vp)}：{first['viewpoint_en'] if lang == 'en' else first['viewpoint_ja']}",
                         expanded=vp == 3):
            for _, m in group.iterrows():
                _measure_row(m, latest, fy, lang, staff, staff_name)


def _measure_row(m: pd.Series, latest: pd.DataFrame, fy: int, lang: Lang, staff: bool, staff_name: str | None) -> None:
    mid = m["measure_id"]
    title = m["title_en"] if lang == "en" else m["title_ja"]
    initiative = m["initiative_en"] if lang == "en" else m["initiative_ja"]
    c1, c2, c3 = st.columns([4, 2, 3])
    c1.markdown(f"**{mid} {title}**  \n{initiative}")
    for script, query, label in EVIDENCE.get(mid, []):
        if not (ROOT / script).exists():
            continue
        c2.page_link(script, label=t(label, lang), icon=":material/arrow_forward:", query_params={"lang": lang, **query})
    note = latest.loc[mid] if mid in getattr(latest, "index", []) else None
    status = note["status"] if note is not None else "none"
    has_note = note is not None and isinstance(note["note"], str) and note["note"]
    c3.markdown(t(f"progress.measure.status.{status}", lang) + (f"{_COLON[lang]}{note['note']}" if has_note else ""))
    if note is not None:
        c3.caption(t("progress.measure.by", lang, by=note["edited_by"] or "?", at=str(note["edited_at"])[:16]))
    if staff:
        revision = int(note["revision"]) if note is not None else 0
        with c3.popover(t("progress.measure.edit", lang), icon=":material/edit_note:"):
            with st.form(f"m_{mid}_{fy}", border=False):
                new_status = st.selectbox(t("progress.measure.edit", lang), workspace.MEASURE_STATUSES,
                                          format_func=lambda s: t(f"progress.measure.status.{s}", lang), key=f"m_status_{mid}")
                text = st.text_area(t("progress.col.note", lang), max_chars=workspace.MAX_NOTE, key=f"m_note_{mid}")
                if st.form_submit_button(t("progress.measure.save", lang)):
                    if not staff_name:
                        st.error(t("progress.entry.name_needed", lang))
                        return
                    try:
                        workspace.save_measure_note(mid, fy, new_status, text, staff_name, revision)
                    except workspace.WorkspaceError as err:
                        st.error(_error(err, lang))
                        return
                    st.toast(t("progress.measure.saved", lang), icon=":material/check:")
                    st.rerun()
