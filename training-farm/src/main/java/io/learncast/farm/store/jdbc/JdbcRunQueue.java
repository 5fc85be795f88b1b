package io.learncast.farm.store.jdbc;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.EnqueueReport;
import io.learncast.farm.store.RunQueue;

import io.learncast.farm.weights.KeptWeights;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The queue side of the store on JDBC. */
final class JdbcRunQueue implements RunQueue {
    private final Database db;

    JdbcRunQueue(Database db) {
        this.db = db;
    }

    /** The run's own columns, then one typed column per catalogue knob (the knob's column name, a constant). */
    private static final String RUN_COLUMNS = "config_hash, group_hash, shape_key, source, sweep_id, config_json, task, "
            + "budgets, seed, replica, param_count, train_size, num_classes, state, priority, "
            + KnobCatalogue.all().stream().map(Knob::column).collect(Collectors.joining(", "));
    private static final int RUN_PARAMS = 15 + KnobCatalogue.all().size();
    private static final String INSERT_RUN = "INSERT INTO runs (" + RUN_COLUMNS + ") VALUES (" + marks(RUN_PARAMS) + ")";
    /** A finished imported run in one statement: the run, its result and its unknown fields. */
    private static final String INSERT_IMPORTED = "INSERT INTO runs (" + RUN_COLUMNS + ", outcome, learned, steps_to_learn, confirm_step, "
            + "steps_trained, final_test_acc, best_test_acc, final_train_acc, final_test_loss, final_train_loss, wall_ms, dataset_fp, trainer, "
            + "provenance_json, extra_json, finished_at) VALUES (" + marks(RUN_PARAMS + 15) + ", CURRENT_TIMESTAMP)";

    private static String marks(int n) { return String.join(",", java.util.Collections.nCopies(n, "?")); }

    @Override
    public EnqueueReport enqueue(List<RunConfig> configs, String source, Sweep sweep) {
        return enqueue(configs, source, sweep, null);
    }

    @Override
    public EnqueueReport enqueue(List<RunConfig> configs, String source, Sweep sweep, java.util.function.LongConsumer progress) {
        // Task facts (parameter count, training-set size) are computed once per group, outside the transaction.
        Map<String, TaskFacts> facts = facts(configs);
        return db.tx(conn -> enqueue(conn, configs, facts, source, sweep, progress));
    }

    /** Task facts by group hash (building a task may read a file: done before any transaction opens). */
    static Map<String, TaskFacts> facts(List<RunConfig> configs) {
        io.learncast.farm.train.Trainable.require(configs); // nothing no trainer can train is ever queued
        Map<String, TaskFacts> facts = new HashMap<>();
        for (RunConfig c : configs) facts.computeIfAbsent(c.groupHash(), k -> TaskFacts.of(c));
        return facts;
    }

