package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreStatus;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.RunExecutor;
import io.learncast.farm.worker.WorkerPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** {@code learncast farm run}: a worker process training queued runs until the queue is drained. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train queued runs with N worker threads until the queue is drained (or forever with --follow).",
                "Start as many as you like, on this machine or others sharing the store (see `learncast store serve`).",
                "Ctrl-C stops cleanly: runs in progress go back to the queue."})
final class FarmRunCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--workers", paramLabel = "N", description = "Worker threads (default: the number of cores).")
    Integer workers;

    @Option(names = "--trainer", defaultValue = Trainers.DEFAULT, description = "Trainer (default ${DEFAULT-VALUE}).")
    String trainer;

    @Option(names = "--lease", paramLabel = "SECONDS", defaultValue = "60",
            description = "Lease on a claimed run, renewed while it trains; a crashed worker's runs return to the queue this long after it died (default ${DEFAULT-VALUE}).")
    int leaseSeconds;

    @Option(names = "--max-runs", paramLabel = "K", description = "Stop after claiming K runs.")
    Long maxRuns;

    @Option(names = "--follow", description = "Keep waiting for new runs when the queue is empty (stop with Ctrl-C).")
    boolean follow;

    @Option(names = "--json", description = "JSON lines instead of text: one per run as it finishes (event \"run\"), then a summary (event \"summary\"); "
            + "no progress bar. The fields are listed in the README.")
    boolean json;

    @Option(names = "--early-stop", paramLabel = "auto|P",
            description = "Stop a run once the early verdict's P(it learns by the end of its budget) falls below P (outcome STOPPED_EARLY, "
                    + "the verdict recorded; resume with `learncast farm resume`). auto: the largest P whose out-of-fold stops keep "
                    + "--max-loss (or none, with one line saying why). Needs `learncast verdict fit` (or --verdict-db).")
    String earlyStop;

    @Option(names = "--to-budget", description = "Train every run to its full step budget, past the confirmation of the property it was trained for "
            + "(its label and steps are still recorded), so its curve decides every other property (`--property` on forecast, eval, runs) instead of leaving them censored.")
    boolean toBudget;

    @Option(names = "--keep-weights", description = "Keep each finished run's final weights in the store (a deflated .npz, float32, in the run's "
            + "result transaction) so new measures can be computed later: `learncast judge RUN --from-weights`, `learncast judge export-weights RUN`. "
            + "Off by default. The fast trainer's MLPs and transformers only; runs over --keep-weights-limit, or diverged, keep none (said once in the log).")
    boolean keepWeights;

    @Option(names = "--keep-weights-limit", paramLabel = "SIZE", defaultValue = "8MiB",
            description = "With --keep-weights: the largest compressed file kept per run, e.g. 512KiB, 8MiB (default ${DEFAULT-VALUE}; at most 256MiB).")
    String keepWeightsLimit;

    @Mixin StopBoundOptions stopBound;
    @Mixin VerdictSourceOption verdictSource;

    @Option(names = "--min-fraction", paramLabel = "F", defaultValue = "" + io.learncast.forecast.verdict.VerdictPolicy.DEFAULT_MIN_FRACTION,
            description = "With --early-stop: never stop a run before this fraction of its budget (default ${DEFAULT-VALUE}).")
    double minFraction;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int threads = workers == null ? Runtime.getRuntime().availableProcessors() : workers;
        if (threads < 1 || threads > 256) throw new UserError("--workers", "worker threads " + threads + " is out of range", "1–256 (default: the number of cores)");
        if (leaseSeconds < 1 || leaseSeconds > 86_400) throw new UserError("--lease", "lease " + leaseSeconds + " s is out of range", "1–86400 seconds (default 60)");
        if (maxRuns != null && maxRuns < 1) throw new UserError("--max-runs", "max runs " + maxRuns + " is less than 1", "a positive number of runs");
        Trainers.byName(trainer, "--trainer");
        WorkerPool.Options opts = WorkerPool.Options.defaults(threads).withTrainer(trainer).withLease(Duration.ofSeconds(leaseSeconds))
                .withMaxRuns(maxRuns == null ? 0 : maxRuns).withFollow(follow).withStopping(Interrupts::stopping)
                .withPoll(Duration.ofMillis(Math.min(1000, leaseSeconds * 250L)));
        if (keepWeights) opts = opts.withKeepWeights(io.learncast.farm.weights.KeepWeights.upTo(size(keepWeightsLimit)));
        else if (spec.commandLine().getParseResult().hasMatchedOption("--keep-weights-limit")) {
            throw new UserError("--keep-weights-limit", "--keep-weights-limit goes with --keep-weights", "add --keep-weights (weights are not kept by default)");
        }
        if (System.getenv("OMP_NUM_THREADS") == null) {
            // the launcher sets it; without it ND4J's OpenMP pools can oversubscribe the cores before our own setting applies
            spec.commandLine().getErr().println("note: OMP_NUM_THREADS is not set; run through ./learncast or set OMP_NUM_THREADS=1");
        }
        if (earlyStop != null) stopBound.bound(); // validated before the store opens
        if (toBudget && earlyStop != null) {
            throw new UserError("--to-budget", "--to-budget and --early-stop contradict each other", "train to the budget (for a many-property corpus) or stop early, not both");
        }
        if (toBudget) opts = opts.withEarlyStop(io.learncast.farm.train.EarlyStopRule.TO_BUDGET);
        try (Interrupts.Work work = Interrupts.begin(); Store s = store.open(threads + 4)) {
            if (earlyStop != null) {
                // with --json the early-stop lines go to stderr, so stdout stays one JSON document
                var rule = EarlyStopSetup.configure(s, earlyStop, minFraction, stopBound, verdictSource, json ? spec.commandLine().getErr() : out);
                if (rule.isPresent()) opts = opts.withEarlyStop(rule.get());
            }
            StoreStatus before = s.catalog().status(10);
            long ahead = before.count(RunState.QUEUED) + before.count(RunState.RUNNING);
            long total = maxRuns == null ? ahead : Math.min(ahead, maxRuns);
            if (!json) {
                out.println("store: " + s.location() + " — " + before.count(RunState.QUEUED) + " queued, " + before.count(RunState.RUNNING) + " running");
                out.flush();
            }
            WorkerPool.Summary sum;
            try (Progress bar = Progress.start("farm", total, "runs", json); Ticker ticker = new Ticker(s, bar, total, maxRuns, follow, json ? out : null)) {
                sum = WorkerPool.run(s, opts, ticker);
            }
            StoreStatus after = s.catalog().status(10);
            if (json) FarmRunJson.line(out, FarmRunJson.Summary.of(sum, after));
            else print(out, sum, after);
            if (sum.error() != null) return Cli.INTERNAL_ERROR;
            return sum.interrupted() ? Cli.INTERRUPTED : Cli.OK;
        }
    }

    /** A size such as 8MiB, 512KiB or 100000 (bytes), between 1 KiB and the .npz reader's 256 MiB. */
    static long size(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]{1,12})\\s*(KiB|MiB|B)?").matcher(text.trim());
        long v = -1;
        if (m.matches()) {
            long unit = m.group(2) == null || m.group(2).equals("B") ? 1 : m.group(2).equals("KiB") ? 1L << 10 : 1L << 20;
            v = Long.parseLong(m.group(1)) * unit;
        }
        if (v < (1L << 10) || v > io.learncast.forecast.judge.NpzReader.MAX_BYTES) {
            throw new UserError("--keep-weights-limit", "'" + text + "' is not a size between 1KiB and 256MiB", "e.g. 512KiB or 8MiB (default)");
        }
        return v;
    }

    /** Progress: runs done of the total, learned so far, runs/min and ETA; the total follows the queue. */
    private static final class Ticker implements WorkerPool.Listener, AutoCloseable {
        private final Progress bar;
        private final AtomicLong done = new AtomicLong();
        private final AtomicLong learned = new AtomicLong();
        private final AtomicLong total;
        private final ScheduledExecutorService poll;
        /** Where each finished run's JSON line goes ({@code --json}), or null. */
        private final PrintWriter lines;

        Ticker(Store s, Progress bar, long total, Long maxRuns, boolean follow, PrintWriter lines) {
            this.bar = bar;
            this.lines = lines;
            this.total = new AtomicLong(total);
            this.poll = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "learncast-progress");
                t.setDaemon(true);
                return t;
            });
            if (follow || maxRuns == null) {
                // runs enqueued meanwhile (or by other processes) move the total
                poll.scheduleWithFixedDelay(() -> {
                    try {
                        StoreStatus st = s.catalog().status(10);
                        long ahead = st.count(RunState.QUEUED) + st.count(RunState.RUNNING);
                        long t = done.get() + ahead;
                        this.total.set(maxRuns == null ? t : Math.min(t, maxRuns));
                        bar.maxHint(this.total.get());
                        update();
                    } catch (RuntimeException e) {
                        // progress is best effort
                    }
                }, 5, 5, TimeUnit.SECONDS);
            }
        }

        @Override
        public void finished(RunExecutor.Report r) {
            long d = r.status() == RunExecutor.Status.COMPLETED ? done.incrementAndGet() : done.get();
            if (lines != null) FarmRunJson.line(lines, FarmRunJson.RunLine.of(r, d));
            if (r.status() != RunExecutor.Status.COMPLETED) return;
            if (r.result().learned()) learned.incrementAndGet();
            update();
        }

        private synchronized void update() {
            long d = done.get();
            bar.stepTo(d);
            // the bar shows done/total, runs/min and the ETA (Progress: the rate over this whole farm run) itself
            bar.message(String.format(Locale.ROOT, " · learned %d", learned.get()));
        }

        @Override
        public void close() {
            poll.shutdown();
        }
    }

    private static void print(PrintWriter out, WorkerPool.Summary s, StoreStatus after) {
        out.println((s.interrupted() ? "stopped: " : "") + s.completed() + " runs finished in " + Durations.of(s.wallMs()) + " by " + s.threads()
                + " worker thread" + (s.threads() == 1 ? "" : "s") + " (" + s.trainer() + "), " + s.workerId());
        out.println("  learned " + s.learned() + " · not learned " + s.notLearned() + " · diverged " + s.diverged()
                + (s.stoppedEarly() > 0 ? " · stopped early " + s.stoppedEarly() + " (" + s.stepsSaved() + " steps saved)" : "") + " · failed attempts " + s.failedAttempts()
                + (s.released() > 0 ? " · given back " + s.released() : "") + (s.fenced() > 0 ? " · lost to another worker " + s.fenced() : ""));
        StringBuilder calls = new StringBuilder();
        for (Map.Entry<String, Long> e : s.storeMsByCall().entrySet()) {
            if (calls.length() > 0) calls.append(", ");
            calls.append(e.getKey()).append(' ').append(pct(e.getValue() / (double) Math.max(1, s.wallMs() * s.threads())));
        }
        out.println(String.format(Locale.ROOT, "  %.1f runs/min; store %s of worker time (%s)", s.runsPerMinute(), pct(s.storeShare()), calls));
        if (s.memory().batches() > 0) {
            out.println(String.format(Locale.ROOT, "  memory: RSS %d MB after the first batch, %d MB after the last (peak %d MB, %d batches, %d GCs requested)",
                    s.memory().firstKb() / 1024, s.memory().lastKb() / 1024, s.memory().peakKb() / 1024, s.memory().batches(), s.memory().collections()));
        }
        if (s.error() != null) out.println("  stopped by an error: " + s.error());
        if (s.interrupted()) out.println("  runs in progress were given back to the queue");
        out.println("queue now: " + after.count(RunState.QUEUED) + " queued, " + after.count(RunState.RUNNING) + " running, "
                + after.count(RunState.DONE) + " done, " + after.count(RunState.FAILED) + " failed");
        out.flush();
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, share < 0.001 && share > 0 ? "%.2f %%" : "%.1f %%", 100 * share);
    }

}
