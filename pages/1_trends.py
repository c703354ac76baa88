"""傾向分析 — which kinds of crime rise, where, and at what hour, for one shared filter."""
import streamlit as st

from bohan import cache, charts, export, privacy, trends, ui
from bohan.i18n import t, tv, year_label

lang = ui.page_setup("nav.trends")
st.title(t("trends.title", lang))
f, vocab, public = ui.crime_filter(lang)
st.markdown(f"#### {f.describe(lang, vocab)}")

with ui.guard(lang):
    ui.sample_notice(lang)
    ui.scope_note(vocab, lang)
    sel = ui.chart_selection()
    view = sel.apply(f)
    if not sel.is_empty():
        c1, c2 = st.columns([4, 1])
        c1.info(t("trends.selection", lang, what=sel.describe(lang)), icon=":material/ads_click:")
        c2.button(t("trends.selection.clear", lang), on_click=ui.clear_selection, use_container_width=True)
    summary = cache.query("crime/summary", **view.params(vocab)).iloc[0]
    ui.summary_metrics(summary, lang)

    st.subheader(t("trend.title.fiscal" if f.period == "fiscal" else "trend.title", lang))
    annual = cache.query("home/annual_offences")
    target = ui.offence_target()
    by_year = cache.query("crime/counts_by_year", **view.without_period().params(vocab), fiscal=f.period == "fiscal")
    series, glide = trends.yearly_series(view, vocab, annual, by_year, target)
    highlight = (f.start or vocab.years[0], f.end or vocab.years[1]) if f.period != "dates" and (f.start or f.end) else None
    ui.chart(charts.yearly_trend(series, lang, fiscal=f.period == "fiscal", highlight=highlight, glide=glide), "trend", lang)
    st.caption(t("trend.caption.plan" if glide else "trend.caption.filtered", lang))

    left, right = st.columns(2)
    with left:
        st.subheader(t("season.title", lang))
        fiscal = f.period == "fiscal"
        monthly = cache.query("crime/counts_by_month", **view.params(vocab), fiscal=fiscal)
        ui.chart(charts.seasonality(monthly, lang, fiscal=fiscal, years=vocab.fiscal_years if fiscal else vocab.years),
                 "season", lang)
        st.caption(t("season.caption", lang))
    with right:
        st.subheader(t("heat.title", lang))
        cells = cache.query("crime/counts_by_hour_weekday", **sel.apply(f, skip="cells").params(vocab))
        ui.chart(charts.hour_weekday(cells, lang), "heat", lang, select_key=ui.SELECTION_KEYS["cells"])
        st.caption(t("heat.caption", lang, n=int(summary["n_hour_unknown"])))

    st.subheader(t("rank.title", lang))
    boxes, towns = st.columns(2)
    by_box = cache.query("crime/counts_by_koban", **sel.apply(f, skip="koban").params(vocab))
    towns_of = view if public else sel.apply(f, skip="town")
    towns_of = towns_of.narrowed(koban=vocab.scope(towns_of.koban))  # a national database: the towns in view
    by_town = cache.query("crime/counts_by_town", **towns_of.params(vocab))
    if public:  # towns counted over the same view as the box totals beside them, then suppressed
        by_town = privacy.public_view(by_town)
    with boxes:
        st.markdown(f"**{t('rank.koban', lang)}**")
        ui.chart(charts.ranking(by_box.assign(label=by_box["koban"].map(lambda v: tv(v, lang))), "koban", lang, label="label"),
                 "rank_koban", lang, select_key=ui.SELECTION_KEYS["koban"], height=380)
    with towns:
        st.markdown(f"**{t('rank.town', lang)}**")
        if public:
            ranked = privacy.ranked(by_town)
            shown = ranked[ranked["status"] == "shown"]
            if len(shown):
                ui.chart(charts.ranking(shown.assign(n=shown["shown_value"], label=shown["town"]), "town", lang,
                                        label="label"), "rank_town", lang, height=380)
            else:
                st.info(t("rank.town.none_public", lang), icon=":material/lock:")
            st.caption(t("privacy.ranking.unranked", lang, n=int(ranked["status"].isin(["small", "hidden"]).sum())))
        else:
            ui.chart(charts.ranking(by_town.assign(label=by_town["town"]), "town", lang, label="label"),
                     "rank_town", lang, select_key=ui.SELECTION_KEYS["town"], height=380)
    offences, places = st.columns(2)
    with offences:
        st.markdown(f"**{t('rank.offence', lang)}**")
        by_offence = cache.query("crime/counts_by_offence", **sel.apply(f, skip="offence").params(vocab))
        ui.chart(charts.ranking(by_offence.assign(label=by_offence["offence"].map(lambda v: tv(v, lang))), "offence", lang,
                                label="label"), "rank_offence", lang, select_key=ui.SELECTION_KEYS["offence"], height=380)
    with places:
        st.markdown(f"**{t('rank.place', lang)}**")
        by_place = cache.query("crime/counts_by_place", **sel.apply(f, skip="place_type").params(vocab))
        ui.chart(charts.ranking(by_place.assign(label=by_place["place_type"].map(lambda v: tv(v, lang))), "place_type", lang,
                                label="label"), "rank_place", lang, select_key=ui.SELECTION_KEYS["place_type"], height=380)

    st.subheader(t("map.title", lang))
    ui.count_map(privacy.totals(by_box, by_town, group="koban") if public else by_box, by_town, lang, public,
                 scope={"koban": vocab.scope(), "town": towns_of.koban or None})

    st.subheader(t("compare.title", lang))
    ui.period_comparison(series, lang, fiscal=f.period == "fiscal")

    st.subheader(t("download.title", lang))
    if public:  # the town counts as the map shows them; the detailed table is for staff
        table = privacy.for_download(by_town, lang).rename(
            columns={"n": t("privacy.csv.count", lang), "note": t("privacy.csv.note", lang)})
        st.download_button(t("download.csv.towns", lang), export.csv_bytes(table), file_name="bohan-towns-public.csv",
                           mime="text/csv", help=t("download.csv.towns.help", lang))
    elif not export.fits_excel(int(summary["n"])):  # a national database unfiltered: millions of rows
        st.info(t("download.csv.too_many", lang, n=int(summary["n"]), rows=export.EXCEL_MAX_ROWS),
                icon=":material/filter_alt:")
    else:
        params = view.params(vocab)  # made when asked for: at national scale the table is large
        st.download_button(t("download.csv", lang), lambda: export.csv_bytes(cache.query_once("crime/table_for_download", **params)),
                           file_name="bohan-incidents.csv", mime="text/csv", help=t("download.csv.help", lang),
                           on_click="ignore")

with st.expander(t("trends.method", lang)):
    st.markdown(t("trends.method.text", lang))
