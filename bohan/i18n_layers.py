"""Labels of the geodata layers importer (bohan.importers.layers), merged into :data:`bohan.i18n.TEXT`.

Refusals ``import.refused.<key>``, skip reasons ``import.skip.<key>``, report notes
``import.note.<key>``; the keys shared by every importer (no_file, not_text, too_large,
reserved_name, ...) are in :mod:`bohan.i18n_import`. ``import.layer.<kind>`` names the kinds
and ``import.field.<target>`` the columns a page's column-mapping step offers.
"""
from __future__ import annotations

TEXT_LAYERS: dict[str, tuple[str, str]] = {
    # kinds of layer
    "import.layer.cameras": ("防犯カメラ", "Security cameras"),
    "import.layer.lights": ("街路灯・防犯灯", "Street lights"),
    "import.layer.schools": ("学校", "Schools"),
    "import.layer.routes": ("通学路", "School routes"),
    "import.layer.parks": ("公園", "Parks"),
    "import.layer.streets": ("道路", "Streets"),
    "import.layer.towns": ("町丁目（区域・人口）", "Towns (areas and population)"),
    "import.layer.koban_areas": ("交番区域", "Police-box areas"),
    # columns a file's columns can be mapped to
    "import.field.camera_id": ("カメラID", "Camera id"),
    "import.field.light_id": ("灯具ID", "Light id"),
    "import.field.school_id": ("学校ID", "School id"),
    "import.field.route_id": ("通学路ID", "Route id"),
    "import.field.park_id": ("公園ID", "Park id"),
    "import.field.street_id": ("道路ID", "Street id"),
    "import.field.kind": ("種別", "Kind"),
    "import.field.site_type": ("設置場所の種別", "Kind of site"),
    "import.field.installed_fy": ("設置年度", "Fiscal year installed"),
    "import.field.status": ("状態", "Status"),
    "import.field.lamp_type": ("灯具種別（LED・蛍光灯・水銀灯）", "Lamp type (LED, fluorescent, mercury)"),
    "import.field.manager": ("管理者（町内会・市）", "Managed by (neighbourhood association or city)"),
    "import.field.name": ("名称", "Name"),
    "import.field.level": ("学校種別（小学校・中学校）", "School level (elementary, junior high)"),
    "import.field.address": ("住所", "Address"),
    "import.field.gsi_id": ("国土地理院の共通ID", "GSI common id"),
    "import.field.school_name": ("学校名", "School name"),
    "import.field.town": ("町丁目", "Town (町丁目)"),
    "import.field.koban": ("交番名", "Police box"),
    "import.field.population": ("人口", "Population"),
    "import.field.households": ("世帯数", "Households"),
    "import.field.hcode": ("区分コード（e-Stat HCODE）", "Area class code (e-Stat HCODE)"),
    "import.field.lat": ("緯度", "Latitude"),
    "import.field.lon": ("経度", "Longitude"),
    "import.field.wkt": ("形状（WKT）", "Geometry (WKT)"),
    "import.field.city_code": ("市区町村コード", "Municipality code"),
    # refusals
    "import.refused.empty_file": ("{file}: 空のファイルです。", "{file}: the file is empty."),
    "import.refused.unknown_format": (
        "{file}: この形式（{ext}）は読めません。GeoJSON（.geojson）、GeoPackage（.gpkg）、Shapefile（.zip か .shp）、CSV を選んでください。",
        "{file}: cannot read this format ({ext}); choose GeoJSON (.geojson), GeoPackage (.gpkg), a Shapefile (.zip or .shp) or CSV.",
    ),
    "import.refused.unreadable": (
        "{file}: 地理データとして読めません（{error}）。",
        "{file}: cannot be read as geodata ({error}).",
    ),
    "import.refused.unexpected": (
        "{file}: 読み込み中に想定外のエラーが起きました（{error}）。何も取り込んでいません。ファイルを添えて担当者に知らせてください。",
        "{file}: an unexpected error while reading ({error}); nothing was imported. Please report it with the file.",
    ),
    "import.refused.html_file": (
        "{file}: CSV ではなく Web ページ（HTML）です。ダウンロードのリンク先のファイルそのものを保存してください。",
        "{file}: this is a web page (HTML), not CSV; save the file the download link points to.",
    ),
    "import.refused.not_zip": (
        "{file}: zip ファイルとして開けません（壊れているか、別の形式です）。",
        "{file}: cannot be opened as a zip file (damaged, or another format).",
    ),
    "import.refused.no_shapefile": (
        "{file}: zip の中に Shapefile（.shp）がありません（中身: {names}）。",
        "{file}: the zip holds no Shapefile (.shp) (contents: {names}).",
    ),
    "import.refused.several_shapefiles": (
        "{file}: zip の中に Shapefile が複数あります（{names}）。1つずつ zip にして取り込んでください。",
        "{file}: the zip holds several Shapefiles ({names}); import them one zip at a time.",
    ),
    "import.refused.shapefile_incomplete": (
        "{file}: Shapefile の {missing} がありません。.shp・.shx・.dbf・.prj をまとめて zip にしてください。",
        "{file}: the Shapefile lacks {missing}; zip the .shp, .shx, .dbf and .prj together.",
    ),
    "import.refused.no_layers": ("{file}: レイヤーがありません。", "{file}: the file holds no layer."),
    "import.refused.no_rows": ("{file}: データの行がありません。", "{file}: the file holds no data rows."),
    "import.refused.nothing_kept": (
        "{file}: 取り込める行がありません（{n:,}行を読み、すべて除きました）。",
        "{file}: no row can be imported ({n:,} rows read, all left out).",
    ),
    "import.refused.no_coordinate_columns": (
        "{file}: 緯度・経度の列（または形状 WKT の列）が見つかりません（列: {columns}）。列の対応を指定してください。",
        "{file}: no latitude and longitude columns (or WKT geometry column) found (columns: {columns}); map the columns.",
    ),
    "import.refused.no_such_column": (
        "列の対応で指定した「{column}」はファイルにありません（ファイルの列: {columns}）。",
        "The mapped column {column!r} is not in the file (its columns: {columns}).",
    ),
    "import.refused.no_name_column": (
        "{file}: 町丁目名（交番区域では交番名）の列が見つかりません（列: {columns}）。列の対応を指定してください。",
        "{file}: no town name column (police-box name for police-box areas) found (columns: {columns}); map the columns.",
    ),
    "import.refused.unknown_target": (
        "列の対応の「{target}」はこの種類の項目ではありません（項目: {targets}）。",
        "{target!r} is not a column of this kind of layer (columns: {targets}).",
    ),
    "import.refused.wrong_geometry": (
        "{file}: 図形の種類が違います（{expected} が必要ですが、{found} です）。",
        "{file}: wrong kind of geometry ({expected} needed; the file has {found}).",
    ),
    "import.refused.crs_unknown": (
        "{file}: 座標参照系が分かりません（Shapefile の .prj がありません）。座標系を指定してください（例: EPSG:6680、JGD2011）。",
        "{file}: the coordinate reference system is unknown (no .prj); give the CRS (e.g. EPSG:6680, JGD2011).",
    ),
    "import.refused.crs_invalid": (
        "座標系「{crs}」が分かりません。EPSG:6680、6680、JGD2011、JGD2000、WGS84 のように指定してください。",
        "Unknown CRS {crs!r}; give it as EPSG:6680, 6680, JGD2011, JGD2000 or WGS84.",
    ),
    "import.refused.needs_crs": (
        "{file}: 座標の値（例: {example}）が緯度・経度（度）ではありません。平面直角座標などの場合は座標系を指定してください（例: EPSG:6680）。",
        "{file}: the coordinates (e.g. {example}) are not degrees of latitude and longitude; if they are metres, give the CRS (e.g. EPSG:6680).",
    ),
    "import.refused.outside_japan": (
        "{file}: どの座標も日本の範囲（緯度20〜46度、経度122〜154度）にありません（例: {example}、座標系 {crs}）。座標系の指定を確かめてください。",
        "{file}: no coordinate lies in Japan (latitude 20-46, longitude 122-154) (e.g. {example}, CRS {crs}); check the CRS.",
    ),
    "import.refused.outside_city": (
        "{file}: どの地物も市の区域（境界から{margin_km:g}km以内）にありません。別の市のデータではありませんか。",
        "{file}: no feature lies in the city (within {margin_km:g} km of its boundary); is it another city's data?",
    ),
    "import.refused.bad_city_code": (
        "市区町村コード「{code}」が正しくありません（5桁、または検査数字付きの6桁）。",
        "Municipality code {code!r} is not valid (5 digits, or 6 with a correct check digit).",
    ),
    # skip reasons
    "import.skip.other_city": ("他の市町村のコードの行", "another municipality's code"),
    "import.skip.other_school_level": (
        "小学校・中学校・義務教育学校以外の学校", "not an elementary, junior high or combined school",
    ),
    "import.skip.water_area": ("水面の区域（e-Stat HCODE 8154）", "water area (e-Stat HCODE 8154)"),
    "import.skip.no_town_name": ("町丁目名が空", "town name blank"),
    "import.skip.no_koban_name": ("交番名が空", "police-box name blank"),
    "import.skip.no_coordinates": ("緯度・経度が空", "latitude and longitude blank"),
    "import.skip.bad_coordinates": ("緯度・経度が数値でない", "latitude or longitude not a number"),
    "import.skip.no_geometry": ("図形が空か壊れている", "geometry empty or broken"),
    "import.skip.bad_geometry": ("形状（WKT）が読めない", "geometry (WKT) unreadable"),
    "import.skip.wrong_geometry_type": ("図形の種類が違う", "wrong kind of geometry"),
    "import.skip.several_points": ("1行に点が複数ある", "several points in one row"),
    "import.skip.outside_japan": ("座標が日本の範囲外", "coordinates outside Japan"),
    "import.skip.outside_city": ("市の区域外（境界から2km超）", "outside the city (over 2 km from its boundary)"),
    "import.skip.merged": ("同じ名前の行にまとめた", "merged into the row of the same name"),
    # notes
    "import.note.columns_used": ("列の対応: {pairs}", "Columns used: {pairs}"),
    "import.note.layer_chosen": (
        "{file}: レイヤーが複数あるため「{layer}」を読みました（レイヤー: {layers}）。",
        "{file}: several layers; read {layer!r} (layers: {layers}).",
    ),
    "import.note.dbf_encoding": (
        "{file}: 属性（.dbf）の文字コードを {encoding} と判断しました。",
        "{file}: the attributes (.dbf) were read as {encoding}.",
    ),
    "import.note.crs_assumed": (
        "{file}: 座標系の指定がないため、緯度・経度（WGS84, EPSG:4326）として読みました。",
        "{file}: no CRS given; the coordinates were read as WGS84 latitude and longitude (EPSG:4326).",
    ),
    "import.note.crs_used": ("座標系 {crs} から緯度・経度（WGS84）に変換しました。", "Coordinates converted from {crs} to WGS84."),
    "import.note.crs_overridden": (
        "ファイルの座標系（{file_crs}）ではなく、指定された {crs} を使いました。",
        "The given CRS {crs} was used instead of the file's ({file_crs}).",
    ),
    "import.note.swapped": (
        "緯度と経度が入れ替わっていたため、入れ替えて読みました（日本の範囲に入った行: {n:,}）。",
        "Latitude and longitude were swapped in the file and have been swapped back ({n:,} rows in Japan).",
    ),
    "import.note.geometry_repaired": ("不正な形状を修復しました: {n:,}件", "Invalid shapes repaired: {n:,}"),
    "import.note.no_boundary": (
        "データベースに市の境界がないため、市の区域外かどうかを確かめていません。",
        "The database has no city boundary; rows were not checked for lying outside the city.",
    ),
    "import.note.ids_generated": (
        "ID のない行に {example} の形の ID を付けました（行番号による）: {n:,}件",
        "Rows without an id got ids like {example} (from the row number): {n:,}",
    ),
    "import.note.ids_made_unique": (
        "重複した ID に -2、-3… を付けて区別しました（例: {example}）: {n:,}件",
        "Repeated ids were told apart with -2, -3, ... (e.g. {example}): {n:,}",
    ),
    "import.note.values_defaulted": (
        "「{field}」の分からない値（{values}）は「{default}」としました: {n:,}件",
        "Unknown values of {field!r} ({values}) were taken as {default!r}: {n:,}",
    ),
    "import.note.field_assumed": (
        "「{field}」の列がないため、すべて「{default}」としました。",
        "No {field!r} column: every row was taken as {default!r}.",
    ),
    "import.note.values_unreadable": (
        "「{field}」の読めない値（例: {example}）は空にしました: {n:,}件",
        "Unreadable values of {field!r} (e.g. {example!r}) were left blank: {n:,}",
    ),
    "import.note.light_kind_assumed": (
        "種別のない灯りは管理者から決めました（市→街路灯、それ以外→防犯灯）: {n:,}件",
        "Lights without a kind were classed by their manager (city: 街路灯, otherwise 防犯灯): {n:,}",
    ),
    "import.note.town_unknown": (
        "町丁目の表にない町丁目名（{example}）は位置から町丁目を求めました: {n:,}件",
        "Town names not in the towns table ({example}) were replaced by the town at the location: {n:,}",
    ),
    "import.note.town_from_location": (
        "町丁目を位置（町丁目の区域）から求めた行: {n:,}件", "Rows whose town was found from their location: {n:,}",
    ),
    "import.note.school_unknown": (
        "学校の表にない学校の通学路（学校IDは空のまま）: {n:,}件",
        "Routes of a school not in the schools table (school id left as given or blank): {n:,}",
    ),
    "import.note.population_year_from_name": (
        "人口の年 {year} 年を名前「{file}」から読みました。", "Population year {year} read from the name {file!r}.",
    ),
    "import.note.population_year_unknown": (
        "人口の年が分からないため、空にしました。", "The population's year is unknown and was left blank.",
    ),
    "import.note.population_missing": (
        "人口・世帯数が数値でない町丁目は人口の表に入れていません: {n:,}件",
        "Towns whose population or households are not numbers were left out of the population table: {n:,}",
    ),
    "import.note.towns_new": (
        "今の町丁目の表にない町丁目（{example}）: {n:,}件", "Towns not in the current towns table ({example}): {n:,}",
    ),
    "import.note.towns_missing": (
        "今の町丁目の表にあり、このファイルにない町丁目（{example}）: {n:,}件。これらの町丁目の事件などは地図に出なくなります。",
        "Towns in the current towns table but not in this file ({example}): {n:,}; their incidents will no longer show on maps.",
    ),
    "import.note.koban_from_area": (
        "交番を交番区域の位置から求めた町丁目: {n:,}件", "Towns whose police box was found from the police-box areas: {n:,}",
    ),
    "import.note.towns_without_koban": (
        "交番が決まらない町丁目（{example}）は交番を空にしました: {n:,}件",
        "Towns in no police-box area ({example}) were left without a box: {n:,}",
    ),
    "import.note.koban_missing": (
        "今の交番区域にあり、このファイルにない交番: {names}", "Police boxes in the current areas but not in this file: {names}",
    ),
    "import.note.koban_new": (
        "今の交番区域にない交番（英語名はありません）: {names}", "Police boxes not in the current areas (no English name yet): {names}",
    ),
}
