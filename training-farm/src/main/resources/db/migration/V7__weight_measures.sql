-- Weight measures at every evaluation (issue 19): a JSON object per curve point (io.learncast.data.WeightMeasures),
-- NULL for points written before this migration or by trainers that do not measure. A column beside the
-- curve's numbers, so old stores read exactly as before and readers that do not ask for it never load it.
-- (V7, not V5: leaves room for migrations other branches add at the same time.)
ALTER TABLE curve_points ADD COLUMN measures ${text};
