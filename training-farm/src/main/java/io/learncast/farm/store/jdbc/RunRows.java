package io.learncast.farm.store.jdbc;

import io.learncast.data.CurvePoint;
import io.learncast.data.WeightMeasures;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoredRun;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Maps rows of {@code runs} and {@code curve_points} to records. */
final class RunRows {
    private RunRows() {}

    static final String RUN_COLUMNS = "id, config_json, config_hash, group_hash, source, sweep_id, state, claims, attempts, created_at, "
            + "first_started_at, finished_at, outcome, steps_to_learn, confirm_step, steps_trained, final_test_acc, best_test_acc, "
            + "final_train_acc, final_test_loss, final_train_loss, wall_ms, dataset_fp, param_count, train_size, num_classes, trainer, worker, "
            + "error, provenance_json, verdict_json";

    static StoredRun run(ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        return new StoredRun(
                rs.getLong("id"),
                ConfigJson.config(rs.getString("config_json")),
                rs.getString("config_hash"),
                rs.getString("group_hash"),
                rs.getString("source"),
                nullableLong(rs, "sweep_id"),
                RunState.valueOf(rs.getString("state")),
                rs.getInt("claims"),
                rs.getInt("attempts"),
                instant(rs, "created_at"),
                instant(rs, "first_started_at"),
                instant(rs, "finished_at"),
                outcome == null ? null : Outcome.valueOf(outcome),
                nullableLong(rs, "steps_to_learn"),
                nullableLong(rs, "confirm_step"),
                nullableLong(rs, "steps_trained"),
                nullableDouble(rs, "final_test_acc"),
                nullableDouble(rs, "best_test_acc"),
                nullableDouble(rs, "final_train_acc"),
                nullableDouble(rs, "final_test_loss"),
                nullableDouble(rs, "final_train_loss"),
                nullableLong(rs, "wall_ms"),
                rs.getString("dataset_fp"),
                rs.getLong("param_count"),
                rs.getLong("train_size"),
                rs.getInt("num_classes"),
                rs.getString("trainer"),
                rs.getString("worker"),
                rs.getString("error"),
                rs.getString("provenance_json"),
                rs.getString("verdict_json"));
    }

    static CurvePoint point(ResultSet rs) throws SQLException {
        return new CurvePoint(rs.getLong("step"), nan(rs, "train_loss"), nan(rs, "train_acc"), nan(rs, "test_loss"), nan(rs, "test_acc"), nan(rs, "weight_norm"));
    }

    /** A curve point with its weight measures (the query selected the {@code measures} column). */
    static CurvePoint pointWithMeasures(ResultSet rs) throws SQLException {
        CurvePoint p = point(rs);
        String json = rs.getString("measures");
        if (json == null) return p;
        try {
            return new CurvePoint(p.step(), p.trainLoss(), p.trainAcc(), p.testLoss(), p.testAcc(), p.weightNorm(), MEASURES.readValue(json, WeightMeasures.class));
        } catch (java.io.IOException e) {
            throw new SQLException("unreadable weight measures at step " + p.step() + ": " + e.getMessage(), e);
        }
    }

    // NaN (a margin not measured) travels as the JSON string "NaN", Jackson's default both ways
    private static final ObjectMapper MEASURES = new ObjectMapper();

    /** The JSON stored for a point's measures; null for none. */
    static String measuresJson(WeightMeasures m) throws SQLException {
        if (m == null) return null;
        try {
            return MEASURES.writeValueAsString(m);
        } catch (java.io.IOException e) {
            throw new SQLException("weight measures not writable: " + e.getMessage(), e);
        }
    }

    static Instant instant(ResultSet rs, String col) throws SQLException {
        OffsetDateTime t = rs.getObject(col, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static Long nullableLong(ResultSet rs, String col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? null : v;
    }

    /** Non-finite values are stored as NULL (portable) and read back as NaN. */
    private static double nan(ResultSet rs, String col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }
}
