package io.learncast.farm.store.jdbc;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.store.EnqueueReport;
import io.learncast.farm.store.GrowRound;
import io.learncast.farm.store.GrowRounds;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Grow rounds in the {@code grow_rounds} table; run ids as a comma-separated list. */
final class JdbcGrowRounds implements GrowRounds {
    private static final String COLUMNS = "id, campaign, round, strategy, state, model_id, run_ids, summary_json, created_at, finished_at";
    private final Database db;

    JdbcGrowRounds(Database db) {
        this.db = db;
    }

    @Override
    public GrowRound start(String campaign, int round, String strategy, List<Long> runIds, String summaryJson) {
        return db.tx(conn -> {
            Optional<GrowRound> existing = get(conn, campaign, round);
            if (existing.isPresent()) return existing.get();
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO grow_rounds (campaign, round, strategy, state, run_ids, summary_json) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, campaign);
                ps.setInt(2, round);
                ps.setString(3, strategy);
                ps.setString(4, GrowRound.TRAINING);
                ps.setString(5, ids(runIds));
                ps.setString(6, summaryJson);
                ps.executeUpdate();
            }
            return get(conn, campaign, round).orElseThrow();
        });
    }

    @Override
    public GrowRound start(NewRound r, Summary summary) {
        Map<String, TaskFacts> facts = JdbcRunQueue.facts(r.configs()); // may read a file: before the transaction
        return db.tx(conn -> {
            Optional<GrowRound> existing = get(conn, r.campaign(), r.round());
            if (existing.isPresent()) return existing.get();
            EnqueueReport rep = JdbcRunQueue.enqueue(conn, r.configs(), facts, r.source(), r.sweep(), null);
            List<String> hashes = r.configs().stream().map(RunConfig::configHash).toList();
            Map<String, Long> byHash = JdbcRunQueue.idsByHash(conn, hashes);
            List<Long> ids = hashes.stream().map(byHash::get).toList();
            int recorded = 0;
            for (Long id : JdbcForecastLedger.record(conn, r.forecasts())) if (id != null) recorded++;
            try (PreparedStatement ps = conn.prepareStatement(
                    "INSERT INTO grow_rounds (campaign, round, strategy, state, run_ids, summary_json) VALUES (?,?,?,?,?,?)")) {
                ps.setString(1, r.campaign());
                ps.setInt(2, r.round());
                ps.setString(3, r.strategy());
                ps.setString(4, GrowRound.TRAINING);
                ps.setString(5, ids(ids));
                ps.setString(6, summary.json(ids, rep.addedCount(), recorded));
                ps.executeUpdate();
            }
            return get(conn, r.campaign(), r.round()).orElseThrow();
        });
    }

    @Override
    public boolean finish(String campaign, int round, Long modelId, String summaryJson) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement(
                    "UPDATE grow_rounds SET state = ?, model_id = ?, summary_json = ?, finished_at = CURRENT_TIMESTAMP WHERE campaign = ? AND round = ?")) {
                ps.setString(1, GrowRound.DONE);
                if (modelId == null) ps.setNull(2, Types.BIGINT);
                else ps.setLong(2, modelId);
                ps.setString(3, summaryJson);
                ps.setString(4, campaign);
                ps.setInt(5, round);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public Optional<GrowRound> get(String campaign, int round) {
        return db.tx(conn -> get(conn, campaign, round));
    }

    private static Optional<GrowRound> get(Connection conn, String campaign, int round) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM grow_rounds WHERE campaign = ? AND round = ?")) {
            ps.setString(1, campaign);
            ps.setInt(2, round);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<GrowRound> rounds(String campaign) {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM grow_rounds WHERE campaign = ? ORDER BY round")) {
                ps.setString(1, campaign);
                return list(ps);
            }
        });
    }

    @Override
    public List<GrowRound> all() {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT " + COLUMNS + " FROM grow_rounds ORDER BY campaign, round")) {
                return list(ps);
            }
        });
    }

    private static List<GrowRound> list(PreparedStatement ps) throws SQLException {
        List<GrowRound> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(row(rs));
        }
        return out;
    }

    private static GrowRound row(ResultSet rs) throws SQLException {
        long model = rs.getLong("model_id");
        Long modelId = rs.wasNull() ? null : model;
        return new GrowRound(rs.getLong("id"), rs.getString("campaign"), rs.getInt("round"), rs.getString("strategy"), rs.getString("state"), modelId,
                parse(rs.getString("run_ids")), rs.getString("summary_json"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("finished_at", OffsetDateTime.class)));
    }

    private static Instant instant(OffsetDateTime t) { return t == null ? null : t.toInstant(); }

    static String ids(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (Long id : ids) {
            if (sb.length() > 0) sb.append(',');
            sb.append(id);
        }
        return sb.toString();
    }

    static List<Long> parse(String s) {
        if (s == null || s.isBlank()) return List.of();
        return Arrays.stream(s.split(",")).map(String::trim).map(Long::valueOf).toList();
    }
}
