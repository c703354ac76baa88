-- The range of years, complete fiscal years and occurrence dates the incidents cover, and
-- place types. A fiscal year counts only when all its twelve months lie within the data
-- (April of the first year to March after the last): partial years would mislead a trend.
-- Parameters: none.
-- Returns: one row: year_min, year_max, fy_min, fy_max, date_min, date_max, places VARCHAR[].
SELECT min(data_year) AS year_min, max(data_year) AS year_max,
       min(data_year) AS fy_min, max(data_year) - 1 AS fy_max,
       min(occurred_on) AS date_min, max(occurred_on) AS date_max,
       list(DISTINCT place_type ORDER BY place_type) FILTER (WHERE place_type IS NOT NULL) AS places
FROM incidents
