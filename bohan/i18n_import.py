"""Labels of the importers and the staff import page, merged into :data:`bohan.i18n.TEXT`.

Refusals are ``import.refused.<key>``, skip reasons ``import.skip.<key>``, report notes
``import.note.<key>`` (see :mod:`bohan.importers.common`). The geodata layers' and the survey
importer's own keys live in :mod:`bohan.i18n_layers` and :mod:`bohan.i18n_survey_import`.
"""
from __future__ import annotations

TEXT_IMPORT: dict[str, tuple[str, str]] = {
    # report lines
    "import.report.read": ("読み込んだ行: {n:,}", "rows read: {n:,}"),
    "import.report.kept": ("取り込む行: {n:,}", "rows kept: {n:,}"),
    "import.report.skipped": ("除いた行: {n:,}", "rows skipped: {n:,}"),
    "import.report.reason": ("　うち {reason}: {n:,}", "  {reason}: {n:,}"),
    "import.report.not_located": (
        "位置（町丁目）が分からない行（取り込み、交番・市の件数に含めます）: {n:,}",
        "not located (town blank or unknown; kept, counted for the box and the city): {n:,}",
    ),
    # refusals shared by every importer
    "import.refused.no_file": ("{file}: ファイルがありません。", "{file}: no such file."),
    "import.refused.not_text": (
        "{file}: UTF-8 でも Shift_JIS（cp932）でもない文字が含まれています。テキスト形式のファイルを選んでください。",
        "{file}: not text in UTF-8 or cp932 (Shift_JIS).",
    ),
    "import.refused.no_files": ("ファイルが指定されていません。", "No files given."),
    "import.refused.no_database": (
        "{db}: データベースファイルがありません（python -m bohan.build で作成します）。",
        "{db}: no such database file (build it with python -m bohan.build).",
    ),
    "import.refused.database_unreadable": (
        "{db}: データベースを開けません: {error}", "{db}: cannot open the database: {error}",
    ),
    "import.refused.database_outdated": (
        "{db}: 古い版で作られたデータベースです（{tables}）。作り直してから取り込んでください。",
        "{db}: the database was made by an older version ({tables}); rebuild it first.",
    ),
    "import.refused.reserved_name": (
        "データセット名「{name}」は使えません（空、または sample / plan）。別の名前を付けてください。",
        "The data set name {name!r} is reserved or blank; give another name.",
    ),
    "import.refused.name_chars": (
        "データセット名は{max}文字までで、制御文字は使えません。", "Data set names are at most {max} characters, without control characters.",
    ),
    "import.refused.clash": (
        "すでにある行と重複します（何も書き込んでいません）: {error}",
        "Rows clash with rows already in the database (nothing written): {error}",
    ),
    "import.refused.no_such_set": ("データセット「{name}」はありません。", "No data set named {name!r}."),
    "import.refused.built_set": (
        "「{name}」は構築したデータで、取り込んだものではありません。元に戻すには作り直してください。",
        "{name!r} is the built data, not an import; rebuild instead.",
    ),
    "import.refused.not_latest": (
        "「{name}」の後に同じ種類の取込（{later}）があります。新しいものから順に元に戻してください。",
        "{name!r} was followed by a later import of the same kind ({later}); undo the later one first.",
    ),
    "import.refused.too_large": (
        "{file}: ファイルが大きすぎます（{size_mb:.0f}MB、上限{max_mb}MB）。",
        "{file}: the file is too large ({size_mb:.0f} MB; at most {max_mb} MB).",
    ),
    "import.refused.unknown_kind": ("取込の種類「{kind}」は扱えません。", "Unknown import kind {kind!r}."),
}
