package io.learncast.app.cli;

import io.learncast.farm.config.ModelConfig;
import io.learncast.common.OutputFile;
import io.learncast.common.UserError;
import io.learncast.eval.report.ReportSections;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.SplitScore;
import io.learncast.eval.split.Split;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.TaskFacts;
import io.learncast.farm.grid.GridSpec;
import io.learncast.farm.store.EnqueueReport;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.RunExecutor;
import io.learncast.farm.worker.WorkerPool;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.store.ForecasterRegistry;
import io.learncast.forecast.store.LedgerWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code learncast quickstart}: the main job end to end. Enqueues the default sweep (modular addition and
 * sparse parity, {@code grids/quickstart-*.yaml}), trains what is not yet trained with the farm's
 * workers, fits the forecaster (again only if the corpus changed), scores it by grouped k-fold, writes
 * the report, and forecasts a config it never trained. Everything is kept in the store, so a second
 * call trains and refits nothing.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job, end to end: train the default sweep (modular addition and sparse parity, grids/quickstart-*.yaml; about 270 small "
                + "networks, a few minutes on two cores), fit the forecaster, score it against baselines and the seed-noise ceiling, write the HTML report, "
                + "and forecast a config it never trained.",
                "Running it again reuses what is stored: nothing is retrained, and the forecaster is refitted only if the corpus changed."})
