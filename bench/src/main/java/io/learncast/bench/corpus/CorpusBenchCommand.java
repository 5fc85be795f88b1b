package io.learncast.bench.corpus;

import io.learncast.app.cli.Interrupts;
import io.learncast.common.UserError;
import io.learncast.farm.corpus.CorpusFormat;
import io.learncast.farm.corpus.CorpusImporter;
import io.learncast.farm.corpus.ImportReport;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * {@code learncast corpus bench}: the export benchmark. Fills a scratch store with synthetic finished
 * runs through the batched import path, then times the exports side by side (JSON lines and CSV over
 * typed columns, and JSON lines through the per-run StoredRun mapping for comparison), and a file import.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Benchmark: store synthetic runs, then time exporting and importing them.",
        description = {"Benchmark: fill a scratch store with synthetic finished runs (batched import), then time exporting them "
                + "(JSON lines and CSV, and the per-run StoredRun path for comparison) and importing an exported file. "
                + "Never touches your store: it works in a temporary folder (or --work) and deletes what it made."})
public final class CorpusBenchCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000000", description = "Synthetic runs to store and export (default ${DEFAULT-VALUE}).")
    long runs;

    @Option(names = "--curve-points", paramLabel = "N", defaultValue = "0", description = "Curve points per run (default ${DEFAULT-VALUE}; the export then runs with curves too).")
    int curvePoints;

    @Option(names = "--import-runs", paramLabel = "N", defaultValue = "100000", description = "Runs in the file-import test (default ${DEFAULT-VALUE}; 0 to skip).")
    long importRuns;

    @Option(names = "--baseline", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also time the per-run StoredRun path (default: yes).")
    boolean baseline;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "2", description = "Rounds of exports (the first includes JIT warm-up; default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--work", paramLabel = "FOLDER", description = "Scratch folder (default: a new temporary folder, deleted at the end).")
    Path work;

    @Option(names = "--keep", description = "Keep the scratch store and files.")
    boolean keep;

    @Option(names = "--reuse", description = "Time the runs already in --work's store (kept with --keep) instead of filling it again.")
    boolean reuse;

    @Override
    public void run() {
        if (runs < 1) throw new UserError("--runs", "runs " + runs + " is less than 1", "a positive number, e.g. 1000000");
        if (curvePoints < 0) throw new UserError("--curve-points", "curve points " + curvePoints + " is negative", "0 or more");
        PrintWriter out = spec.commandLine().getOut();
        Path dir;
        try {
            dir = work != null ? Files.createDirectories(work) : Files.createTempDirectory("learncast-corpus-bench-");
        } catch (IOException e) {
            throw new UserError("--work", "cannot create " + work + " (" + e.getMessage() + ")", "a writable folder");
        }
        out.printf(Locale.ROOT, "corpus bench: %,d synthetic runs%s in %s (%d cores, load average %.1f, max heap %d MB)%n", runs,
                curvePoints > 0 ? " with " + curvePoints + " curve points each" : "", dir, Runtime.getRuntime().availableProcessors(),
                ExportBenchmark.loadAverage(), Runtime.getRuntime().maxMemory() >> 20);
        out.flush();
        try (Interrupts.Work w = Interrupts.begin();
             Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "--work"))) {
            long present = s.catalog().count(RunFilter.done());
            if (present > 0 && !reuse) throw new UserError("--work", dir + " already holds a store", "give an empty or new folder, or --reuse it");
            if (present > 0) {
                runs = present;
                out.printf(Locale.ROOT, "reusing the %,d runs stored in %s%n", present, dir);
            } else {
                long step = Math.max(1, runs / 10);
                double cpu0 = ExportBenchmark.processCpuSeconds();
                double fill = ExportBenchmark.fill(s.queue(), runs, curvePoints, 42, 1000, n -> {
                    if (n % step == 0) {
                        out.printf(Locale.ROOT, "  filled %,d%n", n);
                        out.flush();
                    }
                });
                out.printf(Locale.ROOT, "fill (batched import, 1000 runs per transaction): %,d runs in %.1f s = %,.0f runs/s (%.1f s cpu)%n",
                        runs, fill, runs / fill, ExportBenchmark.processCpuSeconds() - cpu0);
                out.flush();
            }
            boolean curves = curvePoints > 0;
            for (int round = 1; round <= rounds && !Interrupts.stopping(); round++) {
                out.printf(Locale.ROOT, "round %d%s (load average %.1f):%n", round, round == 1 ? ", a fresh JVM's first exports" : "", ExportBenchmark.loadAverage());
                ExportBenchmark.Timing jsonl = ExportBenchmark.export(s.catalog(), CorpusFormat.JSONL, curves, dir.resolve("corpus.jsonl"));
                print(out, jsonl, null);
                print(out, ExportBenchmark.export(s.catalog(), CorpusFormat.CSV, curves, dir.resolve("corpus.csv")), jsonl);
                if (baseline) print(out, ExportBenchmark.exportViaStoredRuns(s.catalog(), dir.resolve("baseline.jsonl")), jsonl);
            }
            if (importRuns > 0 && !Interrupts.stopping()) importFile(out, dir, Math.min(importRuns, runs));
            out.printf(Locale.ROOT, "load average at the end %.1f (on %d cores: wall times stretch when other work shares them; cpu times do less)%n",
                    ExportBenchmark.loadAverage(), Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!keep && !reuse) delete(dir);
        }
    }

    /** Imports the first runs of the JSON-lines export into a fresh store, through the whole `corpus import` path. */
    private static void importFile(PrintWriter out, Path dir, long n) throws IOException {
        Path file = dir.resolve("import.jsonl");
        try (Stream<String> lines = Files.lines(dir.resolve("corpus.jsonl"))) {
            Files.write(file, (Iterable<String>) lines.limit(n)::iterator);
        }
        long t0 = System.nanoTime();
        double cpu0 = ExportBenchmark.processCpuSeconds();
        ImportReport r;
        try (Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("import-store").toString(), "--work"))) {
            r = new CorpusImporter(s.queue()).run(CorpusImporter.Options.of(file), done -> { }, Interrupts::stopping);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "import of a %,d-run JSON-lines file into a new store (validate all, then store in batches): %.1f s = %,.0f runs/s "
                + "(%.1f s cpu), %,d added%n", r.records(), secs, r.records() / secs, ExportBenchmark.processCpuSeconds() - cpu0, r.added());
        out.flush();
    }

    private static void print(PrintWriter out, ExportBenchmark.Timing t, ExportBenchmark.Timing reference) {
        out.printf(Locale.ROOT, "  export %-56s %,d runs in %6.2f s = %,9.0f runs/s (%6.2f s cpu), %,5d MB%s%n", t.what() + ":", t.runs(), t.seconds(),
                t.runsPerSecond(), t.cpuSeconds(), t.bytes() >> 20, reference == null ? ""
                        : String.format(Locale.ROOT, "  %.2f× the time, %.2f× the cpu of jsonl streaming", t.seconds() / reference.seconds(),
                                t.cpuSeconds() / reference.cpuSeconds()));
        out.flush();
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // leave it for the system's temporary-file cleanup
        }
    }
}
