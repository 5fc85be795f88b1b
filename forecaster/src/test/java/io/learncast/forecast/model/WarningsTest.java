package io.learncast.forecast.model;

import io.learncast.data.DataSpec;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.BudgetConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.common.Seeds;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every warning a forecast can carry fires where it should and stays quiet where it should not: the
 * nearness warning is calibrated per task on held-out configs, range warnings never pool tasks.
 */
class WarningsTest {

    static List<RunRecord> runs(List<RunConfig> configs) {
        Random noise = new Random(3);
        List<RunRecord> out = new ArrayList<>();
        long id = 1;
        for (RunConfig c : configs) out.add(SyntheticCorpus.run(id++, c, 0, noise));
        return out;
    }

    static RunConfig modadd(int p, double frac, double wd, int width, double lr) {
        return RunConfig.defaults("modadd:p=" + p).with(new DataSpec(frac, null, null, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                .with(new OptimConfig(Optimizer.ADAMW, lr, wd, 0)).with(new BudgetConfig(2000, 100, List.of())).withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    static RunConfig parity(int n, double lr, int width) {
        return RunConfig.defaults("sparse-parity:k=3,n=20").with(new DataSpec(null, n, 2000, 0)).with(ModelConfig.mlp(1, width, Activation.RELU, 1))
                .with(new OptimConfig(Optimizer.SGD, lr, 0, 32)).with(new BudgetConfig(2000, 100, List.of())).withReplica(Seeds.DEFAULT_MASTER, 0);
    }

    /** Two tasks on grids of very different density: a coarse modular-addition grid and a fine sparse-parity one. */
    static List<RunConfig> grids() {
        List<RunConfig> out = new ArrayList<>();
        for (double frac : new double[] {0.3, 0.5, 0.7, 0.9})
            for (double wd : new double[] {0.1, 0.3, 1, 3})
                for (int width : new int[] {32, 128, 512}) out.add(modadd(23, frac, wd, width, 3e-3));
        for (int i = 0; i < 12; i++)
            for (int j = 0; j < 12; j++) out.add(parity((int) Math.round(100 * Math.pow(1.25, i)), 0.01 * Math.pow(1.2, j), 64));
        return out;
    }

    static Forecast.Warning nearness(Neighbourhood n, RunConfig c) {
        Knobs k = Knobs.of(c);
        return n.nearness(k, n.nearest(k, c.steps(), 1).distance());
    }

    @Test
    void gridPointsInsideTheCorpusNeverTriggerTheNearnessWarning() {
        List<RunConfig> grid = grids();
        Neighbourhood n = Neighbourhood.of(runs(grid), 1);
        for (RunConfig c : grid) assertNull(nearness(n, c), "a trained grid point: " + c.describe());
        // a new value between two grid values on one axis (the others on the grid): still inside the grid
        List<RunConfig> between = new ArrayList<>();
        for (double frac : new double[] {0.4, 0.6, 0.8}) for (double wd : new double[] {0.1, 1}) for (int width : new int[] {32, 512}) between.add(modadd(23, frac, wd, width, 3e-3));
        for (double wd : new double[] {0.17, 0.55, 1.7}) for (double frac : new double[] {0.3, 0.9}) for (int width : new int[] {32, 512}) between.add(modadd(23, frac, wd, width, 3e-3));
        for (int width : new int[] {64, 256}) for (double frac : new double[] {0.3, 0.9}) for (double wd : new double[] {0.1, 3}) between.add(modadd(23, frac, wd, width, 3e-3));
        for (RunConfig c : between) {
            Forecast.Warning w = nearness(n, c);
            assertNull(w, "inside the coarse grid: " + c.describe() + ": " + w);
        }
        for (int n2 : new int[] {110, 170, 500}) assertNull(nearness(n, parity(n2, 0.013, 64)), "inside the fine grid");
        // far outside: it fires, with structured fields
        Forecast.Warning far = nearness(n, modadd(23, 0.5, 1, 4096, 0.5));
        assertNotNull(far, "width 4096 at lr 0.5 is far from every trained config");
        assertEquals(Forecast.Warning.NEARNESS, far.kind());
        assertEquals("config", far.knob());
        double d = ((Number) far.value()).doubleValue();
        double threshold = ((Number) far.range().get(1)).doubleValue();
        assertTrue(d > threshold, far.toString());
        assertTrue(far.message().contains("held-out modadd:p=23 configs"), far.message());
        // each task has its own threshold: the fine grid's is tighter than the coarse one's
        Map<String, Double> near = n.near();
        double coarse = near.get(Neighbourhood.bucket("modadd:p=23", "test_acc 0.95 hold 1"));
        double fine = near.get(Neighbourhood.bucket("sparse-parity:k=3,n=20", "test_acc 0.95 hold 1"));
        assertTrue(fine < coarse, near.toString());
    }

    @Test
    void theNearnessWarningFiresForAboutOneHeldOutConfigInTwenty() {
        Random r = new Random(11);
        List<RunConfig> fit = new ArrayList<>(), held = new ArrayList<>();
        for (int i = 0; i < 1600; i++) fit.add(SyntheticCorpus.randomConfig(r));
        for (int i = 0; i < 600; i++) held.add(SyntheticCorpus.randomConfig(r));
        Neighbourhood n = Neighbourhood.of(runs(fit), 5);
        Map<String, int[]> byTask = new HashMap<>();
        int fired = 0;
        for (RunConfig c : held) {
            boolean f = nearness(n, c) != null;
            if (f) fired++;
            int[] t = byTask.computeIfAbsent(c.task(), x -> new int[2]);
            t[0]++;
            if (f) t[1]++;
        }
        double rate = fired / (double) held.size();
        System.out.println("nearness warning on held-out configs: " + fired + " of " + held.size() + " (" + Math.round(1000 * rate) / 10.0 + " %); per task "
                + byTask.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]).toList());
        assertTrue(rate >= 0.01 && rate <= 0.10, "held-out configs drawn like the corpus: " + fired + " of " + held.size() + " warned " + byTask);
        for (Map.Entry<String, int[]> e : byTask.entrySet()) {
            assertTrue(e.getValue()[1] <= Math.max(3, 0.2 * e.getValue()[0]), "per task, about 5 %: " + e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]);
        }
    }

