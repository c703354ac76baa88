-- Where the city's people live: the bounding box of the urban towns' points, to open the
-- survey maps on the built-up area (the rural police-box areas are large and nearly empty).
-- Parameters: $koban_list VARCHAR[] (the city's police boxes in a national database,
--   bohan.filters.Vocab.home; NULL = every box).
-- Returns: one row: min_lon, min_lat, max_lon, max_lat DOUBLE (WGS84 degrees; NULL if no urban town).
SELECT min(lon) AS min_lon, min(lat) AS min_lat, max(lon) AS max_lon, max(lat) AS max_lat
FROM towns
WHERE urban AND ($koban_list IS NULL OR koban IN (SELECT unnest($koban_list)))
