-- Import-stage SQL: after a survey import (or its undo), the satisfaction indicator's values follow the
-- survey waves held: the share (%, one decimal) of respondents 満足している or どちらかといえば満足している,
-- of all respondents of the wave (無回答 included), with n. Waves the plan gives (source 'plan') keep the plan's
-- figure; a wave that did not ask the question (satisfaction NULL throughout) gets no value.
-- Parameters: none. Returns: nothing.
DELETE FROM indicator_values WHERE indicator_id = 'satisfaction' AND source <> 'plan';
INSERT INTO indicator_values (indicator_id, year, year_kind, value, n, source)
SELECT 'satisfaction', fiscal_year, 'fiscal',
       round(100.0 * count(*) FILTER (WHERE satisfaction IN ('満足している', 'どちらかといえば満足している')) / count(satisfaction), 1),
       count(satisfaction), any_value(source)
FROM survey_responses
WHERE fiscal_year NOT IN (SELECT year FROM indicator_values WHERE indicator_id = 'satisfaction')
GROUP BY fiscal_year
HAVING count(satisfaction) > 0;
