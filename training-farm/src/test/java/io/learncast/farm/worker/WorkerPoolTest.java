package io.learncast.farm.worker;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.*;

/** A farm process on a real embedded store, training real (tiny) DL4J runs. */
class WorkerPoolTest {
    @TempDir Path dir;

    /** A run of a few milliseconds: modular addition mod 7, 8 hidden units, full batch. */
    static RunConfig tiny(int replica) {
        return RunConfig.defaults("modadd:p=7").with(new DataSpec(0.6, null, null, 0)).with(ModelConfig.mlp(1, 8, Activation.RELU, 1.0))
                .with(new OptimConfig(Optimizer.ADAMW, 1e-2, 0.1, 0)).with(new BudgetConfig(40, 20, null)).withReplica(11, replica);
    }

    static WorkerPool.Options options(int threads) {
        return WorkerPool.Options.defaults(threads).withLease(Duration.ofSeconds(5)).withPoll(Duration.ofMillis(100));
    }

    Store open() { return JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--db"), 6); }

    @Test
    void aFarmTrainsEveryQueuedRunOnceRecordsDivergenceAsAnOutcomeAndFailsABrokenRunAfterItsAttempts() throws Exception {
        Path csv = Files.writeString(dir.resolve("table.csv"), "x,y\n1,0\n2,1\n3,0\n4,1\n5,0\n6,1\n7,0\n8,1\n");
        List<RunConfig> configs = new ArrayList<>();
        for (int i = 0; i < 10; i++) configs.add(tiny(i));
        RunConfig explodes = tiny(0).with(new OptimConfig(Optimizer.SGD, 1e3, 0, 0)).with(new BudgetConfig(200, 10, null));
        RunConfig broken = RunConfig.defaults("csv:path=" + csv + ",label=y").with(new DataSpec(0.5, null, null, 0)).with(new BudgetConfig(20, 10, null));
        configs.add(explodes);
        configs.add(broken);
        try (Store s = open()) {
            assertEquals(12, s.queue().enqueue(configs, "farm", null).addedCount());
            Files.delete(csv); // the broken run cannot build its dataset: every attempt fails
            AtomicInteger finished = new AtomicInteger();
            WorkerPool.Summary sum = WorkerPool.run(s, options(2), new WorkerPool.Listener() {
                @Override public void finished(RunExecutor.Report r) { finished.incrementAndGet(); }
            });
            assertNull(sum.error());
            assertEquals(11, sum.completed());
            assertEquals(1, sum.diverged());
            assertEquals(3, sum.failedAttempts(), "the broken run is tried max-attempts times");
            assertEquals(14, finished.get());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                if (r.configHash().equals(broken.configHash())) {
                    assertEquals(RunState.FAILED, r.state());
                    assertEquals(3, r.attempts());
                    assertTrue(r.error().contains("cannot build the dataset"), r.error());
                } else {
                    assertEquals(RunState.DONE, r.state(), r.config().describe());
                    assertEquals(0, r.attempts(), "no failed attempt");
                    assertEquals(1, r.claims(), "claimed once");
                    assertFalse(s.catalog().curve(r.id()).isEmpty());
                    if (r.configHash().equals(explodes.configHash())) assertEquals(Outcome.DIVERGED, r.outcome(), "DIVERGED is an outcome, not retried");
                }
            }
            assertEquals(0, s.catalog().status(10).workersAlive(), "the worker marked itself stopped");
            assertTrue(sum.storeMsByCall().containsKey("claim") && sum.storeMsByCall().containsKey("complete"), sum.storeMsByCall().toString());
        }
    }

    @Test
    void stoppingGivesRunsInProgressBackWithoutCountingAnAttempt() {
        List<RunConfig> configs = new ArrayList<>();
        // long enough (≈ 1 s each) to be caught in the middle
        for (int i = 0; i < 6; i++) configs.add(tiny(i).with(ModelConfig.mlp(1, 64, Activation.RELU, 1.0)).with(new DataSpec(0.2, null, null, 0)).with(new BudgetConfig(100_000, 1000, null)));
        try (Store s = open()) {
            s.queue().enqueue(configs, "farm", null);
            AtomicBoolean stop = new AtomicBoolean();
            Thread stopper = new Thread(() -> {
                while (s.catalog().count(RunFilter.all().withState(RunState.RUNNING)) < 2) sleep(20);
                sleep(300);
                stop.set(true);
            });
            stopper.start();
            WorkerPool.Summary sum = WorkerPool.run(s, options(2).withStopping(stop::get), null);
            assertTrue(sum.interrupted());
            assertTrue(sum.released() >= 2, "runs in progress were given back: " + sum.released());
            assertEquals(sum.claimed() - sum.completed(), sum.released(), "every claimed run that did not finish was given back");
            assertEquals(0, s.catalog().count(RunFilter.all().withState(RunState.RUNNING)));
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                assertEquals(RunState.QUEUED, r.state());
                assertEquals(0, r.attempts(), "a clean stop is not a failed attempt");
            }
        }
    }

    @Test
    void maxRunsLimitsHowManyRunsOneProcessClaims() {
        List<RunConfig> configs = new ArrayList<>();
        for (int i = 0; i < 8; i++) configs.add(tiny(i));
        try (Store s = open()) {
            s.queue().enqueue(configs, "farm", null);
            WorkerPool.Summary sum = WorkerPool.run(s, options(2).withMaxRuns(5), null);
            assertEquals(5, sum.claimed());
            assertEquals(5, s.catalog().count(RunFilter.done()));
            assertEquals(3, s.catalog().count(RunFilter.all().withState(RunState.QUEUED)));
        }
    }

    @Test
    void residentMemoryStaysFlatOverManyRunsInOneWorker() {
        List<RunConfig> configs = new ArrayList<>();
        for (int i = 0; i < 90; i++) configs.add(tiny(i));
        try (Store s = open()) {
            s.queue().enqueue(configs, "farm", null);
            // the single-run DL4J trainer: one batch per run, so one RSS sample per run (native buffers are where leaks would be)
            WorkerPool.Summary sum = WorkerPool.run(s, options(1).withTrainer("dl4j"), null);
            assertEquals(90, sum.completed());
            List<Long> rss = sum.memory().samplesKb();
            assertEquals(90, rss.size(), "one sample per batch");
            long warm = rss.get(29);
            long last = rss.get(rss.size() - 1);
            // after warm-up (JIT, heap sizing) the process must not keep growing run after run
            assertTrue(last - warm < Math.max(warm / 10, 32 * 1024), "RSS grew from " + warm / 1024 + " MB after run 30 to " + last / 1024
                    + " MB after run 90: " + rss);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
