-- The plan's measures by viewpoint, in the plan's order.
-- Parameters: none.
-- Returns: measure_id, viewpoint, viewpoint_ja, viewpoint_en, title_ja, title_en, initiative_ja, initiative_en.
SELECT measure_id, viewpoint, viewpoint_ja, viewpoint_en, title_ja, title_en, initiative_ja, initiative_en
FROM plan_measures ORDER BY viewpoint, measure_id
