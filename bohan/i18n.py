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
}

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
