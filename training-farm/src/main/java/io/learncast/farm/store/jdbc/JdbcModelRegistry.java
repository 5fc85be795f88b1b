package io.learncast.farm.store.jdbc;

import io.learncast.common.Hashing;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.ModelRegistry;
import io.learncast.farm.store.NewModel;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Model artifacts as BLOB/BYTEA rows, so every machine sharing the store sees the same models. */
final class JdbcModelRegistry implements ModelRegistry {
    private static final String COLUMNS = "id, kind, created_at, code_version, format_version, corpus_runs, corpus_rows, corpus_hash, "
            + "artifact_sha256, summary_json, active";
    private final Database db;

    JdbcModelRegistry(Database db) {
        this.db = db;
    }

    @Override
    public long register(NewModel m, boolean activate) {
        String sha = Hashing.sha256Hex(m.artifact());
        return db.tx(conn -> {
            long id;
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO models (kind, code_version, format_version, corpus_runs, corpus_rows, "
                    + "corpus_hash, artifact_sha256, artifact, summary_json, active) VALUES (?,?,?,?,?,?,?,?,?, FALSE)", new String[] {"id"})) {
                ps.setString(1, m.kind());
                ps.setString(2, m.codeVersion());
                ps.setInt(3, m.formatVersion());
                ps.setInt(4, m.corpusRuns());
                ps.setInt(5, m.corpusRows());
                ps.setString(6, m.corpusHash());
                ps.setString(7, sha);
                ps.setBytes(8, m.artifact());
                ps.setString(9, m.summaryJson());
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
            }
            if (activate) activate(conn, id, m.kind());
            return id;
        });
    }

    private static void activate(java.sql.Connection conn, long id, String kind) throws SQLException {
        try (PreparedStatement off = conn.prepareStatement("UPDATE models SET active = FALSE WHERE kind = ? AND active = TRUE AND id <> ?");
             PreparedStatement on = conn.prepareStatement("UPDATE models SET active = TRUE WHERE id = ?")) {
            off.setString(1, kind);
            off.setLong(2, id);
            off.executeUpdate();
            on.setLong(1, id);
            on.executeUpdate();
        }
    }

    @Override
    public void activate(long id) {
        db.tx(conn -> {
            String kind = get(conn, id).map(ModelRecord::kind).orElseThrow(() -> new IllegalArgumentException("no model " + id));
            activate(conn, id, kind);
            return null;
        });
    }

    @Override
    public Optional<ModelRecord> active(String kind) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM models WHERE kind = ? AND active = TRUE ORDER BY id DESC LIMIT 1")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(row(rs)) : Optional.<ModelRecord>empty();
                }
            }
        });
    }

    @Override
    public Optional<ModelRecord> get(long id) {
        return db.tx(conn -> get(conn, id));
    }

    private static Optional<ModelRecord> get(java.sql.Connection conn, long id) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM models WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public byte[] artifact(long id) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT artifact, artifact_sha256 FROM models WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no model " + id);
                    byte[] bytes = rs.getBytes(1);
                    if (!Hashing.sha256Hex(bytes).equals(rs.getString(2))) {
                        throw new IllegalStateException("model " + id + "'s artifact does not match its recorded SHA-256");
                    }
                    return bytes;
                }
            }
        });
    }

    @Override
    public List<ModelRecord> list(String kind) {
        return db.tx(conn -> {
            List<ModelRecord> out = new ArrayList<>();
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM models WHERE kind = ? ORDER BY id")) {
                ps.setString(1, kind);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(row(rs));
                }
            }
            return out;
        });
    }

    private static ModelRecord row(ResultSet rs) throws SQLException {
        return new ModelRecord(rs.getLong("id"), rs.getString("kind"), RunRows.instant(rs, "created_at"), rs.getString("code_version"),
                rs.getInt("format_version"), rs.getInt("corpus_runs"), rs.getInt("corpus_rows"), rs.getString("corpus_hash"),
                rs.getString("artifact_sha256"), rs.getString("summary_json"), rs.getBoolean("active"));
    }
}
