-- The plan's achievement indicators and activity targets, achievement first.
-- Parameters: none.
-- Returns: one row per indicator with baseline, latest and target values and their years.
SELECT indicator_id, kind, name_ja, name_en, unit,
       baseline_value, baseline_year, baseline_year_kind,
       latest_value, latest_year, latest_year_kind,
       target_value, target_year, target_year_kind, direction, note_ja, note_en, source
FROM plan_indicators
ORDER BY CASE kind WHEN 'achievement' THEN 0 ELSE 1 END, indicator_id = 'offences' DESC,
         CASE indicator_id WHEN 'satisfaction' THEN 0 WHEN 'street_cameras' THEN 1
                           WHEN 'nagara_participants' THEN 2 ELSE 3 END
