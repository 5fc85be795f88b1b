package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A run stopped early keeps the verdict that stopped it, on H2 and PostgreSQL: recorded with
 * STOPPED_EARLY, still there after the run is re-queued and trained to its full budget.
 */
class StoreVerdictTest {
    static List<String> kinds() { return TestStores.kinds(); }

    @TempDir Path dir;

    static RunResult result(RunConfig c, Outcome o, long steps, String verdict) {
        List<CurvePoint> curve = List.of(new CurvePoint(0, 3.1, 0.01, 3.2, 0.0, 10), new CurvePoint(steps, 0.2, 1.0, 3.3, 0.01, 12));
        return new RunResult(o, null, null, steps, 0.01, 0.01, 1.0, 3.3, 0.2, 10, "f".repeat(64), 100, 50, 7, "test", curve,
                Provenance.forTraining(c, "f".repeat(64), "test", Instant.now(), Instant.now()), verdict);
    }

    @ParameterizedTest @MethodSource("kinds")
    void theStoppingVerdictIsRecordedAndSurvivesAResume(String kind) {
        StoreLocation loc = TestStores.of(kind, dir);
        RunConfig c = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(1000, 100, List.of(1000L)));
        String verdict = "{\"p_learn\":0.003,\"step\":200,\"stop\":true}";
        try (Store s = JdbcStore.open(loc)) {
            s.queue().enqueue(List.of(c), "farm", null);
            Claim first = s.queue().claim("w", 1, Duration.ofSeconds(30)).get(0);
            assertTrue(s.queue().complete(first, result(c, Outcome.STOPPED_EARLY, 200, verdict)));
            StoredRun stopped = s.catalog().run(first.runId()).orElseThrow();
            assertEquals(Outcome.STOPPED_EARLY, stopped.outcome());
            assertFalse(stopped.learned());
            assertEquals(200L, stopped.stepsTrained());
            assertEquals(verdict, stopped.verdictJson());
            assertEquals(1, s.catalog().status(10).stoppedEarly());

            assertTrue(s.queue().requeue(first.runId(), "resumed"));
            assertEquals(verdict, s.catalog().run(first.runId()).orElseThrow().verdictJson(), "a queued resumed run is known by its verdict");
            Claim again = s.queue().claim("w", 1, Duration.ofSeconds(30)).get(0);
            assertEquals(first.runId(), again.runId());
            assertTrue(s.queue().complete(again, result(c, Outcome.NOT_LEARNED, 1000, null)));
            StoredRun full = s.catalog().run(first.runId()).orElseThrow();
            assertEquals(Outcome.NOT_LEARNED, full.outcome());
            assertEquals(1000L, full.stepsTrained());
            assertEquals(verdict, full.verdictJson(), "the verdict that stopped it stays recorded");
        }
    }
}
