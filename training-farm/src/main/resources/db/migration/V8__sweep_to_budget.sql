-- Sweeps trained to their full budget (issue 15). Portable between H2 2.4 and PostgreSQL 15.
-- A grid spec's `to_budget: true`: every run of the sweep trains to its largest budget past the confirmation of
-- its property, so its curve decides other properties too. A column of the sweep, not of the run's config: a
-- config trained to budget is the same config (same group) as one stopped at its confirmation. Workers read it
-- when they claim a run; sweeps enqueued before this migration are FALSE, as they were trained.
ALTER TABLE sweeps ADD COLUMN to_budget BOOLEAN DEFAULT FALSE NOT NULL;
