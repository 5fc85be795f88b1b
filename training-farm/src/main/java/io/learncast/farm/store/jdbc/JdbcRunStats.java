package io.learncast.farm.store.jdbc;

import io.learncast.data.Metric;
import io.learncast.farm.store.PhaseAxis;
import io.learncast.farm.store.PhaseCell;
import io.learncast.farm.store.PhaseQuery;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunOrder;
import io.learncast.farm.store.RunStats;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.TaskProperty;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The dashboard's aggregates on JDBC, computed by the database (a phase diagram of 100,000 runs is one GROUP BY,
 * not 100,000 rows sent to the browser). Axes and sort orders come from allow-lists mapped here to fixed column
 * expressions; every value is a bound parameter.
 */
final class JdbcRunStats implements RunStats {
    private final Database db;

    JdbcRunStats(Database db) {
        this.db = db;
    }

    /** The bin of an axis as SQL: fixed text per axis (the 1e-9 keeps exact edges such as 0.5 in their own bin). */
    static String bin(PhaseAxis a) {
        String col = a.column();
        return switch (a.kind()) {
            case DISCRETE -> "CAST(" + col + " AS DOUBLE PRECISION)";
            case LOG -> "CASE WHEN " + col + " > 0 THEN FLOOR(LOG10(" + col + ") * " + a.perUnit() + " + 1e-9) WHEN " + col + " IS NOT NULL THEN "
                    + (long) PhaseAxis.ZERO_BIN + " END";
            case LINEAR -> "FLOOR(" + col + " * " + a.perUnit() + " + 1e-9)";
        };
    }

    private record Sql(String text, List<Object> args) {}

    /** The binned runs of a query: columns xb, yb, state, id, lw (learned within budget), known, dv (diverged). */
    private static Sql binned(PhaseQuery q) {
        List<Object> args = new ArrayList<>(List.of(q.budget(), q.budget(), q.budget(), q.task(), q.metric().key(), q.threshold()));
        String ids = "";
        if (q.ids() != null) {
            ids = q.ids().isEmpty() ? " AND 1 = 0" : " AND id IN (" + q.ids().stream().map(x -> "?").collect(Collectors.joining(",")) + ")";
            args.addAll(q.ids());
        }
        String text = "SELECT " + bin(q.x()) + " AS xb, " + bin(q.y()) + " AS yb, state, id, "
                + "CASE WHEN state = 'DONE' AND confirm_step <= ? THEN 1 ELSE 0 END AS lw, "
                + "CASE WHEN state = 'DONE' AND (confirm_step <= ? OR steps_trained >= ?) THEN 1 ELSE 0 END AS known, "
                + "CASE WHEN outcome = 'DIVERGED' THEN 1 ELSE 0 END AS dv "
                + "FROM runs WHERE task_spec = ? AND metric = ? AND threshold = ?" + ids;
        return new Sql(text, args);
    }

