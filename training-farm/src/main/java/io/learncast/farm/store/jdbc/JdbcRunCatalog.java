package io.learncast.farm.store.jdbc;

import io.learncast.data.CurvePoint;
import io.learncast.farm.store.RunCatalog;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.SweepStatus;
import io.learncast.farm.store.WorkerStatus;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** The read side of the store on JDBC. Filters become bound parameters; the SQL text is fixed. */
final class JdbcRunCatalog implements RunCatalog {
    private final Database db;

    JdbcRunCatalog(Database db) {
        this.db = db;
    }

    /** A WHERE clause built from fixed fragments, with its parameters. */
    private record Where(String sql, List<Object> args) {}

    private static Where where(RunFilter f) {
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

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) ps.setObject(i + 1, args.get(i));
    }

    @Override
    public Optional<StoredRun> run(long id) {
        List<StoredRun> r = runs(RunFilter.all().withIds(List.of(id)));
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
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
                try (PreparedStatement ps = conn.prepareStatement("SELECT p.run_id, p.step, p.train_loss, p.train_acc, p.test_loss, p.test_acc, p.weight_norm "
                        + "FROM curve_points p JOIN runs r ON r.id = p.run_id AND r.claims = p.attempt WHERE p.run_id IN (" + marks + ") ORDER BY p.run_id, p.step")) {
                    for (int i = 0; i < chunk.size(); i++) ps.setLong(i + 1, chunk.get(i));
                    ps.setFetchSize(5000);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.computeIfAbsent(rs.getLong("run_id"), k -> new ArrayList<>()).add(RunRows.point(rs));
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
            try (PreparedStatement ps = conn.prepareStatement("SELECT COUNT(*) FROM runs WHERE source <> 'farm'")) {
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
            try (PreparedStatement ps = conn.prepareStatement("SELECT s.id, s.name, s.spec_hash, s.created_at, COUNT(r.id) AS runs, "
                    + "SUM(CASE WHEN r.state = 'QUEUED' THEN 1 ELSE 0 END) AS queued, SUM(CASE WHEN r.state = 'RUNNING' THEN 1 ELSE 0 END) AS running, "
                    + "SUM(CASE WHEN r.state = 'DONE' THEN 1 ELSE 0 END) AS done, SUM(CASE WHEN r.state = 'FAILED' THEN 1 ELSE 0 END) AS failed, "
                    + "SUM(CASE WHEN r.learned THEN 1 ELSE 0 END) AS learned "
                    + "FROM sweeps s LEFT JOIN runs r ON r.sweep_id = s.id GROUP BY s.id, s.name, s.spec_hash, s.created_at ORDER BY s.id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SweepStatus(rs.getLong("id"), rs.getString("name"), rs.getString("spec_hash"), RunRows.instant(rs, "created_at"),
                            rs.getLong("runs"), rs.getLong("queued"), rs.getLong("running"), rs.getLong("done"), rs.getLong("failed"), rs.getLong("learned")));
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
    public void recordDataset(String fingerprint, String task, String specJson, int nTrain, int nTest, int numClasses) {
        db.tx(conn -> {
            if (hasDataset(conn, fingerprint)) return null;
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO datasets (fingerprint, task, spec_json, n_train, n_test, num_classes) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, fingerprint);
                ps.setString(2, task);
                ps.setString(3, specJson);
                ps.setInt(4, nTrain);
                ps.setInt(5, nTest);
                ps.setInt(6, numClasses);
                ps.executeUpdate();
            }
            return null;
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
}
