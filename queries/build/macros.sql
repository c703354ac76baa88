-- Build-stage SQL: the one definition of "incidents matching the analyst's filter".
-- Every page query on incidents selects FROM filtered_incidents(...) (one row per incident) or
-- incident_counts(...) (counts, from the pre-aggregated incident_cube when it can), with its
-- parameters bound by name, so each filter means the same thing on every chart. A NULL argument means
-- "no filter" on that dimension.
--   koban_list, town_list, group_list, offence_list, place_list  VARCHAR[]  (any of)
--   hour_start, hour_end  INTEGER 0-24, end exclusive; start > end wraps past midnight
--                         (18, 6 = 18:00-06:00). Rows with an unknown hour drop out.
--   weekday_list  INTEGER[]  0 = Monday .. 6 = Sunday, of the occurrence date (incidents.weekday).
--   year_from, year_to    INTEGER  calendar year police recorded it (data_year).
--   fy_from, fy_to        INTEGER  fiscal year (April-March) of the recording date.
--   date_from, date_to    DATE     occurrence date, inclusive (unknown dates drop out).
--   town_boxes  VARCHAR[]  the police boxes whose incidents name the towns of town_list (from
--                          incident_towns: bohan.filters.CrimeFilter.params(vocab)), NULL when not looked up.
--                          The same rows as town_list alone, but a box's rows are stored together
--                          (bohan.build.derived.INCIDENT_ORDER), so DuckDB skips every other box's
--                          (one town of 10 M incidents: 11 -> 4 ms); a town name says nothing of where
--                          its rows lie.
-- A list of boxes is matched as a semi-join (koban IN (SELECT unnest(list))), not list_contains, here and
-- in every query taking $koban_list: DuckDB then filters the scan itself by the boxes (a dynamic filter),
-- so the other columns are read for the matching rows only, not for every row of the row groups the
-- boxes lie in (the city's twelve boxes in 10 M incidents: points 46 -> 18 ms; no change without a box
-- filter).
-- One definition of the filter on the dimensions incident_cube keeps too, shared by both macros.
CREATE OR REPLACE MACRO kept_by_filter(
    group_list, offence_list, place_list, hour_start, hour_end, weekday_list, year_from, year_to, fy_from, fy_to,
    offence_group, offence, place_type, hour, weekday, data_year, fiscal_year
) AS (group_list IS NULL OR list_contains(group_list, offence_group))
  AND (offence_list IS NULL OR list_contains(offence_list, offence))
  AND (place_list IS NULL OR list_contains(place_list, place_type))
  AND (hour_start IS NULL OR hour_end IS NULL
       OR CASE WHEN hour_start < hour_end THEN hour >= hour_start AND hour < hour_end
               ELSE hour >= hour_start OR hour < hour_end END)
  AND (weekday_list IS NULL OR list_contains(weekday_list, weekday))
  AND (year_from IS NULL OR data_year >= year_from)
  AND (year_to IS NULL OR data_year <= year_to)
  AND (fy_from IS NULL OR fiscal_year >= fy_from)
  AND (fy_to IS NULL OR fiscal_year <= fy_to);

CREATE OR REPLACE MACRO filtered_incidents(
    koban_list, town_list, group_list, offence_list, place_list,
    hour_start, hour_end, weekday_list, year_from, year_to, fy_from, fy_to, date_from, date_to, town_boxes
) AS TABLE
SELECT *
FROM incidents
WHERE (koban_list IS NULL OR koban IN (SELECT unnest(koban_list)))
  AND (town_list IS NULL OR list_contains(town_list, town))
  AND (town_boxes IS NULL OR koban IN (SELECT unnest(town_boxes)))
  AND kept_by_filter(group_list, offence_list, place_list, hour_start, hour_end, weekday_list, year_from, year_to,
                     fy_from, fy_to, offence_group, offence, place_type, hour, weekday, data_year, fiscal_year)
  AND (date_from IS NULL OR occurred_on >= date_from)
  AND (date_to IS NULL OR occurred_on <= date_to);

-- Counts of the incidents matching the filter, by the dimensions of incident_cube (month and
-- weekday of the occurrence date, NULL when unknown; town_known), with n per row. With no box,
-- town or date filter they come from incident_cube (a few thousand rows whatever the number of
-- incidents), else from the incidents themselves, one row each (n = 1). DuckDB folds the bound
-- parameters, so only one of the two branches is read.
CREATE OR REPLACE MACRO incident_counts(
    koban_list, town_list, group_list, offence_list, place_list,
    hour_start, hour_end, weekday_list, year_from, year_to, fy_from, fy_to, date_from, date_to, town_boxes
) AS TABLE
SELECT data_year, fiscal_year, month, weekday, hour, offence_group, offence, place_type, town_known, n
FROM incident_cube
WHERE koban_list IS NULL AND town_list IS NULL AND date_from IS NULL AND date_to IS NULL
  AND kept_by_filter(group_list, offence_list, place_list, hour_start, hour_end, weekday_list, year_from, year_to,
                     fy_from, fy_to, offence_group, offence, place_type, hour, weekday, data_year, fiscal_year)
UNION ALL
SELECT data_year, fiscal_year, month(occurred_on), weekday, hour, offence_group, offence, place_type,
       town IS NOT NULL, 1
FROM filtered_incidents(koban_list, town_list, group_list, offence_list, place_list, hour_start, hour_end,
                        weekday_list, year_from, year_to, fy_from, fy_to, date_from, date_to, town_boxes)
WHERE NOT (koban_list IS NULL AND town_list IS NULL AND date_from IS NULL AND date_to IS NULL);
