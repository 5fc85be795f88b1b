package io.learncast.farm.store.jdbc;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import org.h2.tools.Server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Serves an embedded H2 store to workers in other processes and on other machines over H2's TCP
 * protocol ({@code jdbc:h2:tcp://HOST:PORT/learncast}): that one database, no other file of its folder.
 *
 * <p>Safe by default: the store is created (and migrated) locally first and remote clients can never
 * create databases (no {@code -ifNotExists}); it listens on 127.0.0.1 only, unless {@code allowOthers},
 * which requires a password; the H2 web console is never started; the server's shutdown password is
 * random, so no client can stop it. The password becomes the store user's password (set once, locally,
 * if the store had none).
 */
public final class H2TcpServer implements AutoCloseable {
    /** H2's "wrong user name or password". */
    static final int WRONG_PASSWORD = 28000;
    private static final String LOOPBACK = "127.0.0.1";

    private final Server server;
    private final JdbcStore store;
    private final StoreLocation location;
    private final boolean allowOthers;
    private final boolean passwordSet;

    private H2TcpServer(Server server, JdbcStore store, StoreLocation location, boolean allowOthers, boolean passwordSet) {
        this.server = server;
        this.store = store;
        this.location = location;
        this.allowOthers = allowOthers;
        this.passwordSet = passwordSet;
    }

    /**
     * Opens (creating if needed) the store in {@code folder} and serves it on {@code port} (0: any free port).
     * Must run before anything else in the process touches H2 when listening on loopback only (H2 reads
     * its bind address once).
     */
    public static H2TcpServer start(Path folder, int port, boolean allowOthers, String where) {
        if (!allowOthers) System.setProperty("h2.bindAddress", LOOPBACK);
        if (allowOthers && StoreLocation.envPassword().isEmpty()) {
            throw new UserError("--allow-others", "a password is required to listen on other interfaces",
                    "set LEARNCAST_DB_PASSWORD, or LEARNCAST_DB_PASSWORD_FILE to a file holding it, for this command and every worker");
        }
        StoreLocation loc = StoreLocation.parse(folder.toString(), where);
        if (!allowOthers && !LOOPBACK.equals(org.h2.engine.SysProperties.BIND_ADDRESS)) {
            // H2 was loaded before we could choose its bind address: refuse rather than listen on every interface
            throw new IllegalStateException("H2's bind address is " + org.h2.engine.SysProperties.BIND_ADDRESS + ", not " + LOOPBACK
                    + "; start the server before any other use of H2 in this process");
        }
        if (allowOthers && org.h2.engine.SysProperties.BIND_ADDRESS != null) {
            // loads H2 now, before opening the store sets its loopback default (so this process does not share the
            // folder with local processes either: its ports listen on every interface); if it was loaded earlier, say so
            throw new IllegalStateException("H2's bind address is " + org.h2.engine.SysProperties.BIND_ADDRESS
                    + "; --allow-others needs the server started before any other use of H2 in this process");
        }
        boolean passwordSet;
        try {
            // ensurePassword opens the file: it is checked first (H2FileCheck); held by another process, it is not opened
            passwordSet = H2FileCheck.open(H2FileCheck.mvDbOf(loc.jdbcUrl()), where, () -> ensurePassword(loc));
        } catch (SQLException e) {
            passwordSet = false; // another process holds the file: JdbcStore.open below says so
        }
        JdbcStore store = JdbcStore.open(loc, 2);
        if (Boolean.FALSE.equals(store.holdsFile())) {
            // the folder is held (and shared) by another local process: its server, not ours, can open the file
            store.close();
            throw new UserError("--data", "the store in " + loc.folder() + " is open in another learncast process (a farm, or another `store serve`)",
                    "stop that process first: the server must hold the store it serves; local processes share it meanwhile");
        }
        try {
            // only the store's own database: with a base folder instead, a client could name any other .mv.db file in it,
            // and the server would open that file without the check (H2FileCheck) its own store passed
            List<String> args = new ArrayList<>(List.of("-tcpPort", Integer.toString(port),
                    "-key", StoreLocation.DB_NAME, "file:" + loc.folder().resolve(StoreLocation.DB_NAME),
                    "-tcpPassword", randomSecret(), "-tcpDaemon"));
            if (allowOthers) args.add("-tcpAllowOthers");
            Server server = Server.createTcpServer(args.toArray(String[]::new)).start();
            return new H2TcpServer(server, store, loc, allowOthers, passwordSet);
        } catch (SQLException e) {
            store.close();
            String msg = Database.rootMessage(e);
            throw new UserError("--port", "cannot listen on port " + port + " (" + msg + ")", "choose a free port, or 0 for any free port");
        }
    }

    /**
     * An existing store keeps its user's password; a store without one gets the configured password, so
     * a store first used locally can later be served with a password. Returns true if it set one.
     */
    private static boolean ensurePassword(StoreLocation loc) {
        if (!Files.exists(loc.folder().resolve(StoreLocation.DB_NAME + ".mv.db")) || loc.password().isEmpty()) return false;
        try (Connection c = DriverManager.getConnection(loc.jdbcUrl(), loc.user(), loc.password())) {
            return false; // the password already matches
        } catch (SQLException e) {
            if (e.getErrorCode() != WRONG_PASSWORD) return false; // JdbcStore.open explains other trouble
        }
        try (Connection c = DriverManager.getConnection(loc.jdbcUrl(), loc.user(), "")) {
            String user;
            try (PreparedStatement ps = c.prepareStatement("SELECT CURRENT_USER"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                user = rs.getString(1);
            }
            try (PreparedStatement ps = c.prepareStatement("ALTER USER \"" + user.replace("\"", "\"\"") + "\" SET PASSWORD ?")) {
                ps.setString(1, loc.password());
                ps.execute();
            }
            return true;
        } catch (SQLException e) {
            throw new UserError("LEARNCAST_DB_PASSWORD", "the store in " + loc.folder() + " has another password",
                    "give the store's password in LEARNCAST_DB_PASSWORD or LEARNCAST_DB_PASSWORD_FILE");
        }
    }

    private static String randomSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public int port() { return server.getPort(); }

    /** The host workers should use: 127.0.0.1, or this machine's name when others may connect. */
    public String host() { return allowOthers ? io.learncast.farm.result.Provenance.hostName() : LOOPBACK; }

    /** The JDBC URL workers join with. */
    public String url() { return "jdbc:h2:tcp://" + host() + ":" + port() + "/" + StoreLocation.DB_NAME; }

    public boolean allowOthers() { return allowOthers; }

    /** True if this start gave the store its password. */
    public boolean passwordSet() { return passwordSet; }

    public boolean passwordRequired() { return !location.password().isEmpty(); }

    public StoreLocation location() { return location; }

    /** The served store, for this process's own use (status). */
    public Store store() { return store; }

    public boolean running() { return server.isRunning(false); }

    @Override
    public void close() {
        server.stop();
        store.close();
    }
}
