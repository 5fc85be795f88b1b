package io.learncast.farm.store.jdbc;

import io.learncast.farm.store.ForecastLedger;
import io.learncast.farm.store.GrowRounds;
import io.learncast.farm.store.LabelCache;
import io.learncast.farm.store.ModelRegistry;
import io.learncast.farm.store.RunCatalog;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.RunStats;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The store on JDBC: H2 embedded, H2 over TCP, or PostgreSQL; migrated by Flyway on open. */
public final class JdbcStore implements Store {
    private final Database db;
    private final RunQueue queue;
    private final RunCatalog catalog;
    private final ModelRegistry models;
    private final ForecastLedger ledger;
    private final GrowRounds growRounds;
    private final RunStats stats;
    private final LabelCache labels;

    private JdbcStore(Database db) {
        this.db = db;
        this.queue = new JdbcRunQueue(db);
        this.catalog = new JdbcRunCatalog(db);
        this.models = new JdbcModelRegistry(db);
        this.ledger = new JdbcForecastLedger(db);
        this.growRounds = new JdbcGrowRounds(db);
        this.stats = new JdbcRunStats(db);
        this.labels = new JdbcLabelCache(db);
    }

    /** Opens (creating or migrating as needed) the store; {@code connections} sizes the pool (workers + a few). */
    public static JdbcStore open(StoreLocation location, int connections) {
        return new JdbcStore(Database.open(location, connections));
    }

    public static JdbcStore open(StoreLocation location) {
        return open(location, 4);
    }

    /**
     * Opens the store; with {@code share} false an embedded folder store is kept to this process alone (the
     * default shares it with local processes: {@link LocalShare}). For benchmarks of what sharing costs.
     */
    public static JdbcStore open(StoreLocation location, int connections, boolean share) {
        return new JdbcStore(Database.open(location, connections, share));
    }

    /**
     * For an embedded folder store: true while this process holds the database file (and serves it to other
     * local processes), false while it reaches the store through another process; null for other stores.
     */
    public Boolean holdsFile() { return db.holdsFile(); }

    @Override public StoreLocation location() { return db.location; }

    /** The connection pool and its transactions (for this package's tests). */
    Database database() { return db; }

    @Override public RunQueue queue() { return queue; }

    @Override public RunCatalog catalog() { return catalog; }

    @Override public ModelRegistry models() { return models; }

    @Override public ForecastLedger ledger() { return ledger; }

    @Override public GrowRounds growRounds() { return growRounds; }

    @Override public RunStats stats() { return stats; }

    @Override public LabelCache labels() { return labels; }

    @Override
    public Instant now() {
        return db.tx(conn -> {
            try (PreparedStatement ps = conn.prepareStatement("SELECT CURRENT_TIMESTAMP"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class).toInstant();
            }
        });
    }

    @Override
    public void close() {
        db.close();
    }
}
