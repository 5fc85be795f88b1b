package io.learncast.forecast.model;

import io.learncast.farm.config.OptimConfig;
import io.learncast.data.DataSpec;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The warnings on a corpus learncast did not train: the PyTorch snapshot kept in the repository
 * ({@code bench/torch-corpus/torch-mlp-v1.runs.jsonl.gz}, 836 runs, p ∈ {23, 31, 47, 61, 97}), imported
 * as a user would. The nearness warning fires for about one held-out config in twenty, in every task;
 * range warnings answer per p (a train fraction trained for p = 97 is no range for p = 23).
 */
class TorchCorpusWarningsTest {
    static List<RunRecord> runs;

    @BeforeAll
    static void load(@TempDir Path dir) throws Exception {
        runs = TorchSnapshot.load(dir);
        assertEquals(836, runs.size(), "the snapshot's runs");
    }

    /** Configs (all their seeds) split 80/20 by a seeded draw, {@code rounds} times. */
    @Test
    void theNearnessWarningFiresForAboutOneHeldOutConfigInTwentyPerTask() {
        Map<String, int[]> byTask = new TreeMap<>();
        int fired = 0, held = 0;
        for (int round = 0; round < 5; round++) {
            SplittableRandom r = new SplittableRandom(100 + round);
            Map<String, Boolean> heldOut = new LinkedHashMap<>();
            for (RunRecord x : runs) heldOut.computeIfAbsent(x.groupHash(), g -> r.nextDouble() < 0.2);
            List<RunRecord> fit = new ArrayList<>();
            Map<String, RunRecord> test = new LinkedHashMap<>();
            for (RunRecord x : runs) {
                if (heldOut.get(x.groupHash())) test.putIfAbsent(x.groupHash(), x);
                else fit.add(x);
            }
            Neighbourhood n = Neighbourhood.of(fit, 1);
            for (RunRecord x : test.values()) {
                Knobs k = x.knobs();
                boolean f = n.nearness(k, n.nearest(k, x.steps(), 1).distance()) != null;
                int[] t = byTask.computeIfAbsent(k.task(), y -> new int[2]);
                t[0]++;
                held++;
                if (f) {
                    t[1]++;
                    fired++;
                }
            }
        }
        double rate = fired / (double) held;
        System.out.printf("PyTorch corpus: nearness warning on %d of %d held-out configs (%.1f %%), per task %s%n", fired, held, 100 * rate,
                byTask.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]).toList());
        assertTrue(rate >= 0.02 && rate <= 0.10, "about 5 %: " + fired + " of " + held);
        for (Map.Entry<String, int[]> e : byTask.entrySet()) {
            assertTrue(e.getValue()[1] <= 0.15 * e.getValue()[0], "per task, about 5 %: " + e.getKey() + " " + e.getValue()[1] + "/" + e.getValue()[0]);
        }
    }

    @Test
    void rangesArePerP() {
        Coverage cov = Coverage.of(runs);
        Map<String, double[]> frac = new TreeMap<>(), width = new TreeMap<>();
        for (RunRecord x : runs) {
            frac.merge(x.knobs().task(), new double[] {x.knobs().trainFraction(), x.knobs().trainFraction()},
                    (a, b) -> new double[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
        }
        System.out.println("train fraction per task: " + frac.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "–" + e.getValue()[1]).toList());
        // a trained p = 97 config at its own budget: nothing to say
        RunRecord p97 = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=97")).findFirst().orElseThrow();
        assertEquals(List.of(), cov.warnings(p97.knobs(), p97.steps()), "a trained config");
        // p = 97 trained with batch 512 only, p = 23 full batch only: a p = 23 query at batch 128 is outside p = 23's runs
        // (at 512 it would not be: p = 23 has at most 476 training examples, so a batch of 512 is a full batch)
        RunRecord p23 = runs.stream().filter(x -> x.knobs().task().equals("modadd:p=23")).findFirst().orElseThrow();
        Knobs b128 = Knobs.of(p23.config().with(new OptimConfig(p23.config().optimizer(), p23.config().lr(), p23.config().wd(), 128)));
        List<Forecast.Warning> w = cov.warnings(b128, p23.steps());
        Knobs b512 = Knobs.of(p23.config().with(new OptimConfig(p23.config().optimizer(), p23.config().lr(), p23.config().wd(), 512)));
        assertTrue(cov.warnings(b512, p23.steps()).stream().noneMatch(x -> x.knob().equals("batching") || x.knob().equals("batch")),
                "a batch of 512 on at most 476 examples is the full batch p = 23 was trained with");
        assertTrue(w.stream().anyMatch(x -> x.kind().equals(Forecast.Warning.CATEGORY) && x.knob().equals("batching")),
                "p = 23 never trained with mini-batches, though p = 97 always was: " + w);
        for (Forecast.Warning x : w) assertTrue(x.message().contains("modadd:p=23"), "said of p = 23's runs: " + x.message());
        // train fraction 0.25: inside p = 97's trained range (from 0.24), below p = 23's (from 0.32)
        List<Forecast.Warning> low23 = cov.warnings(Knobs.of(p23.config().with(new DataSpec(0.25, null, null, 0))), p23.steps());
        Forecast.Warning f = low23.stream().filter(x -> x.knob().equals("train fraction")).findFirst().orElseThrow(() -> new AssertionError(low23.toString()));
        assertEquals(Forecast.Warning.RANGE, f.kind());
        assertTrue(((Number) f.range().get(0)).doubleValue() > 0.3, "p = 23's own lower end: " + f);
        assertTrue(cov.warnings(Knobs.of(p97.config().with(new DataSpec(0.25, null, null, 0))), p97.steps()).stream().noneMatch(x -> x.knob().equals("train fraction")),
                "0.25 lies inside p = 97's trained train fractions");
    }
}