    @Test
    void rangeWarningsArePerTaskNeverPooled() {
        List<RunConfig> cs = new ArrayList<>();
        for (double frac : new double[] {0.3, 0.4, 0.5}) for (int w : new int[] {64, 128}) cs.add(modadd(23, frac, 1, w, 1e-3));
        for (double frac : new double[] {0.6, 0.8, 0.9}) for (int w : new int[] {64, 128}) cs.add(modadd(97, frac, 1, w, 1e-3));
        Coverage cov = Coverage.of(runs(cs));

        List<Forecast.Warning> p23 = cov.warnings(Knobs.of(modadd(23, 0.8, 1, 64, 1e-3)), 2000);
        assertEquals(1, p23.size(), p23.toString());
        Forecast.Warning w = p23.get(0);
        assertEquals(Forecast.Warning.RANGE, w.kind());
        assertEquals("train fraction", w.knob());
        assertEquals(0.8, ((Number) w.value()).doubleValue(), 1e-3, "the fraction the task's rounding gives");
        assertEquals(List.of(0.3, 0.5), w.range().stream().map(x -> Math.round(((Number) x).doubleValue() * 100) / 100.0).toList());
        assertTrue(w.message().startsWith("train fraction 0.7996 is larger than any trained for modadd:p=23 (0.3006–0.5009)"), w.message());

        assertEquals(List.of(), cov.warnings(Knobs.of(modadd(97, 0.8, 1, 64, 1e-3)), 2000), "0.8 was trained for p = 97");
        assertEquals(List.of(), cov.warnings(Knobs.of(modadd(23, 0.4, 1, 96, 1e-3)), 1000), "inside p = 23's ranges");

        // a task never trained: said so, its size placed among the kind's tasks, and no range borrowed from other tasks
        List<Forecast.Warning> p47 = cov.warnings(Knobs.of(modadd(47, 0.95, 1, 64, 1e-3)), 2000);
        assertEquals(List.of(Forecast.Warning.TASK), p47.stream().map(Forecast.Warning::kind).toList(), p47.toString());
        assertEquals(List.of("modadd:p=23", "modadd:p=97"), p47.get(0).range());
        List<Forecast.Warning> p101 = cov.warnings(Knobs.of(modadd(101, 0.5, 1, 64, 1e-3)), 2000);
        assertEquals(List.of(Forecast.Warning.TASK, Forecast.Warning.RANGE), p101.stream().map(Forecast.Warning::kind).toList(), p101.toString());
        assertEquals("task size", p101.get(1).knob());

        // categories per task: an optimizer never used for p = 23
        RunConfig sgd = modadd(23, 0.4, 1, 64, 1e-3).with(new OptimConfig(Optimizer.SGD, 1e-3, 1, 0));
        List<Forecast.Warning> cat = cov.warnings(Knobs.of(sgd), 2000);
        assertEquals(1, cat.size(), cat.toString());
        assertEquals(Forecast.Warning.CATEGORY, cat.get(0).kind());
        assertEquals("optimizer", cat.get(0).knob());
        assertEquals(List.of("adamw"), cat.get(0).range());

        // a kind never trained
        List<Forecast.Warning> kind = cov.warnings(Knobs.of(RunConfig.defaults("modmul:p=23")), 2000);
        assertEquals(Forecast.Warning.TASK_KIND, kind.get(0).kind());
        assertEquals(List.of(), cov.warnings(Knobs.of(modadd(97, 0.6, 1, 128, 1e-3)), 2000), "a trained config: nothing to say");

        // the budget: longer than any run of the task
        List<Forecast.Warning> longer = cov.warnings(Knobs.of(modadd(97, 0.6, 1, 128, 1e-3)), 9000);
        assertEquals("budget", longer.get(0).knob());
    }

