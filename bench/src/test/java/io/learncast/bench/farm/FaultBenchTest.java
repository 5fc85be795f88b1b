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
        if (scenario.equals("disk-full") && r.figures().containsKey("skipped")) Assumptions.abort(String.valueOf(r.figures().get("skipped")));
        assertFalse(r.figures().containsKey("skipped"), r.figures().toString());
        switch (scenario) {
            case "worker-kills" -> {
                assertEquals(0L, r.figures().get("lost"));
                assertTrue((int) r.figures().get("runs_killed_in_progress") > 0, "the kills hit runs in progress: " + r.figures());
            }
            case "owner-kills" -> assertEquals(0L, r.figures().get("reported_but_missing"));
            case "shared-kills" -> {
                assertEquals(0L, r.figures().get("reported_but_missing"));
                assertEquals(0L, r.figures().get("lost"));
                assertEquals(0, r.figures().get("duplicated"));
                assertEquals(0, r.figures().get("reader_errors"));
                assertTrue((int) r.figures().get("holder_kills") >= 2, "the holder was killed: " + r.figures());
            }
            case "many-workers" -> assertEquals(r.figures().get("runs"), r.figures().get("done_exactly_once"));
            case "divergence" -> assertEquals(r.figures().get("runs"), (long) (int) r.figures().get("diverged"));
            case "outage" -> assertEquals(0L, r.figures().get("runs_charged_an_attempt"));
            case "fuzz" -> {
                assertTrue((int) r.figures().get("grid_specs") >= 200 && (int) r.figures().get("cli_args") >= 200 && (int) r.figures().get("http_requests") >= 200);
                assertEquals(r.figures().get("http_requests"), r.figures().get("http_400"));
                assertTrue((int) r.figures().get("store_urls") >= 60);
                assertEquals(r.figures().get("store_urls"), r.figures().get("store_urls_refused_cleanly"));
                assertEquals(0, r.figures().get("code_run_by_a_url"));
                assertEquals(r.figures().get("special_outputs"), r.figures().get("special_outputs_as_promised"));
                assertEquals(0, r.figures().get("special_files_replaced"));
                assertEquals(r.figures().get("hostile_corpus_and_spec_files"), r.figures().get("hostile_files_refused_whole"));
            }
            case "slow-clients" -> assertEquals((long) (int) r.figures().get("slow_connections"), r.figures().get("closed_by_server"));
            case "disk-full" -> {
                assertEquals(3, r.figures().get("farm_exit"));
                assertEquals(0, r.figures().get("committed_runs_changed"));
                assertEquals(r.figures().get("runs"), r.figures().get("done_exactly_once_after_rerun"));
            }
            default -> { }
        }
    }
}
