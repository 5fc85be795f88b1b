package io.learncast.bench.farm;

import io.learncast.app.proc.Proc;
import io.learncast.farm.store.StoreLocation;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * One scenario's store: an H2 store served over TCP by a real {@code learncast store serve} process, an
 * embedded H2 folder, or a fresh database on a PostgreSQL server. Gives the URL workers join with, a
 * direct JDBC connection for the checks, and (for outages) a way to stop and restart the server.
 */
final class BenchDb implements AutoCloseable {
    enum Kind { H2_TCP, H2_EMBEDDED, POSTGRES }

    final Kind kind;
    final Path data;
    private final String pgScript;
    private String url;
    private Proc server;
    private int port;

    private BenchDb(Kind kind, Path data, String url, String pgScript) {
        this.kind = kind;
        this.data = data;
        this.url = url;
        this.pgScript = pgScript;
    }

    /** A store in {@code data} served by a child {@code learncast store serve} on a free port. */
    static BenchDb h2Tcp(Path data) throws Exception {
        BenchDb db = new BenchDb(Kind.H2_TCP, data, null, null);
        db.startServer();
        return db;
    }

    static BenchDb h2Embedded(Path data) {
        return new BenchDb(Kind.H2_EMBEDDED, data, data.toString(), null);
    }

    /** A new database on the server of {@code adminUrl}; {@code pgScript} (may be null) stops and starts that server. */
    static BenchDb postgres(String adminUrl, String pgScript) {
        String name = "lc_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name); // generated above, not input
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database on " + adminUrl + ": " + e.getMessage(), e);
        }
        String base = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
        String query = adminUrl.contains("?") ? adminUrl.substring(adminUrl.indexOf('?')) : "";
        return new BenchDb(Kind.POSTGRES, null, base + name + query, pgScript);
    }

    String url() { return url; }

    String label() {
        return switch (kind) {
            case H2_TCP -> "H2 (TCP server)";
            case H2_EMBEDDED -> "H2 (embedded)";
            case POSTGRES -> "PostgreSQL";
        };
    }

    Connection connect() throws SQLException {
        if (kind == Kind.POSTGRES) return DriverManager.getConnection(url);
        StoreLocation loc = StoreLocation.parse(url, "bench");
        return DriverManager.getConnection(loc.jdbcUrl(), "learncast", "");
    }

    /** Can the scenario take the database away and bring it back? */
    boolean canStopServer() { return kind == Kind.H2_TCP || (kind == Kind.POSTGRES && pgScript != null); }

    void startServer() throws Exception {
        if (kind == Kind.POSTGRES) {
            script("start");
            return;
        }
        server = Proc.cli("server", Map.of(), "store", "serve", "--port", Integer.toString(port), "--data", data.toString());
        String line = server.awaitLine(l -> l.startsWith("url: "), 120);
        url = line.substring("url: ".length()).trim();
        port = Integer.parseInt(url.replaceAll(".*:(\\d+)/.*$", "$1"));
    }

    /** Stops the server cleanly (clients see refused connections until {@link #startServer()}). */
    void stopServer() throws Exception {
        if (kind == Kind.POSTGRES) {
            script("stop");
            return;
        }
        server.signal("TERM");
        server.await(60);
    }

    private void script(String cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(pgScript, cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException(pgScript + " " + cmd + " failed: " + out);
    }

    void saveLog(Path dir) {
        if (server != null) server.saveLog(dir);
    }

    @Override
    public void close() {
        if (server != null) server.close();
    }
}
