package io.learncast.bench.corpus;

import io.learncast.farm.corpus.CorpusExporter;
import io.learncast.farm.corpus.CorpusFormat;
import io.learncast.farm.corpus.RowWriter;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.data.DataSpec;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.BudgetConfig;
import io.learncast.farm.config.ModelConfig;
import io.learncast.farm.config.OptimConfig;
import io.learncast.farm.config.Optimizer;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TargetConfig;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.result.RunResult;
import io.learncast.farm.store.CorpusRow;
import io.learncast.farm.store.RunCatalog;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.RunQueue.ImportedRun;
import io.learncast.farm.store.StoredRun;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * The pieces of {@code learncast corpus bench}: fills a store with synthetic finished runs through the
 * batched import path, and times exports — the streaming export over typed columns, and for
 * comparison the same output produced through the per-run {@link StoredRun} mapping (which parses
 * each run's config JSON).
 */
public final class ExportBenchmark {
    private static final String[] TASKS = {"modadd:p=23", "modadd:p=47", "modadd:p=97", "modsub:p=59", "modmul:p=97", "sparse-parity:n=20,k=3"};
    private static final int[] WIDTHS = {16, 32, 64, 128, 256, 512};
    private static final double[] LRS = {1e-4, 3e-4, 1e-3, 3e-3, 1e-2};
    private static final double[] WDS = {0, 0.1, 0.3, 1};
    private static final double[] FRACS = {0.3, 0.4, 0.5, 0.6, 0.8};
    private static final int[] BATCHES = {0, 128, 512};
    private static final long[] STEPS = {1000, 3000, 10000};

    private ExportBenchmark() {}

    /** One timed export: wall seconds, and CPU seconds of the whole process (all threads: reading, writing, GC). */
    public record Timing(String what, long runs, long bytes, double seconds, double cpuSeconds) {
        public double runsPerSecond() { return runs / seconds; }
    }

    /** CPU time of the whole process so far, in seconds (NaN where the JVM cannot tell). */
    public static double processCpuSeconds() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) return sun.getProcessCpuTime() / 1e9;
        return Double.NaN;
    }

    /** The one-minute load average (how busy the machine was), or NaN. */
    public static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Stores {@code n} synthetic finished runs (deterministic for a seed), {@code batch} per transaction; returns the seconds taken. */
    public static double fill(RunQueue queue, long n, int curvePoints, long seed, int batch, LongConsumer progress) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long t0 = System.nanoTime();
        List<ImportedRun> runs = new ArrayList<>(batch);
        for (long i = 0; i < n; i++) {
            runs.add(synthetic(rnd, i, curvePoints));
            if (runs.size() == batch || i == n - 1) {
                queue.importRuns(runs);
                runs.clear();
                progress.accept(i + 1);
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static ImportedRun synthetic(SplittableRandom rnd, long i, int curvePoints) {
        String task = TASKS[rnd.nextInt(TASKS.length)];
        boolean sampled = task.startsWith("sparse-parity");
        long steps = STEPS[rnd.nextInt(STEPS.length)];
        int evalEvery = (int) (steps / 20);
        // drawn in the order the flat constructor's arguments were, so the synthetic corpus stays the same
        Double frac = sampled ? null : FRACS[rnd.nextInt(FRACS.length)];
        Integer n = sampled ? 500 + rnd.nextInt(4000) : null;
        double noise = rnd.nextInt(10) == 0 ? 0.05 : 0.0;
        ModelConfig model = ModelConfig.mlp(1 + rnd.nextInt(3), WIDTHS[rnd.nextInt(WIDTHS.length)],
                Activation.values()[rnd.nextInt(Activation.values().length)], 1.0);
        OptimConfig optim = new OptimConfig(Optimizer.values()[rnd.nextInt(Optimizer.values().length)], LRS[rnd.nextInt(LRS.length)],
                WDS[rnd.nextInt(WDS.length)], BATCHES[rnd.nextInt(BATCHES.length)]);
        RunConfig c = new RunConfig(new TargetConfig(task, Metric.TEST_ACC, 0.95, 1), new DataSpec(frac, n, null, noise), model, optim,
                new BudgetConfig(steps, evalEvery, List.of()), rnd.nextLong(), 0);
        int roll = rnd.nextInt(100);
        Outcome o = roll < 40 ? Outcome.LEARNED : roll < 45 ? Outcome.DIVERGED : Outcome.NOT_LEARNED;
        Long learnedAt = o == Outcome.LEARNED ? (long) evalEvery * (1 + rnd.nextInt(18)) : null;
        Long confirm = learnedAt == null ? null : learnedAt + evalEvery;
        long trained = o == Outcome.LEARNED ? confirm : o == Outcome.DIVERGED ? (long) evalEvery * (1 + rnd.nextInt(19)) : steps;
        double finalTest = o == Outcome.LEARNED ? 0.95 + 0.05 * rnd.nextDouble() : o == Outcome.DIVERGED ? Double.NaN : rnd.nextDouble() * 0.9;
        List<CurvePoint> curve = new ArrayList<>(curvePoints);
        for (int k = 0; k < curvePoints; k++) {
            long step = Math.min(trained, k * trained / Math.max(1, curvePoints - 1));
            if (!curve.isEmpty() && step <= curve.get(curve.size() - 1).step()) continue;
            curve.add(new CurvePoint(step, 2 * rnd.nextDouble(), rnd.nextDouble(), 3 * rnd.nextDouble(), rnd.nextDouble(), 10 + rnd.nextDouble()));
        }
        Map<String, Object> extra = i % 10 == 0 ? Map.of("trial", i) : Map.of();
        Provenance p = new Provenance(c, null, null, null, "synthetic", "synthetic", null, null, null, null, extra);
        RunResult r = new RunResult(o, learnedAt, confirm, trained, finalTest, Double.isNaN(finalTest) ? Double.NaN : Math.min(1, finalTest + 0.01),
                rnd.nextDouble(), rnd.nextDouble(), o == Outcome.DIVERGED ? Double.NaN : rnd.nextDouble(), 100 + rnd.nextInt(100_000), null, 0, 0, 0,
                "synthetic", curve, p);
        return new ImportedRun(c, r, "synthetic");
    }

    /** Times {@code corpus export} to a file (the streaming path). */
    public static Timing export(RunCatalog catalog, CorpusFormat format, boolean curves, Path file) throws IOException {
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        CorpusExporter.Report r;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            r = new CorpusExporter(catalog).export(new CorpusExporter.Options(format, curves, null), out, () -> false);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Timing(format.key() + (curves ? " with curves" : "") + ", streaming over typed columns", r.runs(), Files.size(file), s,
                processCpuSeconds() - cpu0);
    }

    /** Times the same JSON-lines output produced through {@link RunCatalog#stream} and its per-run StoredRun mapping. */
    public static Timing exportViaStoredRuns(RunCatalog catalog, Path file) throws IOException {
        double cpu0 = processCpuSeconds();
        long t0 = System.nanoTime();
        long[] n = {0};
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             RowWriter w = RowWriter.of(CorpusFormat.JSONL, out, false)) {
            catalog.stream(CorpusExporter.filter(null), run -> {
                try {
                    w.write(row(run));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                n[0]++;
            });
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return new Timing("jsonl via the per-run StoredRun mapping (parses config JSON)", n[0], Files.size(file), s, processCpuSeconds() - cpu0);
    }

    private static CorpusRow row(StoredRun r) {
        RunConfig c = r.config();
        return new CorpusRow(r.id(), r.source(), CorpusRow.knobsOf(c), c.budgets(), c.seed(), c.replica(), r.outcome(), r.stepsToLearn(),
                r.confirmStep(), r.stepsTrained(), r.finalTestAcc(), r.bestTestAcc(), r.finalTrainAcc(), r.finalTestLoss(), r.finalTrainLoss(), r.wallMs(),
                r.trainer(), r.datasetFingerprint(), null, null);
    }
}
