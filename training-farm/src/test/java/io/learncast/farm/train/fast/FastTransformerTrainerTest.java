package io.learncast.farm.train.fast;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.TrainingListener;
import io.learncast.farm.train.transformer.TransformerShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.data;
import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.mismatch;
import static io.learncast.farm.train.fast.TransformerEquivalenceTest.config;
import static org.junit.jupiter.api.Assertions.*;

/** The fast transformer trainer replays exactly, batches runs like the MLP trainer, and refuses non-token tasks. */
class FastTransformerTrainerTest {
    static final TransformerShape SHAPE = TransformerShape.of(2, 32, 4).withLayerNorm(true);
    static final RunConfig A = config("modadd:p=17", 0.5, null, 0, Optimizer.ADAMW, 3e-3, 0.5, 32, 150, 50);
    static final RunConfig B = config("modadd:p=17", 0.5, null, 0, Optimizer.ADAMW, 1e-2, 0.1, 0, 100, 50).withReplica(11, 1);
    static final RunConfig C = config("sparse-parity:n=10,k=2", null, 200, 0, Optimizer.SGD, 0.1, 0, 16, 100, 25).withReplica(11, 2);
    static final RunConfig EXPLODES = config("modadd:p=17", 0.5, null, 0, Optimizer.SGD, 1e3, 0, 32, 300, 10).withReplica(11, 3);

    static List<RunResult> alone(List<RunConfig> cs) {
        List<RunResult> out = new ArrayList<>();
        for (RunConfig c : cs) out.add(new FastTransformerTrainer(SHAPE).train(c, data(c), TrainingListener.NONE));
        return out;
    }

    static List<RunResult> batch(List<RunConfig> cs, List<TrainingListener> ls) {
        return new FastTransformerTrainer(SHAPE).train(cs, cs.stream().map(FastTrainerEquivalenceTest::data).toList(), ls);
    }

    @Test
    void theSameSeedGivesTheSameCurveBitForBit() {
        Dataset d = data(A);
        RunResult first = new FastTransformerTrainer(SHAPE).train(A, d, TrainingListener.NONE);
        for (int i = 0; i < 3; i++) assertEquals(first.curve(), new FastTransformerTrainer(SHAPE).train(A, d, TrainingListener.NONE).curve());
        RunConfig other = A.withReplica(11, 5);
        assertNotEquals(first.curve(), new FastTransformerTrainer(SHAPE).train(other, data(other), TrainingListener.NONE).curve());
        // the plain-loop kernels (the fallback without the Vector API) compute the same maths
        RunResult scalar = new FastTransformerTrainer(SHAPE, new ScalarKernels(), 7).train(A, d, TrainingListener.NONE);
        assertNull(mismatch(first, scalar, d));
    }

    @Test
    void aBatchGivesEachRunTheCurveItGetsAloneInInputOrder() {
        List<RunConfig> cs = List.of(A, C, B); // two layouts in one batch: the workspace is rebuilt between them
        List<RunResult> together = batch(cs, Collections.nCopies(3, TrainingListener.NONE));
        List<RunResult> alone = alone(cs);
        for (int i = 0; i < cs.size(); i++) {
            assertEquals(alone.get(i).curve(), together.get(i).curve(), "run " + i);
            assertEquals(cs.get(i).steps(), together.get(i).stepsTrained(), "each run keeps its own budget");
            assertEquals(cs.get(i).configHash(), together.get(i).provenance().config().configHash(), "results in input order");
        }
        assertTrue(new FastTransformerTrainer(SHAPE).maxBatch() >= 16);
    }

    @Test
    void aDivergingOrAbandonedRunLeavesItsNeighboursAlone() {
        List<CurvePoint> heard = new ArrayList<>();
        TrainingListener quitter = new TrainingListener() {
            @Override
            public void evaluated(CurvePoint p) { heard.add(p); }

            @Override
            public boolean keepGoing() { return heard.size() < 2; }
        };
        List<RunResult> rs = batch(List.of(A, EXPLODES, B, C), List.of(TrainingListener.NONE, TrainingListener.NONE, TrainingListener.NONE, quitter));
        assertEquals(Outcome.DIVERGED, rs.get(1).outcome());
        assertTrue(rs.get(1).stepsTrained() < EXPLODES.steps());
        assertNull(rs.get(3), "an abandoned run has no result");
        assertEquals(List.of(0L, 25L), heard.stream().map(CurvePoint::step).toList());
        List<RunResult> alone = alone(List.of(A, B));
        assertEquals(alone.get(0).curve(), rs.get(0).curve());
        assertEquals(alone.get(1).curve(), rs.get(2).curve());
    }

    @Test
    void aCsvTableIsAClearError(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        StringBuilder sb = new StringBuilder("a,b,label\n");
        for (int i = 0; i < 20; i++) sb.append(i).append(',').append(i % 3).append(',').append(i % 2 == 0 ? "x" : "y").append('\n');
        Files.writeString(csv, sb.toString());
        RunConfig c = config("csv:path=" + csv + ",label=label", 0.5, null, 0, Optimizer.ADAMW, 1e-3, 0, 0, 10, 5);
        UserError e = assertThrows(UserError.class, () -> new FastTransformerTrainer(SHAPE).train(c, data(c), TrainingListener.NONE));
        assertEquals("arch", e.where());
        assertTrue(e.getMessage().startsWith("arch: a transformer needs a token task; csv is not one"), e.getMessage());
        assertThrows(UserError.class, () -> new io.learncast.farm.train.transformer.SameDiffTransformerTrainer(SHAPE).train(c, data(c), TrainingListener.NONE));
    }
}
