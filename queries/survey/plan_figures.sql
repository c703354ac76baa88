-- The plan's own survey figures (awareness, community activity, satisfaction), to check the
-- survey page's shares against what the plan prints.
-- Parameters: none.
-- Returns: figure_id VARCHAR (e.g. awareness_always_2024, activity_participating_2024,
--   satisfaction_baseline), value DOUBLE (percent), year INTEGER (fiscal year). Ordered by figure_id.
SELECT figure_id, value, year
FROM plan_figures
WHERE unit = 'pct' AND year_kind = 'fiscal'
  AND (figure_id LIKE 'awareness%' OR figure_id LIKE 'activity%' OR figure_id LIKE 'satisfaction%')
ORDER BY figure_id
