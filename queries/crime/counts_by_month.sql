-- Incidents matching the filter by month of occurrence (seasonality), per calendar year
-- recorded (so a late-December offence recorded in January stays in its data year); unknown
-- dates left out.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter).
-- Returns: year INTEGER (data_year), month INTEGER (1-12, of occurrence), n BIGINT.
SELECT data_year AS year, month(occurred_on) AS month, count(*) AS n
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to)
WHERE occurred_on IS NOT NULL
GROUP BY ALL
ORDER BY year, month
