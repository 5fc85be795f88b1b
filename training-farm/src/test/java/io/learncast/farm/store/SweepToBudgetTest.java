package io.learncast.farm.store;

import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sweep's {@code to_budget} is stored with the sweep and reaches the worker with each claim of its runs, on H2 and
 * PostgreSQL: a batch that mixes runs of both kinds of sweep (same shape) tells each run apart; runs of no sweep and
 * of an ordinary sweep stop at their confirmation.
 */
class SweepToBudgetTest {
    @TempDir Path dir;

    static List<String> kinds() { return TestStores.kinds(); }

    @ParameterizedTest @MethodSource("kinds")
    void eachClaimSaysWhetherItsSweepTrainsToBudget(String kind) {
        try (Store s = JdbcStore.open(TestStores.of(kind, dir))) {
            RunConfig c = RunConfig.defaults("modadd:p=7").with(new BudgetConfig(200, 100, List.of()));
            long full = s.queue().enqueue(List.of(c, c.withReplica(1, 1)), "farm", new RunQueue.Sweep("full", "f".repeat(64), "f", true)).sweepId();
            long plain = s.queue().enqueue(List.of(c.withReplica(1, 2)), "farm", new RunQueue.Sweep("plain", "p".repeat(64), "p")).sweepId();
            s.queue().enqueue(List.of(c.withReplica(1, 3)), "train", null);
            // the same spec again: the same sweep, its setting unchanged
            assertEquals(full, s.queue().enqueue(List.of(c), "farm", new RunQueue.Sweep("full", "f".repeat(64), "f", true)).sweepId());

            Map<Long, Boolean> bySweep = new HashMap<>();
            for (SweepStatus w : s.catalog().sweeps()) bySweep.put(w.id(), w.toBudget());
            assertEquals(Map.of(full, true, plain, false), bySweep);

            List<StoredRun> runs = s.catalog().runs(RunFilter.all());
            assertEquals(4, runs.size());
            // one batch of the shared shape: each claim carries its own sweep's setting
            List<Claim> batch = s.queue().claim("w", 10, Duration.ofSeconds(30));
            assertEquals(4, batch.size(), "one shape, one batch");
            Map<Long, Boolean> byRun = new HashMap<>();
            for (Claim cl : batch) byRun.put(cl.runId(), cl.toBudget());
            assertEquals(Map.of(runs.get(0).id(), true, runs.get(1).id(), true, runs.get(2).id(), false, runs.get(3).id(), false), byRun);

            // a single run claimed by id (train, resume) reads it the same way
            Claim one = batch.stream().filter(cl -> cl.runId() == runs.get(1).id()).findFirst().orElseThrow();
            assertTrue(s.queue().release(one));
            assertTrue(s.queue().claimRun(runs.get(1).id(), "w2", Duration.ofSeconds(30)).orElseThrow().toBudget());
        }
    }
}
