package io.learncast.farm.train.fast;

import io.learncast.farm.config.ModelConfig;
import io.learncast.data.CurvePoint;
import io.learncast.data.Dataset;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.train.TrainingListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.config;
import static io.learncast.farm.train.fast.FastTrainerEquivalenceTest.data;
import static org.junit.jupiter.api.Assertions.*;

/** Runs trained together in one batch behave exactly as when trained alone. */
class FastTrainerBatchTest {

    static final RunConfig A = config("modadd:p=17", 0.5, null, 0, 1, 32, Activation.RELU, Optimizer.ADAMW, 3e-3, 0.5, 32, 300, 50);
    static final RunConfig B = config("modadd:p=17", 0.5, null, 0, 1, 32, Activation.RELU, Optimizer.ADAMW, 1e-2, 0.1, 32, 200, 50).withReplica(11, 1);
    static final RunConfig C = config("modadd:p=17", 0.5, null, 0, 1, 32, Activation.RELU, Optimizer.ADAM, 1e-3, 0, 32, 250, 50).withReplica(11, 2);
    static final RunConfig EXPLODES = config("modadd:p=17", 0.5, null, 0, 1, 32, Activation.RELU, Optimizer.SGD, 1e3, 0, 32, 300, 10).withReplica(11, 3);

    static List<RunResult> batch(List<RunConfig> cs, List<TrainingListener> ls) {
        List<Dataset> ds = cs.stream().map(FastTrainerEquivalenceTest::data).toList();
        return new FastTrainer().train(cs, ds, ls);
    }

    static List<TrainingListener> none(int n) {
        return Collections.nCopies(n, TrainingListener.NONE);
    }

    @Test
    void aBatchGivesEachRunTheCurveItGetsAloneInInputOrder() {
        List<RunConfig> cs = List.of(A, B, C);
        List<RunResult> together = batch(cs, none(3));
        List<RunResult> alone = FastTrainerEquivalenceTest.alone(cs);
        for (int i = 0; i < cs.size(); i++) {
            assertEquals(alone.get(i).curve(), together.get(i).curve(), "run " + i);
            assertEquals(cs.get(i).steps(), together.get(i).stepsTrained(), "each run keeps its own budget");
            assertEquals(cs.get(i).configHash(), together.get(i).provenance().config().configHash(), "results in input order");
        }
    }

    @Test
    void aDivergingRunDoesNotAffectItsNeighbours() {
        List<RunResult> together = batch(List.of(A, EXPLODES, B), none(3));
        List<RunResult> alone = FastTrainerEquivalenceTest.alone(List.of(A, B));
        RunResult bad = together.get(1);
        assertEquals(Outcome.DIVERGED, bad.outcome());
        assertTrue(bad.stepsTrained() < EXPLODES.steps(), "a diverged run stops early");
        assertEquals(alone.get(0).curve(), together.get(0).curve());
        assertEquals(alone.get(1).curve(), together.get(2).curve());
        assertNotEquals(Outcome.DIVERGED, together.get(2).outcome());
    }

    @Test
    void abandoningOneRunLeavesTheOthersAlone() {
        List<CurvePoint> heard = new ArrayList<>();
        TrainingListener quitter = new TrainingListener() {
            @Override
            public void evaluated(CurvePoint p) { heard.add(p); }

            @Override
            public boolean keepGoing() { return heard.size() < 3; } // gives up after its third evaluation (step 100)
        };
        List<RunResult> rs = batch(List.of(A, B, C), List.of(TrainingListener.NONE, quitter, TrainingListener.NONE));
        assertNull(rs.get(1), "an abandoned run has no result");
        assertEquals(List.of(0L, 50L, 100L), heard.stream().map(CurvePoint::step).toList(), "it stopped right after asking");
        List<RunResult> alone = FastTrainerEquivalenceTest.alone(List.of(A, C));
        assertEquals(alone.get(0).curve(), rs.get(0).curve());
        assertEquals(alone.get(1).curve(), rs.get(2).curve());
    }

    @Test
    void runsOfDifferentShapesCanShareABatch() {
        RunConfig dense = config("sparse-parity:n=10,k=2", null, 200, 0, 2, 20, Activation.TANH, Optimizer.SGD, 0.1, 0, 16, 100, 50);
        RunConfig wide = A.with(ModelConfig.mlp(1, 40, Activation.GELU, 1.0));
        List<RunConfig> cs = List.of(A, dense, wide, B);
        List<RunResult> together = batch(cs, none(4));
        List<RunResult> alone = FastTrainerEquivalenceTest.alone(cs);
        for (int i = 0; i < cs.size(); i++) assertEquals(alone.get(i).curve(), together.get(i).curve(), "run " + i);
    }

    @Test
    void registeredAsTheDefaultTrainer() {
        BatchTrainer t = Trainers.byName("fast", "--trainer");
        assertEquals("fast", t.name());
        assertTrue(t.maxBatch() >= 16);
        assertEquals("fast", Trainers.DEFAULT);
        assertEquals("fast", Trainers.byName(null, "--trainer").name());
        assertEquals("dl4j", Trainers.byName("dl4j", "--trainer").name(), "the reference stays available");
    }

    @Test
    void memoryStaysFlatOverManyBatches() throws Exception {
        RunConfig small = config("modadd:p=13", 0.5, null, 0, 1, 32, Activation.RELU, Optimizer.ADAMW, 1e-2, 0.1, 16, 100, 50);
        RunConfig other = config("sparse-parity:n=8,k=2", null, 100, 0, 2, 16, Activation.TANH, Optimizer.SGD, 0.1, 0, 8, 100, 50);
        FastTrainer t = new FastTrainer();
        long warm = 0;
        long max = 0;
        for (int b = 0; b < 24; b++) {
            List<RunConfig> cs = new ArrayList<>();
            for (int i = 0; i < 25; i++) cs.add((b % 2 == 0 ? small : other).withReplica(5, b * 25 + i));
            List<RunResult> rs = t.train(cs, cs.stream().map(FastTrainerEquivalenceTest::data).toList(), none(cs.size()));
            assertTrue(rs.stream().allMatch(r -> r != null && r.outcome() != null));
            System.gc(); // RSS then tracks what is live, not how far the heap happened to grow
            long rss = rssKb();
            if (b == 11) warm = rss;
            if (b > 11) max = Math.max(max, rss);
        }
        double growth = (max - warm) / (double) warm;
        assertTrue(growth < 0.10, "RSS grew " + Math.round(100 * growth) + "% from run 300 to run 600");
    }

    static long rssKb() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmRSS");
    }
}
