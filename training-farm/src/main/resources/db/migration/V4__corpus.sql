-- Corpus import and export (issue 10). Portable between H2 2.4 and PostgreSQL 15.
-- The two config fields that had no typed column, so `corpus export` can stream runs without parsing
-- their config JSON (rows written before this migration have NULL here and are read from the JSON),
-- and the fields an imported record carried that learncast does not know (a JSON object, NULL for none),
-- which are also kept in the run's provenance.
ALTER TABLE runs ADD COLUMN hold INT;
ALTER TABLE runs ADD COLUMN test_size INT;
ALTER TABLE runs ADD COLUMN extra_json ${text};
