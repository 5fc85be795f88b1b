package io.learncast.farm.worker;

import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.fast.FastTrainer;
import io.learncast.farm.weights.KeepWeights;
import io.learncast.farm.weights.KeptWeights;
import io.learncast.farm.weights.NpzWriter;
import io.learncast.farm.weights.WeightArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/** `farm run --keep-weights` on a real embedded store with the fast trainer: off by default, on keeps the trained weights bit for bit. */
class KeepWeightsFarmTest {
    @TempDir Path dir;

    Store open(String name) { return JdbcStore.open(StoreLocation.parse(dir.resolve(name).toString(), "--db"), 4); }

    static List<RunConfig> configs() {
        List<RunConfig> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) out.add(WorkerPoolTest.tiny(i));
        return out;
    }

    /** The same run trained again outside the farm (seeds derived from the config: it replays exactly). */
    static List<WeightArray> trainedAlone(RunConfig c) {
        Dataset d = Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        AtomicReference<List<WeightArray>> got = new AtomicReference<>();
        new FastTrainer().train(c, d, new TrainingListener() {
            @Override public boolean wantsWeights() { return true; }

            @Override public void trained(List<WeightArray> w) { got.set(w); }
        });
        return got.get();
    }

    @Test
    void offByDefaultNothingIsKept() {
        try (Store s = open("off")) {
            s.queue().enqueue(configs(), "farm", null);
            WorkerPool.Summary sum = WorkerPool.run(s, WorkerPoolTest.options(1).withTrainer("fast"), null);
            assertEquals(3, sum.completed());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) assertTrue(s.catalog().keptWeights(r.id()).isEmpty());
        }
    }

    @Test
    void onKeepsEachRunsFinalWeightsAsTheTrainerLeftThem() {
        try (Store s = open("on")) {
            s.queue().enqueue(configs(), "farm", null);
            WorkerPool.Summary sum = WorkerPool.run(s, WorkerPoolTest.options(2).withTrainer("fast").withKeepWeights(KeepWeights.upTo(KeepWeights.DEFAULT_LIMIT)), null);
            assertEquals(3, sum.completed());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                assertEquals(RunState.DONE, r.state());
                List<WeightArray> alone = trainedAlone(r.config());
                assertEquals(List.of("layer0", "layer1", "bias0", "bias1"), alone.stream().map(WeightArray::name).toList());
                assertEquals(List.of(14, 8), List.of(alone.get(0).shape()[0], alone.get(0).shape()[1]), "one-hot rows: 2 positions × 7 tokens, 8 units");
                assertArrayEquals(NpzWriter.write(alone), s.catalog().keptWeights(r.id()).orElseThrow().npz(), "run #" + r.id());
            }
        }
    }

    /** A small transformer on modadd mod 7, long enough ({@code steps}) to be caught in the middle when asked. */
    static RunConfig transformer(int replica, long steps) {
        return WorkerPoolTest.tiny(replica).with(io.learncast.farm.config.ModelConfig.transformer(1, 16, 2, 64, false))
                .with(new io.learncast.farm.config.BudgetConfig(steps, 20, null));
    }

    @Test
    void aTransformersFinalWeightsAreKeptInTheTransformerFormat() {
        List<RunConfig> cs = List.of(transformer(0, 60), transformer(1, 60));
        try (Store s = open("tfm")) {
            s.queue().enqueue(cs, "farm", null);
            WorkerPool.Summary sum = WorkerPool.run(s, WorkerPoolTest.options(1).withTrainer("fast").withKeepWeights(KeepWeights.upTo(KeepWeights.DEFAULT_LIMIT)), null);
            assertEquals(2, sum.completed());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                List<WeightArray> alone = trainedAlone(r.config());
                assertEquals("embed.tokens", alone.get(0).name());
                assertEquals("unembed.b", alone.get(alone.size() - 1).name());
                KeptWeights k = s.catalog().keptWeights(r.id()).orElseThrow();
                assertEquals(KeptWeights.FORMAT_TRANSFORMER, k.format());
                assertArrayEquals(NpzWriter.write(alone), k.npz(), "run #" + r.id());
            }
        }
    }

    @Test
    void aStoppedWorkersTransformerKeepsNoWeights() {
        try (Store s = open("tfm-stop")) {
            s.queue().enqueue(List.of(transformer(0, 1_000_000), transformer(1, 1_000_000)), "farm", null);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            Thread stopper = new Thread(() -> {
                while (s.catalog().count(RunFilter.all().withState(RunState.RUNNING)) < 1) sleep(20);
                sleep(300);
                stop.set(true);
            });
            stopper.start();
            WorkerPool.Summary sum = WorkerPool.run(s, WorkerPoolTest.options(1).withTrainer("fast").withStopping(stop::get)
                    .withKeepWeights(KeepWeights.upTo(KeepWeights.DEFAULT_LIMIT)), null);
            assertTrue(sum.interrupted());
            assertEquals(0, sum.completed());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                assertEquals(RunState.QUEUED, r.state(), "given back");
                assertTrue(s.catalog().keptWeights(r.id()).isEmpty(), "a run stopped in the middle keeps no weights");
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void overTheLimitTheRunFinishesAndItsWeightsAreNotKept() {
        try (Store s = open("limit")) {
            s.queue().enqueue(configs(), "farm", null);
            WorkerPool.Summary sum = WorkerPool.run(s, WorkerPoolTest.options(1).withTrainer("fast").withKeepWeights(KeepWeights.upTo(200)), null);
            assertEquals(3, sum.completed(), "never an error");
            assertEquals(0, sum.failedAttempts());
            for (StoredRun r : s.catalog().runs(RunFilter.all())) {
                assertEquals(RunState.DONE, r.state());
                assertTrue(s.catalog().keptWeights(r.id()).isEmpty());
            }
        }
    }
}
