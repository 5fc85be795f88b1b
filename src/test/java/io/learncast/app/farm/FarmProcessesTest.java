package io.learncast.app.farm;

import io.learncast.app.proc.Proc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.learncast.app.cli.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Several real worker processes on one store served over H2 TCP by a real {@code learncast store serve}
 * process: every run is done exactly once, also when a worker is killed (-9), stalled (SIGSTOP past its
 * lease) or stopped (SIGTERM). The store's rows are checked directly: claims, attempts, one result and
 * one curve per run.
 */
class FarmProcessesTest {
    @TempDir Path dir;
    private final List<Proc> children = new ArrayList<>();
    private String url;

    @BeforeEach
    void serve() throws Exception {
        Proc server = child("server", "store", "serve", "--port", "0", "--data", dir.resolve("data").toString());
        String line = server.awaitLine(l -> l.startsWith("url: "), 60);
        url = line.substring("url: ".length()).trim();
        assertTrue(url.startsWith("jdbc:h2:tcp://127.0.0.1:"), url);
    }

    @AfterEach
    void stopAll(org.junit.jupiter.api.TestInfo info) {
        for (Proc c : children) c.saveLog(java.nio.file.Path.of("target", "child-logs", info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("test")));
        for (Proc c : children) c.close();
    }

    Proc child(String name, String... args) throws Exception {
        Proc c = Proc.cli(name, Map.of(), args);
        children.add(c);
        return c;
    }

    Proc worker(String name, int threads, String... more) throws Exception {
        return worker(name, threads, 2, more);
    }

