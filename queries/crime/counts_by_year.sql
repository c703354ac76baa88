-- Incidents matching the filter by year: calendar year recorded, or fiscal year.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to; see queries/build/macros.sql; NULL = no filter),
--   $fiscal BOOLEAN (true: count by fiscal year of the recording date).
-- Returns: year INTEGER, n BIGINT; one row per year that has incidents.
SELECT CASE WHEN $fiscal THEN fiscal_year ELSE data_year END AS year, count(*) AS n
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to)
GROUP BY ALL
ORDER BY year
