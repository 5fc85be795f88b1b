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
