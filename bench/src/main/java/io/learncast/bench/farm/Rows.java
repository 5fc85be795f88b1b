package io.learncast.bench.farm;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs table as the checks see it: read directly with SQL, not through the code under test. */
final class Rows {
    private Rows() {}

    /** One run: its state, claims and attempts, owners, and the curve points it has per attempt. */
    record Row(long id, String state, String outcome, int claims, int attempts, String worker, String leaseOwner, Timestamp leaseExpires,
               Timestamp startedAt, Timestamp finishedAt, Long stepsTrained, long steps, int evalEvery, int points, int attemptsWithPoints,
               int pointsOfCurrentClaim, String error) {

        /** Why this run is not "done exactly once" (one result, one curve from its final claim, one point per evaluation), or null. */
        String notDoneOnce() {
            if (!"DONE".equals(state)) return "run " + id + " is " + state + (error == null ? "" : " (" + error + ")");
            if (finishedAt == null) return "run " + id + " has no finish time";
            if (attemptsWithPoints != 1) return "run " + id + " has curve points from " + attemptsWithPoints + " attempts";
            if (points != pointsOfCurrentClaim) return "run " + id + "'s curve is not all from its final claim";
            long expected = stepsTrained / evalEvery + 1 + (stepsTrained % evalEvery == 0 ? 0 : 1);
            if (points != expected) return "run " + id + " has " + points + " curve points, expected " + expected + " (one per evaluation)";
            if (leaseOwner != null) return "run " + id + " still has a lease owner";
            return null;
        }
    }

    static Map<Long, Row> read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT r.id, r.state, r.outcome, r.claims, r.attempts, r.worker, r.lease_owner, r.lease_expires, r.started_at, r.finished_at, "
                        + "r.steps_trained, r.steps, r.eval_every, r.error, "
                        + "(SELECT COUNT(*) FROM curve_points p WHERE p.run_id = r.id) AS points, "
                        + "(SELECT COUNT(DISTINCT p.attempt) FROM curve_points p WHERE p.run_id = r.id) AS attempts_with_points, "
                        + "(SELECT COUNT(*) FROM curve_points p WHERE p.run_id = r.id AND p.attempt = r.claims) AS current_points "
                        + "FROM runs r ORDER BY r.id"); ResultSet rs = ps.executeQuery()) {
            Map<Long, Row> out = new LinkedHashMap<>();
            while (rs.next()) {
                long trained = rs.getLong("steps_trained");
                Long stepsTrained = rs.wasNull() ? null : trained;
                out.put(rs.getLong("id"), new Row(rs.getLong("id"), rs.getString("state"), rs.getString("outcome"), rs.getInt("claims"),
                        rs.getInt("attempts"), rs.getString("worker"), rs.getString("lease_owner"), rs.getTimestamp("lease_expires"),
                        rs.getTimestamp("started_at"), rs.getTimestamp("finished_at"), stepsTrained, rs.getLong("steps"), rs.getInt("eval_every"),
                        rs.getInt("points"), rs.getInt("attempts_with_points"), rs.getInt("current_points"), rs.getString("error")));
            }
            return out;
        }
    }

    static long count(Connection c, String state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM runs WHERE state = ?")) {
            ps.setString(1, state);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A run's curve as text (attempt:step:loss:acc), to see whether anything changed. */
    static List<String> curve(Connection c, long runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT attempt, step, train_loss, test_acc FROM curve_points WHERE run_id = ? ORDER BY attempt, step")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getDouble(3) + ":" + rs.getDouble(4));
                return out;
            }
        }
    }

    /** Row counts of every table, to check that bad input wrote nothing. */
    static Map<String, Long> tableCounts(Connection c) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String t : List.of("runs", "curve_points", "datasets", "sweeps", "models", "forecasts", "ledger_head", "grow_rounds", "workers")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + t); ResultSet rs = ps.executeQuery()) { // fixed names
                rs.next();
                out.put(t, rs.getLong(1));
            }
        }
        return out;
    }
}
