package io.learncast.farm.measure;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.data.WeightMeasures;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.fast.FastTrainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast trainer measures the weights at every evaluation, and the store keeps them with the curve. */
class StoredMeasuresTest {
    @TempDir Path dir;

    static final RunConfig MODADD = RunConfig.defaults("modadd:p=13").with(new DataSpec(0.6, null, null, 0)).with(ModelConfig.mlp(1, 24, Activation.RELU, 1.0))
            .with(new OptimConfig(Optimizer.ADAMW, 3e-3, 1.0, 0)).with(new BudgetConfig(200, 50, null)).withReplica(19, 0);

    static RunResult train(FastTrainer t, RunConfig c) {
        Dataset d = Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        return t.train(List.of(c), List.of(d), List.of(TrainingListener.NONE)).get(0);
    }

    @Test
    void everyEvaluationCarriesMeasuresThatMatchTheCurve() {
        RunResult r = train(new FastTrainer(), MODADD);
        assertEquals(5, r.curve().size());
        for (CurvePoint p : r.curve()) {
            WeightMeasures m = p.measures();
            assertNotNull(m, "measures at step " + p.step());
            assertEquals(2, m.layers().size());
            assertEquals(26, m.layers().get(0).rows(), "embedding: 2 positions × 13 tokens");
            assertEquals(24, m.layers().get(0).cols(), "real columns only, no padding");
            assertEquals(13, m.layers().get(1).cols());
            assertNotNull(m.embed());
            assertNotNull(m.unembed());
            assertTrue(Double.isFinite(m.trainMargin()));
            // the curve's norm includes biases; the measures' does not
            assertTrue(m.weightNorm() <= p.weightNorm() + 1e-6);
            assertTrue(m.layers().get(0).spectral() <= m.layers().get(0).frobenius() + 1e-6);
        }
        // training moves the margin up from near 0 at initialisation
        assertTrue(r.curve().get(4).measures().trainMargin() > r.curve().get(0).measures().trainMargin());
    }

    @Test
    void theDl4jReferenceMeasuresTheSameNetwork() {
        // same initial weights, same maths: the measures agree at step 0 and stay close after training
        RunResult fast = train(new FastTrainer(), MODADD);
        Dataset d = Datasets.build(MODADD.taskSpec(), MODADD.dataSpec(), MODADD.dataSeed());
        RunResult ref = new io.learncast.farm.train.Dl4jTrainer().train(MODADD, d, TrainingListener.NONE);
        for (int i : new int[] {0, 4}) {
            WeightMeasures a = fast.curve().get(i).measures();
            WeightMeasures b = ref.curve().get(i).measures();
            assertNotNull(b, "dl4j measures at " + i);
            assertEquals(a.layers().get(0).frobenius(), b.layers().get(0).frobenius(), 1e-3 * a.layers().get(0).frobenius());
            assertEquals(a.layers().get(1).spectral(), b.layers().get(1).spectral(), 1e-2 * a.layers().get(1).spectral());
            assertEquals(a.embed().topKShare(), b.embed().topKShare(), 1e-3);
            assertEquals(a.trainMargin(), b.trainMargin(), 1e-2 + 1e-3 * Math.abs(a.trainMargin()));
        }
    }

    @Test
    void measuresChangeNothingElse() {
        RunResult on = train(new FastTrainer(), MODADD);
        RunResult off = train(FastTrainer.withoutMeasures(), MODADD);
        assertEquals(on.curve().stream().map(CurvePoint::withoutMeasures).toList(), off.curve());
        assertTrue(off.curve().stream().allMatch(p -> p.measures() == null));
    }

    static java.util.List<String> kinds() { return io.learncast.farm.store.TestStores.kinds(); }

    @org.junit.jupiter.params.ParameterizedTest @org.junit.jupiter.params.provider.MethodSource("kinds")
    void theStoreKeepsMeasuresWithTheCurveAndReadsPointsWithout(String kind) {
        StoreLocation loc = io.learncast.farm.store.TestStores.of(kind, dir);
        RunResult r = train(new FastTrainer(), MODADD);
        RunConfig other = MODADD.withReplica(19, 1);
        try (Store s = JdbcStore.open(loc)) {
            s.queue().enqueue(List.of(MODADD, other), "farm", null);
            List<Claim> claims = s.queue().claim("w", 2, Duration.ofSeconds(30));
            Claim mine = claims.stream().filter(c -> c.config().equals(MODADD)).findFirst().orElseThrow();
            Claim old = claims.stream().filter(c -> !c.config().equals(MODADD)).findFirst().orElseThrow();
            // a chunk written while training, then the completion
            assertTrue(s.queue().appendCurve(mine, r.curve().subList(0, 2)));
            assertTrue(s.queue().complete(mine, r));
            // a run trained without measures (an older store's points look the same)
            assertTrue(s.queue().complete(old, train(FastTrainer.withoutMeasures(), other)));
            assertEquals(r.curve(), s.catalog().curve(mine.runId()));
            assertTrue(s.catalog().curve(old.runId()).stream().allMatch(p -> p.measures() == null));
            assertNull(s.catalog().curve(old.runId()).get(0).measures());
        }
    }
}
