-- Located incidents matching the filter (for hexagons, hotspots and, when few, points).
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: incident_id, lat, lon, hour, offence, koban, town; rows without a location left out.
SELECT incident_id, lat, lon, hour, offence, koban, town
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
WHERE lat IS NOT NULL AND lon IS NOT NULL
ORDER BY incident_id
