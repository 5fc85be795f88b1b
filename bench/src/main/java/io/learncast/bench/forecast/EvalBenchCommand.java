package io.learncast.bench.forecast;

import io.learncast.app.cli.Cli;
import io.learncast.app.cli.Console;
import io.learncast.common.UserError;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.ModelScore;
import io.learncast.eval.scoring.SplitScore;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code learncast eval bench}: {@code eval} (model search in every fold, baselines, bootstrap intervals,
 * the ceiling) on a large synthetic corpus stored in a real H2 store, against the 5-minute target for
 * 100,000 runs (issue 16). The store is filled once (timed apart, since {@code eval} never writes it) and
 * kept with {@code --db}, so a rerun times eval alone.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark eval at scale: a synthetic corpus of --runs runs in an H2 store (kept with --db), then eval with model search "
                + "on it, split by split, against the target (100,000 runs in under 5 minutes)."})
public final class EvalBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--runs", defaultValue = "100000", description = "Runs in the synthetic corpus (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--db", paramLabel = "FOLDER", description = "Keep the corpus in this store folder (filled when empty, reused when it holds the same corpus); default a temporary folder.")
    Path db;

    @Option(names = "--split", paramLabel = "S", description = "Splits to score (repeatable; default kfold).")
    List<String> splits = new ArrayList<>();

    @Option(names = "--search", defaultValue = "quick", description = "Model search in every fold: quick, standard or full (default ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--resamples", defaultValue = "1000", description = "Group-bootstrap resamples per interval (default ${DEFAULT-VALUE}, as eval).")
    int resamples;

    @Option(names = "--target", defaultValue = "300", description = "Target for 100,000 runs, seconds (default ${DEFAULT-VALUE}); scaled linearly to --runs.")
    double target;

    @Override
    public Integer call() throws IOException {
        if (runs < 100 || runs > 2_000_000) throw new UserError("--runs", "runs " + runs + " is out of range", "100–2,000,000");
        PrintWriter out = spec.commandLine().getOut();
        Path dir = db != null ? db : Files.createTempDirectory("learncast-eval-bench");
        ForecasterFitter.Search s = ForecasterFitter.Search.parse(search);
        List<Split> parsed = (splits.isEmpty() ? List.of("kfold") : splits).stream().map(Split::parse).toList();
        try (Store store = JdbcStore.open(StoreLocation.parse(dir.toString(), "eval-bench"), 4)) {
            double fillSeconds = fill(store, out);
            Evaluator.Options o = Evaluator.Options.defaults().withSearch(s).withResamples(resamples);
            Map<String, Double> stage = new LinkedHashMap<>();
            long t0 = System.nanoTime(), cpu0 = cpuNanos();
            long[] last = {t0};
            Evaluation e = Evaluation.run(store, parsed, o, Instant.now(), line -> {
                long now = System.nanoTime();
                out.printf(Locale.ROOT, "  [%6.1f s] %s%n", (now - t0) / 1e9, line);
                out.flush();
                last[0] = now;
            });
            double seconds = (System.nanoTime() - t0) / 1e9, cpuSeconds = (cpuNanos() - cpu0) / 1e9;
            double scaled = target * e.provenance().corpusRuns() / 100_000.0;
            out.println();
            for (SplitScore sc : e.splits()) {
                ModelScore f = sc.models().get(0), g = sc.models().get(1);
                out.printf(Locale.ROOT, "split %s: %d runs scored; forecaster AUC %.3f Brier %.4f, GBT Brier %.4f (ratio %.2f)%n", sc.split(), sc.scoredRuns(),
                        f.auc().value(), f.brier().value(), g.brier().value(), f.brier().value() / g.brier().value());
            }
            Console.Table t = new Console.Table("benchmark", "measured", "target", "measured / target");
            t.row(String.format(Locale.ROOT, "eval, search %s, %d resamples, on %,d runs", s.name().toLowerCase(Locale.ROOT), resamples, e.provenance().corpusRuns()),
                    String.format(Locale.ROOT, "%.1f s", seconds), String.format(Locale.ROOT, "< %.0f s", scaled), String.format(Locale.ROOT, "%.2f", seconds / scaled));
            t.print(out);
            // on a shared machine the wall time depends on the neighbours: the process's CPU time (both cores) says what eval costs
            out.printf(Locale.ROOT, "eval used %.1f CPU-s (%.2f cores busy on average); store filled in %.1f s (not part of eval); %d cores, load average %s%n",
                    cpuSeconds, cpuSeconds / seconds, fillSeconds, Runtime.getRuntime().availableProcessors(), loadAverage());
            return seconds < scaled ? Cli.OK : Cli.INTERNAL_ERROR;
        } finally {
            if (db == null) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** Fills the store with the synthetic corpus unless it already holds it; returns the seconds spent. */
    private double fill(Store store, PrintWriter out) {
        int have = store.catalog().runs(io.learncast.farm.store.RunFilter.done()).size();
        // about 2 runs per config (1–3 seeds)
        List<RunRecord> corpus = new ArrayList<>();
        int groups = Math.max(10, runs / 2);
        for (RunRecord r : SyntheticCorpus.generate(groups + groups / 10, 3, 42)) {
            if (corpus.size() == runs) break;
            corpus.add(r);
        }
        if (have == corpus.size()) {
            out.printf(Locale.ROOT, "store holds %,d finished runs: reused%n", have);
            return 0;
        }
        if (have != 0) throw new UserError("--db", "the store holds " + have + " runs, not the bench's " + corpus.size(), "give an empty or new folder");
        out.printf(Locale.ROOT, "filling the store with %,d synthetic runs …%n", corpus.size());
        out.flush();
        long t0 = System.nanoTime();
        List<RunQueue.ImportedRun> batch = new ArrayList<>();
        for (RunRecord r : corpus) {
            batch.add(new RunQueue.ImportedRun(r.config(), SyntheticCorpus.result(r), "synthetic"));
            if (batch.size() == 2000) {
                store.queue().importRuns(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) store.queue().importRuns(batch);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
