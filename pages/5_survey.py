"""市民意識調査 — awareness, community activity and satisfaction over the survey waves, by age
band and by area, and satisfaction beside recorded crime per 1,000 residents."""

import streamlit as st

from bohan import cache, export, ui
from bohan import survey_view as sv
from bohan.i18n import t

K_WAVE, K_QUESTION = "sv_wave", "sv_question"

lang = ui.page_setup("nav.survey")
st.title(t("survey.title", lang))
st.caption(t("survey.intro", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    by_wave = cache.query("survey/answers_by_wave", fiscal_year=None)
    waves = sorted(int(y) for y in by_wave["fiscal_year"].unique())
    all_waves = sv.survey_source(by_wave, lang)

    st.subheader(t("survey.aw.title", lang))
    table = sv.awareness_table(by_wave)
    left, right = st.columns(2)
    with left:
        st.table(sv.awareness_printed(table, lang))  # three rows as the plan prints them (a grid adds empty rows)
        st.download_button(t("download.csv.short", lang), export.csv_bytes(sv.awareness_display(table, lang)),
                           file_name="bohan-survey-awareness.csv", mime="text/csv", key="csv_survey-awareness",
                           on_click="ignore")
        ok, message = sv.check_message(sv.plan_check(by_wave, cache.query("survey/plan_figures")), lang)
        (st.success if ok else st.warning)(message)
    with right:
        ui.chart(sv.awareness_chart(table, lang, all_waves), "survey-awareness", lang, height=250)

    st.subheader(t("survey.waves.title", lang))
    target = sv.satisfaction_target(cache.query("home/plan_indicators"))
    shares = {q: sv.wave_shares(by_wave, q) for q in sv.QUESTIONS}
    for column, q in zip(st.columns(3), sv.QUESTIONS):
        with column:
            chart = sv.wave_chart(shares[q], q, lang, all_waves, target=target if q == "satisfaction" else None)
            ui.chart(chart, f"survey-wave-{q}", lang, height=300)
            st.caption(t(f"survey.q.{q}.long", lang))
    ui.table_with_downloads(sv.waves_display(shares, lang), "survey-waves", lang)
    st.caption(t("survey.ci.caption", lang, n=sv.SMALL_N))
    with st.expander(t("survey.dist.title", lang)):
        for q in sv.QUESTIONS:
            st.markdown(f"**{t(f'survey.q.{q}.long', lang)}**")
            dist = sv.distribution_display(sv.answer_distribution(by_wave, q), lang)
            ui.table_with_downloads(dist, f"survey-answers-{q}", lang)

    st.subheader(t("survey.groups.title", lang))
    wave, bad_wave = sv.pick(st.query_params.get("fy"), waves, waves[-1])
    question, bad_q = sv.pick(st.query_params.get("q"), sv.QUESTIONS, "satisfaction")
    if (bad_wave or bad_q) and K_WAVE not in st.session_state:
        st.warning(t("survey.bad_link", lang, fy=sv.wave_label(wave, lang), q=t(f"survey.q.{question}.short", lang)),
                   icon=":material/link_off:")
    ui.keep(K_WAVE, wave, waves)
    ui.keep(K_QUESTION, question)
    c1, c2 = st.columns([2, 3])
    wave = c1.segmented_control(t("survey.pick.wave", lang), waves, key=K_WAVE, required=True,
                                format_func=lambda y: t("survey.pick.wave.option", lang, fy=y),
                                help=t("survey.pick.wave.help", lang))
    question = c2.segmented_control(t("survey.pick.question", lang), sv.QUESTIONS, key=K_QUESTION, required=True,
                                    format_func=lambda q: t(f"survey.q.{q}.tab", lang),
                                    help=t("survey.pick.question.help", lang))
    st.query_params.update({"fy": str(wave), "q": question})
    by_group = cache.query("survey/answers_by_group", fiscal_year=wave, dimension=None)
    source = sv.survey_source(by_wave, lang, [wave])
    for column, dim in zip(st.columns(2), sv.DIMENSIONS):
        groups = sv.group_shares(by_group, question, dim, wave)
        with column:
            chart = sv.group_chart(groups, question, dim, lang, source, sv.share_in(shares[question], wave))
            ui.chart(chart, f"survey-{dim}", lang, height=260 if dim == "age_band" else 420)
            ui.table_with_downloads(sv.group_display(groups, dim, lang), f"survey-{dim}", lang)
    st.caption(t("survey.groups.caption", lang, n=sv.SMALL_N))

    st.subheader(t("survey.pvr.title", lang, fy=sv.wave_label(wave, lang)))
    home = cache.vocab().home  # the city's police boxes when the data holds others too
    offences = cache.query("survey/offences_by_area", fiscal_year=wave, koban_list=home)
    perc = sv.perception(by_group, offences, wave)
    period = sv.data_period(offences)
    period_text = sv.period_words(period, wave, lang)
    if period is None or period[2] < 12:
        st.warning(t("survey.period.partial", lang, fy=sv.wave_label(wave, lang), period=period_text),
                   icon=":material/event_busy:")
    areas, boundary = cache.query("map/koban_areas", koban_list=home), cache.query("map/boundary")["geometry_wkt"].iloc[0]
    view = tuple(cache.query("survey/populated_bounds", koban_list=home).iloc[0])
    off_source = sv.offences_source(offences, period_text, lang)
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('survey.map.sat_title', lang, fy=sv.wave_label(wave, lang))}**")
        values = sv.satisfaction_map_values(perc, lang)
        st.pydeck_chart(sv.value_map(areas, values, boundary_wkt=boundary, ramp=sv.SHARE_RAMP, view_bounds=view),
                        height=400)
        st.markdown(sv.satisfaction_legend(values, lang), unsafe_allow_html=True)
        st.caption(t("survey.map.sat_caption", lang, n=sv.SMALL_N, source=" ".join(source)))
    with right:
        st.markdown(f"**{t('survey.map.rate_title', lang, period=period_text)}**")
        values = sv.rate_map_values(perc, lang)
        st.pydeck_chart(sv.value_map(areas, values, boundary_wkt=boundary, ramp=sv.RATE_RAMP, view_bounds=view),
                        height=400)
        st.markdown(sv.rate_legend(values, lang), unsafe_allow_html=True)
        st.caption(t("survey.map.rate_caption", lang, count=sv.MIN_COUNT, pop=sv.MIN_POPULATION,
                     source=" ".join(off_source)))
    rel = sv.relation(perc)
    ui.chart(sv.scatter(perc, rel, lang, source + off_source), "survey-perception", lang, height=420)
    st.markdown("\n".join(f"- {line}" for line in sv.relation_sentences(rel, lang)))
    ui.table_with_downloads(sv.perception_display(perc, lang), "survey-perception", lang)

with st.expander(t("survey.method", lang)):
    st.markdown(t("survey.method.text", lang, n=sv.SMALL_N, count=sv.MIN_COUNT, pop=sv.MIN_POPULATION))
