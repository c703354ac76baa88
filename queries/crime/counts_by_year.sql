-- Incidents matching the filter by year: calendar year recorded, or fiscal year.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter),
--   $fiscal BOOLEAN (true: count by fiscal year of the recording date).
-- Returns: year INTEGER, n BIGINT; one row per year that has incidents. By fiscal year, rows
--   without one (imported police open data carries no recording date) are left out.
SELECT CASE WHEN $fiscal THEN fiscal_year ELSE data_year END AS year, CAST(sum(n) AS BIGINT) AS n
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
WHERE NOT coalesce($fiscal, false) OR fiscal_year IS NOT NULL
GROUP BY ALL
ORDER BY year
