-- The dashboard's aggregates (issue 17). Portable between H2 2.4 and PostgreSQL 15.
-- A run row is wide (its config JSON, provenance, error), so scanning 100,000 of them reads gigabytes; these
-- narrow indexes hold every column a phase diagram, the task list and a sorted corpus page read, so those
-- queries walk an index instead of the rows.
CREATE INDEX runs_phase ON runs (task_spec, metric, threshold, state, outcome, confirm_step, steps_trained,
    width, depth, lr, wd, train_frac, n_train, batch_size, label_noise, init_scale, steps, id);
CREATE INDEX runs_outcome ON runs (state, outcome, id);
