-- Citizen-survey answers counted per wave: how many respondents gave each answer to each question.
-- Parameters: $fiscal_year INTEGER (the wave, 年度; NULL = every wave).
-- Returns: fiscal_year INTEGER, question VARCHAR ('awareness' | 'activity' | 'satisfaction'),
--   answer VARCHAR (as stored, Japanese, 無回答 included), n BIGINT (respondents giving it),
--   n_wave BIGINT (all respondents of the wave: the denominator of every share, as in the plan),
--   source VARCHAR (the rows' source: 'sample' or the name of an imported survey).
--   Ordered by fiscal_year, question, answer.
WITH wave AS (
    SELECT fiscal_year, awareness, activity, satisfaction, source,
           count(*) OVER (PARTITION BY fiscal_year) AS n_wave
    FROM survey_responses
    WHERE ($fiscal_year IS NULL OR fiscal_year = $fiscal_year)
),
long AS (
    UNPIVOT wave ON awareness, activity, satisfaction INTO NAME question VALUE answer
)
SELECT fiscal_year, question, answer, count(*) AS n, any_value(n_wave) AS n_wave,
       string_agg(DISTINCT source, ', ' ORDER BY source) AS source
FROM long
GROUP BY fiscal_year, question, answer
ORDER BY fiscal_year, question, answer
