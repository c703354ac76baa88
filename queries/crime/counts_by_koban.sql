-- Incidents matching the filter by police box, every box listed (0 where none).
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: koban VARCHAR, n BIGINT, largest first.
-- Counted first, then joined to the boxes (joining every incident row to the boxes first took
-- 4x as long at 10 M incidents).
SELECT k.koban, coalesce(c.n, 0) AS n
FROM koban_areas AS k
LEFT JOIN (SELECT koban, count(*) AS n FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes) GROUP BY koban) AS c ON c.koban = k.koban
ORDER BY n DESC, k.koban