    /** Enqueues within the caller's transaction (a grow round enqueues, records its forecasts and its row in one). */
    static EnqueueReport enqueue(Connection conn, List<RunConfig> configs, Map<String, TaskFacts> facts, String source, Sweep sweep,
                                 java.util.function.LongConsumer progress) throws SQLException {
        Long sweepId = sweep == null ? null : sweepId(conn, sweep, configs.size());
        Set<String> present = existingHashes(conn, configs.stream().map(RunConfig::configHash).toList());
        List<Long> added = new ArrayList<>();
        int already = 0;
        try (PreparedStatement ps = conn.prepareStatement(INSERT_RUN, new String[] {"id"})) {
            Set<String> seen = new HashSet<>();
            long done = 0;
            for (RunConfig c : configs) {
                if (progress != null && ++done % 250 == 0) progress.accept(done);
                String hash = c.configHash();
                if (present.contains(hash) || !seen.add(hash)) {
                    already++;
                    continue;
                }
                bindRun(ps, c, facts.get(c.groupHash()), source, sweepId, "QUEUED");
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    added.add(keys.getLong(1));
                }
            }
        }
        if (progress != null) progress.accept(configs.size());
        return new EnqueueReport(added, already, sweepId);
    }

    private static void bindRun(PreparedStatement ps, RunConfig c, TaskFacts f, String source, Long sweepId, String state) throws SQLException {
        int i = 1;
        ps.setString(i++, c.configHash());
        ps.setString(i++, c.groupHash());
        ps.setString(i++, c.shapeKey());
        ps.setString(i++, source);
        if (sweepId == null) ps.setNull(i++, Types.BIGINT); else ps.setLong(i++, sweepId);
        ps.setString(i++, ConfigJson.write(c));
        ps.setString(i++, c.taskSpec().name());
        ps.setString(i++, c.budgets().stream().map(String::valueOf).collect(Collectors.joining(",")));
        ps.setLong(i++, c.seed());
        ps.setInt(i++, c.replica());
        ps.setLong(i++, f.paramCount(c));
        ps.setLong(i++, f.nTrain(c));
        ps.setInt(i++, f.classes());
        ps.setString(i++, state);
        ps.setInt(i++, 0);
        for (Knob<?> k : KnobCatalogue.all()) bindKnob(ps, i++, k, k.get(c));
    }

    /** A knob's value in its typed column: numbers as numbers (null when unset), choices by name. */
    private static void bindKnob(PreparedStatement ps, int i, Knob<?> k, Object v) throws SQLException {
        switch (k.type()) {
            case INT -> { if (v == null) ps.setNull(i, Types.INTEGER); else ps.setInt(i, (Integer) v); }
            case LONG -> { if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, (Long) v); }
            case REAL -> { if (v == null) ps.setNull(i, Types.DOUBLE); else ps.setDouble(i, (Double) v); }
            default -> { if (v == null) ps.setNull(i, Types.VARCHAR); else ps.setString(i, k.show(v)); }
        }
    }

    private static Long sweepId(Connection conn, Sweep sweep, int runs) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM sweeps WHERE spec_hash = ?")) {
            ps.setString(1, sweep.specHash());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO sweeps (name, spec_hash, spec_text, runs, to_budget) VALUES (?,?,?,?,?)", new String[] {"id"})) {
            ps.setString(1, sweep.name());
            ps.setString(2, sweep.specHash());
            ps.setString(3, sweep.specText());
            ps.setInt(4, runs);
            ps.setBoolean(5, sweep.toBudget());
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    static Set<String> existingHashes(Connection conn, List<String> hashes) throws SQLException {
        Set<String> out = new HashSet<>();
        for (int from = 0; from < hashes.size(); from += 500) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + 500));
            String marks = chunk.stream().map(h -> "?").collect(Collectors.joining(","));
            try (PreparedStatement ps = conn.prepareStatement("SELECT config_hash FROM runs WHERE config_hash IN (" + marks + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Time for a worker to reconnect after an outage (pool timeout plus backoff) before its leases can be taken. */
    static final long OUTAGE_GRACE_MS = 15_000;

    /** A claimed run's token, config and whether its sweep trains to budget (a run of no sweep does not). */
    private static final String CLAIMED = "SELECT r.claims, r.config_json, COALESCE(s.to_budget, FALSE) FROM runs r "
            + "LEFT JOIN sweeps s ON s.id = r.sweep_id WHERE r.id = ?";

    @Override
    public List<Claim> claim(String worker, int max, Duration lease) {
        // After an outage every worker's leases look expired (the database's clock ran on): give their holders
        // a lease length, plus time to reconnect, to renew them before reclaiming anything as a crashed worker's.
        if (db.millisSinceOutage() > lease.toMillis() + OUTAGE_GRACE_MS) reclaimExpired();
        return db.tx(conn -> {
            long first;
            String shape;
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT id, shape_key FROM runs WHERE state = 'QUEUED' ORDER BY priority DESC, id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return List.of();
                    first = rs.getLong(1);
                    shape = rs.getString(2);
                }
            }
            List<Long> ids = new ArrayList<>();
            ids.add(first);
            if (max > 1) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "SELECT id FROM runs WHERE state = 'QUEUED' AND shape_key = ? AND id <> ? ORDER BY priority DESC, id LIMIT ? FOR UPDATE SKIP LOCKED")) {
                    ps.setString(1, shape);
                    ps.setLong(2, first);
                    ps.setInt(3, max - 1);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) ids.add(rs.getLong(1));
                    }
                }
            }
            List<Claim> claims = new ArrayList<>();
            try (PreparedStatement up = conn.prepareStatement("UPDATE runs SET state = 'RUNNING', claims = claims + 1, lease_owner = ?, worker = ?, "
                    + "lease_expires = " + db.dialect.nowPlusMillis + ", started_at = CURRENT_TIMESTAMP, "
                    + "first_started_at = COALESCE(first_started_at, CURRENT_TIMESTAMP) WHERE id = ? AND state = 'QUEUED'");
                 PreparedStatement read = conn.prepareStatement(CLAIMED)) {
                for (long id : ids) {
                    up.setString(1, worker);
                    up.setString(2, worker);
                    up.setLong(3, lease.toMillis());
                    up.setLong(4, id);
                    if (up.executeUpdate() != 1) continue; // taken meanwhile: the guard keeps claims exclusive
                    read.setLong(1, id);
                    try (ResultSet rs = read.executeQuery()) {
                        rs.next();
                        claims.add(new Claim(id, rs.getInt(1), worker, ConfigJson.config(rs.getString(2)), rs.getBoolean(3)));
                    }
                }
            }
            return claims;
        });
    }

    @Override
    public java.util.Optional<Claim> claimRun(long runId, String worker, Duration lease) {
        return db.tx(conn -> {
            try (PreparedStatement up = conn.prepareStatement("UPDATE runs SET state = 'RUNNING', claims = claims + 1, lease_owner = ?, worker = ?, "
                    + "lease_expires = " + db.dialect.nowPlusMillis + ", started_at = CURRENT_TIMESTAMP, "
                    + "first_started_at = COALESCE(first_started_at, CURRENT_TIMESTAMP) WHERE id = ? AND state = 'QUEUED'");
                 PreparedStatement read = conn.prepareStatement(CLAIMED)) {
                up.setString(1, worker);
                up.setString(2, worker);
                up.setLong(3, lease.toMillis());
                up.setLong(4, runId);
                if (up.executeUpdate() != 1) return java.util.Optional.<Claim>empty();
                read.setLong(1, runId);
                try (ResultSet rs = read.executeQuery()) {
                    rs.next();
                    return java.util.Optional.of(new Claim(runId, rs.getInt(1), worker, ConfigJson.config(rs.getString(2)), rs.getBoolean(3)));
                }
            }
        });
    }

    @Override
    public int reclaimExpired() {
        return db.tx(conn -> {
            List<Long> expired = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT id FROM runs WHERE state = 'RUNNING' AND lease_expires < CURRENT_TIMESTAMP FOR UPDATE SKIP LOCKED")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) expired.add(rs.getLong(1));
                }
            }
            int n = 0;
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET "
                    + "state = CASE WHEN attempts + 1 >= max_attempts THEN 'FAILED' ELSE 'QUEUED' END, attempts = attempts + 1, "
                    + "error = CONCAT('lease of ', COALESCE(lease_owner, '?'), ' expired'), lease_owner = NULL, lease_expires = NULL "
                    + "WHERE id = ? AND state = 'RUNNING' AND lease_expires < CURRENT_TIMESTAMP")) {
                for (long id : expired) {
                    ps.setLong(1, id);
                    n += ps.executeUpdate();
                }
            }
            return n;
        });
    }

    @Override
    public Set<Claim> renew(Collection<Claim> claims, Duration lease) {
        if (claims.isEmpty()) return Set.of();
        return db.tx(conn -> {
            Set<Claim> lost = new HashSet<>();
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET lease_expires = " + db.dialect.nowPlusMillis
                    + " WHERE id = ? AND claims = ? AND state = 'RUNNING'")) {
                for (Claim c : claims) {
                    ps.setLong(1, lease.toMillis());
                    ps.setLong(2, c.runId());
                    ps.setInt(3, c.token());
                    if (ps.executeUpdate() != 1) lost.add(c);
                }
            }
            return lost;
        });
    }

    /** Locks the run's row and checks the claim still holds; every fenced write starts here. */
    private static boolean holds(Connection conn, Claim c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT state, claims FROM runs WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, c.runId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "RUNNING".equals(rs.getString(1)) && rs.getInt(2) == c.token();
            }
        }
    }

    @Override
    public boolean appendCurve(Claim claim, List<CurvePoint> points) {
        if (points.isEmpty()) return true;
        return db.tx(conn -> {
            if (!holds(conn, claim)) return false;
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM curve_points WHERE run_id = ? AND attempt = ? AND step >= ?")) {
                del.setLong(1, claim.runId());
                del.setInt(2, claim.token());
                del.setLong(3, points.get(0).step());
                del.executeUpdate();
            }
            insertPoints(conn, claim.runId(), claim.token(), points);
            return true;
        });
    }

    @Override
    public boolean complete(Claim claim, RunResult r) {
        return complete(claim, r, null);
    }

    @Override
    public boolean complete(Claim claim, RunResult r, KeptWeights weights) {
        return db.tx(conn -> {
            if (!holds(conn, claim)) return alreadyCompletedBy(conn, claim);
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM curve_points WHERE run_id = ?")) {
                del.setLong(1, claim.runId());
                del.executeUpdate();
            }
            keepWeights(conn, claim.runId(), weights);
            insertPoints(conn, claim.runId(), claim.token(), r.curve());
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET state = 'DONE', outcome = ?, learned = ?, steps_to_learn = ?, "
                    + "confirm_step = ?, steps_trained = ?, final_test_acc = ?, best_test_acc = ?, final_train_acc = ?, final_test_loss = ?, "
                    + "final_train_loss = ?, wall_ms = ?, dataset_fp = ?, trainer = ?, provenance_json = ?, finished_at = CURRENT_TIMESTAMP, "
                    + "lease_owner = NULL, lease_expires = NULL, error = NULL, verdict_json = COALESCE(?, verdict_json) WHERE id = ? AND claims = ?")) {
                // a verdict is only ever added: a resumed run keeps the verdict that stopped it (it is not stopped again)
                bindResult(ps, r);
                ps.setString(15, r.verdictJson());
                ps.setLong(16, claim.runId());
                ps.setInt(17, claim.token());
                ps.executeUpdate();
            }
            recordDataset(conn, claim.config(), r);
            return true;
        });
    }

    /** Replaces the run's kept weights by {@code w} (none when null), inside the completion's transaction. */
    private static void keepWeights(Connection conn, long runId, KeptWeights w) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM run_weights WHERE run_id = ?")) {
            del.setLong(1, runId);
            del.executeUpdate();
        }
        if (w == null) return;
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO run_weights (run_id, format, npz, npz_bytes, raw_bytes, npz_sha256) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, runId);
            ps.setString(2, w.format());
            ps.setBytes(3, w.npz());
            ps.setLong(4, w.npz().length);
            ps.setLong(5, w.rawBytes());
            ps.setString(6, io.learncast.common.Hashing.sha256Hex(w.npz()));
            ps.executeUpdate();
        }
    }

    /** After an outage a completion may be retried although its first try committed: that counts as success. */
    private static boolean alreadyCompletedBy(Connection conn, Claim c) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT state, claims FROM runs WHERE id = ?")) {
            ps.setLong(1, c.runId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "DONE".equals(rs.getString(1)) && rs.getInt(2) == c.token();
            }
        }
    }

    private static void bindResult(PreparedStatement ps, RunResult r) throws SQLException {
        bindResult(ps, 0, r);
    }

    /** Binds the 14 result parameters after the first {@code offset}; a negative wall time (unknown, imports) is NULL. */
    private static void bindResult(PreparedStatement ps, int offset, RunResult r) throws SQLException {
        ps.setString(offset + 1, r.outcome().name());
        ps.setBoolean(offset + 2, r.learned());
        setLong(ps, offset + 3, r.stepsToLearn());
        setLong(ps, offset + 4, r.confirmStep());
        ps.setLong(offset + 5, r.stepsTrained());
        setDouble(ps, offset + 6, r.finalTestAcc());
        setDouble(ps, offset + 7, r.bestTestAcc());
        setDouble(ps, offset + 8, r.finalTrainAcc());
        setDouble(ps, offset + 9, r.finalTestLoss());
        setDouble(ps, offset + 10, r.finalTrainLoss());
        setLong(ps, offset + 11, r.wallMs() < 0 ? null : r.wallMs());
        ps.setString(offset + 12, r.datasetFingerprint());
        ps.setString(offset + 13, r.trainer());
        ps.setString(offset + 14, r.provenance() == null ? null : ConfigJson.write(r.provenance()));
    }

    /** A dataset's {@code spec_json}: what built it (keys in alphabetical order and nulls written, as stored rows have them). */
    @JsonPropertyOrder(alphabetic = true)
    record DatasetSpec(@JsonProperty("task") String task, @JsonProperty("train_frac") Double trainFrac, @JsonProperty("n_train") Integer nTrain,
                       @JsonProperty("test_size") Integer testSize, @JsonProperty("label_noise") double labelNoise,
                       @JsonProperty("data_seed") long dataSeed) {}

    static void recordDataset(Connection conn, RunConfig c, RunResult r) throws SQLException {
        if (r.datasetFingerprint() == null) return;
        try (PreparedStatement q = conn.prepareStatement("SELECT 1 FROM datasets WHERE fingerprint = ?")) {
            q.setString(1, r.datasetFingerprint());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) return;
            }
        }
        DatasetSpec spec = new DatasetSpec(c.task(), c.trainFrac(), c.nTrain(), c.testSize(), c.labelNoise(), c.dataSeed());
        try (PreparedStatement ps = conn.prepareStatement(
                "INSERT INTO datasets (fingerprint, task, spec_json, n_train, n_test, num_classes) VALUES (?,?,?,?,?,?)")) {
            ps.setString(1, r.datasetFingerprint());
            ps.setString(2, c.task());
            ps.setString(3, ConfigJson.write(spec));
            ps.setInt(4, r.trainSize());
            ps.setInt(5, r.testSize());
            ps.setInt(6, r.numClasses());
            ps.executeUpdate();
        }
    }

    private static final String INSERT_POINT = "INSERT INTO curve_points (run_id, attempt, step, train_loss, train_acc, test_loss, test_acc, weight_norm, measures) "
            + "VALUES (?,?,?,?,?,?,?,?,?)";

    static void insertPoints(Connection conn, long runId, int attempt, List<CurvePoint> points) throws SQLException {
        if (points.isEmpty()) return;
        try (PreparedStatement ps = conn.prepareStatement(INSERT_POINT)) {
            for (CurvePoint p : points) {
                bindPoint(ps, runId, attempt, p);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void bindPoint(PreparedStatement ps, long runId, int attempt, CurvePoint p) throws SQLException {
        ps.setLong(1, runId);
        ps.setInt(2, attempt);
        ps.setLong(3, p.step());
        setDouble(ps, 4, p.trainLoss());
        setDouble(ps, 5, p.trainAcc());
        setDouble(ps, 6, p.testLoss());
        setDouble(ps, 7, p.testAcc());
        setDouble(ps, 8, p.weightNorm());
        ps.setString(9, RunRows.measuresJson(p.measures()));
    }

    static void setDouble(PreparedStatement ps, int i, double v) throws SQLException {
        if (Double.isFinite(v)) ps.setDouble(i, v); else ps.setNull(i, Types.DOUBLE);
    }

    static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    @Override
    public boolean fail(Claim claim, String error) {
        return db.tx(conn -> {
            if (!holds(conn, claim)) return false;
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET "
                    + "state = CASE WHEN attempts + 1 >= max_attempts THEN 'FAILED' ELSE 'QUEUED' END, attempts = attempts + 1, "
                    + "error = ?, lease_owner = NULL, lease_expires = NULL, finished_at = CASE WHEN attempts + 1 >= max_attempts THEN CURRENT_TIMESTAMP END "
                    + "WHERE id = ? AND claims = ?")) {
                ps.setString(1, truncate(error, 4000));
                ps.setLong(2, claim.runId());
                ps.setInt(3, claim.token());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean release(Claim claim) {
        return db.tx(conn -> {
            if (!holds(conn, claim)) return false;
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE runs SET state = 'QUEUED', lease_owner = NULL, lease_expires = NULL WHERE id = ? AND claims = ?")) {
                ps.setLong(1, claim.runId());
                ps.setInt(2, claim.token());
                ps.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public boolean requeue(long runId, String reason) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET state = 'QUEUED', attempts = 0, error = ?, outcome = NULL, "
                    + "learned = NULL, finished_at = NULL WHERE id = ? AND state IN ('DONE', 'FAILED') AND source = 'farm'")) {
                ps.setString(1, truncate(reason, 4000));
                ps.setLong(2, runId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<Long> retryFailed(Long sweepId) {
        return db.tx(conn -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id FROM runs WHERE state = 'FAILED'" + (sweepId == null ? "" : " AND sweep_id = ?")
                    + " ORDER BY id FOR UPDATE")) {
                if (sweepId != null) ps.setLong(1, sweepId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) ids.add(rs.getLong(1));
                }
            }
            // attempts start again; claims (the fencing token) keeps counting, so no earlier claim can write
            try (PreparedStatement ps = conn.prepareStatement("UPDATE runs SET state = 'QUEUED', attempts = 0, lease_owner = NULL, lease_expires = NULL, "
                    + "finished_at = NULL WHERE id = ? AND state = 'FAILED'")) {
                for (long id : ids) {
                    ps.setLong(1, id);
                    ps.addBatch();
                }
                if (!ids.isEmpty()) ps.executeBatch();
            }
            return ids;
        });
    }

    @Override
    public Long importRun(RunConfig config, RunResult r, String source) {
        return importRuns(List.of(new ImportedRun(config, r, source))).get(0);
    }

    @Override
    public List<Long> importRuns(List<ImportedRun> runs) {
        if (runs.isEmpty()) return List.of();
        // Task facts depend only on the task and the training-set size: computed once per batch, outside the transaction.
        Map<String, TaskFacts> facts = new HashMap<>();
        List<String> hashes = new ArrayList<>(runs.size());
        for (ImportedRun r : runs) {
            RunConfig c = r.config();
            facts.computeIfAbsent(factsKey(c), k -> TaskFacts.of(c));
            hashes.add(c.configHash());
        }
        return db.tx(conn -> {
            Set<String> present = existingHashes(conn, hashes);
            Set<String> seen = new HashSet<>();
            List<Integer> fresh = new ArrayList<>();
            List<Long> keys = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(INSERT_IMPORTED, new String[] {"id"})) {
                for (int i = 0; i < runs.size(); i++) {
                    String hash = hashes.get(i);
                    if (present.contains(hash) || !seen.add(hash)) continue;
                    ImportedRun r = runs.get(i);
                    RunConfig c = r.config();
                    bindRun(ps, c, facts.get(factsKey(c)), r.source(), null, "DONE");
                    bindResult(ps, RUN_PARAMS, r.result());
                    var p = r.result().provenance();
                    ps.setString(RUN_PARAMS + 15, p == null || p.extra() == null || p.extra().isEmpty() ? null : ConfigJson.write(p.extra()));
                    ps.addBatch();
                    fresh.add(i);
                }
                if (!fresh.isEmpty()) {
                    ps.executeBatch();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        while (rs.next()) keys.add(rs.getLong(1));
                    }
                }
            }
            // the ids, in insertion order; a driver that does not return a batch's keys is asked by hash
            Map<String, Long> ids = new HashMap<>();
            if (keys.size() == fresh.size()) {
                for (int k = 0; k < keys.size(); k++) ids.put(hashes.get(fresh.get(k)), keys.get(k));
            } else {
                ids = idsByHash(conn, fresh.stream().map(hashes::get).toList());
            }
            Long[] out = new Long[runs.size()];
            try (PreparedStatement ps = conn.prepareStatement(INSERT_POINT)) {
                int pending = 0;
                for (int i : fresh) {
                    long id = ids.get(hashes.get(i));
                    out[i] = id;
                    for (CurvePoint p : runs.get(i).result().curve()) {
                        bindPoint(ps, id, 0, p);
                        ps.addBatch();
                        if (++pending == 10_000) {
                            ps.executeBatch();
                            pending = 0;
                        }
                    }
                }
                if (pending > 0) ps.executeBatch();
            }
            return java.util.Arrays.asList(out);
        });
    }

    private static String factsKey(RunConfig c) { return c.task() + "|" + c.trainFrac() + "|" + c.nTrain(); }

    static Map<String, Long> idsByHash(Connection conn, List<String> hashes) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        for (int from = 0; from < hashes.size(); from += 500) {
            List<String> chunk = hashes.subList(from, Math.min(hashes.size(), from + 500));
            try (PreparedStatement ps = conn.prepareStatement("SELECT config_hash, id FROM runs WHERE config_hash IN (" + marks(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    @Override
    public void registerWorker(String workerId, String host, long pid, int threads) {
        db.tx(conn -> {
            try (PreparedStatement del = conn.prepareStatement("DELETE FROM workers WHERE id = ?")) {
                del.setString(1, workerId);
                del.executeUpdate();
            }
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO workers (id, host, pid, threads, state) VALUES (?,?,?,?, 'RUNNING')")) {
                ps.setString(1, workerId);
                ps.setString(2, host);
                ps.setLong(3, pid);
                ps.setInt(4, threads);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void workerHeartbeat(String workerId, int runsDone) {
        db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE workers SET heartbeat_at = CURRENT_TIMESTAMP, runs_done = ? WHERE id = ?")) {
                ps.setInt(1, runsDone);
                ps.setString(2, workerId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void workerStopped(String workerId) {
        db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("UPDATE workers SET state = 'STOPPED', heartbeat_at = CURRENT_TIMESTAMP WHERE id = ?")) {
                ps.setString(1, workerId);
                ps.executeUpdate();
            }
            return null;
        });
    }

    static String truncate(String s, int max) {
        if (s == null) return null;
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
