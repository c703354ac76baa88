-- Incidents matching the filter by weekday and hour of occurrence; unknown hours left out.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: weekday INTEGER (0 = Monday .. 6 = Sunday), hour INTEGER (0-23), n BIGINT.
SELECT weekday, hour, CAST(sum(n) AS BIGINT) AS n
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
WHERE hour IS NOT NULL AND weekday IS NOT NULL
GROUP BY ALL
ORDER BY weekday, hour
