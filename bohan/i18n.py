"""One catalogue for every word on screen: Japanese first, English complete.

``t(key, lang)`` gives a label; ``tv(value, lang)`` translates a stored data value (police
boxes, offences, place types, …), which the database keeps in Japanese as the sources write
them. Years: ``year_label(2023, "ja")`` -> ``2023年（令和5年）``.
"""
from __future__ import annotations

from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")
DEFAULT_LANG: Lang = "ja"

TEXT: dict[str, tuple[str, str]] = {
    # shell
    "app.title": ("防犯アトラス", "Bōhan Atlas"),
    "app.subtitle": ("苫小牧市 第３次総合防犯計画（令和7〜11年度）のデータ", "Data for Tomakomai City's 3rd crime-prevention plan (FY2025-2029)"),
    "nav.heading": ("ページ", "Pages"),
    "nav.home": ("概要", "Overview"),
    "nav.data": ("データ", "Data"),
    "nav.map": ("地図・カバー率", "Map and coverage"),
    "atlas.title": ("地図・通学路のカバー率・ホットスポット", "Map: school-route coverage and hotspots"),
    "atlas.camera_r": ("カメラの撮影範囲（m）", "Camera range (m)"),
    "atlas.camera_r.help": ("既定30m：一般的な街頭カメラで人物を識別できる距離の目安（20〜30m）。5〜200mで指定。", "Default 30 m: how far a typical street camera can identify a person (20-30 m). 5-200 m."),
    "atlas.light_r": ("街路灯の照らす範囲（m）", "Light range (m)"),
    "atlas.light_r.help": ("既定15m：防犯灯の間隔（20〜30m）の半分。不点の灯りは範囲に含みません。3〜100mで指定。", "Default 15 m: half the usual 20-30 m spacing of crime-prevention lights. Lights out of order count for nothing. 3-100 m."),
    "atlas.dark": ("暗い区間の最短長さ（m）", "Shortest dark stretch (m)"),
    "atlas.dark.help": ("カメラも灯りもない区間のうち、この長さを超えるものを一覧にします（既定100m、10〜2000m）。", "Stretches with neither camera nor light longer than this are listed (default 100 m, 10-2000 m)."),
    "atlas.kind.camera": ("カメラの撮影範囲", "camera range"),
    "atlas.kind.light": ("街路灯の照らす範囲", "light range"),
    "atlas.kind.dark_stretch": ("暗い区間の最短長さ", "shortest dark stretch"),
    "atlas.refused": ("{what}は{low:g}〜{high:g}mで指定してください（入力値 {value}）。既定の{default:g}mで計算しています。", "The {what} must be {low:g}-{high:g} m (you entered {value}); the default {default:g} m is used."),
    "atlas.layers": ("表示するレイヤー", "Layers"),
    "atlas.layers.help": ("市境は常に表示します。背景地図なしでも読めるよう、町丁目・交番区域を下地にできます。", "The city boundary is always drawn; towns and police-box areas serve as the offline base."),
    "atlas.layer.koban_areas": ("交番区域", "Police-box areas"),
    "atlas.layer.towns": ("町丁目", "Towns"),
    "atlas.layer.parks": ("公園", "Parks"),
    "atlas.layer.incidents": ("事件（六角形）", "Incidents (hexagons)"),
    "atlas.layer.hotspots": ("ホットスポット", "Hotspots"),
    "atlas.layer.routes": ("通学路（カバー状況）", "School routes (coverage)"),
    "atlas.layer.lights": ("街路灯", "Street lights"),
    "atlas.layer.cameras": ("防犯カメラ", "Cameras"),
    "atlas.layer.schools": ("学校", "Schools"),
    "atlas.layer.points": ("事件", "Incidents"),
    "atlas.tiles": ("背景地図（地理院タイル）", "Basemap (GSI tiles)"),
    "atlas.tiles.help": ("既定はなし（オフライン）。オンライン時のみ選んでください。選ぶと国土地理院のサーバーに接続します。", "Off by default (offline). Choose only when online: the browser then loads tiles from GSI's server."),
    "atlas.resolution": ("六角形の大きさ（H3）", "Hexagon size (H3)"),
    "atlas.resolution.help": ("事件の集計とホットスポット判定に使う六角形。市全体なら8、町内を見るなら9〜10が目安（既定9）。", "Hexagons for counts and hotspots: 8 for the whole city, 9-10 within a neighbourhood (default 9)."),
    "atlas.resolution.7": ("大（約5km²）", "Large (about 5 km²)"),
    "atlas.resolution.8": ("中（約0.7km²）", "Medium (about 0.7 km²)"),
    "atlas.resolution.9": ("小（約0.1km²）", "Small (about 0.1 km²)"),
    "atlas.resolution.10": ("最小（約0.015km²）", "Smallest (about 0.015 km²)"),
    "atlas.tiles.off": ("なし（オフライン）", "None (offline)"),
    "atlas.tiles.pale": ("淡色地図", "Pale"),
    "atlas.tiles.std": ("標準地図", "Standard"),
    "atlas.tiles.attribution": ("背景地図：[地理院タイル](https://maps.gsi.go.jp/development/ichiran.html)", "Basemap: [地理院タイル (GSI tiles)](https://maps.gsi.go.jp/development/ichiran.html)"),
    "atlas.class.both": ("カメラ＋灯り", "Camera and light"),
    "atlas.class.camera": ("カメラのみ", "Camera only"),
    "atlas.class.lit": ("灯りのみ", "Light only"),
    "atlas.class.neither": ("どちらもなし", "Neither"),
    "atlas.light.lit": ("点灯", "Lit"),
    "atlas.light.out": ("不点（故障）", "Out of order"),
    "atlas.camera_kind.street": ("街頭カメラ（市）", "Street camera (city)"),
    "atlas.camera_kind.school": ("学校のカメラ", "School camera"),
    "atlas.tip.camera": ("防犯カメラ", "Camera"),
    "atlas.tip.installed": ("{fy}年度設置", "installed FY{fy}"),
    "atlas.tip.cell": ("事件（この六角形）", "Incidents in this hexagon"),
    "atlas.hot.hot": ("ホットスポット", "Hotspot"),
    "atlas.hot.cold": ("コールドスポット", "Cold spot"),
    "atlas.hot.ns": ("有意でない", "Not significant"),
    "atlas.empty": ("この条件に当てはまる事件はありません。地図は事件なしで表示しています。", "No incidents match this filter; the map shows none."),
    "atlas.pick.hint": ("地図上の町丁目・六角形・ホットスポット・カメラ・不点の街路灯・学校・公園をクリックすると、その内容をここに表示します（通学路の数値は下の表にあります）。", "Click a town, hexagon, hotspot, camera, light out of order, school or park on the map to see its figures here (route figures are in the tables below)."),
    "atlas.pick.title": ("選択：{layer}", "Selected: {layer}"),
    "atlas.coverage": ("通学路のカバー率", "School-route coverage"),
    "atlas.metric.camera": ("カメラの範囲内", "Within camera range"),
    "atlas.metric.lit": ("灯りの範囲内", "Within lit range"),
    "atlas.metric.both": ("両方", "Both"),
    "atlas.metric.neither": ("どちらもなし", "Neither"),
    "atlas.coverage.caption": ("通学路網 {km:,.1f} km（重なる区間は1回だけ数える）のうちの割合。カメラ {cam:g} m・灯り {light:g} m の範囲、EPSG:6680（平面直角座標系XII系）で計測。", "Share of the {km:,.1f} km school-route network (shared streets counted once) within {cam:g} m of a camera or {light:g} m of a working light, measured in EPSG:6680."),
    "atlas.tab.school": ("学校別", "By school"),
    "atlas.tab.koban": ("交番別", "By police box"),
    "atlas.tab.dark": ("暗い区間（{m:g} m超）", "Dark stretches (over {m:g} m)"),
    "atlas.tab.out": ("不点灯の交換優先順", "Lights out: replacement order"),
    "atlas.hotspots": ("ホットスポット（Gi*）", "Hotspots (Gi*)"),
    "atlas.public.no_cells": (
        "公開用の表示：事件の六角形とホットスポットは町丁目より細かいため表示しません（職員のみ）。",
        "Public view: incident hexagons and hotspots are finer than a town, so they are not shown (staff only).",
    ),
    "atlas.public.lights_out": (
        "公開用の表示：街路灯ごとの夜間の事件数は町丁目より細かいため表示しません（職員のみ）。順位は近くの通学路の長さの順です。",
        "Public view: night-time incidents near each light are finer than a town, so they are not shown (staff only). The order is by the length of school route nearby.",
    ),
    "atlas.public.hotspots": (
        "ホットスポット分析は町丁目より細かい区画で行うため、職員だけが見られます。町丁目・交番ごとの件数は「傾向分析」の地図にあります。",
        "The hotspot analysis works on cells finer than a town, so only staff see it. Counts by town and police box are on the Trends page's map.",
    ),
    "atlas.metric.hot": ("ホットスポット（セル）", "Hot cells"),
    "atlas.metric.cold": ("コールドスポット（セル）", "Cold cells"),
    "atlas.metric.concentration": ("面積上位5%に集中する割合", "Share in the top 5 % of area"),
    "atlas.metric.concentration.help": ("市域を覆うH3セル（解像度9）のうち、件数の多い上位5%のセルに入る事件の割合。100%に近いほど集中しています。", "Share of incidents in the 5 % of the city's H3 cells (resolution 9) with the most incidents; nearer 100 % means more concentrated."),
    "atlas.method": ("方法と既定値", "Methods and defaults"),
    "atlas.method.text": (
        "- **カバー率**：通学路を重なりなく1本の道路網にまとめ、カメラ・点灯中の灯りからの距離で区間を分けて長さを測ります（円と線分の交点を厳密に計算、EPSG:6680）。不点の灯りは範囲に含めません。\n"
        "- **不点灯の交換優先順**：半径内の通学路の長さが長い順、同じなら夜間（18〜翌6時）の事件数が多い順。\n"
        "- **ホットスポット**：絞り込んだ事件をH3の六角形（解像度9、約0.1km²）に集計し、Getis-Ord Gi*（隣接1リング）で判定。並べ替え検定のp値に偽発見率（FDR 5%）の基準を適用し、ホット・コールド・有意でないに分けます。\n"
        "- **地図**：背景地図なしで、市境・町丁目・交番区域を下地に描きます。地理院タイルは選んだときだけ読み込みます。",
        "- **Coverage**: the school routes are merged into one network (shared streets once) and cut exactly where they enter each camera or working-light circle (EPSG:6680); lights out of order count for nothing.\n"
        "- **Lights out, replacement order**: more school route within the radius first, then more night-time (18:00-06:00) incidents.\n"
        "- **Hotspots**: the filtered incidents are counted on H3 hexagons (resolution 9, about 0.1 km²) and tested with Getis-Ord Gi* (1-ring neighbours); permutation p-values with a false-discovery-rate cut-off (5 %) give hot, cold or not significant.\n"
        "- **Map**: drawn with no basemap, on the city boundary, towns and police-box areas; GSI tiles load only when chosen.",
    ),
    "col.school_id": ("学校ID", "School id"),
    "col.name": ("名称", "Name"),
    "col.level": ("種別", "Level"),
    "col.koban": ("交番", "Police box"),
    "col.length_m": ("通学路の長さ（m）", "Route length (m)"),
    "col.both_m": ("両方（m）", "Both (m)"),
    "col.camera_only_m": ("カメラのみ（m）", "Camera only (m)"),
    "col.lit_only_m": ("灯りのみ（m）", "Light only (m)"),
    "col.neither_m": ("どちらもなし（m）", "Neither (m)"),
    "col.both_pct": ("両方（%）", "Both (%)"),
    "col.camera_only_pct": ("カメラのみ（%）", "Camera only (%)"),
    "col.lit_only_pct": ("灯りのみ（%）", "Light only (%)"),
    "col.neither_pct": ("どちらもなし（%）", "Neither (%)"),
    "col.camera_pct": ("カメラ範囲内（%）", "Within camera range (%)"),
    "col.lit_pct": ("灯りの範囲内（%）", "Within lit range (%)"),
    "col.stretch_id": ("区間", "Stretch"),
    "col.school_ids": ("関係する学校", "Schools served"),
    "col.n_schools": ("学校数", "Schools"),
    "col.lat": ("緯度", "Latitude"),
    "col.lon": ("経度", "Longitude"),
    "col.rank": ("順位", "Rank"),
    "col.light_id": ("灯具ID", "Light id"),
    "col.kind": ("種別", "Kind"),
    "col.lamp_type": ("灯具", "Lamp"),
    "col.manager": ("管理者", "Managed by"),
    "col.status": ("状態", "Status"),
    "col.route_m": ("半径内の通学路（m）", "School route within radius (m)"),
    "col.night_incidents": ("夜間の事件（件）", "Night-time incidents"),
    "hotspots.method": (
        "Getis-Ord Gi* 統計量（H3 解像度{resolution}、隣接{k_ring}リング、{permutations}回の並べ替え検定、"
        "偽発見率{alpha_pct}%）でホットスポットを判定",
        "Hotspots found with the Getis-Ord Gi* statistic (H3 resolution {resolution}, "
        "{k_ring}-ring neighbours, {permutations} permutations, false discovery rate {alpha_pct} %)",
    ),
    "hotspots.area": (
        "対象範囲: {n_cells}セル（約{area_km2}km²）、{n_incidents}件",
        "Study area: {n_cells} cells (about {area_km2} km²), {n_incidents} incidents",
    ),
    "hotspots.result": (
        "ホットスポット {n_hot}セル、コールドスポット {n_cold}セル（判定の基準 p ≤ {cutoff}）",
        "{n_hot} hot cells and {n_cold} cold cells (cut-off p ≤ {cutoff})",
    ),
    "hotspots.meaning": (
        "ホットスポットは、周りのセルを含めて件数が偶然では説明しにくいほど多い場所です。",
        "A hot cell is one whose neighbourhood (itself and the cells around it) has more "
        "incidents than chance would plausibly give.",
    ),
    "hotspots.not_testable": ("検定できません: {reason}", "No test possible: {reason}"),
    "hotspots.reason.empty": ("該当する事件がありません", "no incidents match the filter"),
    "hotspots.reason.too_few_cells": (
        "対象範囲が{n_cells}セルしかありません（{min_cells}セル以上が必要）",
        "the study area has only {n_cells} cells (at least {min_cells} needed)",
    ),
    "hotspots.reason.no_variation": (
        "すべてのセルの件数が同じで、集中の有無を判定できません",
        "every cell has the same count, so there is no clustering to test",
    ),
    "hotspots.cls.hot": ("ホットスポット（集中）", "Hot spot (cluster)"),
    "hotspots.cls.cold": ("コールドスポット（少ない）", "Cold spot (few)"),
    "hotspots.cls.ns": ("有意差なし", "Not significant"),
    "hotspots.concentration": (
        "面積の上位{top_pct}%のセルに事件の{share_pct}%が集中",
        "{share_pct} % of incidents fall in the top {top_pct} % of the area",
    ),
    "download.csv.short": ("CSV（Excel対応）", "CSV (Excel)"),
    "download.geojson": ("GeoJSON", "GeoJSON"),
    "nav.trends": ("傾向分析", "Crime trends"),
    # filter
    "filter.heading": ("絞り込み（全ページ共通）", "Filter (shared by every page)"),
    "filter.koban": ("交番", "Police box"),
    "filter.koban.help": ("空欄はすべての交番。複数選べます。", "Empty means every police box. Choose one or more."),
    "filter.all_kobans": ("すべての交番", "All police boxes"),
    "filter.town": ("町丁目", "Town"),
    "filter.town.help": ("選んだ交番の区域内の町丁目。空欄はすべて。", "Towns within the chosen boxes. Empty means all."),
    "filter.all_towns": ("すべての町丁目", "All towns"),
    "filter.group": ("罪種", "Offence group"),
    "filter.group.help": ("凶悪犯・粗暴犯・窃盗犯・知能犯・風俗犯・その他", "Heinous, violent, theft, fraud, sexual/moral, other"),
    "filter.all_groups": ("すべての罪種", "All offence groups"),
    "filter.offence": ("罪名・手口", "Offence"),
    "filter.offence.help": ("選んだ罪種の中の罪名・手口（例: 窃盗犯 → 自転車盗）。", "Offences within the chosen groups (e.g. theft → bicycle theft)."),
    "filter.all_offences_short": ("すべての罪名", "All offences"),
    "filter.place": ("発生場所", "Place type"),
    "filter.all_places": ("すべての場所", "All place types"),
    "filter.hours": ("時間帯", "Time of day"),
    "filter.hours.help": (
        "発生時刻で絞り込みます。時刻不明の事件は含まれません。夜間（18〜翌6時）のように日付をまたげます。",
        "Filters by hour of occurrence; incidents with an unknown hour drop out. Ranges may wrap past midnight (18:00-06:00).",
    ),
    "filter.band.all": ("すべての時間", "All hours"),
    "filter.band.children": ("子どもの下校時間（15〜17時）", "Children going home (15:00-17:00)"),
    "filter.band.night": ("夜間（18〜翌6時）", "Night (18:00-06:00)"),
    "filter.band.commute": ("朝の通勤・通学（7〜9時）", "Morning commute (07:00-09:00)"),
    "filter.band.daytime": ("日中（9〜18時）", "Daytime (09:00-18:00)"),
    "filter.band.custom": ("時刻を指定", "Custom hours"),
    "filter.hour_start": ("開始", "From"),
    "filter.hour_end": ("終了", "To"),
    "filter.weekdays": ("曜日", "Weekday"),
    "filter.weekdays.help": ("発生日の曜日。選ばなければすべて。", "Weekday of occurrence. None chosen means all."),
    "filter.period": ("期間", "Period"),
    "filter.period.help": (
        "暦年は警察が認知した年（警察統計と同じ）、年度は4月〜翌3月（計画・アンケートと同じ）、日付は発生日。",
        "Calendar year police recorded it (as police statistics count), fiscal year April-March (as the plan counts), or occurrence dates.",
    ),
    "filter.period.year": ("暦年", "Calendar year"),
    "filter.period.fiscal": ("年度", "Fiscal year"),
    "filter.period.dates": ("日付", "Dates"),
    "filter.years": ("年（暦年）", "Years (calendar)"),
    "filter.fiscal_years": ("年度", "Fiscal years"),
    "filter.dates": ("発生日の範囲", "Occurrence dates"),
    "filter.more_options": ("その他の条件・表示", "More options"),
    "filter.public": ("公開用の表示で確認（職員）", "See the public view (staff)"),
    "filter.public.help": (
        "市民が見る表示に切り替えます：町丁目の1〜2件は「1-2」、合計から逆算できる町丁目も秘匿、町丁目より細かい表示なし。",
        "Shows what the public sees: town counts of 1-2 as \"1-2\", other towns hidden where a total would reveal them, nothing finer than a town.",
    ),
    "filter.public.no_town": (
        "町丁目での絞り込みは職員だけが使えます。交番の区域までで表示しています。",
        "Filtering by town is for staff; the view goes down to police-box areas.",
    ),
    "filter.reset": ("条件をクリア", "Clear filter"),
    "filter.whole_city": ("市全域", "Whole city"),
    "filter.all_offences": ("全刑法犯", "All offences"),
    "filter.all_years": ("全期間", "All years"),
    "filter.all_dates": ("全期間", "All dates"),
    "filter.more": (" ほか{n}", " and {n} more"),
    "filter.note.unknown": ("リンクの{what}「{values}」はデータにないため無視しました。", "The link's {what} \"{values}\" is not in the data and was ignored."),
    "filter.note.hours": ("リンクの時間帯「{value}」は0〜24時の範囲でないため無視しました。", "The link's hours \"{value}\" are not a range within 0-24 and were ignored."),
    "filter.note.weekday": ("リンクの曜日「{value}」の一部は0〜6でないため無視しました。", "Part of the link's weekdays \"{value}\" is not 0-6 and was ignored."),
    "filter.note.period": ("リンクの期間「{value}」は読み取れないかデータの範囲外のため無視しました。", "The link's period \"{value}\" could not be read or is outside the data, and was ignored."),
    "weekday.0": ("月", "Mon"), "weekday.1": ("火", "Tue"), "weekday.2": ("水", "Wed"), "weekday.3": ("木", "Thu"),
    "weekday.4": ("金", "Fri"), "weekday.5": ("土", "Sat"), "weekday.6": ("日", "Sun"),
    # trends page
    "trends.title": ("傾向分析", "Crime trends"),
    "trends.selection": ("グラフで選択中：{what}（他のグラフをこの条件で絞り込んでいます）", "Selected in the charts: {what} (the other charts are narrowed to it)"),
    "trends.selection.clear": ("選択を解除", "Clear selection"),
    "summary.n": ("件数", "Incidents"),
    "summary.hour_unknown": ("うち時刻不明", "of which hour unknown"),
    "summary.hour_unknown.help": ("時間帯・曜日のグラフには含まれません。", "Not in the hour or weekday charts."),
    "summary.date_unknown": ("うち発生日不明", "of which date unknown"),
    "summary.town_unknown": ("うち町丁目不明", "of which town unknown"),
    "summary.town_unknown.help": ("交番・市全体の件数には含まれ、町丁目別には含まれません。", "Counted for the box and the city, not for any town."),
    "trend.title": ("年ごとの推移（暦年）", "Year by year (calendar years)"),
    "trend.title.fiscal": ("年度ごとの推移", "Year by year (fiscal years)"),
    "trend.axis.year": ("年（暦年・認知年）", "Year (calendar, recorded)"),
    "trend.axis.fiscal_year": ("年度（4月〜翌3月）", "Fiscal year (April-March)"),
    "trend.axis.count": ("件数", "Incidents"),
    "trend.band.low": ("95%区間 下限", "95% interval, low"),
    "trend.band.high": ("95%区間 上限", "95% interval, high"),
    "trend.caption.plan": (
        "市全体の刑法犯認知件数（暦年、2003年〜）。●（朱）は計画に記載の数値、帯は偶然の増減の幅（ポアソン分布の95%区間）、点線は2023年の929件から令和11年度の目標650件への道筋。帯の中の増減は偶然でも起こりうる幅です。",
        "All offences in the city by calendar year, from 2003. ● (vermillion) marks the plan's own figures; the band is the range chance alone would give (95% Poisson interval); the dotted line is the path from 929 (2023) to the 650 target (FY2029). Changes inside the band can happen by chance.",
    ),
    "trend.caption.filtered": (
        "絞り込んだ条件の件数（事件データは2014年〜）。帯は偶然の増減の幅（ポアソン分布の95%区間）。計画の目標（650件）は市全体の全刑法犯に対するものなので、絞り込み時は表示しません。黄色は選択した期間。",
        "Incidents for the filter (incident rows from 2014). The band is the range chance alone would give (95% Poisson interval). The plan's 650 target is for all offences in the whole city, so it is not drawn for a narrower filter. Yellow marks the chosen period.",
    ),
    "season.title": ("月別（季節変動）", "By month (seasonality)"),
    "season.axis.month": ("発生月", "Month of occurrence"),
    "season.axis.count": ("件数", "Incidents"),
    "season.mean": ("{n}年間の平均", "Average of {n} years"),
    "season.caption": ("発生日の月。発生日不明は含みません。雪の季節（12〜2月）は自転車盗がほぼなくなります。", "Month of occurrence; unknown dates left out. In the snow months (December-February) bicycle theft nearly stops."),
    "heat.title": ("時間帯 × 曜日", "Hour × weekday"),
    "heat.axis.hour": ("発生時", "Hour"),
    "heat.axis.day": ("曜日", "Weekday"),
    "heat.legend": ("件数", "Incidents"),
    "heat.caption": ("セルをクリックすると他のグラフをその曜日・時間帯で絞り込みます（Shiftで複数）。時刻不明の{n:,}件は含みません。", "Click a cell to narrow the other charts to that weekday and hour (Shift for more). The {n:,} incidents with an unknown hour are left out."),
    "rank.title": ("どこで・何が", "Where and what"),
    "rank.koban": ("交番別", "By police box"),
    "rank.town": ("町丁目別（上位15）", "By town (top 15)"),
    "rank.offence": ("罪名・手口別（上位15）", "By offence (top 15)"),
    "rank.place": ("発生場所別", "By place type"),
    "map.title": ("地図（交番別・町丁目別）", "Map (by police box or town)"),
    "map.level": ("単位", "Areas"),
    "map.level.koban": ("交番", "Police box"),
    "map.level.town": ("町丁目", "Town"),
    "scope.note": ("このデータには市外の交番区域も含まれます（全{total:,}区域）。町丁目の表示と地図は市内の{n}区域です（交番を選ぶとその区域）。",
                   "This data also holds police-box areas outside the city ({total:,} in all). Town views and maps show the city's {n} areas (or the boxes chosen)."),
    "map.caption": ("区域はボロノイ分割による近似。背景地図は使わず、市境と区域だけで描いています（オフライン）。", "Areas are Voronoi approximations. No basemap: the city boundary and the areas alone (works offline)."),
    "map.caption.public": ("公開用表示：1〜2件は「1-2」として灰色で示します（0件とは区別）。区域はボロノイ分割による近似。", "Public view: counts of 1-2 are shown as \"1-2\" in grey (distinct from 0). Areas are Voronoi approximations."),
    "compare.title": ("2つの年の比較", "Compare two years"),
    "compare.a": ("比較元", "From"),
    "compare.b": ("比較先", "To"),
    "compare.change": ("{a} → {b}", "{a} → {b}"),
    "compare.significant": (
        "この増減は**偶然の範囲を超えています**（p = {p:.3f}）。件数比の95%信頼区間は {low:.2f}〜{high:.2f} 倍。",
        "This change is **larger than chance** (p = {p:.3f}). The 95% confidence interval of the rate ratio is {low:.2f} to {high:.2f}.",
    ),
    "compare.not_significant": (
        "この増減は**偶然でも起こりうる範囲です**（p = {p:.3f}）。件数比の95%信頼区間は {low:.2f}〜{high:.2f} 倍。",
        "This change is **within what chance alone could give** (p = {p:.3f}). The 95% confidence interval of the rate ratio is {low:.2f} to {high:.2f}.",
    ),
    "compare.method": (
        "検定：ポアソン分布に従う2つの件数の比較（条件付き二項検定、正確検定、両側、有意水準5%）。同じ長さの期間どうしを比べています。",
        "Test: comparison of two Poisson counts (conditional binomial test, exact, two-sided, 5% level), for periods of equal length.",
    ),
    "compare.too_few": ("比較には2つ以上の年が必要です。", "At least two years are needed to compare."),
    "download.title": ("ダウンロード", "Download"),
    "download.csv": ("集計表（CSV, Excel対応）", "Aggregated table (CSV, opens in Excel)"),
    "download.csv.help": ("絞り込んだ条件の件数を年・交番・町丁目・罪名・場所ごとに集計（UTF-8 BOM付き）。", "Counts for the filter by year, box, town, offence and place (UTF-8 with BOM)."),
    "rank.town.none_public": (
        "この条件では、どの町丁目も件数を示せる大きさではありません（1〜2件または秘匿）。交番別の件数をご覧ください。",
        "In this view no town's count is large enough to show (1-2 or hidden); see the police boxes instead.",
    ),
    "download.csv.too_many": ("この条件では{n:,}件が該当し、集計表がExcelで開ける行数（{rows:,}行）を超えるおそれがあります。年や交番で絞り込むとダウンロードできます。",
                              "{n:,} incidents match: the table could exceed the rows Excel opens ({rows:,}). Narrow the filter (a year, police boxes) to download it."),
    "download.csv.towns": ("町丁目別件数（CSV・公開用）", "Counts by town (CSV, public view)"),
    "download.csv.towns.help": (
        "地図と同じ町丁目別の件数です（1〜2件と秘匿はそのように記載）。明細の表は職員だけが取り出せます。",
        "The town counts as the map shows them (1-2 and hidden marked as such). The detailed table is for staff.",
    ),
    "download.png": ("画像（PNG）", "Image (PNG)"),
    "trends.method": ("この画面の見方と方法", "How to read this page, and the methods"),
    "trends.method.text": (
        "- **絞り込み**は左の欄で設定し、全ページで共通です。URLに保存されるので、リンクを共有すると同じ表示を開けます。\n"
        "- **グラフのクリック**：交番・町丁目・罪名・場所の棒、時間帯×曜日のセルをクリックすると、他のグラフがその条件で絞り込まれます。\n"
        "- **年の数え方**：暦年は警察が認知した年、年度は認知日の年度（4月〜翌3月）。事件データは2014〜2024年、市全体の件数は2003年から。\n"
        "- **偶然の幅**：年ごとの件数はポアソン分布に従うとみなし、正確な95%区間（Garwood）を帯で示します。\n"
        "- **2つの年の比較**：条件付き二項検定（正確検定）で、増減が偶然の範囲を超えるかを判定します。\n"
        "- **不明な値**：時刻・発生日・町丁目が不明な事件は、それを使うグラフからだけ除き、件数に示します。",
        "- **The filter** on the left is shared by every page and kept in the URL: share the link to open the same view.\n"
        "- **Clicking the charts**: a bar (box, town, offence, place) or a cell of the hour × weekday chart narrows the other charts to it.\n"
        "- **Which year**: calendar year police recorded the offence, or the fiscal year (April-March) of that date. Incident rows cover 2014-2024; city totals start in 2003.\n"
        "- **Chance**: yearly counts are treated as Poisson counts; the band is the exact 95% interval (Garwood).\n"
        "- **Comparing two years**: the exact conditional binomial test says whether a change is larger than chance.\n"
        "- **Unknown values**: incidents with an unknown hour, date or town leave only the charts that need that value; their numbers are shown above.",
    ),
    "lang.label": ("表示言語 / Language", "表示言語 / Language"),
    "sample.notice": (
        "サンプルデータ：この画面の数値のうち、計画に記載された数値（出典「計画」）以外は、実在の地理と計画の数値に合わせて生成したサンプルデータです。実際の事件・設備の位置ではありません。",
        "Sample data: apart from the plan's own figures (source \"plan\"), the numbers on this screen are sample data generated to match the real geography and the plan's figures. They are not real incidents or real equipment locations.",
    ),
    "sample.tables": ("サンプルデータを含むテーブル", "Tables with sample data"),
    "build.running": ("初回起動：サンプルデータベースを作成しています…", "First start: building the sample database…"),
    "build.done": ("サンプルデータベースを作成しました", "Sample database built"),
    "build.failed": (
        "データベースを作成できませんでした。管理者に連絡してください。詳細はサーバーのログにあります。",
        "The database could not be built. Please contact the administrator; details are in the server log.",
    ),
    "db.outdated": (
        "このデータベース（`{path}`）は本アプリの古い版で作られたため、開けません（不足: {missing}）。",
        "This database (`{path}`) was made by an older version of the app and cannot be opened (missing: {missing}).",
    ),
    "db.outdated.update": (
        "データはそのままで、集計用のデータだけを作り直して更新できます: `python -m bohan.build --update {path}`",
        "It can be brought up to date, its data kept and only the derived counts remade: `python -m bohan.build --update {path}`",
    ),
    "db.outdated.rebuild": (
        "サンプルや生成したデータなら作り直してください（`python -m bohan.build --out {path}` など）。実データの場合は管理者に連絡してください。",
        "If it holds the sample or generated data, build it again (`python -m bohan.build --out {path}` or the generator); if it holds real data, contact the administrator.",
    ),
    "error.query": (
        "データを読み込めませんでした。時間をおいて再度お試しください。",
        "The data could not be loaded. Please try again in a moment.",
    ),
    "source.label": ("出典", "Source"),
    # home
    "home.headline": ("計画の指標：現在地と目標", "The plan's indicators: where we stand and the target"),
    "home.achievement": ("達成指標", "Achievement indicators"),
    "home.activity": ("活動目標", "Activity targets"),
    "home.latest": ("実績", "Latest"),
    "home.baseline": ("基準値", "Baseline"),
    "home.target": ("目標", "Target"),
    "home.to_target": ("目標まで", "To target"),
    "home.reached": ("目標達成", "Target reached"),
    "home.or_more": ("以上", "or more"),
    "home.gap": ("目標 {target} まで あと {gap}", "{gap} to go to the target of {target}"),
    "home.points": ("{value:.1f}ポイント", "{value:.1f} points"),
    "home.card.when": ("{when} の実績", "latest: {when}"),
    "home.or_less": ("以下", "or less"),
    "home.trend.title": ("刑法犯認知件数の推移と計画目標", "Penal-code offences known to police, and the plan's target"),
    "home.trend.caption": (
        "暦年。●は計画に記載の数値（2003年 3,826件、2019年 1,028件、2020年 660件、2023年 929件）、点線は2023年の929件から令和11年度の目標650件への道筋。",
        "Calendar years. ● marks the plan's own figures (3,826 in 2003, 1,028 in 2019, 660 in 2020, 929 in 2023); the dotted line is the path from 929 (2023) to the 650 target (FY2029).",
    ),
    "home.trend.year": ("年（暦年）", "Year (calendar)"),
    "home.trend.offences": ("認知件数（件）", "Offences known to police"),
    "home.trend.series": ("系列", "Series"),
    "home.trend.actual": ("認知件数", "Offences"),
    "home.trend.path": ("目標への道筋", "Path to target"),
    "home.trend.plan": ("計画の数値", "Plan figure"),
    "home.trend.sample": ("サンプル", "Sample"),
    "home.source": (
        "出典：苫小牧市「第３次苫小牧市総合防犯計画」（素案）。計画に記載のない年の件数はサンプルデータ。",
        "Source: Tomakomai City, 3rd Comprehensive Crime Prevention Plan (draft). Years the plan does not state are sample data.",
    ),
    "home.about": ("このアプリについて", "About this app"),
    "home.about.text": (
        "交番・罪種・時間帯で犯罪の傾向を調べ、通学路の防犯カメラ・街路灯の整備状況を地図で確かめ、計画の指標の進み具合を追うためのアプリです。データは市役所のパソコン内で完結し、インターネットに接続しません。",
        "An app to explore crime trends by police box, offence and time of day, to check camera and street-light coverage of school routes on maps, and to track the plan's indicators. Everything runs on the city-hall PC; nothing goes to the internet.",
    ),
    # short names of the plan's indicators, for headline cards (full names in the help text)
    "ind.offences": ("刑法犯認知件数", "Offences known to police"),
    "ind.satisfaction": ("地域の安全への満足度", "Satisfied with local safety"),
    "ind.street_cameras": ("防犯カメラ（市設置）", "Street cameras (city)"),
    "ind.nagara_participants": ("「ながら見守りタイ！」参加者", "「Nagara Mimamori-tai!」 participants"),
    "ind.info_activities": ("情報発信活動（年間）", "Information activities a year"),
    # data page
    "data.title": ("データ", "Data"),
    "data.intro": (
        "データベースの全テーブルと、その出典・ライセンス・出典表記、各列の説明（データ辞書）です。",
        "Every table in the database with its source, licence and attribution, and what each column means (data dictionary).",
    ),
    "data.tables": ("テーブル一覧", "Tables"),
    "data.col.table": ("テーブル", "Table"),
    "data.col.source": ("出典", "Source"),
    "data.col.origin": ("作成方法", "How it was made"),
    "data.col.licence": ("ライセンス", "Licence"),
    "data.col.attribution": ("出典表記", "Attribution"),
    "data.col.rows": ("行数", "Rows"),
    "data.dictionary": ("データ辞書", "Data dictionary"),
    "data.pick_table": ("テーブルを選択", "Choose a table"),
    "data.pick_table.help": ("列の説明を表示するテーブル", "The table whose columns to describe"),
    "data.col.column": ("列", "Column"),
    "data.col.type": ("型", "Type"),
    "data.col.description": ("説明", "Description"),
    "data.attributions": ("出典表記（地図・資料に表示するもの）", "Attributions (to show with maps and documents)"),
    "data.approx": (
        "町丁目と交番の区域は、町丁目の代表点から作ったボロノイ分割（市境で切り取り）による近似です。",
        "Town and police-box areas are approximations: Voronoi cells of the towns' representative points, clipped to the city boundary.",
    ),
    # camera siting planner
    "nav.siting": ("カメラ設置候補", "Camera siting"),
    "siting.title": ("防犯カメラの設置候補：通学路のどこに置くか", "Camera siting: where on the school routes should the next cameras go?"),
    "siting.lead": ("計画は街頭防犯カメラを26台（令和5年度）から40台以上（令和11年度）に増やし、通学路を中心に道路や公園に設置します。"
                    "既存のカメラはそのままに、新しいカメラで通学路とその周りの出来事を最も多く見守れる地点を計算します。",
                    "The plan raises the street security cameras from 26 (FY2023) to 40 or more (FY2029), on roads and in parks, "
                    "centred on school routes. Keeping the existing cameras where they are, this page finds the sites from which new "
                    "cameras watch the most of the school routes and of what happens along them."),
    "siting.running": ("計算しています…", "Computing…"),
    "siting.step.demand": ("通学路を区切り、重みを付けています", "Cutting the routes into pieces and weighting them"),
    "siting.step.model": ("候補地点と見守れる範囲を求めています", "Finding which candidates reach which pieces"),
    "siting.step.exact": ("最適な組み合わせを計算しています（数秒）", "Solving for the best combination (a few seconds)"),
    "siting.step.figures": ("カバー率を集計しています", "Summing up coverage"),
    "siting.step.done": ("完了", "Done"),
    "siting.n": ("新設する台数", "New cameras"),
    "siting.n.help": ("既定14台：計画の26台→40台以上の差。0〜60台。", "Default 14: the plan's 26 → 40 or more. 0-60."),
    "siting.radius": ("カメラの撮影範囲（m）", "Camera range (m)"),
    "siting.spacing": ("カメラ同士の最小間隔（m）", "Minimum spacing (m)"),
    "siting.spacing.help": ("新設カメラ同士・既存カメラとの間をこの距離以上空けます。0は制限なし（0〜500m）。", "New cameras stand at least this far from each other and from existing ones. 0 = no rule (0-500 m)."),
    "siting.cand": ("候補地点の間隔", "Candidate spacing"),
    "siting.cand.help": ("通学路に沿って候補地点を置く間隔。交差点・公園の出入口・校門も候補に加えます。", "Spacing of candidate sites along the routes; crossings, park entrances and school gates are added too."),
    "siting.weights": ("何を重視するか（重み）", "What matters (weights)"),
    "siting.w.length": ("通学路100mあたり", "Per 100 m of school route"),
    "siting.w.length.help": ("既定1：何も起きていない通学路も見守りの対象として数えます。", "Default 1: school route counts even where nothing was recorded."),
    "siting.w.child": ("子どもへの声かけ等1件（15〜17時）", "Per approach to a child (15-17 h)"),
    "siting.w.child.help": ("既定10：通学路から50m以内の1件を通学路1km分と同じ重さに。計画は子どもの安全を重点としています。", "Default 10: one approach within 50 m of a route weighs as much as 1 km of route; the plan puts children's safety first."),
    "siting.w.crime": ("その他の街頭犯罪1件", "Per other street crime"),
    "siting.w.crime.help": ("既定1：道路上・公園・駐車（輪）場での犯罪1件を通学路100m分と同じ重さに。", "Default 1: one crime on the road, in a park or at a car / bicycle park weighs as much as 100 m of route."),
    "siting.years": ("数える年（警察の計上年）", "Years counted (police data year)"),
    "siting.years.help": ("既定は直近3年。", "Default: the latest three years."),
    "siting.run": ("この条件で計算する", "Compute with these settings"),
    "siting.headline": ("新設{n}台で、カメラが見守る通学路は{km:.2f}km増え（{before:.1f}%→{after:.1f}%）、通学路近くの子どもへの声かけ等{child_all}件のうち{child:.1f}件分を新たに見守ります。",
                        "{n} new cameras watch {km:.2f} km more school route ({before:.1f}% → {after:.1f}%) and {child:.1f} of the {child_all} approaches to children near the routes."),
    "siting.metric.route": ("カメラが見守る通学路", "School route watched by cameras"),
    "siting.metric.route.help": ("地図ページと同じ定義：カメラから撮影範囲内にある通学路の長さ（通学路全体 {total:.1f} km）。", "As on the map page: route length within range of a camera ({total:.1f} km of route in all)."),
    "siting.metric.child": ("新たに見守る子どもへの声かけ等", "Approaches to children newly watched"),
    "siting.metric.child.help": ("{y0}〜{y1}年、15〜17時、通学路から50m以内の件数のうち、新設カメラの範囲に入る分（1件を近くの通学路の区間で分け合うため小数になります）。", "{y0}-{y1}, 15-17 h, within 50 m of a route: the share now in range of a new camera (each is shared among the route pieces near it, hence fractions)."),
    "siting.metric.crime": ("新たに見守る街頭犯罪", "Street crimes newly watched"),
    "siting.metric.crime.help": ("{y0}〜{y1}年、道路上・公園・駐車（輪）場、通学路から50m以内の件数のうち、新設カメラの範囲に入る分。", "{y0}-{y1}, on the road, in parks, at car / bicycle parks, within 50 m of a route: the share now in range of a new camera."),
    "siting.metric.gap": ("簡易計算（貪欲法）との差", "Gap to the quick (greedy) answer"),
    "siting.metric.gap.help": ("厳密解（整数計画、HiGHS）が貪欲法より何%多く見守るか。0%なら貪欲法も最適でした。", "How much more the exact answer (integer programme, HiGHS) covers than the greedy one. 0% means greedy was optimal too."),
    "siting.solved": ("厳密解 {exact:.1f}秒（{status}）・貪欲法 {greedy:.3f}秒。候補地点 {cands:,}か所（除外 {excl:,}か所）。", "Exact {exact:.1f} s ({status}); greedy {greedy:.3f} s. {cands:,} candidate sites ({excl:,} left out)."),
    "siting.optimal": ("最適性を確認済み", "proven optimal"),
    "siting.not_optimal": ("時間切れ：最適とは限りません", "time limit: not proven optimal"),
    "siting.note.blocked": ("既存カメラに近すぎる候補を除くと、{n}台を置ける候補が足りません。{k}台を選びました。", "Too few candidates stand far enough from the existing cameras for {n} sites; {k} were chosen."),
    "siting.note.spacing": ("最小間隔を守ると{n}台は置けません。{k}台を選びました。間隔を狭めると増やせます。", "{n} cameras do not fit with the minimum spacing; {k} were chosen. A smaller spacing fits more."),
    "siting.note.time_limit": ("計算が時間の上限に達しました。表示は途中の最良解です。", "The solver reached its time limit; the best answer found so far is shown."),
    "siting.watch.before": ("既存カメラが見守る通学路", "Route watched now"),
    "siting.watch.added": ("新設で見守る通学路", "Route newly watched"),
    "siting.watch.none": ("見守られていない通学路", "Route not watched"),
    "siting.layer.sites": ("設置候補（番号は順位）", "Recommended sites (numbered by rank)"),
    "siting.layer.cameras": ("既存カメラ", "Existing cameras"),
    "siting.layer.candidates": ("候補地点", "Candidate sites"),
    "siting.pick.hint": ("地図上の番号付きの地点をクリックすると、その地点の内容と「除外」ボタンが出ます。", "Click a numbered site on the map to see what it adds and to leave it out."),
    "siting.pick.exclude": ("この地点を除外して再計算", "Leave this site out and recompute"),
    "siting.tip.rank": ("{rank}位：{kind}", "Rank {rank}: {kind}"),
    "siting.tip.adds_route": ("通学路 +{m:.0f}m", "route +{m:.0f} m"),
    "siting.scenario.staff_only": (
        "シナリオの保存は職員だけが行えます。保存済みのシナリオは比べられます。",
        "Saving scenarios is for staff; saved ones can be compared.",
    ),
    "siting.tip.adds": ("通学路 +{m:.0f}m・声かけ等 +{child:.1f}・街頭犯罪 +{crime:.1f}", "route +{m:.0f} m, approaches +{child:.1f}, street crimes +{crime:.1f}"),
    "siting.kind.route": ("通学路上", "On a school route"),
    "siting.kind.crossing": ("交差点", "Crossing"),
    "siting.kind.park": ("公園の出入口", "Park entrance"),
    "siting.kind.gate": ("校門付近", "School gate"),
    "siting.kind.user": ("追加した地点", "Your own site"),
    "siting.sites": ("設置候補（順位順）", "Recommended sites, best first"),
    "siting.col.rank": ("順位", "Rank"),
    "siting.col.site_id": ("地点ID", "Site id"),
    "siting.col.kind": ("種類", "Kind"),
    "siting.col.schools": ("関係する学校", "Schools served"),
    "siting.col.lat": ("緯度", "Latitude"),
    "siting.col.lon": ("経度", "Longitude"),
    "siting.col.route_m": ("新たに見守る通学路（m）", "Route newly watched (m)"),
    "siting.col.child": ("声かけ等（件分）", "Approaches to children"),
    "siting.col.crime": ("街頭犯罪（件分）", "Street crimes"),
    "siting.col.gain_pct": ("増える重み（全体の%）", "Added weight (% of all)"),
    "siting.col.covered_pct": ("累計で見守る重み（%）", "Weight watched, cumulative (%)"),
    "siting.col.school_id": ("学校ID", "School id"),
    "siting.col.name": ("学校名", "School"),
    "siting.col.before_pct": ("カメラが見守る通学路：現在（%）", "Route watched now (%)"),
    "siting.col.after_pct": ("新設後（%）", "After (%)"),
    "siting.col.gain_pts": ("増加（ポイント）", "Gain (points)"),
    "siting.curve": ("何台まで効果があるか", "How many cameras are worth it?"),
    "siting.curve.n": ("新設台数", "New cameras"),
    "siting.curve.gain": ("1台ごとの増分（%）", "Gain of each camera (%)"),
    "siting.curve.covered": ("見守る重みの割合（%）", "Share of weight watched (%)"),
    "siting.curve.chosen": ("{n}台（厳密解）", "{n} cameras (exact)"),
    "siting.curve.reading": ("折れ線は新設台数ごとに見守れる重みの割合（貪欲法）、棒は1台ごとの増分です。{n}台目は全体の{gain_n:.2f}%、{n_last}台目は{gain_last:.2f}%を加えます。{n_last}台分の増加の半分は最初の{half}台で得られます。",
                             "The line is the share of weight watched after each number of new cameras (greedy); the bars are what each further camera adds. Camera {n} adds {gain_n:.2f}% of the total, camera {n_last} adds {gain_last:.2f}%. Half of what {n_last} cameras add comes from the first {half}."),
    "siting.by_school": ("学校別：カメラが見守る通学路の割合", "By school: share of school route watched by cameras"),
    "siting.own": ("候補の除外と追加", "Leave sites out, add your own"),
    "siting.own.caption": ("設置できない地点（私有地・電柱がない等）は除外し、現地で見つけた地点は追加できます。変更するとすぐ再計算します。", "Leave out sites that cannot be used (private land, no pole, …) and add sites found on the ground; the answer is recomputed at once."),
    "siting.excluded": ("除外した地点", "Sites left out"),
    "siting.excluded.help": ("地図で地点をクリックして除外するか、ここで選びます。×で戻せます。", "Leave a site out by clicking it on the map or choosing it here; × puts it back."),
    "siting.excluded.placeholder": ("除外した地点はありません", "No site left out"),
    "siting.upload.exclude": ("除外する地点のファイル", "File of sites to leave out"),
    "siting.upload.user": ("追加する候補地点のファイル", "File of your own candidate sites"),
    "siting.upload.help": ("CSV（緯度・経度の列。UTF-8またはShift_JIS）またはGeoJSON（点）。5MBまで。除外は各点から15m以内の候補が対象です。", "CSV (latitude and longitude columns; UTF-8 or Shift_JIS) or GeoJSON points, up to 5 MB. Exclusion leaves out candidates within 15 m of each point."),
    "siting.upload.read": ("{n}地点を読み込みました（通学路から500m以上離れた{far}地点は対象外）。", "{n} points read ({far} more than 500 m from every school route left aside)."),
    "siting.scenarios": ("シナリオの保存と比較", "Save and compare scenarios"),
    "siting.scenario.name": ("シナリオ名", "Scenario name"),
    "siting.scenario.placeholder": ("例：子ども重視・14台", "e.g. children first, 14 cameras"),
    "siting.scenario.replace": ("同名を上書き", "Replace same name"),
    "siting.scenario.save": ("保存", "Save"),
    "siting.scenario.saved": ("「{name}」を保存しました。", "Saved “{name}”."),
    "siting.scenario.none": ("保存したシナリオはまだありません。", "No scenarios saved yet."),
    "siting.scenario.a": ("シナリオA", "Scenario A"),
    "siting.scenario.b": ("シナリオB", "Scenario B"),
    "siting.scenario.figure": ("項目", "Figure"),
    "siting.scenario.f.n_new": ("新設台数", "New cameras"),
    "siting.scenario.f.radius_m": ("撮影範囲", "Camera range"),
    "siting.scenario.f.years": ("数えた年", "Years counted"),
    "siting.scenario.f.route_before_pct": ("見守る通学路：現在", "Route watched now"),
    "siting.scenario.f.route_after_pct": ("見守る通学路：新設後", "Route watched after"),
    "siting.scenario.f.route_added_m": ("新たに見守る通学路", "Route newly watched"),
    "siting.scenario.f.child_covered": ("新たに見守る声かけ等", "Approaches newly watched"),
    "siting.scenario.f.crime_covered": ("新たに見守る街頭犯罪", "Street crimes newly watched"),
    "siting.scenario.f.covered_pct": ("見守る重みの割合", "Share of weight watched"),
    "siting.method": ("計算方法", "How this is computed"),
    "siting.method.text": (
        "**需要**：通学路（重なる区間は1回だけ）を約{piece:g}mの区間に分け、各区間の重み＝通学路の長さ＋近く（{near:g}m以内）の子どもへの声かけ等（15〜17時）＋その他の街頭犯罪。1件の重みは近くの区間で等分します。"
        "区間の中点がカメラの撮影範囲内なら「見守られている」とします。既存のカメラ（街頭・学校）はそのまま残し、すでに見守られている区間は数えません。\n\n"
        "**候補地点**：通学路に沿った一定間隔の地点、通学路と道路の交差点、通学路に近い公園の出入口（公園の縁で通学路に最も近い点）、校門付近（学校から最も近い通学路上の点）。{merge:g}m以内の候補は一つにまとめます。\n\n"
        "**最適化**：最大被覆問題（MCLP）。候補と区間の組は空間索引（k-d木）で求めた疎行列にし、整数計画をHiGHS（scipy.optimize.milp）で厳密に解きます。"
        "あわせて貪欲法（増分の最も大きい地点を順に追加）でも解き、差を表示します。表の順位は、選ばれた地点を増分の大きい順に並べたものです。\n\n"
        "**注意**：撮影範囲は向きを考えない円です。実際の設置には電源・電柱・所有者の同意・プライバシーへの配慮が必要です。",
        "**Demand**: the school routes (shared stretches once) cut into pieces of about {piece:g} m; each piece weighs its length plus "
        "the approaches to children (15-17 h) and other street crimes within {near:g} m, each event's weight shared equally among the "
        "pieces near it. A piece is watched when its midpoint is within a camera's range. Existing cameras (street and school) stay; "
        "pieces they already watch do not count again.\n\n"
        "**Candidates**: points at a fixed spacing along the routes, crossings of routes with streets, park entrances near a route "
        "(the point of the park's edge nearest the route) and school gates (the route point nearest each school). Candidates within "
        "{merge:g} m merge.\n\n"
        "**Optimisation**: the maximal covering location problem (MCLP). Which candidate reaches which piece is a sparse matrix built "
        "with a spatial index (k-d tree); the integer programme is solved exactly by HiGHS (scipy.optimize.milp). The greedy heuristic "
        "(add the site with the largest gain, again and again) is solved too and the gap shown. The table's ranks order the chosen "
        "sites by what each adds.\n\n"
        "**Caveats**: a camera's range is a circle, whichever way it points. A real site also needs power, a pole, the owner's "
        "consent and care for privacy."),
    "siting.error.shape": ("{what}の形が正しくありません（x, yの2列が必要です）。", "{what} has the wrong shape (two columns, x and y, are needed)."),
    "siting.error.empty": ("{what}が空です。", "{what} is empty."),
    "siting.error.not_finite": ("{what}に欠けた座標があります。", "{what} has missing coordinates."),
    "siting.error.weights_length": ("重みの数（{n}）が需要地点の数（{m}）と合いません。", "{n} weights for {m} demand points."),
    "siting.error.weights_finite": ("重みは数値で指定してください。", "Weights must be numbers."),
    "siting.error.weights_negative": ("重みは0以上で指定してください。", "Weights must be 0 or more."),
    "siting.error.weights_zero": ("重みのうち少なくとも一つは0より大きくしてください。", "At least one weight must be above 0."),
    "siting.error.radius": ("撮影範囲は正の数（m）で指定してください（入力値 {value}）。", "The camera range must be a positive number of metres (you entered {value})."),
    "siting.error.spacing": ("最小間隔は0以上（m）で指定してください（入力値 {value}）。", "The minimum spacing must be 0 or more metres (you entered {value})."),
    "siting.error.n_integer": ("台数は整数で指定してください（入力値 {value}）。", "The number of cameras must be a whole number (you entered {value})."),
    "siting.error.n_negative": ("台数は0以上で指定してください。", "The number of cameras must be 0 or more."),
    "siting.error.n_too_large": ("新設{n}台に対して候補地点が{m}か所しかありません。台数を減らすか、除外を戻してください。", "{n} new cameras but only {m} candidate sites: choose fewer, or put excluded sites back."),
    "siting.error.degrees": ("座標が緯度・経度（度）のように見えます。メートル単位の平面直角座標に変換してください。", "The coordinates look like longitude / latitude in degrees; project them to metres first."),
    "siting.error.method": ("計算方法は exact か greedy です。", "The method must be exact or greedy."),
    "siting.error.solver": ("最適化の計算で解が得られませんでした（{message}）。", "The solver found no solution ({message})."),
    "siting.error.n_range": ("台数は{low}〜{high}台で指定してください（入力値 {value}）。", "The number of cameras must be {low}-{high} (you entered {value})."),
    "siting.error.radius_range": ("撮影範囲は{low:g}〜{high:g}mで指定してください（入力値 {value}）。", "The camera range must be {low:g}-{high:g} m (you entered {value})."),
    "siting.error.spacing_range": ("最小間隔は{low:g}〜{high:g}mで指定してください（入力値 {value}）。", "The minimum spacing must be {low:g}-{high:g} m (you entered {value})."),
    "siting.error.candidate_spacing": ("候補地点の間隔は一覧から選んでください。", "Choose the candidate spacing from the list."),
    "siting.error.weight_range": ("重みは{low:g}〜{high:g}で指定してください（入力値 {value}）。", "Weights must be {low:g}-{high:g} (you entered {value})."),
    "siting.error.years": ("年は{low}〜{high}年の範囲で指定してください（入力値 {value}）。", "Years must lie within {low}-{high} (you entered {value})."),
    "siting.error.upload_size": ("ファイルが大きすぎます（{mb}MBまで）。", "The file is too large (up to {mb} MB)."),
    "siting.error.upload_encoding": ("文字コードを読めません。UTF-8またはShift_JISで保存してください。", "Cannot read the text: save it as UTF-8 or Shift_JIS."),
    "siting.error.upload_json": ("GeoJSONとして読めません。", "This is not readable GeoJSON."),
    "siting.error.upload_csv": ("CSVとして読めません。", "This is not a readable CSV table."),
    "siting.error.upload_columns": ("緯度・経度の列が見つかりません（列：{columns}）。「緯度」「経度」または lat, lon の列が必要です。", "No latitude / longitude columns (found: {columns}); name them 緯度 / 経度 or lat / lon."),
    "siting.error.upload_type": ("CSVまたはGeoJSONのファイルを選んでください（{name}）。", "Choose a CSV or GeoJSON file ({name})."),
    "siting.error.upload_empty": ("ファイルに地点がありません。", "The file holds no points."),
    "siting.error.upload_degrees": ("座標が緯度・経度（度）になっていません。", "The coordinates are not latitude / longitude in degrees."),
    "siting.error.unknown": ("この入力では計算できません。", "These inputs cannot be computed."),
    "workspace.error.busy": ("保存先が他の処理で使用中です。少し待ってからもう一度お試しください。", "The workspace is busy; try again in a moment."),
    "workspace.error.name_empty": ("シナリオ名を入力してください。", "Enter a scenario name."),
    "workspace.error.name_long": ("シナリオ名は{max}文字までです。", "Scenario names are at most {max} characters."),
    "workspace.error.name_chars": ("シナリオ名に制御文字は使えません。", "Scenario names cannot hold control characters."),
    "workspace.error.exists": ("「{name}」はすでにあります。別の名前にするか「同名を上書き」を選んでください。", "“{name}” exists: choose another name or tick “Replace same name”."),
}

