-- Recorded offences and residents per police-box area, for rates per 1,000 residents.
-- Parameters: $fiscal_year INTEGER (年度, April to March; NULL = every year in the data);
--   $koban_list VARCHAR[] (the city's police boxes in a national database,
--   bohan.filters.Vocab.home; NULL = every box).
-- Returns: one row per police box listed (all 12, 0 offences where none):
--   koban VARCHAR, n_offences BIGINT (incidents recorded by that box in the fiscal year,
--   towns unknown included), population BIGINT (residents of the box's towns, town_population),
--   population_year INTEGER, period_start DATE and period_end DATE (the part of the fiscal year
--   that the incident data cover: it can be shorter than April to March at the data's ends),
--   offences_source VARCHAR and population_source VARCHAR ('sample' or a real data set's name).
--   Ordered by koban.
WITH scoped AS (
    SELECT koban, recorded_on, fiscal_year, source
    FROM incidents
    WHERE $koban_list IS NULL OR koban IN (SELECT unnest($koban_list))
),
span AS (
    SELECT min(recorded_on) AS data_start, max(recorded_on) AS data_end,
           string_agg(DISTINCT source, ', ' ORDER BY source) AS offences_source,
           (SELECT string_agg(DISTINCT source, ', ' ORDER BY source) FROM town_population) AS population_source
    FROM scoped
),
offences AS (
    SELECT koban, count(*) AS n_offences
    FROM scoped
    WHERE ($fiscal_year IS NULL OR fiscal_year = $fiscal_year)
    GROUP BY koban
),
residents AS (
    SELECT t.koban, sum(p.population) AS population, min(p.population_year) AS population_year
    FROM towns AS t
    JOIN town_population AS p ON p.town = t.town
    GROUP BY t.koban
)
SELECT k.koban,
       coalesce(o.n_offences, 0) AS n_offences,
       CAST(r.population AS BIGINT) AS population,
       r.population_year,
       CASE WHEN $fiscal_year IS NULL THEN s.data_start
            ELSE greatest(make_date(CAST($fiscal_year AS INTEGER), 4, 1), s.data_start) END AS period_start,
       CASE WHEN $fiscal_year IS NULL THEN s.data_end
            ELSE least(make_date(CAST($fiscal_year AS INTEGER) + 1, 3, 31), s.data_end) END AS period_end,
       s.offences_source, s.population_source
FROM koban_areas AS k
CROSS JOIN span AS s
LEFT JOIN offences AS o ON o.koban = k.koban
LEFT JOIN residents AS r ON r.koban = k.koban
WHERE $koban_list IS NULL OR k.koban IN (SELECT unnest($koban_list))
ORDER BY k.koban
