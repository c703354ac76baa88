"""Labels of the police open-data importer (bohan.importers.police), merged into :data:`bohan.i18n.TEXT`.

Refusals ``import.refused.<key>`` and skip reasons ``import.skip.<key>`` of the police importer
only, and the police report's own lines ``import.police.*``
(:meth:`bohan.importers.police.Report.lines`). Counts are rows. Keys shared with other
importers are not repeated here: ``no_file``, ``not_text``, ``no_files``, ``no_database``,
``database_unreadable``, ``database_outdated``, ``reserved_name`` (:mod:`bohan.i18n_import`);
``bad_city_code`` and the skip reason ``other_city`` (:mod:`bohan.i18n_layers`, same meaning).
"""
from __future__ import annotations

TEXT_POLICE: dict[str, tuple[str, str]] = {
    # refusals
    "import.refused.city_check_digit": (
        "市区町村コード「{code}」の検査数字（6桁目）が違います（正しくは {expected}）。",
        "City code {code!r} has a wrong check digit (expected {expected}).",
    ),
    "import.refused.no_header": (
        "{file}: 警察の犯罪オープンデータではありません。最初の{lines}行に「罪名」と「手口」を含む見出し行がありません"
        "（必要な列: {columns}）。",
        "{file}: not police open data: no header line with 罪名 and 手口 in the first {lines} lines "
        "(missing columns: {columns}).",
    ),
    "import.refused.missing_columns": (
        "{file}: 警察の犯罪オープンデータではありません。次の列がありません: {columns}",
        "{file}: not police open data: missing columns: {columns}",
    ),
    "import.refused.unreadable_csv": (
        "{file}: CSV（表）として読めません: {error}", "{file}: cannot be read as a CSV table: {error}",
    ),
    "import.refused.unknown_boxes": (
        "データベースの交番一覧（koban_areas）にない交番があるため、取り込みません（何も書き込んでいません）。"
        "該当する交番（行数）: {boxes}。登録されている交番: {known}。",
        "Police boxes not in the database (koban_areas), with their rows: {boxes}. Known boxes: {known}. "
        "Nothing was imported.",
    ),
    "import.refused.several_years": (
        "ファイル名から複数の年（{years}）が読み取れます。認知年を指定してください（--year）。",
        "The file names give several years ({years}); give the year (--year).",
    ),
    "import.refused.no_year": (
        "ファイル名に年がなく発生日もないため、認知年が分かりません。年を指定してください（--year）。",
        "No year in the file names and no occurrence dates; give the year (--year).",
    ),
    # skip reasons
    "import.skip.not_theft": ("罪名が「窃盗」ではない（街頭犯罪のデータではない）", "罪名 is not 窃盗 (not street-theft data)"),
    "import.skip.modus_blank": ("手口が空欄", "手口 blank"),
    # the police report's own lines
    "import.police.dataset": ("データセット: {name}（市区町村コード {city_code}）", "data set: {name}  (city code {city_code})"),
    "import.police.file_rows": ("　ファイル {file}: {n:,}行", "  file {file}: {n:,} rows"),
    "import.police.data_year": ("認知年（data_year）: {year}（{origin}）", "data_year: {year} (from {origin})"),
    "import.police.year_from.option": ("指定した年", "option"),
    "import.police.year_from.file_name": ("ファイル名の年", "file name"),
    "import.police.year_from.latest_occurrence": ("最も新しい発生日の年", "latest occurrence"),
    "import.police.kept": ("取り込む行（市区町村コード {city_code}）: {n:,}", "rows kept for city code {city_code}: {n:,}"),
    "import.police.unknown_town": ("　うち 町丁目一覧にない「{town}」: {n:,}", "  unknown town {town!r}: {n:,}"),
    "import.police.dates_unknown": ("発生日が不明（空欄で取り込み）: {n:,}", "occurrence date unknown (NULL): {n:,}"),
    "import.police.date_unreadable": ("　うち 読めない日付「{value}」: {n:,}", "  unreadable date {value!r}: {n:,}"),
    "import.police.hours_unknown": ("発生時が不明（空欄で取り込み）: {n:,}", "hour unknown (NULL): {n:,}"),
}