# Page catalogues kept in their own modules (one per page), merged here; keys never collide.
from bohan.i18n_auth import TEXT_AUTH  # noqa: E402
from bohan.i18n_import import TEXT_IMPORT  # noqa: E402
from bohan.i18n_layers import TEXT_LAYERS  # noqa: E402
from bohan.i18n_police import TEXT_POLICE  # noqa: E402
from bohan.i18n_present import TEXT_PRESENT  # noqa: E402
from bohan.i18n_privacy import TEXT_PRIVACY  # noqa: E402
from bohan.i18n_progress import TEXT_PROGRESS  # noqa: E402
from bohan.i18n_survey import TEXT_SURVEY  # noqa: E402
from bohan.i18n_survey_import import TEXT_SURVEY_IMPORT  # noqa: E402

for _page in (TEXT_SURVEY, TEXT_PROGRESS, TEXT_PRESENT, TEXT_IMPORT, TEXT_LAYERS, TEXT_POLICE, TEXT_SURVEY_IMPORT,
              TEXT_AUTH, TEXT_PRIVACY):
    assert not set(_page) & set(TEXT), "a page's labels repeat a key of the catalogue"
    TEXT.update(_page)

# Stored data values (Japanese, as the sources write them) and their English.
VALUES: dict[str, str] = {
    # police boxes
    "糸井": "Itoi", "美園": "Misono", "木場": "Kiba", "駅前": "Ekimae", "沼ノ端北": "Numanohata-kita",
    "沼ノ端": "Numanohata", "錦岡": "Nishikioka", "双葉": "Futaba", "弥生": "Yayoi", "本町": "Honchō",
    "山手": "Yamate", "勇払": "Yūfutsu",
    # offence groups
    "凶悪犯": "Heinous crimes", "粗暴犯": "Violent crimes", "窃盗犯": "Theft", "知能犯": "Fraud and forgery",
    "風俗犯": "Sexual and moral offences", "その他": "Other",
    # offences
    "自転車盗": "Bicycle theft", "万引き": "Shoplifting", "車上ねらい": "Theft from vehicles",
    "部品ねらい": "Theft of vehicle parts", "自動販売機ねらい": "Vending-machine theft", "自動車盗": "Car theft",
    "オートバイ盗": "Motorcycle theft", "ひったくり": "Bag snatching", "空き巣": "Burglary (empty home)",
    "忍込み": "Burglary (at night)", "事務所荒し": "Office burglary", "置引き": "Theft of unattended property",
    "その他の窃盗": "Other theft", "強盗": "Robbery", "放火": "Arson", "不同意性交等": "Rape",
    "殺人": "Homicide", "暴行": "Assault", "傷害": "Bodily injury", "脅迫": "Intimidation", "恐喝": "Extortion",
    "詐欺": "Fraud", "横領": "Embezzlement", "偽造": "Forgery", "不同意わいせつ": "Indecent assault",
    "公然わいせつ": "Public indecency", "器物損壊": "Criminal damage", "住居侵入": "Trespass",
    "占有離脱物横領": "Appropriation of lost property", "その他の刑法犯": "Other penal-code offences",
    # place types
    "道路上": "Road", "駐車（輪）場": "Car or bicycle park", "一戸建住宅": "Detached house",
    "その他の住宅（３階建て以下共同住宅等）": "Apartment (up to 3 floors)", "４階建て以上共同住宅": "Apartment (4 floors or more)",
    "商業施設": "Shop or commercial", "公園": "Park", "学校": "School",
    # schools, equipment
    "小学校": "Elementary school", "中学校": "Junior high school", "義務教育学校/小中併置": "Combined elementary and junior high",
    "防犯灯": "Crime-prevention light", "街路灯": "Street light",
    # sources
    "plan": "plan", "sample": "sample",
}


