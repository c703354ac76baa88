"""Labels of the public view's small-count rule (:mod:`bohan.privacy`), merged into :data:`bohan.i18n.TEXT`.

``privacy.rule`` is the rule as stated on screen (Markdown); the other keys are the markers
and notes that maps, charts, tables and downloads use for zero, ``1-2`` and hidden (``x``).
"""
from __future__ import annotations

TEXT_PRIVACY: dict[str, tuple[str, str]] = {
    "privacy.rule.title": ("公開用の表示のきまり", "How the public view protects small counts"),
    "privacy.rule": (
        (
            "- 町丁目ごとの件数が1件または2件のときは「1-2」と示します。0件は「0」のままです。\n"
            "- 交番や市全体の合計から「1-2」の町丁目を引き算で割り出せないよう、同じ交番のほかの町丁目を1つ"
            "「x（秘匿）」にします。それでも割り出せる交番では、その交番の町丁目をすべて「x」にします"
            "（交番と市の合計は示します）。\n"
            "- 町丁目より細かい場所（事件の地点や小さな区画）は示しません。\n"
            "- 被害者の年齢・性別など、被害者についての情報は示しません。\n"
            "- 件数が3件未満、または人口が500人未満の区域では、人口あたりの率を示しません。"
        ),
        (
            "- A town with 1 or 2 incidents shows \"1-2\". Zero stays \"0\".\n"
            "- So that no police-box or city total lets anyone subtract back to a \"1-2\" town, one other "
            "town in the same box is hidden as \"x\"; where that is not enough, every town of that box shows "
            "\"x\" (box and city totals are still shown).\n"
            "- Nothing finer than a town (no incident points, no small cells) is shown.\n"
            "- Nothing about victims (age, sex, ...) is shown.\n"
            "- No rate per population for fewer than 3 incidents or fewer than 500 residents."
        ),
    ),
    "privacy.rule.short": (
        "公開用の表示：1〜2件は「1-2」、合計から逆算できないよう一部の町丁目・合計は「x（秘匿）」としています。",
        "Public view: counts of 1-2 show as \"1-2\"; some other towns or totals are hidden (\"x\") "
        "so that no total reveals them.",
    ),
    # markers, as legends and tooltips show them
    "privacy.marker.zero": ("0件", "0"),
    "privacy.marker.small": ("1〜2件", "1-2"),
    "privacy.marker.hidden": ("x（秘匿）", "x (hidden)"),
    "privacy.tooltip.hidden": (
        "x（秘匿：1〜2件の町丁目を合計から逆算できないよう伏せています）",
        "x (hidden, so that no 1-2 town can be worked out from a total)",
    ),
    "privacy.total.hidden": (
        "この合計は「x（秘匿）」です：示すと1〜2件の町丁目を逆算できてしまうためです。",
        "This total is hidden (\"x\"): showing it would reveal a town with 1-2 incidents.",
    ),
    "privacy.ranking.unranked": (
        "{n}町丁目は「1-2」または「x（秘匿）」のため順位をつけていません。",
        "{n} towns show \"1-2\" or \"x\" (hidden) and are not ranked.",
    ),
    "privacy.rate.withheld": (
        "件数が3件未満、または人口が500人未満のため、率は示しません。",
        "No rate: fewer than 3 incidents or fewer than 500 residents.",
    ),
    # downloads: "1-2" would become a date (2 January) in Excel, so the note column says it in words
    "privacy.csv.count": ("件数", "count"),
    "privacy.csv.note": ("注記", "note"),
    "privacy.csv.small": ("1〜2", "1 to 2"),
    "privacy.csv.hidden": ("x（秘匿）", "x (hidden)"),
}
