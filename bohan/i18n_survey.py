"""Labels of the survey page (pages/5_survey.py), merged into :data:`bohan.i18n.TEXT`."""
from __future__ import annotations

TEXT_SURVEY: dict[str, tuple[str, str]] = {
    "nav.survey": ("市民意識調査", "Citizen survey"),
    # page
    "survey.title": ("市民意識調査", "Citizen survey"),
    "survey.intro": (
        (
            "市民アンケート（2014・2019・2024年度）から、計画が掲げる3つの数値の推移と、年齢別・地域別の違い、"
            "地域の満足度と認知件数の関係を示します。割合は各年度の回答者全員（無回答を含む）に対する割合で、計画書と同じ計算です。"
        ),
        (
            "The citizen survey (FY2014, FY2019, FY2024): the three figures the plan uses, over time, by age band and by "
            "area, and satisfaction beside recorded crime. Shares are of all respondents of the wave (no answer included), "
            "as the plan computes them."
        ),
    ),
    "survey.bad_link": (
        "リンクの調査年度または設問が正しくないため、{fy}・{q}を表示しています。",
        "The link's survey year or question was not valid; showing {fy}, {q}.",
    ),
    # the plan's awareness table
    "survey.aw.title": ("防犯に関する意識（計画書の表）", "Awareness of crime prevention (the plan's table)"),
    "survey.aw.always": ("常に意識している", "Always conscious"),
    "survey.aw.rather": ("どちらかといえば意識している", "Rather conscious"),
    "survey.aw.subtotal": ("小計", "Subtotal"),
    "survey.aw.subtotal_label": ("計 {pct:.1f}%", "total {pct:.1f}%"),
    "survey.aw.chart_title": ("防犯に関する意識（%）", "Awareness of crime prevention (%)"),
    "survey.check.ok": (
        "計画書の数値（{n}項目：意識・地域活動・満足度）と0.1ポイント単位で一致しています。",
        "Matches the plan's figures ({n}: awareness, community activity, satisfaction) to 0.1 point.",
    ),
    "survey.check.differs": (
        "計画書の数値と一致しない項目があります：{ids}（全{n}項目）。データの取り込みを確認してください。",
        "Some figures differ from the plan: {ids} (of {n}). Please check the imported data.",
    ),
    # questions
    "survey.q.awareness.short": ("防犯を意識している", "Conscious of crime prevention"),
    "survey.q.activity.short": ("地域の防犯活動に参加", "Take part in community activity"),
    "survey.q.satisfaction.short": ("地域の安全に満足", "Satisfied with local safety"),
    "survey.q.awareness.tab": ("防犯意識", "Awareness"),
    "survey.q.activity.tab": ("地域活動への参加", "Community activity"),
    "survey.q.satisfaction.tab": ("治安の満足度", "Satisfaction"),
    "survey.q.awareness.long": (
        "防犯に関する意識：「常に意識している」＋「どちらかといえば意識している」",
        "Awareness of crime prevention: “always conscious” + “rather conscious”",
    ),
    "survey.q.activity.long": (
        "地域の防犯活動：「関心はあるし、活動に参加している（過去には参加したことがある）」",
        "Community crime-prevention activity: “interested and taking part (or took part before)”",
    ),
    "survey.q.satisfaction.long": (
        "地域の安全についての満足度：「満足している」＋「どちらかといえば満足している」（計画の達成指標2）",
        "Satisfaction with local safety: “satisfied” + “rather satisfied” (the plan's indicator 2)",
    ),
    # answers (stored in Japanese)
    "survey.ans.always": ("常に意識している", "Always conscious"),
    "survey.ans.rather": ("どちらかといえば意識している", "Rather conscious"),
    "survey.ans.little": ("あまり意識していない", "Hardly conscious"),
    "survey.ans.never": ("まったく意識していない", "Not conscious at all"),
    "survey.ans.no_answer": ("無回答", "No answer"),
    "survey.ans.taking_part": ("関心はあるし、活動に参加している（過去には参加したことがある）", "Interested and taking part (or took part before)"),
    "survey.ans.interested_only": ("関心はあるが、活動に参加していない（過去にも参加したことはない）", "Interested but never took part"),
    "survey.ans.not_interested": ("関心はない", "Not interested"),
    "survey.ans.satisfied": ("満足している", "Satisfied"),
    "survey.ans.rather_satisfied": ("どちらかといえば満足している", "Rather satisfied"),
    "survey.ans.neutral": ("どちらともいえない", "Neither"),
    "survey.ans.rather_dissatisfied": ("どちらかといえば不満", "Rather dissatisfied"),
    "survey.ans.dissatisfied": ("不満", "Dissatisfied"),
    # age bands (stored in Japanese)
    "survey.age.18_29": ("18〜29歳", "18-29"),
    "survey.age.30s": ("30歳代", "30-39"),
    "survey.age.40s": ("40歳代", "40-49"),
    "survey.age.50s": ("50歳代", "50-59"),
    "survey.age.60s": ("60歳代", "60-69"),
    "survey.age.70plus": ("70歳以上", "70 and over"),
    # waves
    "survey.waves.title": ("3つの指標の推移（95%信頼区間つき）", "The three figures by survey wave (with 95 % intervals)"),
    "survey.target": ("目標 {pct:.0f}%", "Target {pct:.0f}%"),
    "survey.ci.caption": (
        "縦線は95%信頼区間（Wilson法、二項分布）。回答者{n}人未満のグループには「参考値」と表示します。",
        "Vertical lines: 95 % confidence intervals (Wilson score, binomial). Groups of fewer than {n} respondents are marked “indicative”.",
    ),
    "survey.dist.title": ("全選択肢の回答の内訳（無回答を含む）", "Every answer, no answer included"),
    # groups
    "survey.groups.title": ("年齢別・地域別", "By age band and by area"),
    "survey.pick.wave": ("調査年度", "Survey wave"),
    "survey.pick.wave.option": ("{fy}年度", "FY{fy}"),
    "survey.pick.wave.help": (
        "年齢別・地域別と、下の「体感治安と認知件数」に使う調査年度。既定は最新の2024年度。",
        "The wave used by age band, by area and in “perception vs reality” below; the latest (FY2024) by default.",
    ),
    "survey.pick.question": ("設問", "Question"),
    "survey.pick.question.help": (
        "計画で使う割合：防犯意識（常に＋どちらかといえば）、地域活動（参加している）、満足度（満足＋どちらかといえば満足）。",
        "The shares the plan uses: awareness (always + rather), activity (taking part), satisfaction (satisfied + rather satisfied).",
    ),
    "survey.dim.age_band": ("年齢", "Age band"),
    "survey.dim.area": ("地域（交番区域）", "Area (police box)"),
    "survey.group.chart_title": ("{question}：{dim}別", "{question}, by {dim}"),
    "survey.overall": ("全体 {pct:.1f}%", "All {pct:.1f}%"),
    "survey.legend.small": ("{n}人未満（参考値）", "n < {n} (indicative)"),
    "survey.legend.big": ("回答者{n}人以上", "n ≥ {n}"),
    "survey.groups.caption": (
        "点は割合、横線は95%信頼区間（Wilson法）、右端は回答者数 n。白抜きの点と ⚠ は回答者{n}人未満（参考値）：隠さずに表示していますが、幅の広い区間のとおり不確かです。赤い破線はその年度の全体の割合。",
        "Dots: shares; lines: 95 % intervals (Wilson); at the right: respondents n. Hollow dots and ⚠: fewer than {n} respondents (indicative): shown, not hidden, but as uncertain as their wide intervals say. Red dashed line: the whole wave's share.",
    ),
    "survey.small": ("回答者{n}人未満（参考値）", "fewer than {n} respondents (indicative)"),
    # perception vs reality
    "survey.pvr.title": ("体感治安と認知件数（{fy}、交番区域別）", "Perception vs reality ({fy}, by police-box area)"),
    "survey.period": ("{start}〜{end}（{months}か月）", "{start} to {end} ({months} months)"),
    "survey.period.none": ("{fy}の事件データはありません", "no incident data for {fy}"),
    "survey.period.partial": (
        "{fy}の認知件数は {period} の分だけです（データの期間による）。率はこの期間の件数で、12か月分より小さくなります。地区の順位の比較には影響しません。",
        "Recorded offences for {fy} cover {period} only (the data's period). Rates count that period and are lower than a full year's; comparing areas by rank is not affected.",
    ),
    "survey.map.sat_title": ("地域の安全に満足している人の割合（{fy}）", "Share satisfied with local safety ({fy})"),
    "survey.map.rate_title": ("人口千人当たり刑法犯認知件数（{period}）", "Recorded offences per 1,000 residents ({period})"),
    "survey.map.sat_caption": (
        "色の区分は下限を含み上限を含みません。太い黒枠：回答者{n}人未満（参考値）。{source}",
        "Classes include their lower bound, not their upper. Thick dark outline: fewer than {n} respondents (indicative). {source}",
    ),
    "survey.map.rate_caption": (
        "色の区分は下限を含み上限を含みません。灰色・太枠（—）：件数{count}件未満または人口{pop}人未満の地区は率を算出しません（小さな数の扱い）。{source}",
        "Classes include their lower bound, not their upper. Grey with a thick outline (—): no rate where the count is under {count} or the population under {pop} (small numbers). {source}",
    ),
    "survey.map.no_respondents": ("回答者なし", "no respondents"),
    "survey.map.tip_share": ("満足 {pct:.1f}%（95%CI {lo:.1f}〜{hi:.1f}）\n{k}人／回答者{n}人", "satisfied {pct:.1f}% (95% CI {lo:.1f}-{hi:.1f})\n{k} of {n} respondents"),
    "survey.map.tip_rate": ("認知件数 {n}件／人口 {pop}人\n千人当たり {rate}件", "{n} offences / {pop} residents\n{rate} per 1,000"),
    "survey.legend.range": ("{lo}〜{hi}{unit}", "{lo}-{hi}{unit}"),
    "survey.legend.plus": ("{lo}{unit}以上", "{lo}{unit} or more"),
    "survey.unit.rate": ("件", " /1,000"),
    "survey.legend.no_respondents": ("回答者なし", "No respondents"),
    "survey.legend.small_outline": ("太枠：回答者{n}人未満", "thick outline: under {n} respondents"),
    "survey.legend.withheld": ("— 算出しない（件数{count}件未満または人口{pop}人未満）", "— no rate (count under {count} or population under {pop})"),
    "survey.withheld.count": ("件数{count}件未満のため率なし", "no rate: fewer than {count} offences"),
    "survey.withheld.population": ("人口{pop}人未満のため率なし", "no rate: fewer than {pop} residents"),
    "survey.withheld.count_population": (
        "件数{count}件未満・人口{pop}人未満のため率なし", "no rate: fewer than {count} offences and {pop} residents",
    ),
    "survey.sc.title": ("地区別：満足度と人口千人当たり認知件数", "Areas: satisfaction against offences per 1,000 residents"),
    "survey.sc.below": ("認知件数の割に満足度が低い", "Less satisfied than their crime suggests"),
    "survey.sc.above": ("認知件数の割に満足度が高い", "More satisfied than their crime suggests"),
    "survey.sc.other": ("その他の地区", "Other areas"),
    "survey.rel.too_few": (
        "率と満足度の両方がある地区が{n}地区しかないため、関係は計算しません。",
        "Only {n} areas have both a rate and a satisfaction share: no correlation is computed.",
    ),
    "survey.rel.rho": (
        "満足度と人口千人当たり認知件数の順位相関（スピアマン）は ρ = {rho:+.2f}（{n}地区、p = {p:.2f}）：{what}。",
        "Spearman's rank correlation of satisfaction and offences per 1,000 residents is ρ = {rho:+.2f} ({n} areas, p = {p:.2f}): {what}.",
    ),
    "survey.rel.none": ("ほとんど関係は見られません", "almost no relation"),
    "survey.rel.weak.neg": ("認知件数が多い地区ほど満足度がやや低い、弱い傾向です", "a weak tendency for areas with more crime to be less satisfied"),
    "survey.rel.moderate.neg": ("認知件数が多い地区ほど満足度が低い、中程度の傾向です", "a moderate tendency for areas with more crime to be less satisfied"),
    "survey.rel.strong.neg": ("認知件数が多い地区ほど満足度が低い、強い傾向です", "a strong tendency for areas with more crime to be less satisfied"),
    "survey.rel.weak.pos": ("認知件数が多い地区ほど満足度がやや高い、弱い（直感と逆の）傾向です", "a weak (counter-intuitive) tendency for areas with more crime to be more satisfied"),
    "survey.rel.moderate.pos": ("認知件数が多い地区ほど満足度が高い、中程度の（直感と逆の）傾向です", "a moderate (counter-intuitive) tendency for areas with more crime to be more satisfied"),
    "survey.rel.strong.pos": ("認知件数が多い地区ほど満足度が高い、強い（直感と逆の）傾向です", "a strong (counter-intuitive) tendency for areas with more crime to be more satisfied"),
    "survey.rel.gap": ("{area}（{pts:+.1f}ポイント）", "{area} ({pts:+.1f} points)"),
    "survey.rel.below": (
        "認知件数から見込まれるより満足度が低い（体感治安が悪い）地区：{areas}。",
        "Areas that feel less safe than their recorded crime suggests: {areas}.",
    ),
    "survey.rel.above": (
        "認知件数から見込まれるより満足度が高い地区：{areas}。",
        "Areas that feel safer than their recorded crime suggests: {areas}.",
    ),
    "survey.rel.beyond": ("このうち {areas} は、傾向線の値が95%信頼区間の外にあります。", "Of these, the line lies outside the 95 % interval for {areas}."),
    "survey.rel.within": ("ただし、いずれも標本誤差（95%信頼区間）の範囲内の差です。", "All of these gaps are within sampling error (the 95 % intervals)."),
    "survey.rel.excluded": ("率または回答のない地区は除外：{areas}。", "Left out (no rate or no respondents): {areas}."),
    # columns
    "survey.col.answer": ("回答", "Answer"),
    "survey.col.question": ("設問", "Question"),
    "survey.col.pct_of": ("{what}（%）", "{what} (%)"),
    "survey.col.n_of": ("{what}（人）", "{what} (n)"),
    "survey.col.share": ("割合（%）", "Share (%)"),
    "survey.col.low": ("95%CI 下限", "95% CI low"),
    "survey.col.high": ("95%CI 上限", "95% CI high"),
    "survey.col.k": ("該当（人）", "Yes (n)"),
    "survey.col.n": ("回答者（人）", "Respondents"),
    "survey.col.note": ("注", "Note"),
    "survey.col.area": ("地域（交番区域）", "Area (police box)"),
    "survey.col.satisfied": ("満足している人（%）", "Satisfied (%)"),
    "survey.col.offences": ("認知件数（件）", "Recorded offences"),
    "survey.col.population": ("人口（人）", "Population"),
    "survey.col.rate": ("人口千人当たり（件）", "Per 1,000 residents"),
    # axes
    "survey.axis.share_all": ("回答者全体に対する割合（%）", "Share of all respondents (%)"),
    "survey.axis.share": ("割合（%、95%信頼区間）", "Share (%, 95 % interval)"),
    "survey.axis.wave": ("調査年度", "Survey fiscal year"),
    "survey.axis.rate": ("人口千人当たり刑法犯認知件数（件）", "Recorded offences per 1,000 residents"),
    "survey.axis.satisfied": ("地域の安全に満足（%）", "Satisfied with local safety (%)"),
    # sources
    "survey.src.sample_word": ("サンプルデータ", "sample data"),
    "survey.src.survey": ("出典：市民アンケート（{source}）", "Source: citizen survey ({source})"),
    "survey.src.waves": ("{years}、回答者 n={n}", "{years}, respondents n={n}"),
    "survey.src.waves.each": ("{years}、各 n={n}", "{years}, n={n} each"),
    "survey.src.offences": ("出典：刑法犯認知件数（{source}）{period}", "Source: offences known to police ({source}), {period}"),
    "survey.src.population": ("人口：町丁目別人口（{source}、{year}年）", "Population: by town ({source}, {year})"),
    # method
    "survey.method": ("方法と注意", "Methods and caveats"),
    "survey.method.text": (
        (
            "- **割合**：各年度（またはグループ）の回答者全員を分母とし、無回答も分母に含めます。計画書の数値（防犯意識 53.3%・39.3%・92.6% など、地域活動 11.5%、満足度 14.4%・18.6%）はこの計算で再現されます。\n"
            "- **95%信頼区間**：二項分布の Wilson スコア区間（`scipy.stats.binomtest(k, n).proportion_ci(method=\"wilson\")`）。単純無作為抽出を仮定しており、回収率の偏りは含みません。\n"
            "- **小さなグループ**：回答者{n}人未満のグループは隠さずに表示し、「参考値」と白抜きの点で示します。\n"
            "- **人口千人当たり認知件数**：その年度（4月〜翌3月）に各交番が認知した刑法犯の件数 ÷ 交番区域の町丁目の人口の合計 × 1,000。町丁目不明の事件も交番の件数に含みます。件数{count}件未満または人口{pop}人未満の地区は率を出さず「—」と表示します。データの期間が年度の途中で終わる場合は、その期間の件数です。\n"
            "- **体感と実態**：スピアマンの順位相関（地区数が少なく参考値）。傾向線は Theil-Sen 法（2地区ずつの傾きの中央値：一つの極端な地区に左右されにくい）。傾向線より下の地区を「認知件数の割に満足度が低い」とし、差が95%信頼区間を超えるかどうかも示します。\n"
            "- **地図**：背景地図なし（オフライン）。色は色覚の多様性に配慮した単色の連続色（満足度は青、認知件数は橙）。交番区域は町丁目から作った近似の範囲です。"
        ),
        (
            "- **Shares**: the denominator is every respondent of the wave (or group), no answer included. This reproduces the plan's figures (awareness 53.3 %, 39.3 %, 92.6 % and so on, community activity 11.5 %, satisfaction 14.4 % and 18.6 %).\n"
            "- **95 % intervals**: Wilson score intervals of a binomial proportion (`scipy.stats.binomtest(k, n).proportion_ci(method=\"wilson\")`). They assume simple random sampling and do not cover non-response bias.\n"
            "- **Small groups**: groups of fewer than {n} respondents are shown, not hidden, marked “indicative” with a hollow dot.\n"
            "- **Offences per 1,000 residents**: offences recorded by each police box in the fiscal year (April to March) ÷ the population of the box's towns × 1,000; offences whose town is unknown still count for the box. No rate (“—”) where the count is under {count} or the population under {pop}. Where the data end within the fiscal year, the rate counts that part only.\n"
            "- **Perception vs reality**: Spearman's rank correlation (few areas: indicative). The line is Theil-Sen (the median of pairwise slopes: one odd area cannot swing it). Areas below it are “less satisfied than their crime suggests”; whether the gap is beyond the 95 % interval is said too.\n"
            "- **Maps**: no basemap (offline); single-hue sequential colours that read for every kind of colour vision (satisfaction blue, offences orange). Police-box areas are approximations built from towns."
        ),
    ),
}
