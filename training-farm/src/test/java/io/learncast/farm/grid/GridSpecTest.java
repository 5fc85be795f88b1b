package io.learncast.farm.grid;

import io.learncast.common.Seeds;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.KnobCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** Grid expansion: counts, values, seeds, budgets, and the coverage of random, Sobol and Latin-hypercube samples. */
class GridSpecTest {
    @TempDir Path dir;

    static GridSpec yaml(String text) { return GridSpec.parse(text, "test", false); }

    @Test
    void aFullGridIsTheProductOfItsAxesTimesSeeds() {
        GridSpec g = yaml("""
                name: modadd-small
                property: {task: "modadd:p=23"}
                axes:
                  train_frac: [0.3, 0.5, 0.8]
                  wd: {lin: [0, 1], n: 3}
                  width: {log: [16, 256], n: 5}
                  batch: [full, 64]
                  budgets: [1000, 2000, 3000]
                seeds: 2
                eval_every: 100
                master_seed: 42
                """);
        List<RunConfig> runs = g.expand();
        assertEquals(3 * 3 * 5 * 2 * 2, runs.size());
        assertEquals(g.runCount(), runs.size());
        assertEquals(runs.size(), runs.stream().map(RunConfig::configHash).distinct().count(), "every run is distinct");
        assertEquals(Set.of(16, 32, 64, 128, 256), runs.stream().map(RunConfig::width).collect(Collectors.toSet()), "integer log range rounds");
        assertEquals(Set.of(0.0, 0.5, 1.0), runs.stream().map(RunConfig::wd).collect(Collectors.toSet()));
        assertEquals(Set.of(0, 64), runs.stream().map(RunConfig::batch).collect(Collectors.toSet()), "full batch is 0");
        for (RunConfig c : runs) {
            assertEquals(3000, c.steps(), "each config trains once to its largest budget");
            assertEquals(List.of(1000L, 2000L, 3000L), c.budgets());
            assertEquals(100, c.evalEvery());
            assertEquals(c.withReplica(42, c.replica()).seed(), c.seed(), "seeds derive from the master seed and the replica");
        }
        assertEquals(Set.of(0, 1), runs.stream().map(RunConfig::replica).collect(Collectors.toSet()));
        // untouched fields keep `learncast train`'s defaults
        RunConfig d = RunConfig.defaults("modadd:p=23");
        assertTrue(runs.stream().allMatch(c -> c.depth() == d.depth() && c.lr() == d.lr() && c.optimizer() == d.optimizer()));
    }

    @Test
    void logRangesRoundToFourSignificantDigitsAndLevelsAreDistinct() {
        GridSpec g = yaml("""
                property: {task: "modadd:p=23"}
                axes:
                  lr: {log: [1e-4, 1e-1], n: 7}
                  depth: {lin: [1, 3], n: 7}
                """);
        assertEquals(List.of(1e-4, 3.162e-4, 1e-3, 3.162e-3, 1e-2, 3.162e-2, 1e-1), g.axis(KnobCatalogue.LR).orElseThrow().levels());
        assertEquals(List.of(1, 2, 3), g.axis(KnobCatalogue.DEPTH).orElseThrow().levels(), "integer levels round, duplicates dropped");
        assertEquals(21, g.expand().size());
    }

    @Test
    void theSameSpecWrittenDifferentlyHasTheSameHashAndConfigs() throws Exception {
        String yaml = """
                name: s
                # comments and formatting do not matter
                property:
                  task: sparse-parity:n=12,k=3
                axes:
                  width: [32, 64]
                  n_train: 500
                """;
        String json = """
                {"name": "s", "property": {"task": "sparse-parity:k=3,n=12"}, "axes": {"n_train": [500], "width": [32, 64]}}
                """;
        Path j = Files.writeString(dir.resolve("s.json"), json);
        GridSpec a = yaml(yaml);
        GridSpec b = GridSpec.read(j);
        assertEquals(a.specHash(), b.specHash());
        assertEquals(a.expand(), b.expand());
        assertNotEquals(a.specHash(), yaml(yaml.replace("64]", "128]")).specHash());
        assertEquals("s", GridSpec.read(Files.writeString(dir.resolve("other.yaml"), yaml)).name());
        assertEquals("unnamed", GridSpec.read(Files.writeString(dir.resolve("unnamed.yaml"), yaml.replace("name: s\n", ""))).name(),
                "the file name names an unnamed spec");
    }

