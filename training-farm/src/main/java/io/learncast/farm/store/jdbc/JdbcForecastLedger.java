package io.learncast.farm.store.jdbc;

import io.learncast.common.Hashing;
import io.learncast.farm.store.ForecastLedger;
import io.learncast.farm.store.LedgerEntry;
import io.learncast.farm.store.NewForecast;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger on JDBC. Writers lock the single {@code ledger_head} row, so entries form one hash chain
 * even with many processes; creation times come from the database clock, the same clock that stamps
 * when runs start.
 */
final class JdbcForecastLedger implements ForecastLedger {
    private static final String COLUMNS = "id, created_at, model_id, config_hash, group_hash, config_json, budget, probability, p_low, p_high, "
            + "steps_median, context, prev_hash, entry_hash, run_id, outcome_learned, scored_at";
    private final Database db;

    JdbcForecastLedger(Database db) {
        this.db = db;
    }

    /** The text an entry's hash covers: every recorded field, and the previous entry's hash. */
    static String chainText(String prev, Instant created, NewForecast f) {
        return String.join("|", "ledger-v1", prev, created.toString(), Long.toString(f.modelId()), f.configHash(), f.groupHash(),
                Long.toString(f.budget()), Double.toString(f.probability()), String.valueOf(f.pLow()), String.valueOf(f.pHigh()),
                String.valueOf(f.stepsMedian()), f.context(), Hashing.sha256Hex(f.configJson()));
    }

    @Override
    public List<Long> record(List<NewForecast> forecasts) {
        return db.tx(conn -> record(conn, forecasts));
    }

