package io.learncast.farm.store.jdbc;

import io.learncast.farm.store.StoreLocation;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * An embedded H2 store shared with the other processes of this machine, so that {@code farm status},
 * {@code runs} or {@code forecast} work while {@code farm run} trains on the same folder. Whichever process
 * opens the folder first holds the database file and uses it embedded (the farm's hot path is unchanged),
 * and serves it on a loopback port; the others connect through that port. When the holder stops (or dies),
 * the next connection another process makes takes the file over and serves it in turn: each new connection
 * is resolved again, so a pool survives the change of holder the way it survives a database outage.
 *
 * <p>Why not H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}), which does the same: H2 refuses it
 * together with {@code DB_CLOSE_ON_EXIT=FALSE}, and closing the database from H2's own shutdown hook
 * would break Ctrl-C (workers give their runs back to the queue after the signal), and its server listens
 * on every interface. This one listens on 127.0.0.1 only (H2's bind address, set before H2 loads;
 * a process whose H2 is bound elsewhere does not share), accepts no connection from other hosts, answers
 * only to a random 128-bit key that names the database (so it opens no other file), and cannot be shut down
 * by a client. The port and key are in {@code <database>.share} beside the database, readable by its owner only,
 * like the database file itself.
 */
final class LocalShare implements DataSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalShare.class);

    /**
     * How long a connection waits for a holder to serve the store (or to let go of it) before giving up: 20 s, or
     * {@code LEARNCAST_SHARE_WAIT_MS} (tests of the give-up message set it shorter; like {@code LEARNCAST_DB_OUTAGE_SECONDS}).
     */
    static final long WAIT_MS = Math.max(0, Database.envLong("LEARNCAST_SHARE_WAIT_MS", 20_000));

    private final String embeddedUrl;
    private final String databasePath;
    private final Path shareFile;
    /** The database file, checked (H2FileCheck) before this process opens it. */
    private final Path mvDb;
    private final String where;
    private final long pid = ProcessHandle.current().pid();
    private volatile boolean holding;
    private volatile boolean closed;

    /**
     * What this process serves, per database: one server and one anchor connection however many stores of the
     * process have the folder open (each counts as a user; the last one to stop serving stops the server).
     */
    private static final class Serving {
        Server server;
        Connection anchor;
        int users;
    }

    private static final java.util.Map<String, Serving> SERVING = new java.util.HashMap<>();

    private LocalShare(String embeddedUrl, String databasePath, Path shareFile, Path mvDb, String where) {
        this.embeddedUrl = embeddedUrl;
        this.databasePath = databasePath;
        this.shareFile = shareFile;
        this.mvDb = mvDb;
        this.where = where;
    }

    /** The share of an embedded file store, or null when this process may not share it (H2 is bound to other interfaces than loopback). */
    static LocalShare of(StoreLocation loc) {
        if (!Database.LOOPBACK.equals(org.h2.engine.SysProperties.BIND_ADDRESS)) {
            LOG.warn("H2 is bound to {} in this process: {} is not shared with other processes", org.h2.engine.SysProperties.BIND_ADDRESS, loc);
            return null;
        }
        String url = loc.jdbcUrl();
        Path path = H2FileCheck.databasePathOf(url);
        return new LocalShare(url, "file:" + path, path.resolveSibling(path.getFileName() + ".share"),
                H2FileCheck.mvDbOf(path), "--db " + loc.display());
    }

    /** True while this process holds the database file (and serves it). */
    boolean holding() { return holding; }

    /** Where the store is shared from ({@code <database>.share}). */
    Path shareFile() { return shareFile; }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(null, null);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        SQLException last;
        while (true) {
            if (holding) {
                try {
                    return embedded(user, password);
                } catch (SQLException e) {
                    if (!locked(e)) throw e;
                    last = e; // we lost the file (cannot happen while the anchor is open); look again
                    stopServing();
                }
            }
            Share s = Share.read(shareFile);
            if (s != null && s.pid() != pid) {
                try {
                    return DriverManager.getConnection("jdbc:h2:tcp://" + Database.LOOPBACK + ":" + s.port() + "/" + s.key() + ";LOCK_TIMEOUT=20000",
                            user, password);
                } catch (SQLException e) {
                    if (!unreachable(e) && !staleKey(e, s)) throw e;
                    last = e; // the holder has gone (or is handing over): the file may be free
                }
            }
            try {
                // the file is free (or held by another store of this process): check it before H2 opens it, unless this
                // process serves it already; another process holding it makes the check say "locked", like H2 would
                Connection c = servedHere() ? embedded(user, password) : H2FileCheck.open(mvDb, where, () -> embedded(user, password));
                serve(user, password);
                return c;
            } catch (SQLException e) {
                if (!locked(e)) throw e;
                last = e;
            }
            if (closed || System.nanoTime() > deadline) throw last;
            sleep(50 + (long) (Math.random() * 100));
        }
    }

    private Connection embedded(String user, String password) throws SQLException {
        return DriverManager.getConnection(embeddedUrl, user, password);
    }

    /** Whether a store of this process holds (and serves) the file: H2 has it open here, it is not read again. */
    private boolean servedHere() {
        synchronized (SERVING) {
            return SERVING.containsKey(databasePath);
        }
    }

    /** Now that this process holds the file: keep it open with an anchor connection and serve it on loopback (once per process). */
    private void serve(String user, String password) throws SQLException {
        synchronized (SERVING) {
            if (holding || closed) return;
            Serving sv = SERVING.get(databasePath);
            holding = true;
            if (sv != null) {
                sv.users++; // another store of this process already serves it
                return;
            }
            sv = new Serving();
            sv.anchor = embedded(user, password);
            sv.users = 1;
            SERVING.put(databasePath, sv);
            String key = random(16);
            try {
                sv.server = Server.createTcpServer("-tcpPort", "0", "-tcpDaemon", "-key", key, databasePath, "-tcpPassword", random(24)).start();
                Share.write(shareFile, new Share(sv.server.getPort(), key, pid));
                LOG.debug("serving {} to local processes on port {}", databasePath, sv.server.getPort());
            } catch (SQLException | IOException | RuntimeException e) {
                // the store still works for this process; others wait, then are told it is in use
                LOG.warn("cannot share the store with other processes: {}", e.getMessage());
                if (sv.server != null) sv.server.stop();
                sv.server = null;
            }
        }
    }

    /** Stops serving, once no other store of this process uses the file (clients reconnect and find it free once it closes). */
    void stopServing() {
        synchronized (SERVING) {
            if (!holding) return;
            holding = false;
            Serving sv = SERVING.get(databasePath);
            if (sv == null || --sv.users > 0) return;
            SERVING.remove(databasePath);
            Share s = Share.read(shareFile);
            if (s != null && s.pid() == pid) {
                try {
                    Files.deleteIfExists(shareFile);
                } catch (IOException e) {
                    LOG.debug("cannot remove {}: {}", shareFile, e.getMessage());
                }
            }
            if (sv.server != null) sv.server.stop();
            try {
                sv.anchor.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        stopServing();
    }

    /** H2 refuses the file because another process holds it. */
    static boolean locked(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof SQLException s && s.getErrorCode() == 90020) return true; // DATABASE_ALREADY_OPEN_1
            if (m.contains("the file is locked") || m.contains("already in use") || m.contains("locked by another process")) return true;
        }
        return false;
    }

    /** The holder named in the share file does not answer: gone, or handing over. */
    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                String state = s.getSQLState() == null ? "" : s.getSQLState();
                int code = s.getErrorCode();
                // 90067 connection broken, 90098 database closed, 90121 closed by the VM, 08xxx connection failures
                if (state.startsWith("08") || code == 90067 || code == 90098 || code == 90121) return true;
                // a server starting up or stopping that no longer knows the key
                if (code == 90146 || code == 90013) return true;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.SocketException || t instanceof java.io.EOFException) return true;
        }
        return false;
    }

    /**
     * A key refusal (H2 answers a wrong key with 28000, as it does a wrong password) from a holder that is gone, or that the
     * share file no longer names: the port now belongs to another server — a new holder that took the file over and started
     * serving before it rewrote the share file (a port freed by the dead holder can be handed out again), or any other
     * process. The holder is looked up again, as when it does not answer. A refusal by the live holder the file still names
     * is the caller's wrong password, and is not retried.
     */
    private boolean staleKey(SQLException e, Share s) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException q && q.getErrorCode() == H2TcpServer.WRONG_PASSWORD) {
                return !s.equals(Share.read(shareFile)) || !ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false);
            }
        }
        return false;
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The share file: the loopback port, the key the server answers to, and the holder's process id. */
    record Share(int port, String key, long pid) {
        static Share read(Path file) {
            try {
                Properties p = new Properties();
                try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                return new Share(Integer.parseInt(p.getProperty("port")), p.getProperty("key"), Long.parseLong(p.getProperty("pid")));
            } catch (IOException | RuntimeException e) {
                return null; // absent, or being replaced
            }
        }

        /** Written whole (a temporary file moved into place), readable by this user only. */
        static void write(Path file, Share s) throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + "." + s.pid() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.writeString(tmp, "# learncast: this process serves the store to local processes; deleted when it stops\n"
                    + "port=" + s.port() + "\nkey=" + s.key() + "\npid=" + s.pid() + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    // --- the rest of DataSource: not used by the pool ---

    @Override public PrintWriter getLogWriter() { return null; }

    @Override public void setLogWriter(PrintWriter out) { }

    @Override public void setLoginTimeout(int seconds) { }

    /** Hikari waits this long for connections being added when it closes. */
    @Override public int getLoginTimeout() { return 10; }

    @Override public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException { throw new SQLFeatureNotSupportedException(); }

    @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }

    @Override public boolean isWrapperFor(Class<?> iface) { return false; }
}
