package io.learncast.bench.grow;

import io.learncast.app.cli.Cli;
import io.learncast.app.cli.GrowTraining;
import io.learncast.app.cli.Interrupts;
import io.learncast.app.cli.Progress;
import io.learncast.app.cli.StoreOption;
import io.learncast.common.OutputFile;
import io.learncast.common.Hashing;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.eval.report.Charts;
import io.learncast.eval.report.HtmlReport;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.grid.Sampling;
import io.learncast.farm.grid.SearchSpace;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.WorkerPool;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.grow.Proposer;
import io.learncast.forecast.grow.Strategy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code learncast grow bench}: uncertainty against random sampling on a fixed pool, scored on a fixed
 * held-out set, several repetitions; a table, a CSV and charts.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Benchmark the proposer: a fixed pool and a fixed held-out set of random configs of the space are trained once "
                + "(cached in the store: a second call trains nothing), then uncertainty and random sampling pick pool runs round by round "
                + "from the same random seed runs, the forecaster is refitted after each round and scored on the held-out runs (AUC, Brier).",
                "Writes grow-bench.csv, grow-bench.md, grow-bench-auc.png, grow-bench-brier.png and grow-bench.html to --out."})
public final class GrowBenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--space", paramLabel = "SPEC", defaultValue = "bench/grow/space.yaml", description = "Search space (default ${DEFAULT-VALUE}).")
    Path space;

    @Option(names = "--pool", defaultValue = "240", description = "Pool configs the strategies pick from (default ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--held-out", defaultValue = "120", description = "Held-out configs the forecaster is scored on (default ${DEFAULT-VALUE}).")
    int heldOut;

    @Option(names = "--reps", defaultValue = "5", description = "Repetitions (default ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--rounds", defaultValue = "10", description = "Rounds per repetition (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--batch", defaultValue = "6", description = "Runs picked per round (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed-runs", defaultValue = "12", description = "Random runs both strategies start from (default ${DEFAULT-VALUE}).")
    int seedRuns;

    @Option(names = "--search", defaultValue = "quick", description = "The refits' model search (default ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--explore", defaultValue = "0", description = "Share of each uncertainty batch picked at random (default ${DEFAULT-VALUE}).")
    double explore;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads training the pool (default: the number of cores).")
    Integer workers;

    @Option(names = "--out", defaultValue = "bench/grow/results", description = "Folder for the table, CSV and charts (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", defaultValue = "2026", description = "Seed of the pool, held-out set and repetitions (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        if (pool < 10 || pool > 100_000) throw new UserError("--pool", "pool " + pool + " is out of range", "10–100000");
        if (heldOut < 10 || heldOut > 100_000) throw new UserError("--held-out", "held-out " + heldOut + " is out of range", "10–100000");
        if (reps < 1 || reps > 100) throw new UserError("--reps", "reps " + reps + " is out of range", "1–100");
        if (rounds < 1 || rounds > 1000) throw new UserError("--rounds", "rounds " + rounds + " is out of range", "1–1000");
        if (batch < 1 || seedRuns < 10 || seedRuns + (long) rounds * batch > pool) {
            throw new UserError("--seed-runs", "seed runs " + seedRuns + " + rounds × batch " + rounds + " × " + batch + " must fit in the pool of " + pool
                    + " (and seed runs ≥ 10, batch ≥ 1)", "raise --pool or lower --rounds/--batch");
        }
        if (!(explore >= 0 && explore <= 1)) throw new UserError("--explore", "explore " + explore + " is out of range", "a share in [0, 1]");
        var s = io.learncast.forecast.model.ForecasterFitter.Search.parse(search);
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (threads < 1 || threads > 256) throw new UserError("--workers", "worker threads " + threads + " is out of range", "1–256");
        SearchSpace sp = SearchSpace.of(GridSpec.readSpace(space));
        try (Interrupts.Work work = Interrupts.begin(); Store st = store.open(threads + 4)) {
            List<Proposer.Candidate> held = Proposer.candidates(sp, Sampling.Method.RANDOM, heldOut, Seeds.derive(seed, "grow-bench:held-out"), Set.of());
            Set<String> taken = new HashSet<>();
            for (Proposer.Candidate c : held) taken.add(c.config().groupHash());
            List<Proposer.Candidate> pl = Proposer.candidates(sp, Sampling.Method.RANDOM, pool, Seeds.derive(seed, "grow-bench:pool"), taken);
            o.println("space " + sp.spec().name() + ": " + String.join(" · ", sp.describe()) + "; budgets " + sp.budgets());
            String tag = sp.spec().specHash() + "|" + seed + "|";
            st.queue().enqueue(held.stream().map(Proposer.Candidate::config).toList(), "farm",
                    new RunQueue.Sweep("grow-bench held-out", Hashing.sha256Hex("grow-bench|held-out|" + tag + heldOut), sp.spec().text()));
            st.queue().enqueue(pl.stream().map(Proposer.Candidate::config).toList(), "farm",
                    new RunQueue.Sweep("grow-bench pool", Hashing.sha256Hex("grow-bench|pool|" + tag + pool), sp.spec().text()));
            List<Long> ids = new ArrayList<>();
            for (Proposer.Candidate c : held) ids.add(st.catalog().byConfigHash(c.config().configHash()).orElseThrow().id());
            for (Proposer.Candidate c : pl) ids.add(st.catalog().byConfigHash(c.config().configHash()).orElseThrow().id());
            long left = GrowTraining.unfinished(st, ids);
            long t0 = System.nanoTime();
            if (left > 0) {
                o.println("training " + left + " of " + ids.size() + " pool and held-out runs (cached in " + st.location() + " for later calls)…");
                o.flush();
                WorkerPool.Options opts = WorkerPool.Options.defaults(threads).withTrainer(Trainers.DEFAULT).withStopping(Interrupts::stopping)
                        .withPoll(Duration.ofMillis(500));
                try (Progress bar = Progress.start("train", left, "runs", false)) {
                    if (!GrowTraining.train(st, opts, ids, bar::stepTo)) {
                        o.println("stopped: the runs trained so far stay in the store; the same command continues");
                        return Cli.INTERRUPTED;
                    }
                }
                o.printf(Locale.ROOT, "trained in %.1f min%n", (System.nanoTime() - t0) / 6e10);
            } else {
                o.println("all " + ids.size() + " pool and held-out runs already trained in " + st.location());
            }
            List<RunRecord> heldRuns = new ArrayList<>();
            for (Proposer.Candidate c : held) {
                RunRecord r = record(st, c.config());
                if (r != null) heldRuns.add(r);
            }
            List<GrowBench.PoolRun> poolRuns = new ArrayList<>();
            for (Proposer.Candidate c : pl) {
                RunRecord r = record(st, c.config());
                if (r != null) poolRuns.add(new GrowBench.PoolRun(r, c.point()));
            }
            GrowBench.Options bo = new GrowBench.Options(reps, rounds, batch, seedRuns, s, Proposer.Options.defaults().withExplore(explore), seed);
            long t1 = System.nanoTime();
            GrowBench.Result res = GrowBench.run(poolRuns, heldRuns, sp.budgets(), bo, line -> {
                o.println("  " + line);
                o.flush();
            });
            double minutes = (System.nanoTime() - t1) / 6e10;
            String md = table(res, bo, sp, minutes);
            o.println();
            o.print(md);
            write(res, md);
            o.println("wrote " + out.resolve("grow-bench.md") + ", .csv, -auc.png, -brier.png and .html");
            o.flush();
            return Cli.OK;
        }
    }

    private static RunRecord record(Store st, RunConfig c) {
        StoredRun r = st.catalog().byConfigHash(c.configHash()).orElse(null);
        return r == null ? null : FeatureTable.record(r);
    }

    private String table(GrowBench.Result res, GrowBench.Options bo, SearchSpace sp, double minutes) {
        double[][] ra = GrowBench.summary(res.points(), Strategy.RANDOM, true), ua = GrowBench.summary(res.points(), Strategy.UNCERTAINTY, true);
        double[][] rb = GrowBench.summary(res.points(), Strategy.RANDOM, false), ub = GrowBench.summary(res.points(), Strategy.UNCERTAINTY, false);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Pool %d runs, held-out %d runs (%d rows at their own budgets, %.0f %% learned); %d repetitions × %d rounds of %d "
                        + "from %d random seed runs; %s refits; %.1f min.%n%n", res.pool(), res.heldOutRuns(), res.heldOutRows(), 100 * res.heldOutLearned(),
                bo.reps(), bo.rounds(), bo.batch(), bo.seedRuns(), bo.search().name().toLowerCase(Locale.ROOT), minutes));
        b.append("| runs | AUC random | AUC uncertainty | Brier random | Brier uncertainty |\n|---|---|---|---|---|\n");
        int n = Math.min(ra.length, ua.length);
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "| %.0f | %.3f (%.3f–%.3f) | %.3f (%.3f–%.3f) | %.4f | %.4f |%n", ra[i][0], ra[i][1], ra[i][2], ra[i][3],
                    ua[i][1], ua[i][2], ua[i][3], rb[i][1], ub[i][1]));
        }
        double target = ra[ra.length - 1][1], finalRuns = ra[ra.length - 1][0];
        Integer reach = null;
        for (double[] u : ua) {
            if (u[1] >= target) {
                reach = (int) Math.round(u[0]);
                break;
            }
        }
        b.append('\n');
        if (reach == null) {
            b.append(String.format(Locale.ROOT, "Uncertainty sampling did not reach random sampling's final mean AUC %.3f (at %.0f runs) within %.0f runs.%n",
                    target, finalRuns, ua[ua.length - 1][0]));
        } else {
            b.append(String.format(Locale.ROOT, "Uncertainty sampling reached random sampling's final mean AUC %.3f (at %.0f runs) with %d runs: "
                    + "%.2f of random's runs (target ≤ 0.5).%n", target, finalRuns, reach, reach / finalRuns));
        }
        return b.toString();
    }

    private void write(GrowBench.Result res, String md) throws IOException {
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("strategy,rep,round,runs,auc,brier,fit_seconds\n");
        for (GrowBench.Point p : res.points()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%d,%d,%.5f,%.5f,%.2f%n", p.strategy().key(), p.rep(), p.round(), p.runs(), p.auc(), p.brier(), p.fitSeconds()));
        }
        OutputFile.of(out.resolve("grow-bench.csv"), "--out").writeString(csv.toString());
        OutputFile.of(out.resolve("grow-bench.md"), "--out").writeString(md.toString());
        byte[] auc = chart(res, true), brier = chart(res, false);
        OutputFile.of(out.resolve("grow-bench-auc.png"), "--out").write(os -> {
            os.write(auc);
            return null;
        }, x -> true);
        OutputFile.of(out.resolve("grow-bench-brier.png"), "--out").write(os -> {
            os.write(brier);
            return null;
        }, x -> true);
        HtmlReport h = new HtmlReport("learncast grow bench");
        h.section("grow-bench", "Uncertainty vs random sampling");
        for (String line : md.split("\n")) if (!line.startsWith("|") && !line.isBlank()) h.paragraph(line);
        List<List<String>> rows = new ArrayList<>();
        for (String line : md.split("\n")) {
            if (!line.startsWith("|") || line.startsWith("|---") || line.startsWith("| runs")) continue;
            List<String> cells = new ArrayList<>();
            for (String c : line.substring(1, line.length() - 1).split("\\|")) cells.add(c.trim());
            rows.add(cells);
        }
        h.table(List.of("runs", "AUC random", "AUC uncertainty", "Brier random", "Brier uncertainty"), rows);
        h.figure("grow-bench-auc", auc, "Held-out AUC against training runs (mean over repetitions)");
        h.figure("grow-bench-brier", brier, "Held-out Brier score against training runs (mean over repetitions)");
        h.write(out.resolve("grow-bench.html"));
    }

    private static byte[] chart(GrowBench.Result res, boolean auc) {
        List<Charts.Series> series = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Strategy s : List.of(Strategy.RANDOM, Strategy.UNCERTAINTY)) {
            double[][] m = GrowBench.summary(res.points(), s, auc);
            double[] x = new double[m.length], y = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                x[i] = m[i][0];
                y[i] = m[i][1];
                if (Double.isFinite(y[i])) {
                    lo = Math.min(lo, y[i]);
                    hi = Math.max(hi, y[i]);
                }
            }
            series.add(new Charts.Series(s.key() + " (mean of " + (res.points().stream().mapToInt(GrowBench.Point::rep).max().orElse(0) + 1) + " repetitions)", x, y));
        }
        // the range the curves span, not from zero: the differences are in the second decimal
        Double yMin = Double.isFinite(lo) ? (auc ? Math.floor(lo * 50) / 50 : 0.0) : null;
        Double yMax = Double.isFinite(hi) ? (auc ? 1.0 : Math.ceil(hi * 50) / 50) : null;
        return Charts.lines(auc ? "Held-out AUC" : "Held-out Brier score", "training runs", auc ? "AUC" : "Brier", series, false, yMin, yMax, 720, 420);
    }
}
