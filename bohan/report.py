"""The round-table summary (懇話会資料): everything the yearly report needs, as sections.

Each :class:`Section` carries one finding as a sentence made from the data (not fixed text,
so it stays true when the data changes), the figure or table that shows it, its source and
its period (calendar or fiscal years), and whether it rests on sample data. The report page
lays the sections out; the presentation and its exports turn each into a slide.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import duckdb
import pandas as pd

from bohan import charts, db, progress
from bohan.filters import CrimeFilter, home_kobans
from bohan.i18n import Lang, era, t, tv, year_label


@dataclass
class Section:
    """One message of the report."""

    key: str
    title: str
    headline: str
    source: str
    period: str
    sample: bool
    chart: alt.Chart | None = None
    table: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)


def _years(a: int, b: int, lang: Lang, fiscal: bool = False) -> str:
    if a == b:
        return year_label(a, lang, fiscal=fiscal)
    if lang == "en":
        return f"FY{a}-FY{b}" if fiscal else f"{a}-{b}"
    unit = "年度" if fiscal else "年"
    return f"{a}{unit}〜{b}{unit}（{era(a)}〜{era(b)}{unit}）"


def rising_since(series: pd.Series) -> int | None:
    """The first year of the latest run of yearly increases (at least two in a row), else None."""
    s = series.sort_index()
    start = None
    years = list(s.index)
    for i in range(len(years) - 1, 0, -1):
        if s.iloc[i] > s.iloc[i - 1]:
            start = years[i]
        else:
            break
    if start is None or years.index(start) > len(years) - 2:
        return None
    return int(start)


def _source(kinds: set[str], lang: Lang) -> str:
    parts = [t(f"report.source.{k}", lang) for k in ("plan", "sample") if k in kinds]
    parts += sorted(k for k in kinds if k not in ("plan", "sample", "staff"))
    if "staff" in kinds:
        parts.append(t("report.source.staff", lang))
    return t("report.source", lang, what="・".join(parts) if lang == "ja" else ", ".join(parts))


def indicators_section(con: duckdb.DuckDBPyConnection, lang: Lang, edits: pd.DataFrame | None = None) -> Section:
    from bohan import ui_progress  # the page's sentence rules, shared

    indicators = db.run(con, "home/plan_indicators")
    order = {iid: i for i, iid in enumerate(ui_progress.PLAN_ORDER)}
    indicators = indicators.sort_values("indicator_id", key=lambda s: s.map(order), ignore_index=True)
    values = progress.effective_values(db.run(con, "progress/indicator_values"), edits)
    items = progress.progress(indicators, values)
    rows = []
    for p in items:
        rows.append({
            t("progress.col.indicator", lang): t(f"ind.{p.indicator_id}", lang),
            t("progress.baseline", lang): ui_progress._fmt(float(p.row["baseline_value"]), p.indicator_id, lang),
            t("progress.latest", lang): f"{ui_progress._fmt(p.latest_value, p.indicator_id, lang)}"
                                        f"（{ui_progress._when(p, p.latest_year, lang)}）" if lang == "ja" else
                                        f"{ui_progress._fmt(p.latest_value, p.indicator_id, lang)} ({ui_progress._when(p, p.latest_year, lang)})",
            t("progress.target", lang): ui_progress._fmt(p.target, p.indicator_id, lang),
            t("report.col.status", lang): t(f"progress.status.{p.status or 'none'}", lang),
        })
    kinds = set(values["source"])
    return Section("indicators", t("report.indicators", lang), ui_progress.summary(items, lang),
                   _source(kinds, lang), t("report.period.indicators", lang), "sample" in kinds,
                   table=pd.DataFrame(rows), notes=[ui_progress.reading(p, lang) for p in items])


def offences_section(con: duckdb.DuckDBPyConnection, lang: Lang) -> Section:
    annual = db.run(con, "home/annual_offences")
    s = annual.set_index("year")["offences"]
    last, prev = int(s.index.max()), int(s.index.max()) - 1
    change = int(s[last] - s[prev])
    since = rising_since(s)
    key = "report.offences.up" if change > 0 else "report.offences.down" if change < 0 else "report.offences.same"
    head = t(key, lang, year=year_label(last, lang), n=int(s[last]), d=abs(change),
             pct=abs(change) / s[prev] * 100 if s[prev] else 0.0)
    if since:
        head += t("report.offences.since", lang, year=year_label(since, lang))
    ind = db.run(con, "home/plan_indicators").set_index("indicator_id").loc["offences"]
    chart = charts.annual_trend(annual, float(ind["target_value"]), int(ind["target_year"]), lang)
    return Section("offences", t("report.offences", lang), head, _source(set(annual["source"]), lang),
                   _years(int(s.index.min()), last, lang), "sample" in set(annual["source"]), chart=chart)


def koban_section(con: duckdb.DuckDBPyConnection, lang: Lang) -> Section:
    year = int(db.run(con, "vocab/periods")["year_max"].iloc[0])
    counts = db.run(con, "crime/counts_by_koban", **CrimeFilter(period="year", start=year, end=year).params())
    counts = counts.sort_values(["n", "koban"], ascending=[False, True], ignore_index=True)
    top = counts.head(5)
    listed = [f"{tv(k, lang)}（{n:,}件）" if lang == "ja" else f"{tv(k, lang)} ({n:,})" for k, n in zip(top["koban"], top["n"])]
    head = t("report.koban.head", lang, year=year_label(year, lang), boxes=("、" if lang == "ja" else ", ").join(listed[:3]))
    chart = charts.ranking(counts.assign(label=counts["koban"].map(lambda k: tv(k, lang))), "koban", lang, label="label", top=12)
    return Section("koban", t("report.koban", lang), head, _source({"sample"}, lang), _years(year, year, lang), True,
                   chart=chart)


def children_section(con: duckdb.DuckDBPyConnection, lang: Lang) -> Section:
    df = db.run(con, "report/child_approaches_by_year", koban_list=home_kobans(con))
    s = df.set_index("year")["n"]
    peak_year = int(s.loc[s.index >= s.index.max() - 4].idxmax())
    last = int(s.index.max())
    recent = df[df["year"] >= last - 2]
    share_hours = recent["n_15_17"].sum() / recent["n"].sum() * 100
    share_place = recent["n_road_park"].sum() / recent["n"].sum() * 100
    key = "report.children.falling" if s[last] < s[peak_year] else "report.children.level"
    head = t(key, lang, peak=year_label(peak_year, lang), n_peak=int(s[peak_year]), last=year_label(last, lang),
             n_last=int(s[last])) + t("report.children.when", lang, hours=share_hours, places=share_place, a=last - 2, b=last)
    long = df.melt(id_vars="year", value_vars=["n", "n_15_17"], var_name="series", value_name="count")
    long["series"] = long["series"].map({"n": t("report.children.all", lang), "n_15_17": t("report.children.15_17", lang)})
    names = [t("report.children.all", lang), t("report.children.15_17", lang)]
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("year:O", title=t("trend.axis.year", lang), axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=names),
        y=alt.Y("count:Q", title=t("trend.axis.count", lang)),
        color=alt.Color("series:N", title=None, sort=names,
                        scale=alt.Scale(domain=names, range=[charts.PALETTE["blue"], charts.PALETTE["orange"]])),
        tooltip=["year:O", "series:N", "count:Q"])
    return Section("children", t("report.children", lang), head, _source({"plan", "sample"}, lang),
                   _years(int(s.index.min()), last, lang), True, chart=chart)


def fraud_section(con: duckdb.DuckDBPyConnection, lang: Lang) -> Section:
    df = db.run(con, "report/fraud_by_year")
    last = df.iloc[-1]
    head = t("report.fraud.head", lang, year=year_label(int(last["year"]), lang), n=int(last["cases"]),
             yen=float(last["damage_yen"]) / 10_000)
    chart = alt.Chart(df.assign(man=df["damage_yen"] / 10_000)).mark_bar(color=charts.PALETTE["purple"]).encode(
        x=alt.X("year:O", title=t("trend.axis.year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("cases:Q", title=t("report.fraud.cases", lang)),
        tooltip=[alt.Tooltip("year:O"), alt.Tooltip("cases:Q", title=t("report.fraud.cases", lang)),
                 alt.Tooltip("man:Q", title=t("report.fraud.damage", lang), format=",.0f")])
    return Section("fraud", t("report.fraud", lang), head, _source({"plan", "sample"}, lang),
                   _years(int(df["year"].min()), int(last["year"]), lang), True, chart=chart)


def cameras_section(con: duckdb.DuckDBPyConnection, lang: Lang, scenarios: pd.DataFrame | None = None) -> Section:
    df = db.run(con, "report/street_cameras")
    ind = db.run(con, "home/plan_indicators").set_index("indicator_id").loc["street_cameras"]
    total, target = int(df["total"].iloc[-1]), int(ind["target_value"])
    head = t("report.cameras.head", lang, n=total, target=target, more=max(target - total, 0))
    notes = []
    if scenarios is not None and len(scenarios):
        s = scenarios.iloc[0]
        notes.append(t("report.cameras.scenario", lang, name=s["name"], n=int(s["n_new"]), before=s["route_before_pct"],
                       after=s["route_after_pct"], km=s["route_added_m"] / 1000))
    chart = alt.Chart(df).mark_bar(color=charts.PALETTE["blue"]).encode(
        x=alt.X("fiscal_year:O", title=t("trend.axis.fiscal_year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("total:Q", title=t("report.cameras.total", lang), scale=alt.Scale(domain=[0, target])),
        tooltip=["fiscal_year:O", "installed:Q", "total:Q"])
    return Section("cameras", t("report.cameras", lang), head, _source({"plan", "sample"}, lang),
                   _years(int(df["fiscal_year"].min()), int(df["fiscal_year"].max()), lang, fiscal=True), True,
                   chart=chart, notes=notes)


def _direction(before: float, after: float) -> str:
    """'up', 'down' or 'same', comparing shares as printed (one decimal)."""
    a, b = round(before, 1), round(after, 1)
    return "up" if b > a else "down" if b < a else "same"


def survey_section(con: duckdb.DuckDBPyConnection, lang: Lang) -> Section:
    from bohan import survey_view

    by_wave = db.run(con, "survey/answers_by_wave", fiscal_year=None)
    sat = survey_view.wave_shares(by_wave, "satisfaction")
    aware = survey_view.wave_shares(by_wave, "awareness")
    first, last = sat.iloc[-2], sat.iloc[-1]
    head = t("report.survey.head", lang, year=year_label(int(last["fiscal_year"]), lang, fiscal=True),
             sat=last["share_pct"], prev_year=year_label(int(first["fiscal_year"]), lang, fiscal=True),
             prev=first["share_pct"], aware=aware.iloc[-1]["share_pct"],
             moved=t(f"report.survey.{_direction(first['share_pct'], last['share_pct'])}", lang))
    rows = pd.concat([sat, aware])
    rows["label"] = rows["question"].map(lambda q: t(f"report.survey.{q}", lang))
    chart = alt.Chart(rows).mark_line(point=True, strokeWidth=3).encode(
        x=alt.X("fiscal_year:O", title=t("trend.axis.fiscal_year", lang), axis=alt.Axis(labelAngle=0)),
        y=alt.Y("share_pct:Q", title=t("progress.axis.pct", lang), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("label:N", title=None, scale=alt.Scale(range=[charts.PALETTE["blue"], charts.PALETTE["green"]])),
        tooltip=["fiscal_year:O", "label:N", alt.Tooltip("share_pct:Q", format=".1f")])
    kinds = set(by_wave["source"]) if "source" in by_wave else {"sample"}
    return Section("survey", t("report.survey", lang), head, _source(kinds | {"plan"}, lang),
                   _years(int(sat["fiscal_year"].min()), int(last["fiscal_year"]), lang, fiscal=True), "sample" in kinds,
                   chart=chart)


def measures_section(con: duckdb.DuckDBPyConnection, lang: Lang, fiscal_year: int, notes: pd.DataFrame | None) -> Section:
    measures = db.run(con, "progress/measures")
    latest = pd.DataFrame(columns=["measure_id", "status", "note"])
    if notes is not None and len(notes):
        from bohan.workspace import in_force

        latest = in_force(notes[notes["fiscal_year"] == fiscal_year], ["measure_id"])[["measure_id", "status", "note"]]
    df = measures.merge(latest, on="measure_id", how="left")
    counts = df["status"].value_counts()
    head = t("report.measures.head", lang, year=year_label(fiscal_year, lang, fiscal=True), n=len(df),
             noted=int(df["status"].notna().sum()), done=int(counts.get("done", 0)),
             doing=int(counts.get("in_progress", 0)), revise=int(counts.get("revise", 0)))
    table = pd.DataFrame({
        t("report.col.measure", lang): df["measure_id"] + " " + (df["title_en"] if lang == "en" else df["title_ja"]),
        t("report.col.status", lang): df["status"].map(lambda s: t(f"progress.measure.status.{s}", lang) if isinstance(s, str)
                                                       else t("progress.measure.status.none", lang)),
        t("progress.col.note", lang): df["note"].fillna(""),
    })
    return Section("measures", t("report.measures", lang), head, _source({"plan", "staff"}, lang),
                   _years(fiscal_year, fiscal_year, lang, fiscal=True), False, table=table)


def round_table(con: duckdb.DuckDBPyConnection, lang: Lang, fiscal_year: int, edits: pd.DataFrame | None = None,
                notes: pd.DataFrame | None = None, scenarios: pd.DataFrame | None = None) -> list[Section]:
    """Every section of the yearly report, in reading order."""
    return [
        indicators_section(con, lang, edits),
        offences_section(con, lang),
        koban_section(con, lang),
        children_section(con, lang),
        fraud_section(con, lang),
        cameras_section(con, lang, scenarios),
        survey_section(con, lang),
        measures_section(con, lang, fiscal_year, notes),
    ]
