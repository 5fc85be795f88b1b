package io.learncast.eval.monotone;

import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Monotonicity} on real corpora: the quickstart's 268 runs (learncast's trainer, grids: exact matching) and the
 * PyTorch snapshot's 836 runs (a Sobol train fraction: binned matching), both kept in the repository.
 */
class MonotonicityTest {
    static final Path QUICKSTART = Path.of("..", "forecaster", "src", "test", "resources", "corpora", "quickstart-268.runs.jsonl.gz");
    static final Path TORCH = Path.of("..", "bench", "torch-corpus", "torch-mlp-v1.runs.jsonl.gz");

    static List<RunRecord> load(Path gz, Path dir, int expected) throws Exception {
        Path jsonl = dir.resolve("runs.jsonl");
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            Files.copy(in, jsonl);
        }
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("db").toString(), "--db"))) {
            new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(jsonl), n -> { }, () -> false);
            List<RunRecord> runs = s.catalog().runs(RunFilter.done()).stream().map(FeatureTable::record).toList();
            assertEquals(expected, runs.size());
            return runs;
        }
    }

    static Monotonicity.KnobTask row(Monotonicity m, String knob, String task) {
        return m.knobs().stream().filter(k -> k.knob().equals(knob) && k.task().equals(task)).findFirst().orElse(null);
    }

    @Test
    void quickstartGridsAreMatchedExactlyAndCountedByHand(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = load(QUICKSTART, dir, 268);
        Monotonicity m = Monotonicity.of(runs, Monotonicity.DEFAULT_KNOBS, id -> List.of(), 5);
        for (Monotonicity.KnobTask k : m.knobs()) {
            assertEquals("exact", k.matching(), k.toString());
            assertEquals(k.informative(), k.atLeast() + k.less(), k.toString());
            assertTrue(k.more() <= k.atLeast() && k.informative() <= k.comparisons(), k.toString());
            for (Monotonicity.Counterexample c : k.counterexamples()) {
                assertTrue((double) c.learnedLarger() / c.runsLarger() < (double) c.learnedSmaller() / c.runsSmaller(), c.toString());
                assertTrue(c.larger() > c.smaller(), c.toString());
            }
        }
        // modular addition learns at least as often with a wider net, at every budget, wherever the outcome is in doubt
        Monotonicity.KnobTask width = row(m, "width", "modadd:p=23");
        assertNotNull(width);
        assertEquals(width.informative(), width.atLeast());
        assertTrue(width.informative() > 0);
        // the quickstart trained modular addition at one learning rate: no row for it
        assertEquals(null, row(m, "lr", "modadd:p=23"));
        // parity's learning rate reaches past its stable range: a larger lr learned less often there
        Monotonicity.KnobTask lr = row(m, "lr", "sparse-parity:k=3,n=16");
        assertTrue(lr.less() > 0);
        assertFalse(lr.counterexamples().isEmpty());

        // the same count by hand for width on modular addition: configs equal but for width (seeds pooled), neighbouring widths
        Map<String, Map<Integer, List<RunRecord>>> groups = new HashMap<>();
        for (RunRecord r : runs) {
            if (!r.config().task().equals("modadd:p=23")) continue;
            var c = r.config();
            String key = c.depth() + "|" + c.activation() + "|" + c.lr() + "|" + c.wd() + "|" + c.batch() + "|" + c.trainFrac() + "|" + c.optimizer() + "|" + c.evalEvery();
            groups.computeIfAbsent(key, x -> new HashMap<>()).computeIfAbsent(c.width(), x -> new ArrayList<>()).add(r);
        }
        int informative = 0, atLeast = 0, comparisons = 0;
        for (Map<Integer, List<RunRecord>> cells : groups.values()) {
            List<Integer> widths = cells.keySet().stream().sorted().toList();
            for (int i = 0; i + 1 < widths.size(); i++) {
                for (long b : new long[] {1000, 2000, 4000}) {
                    int[] a = count(cells.get(widths.get(i)), b), z = count(cells.get(widths.get(i + 1)), b);
                    if (a[1] == 0 || z[1] == 0) continue;
                    comparisons++;
                    if (a[0] == 0 && z[0] == 0 || a[0] == a[1] && z[0] == z[1]) continue;
                    informative++;
                    if ((double) z[0] / z[1] >= (double) a[0] / a[1]) atLeast++;
                }
            }
        }
        assertEquals(comparisons, width.comparisons());
        assertEquals(informative, width.informative());
        assertEquals(atLeast, width.atLeast());
    }

    static int[] count(List<RunRecord> runs, long budget) {
        int l = 0, n = 0;
        for (RunRecord r : runs) {
            Boolean v = r.learnedWithin(budget);
            if (v == null) continue;
            n++;
            if (v) l++;
        }
        return new int[] {l, n};
    }

    @Test
    void aSobolTrainFractionIsMatchedWithinBinsAndSaysSo(@TempDir Path dir) throws Exception {
        List<RunRecord> runs = load(TORCH, dir, 836);
        Monotonicity m = Monotonicity.of(runs, List.of("width", "train_frac"), id -> List.of(), 3);
        for (String task : List.of("modadd:p=23", "modadd:p=31", "modadd:p=47", "modadd:p=61", "modadd:p=97")) {
            Monotonicity.KnobTask w = row(m, "width", task), f = row(m, "train_frac", task);
            assertEquals("binned: train_frac", w.matching(), task);
            assertEquals("exact", f.matching(), task); // every other knob of this space is on a grid
            assertTrue(w.pairs() > 0 && f.pairs() > 0, task);
            // the counterexamples name the binned knob with ≈
            w.counterexamples().forEach(c -> assertTrue(c.others().contains("train_frac=≈"), c.others()));
        }
        // the budget section counts what it was given (no curves here)
        assertTrue(m.budget().stream().allMatch(b -> b.withCurves() == 0 && b.learned() > 0));
        assertTrue(m.budget().stream().mapToInt(Monotonicity.BudgetTask::runs).sum() == 836);
        assertTrue(m.knobs().stream().map(Monotonicity.KnobTask::knob).allMatch(Objects::nonNull));
    }
}
