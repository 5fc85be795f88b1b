package io.learncast.farm.store.jdbc;

import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.store.CorpusRow;
import io.learncast.farm.store.RunCatalog;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.StoredDataset;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.store.WorkerStatus;

import io.learncast.farm.weights.KeptWeights;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The read side of the store on JDBC. Filters become bound parameters; the SQL text is fixed. */
final class JdbcRunCatalog implements RunCatalog {
    private final Database db;

    JdbcRunCatalog(Database db) {
        this.db = db;
    }

    /** A WHERE clause built from fixed fragments, with its parameters. */
    record Where(String sql, List<Object> args) {}

    static Where where(RunFilter f) {
        List<String> parts = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (f.task() != null) {
            parts.add(f.task().contains(":") ? "task_spec = ?" : "task = ?");
            args.add(f.task());
        }
        if (f.state() != null) { parts.add("state = ?"); args.add(f.state().name()); }
        if (f.outcome() != null) { parts.add("outcome = ?"); args.add(f.outcome().name()); }
        if (f.source() != null) { parts.add("source = ?"); args.add(f.source()); }
        if (f.minWidth() != null) { parts.add("width >= ?"); args.add(f.minWidth()); }
        if (f.maxWidth() != null) { parts.add("width <= ?"); args.add(f.maxWidth()); }
        if (f.sweepId() != null) { parts.add("sweep_id = ?"); args.add(f.sweepId()); }
        if (f.learned() != null) { parts.add("learned = ?"); args.add(f.learned()); }
        if (f.ids() != null) {
            if (f.ids().isEmpty()) parts.add("1 = 0");
            else {
                parts.add("id IN (" + f.ids().stream().map(x -> "?").collect(Collectors.joining(",")) + ")");
                args.addAll(f.ids());
            }
        }
        return new Where(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), args);
    }

    static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
    }

    @Override
    public Optional<StoredRun> run(long id) {
        List<StoredRun> r = runs(RunFilter.all().withIds(List.of(id)));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    @Override
    public Optional<KeptWeights> keptWeights(long runId) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT format, npz, raw_bytes, npz_sha256 FROM run_weights WHERE run_id = ?")) {
                ps.setLong(1, runId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.<KeptWeights>empty();
                    byte[] npz = rs.getBytes(2);
                    if (!io.learncast.common.Hashing.sha256Hex(npz).equals(rs.getString(4))) {
                        throw new IllegalStateException("run " + runId + "'s kept weights do not match their recorded SHA-256");
                    }
                    return Optional.of(new KeptWeights(rs.getString(1), npz, rs.getLong(3)));
                }
            }
        });
    }

    @Override
    public Optional<StoredRun> byConfigHash(String configHash) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.RUN_COLUMNS + " FROM runs WHERE config_hash = ?")) {
                ps.setString(1, configHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(RunRows.run(rs)) : Optional.<StoredRun>empty();
                }
            }
        });
    }

    @Override
    public java.util.Set<String> presentConfigHashes(List<String> configHashes) {
        return db.tx(conn -> JdbcRunQueue.existingHashes(conn, configHashes));
    }

    @Override
    public List<StoredRun> runs(RunFilter filter) {
        List<StoredRun> out = new ArrayList<>();
        stream(filter, out::add);
        return out;
    }

    @Override
    public void stream(RunFilter filter, Consumer<StoredRun> sink) {
        Where w = where(filter);
        String page = filter.limit() == RunFilter.UNLIMITED && filter.offset() == 0 ? "" : " LIMIT ? OFFSET ?";
        db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.RUN_COLUMNS + " FROM runs" + w.sql() + " ORDER BY id" + page)) {
                bind(ps, w.args());
                if (!page.isEmpty()) {
                    ps.setInt(w.args().size() + 1, filter.limit());
                    ps.setInt(w.args().size() + 2, filter.offset());
                }
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) sink.accept(RunRows.run(rs));
                }
            }
            return null;
        });
    }

    /** The typed columns {@link CorpusRow} needs; the config JSON only for rows written before those columns existed. */
    private static final int KNOBS = KnobCatalogue.all().size();
    private static final String CORPUS_COLUMNS = "id, source, " + KnobCatalogue.all().stream().map(Knob::column).collect(java.util.stream.Collectors.joining(", "))
            + ", budgets, seed, replica, outcome, steps_to_learn, confirm_step, steps_trained, final_test_acc, best_test_acc, final_train_acc, final_test_loss, final_train_loss, "
            + "wall_ms, trainer, dataset_fp, extra_json, CASE WHEN hold IS NULL THEN config_json END";
    /** Ids per page: pages keep memory flat and never leave a cursor open across a whole export. */
    private static final int CORPUS_PAGE = 5_000;

    @Override
    public void streamCorpus(RunFilter filter, boolean withCurves, Consumer<CorpusRow> sink) {
        if (filter.limit() != RunFilter.UNLIMITED || filter.offset() != 0) throw new IllegalArgumentException("streamCorpus reads whole corpora; filter without paging");
        Where w = where(filter);
        // Pages are id ranges of the primary key (ids are dense), so they can be read in parallel and written
        // in order: a few threads read the next pages while the sink consumes this one. H2 would rather use an
        // index on state or source and sort, so it is told to walk the primary key.
        long[] bounds = db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT MIN(id), MAX(id) FROM runs"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                long lo = rs.getLong(1);
                return rs.wasNull() ? null : new long[] {lo, rs.getLong(2)};
            }
        });
        if (bounds == null) return;
        String hint = db.dialect == Dialect.H2 ? db.tx(conn -> " USE INDEX (" + primaryKeyIndex(conn, "RUNS") + ")") : "";
        String sql = "SELECT " + CORPUS_COLUMNS + " FROM runs" + hint + (w.sql().isEmpty() ? " WHERE " : w.sql() + " AND ")
                + "id >= ? AND id < ? ORDER BY id";
        int readers = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(readers, r -> {
            Thread t = new Thread(r, "learncast-corpus-reader");
            t.setDaemon(true);
            return t;
        });
        // Nothing is ever interrupted: pages in flight are awaited, even when the sink fails.
        java.util.ArrayDeque<Future<List<CorpusRow>>> ahead = new java.util.ArrayDeque<>();
        long next = bounds[0];
        try {
            while (true) {
                while (ahead.size() < readers + 1 && next <= bounds[1]) {
                    long from = next;
                    long to = Math.min(bounds[1] + 1, from + CORPUS_PAGE);
                    ahead.add(pool.submit(() -> corpusPage(sql, w, from, to, withCurves)));
                    next = to;
                }
                if (ahead.isEmpty()) return;
                for (CorpusRow r : await(ahead.poll())) sink.accept(r);
            }
        } finally {
            for (Future<List<CorpusRow>> f : ahead) {
                try {
                    await(f);
                } catch (RuntimeException ignored) {
                    // the first failure is the one to report
                }
            }
            pool.shutdown();
        }
    }

    private List<CorpusRow> corpusPage(String sql, Where w, long from, long to, boolean withCurves) {
        return db.tx(conn -> {
            List<CorpusRow> rows = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                bind(ps, w.args());
                ps.setLong(w.args().size() + 1, from);
                ps.setLong(w.args().size() + 2, to);
                ps.setFetchSize(CORPUS_PAGE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows.add(corpusRow(rs));
                }
            }
            if (withCurves && !rows.isEmpty()) return withCurves(conn, rows);
            return rows;
        });
    }

    /** Waits for a page without ever interrupting its thread. */
    private static <T> T await(Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException r) throw r;
                    if (e.getCause() instanceof Error err) throw err;
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    /** H2 names primary-key indexes itself (e.g. PRIMARY_KEY_9B); the name comes from the catalog, never from input. */
    private static String primaryKeyIndex(java.sql.Connection conn, String table) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES "
                + "WHERE TABLE_SCHEMA = SCHEMA() AND TABLE_NAME = ? AND INDEX_TYPE_NAME = 'PRIMARY KEY'")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new SQLException("no primary key index on " + table);
                String name = rs.getString(1);
                if (!name.matches("[A-Za-z0-9_]+")) throw new SQLException("unexpected index name " + name);
                return name;
            }
        }
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** The enum constant stored as {@code key} (a scan of three or four names beats hashing a fresh string). */
    private static <E extends Enum<?>> E lookup(E[] values, String key, boolean lowerCase) {
        if (key == null) return null;
        for (E e : values) {
            String name = e.name();
            if (name.length() == key.length() && (lowerCase ? name.equalsIgnoreCase(key) : name.equals(key))) return e;
        }
        throw new IllegalStateException("unexpected stored value '" + key + "'");
    }

    /** Reads one row of {@link #CORPUS_COLUMNS}; budgets lists are shared between rows with the same text. */
    private CorpusRow corpusRow(ResultSet rs) throws SQLException {
        Object[] v = new Object[KNOBS];
        String legacy = rs.getString(19 + KNOBS);
        if (legacy != null) { // written before V4: hold and test_size live only in the config JSON, which has every knob
            var c = io.learncast.farm.config.ConfigJson.config(legacy);
            for (int i = 0; i < KNOBS; i++) v[i] = KnobCatalogue.all().get(i).get(c);
        } else {
            for (int i = 0; i < KNOBS; i++) v[i] = knob(rs, 3 + i, KnobCatalogue.all().get(i));
        }
        int k = 3 + KNOBS;
        return new CorpusRow(rs.getLong(1), rs.getString(2), Collections.unmodifiableList(Arrays.asList(v)),
                budgets(rs.getString(k)), rs.getLong(k + 1), rs.getInt(k + 2), lookup(OUTCOMES, rs.getString(k + 3), false),
                nullableLong(rs, k + 4), nullableLong(rs, k + 5), nullableLong(rs, k + 6), nullableDouble(rs, k + 7), nullableDouble(rs, k + 8),
                nullableDouble(rs, k + 9), nullableDouble(rs, k + 10), nullableDouble(rs, k + 11), nullableLong(rs, k + 12), rs.getString(k + 13),
                rs.getString(k + 14), rs.getString(k + 15), null);
    }

    /** A knob's typed column; choices by name (the enum constant, found by a short scan). */
    private static Object knob(ResultSet rs, int i, Knob<?> k) throws SQLException {
        return switch (k.type()) {
            case INT -> { int x = rs.getInt(i); yield rs.wasNull() ? null : x; }
            case LONG -> { long x = rs.getLong(i); yield rs.wasNull() ? null : x; }
            case REAL -> { double x = rs.getDouble(i); yield rs.wasNull() ? null : x; }
            case CHOICE -> lookup((Enum<?>[]) k.javaType().getEnumConstants(), rs.getString(i), true);
            case TEXT -> rs.getString(i);
        };
    }

    /** A small cache: a corpus has few distinct budget lists. */
    private final Map<String, List<Long>> budgetCache = new java.util.concurrent.ConcurrentHashMap<>();

    private List<Long> budgets(String text) {
        List<Long> b = budgetCache.get(text);
        if (b == null) {
            b = parseBudgets(text);
            if (budgetCache.size() < 10_000) budgetCache.put(text, b);
        }
        return b;
    }

    private static List<Long> parseBudgets(String text) {
        if (text == null || text.isBlank()) return List.of();
        List<Long> out = new ArrayList<>();
        for (String t : text.split(",")) out.add(Long.parseLong(t.trim()));
        return List.copyOf(out);
    }

    /** Adds the curves of a page's runs: one range query over the curve table's primary key. */
    private static List<CorpusRow> withCurves(java.sql.Connection conn, List<CorpusRow> rows) throws SQLException {
        Map<Long, List<CurvePoint>> curves = new HashMap<>();
        try (PreparedStatement ps = conn.prepareStatement("SELECT p.run_id, p.step, p.train_loss, p.train_acc, p.test_loss, p.test_acc, p.weight_norm "
                + "FROM curve_points p JOIN runs r ON r.id = p.run_id AND r.claims = p.attempt WHERE p.run_id BETWEEN ? AND ? ORDER BY p.run_id, p.attempt, p.step")) {
            ps.setLong(1, rows.get(0).id());
            ps.setLong(2, rows.get(rows.size() - 1).id());
            ps.setFetchSize(10_000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) curves.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(RunRows.point(rs));
            }
        }
        List<CorpusRow> out = new ArrayList<>(rows.size());
        for (CorpusRow r : rows) {
            out.add(r.withCurve(curves.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    private static Integer nullableInt(ResultSet rs, int col) throws SQLException {
        int v = rs.getInt(col);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static Double nullableDouble(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    @Override
    public long count(RunFilter filter) {
        Where w = where(filter);
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM runs" + w.sql())) {
                bind(ps, w.args());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    @Override
    public List<CurvePoint> curve(long runId) {
        return curves(List.of(runId)).getOrDefault(runId, List.of());
    }

    @Override
    public Map<Long, List<CurvePoint>> curves(Collection<Long> runIds) {
        Map<Long, List<CurvePoint>> out = new HashMap<>();
        List<Long> ids = new ArrayList<>(runIds);
        db.tx(conn -> {
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = chunk.stream().map(x -> "?").collect(Collectors.joining(","));
                try (PreparedStatement ps = conn.prepareStatement("SELECT p.run_id, p.step, p.train_loss, p.train_acc, p.test_loss, p.test_acc, p.weight_norm, p.measures "
                        + "FROM curve_points p JOIN runs r ON r.id = p.run_id AND r.claims = p.attempt WHERE p.run_id IN (" + marks + ") ORDER BY p.run_id, p.step")) {
                    for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
                    ps.setFetchSize(5000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.computeIfAbsent(rs.getLong("run_id"), k -> new ArrayList<>()).add(RunRows.pointWithMeasures(rs));
                    }
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public Optional<Boolean> learnedWithin(long runId, long budget) {
        return run(runId).filter(r -> r.state() == RunState.DONE)
                .flatMap(r -> {
                    if (r.learnedWithin(budget)) return Optional.of(true);
                    long trained = r.stepsTrained() == null ? 0 : r.stepsTrained();
                    // an unlearned run tells nothing about budgets beyond the steps it trained (diverged or stopped early)
                    return trained >= budget ? Optional.of(false) : Optional.empty();
                });
    }

    @Override
    public StoreStatus status(int windowMinutes) {
        return db.tx(conn -> {
            Map<RunState, Long> byState = new EnumMap<>(RunState.class);
            try (PreparedStatement ps = conn.prepareStatement("SELECT state, COUNT(*) FROM runs GROUP BY state")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) byState.put(RunState.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            Map<String, Long> byOutcome = new HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT outcome, COUNT(*) FROM runs WHERE state = 'DONE' GROUP BY outcome")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) byOutcome.put(String.valueOf(rs.getString(1)), rs.getLong(2));
                }
            }
            long imported;
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM runs WHERE source NOT IN ('farm', 'train')")) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    imported = rs.getLong(1);
                }
            }
            long recent;
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM runs WHERE source = 'farm' AND finished_at > " + db.dialect.minutesAgo)) {
                ps.setInt(1, windowMinutes);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    recent = rs.getLong(1);
                }
            }
            long workers;
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM workers WHERE state = 'RUNNING' AND heartbeat_at > " + db.dialect.minutesAgo)) {
                ps.setInt(1, 2);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    workers = rs.getLong(1);
                }
            }
            double perMin = recent / (double) windowMinutes;
            long left = byState.getOrDefault(RunState.QUEUED, 0L) + byState.getOrDefault(RunState.RUNNING, 0L);
            Double eta = left == 0 ? Double.valueOf(0) : perMin > 0 ? Double.valueOf(left / perMin) : null;
            return new StoreStatus(byState, byOutcome.getOrDefault("LEARNED", 0L), byOutcome.getOrDefault("NOT_LEARNED", 0L),
                    byOutcome.getOrDefault("DIVERGED", 0L), byOutcome.getOrDefault("STOPPED_EARLY", 0L), imported, perMin, windowMinutes, eta, workers);
        });
    }

    @Override
    public List<SweepStatus> sweeps() {
        return db.tx(conn -> {
            List<SweepStatus> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT s.id, s.name, s.spec_hash, s.created_at, s.to_budget, COUNT(r.id) AS runs, "
                    + "SUM(CASE WHEN r.state = 'QUEUED' THEN 1 ELSE 0 END) AS queued, SUM(CASE WHEN r.state = 'RUNNING' THEN 1 ELSE 0 END) AS running, "
                    + "SUM(CASE WHEN r.state = 'DONE' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN r.state = 'FAILED' THEN 1 ELSE 0 END) AS failed, "
                    + "SUM(CASE WHEN r.learned THEN 1 ELSE 0 END) AS learned "
                    + "FROM sweeps s LEFT JOIN runs r ON r.sweep_id = s.id GROUP BY s.id, s.name, s.spec_hash, s.created_at, s.to_budget ORDER BY s.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SweepStatus(rs.getLong("id"), rs.getString("name"), rs.getString("spec_hash"), RunRows.instant(rs, "created_at"),
                            rs.getLong("runs"), rs.getLong("queued"), rs.getLong("running"), rs.getLong("done"), rs.getLong("failed"), rs.getLong("learned"),
                            rs.getBoolean("to_budget")));
                }
            }
            return out;
        });
    }

    @Override
    public List<WorkerStatus> workers(int minutes) {
        return db.tx(conn -> {
            List<WorkerStatus> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, host, pid, threads, state, started_at, heartbeat_at, runs_done, "
                    + "CASE WHEN state = 'RUNNING' AND heartbeat_at > " + db.dialect.minutesAgo + " THEN 1 ELSE 0 END AS alive "
                    + "FROM workers WHERE heartbeat_at > " + db.dialect.minutesAgo + " ORDER BY heartbeat_at DESC, id")) {
                ps.setInt(1, 2);
                ps.setInt(2, minutes);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new WorkerStatus(rs.getString("id"), rs.getString("host"), rs.getLong("pid"), rs.getInt("threads"), rs.getString("state"),
                                RunRows.instant(rs, "started_at"), RunRows.instant(rs, "heartbeat_at"), rs.getInt("runs_done"), rs.getInt("alive") == 1));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public boolean hasDataset(String fingerprint) {
        return db.tx(conn -> hasDataset(conn, fingerprint));
    }

    private static boolean hasDataset(java.sql.Connection conn, String fingerprint) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT 1 FROM datasets WHERE fingerprint = ?")) {
            ps.setString(1, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Override
    public Optional<StoredDataset> dataset(String fingerprint) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT fingerprint, task, spec_json, n_train, n_test, num_classes FROM datasets WHERE fingerprint = ?")) {
                ps.setString(1, fingerprint);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(dataset(rs)) : Optional.<StoredDataset>empty();
                }
            }
        });
    }

    @Override
    public List<StoredDataset> datasets(String task, int limit) {
        return db.tx(conn -> {
            List<StoredDataset> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(
                    "SELECT fingerprint, task, spec_json, n_train, n_test, num_classes FROM datasets WHERE task = ? ORDER BY created_at, fingerprint")) {
                ps.setString(1, task);
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(dataset(rs));
                }
            }
            return out;
        });
    }

    private static StoredDataset dataset(ResultSet rs) throws SQLException {
        return new StoredDataset(rs.getString(1).trim(), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getInt(6));
    }
}
