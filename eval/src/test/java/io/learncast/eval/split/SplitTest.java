package io.learncast.eval.split;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoredRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SplitTest {

    static StoredRun run(long id, RunConfig c, String source) {
        return new StoredRun(id, c, c.configHash(), c.groupHash(), source, null, RunState.DONE, 1, 0, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, 1000, 100, 10, "dl4j", null, null, null, null);
    }

    static List<StoredRun> corpus() {
        List<StoredRun> runs = new ArrayList<>();
        long id = 1;
        for (int w : new int[] {16, 32, 64, 128, 256}) {
            for (double lr : new double[] {1e-3, 3e-3, 1e-2}) {
                for (String task : new String[] {"modadd:p=23", "modadd:p=97", "sparse-parity:n=20,k=3"}) {
                    RunConfig c = RunConfig.defaults(task).with(ModelConfig.mlp(1, w, io.learncast.farm.config.Activation.RELU, 1))
                            .with(new OptimConfig(io.learncast.farm.config.Optimizer.ADAMW, lr, 1, 64));
                    if (task.startsWith("sparse")) c = c.with(new DataSpec(null, 500, null, 0));
                    for (int seed = 0; seed < 3; seed++) runs.add(run(id++, c.withReplica(1, seed), task.startsWith("sparse") ? "pytorch" : "farm"));
                }
            }
        }
        return runs;
    }

    static void noGroupStraddles(Split.Fold f) {
        Set<String> fit = new HashSet<>();
        f.fit().forEach(r -> fit.add(r.groupHash()));
        for (StoredRun r : f.score()) assertFalse(fit.contains(r.groupHash()), "group on both sides in " + f.label());
    }

    @Test
    void groupedKFoldKeepsSeedsTogetherAndCoversEveryRunOnce() {
        List<StoredRun> runs = corpus();
        List<Split.Fold> folds = Split.parse("kfold:5").folds(runs, 42);
        assertEquals(5, folds.size());
        Set<Long> scored = new HashSet<>();
        for (Split.Fold f : folds) {
            noGroupStraddles(f);
            assertEquals(runs.size(), f.fit().size() + f.score().size());
            f.score().forEach(r -> assertTrue(scored.add(r.id()), "scored twice"));
        }
        assertEquals(runs.size(), scored.size());
        assertEquals(folds.get(0).score(), Split.parse("kfold:5").folds(runs, 42).get(0).score(), "the shuffle is seeded");
    }

    @Test
    void extrapolationSplitsTestOnTheUnseenRegion() {
        List<StoredRun> runs = corpus();
        Split.Fold wide = Split.parse("test:width>64").folds(runs, 1).get(0);
        assertTrue(wide.fit().stream().allMatch(r -> r.config().width() <= 64));
        assertTrue(wide.score().stream().allMatch(r -> r.config().width() > 64));
        Split.Fold bigP = Split.parse("test:p>=50").folds(runs, 1).get(0);
        assertTrue(bigP.score().stream().allMatch(r -> r.config().task().equals("modadd:p=97")));
        assertTrue(bigP.fit().stream().noneMatch(r -> r.config().task().equals("modadd:p=97")));
        Split.Fold lr = Split.parse("test:lr=2e-3..5e-3").folds(runs, 1).get(0);
        assertTrue(lr.score().stream().allMatch(r -> r.config().lr() == 3e-3));
        noGroupStraddles(wide);
        noGroupStraddles(lr);
    }

    @Test
    void leaveOneOutByTaskOrSource() {
        List<Split.Fold> byTask = Split.parse("leave-out:task").folds(corpus(), 1);
        assertEquals(2, byTask.size(), "modadd and sparse-parity");
        List<Split.Fold> bySource = Split.parse("leave-out:source").folds(corpus(), 1);
        for (Split.Fold f : bySource) {
            String src = f.score().get(0).source();
            assertTrue(f.fit().stream().noneMatch(r -> r.source().equals(src)), "fit on the other sources");
        }
    }

    @Test
    void aSweepIsHeldOutByItsId() {
        // bench/prospective scores a fresh sweep this way: fit on the corpus, score that sweep's runs
        List<StoredRun> runs = new ArrayList<>();
        for (StoredRun r : corpus()) {
            long sweep = r.config().width() == 256 ? 2 : 1;
            runs.add(new StoredRun(r.id(), r.config(), r.configHash(), r.groupHash(), r.source(), sweep, RunState.DONE, 1, 0, null, null, null, null,
                    null, null, null, null, null, null, null, null, null, null, 1000, 100, 10, "dl4j", null, null, null, null));
        }
        List<Split.Fold> folds = Split.parse("test:sweep_id=2").folds(runs, 1);
        assertEquals(1, folds.size());
        assertTrue(folds.get(0).score().stream().allMatch(r -> r.sweepId() == 2) && !folds.get(0).score().isEmpty());
        assertTrue(folds.get(0).fit().stream().allMatch(r -> r.sweepId() == 1));
    }

    @Test
    void badSplitsAreUserErrors() {
        assertThrows(UserError.class, () -> Split.parse("kfold:1"));
        assertThrows(UserError.class, () -> Split.parse("test:width>>3"));
        assertThrows(UserError.class, () -> Split.parse("test:lr=1e-2..1e-3"));
        UserError e = assertThrows(UserError.class, () -> Split.parse("test:colour=red").folds(corpus(), 1));
        assertTrue(e.getMessage().contains("unknown field 'colour'"), e.getMessage());
    }
}
