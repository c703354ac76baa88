-- Incidents matching the filter by town (町丁目), every town listed (0 where none);
-- rows with an unknown town count for their box and the city only.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter).
-- Returns: town VARCHAR, koban VARCHAR, n BIGINT, largest first.
SELECT t.town, t.koban, count(f.incident_id) AS n
FROM towns AS t
LEFT JOIN filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to) AS f ON f.town = t.town
GROUP BY t.town, t.koban
ORDER BY n DESC, t.town
