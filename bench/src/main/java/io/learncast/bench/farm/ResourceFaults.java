package io.learncast.bench.farm;

import io.learncast.app.proc.Proc;
import io.learncast.app.service.ForecastService;
import io.learncast.app.service.WebServer;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Faults of the machine rather than the input: clients that hold connections open without finishing their
 * requests, and a disk that fills up under the store.
 */
final class ResourceFaults {
    private final FaultBench bench;

    ResourceFaults(FaultBench bench) {
        this.bench = bench;
    }

    // ------------------------------------------------------------ slow clients

    /**
     * Slow clients against the HTTP service (2 request threads): incomplete headers, half-sent bodies, bodies dripped
     * a byte at a time and silent connections, several times more of them than threads. Checked: /v1/health answers as
     * fast as without them (within 10× its unloaded median, and at most 100 ms more); every slow connection is
     * answered (408) or closed by the server within the body deadline plus slack.
     */
    Figures.SlowClients slowClients(BenchDb db, List<String> problems, int perKind) throws Exception {
        try (Store store = JdbcStore.open(StoreLocation.parse(db.url(), "bench"), 4);
             ForecastService svc = ForecastService.start(store, new ForecastService.Settings("127.0.0.1", 0, 2, null))) {
            int port = svc.port();
            for (int i = 0; i < 5; i++) health(port);
            long[] unloaded = new long[30];
            for (int i = 0; i < unloaded.length; i++) unloaded[i] = health(port);
            List<Socket> slow = new ArrayList<>();
            List<Thread> drips = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                for (int i = 0; i < perKind; i++) {
                    slow.add(open(port, "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "));
                    slow.add(open(port, "POST /v1/forecast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 4000\r\n\r\n{\"task\":"));
                    Socket drip = open(port, "POST /v1/forecast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000\r\n\r\n{");
                    slow.add(drip);
                    drips.add(dripping(drip));
                    slow.add(open(port, ""));
                }
                Thread.sleep(300);
                long[] loaded = new long[30];
                for (int i = 0; i < loaded.length; i++) {
                    loaded[i] = health(port);
                    Thread.sleep(50);
                }
                long bound = Math.max(median(unloaded) + 100, 10 * median(unloaded));
                if (median(loaded) >= bound || max(loaded) >= 5 * bound) {
                    problems.add("health with " + slow.size() + " slow clients: " + Arrays.toString(loaded) + " ms (unloaded " + Arrays.toString(unloaded) + ")");
                }
                // every slow connection is answered or closed by the server
                List<CompletableFuture<Long>> closed = new ArrayList<>();
                for (Socket s : slow) closed.add(CompletableFuture.supplyAsync(() -> closedAfter(s, t0)));
                long closedCount = 0;
                long latest = 0;
                for (CompletableFuture<Long> c : closed) {
                    long ms = c.get(WebServer.IDLE_TIMEOUT_MS + 60_000, TimeUnit.MILLISECONDS);
                    if (ms >= 0) {
                        closedCount++;
                        latest = Math.max(latest, ms);
                    }
                }
                if (closedCount != slow.size()) problems.add((slow.size() - closedCount) + " slow connections were still open " + (WebServer.IDLE_TIMEOUT_MS / 1000 + 30) + " s on");
                if (health(port) > 5_000) problems.add("health slow after the slow clients left");
                return new Figures.SlowClients(2,
                        slow.size(),
                        median(unloaded) + "/" + max(unloaded),
                        median(loaded) + "/" + max(loaded),
                        closedCount,
                        FaultBench.round(latest / 1000.0));
            } finally {
                for (Socket s : slow) s.close();
                for (Thread t : drips) t.join(5_000);
            }
        }
    }

    private static Socket open(int port, String text) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout((int) WebServer.IDLE_TIMEOUT_MS + 30_000);
        OutputStream o = s.getOutputStream();
        o.write(text.getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        return s;
    }

    private static Thread dripping(Socket s) {
        Thread t = new Thread(() -> {
            try {
                for (int i = 0; i < 200; i++) {
                    Thread.sleep(500);
                    s.getOutputStream().write(' ');
                    s.getOutputStream().flush();
                }
            } catch (Exception closed) {
                // closed by the server (or by us at the end)
            }
        }, "bench-drip");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Milliseconds from {@code t0} until the server ended the connection, or -1 if it did not within the read timeout. */
    private static long closedAfter(Socket s, long t0) {
        try {
            s.getInputStream().readAllBytes();
        } catch (java.net.SocketTimeoutException e) {
            return -1;
        } catch (IOException reset) {
            // reset by the server: closed
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * One /v1/health round trip in milliseconds, on a connection of its own that it closes (as a monitoring probe
     * does; a client that kept its connections open would count against the server's connection limit).
     */
    static long health(int port) throws Exception {
        long t0 = System.nanoTime();
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.1 200")) throw new IllegalStateException("health answered " + answer.lines().findFirst().orElse("nothing"));
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static long max(long[] v) { return Arrays.stream(v).max().orElse(0); }

    // ------------------------------------------------------------ disk full

    /**
     * A disk that fills under the store while {@code learncast farm run} trains: a tmpfs of its own (as root), filled
     * by another writer once the farm is under way. Checked: the farm stops with one {@code error:} line and exit 3,
     * soon (no retrying for minutes), and writes nothing more; once space is freed, a second {@code farm run}
     * finishes every run exactly once and the runs committed before the fault are unchanged. H2: the embedded store
     * on the tmpfs. PostgreSQL: the scenario's database in a tablespace on the tmpfs.
     */
    Figures diskFull(Path dir, boolean pg, String adminUrl, int seeds, List<String> problems) throws Exception {
        // a folder of its own under the system's temporary folder, reachable by the postgres user (a test's
        // temporary folder is private to root, and PostgreSQL must reach its tablespace)
        Path mnt = Files.createTempDirectory("learncast-tmpfs-");
        Files.setPosixFilePermissions(mnt, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String why = mount(mnt, 64);
        if (why != null) {
            Files.deleteIfExists(mnt);
            return new Figures.Skipped("cannot mount a tmpfs here (" + why + "): run as root to include a full disk");
        }
        String tablespace = null;
        String database = null;
        try {
            String url;
            if (pg) {
                String host = adminUrl.replaceFirst("^jdbc:postgresql://([^:/]+).*$", "$1");
                if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
                    return new Figures.Skipped("the PostgreSQL server is not on this machine: cannot put a tablespace on a tmpfs here");
                }
                Process chown = new ProcessBuilder("chown", "postgres", mnt.toString()).redirectErrorStream(true).start();
                if (chown.waitFor() != 0) {
                    return new Figures.Skipped("cannot give the tmpfs to the postgres user: " + new String(chown.getInputStream().readAllBytes()).strip());
                }
                String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
                tablespace = "lc_full_" + id;
                database = "lc_bench_full_" + id;
                try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                    s.execute("CREATE TABLESPACE " + tablespace + " LOCATION '" + mnt.toAbsolutePath() + "'"); // names generated above, path ours
                } catch (java.sql.SQLException e) {
                    tablespace = null;
                    return new Figures.Skipped("cannot put a tablespace on the tmpfs (" + e.getMessage() + "): the server's user must reach it");
                }
                try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + database + " TABLESPACE " + tablespace);
                }
                String base = adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1);
                String query = adminUrl.contains("?") ? adminUrl.substring(adminUrl.indexOf('?')) : "";
                url = base + database + query;
            } else {
                url = mnt.resolve("data").toString();
            }
            String disk = pg ? "64 MB tmpfs tablespace" : "64 MB tmpfs";
            String[] enq = FaultBench.cli("farm", "enqueue", bench.spec("full", "modadd:p=11", "16, 24, 32", "0, 0.5", "1e-3", "adamw", "0.5", "300", "50", seeds).toString(),
                    "--db", url);
            if (!enq[0].equals("0")) throw new IllegalStateException("enqueue failed: " + enq[2]);
            long total;
            try (Connection c = connect(pg, url)) {
                total = Rows.read(c).size();
            }
            // the farm, and once it has trained for a while, another writer takes the rest of the disk
            Proc farm = Proc.cli("disk-full-farm", Map.of(), "farm", "run", "--workers", "2", "--lease", "5", "--db", url);
            long filledAt;
            double filledS, stoppedS;
            int farmExit;
            String message;
            try {
                farm.awaitLine(l -> l.startsWith("store: "), 120);
                long started = System.nanoTime();
                underWay(pg, url, mnt.resolve("data").resolve("learncast.mv.db"), farm, dir.resolve("peek"));
                filledS = FaultBench.round((System.nanoTime() - started) / 1e9);
                fill(mnt.resolve("filler"));
                filledAt = System.nanoTime();
                int code = farm.await(300);
                long stoppedAfter = (System.nanoTime() - filledAt) / 1_000_000;
                List<String> out = farm.lines().stream().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
                List<String> errors = out.stream().filter(l -> l.startsWith("error:")).toList();
                if (code != 3) problems.add("farm run exited " + code + " on a full disk (3 expected): " + farm.tail());
                if (errors.size() != 1 || !errors.get(0).contains("disk is full")) problems.add("not one clear line: " + out);
                if (out.stream().anyMatch(l -> l.contains("retrying") || l.contains("Exception") || l.contains("\tat "))) problems.add("retries or a stack trace: " + out);
                farmExit = code;
                stoppedS = FaultBench.round(stoppedAfter / 1000.0);
                message = errors.isEmpty() ? "(none)" : errors.get(0).replace("|", "/");
            } finally {
                farm.close();
            }
            Files.deleteIfExists(mnt.resolve("filler"));
            // what was committed before the fault, read after space came back and before anything else writes
            Map<Long, Rows.Row> before;
            try (Connection c = connect(pg, url)) {
                before = Rows.read(c);
            }
            List<Rows.Row> doneBefore = before.values().stream().filter(r -> "DONE".equals(r.state())).toList();
            Proc again = Proc.cli("disk-full-rerun", Map.of(), "farm", "run", "--workers", "2", "--lease", "5", "--db", url);
            try {
                int code = again.await(900);
                if (code != 0) problems.add("the rerun with space exited " + code + ": " + again.tail());
            } finally {
                again.close();
            }
            Map<Long, Rows.Row> after;
            try (Connection c = connect(pg, url)) {
                after = Rows.read(c);
            }
            long once = 0;
            for (Rows.Row r : after.values()) {
                String bad = r.notDoneOnce();
                if (bad == null) once++;
                else problems.add(bad);
            }
            int changed = 0;
            for (Rows.Row r : doneBefore) {
                Rows.Row now = after.get(r.id());
                if (now == null || !now.equals(r)) changed++;
            }
            if (changed > 0) problems.add(changed + " runs committed before the disk filled changed afterwards");
            return new Figures.DiskFull(disk, filledS, farmExit, stoppedS, message, total, doneBefore.size(), changed, once);
        } finally {
            if (pg && tablespace != null) {
                try (Connection c = DriverManager.getConnection(adminUrl); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
                    s.execute("DROP TABLESPACE IF EXISTS " + tablespace);
                } catch (Exception e) {
                    problems.add("could not drop the scenario's database: " + e.getMessage());
                }
            }
            umount(mnt);
            Files.deleteIfExists(mnt);
        }
    }

    /**
     * Waits until the farm has committed a few finished runs, so the fault hits a store with results to keep:
     * PostgreSQL is asked; an embedded H2 file cannot be opened while the farm holds it, so a copy of it is (H2's
     * file format finds its last complete commit in a copy taken mid-write). At most a minute.
     */
    private static void underWay(boolean pg, String url, Path h2File, Proc farm, Path scratch) throws Exception {
        long until = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < until && farm.alive()) {
            if (pg) {
                try (Connection c = connect(true, url)) {
                    if (Rows.count(c, "DONE") >= 3) return;
                }
            } else {
                Path copy = Files.createDirectories(scratch).resolve("peek.mv.db");
                try {
                    Files.copy(h2File, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    String peek = "jdbc:h2:file:" + scratch.resolve("peek");
                    try (Connection c = DriverManager.getConnection(peek, "learncast", "")) {
                        if (Rows.count(c, "DONE") >= 3) return;
                    }
                } catch (java.sql.SQLException | IOException torn) {
                    // caught mid-write: look again
                } finally {
                    try (var files = Files.list(scratch)) {
                        for (Path f : files.toList()) Files.deleteIfExists(f);
                    }
                }
            }
            Thread.sleep(500);
        }
    }

    private static Connection connect(boolean pg, String url) throws Exception {
        if (pg) return DriverManager.getConnection(url);
        StoreLocation loc = StoreLocation.parse(url, "bench");
        return DriverManager.getConnection(loc.jdbcUrl(), "learncast", "");
    }

    /** Writes until the disk is full (what a log or another job does to a shared disk). */
    private static void fill(Path file) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream o = Files.newOutputStream(file)) {
            while (true) o.write(block);
        } catch (IOException full) {
            // No space left on device: the disk is full
        }
    }

    /** Mounts a tmpfs of {@code mb} MB; returns why not, or null. */
    private static String mount(Path at, int mb) {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + mb + "m", "tmpfs", at.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor() == 0 ? null : out.isEmpty() ? "mount failed" : out;
        } catch (IOException | InterruptedException e) {
            return e.getMessage();
        }
    }

    private static void umount(Path at) {
        try {
            Process p = new ProcessBuilder("umount", at.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) new ProcessBuilder("umount", "-l", at.toString()).start().waitFor();
        } catch (IOException | InterruptedException e) {
            // best effort: a lazy unmount happens when the folder is deleted
        }
    }
}
