package io.learncast.bench.farm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The fault-injection scenarios that load or starve the farm rather than kill it: many workers at once, diverging
 * runs, the database taken away and brought back (H2 only: a database outage on PostgreSQL would stop the server
 * every other test uses), hostile input, slow clients, a full disk. The other half is {@link FaultBenchKillsTest};
 * checks in {@link FaultBenchCase}.
 */
class FaultBenchOtherFaultsTest {
    @TempDir static Path work;
    private static FaultBench bench;

    @BeforeAll
    static void setUp() {
        bench = FaultBenchCase.bench(work);
    }

    @AfterAll
    static void logs() {
        bench.saveLogs();
    }

    static Stream<Arguments> cases() {
        return FaultBenchCase.cases(List.of("many-workers", "divergence", "outage", "fuzz", "slow-clients", "disk-full"),
                List.of("many-workers", "divergence", "disk-full")).stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void theScenarioHolds(String scenario, String store) throws Exception {
        FaultBenchCase.holds(bench, scenario, store);
    }
}
