-- Incidents matching the filter by month of occurrence (seasonality), per year recorded:
-- calendar (data_year) or fiscal year, so a late-December offence recorded in January stays
-- in its year; unknown dates left out.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter),
--   $fiscal BOOLEAN (true: group by fiscal year).
-- Returns: year INTEGER (calendar or fiscal), month INTEGER (1-12, of occurrence), n BIGINT.
SELECT CASE WHEN $fiscal THEN fiscal_year ELSE data_year END AS year, month, CAST(sum(n) AS BIGINT) AS n
FROM incident_counts($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
WHERE month IS NOT NULL AND (NOT coalesce($fiscal, false) OR fiscal_year IS NOT NULL)
GROUP BY ALL
ORDER BY year, month
