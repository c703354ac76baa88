-- Located incidents at street-side places (on the road, in parks, at car and bicycle parks), for weighting school routes.
-- Parameters: $place_list (police place types counted as street-side); $koban_list VARCHAR[] (the
--   city's police boxes in a national database, bohan.filters.home_kobans; NULL = every box).
-- Returns: data_year, lat, lon (rows without a location left out).
SELECT data_year, lat, lon
FROM incidents
WHERE lat IS NOT NULL AND lon IS NOT NULL AND list_contains($place_list, place_type)
  AND ($koban_list IS NULL OR koban IN (SELECT unnest($koban_list)))
ORDER BY incident_id
