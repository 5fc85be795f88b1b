package io.learncast.farm.store.jdbc;

import io.learncast.data.property.CurveLabel;
import io.learncast.farm.store.LabelCache;
import io.learncast.farm.store.StoredRun;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Curve labels in the {@code curve_labels} table (V9). */
final class JdbcLabelCache implements LabelCache {
    private final Database db;

    JdbcLabelCache(Database db) {
        this.db = db;
    }

    @Override
    public Map<Long, CurveLabel> read(String property, int version, Collection<StoredRun> runs) {
        if (property.length() > MAX_PROPERTY || runs.isEmpty()) return Map.of();
        Map<Long, Integer> claims = new HashMap<>();
        for (StoredRun r : runs) claims.put(r.id(), r.claims());
        return db.tx(conn -> {
            Map<Long, CurveLabel> out = new HashMap<>();
            // one scan of the property's rows (a few per run at most) rather than IN lists of ids
            try (PreparedStatement ps = conn.prepareStatement("SELECT run_id, claims, event_step, reach_step, never, observed_to, t_mem, t_gen, pointwise "
                    + "FROM curve_labels WHERE property = ? AND version = ?")) {
                ps.setString(1, property);
                ps.setInt(2, version);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        Integer now = claims.get(id);
                        if (now == null || now != rs.getInt(2)) continue; // not asked for, or labelled from an older curve
                        out.put(id, new CurveLabel(longOrNull(rs, 3), longOrNull(rs, 4), rs.getBoolean(5), rs.getLong(6), longOrNull(rs, 7),
                                longOrNull(rs, 8), pointwise(rs.getString(9))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void write(String property, int version, Map<StoredRun, CurveLabel> labels) {
        if (property.length() > MAX_PROPERTY || labels.isEmpty()) return;
        List<Map.Entry<StoredRun, CurveLabel>> all = new ArrayList<>(labels.entrySet());
        for (int from = 0; from < all.size(); from += 500) {
            List<Map.Entry<StoredRun, CurveLabel>> chunk = all.subList(from, Math.min(all.size(), from + 500));
            db.tx(conn -> {
                try (PreparedStatement del = conn.prepareStatement("DELETE FROM curve_labels WHERE property = ? AND run_id = ?");
                     PreparedStatement ins = conn.prepareStatement("INSERT INTO curve_labels (property, run_id, version, claims, event_step, reach_step, "
                             + "never, observed_to, t_mem, t_gen, pointwise) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) {
                    for (Map.Entry<StoredRun, CurveLabel> e : chunk) {
                        del.setString(1, property);
                        del.setLong(2, e.getKey().id());
                        del.addBatch();
                        CurveLabel l = e.getValue();
                        int i = 1;
                        ins.setString(i++, property);
                        ins.setLong(i++, e.getKey().id());
                        ins.setInt(i++, version);
                        ins.setInt(i++, e.getKey().claims());
                        setLong(ins, i++, l.eventStep());
                        setLong(ins, i++, l.reachStep());
                        ins.setBoolean(i++, l.never());
                        ins.setLong(i++, l.observedTo());
                        setLong(ins, i++, l.tMem());
                        setLong(ins, i++, l.tGen());
                        if (l.pointwise() == null) ins.setNull(i, Types.VARCHAR); else ins.setString(i, pointwise(l.pointwise()));
                        ins.addBatch();
                    }
                    del.executeBatch();
                    ins.executeBatch();
                }
                return null;
            });
        }
    }

    private static Long longOrNull(ResultSet rs, int col) throws SQLException {
        long v = rs.getLong(col);
        return rs.wasNull() ? null : v;
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) ps.setNull(i, Types.BIGINT); else ps.setLong(i, v);
    }

    static String pointwise(java.util.NavigableMap<Long, Boolean> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Long, Boolean> e : m.entrySet()) {
            if (sb.length() > 0) sb.append(',');
            sb.append(e.getKey()).append(':').append(e.getValue() ? '1' : '0');
        }
        return sb.toString();
    }

    static TreeMap<Long, Boolean> pointwise(String text) {
        if (text == null) return null;
        TreeMap<Long, Boolean> m = new TreeMap<>();
        if (text.isEmpty()) return m;
        for (String part : text.split(",")) {
            int colon = part.indexOf(':');
            m.put(Long.parseLong(part.substring(0, colon)), part.charAt(colon + 1) == '1');
        }
        return m;
    }
}
