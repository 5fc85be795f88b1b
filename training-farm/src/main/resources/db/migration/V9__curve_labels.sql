-- Properties read off the stored curves (issue 15), cached per property and run. Portable between H2 2.4 and
-- PostgreSQL 15. A finished run's curve does not change, so its label for a property is computed once and kept:
-- a query reads these rows instead of every curve. `claims` is the run's claim count when it was labelled (a run
-- resumed and trained again has a new curve: its old row no longer matches and is replaced); `version` is the
-- labeller's (a learncast whose labelling rules changed ignores older rows). `pointwise`: memorisation's label at
-- each evaluated step ("step:0|1,…"), NULL for monotone properties.
CREATE TABLE curve_labels (
    property     VARCHAR(400)  NOT NULL,
    run_id       BIGINT        NOT NULL,
    version      INT           NOT NULL,
    claims       INT           NOT NULL,
    event_step   BIGINT,
    reach_step   BIGINT,
    never        BOOLEAN       NOT NULL,
    observed_to  BIGINT        NOT NULL,
    t_mem        BIGINT,
    t_gen        BIGINT,
    pointwise    ${text},
    PRIMARY KEY (property, run_id),
    CONSTRAINT curve_labels_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
);
