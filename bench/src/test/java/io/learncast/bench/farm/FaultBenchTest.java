package io.learncast.bench.farm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fault-injection suite at CI sizes, on H2 and on the PostgreSQL server {@code ./run-tests} starts
 * ({@code LEARNCAST_TEST_PG_URL}; without it the PostgreSQL cases are skipped, unless
 * {@code LEARNCAST_REQUIRE_PG=1}). Real worker processes, real kill -9 / SIGSTOP, a real server stopped
 * and restarted. The full sizes are {@code bench/faults}; its figures are in docs/RELIABILITY.md.
 */
class FaultBenchTest {
    @TempDir static Path work;
    private static FaultBench bench;
    private static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void setUp() {
        bench = new FaultBench(work, FaultBench.Sizes.ci(), 8, line -> {
            synchronized (LOG) {
                LOG.add(line);
            }
            System.out.println(line);
        });
    }

    @AfterAll
    static void logs() {
        bench.saveLogs();
    }

    static final String PG_ENV = "LEARNCAST_TEST_PG_URL";

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        // stalls on H2 are FarmProcessesTest's; a database outage on PostgreSQL would stop the server every other test uses
        for (String s : List.of("worker-kills", "owner-kills", "shared-kills", "many-workers", "divergence", "outage", "fuzz", "slow-clients", "disk-full")) out.add(Arguments.of(s, "h2"));
        for (String s : List.of("worker-kills", "stall", "many-workers", "divergence", "disk-full")) out.add(Arguments.of(s, "postgres"));
        return out.stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void theScenarioHolds(String scenario, String store) throws Exception {
        String target = "h2";
        if (store.equals("postgres")) {
            String url = System.getenv(PG_ENV);
            if (url == null || url.isBlank()) {
                if ("1".equals(System.getenv("LEARNCAST_REQUIRE_PG"))) fail(PG_ENV + " is not set, but LEARNCAST_REQUIRE_PG=1");
                Assumptions.abort("no PostgreSQL server for tests (" + PG_ENV + ")");
            }
            target = url;
        }
        FaultBench.Result r = bench.run(scenario, target, null);
        assertTrue(r.ok(), r.scenario() + " on " + r.store() + ": " + r.problems() + " " + r.figures());
        // a tmpfs needs root: without it the scenario says so, and the test is skipped with that note
        if (scenario.equals("disk-full") && r.figures() instanceof Figures.Skipped k) Assumptions.abort(k.reason());
        assertNotNull(r.figures(), "the scenario measured its figures");
        assertFalse(r.figures() instanceof Figures.Skipped, String.valueOf(r.figures()));
        if (r.figures() instanceof Figures.WorkerKills f) {
            assertEquals(0L, f.lost());
            assertTrue(f.runsKilledInProgress() > 0, "the kills hit runs in progress: " + f);
        } else if (r.figures() instanceof Figures.OwnerKills f) {
            assertEquals(0L, f.reportedButMissing());
        } else if (r.figures() instanceof Figures.SharedKills f) {
            assertEquals(0L, f.reportedButMissing());
            assertEquals(0L, f.lost());
            assertEquals(0, f.duplicated());
            assertEquals(0, f.readerErrors());
            assertTrue(f.holderKills() >= 2, "the holder was killed: " + f);
        } else if (r.figures() instanceof Figures.ManyWorkers f) {
            assertEquals(f.runs(), f.doneExactlyOnce());
        } else if (r.figures() instanceof Figures.Divergence f) {
            assertEquals(f.runs(), f.diverged());
        } else if (r.figures() instanceof Figures.Outage f) {
            assertEquals(0L, f.runsChargedAnAttempt());
        } else if (r.figures() instanceof Figures.FuzzCases f) {
            assertTrue(f.gridSpecs() >= 200 && f.cliArgs() >= 200 && f.httpRequests() >= 200);
            assertEquals(f.httpRequests(), f.http400());
            assertTrue(f.storeUrls() >= 60);
            assertEquals(f.storeUrls(), f.storeUrlsRefusedCleanly());
            assertEquals(0, f.codeRunByAUrl());
            assertEquals(f.specialOutputs(), f.specialOutputsAsPromised());
            assertEquals(0, f.specialFilesReplaced());
            assertEquals(f.hostileCorpusAndSpecFiles(), f.hostileFilesRefusedWhole());
        } else if (r.figures() instanceof Figures.SlowClients f) {
            assertEquals(f.slowConnections(), f.closedByServer());
        } else if (r.figures() instanceof Figures.DiskFull f) {
            assertEquals(3, f.farmExit());
            assertEquals(0, f.committedRunsChanged());
            assertEquals(f.runs(), f.doneExactlyOnceAfterRerun());
        }
    }
}
