-- Street cameras installed by the city, by fiscal year of installation, with the running total.
-- Parameters: none.
-- Returns: fiscal_year, installed, total.
SELECT installed_fy AS fiscal_year, count(*) AS installed, sum(count(*)) OVER (ORDER BY installed_fy) AS total
FROM cameras WHERE kind = 'street' GROUP BY installed_fy ORDER BY installed_fy
