-- Special fraud (特殊詐欺) in the police district by year: cases and damage.
-- Parameters: none.
-- Returns: year, cases, damage_yen.
SELECT data_year AS year, count(*) AS cases, sum(damage_yen) AS damage_yen
FROM fraud_cases GROUP BY data_year ORDER BY data_year