    /** Records within the caller's transaction (a grow round records its forecasts with its enqueue and its row). */
    static List<Long> record(Connection conn, List<NewForecast> forecasts) throws SQLException {
        String head;
        long entries;
        try (PreparedStatement ps = conn.prepareStatement("SELECT entry_hash, entries FROM ledger_head WHERE id = 1 FOR UPDATE")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                head = rs.getString(1);
                entries = rs.getLong(2);
            }
        }
        Instant now;
        try (PreparedStatement ps = conn.prepareStatement("SELECT CURRENT_TIMESTAMP")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                // microsecond precision: what both databases store, so the hash recomputes from the stored value
                now = rs.getObject(1, OffsetDateTime.class).toInstant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            }
        }
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement started = conn.prepareStatement("SELECT COUNT(*) FROM runs WHERE group_hash = ? AND (first_started_at IS NOT NULL OR state = 'DONE')");
             PreparedStatement ins = conn.prepareStatement("INSERT INTO forecasts (created_at, model_id, config_hash, group_hash, config_json, budget, "
                     + "probability, p_low, p_high, steps_median, steps_low, steps_high, context, prev_hash, entry_hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                     new String[] {"id"})) {
            for (NewForecast f : forecasts) {
                started.setString(1, f.groupHash());
                try (ResultSet rs = started.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        ids.add(null); // already (being) trained: not a forecast made before training
                        continue;
                    }
                }
                String hash = Hashing.sha256Hex(chainText(head, now, f));
                int i = 1;
                ins.setObject(i++, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                ins.setLong(i++, f.modelId());
                ins.setString(i++, f.configHash());
                ins.setString(i++, f.groupHash());
                ins.setString(i++, f.configJson());
                ins.setLong(i++, f.budget());
                ins.setDouble(i++, f.probability());
                setD(ins, i++, f.pLow());
                setD(ins, i++, f.pHigh());
                setD(ins, i++, f.stepsMedian());
                setD(ins, i++, f.stepsLow());
                setD(ins, i++, f.stepsHigh());
                ins.setString(i++, f.context());
                ins.setString(i++, head);
                ins.setString(i, hash);
                ins.executeUpdate();
                try (ResultSet keys = ins.getGeneratedKeys()) {
                    keys.next();
                    ids.add(keys.getLong(1));
                }
                head = hash;
                entries++;
            }
        }
        try (PreparedStatement ps = conn.prepareStatement("UPDATE ledger_head SET entry_hash = ?, entries = ? WHERE id = 1")) {
            ps.setString(1, head);
            ps.setLong(2, entries);
            ps.executeUpdate();
        }
        return ids;
    }

    private static void setD(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null || !Double.isFinite(v)) ps.setNull(i, Types.DOUBLE); else ps.setDouble(i, v);
    }

    @Override
    public int score() {
        return db.tx(conn -> {
            List<long[]> pending = new ArrayList<>(); // id, budget
            List<String> groups = new ArrayList<>();
            List<OffsetDateTime> created = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT id, group_hash, budget, created_at FROM forecasts WHERE scored_at IS NULL ORDER BY id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        pending.add(new long[] {rs.getLong(1), rs.getLong(3)});
                        groups.add(rs.getString(2));
                        created.add(rs.getObject(4, OffsetDateTime.class));
                    }
                }
            }
            int scored = 0;
            try (PreparedStatement find = conn.prepareStatement("SELECT id, confirm_step, steps_trained FROM runs WHERE group_hash = ? AND state = 'DONE' "
                    + "AND outcome <> 'STOPPED_EARLY' AND first_started_at > ? AND steps >= ? ORDER BY first_started_at, id LIMIT 1");
                 PreparedStatement up = conn.prepareStatement("UPDATE forecasts SET run_id = ?, outcome_learned = ?, scored_at = CURRENT_TIMESTAMP WHERE id = ? AND scored_at IS NULL")) {
                for (int k = 0; k < pending.size(); k++) {
                    find.setString(1, groups.get(k));
                    find.setObject(2, created.get(k));
                    find.setLong(3, pending.get(k)[1]);
                    try (ResultSet rs = find.executeQuery()) {
                        if (!rs.next()) continue;
                        long runId = rs.getLong(1);
                        long confirm = rs.getLong(2);
                        boolean learned = !rs.wasNull() && confirm <= pending.get(k)[1];
                        up.setLong(1, runId);
                        up.setBoolean(2, learned);
                        up.setLong(3, pending.get(k)[0]);
                        scored += up.executeUpdate();
                    }
                }
            }
            return scored;
        });
    }

    @Override
    public List<LedgerEntry> entries() {
        return db.tx(conn -> {
            List<LedgerEntry> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM forecasts ORDER BY id")) {
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static LedgerEntry row(ResultSet rs) throws SQLException {
        Boolean learned = rs.getBoolean("outcome_learned");
        if (rs.wasNull()) learned = null;
        return new LedgerEntry(rs.getLong("id"), RunRows.instant(rs, "created_at"), rs.getLong("model_id"), rs.getString("config_hash"),
                rs.getString("group_hash"), rs.getString("config_json"), rs.getLong("budget"), rs.getDouble("probability"),
                RunRows.nullableDouble(rs, "p_low"), RunRows.nullableDouble(rs, "p_high"), RunRows.nullableDouble(rs, "steps_median"),
                rs.getString("context"), rs.getString("prev_hash"), rs.getString("entry_hash"), RunRows.nullableLong(rs, "run_id"),
                learned, RunRows.instant(rs, "scored_at"));
    }

    @Override
    public ChainCheck verify() {
        return db.tx(conn -> verify(conn));
    }

    private static ChainCheck verify(Connection conn) throws SQLException {
        String prev = "0".repeat(64);
        long n = 0;
        try (PreparedStatement ps = conn.prepareStatement("SELECT id, created_at, model_id, config_hash, group_hash, config_json, budget, probability, "
                + "p_low, p_high, steps_median, steps_low, steps_high, context, prev_hash, entry_hash FROM forecasts ORDER BY id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                    NewForecast f = new NewForecast(rs.getLong("model_id"), rs.getString("config_hash"), rs.getString("group_hash"), rs.getString("config_json"),
                            rs.getLong("budget"), rs.getDouble("probability"), RunRows.nullableDouble(rs, "p_low"), RunRows.nullableDouble(rs, "p_high"),
                            RunRows.nullableDouble(rs, "steps_median"), RunRows.nullableDouble(rs, "steps_low"), RunRows.nullableDouble(rs, "steps_high"),
                            rs.getString("context"));
                    String expect = Hashing.sha256Hex(chainText(prev, RunRows.instant(rs, "created_at"), f));
                    if (!prev.equals(rs.getString("prev_hash")) || !expect.equals(rs.getString("entry_hash"))) {
                        return new ChainCheck(false, n, rs.getLong("id"));
                    }
                    prev = expect;
                }
            }
        }
        return new ChainCheck(true, n, null);
    }
}
