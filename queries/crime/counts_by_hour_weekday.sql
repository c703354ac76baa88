-- Incidents matching the filter by weekday and hour of occurrence; unknown hours left out.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter).
-- Returns: weekday INTEGER (0 = Monday .. 6 = Sunday), hour INTEGER (0-23), n BIGINT.
SELECT isodow(occurred_on) - 1 AS weekday, hour, count(*) AS n
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to)
WHERE hour IS NOT NULL AND occurred_on IS NOT NULL
GROUP BY ALL
ORDER BY weekday, hour
