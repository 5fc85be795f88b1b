package io.learncast.farm.train;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.data.Datasets;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.RunResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Real DL4J training on tiny configs: each test takes about a second. */
class Dl4jTrainerTest {

    static RunConfig tiny(String task, Double frac, Integer n, int width, Optimizer opt, double lr, double wd, int batch, long steps, int every) {
        return RunConfig.defaults(task).with(new DataSpec(frac, n, null, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1.0))
                .with(new OptimConfig(opt, lr, wd, batch)).with(new BudgetConfig(steps, every, null)).withReplica(7, 0);
    }

    static final RunConfig LEARNS = tiny("sparse-parity:n=8,k=2", null, 200, 64, Optimizer.ADAMW, 1e-2, 0, 32, 1000, 50);
    static final RunConfig MEMORISES = tiny("modadd:p=11", 0.2, null, 64, Optimizer.ADAMW, 1e-2, 0, 0, 400, 50);
    static final RunConfig EXPLODES = tiny("modadd:p=11", 0.5, null, 64, Optimizer.SGD, 1e3, 0, 0, 500, 10);

    static RunResult train(RunConfig c) {
        Dataset d = Datasets.build(c.taskSpec(), c.dataSpec(), c.dataSeed());
        return new Dl4jTrainer().train(c, d, TrainingListener.NONE);
    }

    @Test
    void aSmallNetLearnsSparseParityAndStopsOnceConfirmed() {
        RunResult r = train(LEARNS);
        assertEquals(Outcome.LEARNED, r.outcome());
        assertNotNull(r.stepsToLearn());
        assertEquals(r.stepsToLearn() + 50, r.confirmStep(), "confirmed at the next evaluation");
        assertEquals(r.confirmStep(), r.stepsTrained(), "training stops at the confirmation");
        assertTrue(r.finalTestAcc() >= 0.95);
        assertEquals(0, r.curve().get(0).step());
        assertTrue(LEARNS.property().learnedWithin(r.curve(), r.confirmStep()));
        assertEquals("dl4j", r.provenance().trainer());
        assertEquals(r.datasetFingerprint(), r.provenance().datasetFingerprint());
    }

    @Test
    void tooLittleDataMemorisesWithoutLearning() {
        RunResult r = train(MEMORISES);
        assertEquals(Outcome.NOT_LEARNED, r.outcome());
        assertNull(r.stepsToLearn());
        assertEquals(400, r.stepsTrained());
        assertEquals(1.0, r.finalTrainAcc(), "it fits the training set");
        assertTrue(r.bestTestAcc() < 0.5, "but does not generalise: " + r.bestTestAcc());
    }

    @Test
    void aHugeLearningRateDivergesAndKeepsItsPartialCurve() {
        RunResult r = train(EXPLODES);
        assertEquals(Outcome.DIVERGED, r.outcome());
        assertTrue(r.stepsTrained() < 500);
        assertFalse(r.curve().isEmpty());
        CurvePoint last = r.curve().get(r.curve().size() - 1);
        assertTrue(!last.isFinite() || last.weightNorm() > 1e6 || last.trainLoss() > 1e3, "the last point shows the explosion: " + last);
    }

    @Test
    void theSameSeedReproducesTheSameCurve() {
        RunConfig c = tiny("modadd:p=13", 0.6, null, 32, Optimizer.ADAM, 3e-3, 1e-2, 16, 300, 50);
        List<CurvePoint> a = train(c).curve();
        List<CurvePoint> b = train(c).curve();
        assertEquals(a, b, "bit-for-bit equal curves for a fixed seed and thread count");
        List<CurvePoint> other = train(c.withReplica(7, 1)).curve();
        assertNotEquals(a, other, "another replica is another run");
    }

    @Test
    void everyActivationAndOptimizerTrains() {
        for (Activation act : Activation.values()) {
            for (Optimizer opt : Optimizer.values()) {
                RunConfig c = tiny("parity:n=4", 1.0, null, 16, opt, opt == Optimizer.SGD ? 0.1 : 1e-2, 1e-3, 0, 100, 50)
                        .with(ModelConfig.mlp(2, 16, act, 1.0));
                RunResult r = train(c);
                assertNotEquals(Outcome.DIVERGED, r.outcome(), act + "/" + opt);
                assertTrue(r.curve().get(r.curve().size() - 1).trainLoss() < r.curve().get(0).trainLoss(), act + "/" + opt + " reduces the loss");
            }
        }
    }
}
