-- Incidents matching the filter by place type (as police data writes it).
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: place_type VARCHAR, n BIGINT, largest first.
SELECT coalesce(place_type, '不明') AS place_type, CAST(sum(n) AS BIGINT) AS n
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
GROUP BY ALL
ORDER BY n DESC, place_type
