package io.learncast.farm.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.learncast.common.UserError;
import io.learncast.farm.store.StoreException;
import io.learncast.farm.store.StoreFullException;
import io.learncast.farm.store.StoreLocation;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;

/**
 * A pooled connection to the store's database with transactions that survive trouble: lock
 * conflicts (and unique keys just taken by a concurrent transaction) are retried at once, and an
 * unreachable database is waited for with backoff (up to {@code LEARNCAST_DB_OUTAGE_SECONDS}, default
 * 600) instead of failing the work in hand. A full disk is not an outage: it fails at once with a
 * {@link StoreFullException}, and so does every later transaction of this store (an embedded H2 closes
 * its database after a failed write; waiting would only repeat "database closed" for ten minutes).
 */
final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    static final String LOOPBACK = "127.0.0.1";

    static {
        // H2's shared value cache hashes every string it reads to deduplicate it: scanning runs (exports,
        // feature tables) spent a third of its time there. Read once when H2 loads; a -D setting wins.
        if (System.getProperty("h2.objectCache") == null) System.setProperty("h2.objectCache", "false");
        // a shared embedded store is served to other local processes (LocalShare) on a port H2 opens: on loopback
        // only. Read once when H2 loads; `store serve --allow-others` loads H2 before this class.
        if (System.getProperty("h2.bindAddress") == null) System.setProperty("h2.bindAddress", LOOPBACK);
    }

    final StoreLocation location;
    final Dialect dialect;
    private final HikariDataSource pool;
    private final Duration outageBudget;
    /** When this process last found the database unreachable (nanoTime), or never. */
    private volatile long outageSeenAt;
    private volatile boolean outageSeen;
    /** Set once the disk was found full: nothing more can be written, and reads of an embedded H2 fail too. */
    private volatile StoreFullException full;

    private Database(StoreLocation location, HikariDataSource pool, LocalShare share, Duration outageBudget) {
        this.location = location;
        this.dialect = Dialect.of(location);
        this.pool = pool;
        this.share = share;
        this.outageBudget = outageBudget;
    }

    /** How this process reaches a shared embedded store (null for other stores). */
    private final LocalShare share;

    /** For an embedded folder store: whether this process holds the file (and serves it to others), else null. */
    Boolean holdsFile() { return share == null ? null : share.holding(); }

    /** The oldest H2 the store runs on: earlier 2.x releases lose updates under SELECT … FOR UPDATE with many threads. */
    static final int[] MIN_H2 = {2, 4, 240};

    /** The H2 on the class path, read at run time (the constants would be inlined at compile time). */
    static int[] h2Version() {
        try {
            Class<?> c = Class.forName("org.h2.engine.Constants");
            return new int[] {c.getField("VERSION_MAJOR").getInt(null), c.getField("VERSION_MINOR").getInt(null), c.getField("BUILD_ID").getInt(null)};
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot tell H2's version", e);
        }
    }

    static void requireH2Version() {
        int[] v = h2Version();
        if (java.util.Arrays.compare(v, MIN_H2) < 0) {
            throw new IllegalStateException("H2 " + v[0] + "." + v[1] + "." + v[2] + " is on the class path; learncast needs H2 2.4.240 or later");
        }
    }

    static Database open(StoreLocation loc, int poolSize) {
        return open(loc, poolSize, true);
    }

    /** Opens the store; an embedded folder store is shared with other local processes unless {@code share} is false. */
    static Database open(StoreLocation loc, int poolSize, boolean share) {
        if (loc.isH2()) requireH2Version();
        HikariConfig cfg = new HikariConfig();
        LocalShare local = share && loc.kind() == StoreLocation.Kind.H2_FILE ? LocalShare.of(loc) : null;
        if (local != null) cfg.setDataSource(local);
        else cfg.setJdbcUrl(loc.jdbcUrl());
        cfg.setUsername(loc.user());
        cfg.setPassword(loc.password());
        cfg.setMaximumPoolSize(Math.max(2, poolSize));
        cfg.setMinimumIdle(1);
        cfg.setAutoCommit(false);
        cfg.setConnectionTimeout(10_000);
        cfg.setInitializationFailTimeout(1);
        cfg.setPoolName("learncast-store");
        if (loc.isH2() && local == null) cfg.setDriverClassName("org.h2.Driver");
        HikariDataSource ds;
        try {
            // an embedded file opened without sharing: checked before H2 opens it (LocalShare checks the shared ones)
            ds = local == null && loc.kind() == StoreLocation.Kind.H2_FILE
                    ? H2FileCheck.open(H2FileCheck.mvDbOf(loc.jdbcUrl()), "--db " + loc.display(), () -> new HikariDataSource(cfg))
                    : new HikariDataSource(cfg);
        } catch (SQLException e) {
            throw explainOpenFailure(loc, new IllegalStateException(e));
        } catch (RuntimeException e) {
            if (local != null) local.close();
            throw explainOpenFailure(loc, e);
        }
        Database db = new Database(loc, ds, local, Duration.ofSeconds(envLong("LEARNCAST_DB_OUTAGE_SECONDS", 600)));
        for (int attempt = 1; ; attempt++) {
            try {
                Flyway.configure()
                        .dataSource(ds)
                        .locations("classpath:db/migration")
                        .placeholders(db.dialect.placeholders())
                        .loggers("slf4j")
                        .load()
                        .migrate();
                return db;
            } catch (RuntimeException e) {
                // a shared store whose holder went away while we opened it: the next connection finds the new holder;
                // processes starting together wait for each other's schema check (its lock can outlast H2's lock timeout on a busy machine)
                Trouble t = trouble(e);
                if (attempt < 5 && (t == Trouble.CONFLICT || (local != null && t == Trouble.OUTAGE))) {
                    ds.getHikariPoolMXBean().softEvictConnections();
                    sleep(200L * attempt);
                    continue;
                }
                db.close();
                throw explainOpenFailure(loc, e);
            }
        }
    }

    /** The first conflict or outage in a failure's causes, else OTHER. */
    private static Trouble trouble(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && classify(s) != Trouble.OTHER) return classify(s);
            // Flyway rethrows H2's "Timeout trying to lock table" (50200) without the SQLException as cause
            if (String.valueOf(t.getMessage()).contains("Timeout trying to lock table")) return Trouble.CONFLICT;
        }
        return Trouble.OTHER;
    }

    private static RuntimeException explainOpenFailure(StoreLocation loc, RuntimeException e) {
        UserError refused = userError(e);
        if (refused != null) return refused; // the file was refused before H2 opened it (H2FileCheck)
        String msg = rootMessage(e);
        String lower = msg.toLowerCase(java.util.Locale.ROOT);
        if (lockedByAnother(e)) {
            // learncast processes share a folder store with each other (LocalShare): the holder is one that does not
            return new UserError("--db " + loc.display(), "the store is held by another process that does not share it ("
                    + (loc.kind() == StoreLocation.Kind.H2_FILE ? "`learncast store serve --allow-others`, a learncast older than this one, or another H2 program"
                    : "an embedded H2 opened elsewhere") + ")",
                    "stop that process, or reach the store through its server: --db jdbc:h2:tcp://HOST:PORT/learncast (`store serve` prints it)");
        }
        if (lower.contains("wrong user name or password") || lower.contains("password authentication failed") || lower.contains("28000")) {
            return new UserError("--db " + loc.display(), "the database refused the credentials",
                    "set LEARNCAST_DB_PASSWORD (and LEARNCAST_DB_USER) to the store's password");
        }
        if (lower.contains("connection refused") || lower.contains("connection is broken") || lower.contains("unknownhost") || lower.contains("connect")) {
            return new UserError("--db " + loc.display(), "cannot reach the database (" + msg + ")",
                    "check the URL and that the server runs, e.g. `learncast store serve` for jdbc:h2:tcp://…");
        }
        if (lower.contains("flyway") || lower.contains("migration") || lower.contains("validate failed")) {
            return new UserError("--db " + loc.display(), "the store's schema cannot be brought up to date (" + msg + ")",
                    "point --db at a learncast store or an empty folder/database");
        }
        return new UserError("--db " + loc.display(), "cannot open the store (" + msg + ")",
                "check that --db (or LEARNCAST_DB) names a learncast store: a folder, jdbc:h2:tcp://… or jdbc:postgresql://…");
    }

    /** A user error anywhere in a failure's causes (the pool wraps what its data source throws), else null. */
    static UserError userError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UserError u) return u;
        }
        return null;
    }

    /** The file is held by another process (H2's "file is locked" / "already in use", anywhere in the chain). */
    private static boolean lockedByAnother(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && LocalShare.locked(s)) return true;
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("the file is locked") || m.contains("already in use") || m.contains("locked by another process") || m.contains("90020")) return true;
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        String msg = String.valueOf(e.getMessage());
        while (t != null) {
            if (t.getMessage() != null) msg = t.getMessage();
            t = t.getCause();
        }
        return msg.split("\n")[0];
    }

    /** Runs {@code work} in one transaction, retrying conflicts and waiting out outages. */
    <T> T tx(SqlWork<T> work) {
        long deadline = System.nanoTime() + outageBudget.toNanos();
        long backoffMs = 50;
        int conflicts = 0;
        while (true) {
            StoreFullException wasFull = full;
            if (wasFull != null) throw new StoreFullException(wasFull.getMessage(), wasFull);
            try (Connection c = pool.getConnection()) {
                try {
                    T out = work.run(c);
                    c.commit();
                    return out;
                } catch (SQLException e) {
                    rollbackQuietly(c);
                    // an odd error on a connection that died with it (a server shutting down) is an outage, not a bad statement
                    if (classify(e) == Trouble.OTHER && !validQuietly(c)) {
                        pool.evictConnection(c);
                        throw new SQLRecoverableException("connection lost: " + e.getMessage(), "08006", e);
                    }
                    // a dead connection goes, so the retry gets a new one (H2's "session closed" is not fatal to the pool by itself)
                    if (classify(e) == Trouble.OUTAGE) pool.evictConnection(c);
                    throw e;
                } catch (RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            } catch (SQLException e) {
                UserError refused = userError(e);
                if (refused != null) throw refused; // a file taken over from another process, refused (H2FileCheck)
                Trouble kind = classify(e);
                if (kind == Trouble.FULL) {
                    StoreFullException f = new StoreFullException("the store's disk is full (" + rootMessage(e) + ")", e);
                    full = f;
                    throw f;
                }
                if (kind == Trouble.CONFLICT && ++conflicts < 50) {
                    sleep(Math.min(500, 5L * conflicts));
                    continue;
                }
                if (kind == Trouble.OUTAGE) {
                    outageSeenAt = System.nanoTime();
                    outageSeen = true;
                }
                if (kind == Trouble.OUTAGE && System.nanoTime() < deadline) {
                    LOG.warn("store unreachable ({}); retrying in {} ms", rootMessage(e), backoffMs);
                    sleep(backoffMs);
                    backoffMs = Math.min(5_000, backoffMs * 2);
                    continue;
                }
                throw new StoreException("store operation failed: " + rootMessage(e), e);
            }
        }
    }

    /** Milliseconds since this process last found the database unreachable (Long.MAX_VALUE if never). */
    long millisSinceOutage() {
        return outageSeen ? (System.nanoTime() - outageSeenAt) / 1_000_000 : Long.MAX_VALUE;
    }

    enum Trouble { CONFLICT, OUTAGE, FULL, OTHER }

    static Trouble classify(SQLException e) {
        if (diskFull(e)) return Trouble.FULL;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!(t instanceof SQLException s)) continue;
            String state = s.getSQLState() == null ? "" : s.getSQLState();
            int code = s.getErrorCode();
            if (state.equals("40001") || state.equals("40P01") || state.equals("55P03") || code == 50200 || code == 40001 || code == 90131) {
                return Trouble.CONFLICT;
            }
            // a unique key taken by a concurrent transaction (two workers recording the same new dataset, two
            // processes enqueueing the same config): run the transaction again, its check now sees the row
            if (state.equals("23505")) return Trouble.CONFLICT;
            // H2's server rolls back open transactions as it shuts down; their next statement says so
            if (code == 50000 && String.valueOf(s.getMessage()).contains("has status ROLLED_BACK")) return Trouble.OUTAGE;
            if (state.startsWith("08") || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || code == 90067 || code == 90098 || code == 90121
                    || state.equals("57P01") || state.equals("57P03")) {
                return Trouble.OUTAGE;
            }
        }
        return Trouble.OTHER;
    }

    /**
     * Whether the failure is a full disk: PostgreSQL's {@code disk_full} (53100), or an I/O error saying so
     * anywhere in the chain (H2 passes the file system's "No space left on device" through; Windows and
     * quotas word it differently).
     */
    static boolean diskFull(Throwable e) {
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) continue;
            if (t instanceof SQLException s && "53100".equals(s.getSQLState())) return true;
            String m = String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("no space left on device") || m.contains("not enough space on the disk") || m.contains("disk quota exceeded")
                    || m.contains("could not extend file")) {
                return true;
            }
            if (t.getCause() != null) todo.add(t.getCause());
            if (t instanceof SQLException s && s.getNextException() != null) todo.add(s.getNextException());
            java.util.Collections.addAll(todo, t.getSuppressed());
        }
        return false;
    }

    private static boolean validQuietly(Connection c) {
        try {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is probably gone; the pool will discard it
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting for the store", e);
        }
    }

    static long envLong(String key, long def) {
        try {
            String v = System.getenv(key);
            return v == null ? def : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    @Override
    public void close() {
        // stop serving first: other processes' sessions would keep the database open after our pool closes
        if (share != null) share.stopServing();
        pool.close();
        if (share != null) share.close();
    }
}
