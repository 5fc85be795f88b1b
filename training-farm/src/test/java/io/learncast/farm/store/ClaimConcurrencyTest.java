package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Claims under contention ({@code FOR UPDATE SKIP LOCKED}) on embedded H2 and on PostgreSQL: many threads
 * claiming batches take every run exactly once, one shape per batch; and both databases get the same schema
 * from the same migrations and hand out runs in the same order.
 */
class ClaimConcurrencyTest {
    static List<String> kinds() { return TestStores.kinds(); }

    @TempDir Path dir;

    static List<RunConfig> configs(int n) {
        List<RunConfig> out = new ArrayList<>();
        int[] widths = {4, 8, 16};
        for (int i = 0; i < n; i++) {
            RunConfig base = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(100, 50, List.of(100L)));
            RunConfig c = base.with(ModelConfig.mlp(1, widths[i % widths.length], base.activation(), 1.0));
            out.add(c.withReplica(42, i));
        }
        return out;
    }

    @ParameterizedTest @MethodSource("kinds")
    void eightThreadsClaimingBatchesTakeEveryRunExactlyOnce(String kind) throws Exception {
        int n = 300;
        try (Store s = JdbcStore.open(TestStores.of(kind, dir), 10)) {
            s.queue().enqueue(configs(n), "farm", null);
            Map<Long, String> takenBy = new ConcurrentHashMap<>();
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> error = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            // every thread's first claim comes before anyone's second: on a loaded machine one thread could
            // otherwise drain the queue before the others start, and the test would exercise no contention
            CyclicBarrier firstRound = new CyclicBarrier(8);
            for (int t = 0; t < 8; t++) {
                String worker = "w" + t;
                Random rnd = new Random(t);
                threads.add(new Thread(() -> {
                    try {
                        for (boolean first = true; ; first = false) {
                            int max = 1 + rnd.nextInt(8);
                            List<Claim> claims = s.queue().claim(worker, max, Duration.ofMinutes(5));
                            // H2 may answer a claim empty while another transaction holds the first queued row's
                            // lock; a worker then polls again while runs are queued (WorkerPool does the same)
                            while (claims.isEmpty() && s.catalog().count(RunFilter.all().withState(RunState.QUEUED)) > 0) {
                                claims = s.queue().claim(worker, max, Duration.ofMinutes(5));
                            }
                            if (first) firstRound.await(60, TimeUnit.SECONDS);
                            if (claims.isEmpty()) return;
                            if (claims.size() > max) problems.add(worker + " got " + claims.size() + " > " + max);
                            if (claims.stream().map(c -> c.config().shapeKey()).distinct().count() != 1) problems.add(worker + " got mixed shapes");
                            for (Claim c : claims) {
                                String before = takenBy.put(c.runId(), worker);
                                if (before != null) problems.add("run " + c.runId() + " claimed by " + before + " and " + worker);
                                if (c.token() != 1) problems.add("run " + c.runId() + " has claim token " + c.token());
                                if (!s.queue().complete(c, StoreRoundTripTest.result(c.config(), false))) problems.add("run " + c.runId() + " fenced");
                            }
                        }
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) t.join(120_000);
            if (error.get() != null) throw new AssertionError(error.get());
            assertEquals(List.of(), problems);
            assertEquals(n, takenBy.size());
            assertEquals(n, s.catalog().count(RunFilter.all().withState(RunState.DONE)));
            assertEquals(8, Set.copyOf(takenBy.values()).size(), "every thread took part: " + Set.copyOf(takenBy.values()));
        }
    }

    @Test
    void h2AndPostgresqlGetTheSameSchemaAndHandOutRunsInTheSameOrder() throws Exception {
        StoreLocation pg = TestStores.postgres(); // skips without a server
        StoreLocation h2 = TestStores.h2(dir);
        assertEquals(schema(h2), schema(pg));
        assertEquals(claimOrder(h2), claimOrder(pg));
    }

    private static List<List<String>> claimOrder(StoreLocation loc) {
        try (Store s = JdbcStore.open(loc, 2)) {
            s.queue().enqueue(configs(30), "farm", null);
            List<List<String>> order = new ArrayList<>();
            for (List<Claim> cs; !(cs = s.queue().claim("w", 4, Duration.ofMinutes(5))).isEmpty(); ) {
                order.add(cs.stream().map(c -> c.config().configHash()).toList());
            }
            assertEquals(30, order.stream().mapToInt(List::size).sum());
            return order;
        }
    }

    /** Table → column names, lower case, as the JDBC metadata reports them. */
    private static Map<String, Set<String>> schema(StoreLocation loc) throws Exception {
        JdbcStore.open(loc, 2).close(); // migrate
        Map<String, Set<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(loc.jdbcUrl(), loc.user(), loc.password())) {
            DatabaseMetaData md = c.getMetaData();
            try (ResultSet rs = md.getColumns(null, null, "%", "%")) {
                while (rs.next()) {
                    String schema = String.valueOf(rs.getString("TABLE_SCHEM")).toLowerCase(Locale.ROOT);
                    if (!schema.equals("public")) continue;
                    String table = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (table.startsWith("flyway")) continue;
                    out.computeIfAbsent(table, k -> new TreeSet<>()).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
        }
        assertTrue(out.containsKey("runs") && out.containsKey("curve_points"), out.keySet().toString());
        return out;
    }
}