    @Test
    void warningsSerialiseAsStructuredFields() throws Exception {
        Forecast.Warning w = new Forecast.Warning(Forecast.Warning.RANGE, "width", 4096.0, List.of(16.0, 512.0), "width 4096 is larger than any trained");
        JsonNode j = ConfigJson.MAPPER.readTree(ConfigJson.MAPPER.writeValueAsString(w));
        assertEquals("range", j.get("kind").asText());
        assertEquals("width", j.get("knob").asText());
        assertEquals(4096, j.get("value").asDouble());
        assertEquals(512, j.get("range").get(1).asDouble());
        assertTrue(j.get("message").asText().startsWith("width 4096"));
    }

    @Test
    void aFittedForecasterSaysNothingAboutItsOwnTrainedConfigs() {
        FittedForecaster f = Fixtures.forecaster();
        int warned = 0;
        for (RunRecord r : Fixtures.RUNS.subList(0, 60)) {
            Forecast fc = f.predict(r.config(), r.config().steps());
            if (!fc.warnings().isEmpty()) warned++;
        }
        assertEquals(0, warned, "trained configs at their own budgets lie inside the corpus");
        Forecast off = f.predict(modadd(23, 0.5, 1, 4096, 0.5), 2000);
        assertTrue(off.warnings().stream().anyMatch(x -> x.kind().equals(Forecast.Warning.NEARNESS)), off.warnings().toString());
        assertTrue(off.warnings().stream().anyMatch(x -> x.kind().equals(Forecast.Warning.RANGE) && x.knob().equals("width")), off.warnings().toString());
    }

    /**
     * A kept last batch on a corpus whose runs all dropped it (the farm's): the forecaster reads drop_last only through a
     * tiny kept batch, which this corpus never had, so the forecast is the dropped one's, and the warning says the corpus
     * never kept a last batch. Nothing is "unread" any more.
     */
    @Test
    void aKeptLastBatchTheCorpusNeverTrainedIsNamed() {
        FittedForecaster f = Fixtures.forecaster();
        RunConfig on = parity(400, 0.1, 64);
        RunConfig off = on.with(new OptimConfig(Optimizer.SGD, 0.1, 0, 32, io.learncast.farm.config.Toggle.OFF));
        RunConfig tiny = parity(385, 0.1, 64).with(new OptimConfig(Optimizer.SGD, 0.1, 0, 32, io.learncast.farm.config.Toggle.OFF)); // 385 = 12 × 32 + 1
        assertTrue(Knobs.of(tiny).tinyLastBatch() && !Knobs.of(off).tinyLastBatch());
        Forecast a = f.predict(on, on.steps()), b = f.predict(off, off.steps());
        assertEquals(a.p(), b.p(), 0, "the same forecast");
        assertTrue(a.warnings().stream().noneMatch(w -> w.knob().equals("last batch")), a.warnings().toString());
        for (RunConfig c : List.of(off, tiny)) {
            Forecast fc = f.predict(c, c.steps());
            assertTrue(fc.warnings().stream().noneMatch(x -> x.kind().equals(Forecast.Warning.UNREAD)), fc.warnings().toString());
            Forecast.Warning w = fc.warnings().stream().filter(x -> x.knob().equals("last batch")).findFirst().orElseThrow(() -> new AssertionError(fc.warnings().toString()));
            assertEquals(Forecast.Warning.CATEGORY, w.kind());
            assertEquals(c == tiny ? "kept, under 5 % of a batch" : "kept", w.value());
            assertEquals(List.of("dropped"), w.range());
            assertTrue(w.message().startsWith("last batch " + w.value() + " was never trained for sparse-parity:k=3,n=20 (trained: dropped)"), w.message());
        }
        // a full batch has no last batch: nothing to say
        RunConfig full = on.with(new OptimConfig(Optimizer.SGD, 0.1, 0, 0, io.learncast.farm.config.Toggle.OFF));
        assertTrue(f.predict(full, full.steps()).warnings().stream().noneMatch(x -> x.knob().equals("last batch")));
    }
}
