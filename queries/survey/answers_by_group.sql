-- Citizen-survey answers counted per wave and group: by age band and by area (police box).
-- Parameters: $fiscal_year INTEGER (the wave, 年度; NULL = every wave),
--   $dimension VARCHAR ('age_band' | 'area'; NULL = both).
-- Returns: fiscal_year INTEGER, dimension VARCHAR ('age_band' | 'area'), grp VARCHAR (the age
--   band or area as stored), question VARCHAR ('awareness' | 'activity' | 'satisfaction'),
--   answer VARCHAR (as stored, 無回答 included), n BIGINT (respondents of the group giving it),
--   n_group BIGINT (all respondents of the group in the wave: the denominator).
--   Ordered by fiscal_year, dimension, grp, question, answer.
WITH base AS (
    SELECT fiscal_year, 'age_band' AS dimension, age_band AS grp, awareness, activity, satisfaction
    FROM survey_responses
    UNION ALL
    SELECT fiscal_year, 'area' AS dimension, area AS grp, awareness, activity, satisfaction
    FROM survey_responses
),
picked AS (
    SELECT *, count(*) OVER (PARTITION BY fiscal_year, dimension, grp) AS n_group
    FROM base
    WHERE ($fiscal_year IS NULL OR fiscal_year = $fiscal_year)
      AND ($dimension IS NULL OR dimension = $dimension)
),
long AS (
    UNPIVOT picked ON awareness, activity, satisfaction INTO NAME question VALUE answer
)
SELECT fiscal_year, dimension, grp, question, answer, count(*) AS n, any_value(n_group) AS n_group
FROM long
GROUP BY fiscal_year, dimension, grp, question, answer
ORDER BY fiscal_year, dimension, grp, question, answer