    Proc worker(String name, int threads, int leaseSeconds, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("farm", "run", "--db", url, "--workers", Integer.toString(threads), "--lease",
                Integer.toString(leaseSeconds), "--json"));
        args.addAll(List.of(more));
        return child(name, args.toArray(String[]::new));
    }

    void enqueue(String name, String task, String width, String steps, String evalEvery, String trainFrac, int seeds) throws Exception {
        enqueue(name, task, width, "0, 0.5", steps, evalEvery, trainFrac, seeds);
    }

    void enqueue(String name, String task, String width, String wd, String steps, String evalEvery, String trainFrac, int seeds) throws Exception {
        Path spec = Files.writeString(dir.resolve(name + ".yaml"), """
                name: %s
                property: {task: "%s"}
                axes:
                  width: [%s]
                  wd: [%s]
                  lr: [1e-2]
                  train_frac: [%s]
                  batch: [full]
                  budgets: [%s]
                eval_every: %s
                seeds: %d
                """.formatted(name, task, width, wd, trainFrac, steps, evalEvery, seeds));
        CliRunner.Result r = CliRunner.run("farm", "enqueue", spec.toString(), "--db", url);
        assertEquals(0, r.code(), r.err() + r.out());
    }

    Connection db() throws SQLException { return DriverManager.getConnection(url, "learncast", ""); }

    /** One row per run: state, claims, attempts, worker, lease owner, and the curve points it has per attempt. */
    record Row(long id, String state, int claims, int attempts, String worker, String leaseOwner, Timestamp leaseExpires, Timestamp startedAt,
               Timestamp finishedAt, Long stepsTrained, int evalEvery, Double finalTestAcc, int points, int attemptsWithPoints, int pointsOfCurrentClaim) {}

    List<Row> rows() throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT r.id, r.state, r.claims, r.attempts, r.worker, r.lease_owner, r.lease_expires, r.started_at, r.finished_at, r.steps_trained, "
                        + "r.eval_every, r.final_test_acc, (SELECT COUNT(*) FROM curve_points p WHERE p.run_id = r.id) AS points, "
                        + "(SELECT COUNT(DISTINCT p.attempt) FROM curve_points p WHERE p.run_id = r.id) AS attempts_with_points, "
                        + "(SELECT COUNT(*) FROM curve_points p WHERE p.run_id = r.id AND p.attempt = r.claims) AS current_points "
                        + "FROM runs r ORDER BY r.id"); ResultSet rs = ps.executeQuery()) {
            List<Row> out = new ArrayList<>();
            while (rs.next()) {
                long trained = rs.getLong("steps_trained");
                out.add(new Row(rs.getLong("id"), rs.getString("state"), rs.getInt("claims"), rs.getInt("attempts"), rs.getString("worker"),
                        rs.getString("lease_owner"), rs.getTimestamp("lease_expires"), rs.getTimestamp("started_at"), rs.getTimestamp("finished_at"),
                        rs.wasNull() ? null : trained, rs.getInt("eval_every"), (Double) rs.getObject("final_test_acc"), rs.getInt("points"),
                        rs.getInt("attempts_with_points"), rs.getInt("current_points")));
            }
            return out;
        }
    }

    long count(String state) throws SQLException {
        return rows().stream().filter(r -> r.state().equals(state)).count();
    }

    /** A DONE run with exactly one result and one curve: the curve of its last claim, one point per evaluation. */
    static void assertDoneOnce(Row r) {
        assertEquals("DONE", r.state(), "run " + r.id());
        assertNotNull(r.finishedAt(), "run " + r.id() + " has a result");
        assertEquals(1, r.attemptsWithPoints(), "run " + r.id() + " has one curve, not pieces of several attempts");
        assertEquals(r.points(), r.pointsOfCurrentClaim(), "run " + r.id() + "'s curve was written by its final claim");
        assertEquals(r.stepsTrained() / r.evalEvery() + 1, r.points(), "run " + r.id() + ": one point per evaluation, no duplicates");
        assertNull(r.leaseOwner());
    }

    static String processOf(String worker) {
        return worker.substring(0, worker.lastIndexOf('/')); // farm@host:pid:tag/thread → the process
    }

    /** The summary line of a {@code farm run --json} child (its last JSON line; runs stream before it). */
    static JsonNode json(Proc c) throws Exception {
        String line = c.lines().stream().filter(l -> l.startsWith("{\"event\":\"summary\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no summary line:\n" + c.tail()));
        return new ObjectMapper().readTree(line);
    }

    @Test
    void twoWorkerProcessesWithTwoThreadsEachDoEveryRunExactlyOnce() throws Exception {
        // 2 widths × 2 wd × 50 seeds = 200 runs, each long enough (p = 11, 400 steps) that one process cannot train the whole
        // queue before the other has started: at p = 5 and 20 steps A once did all 200 while B's JVM was starting
        enqueue("many", "modadd:p=11", "16, 32", "400", "100", "0.5", 50);
        assertEquals(200, count("QUEUED"));
        Proc a = worker("worker-a", 2, 3);
        Proc b = worker("worker-b", 2, 3);
        assertEquals(0, a.await(240), a.output());
        assertEquals(0, b.await(240), b.output());

        List<Row> rows = rows();
        assertEquals(200, rows.size());
        Map<String, Integer> byProcess = new HashMap<>();
        long claims = 0;
        for (Row r : rows) {
            assertDoneOnce(r);
            // normally 1 claim; on an overloaded machine a lease can expire, and each extra claim is then one counted attempt
            assertEquals(r.attempts() + 1, r.claims(), "run " + r.id() + ": every claim but the last one ended in an expired lease");
            claims += r.claims();
            byProcess.merge(processOf(r.worker()), 1, Integer::sum);
        }
        assertEquals(2, byProcess.size(), "both processes trained runs: " + byProcess);
        JsonNode ja = json(a);
        JsonNode jb = json(b);
        assertEquals(200, ja.get("completed").asLong() + jb.get("completed").asLong(), "the processes' own counts add up to the runs: no duplicates");
        assertEquals(byProcess.get(ja.get("worker").asText()), ja.get("completed").asInt(), "A's results are the rows A wrote");
        assertEquals(claims, ja.get("claimed").asLong() + jb.get("claimed").asLong(), "every claim is accounted for");
        assertEquals(claims - 200, ja.get("fenced").asLong() + jb.get("fenced").asLong(), "every claim that lost its lease wrote nothing");
    }

    @Test
    void aKilledWorkersRunsAreReclaimedAfterTheirLeaseAndFinishedOnceByANewWorker() throws Exception {
        // 32 runs of about a second each, in 4 shapes: the batched trainer claims a shape at a time, so A is killed with
        // a batch in hand after finishing others. (At p = 11 and 300 steps a quiet machine trained the whole queue in the
        // ~0.1 s between seeing "2 done, 1 running" and the kill, and nothing was in progress when A died.)
        enqueue("killed", "modadd:p=23", "16, 24, 32, 48", "1000", "500", "0.5", 4);
        // A can finish its batch between our look and the kill (seen once on a busy machine: nothing in progress when A
        // died); then a new A takes up the queue and is killed again — what this test is about needs runs in its hands
        List<Row> killed = List.of();
        for (int attempt = 0; attempt < 3 && killed.isEmpty(); attempt++) {
            long before = count("DONE");
            Proc a = worker("worker-a" + (attempt == 0 ? "" : "-" + attempt), 2);
            waitUntil(() -> count("DONE") >= before + 2 && count("RUNNING") >= 1, 180, "worker A finished some runs and holds others");
            a.signal("KILL");
            a.await(30);
            killed = rows().stream().filter(r -> r.state().equals("RUNNING")).toList();
        }
        assertFalse(killed.isEmpty(), "runs were in progress when A died");
        String aProcess = processOf(killed.get(0).leaseOwner());
        for (Row r : killed) assertEquals(aProcess, processOf(r.leaseOwner()));

        Proc b = worker("worker-b", 2, 10); // B's own lease is long: only A's expire in this test
        assertEquals(0, b.await(240), b.output());
        Map<Long, Row> after = new HashMap<>();
        for (Row r : rows()) after.put(r.id(), r);
        assertEquals(32, after.size());
        Set<Long> killedIds = new HashSet<>();
        for (Row k : killed) {
            killedIds.add(k.id());
            Row r = after.get(k.id());
            assertDoneOnce(r);
            assertTrue(r.claims() >= 2, "run " + r.id() + " was claimed by A, then reclaimed");
            assertEquals(r.claims() - 1, r.attempts(), "each expired lease counts as one attempt");
            assertNotEquals(aProcess, processOf(r.worker()), "finished by the new worker");
            assertFalse(r.startedAt().before(k.leaseExpires()), "run " + r.id() + " was reclaimed only after its lease expired ("
                    + r.startedAt() + " vs lease " + k.leaseExpires() + ")");
        }
        for (Row r : after.values()) {
            if (killedIds.contains(r.id())) continue;
            assertDoneOnce(r);
            assertEquals(r.attempts() + 1, r.claims(), "run " + r.id() + ": claims beyond the first are expired leases");
        }
    }

    @Test
    void aStalledWorkerCannotOverwriteTheResultOfTheWorkerThatReclaimedItsRun() throws Exception {
        // one run of several seconds that memorises (no early stop): A claims it, is paused past its lease, B reclaims and finishes it
        enqueue("stall", "modadd:p=23", "64", "0", "1500", "100", "0.2", 1);
        long runId = rows().get(0).id();
        Proc a = worker("worker-a", 1);
        waitUntil(() -> rows().get(0).state().equals("RUNNING"), 120, "A claimed the run");
        Thread.sleep(500);
        String aOwner = rows().get(0).leaseOwner();
        a.signal("STOP");
        Proc b = worker("worker-b", 1, 10);
        // if A was paused inside a transaction, its row lock keeps the run: resume it briefly and pause it again
        for (int i = 0; i < 3 && !reclaimedWithin(runId, aOwner, 20); i++) {
            a.signal("CONT");
            Thread.sleep(300);
            a.signal("STOP");
        }
        waitUntil(() -> rows().get(0).state().equals("DONE"), 240, "B finished the reclaimed run");
        Row done = rows().get(0);
        List<String> curve = curve(runId);
        a.signal("CONT");
        assertEquals(0, a.await(120), a.output());
        assertEquals(0, b.await(120), b.output());
        Row last = rows().get(0);
        assertEquals(done, last, "nothing changed after A resumed");
        assertEquals(curve, curve(runId), "A added no curve points");
        assertDoneOnce(last);
        assertEquals(2, last.claims());
        assertNotEquals(processOf(aOwner), processOf(last.worker()), "the result is B's");
        JsonNode ja = json(a);
        assertEquals(0, ja.get("completed").asLong(), "A recorded nothing");
        assertEquals(1, ja.get("fenced").asLong(), "A found its claim lost");
    }

    @Test
    void aWorkerStoppedWithSigtermGivesItsRunsBackAndAFollowingWorkerFinishesThemAndLaterOnes() throws Exception {
        enqueue("stopped", "modadd:p=11", "32", "400", "50", "0.5", 3); // 6 runs
        Proc a = worker("worker-a", 2);
        waitUntil(() -> count("RUNNING") >= 1, 180, "A holds runs"); // a batch: the default trainer claims runs of one shape together
        a.signal("TERM");
        a.await(60);
        JsonNode ja = json(a);
        assertTrue(ja.get("interrupted").asBoolean(), a.output());
        assertTrue(ja.get("released").asLong() >= 1, "runs in progress were given back: " + a.output());
        assertEquals(ja.get("claimed").asLong(), ja.get("completed").asLong() + ja.get("released").asLong(), a.output());
        List<Row> rows = rows();
        assertEquals(0, rows.stream().filter(r -> r.state().equals("RUNNING")).count(), "nothing left running");
        for (Row r : rows) {
            assertEquals(0, r.attempts(), "a clean stop is not a failed attempt");
            if (r.state().equals("QUEUED")) assertNull(r.leaseOwner());
        }
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement("SELECT state FROM workers"); ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("STOPPED", rs.getString(1), "the worker marked itself stopped");
        }
        Proc b = worker("worker-b", 2, 10, "--follow");
        waitUntil(() -> count("DONE") == 6, 240, "B finished A's runs");
        // a following worker waits for more work instead of exiting, and takes it when it comes
        Thread.sleep(1500);
        assertTrue(b.alive(), "--follow keeps the worker waiting: " + b.output());
        enqueue("later", "modadd:p=11", "16", "100", "50", "0.5", 1);
        waitUntil(() -> count("DONE") == 8, 240, "B trained the runs enqueued later");
        b.signal("TERM");
        b.await(60);
        assertEquals(8 - ja.get("completed").asLong(), json(b).get("completed").asLong(), b.output());
        for (Row r : rows()) assertDoneOnce(r);
    }

    private boolean reclaimedWithin(long runId, String oldOwner, int seconds) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            Row r = rows().stream().filter(x -> x.id() == runId).findFirst().orElseThrow();
            if (r.claims() >= 2 || !oldOwner.equals(r.leaseOwner())) return true;
            Thread.sleep(200);
        }
        return false;
    }

    private List<String> curve(long runId) throws SQLException {
        try (Connection c = db(); PreparedStatement ps = c.prepareStatement(
                "SELECT attempt, step, train_loss, test_acc FROM curve_points WHERE run_id = ? ORDER BY attempt, step")) {
            ps.setLong(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getInt(1) + ":" + rs.getLong(2) + ":" + rs.getDouble(3) + ":" + rs.getDouble(4));
                return out;
            }
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitUntil(Check c, int seconds, String what) throws Exception {
        long until = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < until) {
            if (c.ok()) return;
            Thread.sleep(100);
        }
        fail("timed out waiting until " + what);
    }
}
