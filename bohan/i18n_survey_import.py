"""Labels of the survey import importer (bohan.importers), merged into :data:`bohan.i18n.TEXT`.

Keys of :mod:`bohan.importers.survey` (``import.refused.survey_*``, ``import.skip.survey_*``,
``import.note.survey_*``); the ``survey_`` prefix keeps them apart from the other importers'
catalogues, which are written at the same time. Refusals shared by every importer (no_file,
not_text, too_large, reserved_name, ...) are in :mod:`bohan.i18n_import`. Notes about a
question carry both ``{question_ja}`` and ``{question_en}``; each language uses its own.
"""
from __future__ import annotations

TEXT_SURVEY_IMPORT: dict[str, tuple[str, str]] = {
    # refusals: the file is not a survey table
    "import.refused.survey_empty": ("{file}: ファイルが空です。", "{file}: the file is empty."),
    "import.refused.survey_html": (
        "{file}: ウェブページ（HTML）で、CSVではありません。CSVファイルそのものを保存して選んでください。",
        "{file}: a web page (HTML), not a CSV table; save the CSV file itself and choose that.",
    ),
    "import.refused.survey_spreadsheet": (
        "{file}: Excelのブックです。CSV形式（UTF-8 または Shift_JIS）で保存してから取り込んでください。",
        "{file}: an Excel workbook; save it as CSV (UTF-8 or Shift_JIS) first.",
    ),
    "import.refused.survey_bad_csv": (
        "{file}: CSVの表として読めません: {error}", "{file}: cannot be read as a CSV table: {error}",
    ),
    "import.refused.survey_no_questions": (
        "{file}: 市民アンケートの表ではありません。最初の{lines}行に、防犯意識・防犯活動・満足度のいずれかの列"
        "（または 設問・回答・人数 の列）がありません（見つかった列: {columns}）。列名は --map 対象=列名 でも指定できます。",
        "{file}: not a citizen-survey table: none of the first {lines} lines names a column 防犯意識 (awareness), "
        "防犯活動 (activity) or 満足度 (satisfaction), nor 設問 / 回答 / 人数 (question / answer / count) "
        "(columns found: {columns}). Name columns with --map target=column.",
    ),
    "import.refused.survey_no_rows": ("{file}: 見出しの下に回答の行がありません。", "{file}: no answer rows under the header."),
    "import.refused.survey_nothing_kept": (
        "{file}: {n:,}行とも回答が選択肢にないため、取り込める行がありません（何も書き込んでいません）。",
        "{file}: none of the {n:,} rows has answers in the questionnaire's lists; nothing to import.",
    ),
    "import.refused.survey_ambiguous_column": (
        "{file}: 「{target}」にあたる列が複数あります（{columns}）。--map {target}=列名 で指定してください。",
        "{file}: several columns could be {target} ({columns}); choose one with --map {target}=column.",
    ),
    "import.refused.survey_map_target": (
        "対応付けの対象「{target}」はありません。使える対象: {targets}",
        "Unknown mapping target {target!r}; targets: {targets}.",
    ),
    "import.refused.survey_map_column": (
        "{file}: 「{target}」に指定された列「{column}」がありません（ファイルの列: {columns}）。",
        "{file}: no column {column!r} for {target} (the file's columns: {columns}).",
    ),
    # refusals: fiscal years
    "import.refused.survey_no_fiscal_year": (
        "{file}: 調査年度が分かりません（年度の列がなく、ファイル名や表題にも年度がありません）。年度を指定してください（--fiscal-year）。",
        "{file}: which fiscal year? No 年度 column, and none in the file name or title; give --fiscal-year.",
    ),
    "import.refused.survey_bad_fiscal_year": (
        "{file}: 年度として読めない値があります: {values}（例: 2024、2024年度、令和6年度、R6）。",
        "{file}: fiscal years that cannot be read: {values} (write e.g. 2024, 2024年度, 令和6年度, R6).",
    ),
    "import.refused.survey_fiscal_year_conflict": (
        "{file}: 指定された年度は{given}年度ですが、ファイルの年度の列は {found} です。",
        "{file}: --fiscal-year {given} given, but the file's 年度 column says {found}.",
    ),
    "import.refused.survey_several_years": (
        "{file}: ファイル名に年が複数あります（{years}）。年度を指定してください（--fiscal-year）。",
        "{file}: the file name holds several years ({years}); give --fiscal-year.",
    ),
    # refusals: respondents
    "import.refused.survey_duplicate_ids": (
        "{file}: 同じ年度で回答者IDが重複しています（{n:,}件: {ids}）。重複を直してから取り込んでください。",
        "{file}: respondent IDs repeated within a fiscal year ({n:,}: {ids}); fix them before importing.",
    ),
    # refusals: aggregated tables
    "import.refused.survey_bad_count": (
        "{file}: 人数が0以上の整数ではありません: {values}（集計表には割合ではなく人数が必要です）。",
        "{file}: counts that are not whole numbers of 0 or more: {values} "
        "(an aggregated table needs counts, not shares).",
    ),
    "import.refused.survey_unknown_answer_counts": (
        "{file}: 「{question_ja}」に選択肢にない回答の人数があります: {values}。集計表では回答者を除けないため取り込めません。",
        "{file}: {question_en}: counts for answers not in the questionnaire's list: {values}. "
        "Respondents cannot be left out of an aggregated table, so it is not imported.",
    ),
    "import.refused.survey_repeated_answer": (
        "{file}: {year}年度の「{question_ja}」で回答「{answer}」の人数が2回あります。",
        "{file}: FY{year}, {question_en}: the answer {answer} is counted twice.",
    ),
    "import.refused.survey_totals_differ": (
        "{file}: {year}年度の合計の行が設問ごとに違います（{totals}）。",
        "{file}: FY{year}: the total lines differ between questions ({totals}).",
    ),
    "import.refused.survey_sum_over_total": (
        "{file}: {year}年度の「{question_ja}」の人数の和（{sum:,}）が合計（{total:,}）を超えています。",
        "{file}: FY{year}, {question_en}: the counts add up to {sum:,}, more than the total of {total:,}.",
    ),
    # skip reasons (rows = respondents)
    "import.skip.survey_unknown_answer": (
        "選択肢にない回答がある（回答者ごと除外）", "an answer not in the questionnaire's list (respondent left out)",
    ),
    # notes
    "import.note.survey_fiscal_year_from_name": (
        "調査年度 {year}年度 はファイル名（{file}）から読み取りました。",
        "Fiscal year {year} taken from the file name ({file}).",
    ),
    "import.note.survey_fiscal_year_from_title": (
        "調査年度 {year}年度 は表題の行から読み取りました。", "Fiscal year {year} taken from the title line.",
    ),
    "import.note.survey_fiscal_year_blank": (
        "年度が空欄の{n:,}行は {year}年度 としました。", "{n:,} rows with a blank 年度 taken as FY{year}.",
    ),
    "import.note.survey_ids_generated": (
        "回答者IDのない{n:,}行にIDを付けました。", "Respondent IDs generated for {n:,} rows without one.",
    ),
    "import.note.survey_question_missing": (
        "「{question_ja}」の列がありません。この設問は未実施として空欄（無回答ではありません）で取り込みます。",
        "No column for {question_en}: stored empty, as not asked in this wave (not as 無回答).",
    ),
    "import.note.survey_question_missing_year": (
        "{year}年度の集計表に「{question_ja}」がありません。未実施として空欄で取り込みます。",
        "FY{year}: the table has no counts for {question_en}; stored empty, as not asked.",
    ),
    "import.note.survey_unknown_answers": (
        "「{question_ja}」の選択肢にない回答（その回答者は除外）: {values}",
        "{question_en}: answers not in the questionnaire's list (those respondents left out): {values}",
    ),
    "import.note.survey_numbered_answers": (
        "「{question_ja}」の番号の回答は調査票の選択肢の順に読みました: {codes}",
        "{question_en}: numbered answers read in the questionnaire's order: {codes}",
    ),
    "import.note.survey_unknown_ages": (
        "年代として読めない値（年代は空欄で取り込み）: {values}", "Ages not read (kept without an age band): {values}",
    ),
    "import.note.survey_no_age_column": (
        "年齢・年代の列がありません。年代別の集計はできません。", "No age column: no breakdown by age band.",
    ),
    "import.note.survey_unknown_areas": (
        "交番の区域にない地区名（地区は空欄で取り込み、位置不明として数えます）: {values}",
        "Areas that are not police boxes (kept without an area, counted as not located): {values}",
    ),
    "import.note.survey_no_area_column": (
        "地区の列がありません。地区別の集計はできません（全行を位置不明として数えます）。",
        "No area column: no breakdown by area (every row counted as not located).",
    ),
    "import.note.survey_aggregated": (
        "{year}年度: 集計表から回答者{n:,}人分の行を作りました。設問ごとの割合は表のとおりですが、"
        "年代別・地区別の内訳はこの年度にはありません（全行を位置不明として数えます）。",
        "FY{year}: {n:,} respondent rows made from an aggregated table. Each question's shares are the table's; "
        "age and area breakdowns are not available for this wave (every row counted as not located).",
    ),
    "import.note.survey_filled_no_answer": (
        "{year}年度の「{question_ja}」の人数の和は{sum:,}で回答者{total:,}人に満たないため、差の{missing:,}人を無回答としました。",
        "FY{year}, {question_en}: counts add up to {sum:,} of {total:,} respondents; "
        "the {missing:,} missing counted as 無回答 (no answer).",
    ),
    "import.note.survey_column_chosen": (
        "「{target}」にあたる列が複数あるため「{column}」を使いました（候補: {columns}。--map で変えられます）。",
        "Several columns could be {target} ({columns}); {column} used (choose another with --map).",
    ),
    "import.note.survey_other_questions": (
        "ほかの設問の行は読み飛ばしました: {values}", "Lines for other questions ignored: {values}",
    ),
}
