-- Town areas (approximate) for maps: those of the police boxes listed, or every town.
-- Parameters: $koban_list VARCHAR[] (NULL = every town; a national database passes the boxes
--   in view, see bohan.filters.Vocab.scope).
-- Returns: town VARCHAR, koban VARCHAR, geometry_wkt VARCHAR (WGS84).
SELECT town, koban, geometry_wkt FROM towns
WHERE $koban_list IS NULL OR koban IN (SELECT unnest($koban_list))
ORDER BY town
