-- Incidents matching the filter by police box, every box listed (0 where none).
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter).
-- Returns: koban VARCHAR, n BIGINT, largest first.
SELECT k.koban, count(f.incident_id) AS n
FROM koban_areas AS k
LEFT JOIN filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to) AS f ON f.koban = k.koban
GROUP BY k.koban
ORDER BY n DESC, k.koban
