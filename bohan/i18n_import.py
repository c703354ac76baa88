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
        "場所（町丁目・地区）が分からない行（取り込み、全体の件数に含めます）: {n:,}",
        "not located (town or area blank or unknown; kept, counted in the totals): {n:,}",
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
    "import.refused.wrong_type": (
        "{file}: この種類のファイルは扱えません（使える形式: {kinds}）。", "{file}: this type of file cannot be used here (accepted: {kinds}).",
    ),
    # the staff import page
    "nav.import": ("データ取込", "Import data"),
    "import.title": ("データ取込（職員）", "Import data (staff)"),
    "import.intro": (
        "警察の犯罪オープンデータ、市のカメラ・防犯灯・通学路などの地図データ、市民アンケートを取り込みます。"
        "取り込む前に内容を確認でき、取込は一度にまとめて書き込まれ（途中で失敗しても元のまま）、後から元に戻せます。",
        "Bring in the police crime open data, the city's cameras, lights, school routes and other map layers, and the "
        "citizen survey. You see what will be written before anything is; each import is written at once (a failure "
        "leaves the data as it was) and can be undone.",
    ),
    "import.kind": ("取り込むデータ", "What to import"),
    "import.kind.help": ("種類ごとに、何が置き換わるかが下に書かれています。", "Below each kind: what an import of it replaces."),
    "import.kind.police": ("警察の犯罪オープンデータ（CSV）", "Police crime open data (CSV)"),
    "import.kind.cameras": ("防犯カメラ", "Security cameras"),
    "import.kind.lights": ("防犯灯・街路灯", "Street lights"),
    "import.kind.schools": ("学校", "Schools"),
    "import.kind.routes": ("通学路", "School routes"),
    "import.kind.parks": ("公園", "Parks"),
    "import.kind.streets": ("道路（中心線）", "Streets (centre lines)"),
    "import.kind.towns": ("町丁目（e-Stat 小地域など）", "Towns (e-Stat small areas or similar)"),
    "import.kind.koban_areas": ("交番の担当区域", "Police-box areas"),
    "import.kind.survey": ("市民アンケート", "Citizen survey"),
    "import.kind.police.about": (
        "北海道警察の「犯罪発生情報」CSV（手口ごとに1ファイル、複数可）。市町村コードの行だけを取り込み、同じ名前のデータセットは置き換えます。",
        "Hokkaido Police 犯罪発生情報 CSVs (one file per 手口, several at once). Rows of the city's code are kept; a data set of the same name is replaced.",
    ),
    "import.kind.cameras.about": (
        "カメラの一覧（CSV の緯度・経度、GeoJSON、GeoPackage、Shapefile の zip）。カメラの層全体を置き換えます。",
        "The list of cameras (CSV with 緯度/経度, GeoJSON, GeoPackage or zipped Shapefile). Replaces the whole camera layer.",
    ),
    "import.kind.lights.about": ("防犯灯・街路灯の一覧。層全体を置き換えます。", "The list of lights. Replaces the whole layer."),
    "import.kind.schools.about": ("学校の位置（国土数値情報 P29 など）。層全体を置き換えます。", "School points (e.g. 国土数値情報 P29). Replaces the whole layer."),
    "import.kind.routes.about": ("通学路の線（GIS で描いたもの）。層全体を置き換えます。", "School routes as lines (drawn in a GIS). Replaces the whole layer."),
    "import.kind.parks.about": ("公園の区域（ポリゴン）。層全体を置き換えます。", "Park polygons. Replaces the whole layer."),
    "import.kind.streets.about": (
        "道路中心線（OpenStreetMap や道路台帳から）。カメラ候補地と通学路の計算が実際の道路に沿うようになります。層全体を置き換えます。",
        "Road centre lines (OpenStreetMap or the road ledger): candidate sites and routes then follow real streets. Replaces the whole layer.",
    ),
    "import.kind.towns.about": (
        "町丁目の区域（e-Stat 小地域 Shapefile など）。人口・世帯数があれば一緒に取り込みます。層全体を置き換えます。",
        "Town polygons (e.g. the e-Stat small-area Shapefile); population and households come along when present. Replaces the whole layer.",
    ),
    "import.kind.koban_areas.about": ("交番・駐在所の担当区域（ポリゴン）。層全体を置き換えます。", "Police-box areas (polygons). Replaces the whole layer."),
    "import.kind.survey.about": (
        "回答者1人1行の CSV、または集計表。ファイルにある調査年度の回答を置き換えます。",
        "One row per respondent, or an aggregated table. Replaces the survey waves (fiscal years) the file holds.",
    ),
    "import.name": ("データセット名", "Data set name"),
    "import.name.help": ("空欄ならファイル名から付けます。後で元に戻すときにこの名前で選びます。", "Blank: taken from the file name. Undo picks imports by this name."),
    "import.city_code": ("市町村コード", "Municipality code"),
    "import.city_code.help": ("5桁または6桁（苫小牧市は 01213 / 012131）。この市の行だけを取り込みます。", "5 or 6 digits (Tomakomai: 01213 / 012131). Only the city's rows are kept."),
    "import.year": ("警察が計上した年（0 = ファイル名から）", "Year police recorded the rows (0 = from the file name)"),
    "import.year.help": (
        "0 のままなら、ファイル名の4桁の年、なければ発生日の最も新しい年を使います（結果に書きます）。",
        "Left at 0: a four-digit year in the file name, else the latest occurrence year (the report says which).",
    ),
    "import.fiscal_year": ("調査年度（0 = ファイルから）", "Survey fiscal year (0 = from the file)"),
    "import.fiscal_year.help": ("ファイルに年度の列も年の入った名前もないときに指定します。", "Give it when the file has no year column and no year in its name."),
    "import.crs": ("座標系（ファイルに書かれていないとき）", "Coordinate system (when the file does not say)"),
    "import.crs.auto": ("ファイルから読む（CSV は緯度経度）", "From the file (CSV: latitude/longitude)"),
    "import.crs.help": (
        "EPSG:6680 は平面直角座標系第XII系（JGD2011）、EPSG:2454 は同 JGD2000、EPSG:6668 / 4612 は緯度経度（JGD2011 / JGD2000）。",
        "EPSG:6680: plane rectangular zone XII (JGD2011); EPSG:2454: the same in JGD2000; EPSG:6668 / 4612: latitude/longitude (JGD2011 / JGD2000).",
    ),
    "import.files": ("ファイル", "Files"),
    "import.files.help": ("1ファイル{max_mb}MBまで。ファイルはこの画面の処理の間だけ保存し、すぐに消します。", "Up to {max_mb} MB a file. Files are kept only while they are read, then deleted."),
    "import.mapping": ("列の対応（名前の違うファイルのとき）", "Columns (for files whose columns are named differently)"),
    "import.mapping.help": ("左がこのアプリの列、選ぶのはファイルの列です。推測した対応を入れてあります。", "Each box is one of the app's columns; pick the file's column that holds it (guessed for you)."),
    "import.mapping.none": ("（なし）", "(none)"),
    "import.read": ("読み込んで確認", "Read and preview"),
    "import.reading": ("ファイルを読み込んでいます…", "Reading the files…"),
    "import.read_done": ("読み込みました。内容を確認してください（まだ書き込んでいません）。", "Read. Check the preview (nothing written yet)."),
    "import.preview": ("取り込む内容の確認", "Preview"),
    "import.metric.read": ("読み込んだ行", "Rows read"),
    "import.metric.kept": ("取り込む行", "Rows kept"),
    "import.metric.skipped": ("除いた行", "Rows skipped"),
    "import.metric.not_located": ("位置不明の行", "Not located"),
    "import.replaces.name": ("取り込むと、データセット「{name}」（{tables}）が前にあれば置き換わります。", "Importing replaces the data set “{name}” ({tables}) if it exists."),
    "import.replaces.waves": ("取り込むと、このファイルにある調査年度の回答（{tables}）が置き換わります。", "Importing replaces the survey waves in this file ({tables})."),
    "import.replaces.layer": ("取り込むと、この層（{tables}）の全体が置き換わります。元に戻せます。", "Importing replaces the whole layer ({tables}); it can be undone."),
    "import.first_rows": ("{table}: 先頭20行（全{n:,}行）", "{table}: first 20 rows (of {n:,})"),
    "import.go": ("{n:,}行を取り込む", "Import {n:,} rows"),
    "import.writing": ("書き込んでいます…", "Writing…"),
    "import.written": ("書き込みました。", "Written."),
    "import.done": ("データセット「{name}」の{n:,}行を取り込みました（取込番号 {id}）。各ページに反映されています。", "Imported {n:,} rows as “{name}” (import {id}). Every page now shows them."),
    "import.log": ("取込の記録", "Import log"),
    "import.log.empty": ("まだ取込はありません。", "No imports yet."),
    "import.log.undo": ("（取消）", " (undo)"),
    "import.log.col.import_id": ("番号", "No."),
    "import.log.col.kind": ("種類", "Kind"),
    "import.log.col.name": ("データセット名", "Data set"),
    "import.log.col.files": ("ファイル", "Files"),
    "import.log.col.rows_kept": ("取り込んだ行", "Rows kept"),
    "import.log.col.rows_skipped": ("除いた行", "Rows skipped"),
    "import.log.col.rows_unlocated": ("位置不明", "Not located"),
    "import.log.col.imported_by": ("取込者", "By"),
    "import.log.col.imported_at": ("日時", "When"),
    "import.log.col.undone": ("取消済み", "Undone"),
    "import.undo": ("取込を元に戻す", "Undo an import"),
    "import.undo.pick": ("元に戻すデータセット", "Data set to undo"),
    "import.undo.help": (
        "取り込んだ行を消し、その取込で置き換わった行を戻します。同じ層に後の取込があるときは、新しいほうから戻します。",
        "Removes the import's rows and puts back what it replaced. When a later import of the same layer is in force, undo that first.",
    ),
    "import.undo.confirm": ("「{name}」の取込を元に戻します", "Undo the import “{name}”"),
    "import.undo.button": ("元に戻す", "Undo"),
    "import.undone": ("「{name}」を元に戻しました（{n:,}行を除きました）。", "Undid “{name}” ({n:,} rows removed)."),
}