final class QuickstartCommand implements Callable<Integer> {
    /** The default sweep, shipped in the application (identical copies are in grids/ for reading and for `farm enqueue`). */
    static final List<String> DEFAULT_GRIDS = List.of("quickstart-modadd.yaml", "quickstart-parity.yaml");

    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "2", description = "Worker threads (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to write the report (default: report.html in the store's folder, or here for a server store).")
    Path out;

    @Option(names = "--grid", paramLabel = "SPEC", hidden = true, description = "Grid specs to use instead of the default sweep (for tests and trials).")
    List<Path> grids;

    @Option(names = "--search", hidden = true, description = "The forecaster's model search (default: the fitter's own choice by corpus size).")
    String search;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        if (search != null) ForecasterFitter.Search.parse(search); // a bad value fails before anything is written
        if (out != null && out.toString().equals("-")) {
            throw new UserError("--out", "the quickstart prints its progress on standard output, so its report cannot go there too", "give a file, e.g. --out report.html");
        }
        if (out != null) OutputFile.of(out, "--out").check(); // not after minutes of training
        if (workers < 1 || workers > 64) throw new UserError("--workers", "worker threads " + workers + " is out of range", "1–64 (default 2)");
        List<GridSpec> specs = specs();
        List<RunConfig> all = new ArrayList<>();
        for (GridSpec g : specs) all.addAll(g.expand());
        checkTasks(all);
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open(workers + 4)) {
            w.println("store: " + s.location());
            // 1. the sweep
            int added = 0, present = 0;
            for (GridSpec g : specs) {
                EnqueueReport r = s.queue().enqueue(g.expand(), "farm", new RunQueue.Sweep(g.name(), g.specHash(), g.text(), g.toBudget()), n -> { });
                added += r.addedCount();
                present += r.alreadyPresent();
            }
            w.println("sweep: " + specs.stream().map(GridSpec::name).toList() + ", " + all.size() + " runs: " + added + " added, " + present + " already in the store");
            w.flush();
            // 2. training
            if (!train(s, w)) return Cli.INTERRUPTED;
            // 3. the forecaster
            FeatureTable table = Corpus.table(s, new FeatureTable.Options(true));
            if (table.runs().size() < 10 || table.groupCount() < 5) {
                throw new UserError("quickstart", "only " + table.runs().size() + " finished runs in " + table.groupCount() + " configs",
                        "the sweep must give at least 10 runs over 5 configs");
            }
            ForecasterRegistry.Loaded model = forecaster(s, table, search == null ? null : ForecasterFitter.Search.parse(search), w);
            if (Interrupts.stopping()) return Cli.INTERRUPTED;
            // 4. scores
            w.println();
            w.println("scoring: grouped 5-fold cross-validation, every model refitted on the fit side of each fold");
            w.flush();
            Evaluator.Options eo = new Evaluator.Options(io.learncast.common.Seeds.DEFAULT_MASTER, 1000, Evaluator.Options.defaults().search());
            Split kfold = Split.parse("kfold:5");
            List<StoredRun> runs = Evaluation.finishedRuns(s);
            SplitScore score = Evaluation.cached(s, FeatureTable.from(runs).corpusHash(), kfold, eo,
                    () -> new Evaluator(eo).score(runs, kfold, line -> {
                        w.println("  " + line);
                        w.flush();
                    }));
            EvalPrinter.print(w, score);
            if (Interrupts.stopping()) return Cli.INTERRUPTED;
            // 5. the report
            OutputFile target = reportPath(s.location());
            w.println();
            w.println("writing the report:");
            ReportBuilder.build(s, ReportSections.all(), s.now(), line -> {
                w.println(line);
                w.flush();
            }).write(target);
            // 6. a forecast for a config never trained
            w.println();
            example(s, model, specs.get(0), w);
            w.println();
            w.printf(Locale.ROOT, "quickstart done in %s (CPU %.0f s)%n", Durations.of((System.nanoTime() - t0) / 1_000_000),
                    (cpuNanos() - cpu0) / 1e9);
            w.println("report: " + target.given().toAbsolutePath());
            w.println("next: `learncast forecast --task … --width … --steps …` for any config, `learncast eval --split test:train_frac>=0.8` for "
                    + "extrapolation, `learncast report --axes train_frac,wd` to redraw.");
        }
        return Cli.OK;
    }

    private List<GridSpec> specs() {
        if (grids != null && !grids.isEmpty()) return grids.stream().map(GridSpec::read).toList();
        List<GridSpec> out = new ArrayList<>();
        for (String name : DEFAULT_GRIDS) {
            try (InputStream in = QuickstartCommand.class.getResourceAsStream("/quickstart/" + name)) {
                if (in == null) throw new IllegalStateException("the quickstart grid " + name + " is missing from the application");
                out.add(GridSpec.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name.replace(".yaml", ""), false));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the quickstart grid " + name, e);
            }
        }
        return out;
    }

    private static void checkTasks(List<RunConfig> runs) {
        Set<String> seen = new HashSet<>();
        for (RunConfig c : runs) if (seen.add(c.task())) TaskFacts.of(c);
    }

    /** Trains whatever is queued with the farm's workers and a progress bar; false when stopped by Ctrl-C. */
    private boolean train(Store s, PrintWriter w) {
        StoreStatus before = s.catalog().status(10);
        long ahead = before.count(RunState.QUEUED) + before.count(RunState.RUNNING);
        if (ahead == 0) {
            w.println("training: nothing to train, every run is in the store");
            return true;
        }
        w.println("training " + ahead + " runs with " + workers + " worker threads (" + Trainers.DEFAULT + " trainer); Ctrl-C stops cleanly and a later call resumes");
        w.flush();
        WorkerPool.Options opts = WorkerPool.Options.defaults(workers).withTrainer(Trainers.DEFAULT).withLease(Duration.ofSeconds(60))
                .withStopping(Interrupts::stopping).withPoll(Duration.ofMillis(500));
        long cpu0 = cpuNanos();
        AtomicLong done = new AtomicLong(), learned = new AtomicLong();
        boolean lines = !Console.interactive(); // no bar in logs and pipes: a line every tenth instead
        WorkerPool.Summary sum;
        try (Progress bar = Progress.start("train", ahead, "runs", false)) {
            sum = WorkerPool.run(s, opts, new WorkerPool.Listener() {
                @Override
                public void finished(RunExecutor.Report r) {
                    if (r.status() != RunExecutor.Status.COMPLETED) return;
                    long d = done.incrementAndGet();
                    if (r.result().learned()) learned.incrementAndGet();
                    synchronized (bar) {
                        bar.stepTo(d);
                        bar.message(" · learned " + learned.get());
                        if (lines && (d * 10 / ahead) > ((d - 1) * 10 / ahead)) {
                            w.printf(Locale.ROOT, "  %d/%d runs trained, %d learned%n", d, ahead, learned.get());
                            w.flush();
                        }
                    }
                }
            });
        }
        double cpu = (cpuNanos() - cpu0) / 1e9;
        w.printf(Locale.ROOT, "trained %d runs in %s (CPU %.0f s, %.1f runs/min): learned %d · not learned %d · diverged %d%n", sum.completed(),
                Durations.of(sum.wallMs()), cpu, sum.runsPerMinute(), sum.learned(), sum.notLearned(), sum.diverged());
        if (sum.error() != null) throw new IllegalStateException("training stopped by an error: " + sum.error());
        w.flush();
        return !sum.interrupted();
    }

    /** The active forecaster if it was fitted on this very corpus, else a new fit (registered as active). */
    private static ForecasterRegistry.Loaded forecaster(Store s, FeatureTable table, ForecasterFitter.Search search, PrintWriter w) {
        String hash = table.corpusHash();
        var active = ForecasterRegistry.active(s);
        w.println();
        if (active.isPresent() && active.get().forecaster().report().corpusHash().equals(hash)) {
            w.println("forecaster: model #" + active.get().record().id() + " was fitted on this corpus (" + table.runs().size() + " runs, hash "
                    + hash.substring(0, 12) + "): reused");
            return active.get();
        }
        w.println("fitting the forecaster on " + table.runs().size() + " runs (" + table.groupCount() + " configs; "
                + (active.isPresent() ? "the corpus changed since model #" + active.get().record().id() : "none fitted yet") + ")…");
        w.flush();
        FittedForecaster f = ForecasterFitter.fit(table, ForecasterFitter.Options.defaults().withSearch(search).withSource(s.location().toString()));
        long id = ForecasterRegistry.save(s, f);
        s.ledger().score();
        w.printf(Locale.ROOT, "fitted in %.1f s: %s, registered as model #%d%s%n", f.report().fitSeconds(), f.report().chosen(), id,
                f.report().trend() == null ? "" : "; beyond the corpus it leans on " + f.report().trend());
        return ForecasterRegistry.load(s, id);
    }

    /**
     * Forecasts a config of the first grid that was never trained: each grid config with a width half
     * again as large (between the grid's widths, never beyond the widest) is a candidate, at the grid's largest budget, and the
     * one the forecaster is least sure about (P nearest 0.5: on the learn/no-learn boundary) is shown.
     */
    private static void example(Store s, ForecasterRegistry.Loaded model, GridSpec g, PrintWriter w) {
        Set<String> trained = new HashSet<>();
        for (StoredRun r : Evaluation.finishedRuns(s)) trained.add(r.groupHash());
        long budget = g.steps();
        FittedForecaster f = model.forecaster();
        RunConfig best = null;
        double bestGap = Double.POSITIVE_INFINITY;
        int widest = g.configs().stream().mapToInt(RunConfig::width).max().orElse(1);
        for (RunConfig c : g.configs()) {
            int width = (int) Math.round(c.width() * 1.5);
            if (width > widest) continue; // inside the trained range: an interpolation, not an extrapolation
            RunConfig x = c.with(ModelConfig.mlp(c.depth(), width, c.activation(), c.initScale()));
            if (trained.contains(x.groupHash())) continue;
            double gap = Math.abs(f.probability(x, budget) - 0.5);
            if (gap < bestGap) {
                bestGap = gap;
                best = x;
            }
        }
        if (best == null) {
            w.println("example forecast: every candidate config has been trained already; try `learncast forecast` with your own config");
            return;
        }
        Forecast fc = f.predict(best, budget);
        w.println("example forecast for a config it never trained (the one nearest the learn/no-learn boundary):");
        ForecastPrinter.print(w, fc, model.record().id());
        boolean recorded = s.ledger().entries().stream().anyMatch(e -> e.modelId() == model.record().id() && e.groupHash().equals(fc.groupHash())
                && e.budget() == fc.budget());
        if (!recorded) {
            Long id = LedgerWriter.record(s, model.record().id(), best, fc, "quickstart");
            if (id != null) w.println("recorded in the prospective ledger as forecast #" + id + ": train this config and `learncast eval` scores it");
        }
    }

    private OutputFile reportPath(StoreLocation loc) {
        if (out != null) return OutputFile.of(out, "--out");
        if (loc.kind() == StoreLocation.Kind.H2_FILE && loc.folder() != null) return OutputFile.of(loc.folder().resolve("report.html"), "--out");
        return OutputFile.of(Path.of("report.html"), "--out");
    }

    private static long cpuNanos() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
