-- Located incidents at street-side places (on the road, in parks, at car and bicycle parks), for weighting school routes.
-- Parameters: $place_list (police place types counted as street-side).
-- Returns: data_year, lat, lon (rows without a location left out).
SELECT data_year, lat, lon
FROM incidents
WHERE lat IS NOT NULL AND lon IS NOT NULL AND list_contains($place_list, place_type)
ORDER BY incident_id
