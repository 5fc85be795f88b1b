package io.learncast.bench.farm;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.provider.Arguments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The fault-injection suite at CI sizes, on H2 and on the PostgreSQL server {@code ./run-tests} starts
 * ({@code LEARNCAST_TEST_PG_URL}; without it the PostgreSQL cases are skipped, unless
 * {@code LEARNCAST_REQUIRE_PG=1}). Real worker processes, real kill -9 / SIGSTOP, a real server stopped
 * and restarted. The full sizes are {@code bench/faults}; its figures are in docs/RELIABILITY.md.
 * <p>
 * The scenarios are split over two test classes ({@link FaultBenchKillsTest}, {@link FaultBenchOtherFaultsTest})
 * so that the bench module's two test JVMs run them side by side: much of a scenario is waiting (a lease to
 * expire, a server to come back, a slow client to be dropped), and each scenario has its own folder, H2 store
 * or PostgreSQL database. Every scenario of the one class they replaced runs, with the same checks.
 */
final class FaultBenchCase {
    private FaultBenchCase() {}

    static final String PG_ENV = "LEARNCAST_TEST_PG_URL";

    /** A bench at CI sizes writing into {@code work}, logging to stdout (the surefire report keeps it). */
    static FaultBench bench(Path work) {
        return new FaultBench(work, FaultBench.Sizes.ci(), 8, System.out::println);
    }

    static List<Arguments> cases(List<String> onH2, List<String> onPostgres) {
        List<Arguments> out = new ArrayList<>();
        for (String s : onH2) out.add(Arguments.of(s, "h2"));
        for (String s : onPostgres) out.add(Arguments.of(s, "postgres"));
        return out;
    }

    /** Runs the scenario and checks that it held and what its figures promise. */
    static void holds(FaultBench bench, String scenario, String store) throws Exception {
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