    /**
     * {@code to_budget} belongs to the sweep: it changes the spec's identity only when set (specs written before it keep
     * their hash), and never a config's identity or group (a config trained to budget is the one stopped at its confirmation).
     */
    @Test
    void toBudgetIsASweepFieldThatLeavesTheConfigsAlone() {
        String base = """
                name: s
                property: {task: "modadd:p=11"}
                axes: {width: [32, 64]}
                """;
        GridSpec plain = yaml(base);
        GridSpec off = yaml(base + "to_budget: false\n");
        GridSpec on = yaml(base + "to_budget: true\n");
        assertFalse(plain.toBudget());
        assertFalse(off.toBudget());
        assertTrue(on.toBudget());
        assertTrue(GridSpec.parse(base + "to_budget: \"TRUE\"\n", "s", false).toBudget(), "a quoted boolean reads as one");
        assertEquals(plain.specHash(), off.specHash(), "false is the default: the same sweep");
        assertNotEquals(plain.specHash(), on.specHash(), "another sweep");
        assertEquals(plain.expand(), on.expand(), "the same configs, hashes and groups");
        assertTrue(on.describe().stream().anyMatch(l -> l.startsWith("to budget:")), on.describe().toString());
        assertTrue(plain.describe().stream().noneMatch(l -> l.startsWith("to budget:")));
    }

    @Test
    void sampledTasksDefaultToATrainingSetSizeAndFiniteOnesToAFraction() {
        GridSpec g = yaml("""
                property:
                  task: [modadd:p=11, "sparse-parity:n=40,k=3"]
                axes: {optimizer: [sgd, adamw]}
                """);
        List<RunConfig> runs = g.expand();
        assertEquals(4, runs.size());
        for (RunConfig c : runs) {
            if (c.task().startsWith("modadd")) assertEquals(0.5, c.trainFrac());
            else assertEquals(1000, c.nTrain());
        }
        assertEquals(Set.of(Optimizer.SGD, Optimizer.ADAMW), runs.stream().map(RunConfig::optimizer).collect(Collectors.toSet()));
    }

    @Test
    void withoutAWdAxisTheWeightDecayIsTheOptimizersDefault() {
        List<RunConfig> runs = yaml("""
                property: {task: "modadd:p=11"}
                axes: {optimizer: [sgd, adam, adamw]}
                """).expand();
        assertEquals(List.of(0.0, 0.0, 1.0), runs.stream().map(RunConfig::wd).toList(), "0 for sgd and adam, 1 for adamw");
        List<RunConfig> given = yaml("""
                property: {task: "modadd:p=11"}
                axes: {optimizer: [sgd, adamw], wd: [0.3]}
                """).expand();
        assertEquals(List.of(0.3, 0.3), given.stream().map(RunConfig::wd).toList(), "a wd axis always wins");
        // an adamw config without a wd axis keeps the identity it always had
        assertEquals(RunConfig.defaults("modadd:p=11").withReplica(io.learncast.common.Seeds.DEFAULT_MASTER, 0).groupHash(),
                yaml("property: {task: \"modadd:p=11\"}\naxes: {optimizer: [adamw]}\n").configs().get(0).groupHash());
    }

    static String sampled(String sampling) {
        return """
                property: {task: "modadd:p=23"}
                axes:
                  lr: {log: [1e-4, 1e-1]}
                  wd: {lin: [0, 1]}
                  optimizer: [adam, adamw]
                sampling: %s
                master_seed: 7
                """.formatted(sampling);
    }

    @Test
    void aSobolSampleOfSixtyFourPutsOnePointInEveryCellOfAnEightByEightGrid() {
        GridSpec g = yaml("""
                property: {task: "modadd:p=23"}
                axes:
                  lr: {log: [1e-4, 1e-1]}
                  wd: {lin: [0, 1]}
                sampling: {sobol: 64}
                """);
        List<RunConfig> runs = g.expand();
        assertEquals(64, runs.size());
        Set<Integer> cells = new HashSet<>();
        for (RunConfig c : runs) {
            double u = (Math.log(c.lr()) - Math.log(1e-4)) / (Math.log(1e-1) - Math.log(1e-4));
            // Sobol points lie on multiples of 1/64; values are rounded to 4 digits, so allow for that at cell edges
            int i = Math.min(7, (int) Math.floor(u * 8 + 1e-3));
            int j = Math.min(7, (int) Math.floor(c.wd() * 8 + 1e-3));
            cells.add(i * 8 + j);
        }
        assertEquals(64, cells.size(), "a (0, 6, 2)-net: every 1/8 × 1/8 cell holds exactly one point");
    }

