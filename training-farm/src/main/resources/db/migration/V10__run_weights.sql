-- A run's final weights, kept only when the farm was asked to (`farm run --keep-weights`, issue 19): one NumPy .npz
-- per run (format 'npz-mlp-1', the one `learncast judge --weights` reads), deflate-compressed, at most the farm's
-- --keep-weights-limit bytes. Written in the same transaction as the run's result, so a killed worker leaves either
-- both or neither; a run trained again loses its old weights in its new result's transaction. In the database, not
-- beside it: the store is the one thing every worker shares (H2 file, H2 TCP, PostgreSQL alike).
CREATE TABLE run_weights (
    run_id      BIGINT        NOT NULL PRIMARY KEY,
    format      VARCHAR(40)   NOT NULL,
    npz         ${blob}       NOT NULL,
    npz_bytes   BIGINT        NOT NULL,
    raw_bytes   BIGINT        NOT NULL,
    npz_sha256  VARCHAR(64)   NOT NULL,
    CONSTRAINT run_weights_run FOREIGN KEY (run_id) REFERENCES runs (id) ON DELETE CASCADE
);
