-- The filtered incidents aggregated for download: counts by year, box, town and offence.
-- Parameters: the filter ($koban_list, $town_list, $group_list, $offence_list, $place_list,
--   $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from,
--   $date_to, $town_boxes; see queries/build/macros.sql; NULL = no filter).
-- Returns: data_year, fiscal_year, koban, town, offence_group, offence, place_type, n.
SELECT data_year, fiscal_year, koban, town, offence_group, offence, place_type, count(*) AS n
FROM filtered_incidents($koban_list, $town_list, $group_list, $offence_list, $place_list, $hour_start, $hour_end, $weekday_list, $year_from, $year_to, $fy_from, $fy_to, $date_from, $date_to, $town_boxes)
GROUP BY ALL
ORDER BY ALL