def t(key: str, lang: Lang = DEFAULT_LANG, **fmt) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``fmt``."""
    ja, en = TEXT[key]
    text = en if lang == "en" else ja
    return text.format(**fmt) if fmt else text


def tv(value, lang: Lang = DEFAULT_LANG) -> str:
    """A stored data value as shown in ``lang`` (unchanged in Japanese or when unknown)."""
    if lang != "en" or value is None:
        return value
    return VALUES.get(value, value)


def era(year: int) -> str:
    """The Japanese era name of a year: 令和 N = 2018 + N (元年 = 2019), 平成 N = 1988 + N."""
    if year >= 2019:
        n = year - 2018
        return "令和元" if n == 1 else f"令和{n}"
    n = year - 1988
    return "平成元" if n == 1 else f"平成{n}"


def year_label(year: int, lang: Lang = DEFAULT_LANG, fiscal: bool = False) -> str:
    """``2023年（令和5年）`` / ``2023``; fiscal: ``2024年度（令和6年度）`` / ``FY2024``."""
    if lang == "en":
        return f"FY{year}" if fiscal else str(year)
    suffix = "年度" if fiscal else "年"
    return f"{year}{suffix}（{era(year)}{suffix}）"


def number(value: float, unit: str, lang: Lang = DEFAULT_LANG) -> str:
    """A figure with its unit: ``929件`` / ``929``, ``18.6%`` (one decimal for shares)."""
    if unit == "pct":
        return f"{value:.1f}%"
    text = f"{value:,.0f}"
    if lang == "en":
        return text
    return text + {"count": "", "cases": "件", "people": "人", "cameras": "台", "times": "回"}.get(unit, "")