    @Override
    public List<PhaseCell> phase(PhaseQuery q) {
        // one level, grouped on the bin expressions themselves: a derived table would be materialised row by row first
        List<Object> args = new ArrayList<>(List.of(q.budget(), q.budget(), q.budget(), q.task(), q.metric().key(), q.threshold()));
        String ids = "";
        if (q.ids() != null) {
            ids = q.ids().isEmpty() ? " AND 1 = 0" : " AND id IN (" + q.ids().stream().map(x -> "?").collect(Collectors.joining(",")) + ")";
            args.addAll(q.ids());
        }
        String x = bin(q.x());
        String y = bin(q.y());
        String sql = "SELECT " + x + ", " + y + ", COUNT(*), SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN state = 'DONE' AND (confirm_step <= ? OR steps_trained >= ?) THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN state = 'DONE' AND confirm_step <= ? THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN outcome = 'DIVERGED' THEN 1 ELSE 0 END), MIN(id) "
                + "FROM runs WHERE task_spec = ? AND metric = ? AND threshold = ?" + ids + " GROUP BY " + x + ", " + y + " ORDER BY 1, 2";
        return db.tx(conn -> {
            List<PhaseCell> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                JdbcRunCatalog.bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double xb = rs.getDouble(1);
                        if (rs.wasNull()) continue; // the knob is not set for these runs (e.g. n_train when train_frac is)
                        double yb = rs.getDouble(2);
                        if (rs.wasNull()) continue;
                        out.add(new PhaseCell(xb, yb, rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<StoredRun> cellRuns(PhaseQuery q, double xBin, double yBin, int limit) {
        Sql b = binned(q);
        String sql = "SELECT " + RunRows.RUN_COLUMNS + " FROM runs WHERE id IN (SELECT id FROM (" + b.text() + ") t WHERE xb = ? AND yb = ?) ORDER BY id";
        return db.tx(conn -> {
            List<StoredRun> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(sql)) {
                List<Object> args = new ArrayList<>(b.args());
                args.add(xBin);
                args.add(yBin);
                JdbcRunCatalog.bind(ps, args);
                ps.setMaxRows(Math.max(1, limit));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(RunRows.run(rs));
                }
            }
            return out;
        });
    }

    /** The column of a sort order: fixed text per constant. */
    static String column(RunOrder o) {
        return switch (o) {
            case ID -> "id";
            case TASK -> "task_spec";
            case WIDTH -> "width";
            case DEPTH -> "depth";
            case LR -> "lr";
            case WD -> "wd";
            case TRAIN_FRAC -> "train_frac";
            case N_TRAIN -> "n_train";
            case STEPS -> "steps";
            case STATE -> "state";
            case OUTCOME -> "outcome";
            case STEPS_TO_LEARN -> "steps_to_learn";
            case FINAL_TEST_ACC -> "final_test_acc";
            case SOURCE -> "source";
        };
    }

    @Override
    public List<StoredRun> runs(RunFilter filter, RunOrder order, boolean descending) {
        JdbcRunCatalog.Where w = JdbcRunCatalog.where(filter);
        String dir = descending ? " DESC" : " ASC";
        // NULLs last either way, as people expect of a sorted table (and the same on H2 and PostgreSQL)
        String by = order == RunOrder.ID ? "id" + dir
                : "CASE WHEN " + column(order) + " IS NULL THEN 1 ELSE 0 END, " + column(order) + dir + ", id" + dir;
        // first the page's ids (sorted on narrow columns, an index when one covers them), then those rows whole:
        // sorting whole rows would read every wide row of the filter
        String ids = "SELECT id FROM runs" + w.sql() + " ORDER BY " + by + " LIMIT ? OFFSET ?";
        return db.tx(conn -> {
            List<Long> page = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement(ids)) {
                JdbcRunCatalog.bind(ps, w.args());
                ps.setInt(w.args().size() + 1, Math.min(filter.limit(), 1000));
                ps.setInt(w.args().size() + 2, filter.offset());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) page.add(rs.getLong(1));
                }
            }
            if (page.isEmpty()) return List.<StoredRun>of();
            java.util.Map<Long, StoredRun> byId = new java.util.HashMap<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + RunRows.RUN_COLUMNS + " FROM runs WHERE id IN ("
                    + page.stream().map(x -> "?").collect(Collectors.joining(",")) + ")")) {
                for (int i = 0; i < page.size(); i++) ps.setLong(i + 1, page.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredRun r = RunRows.run(rs);
                        byId.put(r.id(), r);
                    }
                }
            }
            List<StoredRun> out = new ArrayList<>();
            for (long id : page) if (byId.containsKey(id)) out.add(byId.get(id));
            return out;
        });
    }

    @Override
    public List<TaskProperty> tasks() {
        return db.tx(conn -> {
            List<TaskProperty> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT task_spec, metric, threshold, COUNT(*) AS n, "
                    + "SUM(CASE WHEN state = 'DONE' THEN 1 ELSE 0 END) FROM runs GROUP BY task_spec, metric, threshold ORDER BY n DESC, task_spec");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new TaskProperty(rs.getString(1), Metric.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getDouble(3), rs.getLong(4),
                            rs.getLong(5)));
                }
            }
            return out;
        });
    }
}
