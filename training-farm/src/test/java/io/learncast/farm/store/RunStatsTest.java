package io.learncast.farm.store;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.common.Hashing;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.jdbc.JdbcStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The dashboard's aggregates ({@link RunStats}) on H2 and PostgreSQL alike, checked against the runs themselves. */
class RunStatsTest {
    @TempDir Path dir;

    static List<String> kinds() { return TestStores.kinds(); }

    static final double[] LRS = {3e-4, 1e-3, 3e-3, 1e-2};
    static final double[] WDS = {0, 0.1, 1};

    /** 4 × 3 × 2 widths × 2 seeds of modadd:p=23: learned when wd > 0 and lr ≥ 1e-3, confirmed at 400 steps × (lr index). */
    static int fill(Store s) {
        int n = 0;
        for (int li = 0; li < LRS.length; li++) {
            for (double wd : WDS) {
                for (int width : new int[] {16, 32}) {
                    for (int seed = 0; seed < 2; seed++) {
                        RunConfig c = RunConfig.defaults("modadd:p=23").with(new DataSpec(0.5, null, null, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                                .with(new OptimConfig(Optimizer.ADAMW, LRS[li], wd, 0)).with(new BudgetConfig(2000, 100, List.of(1000L))).withReplica(1, seed);
                        boolean learns = wd > 0 && li > 0;
                        long confirm = 400L * li;
                        String fp = Hashing.sha256Hex("stats|" + c.configHash());
                        Instant now = Instant.now();
                        RunResult r = new RunResult(learns ? Outcome.LEARNED : Outcome.NOT_LEARNED, learns ? confirm - 100 : null, learns ? confirm : null,
                                learns ? confirm : 2000, learns ? 0.97 : 0.3, 0.97, 1, 0.1, 0.1, 1, fp, 264, 265, 23, "synthetic",
                                List.of(new CurvePoint(0, 3, 0.05, 3, 0.05, 10)), Provenance.forTraining(c, fp, "synthetic", now, now));
                        assertNotNull(s.queue().importRun(c, r, "synthetic"));
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @ParameterizedTest @MethodSource("kinds")
    void phaseCellsTaskListAndSortedPages(String kind) {
        try (Store s = JdbcStore.open(TestStores.of(kind, dir))) {
            int n = fill(s);
            List<TaskProperty> tasks = s.stats().tasks();
            assertEquals(1, tasks.size());
            assertEquals(new TaskProperty("modadd:p=23", Metric.TEST_ACC, 0.95, n, n), tasks.get(0));

            long budget = 1000;
            PhaseQuery q = new PhaseQuery("modadd:p=23", Metric.TEST_ACC, 0.95, PhaseAxis.LR, PhaseAxis.WD, budget, null);
            List<PhaseCell> cells = s.stats().phase(q);
            assertEquals(LRS.length * WDS.length, cells.size());
            Map<String, PhaseCell> byBin = new HashMap<>();
            for (PhaseCell c : cells) byBin.put(PhaseAxis.LR.label(c.x()) + "|" + PhaseAxis.WD.label(c.y()), c);
            for (int li = 0; li < LRS.length; li++) {
                for (double wd : WDS) {
                    double xb = Math.floor(Math.log10(LRS[li]) * 4 + 1e-9);
                    double yb = wd > 0 ? Math.floor(Math.log10(wd) * 2 + 1e-9) : PhaseAxis.ZERO_BIN;
                    PhaseCell c = byBin.get(PhaseAxis.LR.label(xb) + "|" + PhaseAxis.WD.label(yb));
                    assertNotNull(c, LRS[li] + " " + wd);
                    boolean learns = wd > 0 && li > 0;
                    boolean within = learns && 400L * li <= budget;
                    // 4 runs a cell, all can tell: a non-learner trained 2,000 steps, a learner confirmed after the budget trained past it
                    long known = 4;
                    assertEquals(4, c.runs());
                    assertEquals(known, c.known(), c.toString());
                    assertEquals(within ? 4 : 0, c.learned(), c.toString());
                    assertEquals(4, s.stats().cellRuns(q, c.x(), c.y(), 100).size());
                }
            }
            assertEquals(List.of(), s.stats().phase(new PhaseQuery("modadd:p=23", Metric.TEST_ACC, 0.95, PhaseAxis.LR, PhaseAxis.WD, budget, List.of())));
            assertEquals(2, s.stats().phase(new PhaseQuery("modadd:p=23", Metric.TEST_ACC, 0.95, PhaseAxis.WIDTH, PhaseAxis.DEPTH, budget, null)).size());

            List<StoredRun> all = s.catalog().runs(RunFilter.all());
            all.sort(Comparator.comparingDouble((StoredRun r) -> r.config().lr()).reversed().thenComparing(Comparator.comparingLong(StoredRun::id).reversed()));
            List<StoredRun> page = s.stats().runs(RunFilter.all().page(10, 3), RunOrder.LR, true);
            assertEquals(all.subList(3, 13).stream().map(StoredRun::id).toList(), page.stream().map(StoredRun::id).toList());
            // NULLs last: steps_to_learn is null for the runs that did not learn
            List<StoredRun> byLearn = s.stats().runs(RunFilter.all().page(1000, 0), RunOrder.STEPS_TO_LEARN, false);
            assertNotNull(byLearn.get(0).stepsToLearn());
            assertNull(byLearn.get(byLearn.size() - 1).stepsToLearn());
        }
    }
}
