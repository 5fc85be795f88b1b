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
 * The fault-injection scenarios that kill or stop processes: workers killed with kill -9 (H2 over TCP and PostgreSQL),
 * the embedded store's owner killed, the holder of a shared store killed, a worker stopped with SIGSTOP (PostgreSQL;
 * stalls on H2 are FarmProcessesTest's). The other half is {@link FaultBenchOtherFaultsTest}; checks in {@link FaultBenchCase}.
 */
class FaultBenchKillsTest {
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
        return FaultBenchCase.cases(List.of("worker-kills", "owner-kills", "shared-kills"), List.of("worker-kills", "stall")).stream();
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void theScenarioHolds(String scenario, String store) throws Exception {
        FaultBenchCase.holds(bench, scenario, store);
    }
}
