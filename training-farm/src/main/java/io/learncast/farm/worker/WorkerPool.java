package io.learncast.farm.worker;

import io.learncast.data.CurvePoint;
import io.learncast.farm.result.Outcome;
import io.learncast.farm.result.Provenance;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreFullException;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.EarlyStopRule;
import io.learncast.farm.train.Nd4jRuntime;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.weights.KeepWeights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * A farm worker process: {@code threads} worker threads, each claiming up to its trainer's
 * {@link BatchTrainer#maxBatch()} queued runs of one shape, training them and recording the outcome
 * (fenced on the claim). The process registers in the store's {@code workers} table and heartbeats
 * there; leases are renewed by a {@link LeaseKeeper}.
 *
 * <p>It stops when the queue is drained — nothing queued, and nothing running elsewhere that could
 * come back (a crashed worker's runs return when their lease expires) — unless {@code follow}; after
 * {@code maxRuns} claims; or when {@code stopping} turns true (Ctrl-C), in which case runs in progress
 * are given back to the queue. Nothing is ever interrupted: threads poll flags. A full disk stops every
 * thread at once and {@link #run} throws the {@link StoreFullException} (once, with what was finished).
 */
public final class WorkerPool {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    /**
     * How to run. {@code maxRuns} ≤ 0 means no limit; {@code curveEvery} is how often a run in progress
     * writes its new curve points; {@code poll} how long an idle thread waits before looking again.
     */
    public record Options(int threads, String trainer, Duration lease, long maxRuns, boolean follow, Duration poll,
                          Duration curveEvery, BooleanSupplier stopping, EarlyStopRule earlyStop, KeepWeights keepWeights) {
        public Options {
            if (threads < 1) throw new IllegalArgumentException("threads < 1");
            if (stopping == null) stopping = () -> false;
            if (earlyStop == null) earlyStop = EarlyStopRule.NEVER;
            if (keepWeights == null) keepWeights = KeepWeights.OFF;
        }

        /** Each finished run's final weights are kept in the store as {@code k} says (off by default). */
        public Options withKeepWeights(KeepWeights k) { return new Options(threads, trainer, lease, maxRuns, follow, poll, curveEvery, stopping, earlyStop, k); }

        public static Options defaults(int threads) {
            return new Options(threads, Trainers.DEFAULT, Duration.ofSeconds(60), 0, false, Duration.ofSeconds(1), Duration.ofSeconds(10), null, null, null);
        }

        /** Runs may be cut short by {@code rule} (the early verdict, wired in by the application). */
        public Options withEarlyStop(EarlyStopRule rule) { return new Options(threads, trainer, lease, maxRuns, follow, poll, curveEvery, stopping, rule, keepWeights); }

        public Options withLease(Duration d) { return new Options(threads, trainer, d, maxRuns, follow, poll, curveEvery, stopping, earlyStop, keepWeights); }

        public Options withMaxRuns(long k) { return new Options(threads, trainer, lease, k, follow, poll, curveEvery, stopping, earlyStop, keepWeights); }

        public Options withTrainer(String t) { return new Options(threads, t, lease, maxRuns, follow, poll, curveEvery, stopping, earlyStop, keepWeights); }

        public Options withFollow(boolean f) { return new Options(threads, trainer, lease, maxRuns, f, poll, curveEvery, stopping, earlyStop, keepWeights); }

        public Options withStopping(BooleanSupplier s) { return new Options(threads, trainer, lease, maxRuns, follow, poll, curveEvery, s, earlyStop, keepWeights); }

        public Options withPoll(Duration p) { return new Options(threads, trainer, lease, maxRuns, follow, p, curveEvery, stopping, earlyStop, keepWeights); }

        public Options withCurveEvery(Duration c) { return new Options(threads, trainer, lease, maxRuns, follow, poll, c, stopping, earlyStop, keepWeights); }
    }

    /** Hears about the farm as it works (called from worker threads). */
    public interface Listener {
        default void started(String workerId, int threads, String trainer) {}

        default void finished(RunExecutor.Report report) {}

        /** After each evaluation of any run. */
        default void evaluated(long runId, CurvePoint point) {}
    }

    /** What one farm process did; {@code stepsSaved} is the budget steps the early verdict spared (runs stopped early). */
    public record Summary(String workerId, int threads, String trainer, long claimed, long completed, long learned, long notLearned,
                          long diverged, long stoppedEarly, long failedAttempts, long released, long fenced, long wallMs,
                          long storeMs, double storeShare, long backgroundStoreMs, Map<String, Long> storeMsByCall, Map<String, Long> storeCallsByCall,
                          MemoryGuard.Stats memory, boolean interrupted, String error, long stepsSaved) {

        public double runsPerMinute() { return wallMs <= 0 ? 0 : completed * 60_000.0 / wallMs; }
    }

    private final Store store;
    private final Options options;
    private final Listener listener;
    private final StoreTimer timer = new StoreTimer();
    private final MemoryGuard memory = new MemoryGuard();
    private final String workerId = Identity.newWorkerId("farm");
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean abort = new AtomicBoolean();
    private final AtomicReference<String> error = new AtomicReference<>();
    private final AtomicReference<StoreFullException> full = new AtomicReference<>();
    private final LongAdder claimed = new LongAdder();
    private final LongAdder completed = new LongAdder();
    private final LongAdder learned = new LongAdder();
    private final LongAdder notLearned = new LongAdder();
    private final LongAdder diverged = new LongAdder();
    private final LongAdder stoppedEarly = new LongAdder();
    private final LongAdder stepsSaved = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder fenced = new LongAdder();

    private WorkerPool(Store store, Options options, Listener listener) {
        this.store = timer.wrap(store);
        this.options = options;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /** Runs a farm process on {@code store} until the queue is drained, {@code maxRuns} are claimed, or it is stopped. */
    public static Summary run(Store store, Options options, Listener listener) {
        return new WorkerPool(store, options, listener).run();
    }

    public String workerId() { return workerId; }

    private Summary run() {
        // validate the trainer name once, before registering (a bad name is the user's error)
        String trainerName = Trainers.byName(options.trainer(), "--trainer").name();
        Nd4jRuntime.init();
        long t0 = System.nanoTime();
        store.queue().registerWorker(workerId, Provenance.hostName(), ProcessHandle.current().pid(), options.threads());
        listener.started(workerId, options.threads(), trainerName);
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "learncast-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long beatMs = Math.max(200, Math.min(10_000, options.lease().toMillis() / 3));
        beat.scheduleWithFixedDelay(this::heartbeat, beatMs, beatMs, TimeUnit.MILLISECONDS);
        List<Thread> threads = new ArrayList<>();
        try (LeaseKeeper keeper = new LeaseKeeper(store.queue(), options.lease())) {
            for (int i = 0; i < options.threads(); i++) {
                String name = workerId + "/" + i;
                Thread t = new Thread(() -> work(name, keeper), "learncast-worker-" + i);
                threads.add(t);
                t.start();
            }
            for (Thread t : threads) joinUninterruptibly(t);
        } finally {
            beat.shutdown();
            awaitQuietly(beat);
            if (full.get() == null) {
                try {
                    store.queue().workerHeartbeat(workerId, (int) completed.sum());
                    store.queue().workerStopped(workerId);
                } catch (RuntimeException e) {
                    if (!(e instanceof StoreFullException)) LOG.warn("could not mark worker {} stopped: {}", workerId, e.getMessage());
                }
            }
        }
        if (full.get() != null) {
            // not an outage to wait out: the farm stops, and says so once (committed runs are intact)
            throw full.get().after("this process finished " + completed.sum() + " run" + (completed.sum() == 1 ? "" : "s")
                    + " before it, all committed");
        }
        long wallNanos = System.nanoTime() - t0;
        long storeNanos = timer.workerNanos();
        double share = storeNanos / (double) Math.max(1, wallNanos * options.threads());
        return new Summary(workerId, options.threads(), trainerName, claimed.sum(), completed.sum(), learned.sum(), notLearned.sum(),
                diverged.sum(), stoppedEarly.sum(), failed.sum(), released.sum(), fenced.sum(), wallNanos / 1_000_000,
                storeNanos / 1_000_000, share, timer.backgroundNanos() / 1_000_000, timer.workerMillisByMethod(), timer.workerCallsByMethod(),
                memory.stats(), options.stopping().getAsBoolean(), error.get(), stepsSaved.sum());
    }

    private void work(String name, LeaseKeeper keeper) {
        StoreTimer.markWorkerThread();
        try {
            BatchTrainer trainer = Trainers.byName(options.trainer(), "--trainer");
            RunExecutor exec = new RunExecutor(store, trainer, keeper, () -> options.stopping().getAsBoolean() || abort.get(), options.earlyStop(), options.keepWeights());
            while (!stopping()) {
                int want = reserve(Math.max(1, trainer.maxBatch()));
                if (want == 0) return; // --max-runs reached
                List<Claim> claims = store.queue().claim(name, want, options.lease());
                unreserve(want - claims.size());
                if (claims.isEmpty()) {
                    if (!options.follow() && !othersMayReturnWork()) return;
                    pause();
                    continue;
                }
                claimed.add(claims.size());
                inFlight.addAndGet(claims.size());
                try {
                    CurveFlusher curves = new CurveFlusher(store.queue(), options.curveEvery(), claims, listener::evaluated);
                    exec.execute(claims, curves, this::tally); // tallied as each is committed, even if a later one fails
                } finally {
                    inFlight.addAndGet(-claims.size());
                }
                memory.afterBatch();
            }
        } catch (StoreFullException e) {
            // the disk is full: every thread stops at once; run() reports it once
            full.compareAndSet(null, e);
            error.compareAndSet(null, e.getMessage());
            abort.set(true);
        } catch (RuntimeException | Error e) {
            // the store stayed unreachable past its outage budget, or a bug: stop the farm, leases expire and others reclaim
            LOG.error("worker thread {} stopped: {}", name, e.toString());
            error.compareAndSet(null, e.toString());
            abort.set(true);
        }
    }

    private boolean stopping() { return options.stopping().getAsBoolean() || abort.get(); }

    /** Reserves up to {@code n} of the --max-runs allowance; returns how many may be claimed. */
    private int reserve(int n) {
        if (options.maxRuns() <= 0) return n;
        while (true) {
            long r = reserved.get();
            long left = options.maxRuns() - r;
            if (left <= 0) return 0;
            int k = (int) Math.min(n, left);
            if (reserved.compareAndSet(r, r + k)) return k;
        }
    }

    private void unreserve(int n) {
        if (options.maxRuns() > 0 && n > 0) reserved.addAndGet(-n);
    }

    /**
     * Whether runs held elsewhere are still in progress: they could return to the queue (a crashed
     * worker's, once its lease expires; a failed attempt), so an idle thread waits for them.
     */
    private boolean othersMayReturnWork() {
        long running = store.catalog().count(RunFilter.all().withState(RunState.RUNNING));
        return running - inFlight.get() > 0 || store.catalog().count(RunFilter.all().withState(RunState.QUEUED)) > 0;
    }

    private void pause() {
        long until = System.nanoTime() + options.poll().toNanos();
        while (!stopping() && System.nanoTime() < until) sleepQuietly(Math.min(100, options.poll().toMillis()));
    }

    private void tally(RunExecutor.Report r) {
        switch (r.status()) {
            case COMPLETED -> {
                completed.increment();
                Outcome o = r.result().outcome();
                switch (o) {
                    case LEARNED -> learned.increment();
                    case NOT_LEARNED -> notLearned.increment();
                    case DIVERGED -> diverged.increment();
                    case STOPPED_EARLY -> {
                        stoppedEarly.increment();
                        stepsSaved.add(Math.max(0, r.claim().config().steps() - r.result().stepsTrained()));
                    }
                }
            }
            case FAILED -> failed.increment();
            case RELEASED -> released.increment();
            case FENCED -> fenced.increment();
        }
        listener.finished(r);
    }

    private void heartbeat() {
        if (full.get() != null) return;
        try {
            store.queue().workerHeartbeat(workerId, (int) completed.sum());
        } catch (StoreFullException e) {
            full.compareAndSet(null, e);
            abort.set(true);
        } catch (RuntimeException e) {
            LOG.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private static void awaitQuietly(ScheduledExecutorService s) {
        try {
            s.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