    @Test
    void aLatinHypercubeHasOnePointInEachStratumOfEveryAxis() {
        GridSpec g = yaml(sampled("{lhs: 20}"));
        List<RunConfig> runs = g.expand();
        assertEquals(20, runs.size());
        Set<Integer> lrStrata = new HashSet<>();
        Set<Integer> wdStrata = new HashSet<>();
        for (RunConfig c : runs) {
            double u = (Math.log(c.lr()) - Math.log(1e-4)) / (Math.log(1e-1) - Math.log(1e-4));
            lrStrata.add(Math.min(19, (int) Math.floor(u * 20)));
            wdStrata.add(Math.min(19, (int) Math.floor(c.wd() * 20)));
        }
        // values are rounded to 4 significant digits, which can move a point across a stratum edge only by < 1e-3 of its width
        assertTrue(lrStrata.size() >= 19 && wdStrata.size() >= 19, lrStrata + " " + wdStrata);
        long adam = runs.stream().filter(c -> c.optimizer() == Optimizer.ADAM).count();
        assertEquals(10, adam, "a two-level axis gets half the points");
    }

    @Test
    void randomSamplesAreReproducibleFromTheMasterSeedAndStayInRange() {
        List<RunConfig> a = yaml(sampled("{random: 30}")).expand();
        List<RunConfig> b = yaml(sampled("{random: 30}")).expand();
        assertEquals(a, b, "the same spec samples the same configs");
        assertEquals(30, a.stream().map(RunConfig::configHash).distinct().count());
        assertTrue(a.stream().allMatch(c -> c.lr() >= 1e-4 && c.lr() <= 1e-1 && c.wd() >= 0 && c.wd() <= 1));
        List<RunConfig> other = yaml(sampled("{random: 30}").replace("master_seed: 7", "master_seed: 8")).expand();
        assertNotEquals(a, other);
    }

    @Test
    void samplingADiscreteGridGivesDistinctConfigsUpToItsSize() {
        String spec = """
                property: {task: "modadd:p=23"}
                axes: {width: [16, 32, 64], wd: [0, 1]}
                sampling: %s
                """;
        for (String s : List.of("{random: 6}", "{sobol: 6}", "{lhs: 6}")) {
            List<RunConfig> runs = yaml(spec.formatted(s)).expand();
            assertEquals(6, runs.stream().map(RunConfig::configHash).distinct().count(), s + " covers the whole 3 × 2 grid");
        }
        List<RunConfig> four = yaml(spec.formatted("{sobol: 4}")).expand();
        assertEquals(4, four.size());
    }

    @Test
    void aContinuousIntegerRangeIsSampledAsWholeNumbers() {
        GridSpec g = yaml("""
                property: {task: "modadd:p=23"}
                axes: {width: {log: [8, 512]}, depth: {lin: [1, 4]}}
                sampling: {lhs: 40}
                """);
        List<RunConfig> runs = g.expand();
        assertEquals(40, runs.size());
        assertTrue(runs.stream().allMatch(c -> c.width() >= 8 && c.width() <= 512 && c.depth() >= 1 && c.depth() <= 4));
        assertEquals(4, runs.stream().map(RunConfig::depth).distinct().count());
    }

    @Test
    void theExampleSpecsInGridsAreValid() {
        Path grids = Path.of("..", "grids");
        Map<String, Integer> runs = Map.of("modadd-grokking.yaml", 160, "sparse-parity.yaml", 60, "addition-depth.yaml", 48, "lr-wd-sobol.yaml", 64);
        for (Map.Entry<String, Integer> e : runs.entrySet()) {
            GridSpec g = GridSpec.read(grids.resolve(e.getKey()));
            assertEquals((long) e.getValue(), g.expand().size(), e.getKey());
        }
    }

    @Test
    void specsDescribeThemselves() {
        GridSpec g = yaml("""
                property: {task: "modadd:p=23"}
                axes: {width: [16, 32], budgets: [500, 1000]}
                seeds: 3
                """);
        String text = String.join("\n", g.describe());
        assertTrue(text.contains("width 16, 32"), text);
        assertTrue(text.contains("2 configs × 3 seeds = 6 runs"), text);
        assertTrue(text.contains("budgets: 500, 1000 (each config trains once to 1000 steps; evaluated every 100)"), text);
        assertEquals(Seeds.DEFAULT_MASTER, g.masterSeed());
        String one = String.join("\n", yaml("""
                property: {task: "modadd:p=23"}
                axes: {width: [16], budgets: [8000]}
                """).describe());
        assertTrue(one.contains("budgets: 8000 (evaluated every 100)"), "one budget: no dangling separator: " + one);
    }
}
