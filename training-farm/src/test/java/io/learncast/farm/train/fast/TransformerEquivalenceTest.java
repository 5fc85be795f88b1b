package io.learncast.farm.train.fast;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.Dataset;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.transformer.SameDiffTransformerTrainer;
import io.learncast.farm.train.transformer.TransformerShape;
import org.junit.jupiter.api.Test;

import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.data;
import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.mismatch;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The fast transformer trainer learns what the SameDiff reference learns: same configs and seeds give
 * the same curves at every evaluation, within the MLP equivalence test's tolerances (losses within
 * 10⁻⁵·(1 + |loss|), weight norm within 10⁻⁵ relative, accuracies within one example) — 1 and 2 blocks,
 * with and without LayerNorm, every optimiser, minibatch and full batch, modular, addition and parity
 * sequences, padded heads (d_model/heads not a multiple of 16). Both do float32 arithmetic in a different
 * order (the reference computes every position and one-hot products; the fast trainer only the read-out
 * position in the last block, and lookups); the drift measured is ≤ 10⁻⁷ in loss. Short budgets keep it
 * affordable: the reference runs SameDiff op by op.
 */
class TransformerEquivalenceTest {

    static RunConfig config(String task, Double frac, Integer n, double noise, Optimizer opt, double lr, double wd, int batch, long steps, int every) {
        return RunConfig.defaults(task).with(new DataSpec(frac, n, null, noise)).with(ModelConfig.mlp(1, 8, Activation.RELU, 1.0)).with(new OptimConfig(opt, lr, wd, batch))
                .with(new BudgetConfig(steps, every, null)).withReplica(11, 0);
    }

    static void assertSameCurves(TransformerShape s, RunConfig c) {
        Dataset d = data(c);
        RunResult ref = new SameDiffTransformerTrainer(s).train(c, d, TrainingListener.NONE);
        RunResult fast = new FastTransformerTrainer(s).train(c, d, TrainingListener.NONE);
        String m = mismatch(ref, fast, d);
        assertNull(m, s.describe() + " " + c.describe() + ": " + m);
        assertEquals(ref.stepsTrained(), fast.stepsTrained());
        assertEquals("fast", fast.trainer());
        assertEquals("dl4j", ref.trainer());
    }

    @Test
    void oneBlockWithoutLayerNormAdamWMinibatchWithLabelNoise() {
        assertTrue(FastTrainer.vectorised(), "the tests run with --add-modules jdk.incubator.vector");
        assertSameCurves(TransformerShape.of(1, 16, 4), config("modadd:p=13", 0.6, null, 0.1, Optimizer.ADAMW, 3e-3, 0.05, 16, 60, 20));
    }

    @Test
    void oneBlockWithLayerNormSgdFullBatchOnParityBitsWithPaddedHeads() {
        assertSameCurves(TransformerShape.of(1, 24, 3).withLayerNorm(true),
                config("sparse-parity:n=8,k=2", null, 100, 0, Optimizer.SGD, 0.1, 0.01, 0, 50, 10));
    }

    @Test
    void twoBlocksWithLayerNormAdamL2OnAddition() {
        assertSameCurves(new TransformerShape(2, 16, 2, 40, true), config("addition:digits=1", 0.7, null, 0, Optimizer.ADAM, 3e-3, 1e-3, 16, 50, 10));
    }

    @Test
    void twoBlocksWithoutLayerNormAdamWFullBatchWithPaddedHeads() {
        assertSameCurves(TransformerShape.of(2, 20, 5), config("modsub:p=11", 0.5, null, 0, Optimizer.ADAMW, 3e-3, 0.1, 0, 40, 10));
    }

    @Test
    void aOnePercentLearningRateChangeIsCaught() {
        TransformerShape s = TransformerShape.of(1, 16, 4);
        RunConfig c = config("modadd:p=13", 0.6, null, 0.1, Optimizer.ADAMW, 3e-3, 0.05, 16, 60, 20);
        Dataset d = data(c);
        RunResult ref = new SameDiffTransformerTrainer(s).train(c, d, TrainingListener.NONE);
        RunConfig off = c.with(new OptimConfig(Optimizer.ADAMW, 3e-3 * 1.01, 0.05, 16)).withSeed(c.seed());
        assertNotNull(mismatch(ref, new FastTransformerTrainer(s).train(off, d, TrainingListener.NONE), d), "lr 1% off went unnoticed");
        RunConfig decay = c.with(new OptimConfig(Optimizer.ADAMW, 3e-3, 0.1, 16)).withSeed(c.seed());
        assertNotNull(mismatch(ref, new FastTransformerTrainer(s).train(decay, d, TrainingListener.NONE), d), "doubled weight decay went unnoticed");
        assertNotNull(mismatch(ref, new FastTransformerTrainer(s.withLayerNorm(true)).train(c, d, TrainingListener.NONE), d), "LayerNorm went unnoticed");
    }
}
