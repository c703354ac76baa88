"""データ — every table, its source and licence, and the data dictionary."""
import streamlit as st

from bohan import cache, ui
from bohan.i18n import t

lang = ui.page_setup("nav.data")
st.title(t("data.title", lang))
st.write(t("data.intro", lang))

with ui.guard(lang):
    ui.sample_notice(lang)
    tables = cache.query("data/tables")
    st.subheader(t("data.tables", lang))
    description = tables["description_en"] if lang == "en" else tables["description_ja"]
    st.dataframe(
        tables[["table_name"]].assign(description=description).join(
            tables[["n_rows", "source", "licence", "attribution", "origin"]]
        ).rename(columns={
            "table_name": t("data.col.table", lang), "description": t("data.col.description", lang),
            "source": t("data.col.source", lang), "origin": t("data.col.origin", lang),
            "licence": t("data.col.licence", lang), "attribution": t("data.col.attribution", lang),
            "n_rows": t("data.col.rows", lang),
        }),
        hide_index=True,
        width="stretch",
        # wide enough for a national file's 10,000,000 (the grid cut its first digit off)
        column_config={t("data.col.rows", lang): st.column_config.NumberColumn(format="localized", width=120)},
    )
    st.caption(t("data.approx", lang))

    st.subheader(t("data.attributions", lang))
    for line in sorted({a for a in tables["attribution"].dropna() for a in a.split("; ") if a}):
        st.markdown(f"- {line}")

    st.subheader(t("data.dictionary", lang))
    table = st.selectbox(t("data.pick_table", lang), tables["table_name"].tolist(), key="data_table",
                         help=t("data.pick_table.help", lang))
    columns = cache.query("data/dictionary", table_name=table)
    description = columns["description_en"] if lang == "en" else columns["description_ja"]
    st.dataframe(
        columns[["column_name", "data_type"]].assign(description=description).rename(columns={
            "column_name": t("data.col.column", lang), "data_type": t("data.col.type", lang),
            "description": t("data.col.description", lang),
        }),
        hide_index=True,
        width="stretch",
    )
