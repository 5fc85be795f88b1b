package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Known from the last round: nothing re-queued FAILED runs. {@code retryFailed} puts them back — of one sweep or
 * all — with attempts reset, on H2 and PostgreSQL; the fencing token keeps counting, so a claim from before the
 * failure can write nothing after the retry.
 */
class RetryFailedTest {
    @TempDir Path dir;

    static List<String> kinds() { return TestStores.kinds(); }

    /** Claims and fails the run until the store gives up on it (max_attempts, default 3); returns the last claim. */
    static Claim failUntilFailed(Store s, long runId) {
        Claim last = null;
        for (int i = 0; i < 3; i++) {
            last = s.queue().claimRun(runId, "w", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(s.queue().fail(last, "boom " + i));
        }
        assertEquals(RunState.FAILED, s.catalog().run(runId).orElseThrow().state());
        return last;
    }

    @ParameterizedTest @MethodSource("kinds")
    void failedRunsGoBackToTheQueueWithAttemptsResetAndFencingIntact(String kind) {
        try (Store s = JdbcStore.open(TestStores.of(kind, dir))) {
            RunConfig a = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(200, 100, List.of()));
            RunConfig b = RunConfig.defaults("modadd:p=11").with(new BudgetConfig(200, 100, List.of()));
            long sweepA = s.queue().enqueue(List.of(a, a.withReplica(1, 1)), "farm", new RunQueue.Sweep("a", "a".repeat(64), "a")).sweepId();
            s.queue().enqueue(List.of(b), "farm", new RunQueue.Sweep("b", "b".repeat(64), "b"));
            List<StoredRun> runs = s.catalog().runs(RunFilter.all());
            long a0 = runs.get(0).id(), a1 = runs.get(1).id(), b0 = runs.get(2).id();
            Claim stale = failUntilFailed(s, a0);
            failUntilFailed(s, b0);
            assertEquals(List.of(), s.queue().retryFailed(987654L), "an unknown sweep re-queues nothing");

            assertEquals(List.of(a0), s.queue().retryFailed(sweepA), "only the sweep's failed runs");
            StoredRun back = s.catalog().run(a0).orElseThrow();
            assertEquals(RunState.QUEUED, back.state());
            assertEquals(0, back.attempts());
            assertEquals(3, back.claims(), "the claim counter keeps counting");
            assertEquals(RunState.FAILED, s.catalog().run(b0).orElseThrow().state());
            assertEquals(RunState.QUEUED, s.catalog().run(a1).orElseThrow().state(), "a queued run is untouched");
            // the run trains again under a new claim; the old claim is fenced
            Claim fresh = s.queue().claimRun(a0, "w2", Duration.ofSeconds(30)).orElseThrow();
            assertTrue(fresh.token() > stale.token());
            assertFalse(s.queue().fail(stale, "late"), "a claim from before the retry writes nothing");
            assertTrue(s.queue().release(fresh));

            assertEquals(List.of(b0), s.queue().retryFailed(null), "all the rest");
            assertEquals(0, s.catalog().count(RunFilter.all().withState(RunState.FAILED)));
            assertEquals(List.of(), s.queue().retryFailed(null));
        }
    }
}
