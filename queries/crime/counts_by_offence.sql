-- Incidents matching the filter by offence group and offence (modus).
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: offence_group VARCHAR, offence VARCHAR, n BIGINT, largest first.
SELECT offence_group, offence, CAST(sum(n) AS BIGINT) AS n
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
GROUP BY ALL
ORDER BY n DESC, offence
