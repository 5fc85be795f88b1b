package io.learncast.farm.store;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.RunResult;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The work queue. Claims are atomic ({@code FOR UPDATE SKIP LOCKED} plus a guarded update), leases
 * are judged by the database clock, and every write after a claim is fenced on its token.
 */
public interface RunQueue {

    /**
     * A grid spec being enqueued, so the same spec is recognised the second time. {@code toBudget}: its runs train to
     * their full budget past their confirmation (the spec's {@code to_budget}; workers read it when they claim).
     */
    record Sweep(String name, String specHash, String specText, boolean toBudget) {
        /** A sweep whose runs stop at their confirmation (the default). */
        public Sweep(String name, String specHash, String specText) { this(name, specHash, specText, false); }
    }

    /** Adds runs not already present (by config hash); returns what was added. Idempotent. */
    EnqueueReport enqueue(List<RunConfig> configs, String source, Sweep sweep);

    /** As {@link #enqueue(List, String, Sweep)}, telling {@code progress} how many configs it has gone through (for long sweeps). */
    default EnqueueReport enqueue(List<RunConfig> configs, String source, Sweep sweep, java.util.function.LongConsumer progress) {
        EnqueueReport r = enqueue(configs, source, sweep);
        if (progress != null) progress.accept(configs.size());
        return r;
    }

    /**
     * Claims up to {@code max} queued runs that share one shape (so they can train together),
     * reclaiming expired leases first. Returns an empty list when nothing is queued.
     */
    List<Claim> claim(String worker, int max, Duration lease);

    /** Claims one specific queued run (e.g. the one {@code learncast train} just enqueued); empty if it is not queued. */
    java.util.Optional<Claim> claimRun(long runId, String worker, Duration lease);

    /**
     * Extends the leases; returns the claims whose lease was lost (reclaimed by another worker). Claims, not run ids:
     * one process can hold a stale claim on a run and a fresh one on the same run at once, and only the stale one is lost.
     */
    Set<Claim> renew(Collection<Claim> claims, Duration lease);

    /** Writes curve points of a run in progress (visible to {@code verdict}); false if the claim is lost. */
    boolean appendCurve(Claim claim, List<CurvePoint> points);

    /** Records the result and full curve in one transaction; false (and nothing written) if the claim is lost. */
    boolean complete(Claim claim, RunResult result);

    /**
     * As {@link #complete(Claim, RunResult)}, and keeps the run's final weights ({@code null}: none) in the same
     * transaction; any weights an earlier training of the run left are dropped either way.
     */
    default boolean complete(Claim claim, RunResult result, io.learncast.farm.weights.KeptWeights weights) {
        if (weights != null) throw new UnsupportedOperationException("this store does not keep weights");
        return complete(claim, result);
    }

    /** Records a failed attempt: requeued, or FAILED once attempts reach the maximum. False if the claim is lost. */
    boolean fail(Claim claim, String error);

    /** Gives a run back to the queue without counting an attempt (clean shutdown). */
    boolean release(Claim claim);

    /** Requeues expired leases (attempts + 1; FAILED at the maximum); returns how many. */
    int reclaimExpired();

    /** Puts a finished run back in the queue to be trained again (e.g. a stopped-early run, to its full budget). */
    boolean requeue(long runId, String reason);

    /**
     * Puts FAILED runs back in the queue — those of one sweep, or all when {@code sweepId} is null — with their
     * attempts reset and their last error kept until they run again. The claim counter, each write's fencing
     * token, keeps counting. Returns the ids re-queued, in id order.
     */
    List<Long> retryFailed(Long sweepId);

    /** Stores a finished run trained elsewhere (state DONE, never claimed); returns its id, or null if its config is already present. */
    Long importRun(RunConfig config, RunResult result, String source);

    /**
     * A finished run trained elsewhere, from {@code source} (never {@code farm}). Its unknown fields are
     * {@code result.provenance().extra()}; a negative {@code result.wallMs()} means the wall time is unknown.
     */
    record ImportedRun(RunConfig config, RunResult result, String source) {}

    /**
     * Stores many finished runs in one transaction (state DONE, never claimed, curves as attempt 0):
     * returns one id per input, null where the config was already present (in the store or earlier in
     * the list). Batch a large import into lists of about a thousand.
     */
    List<Long> importRuns(List<ImportedRun> runs);

    void registerWorker(String workerId, String host, long pid, int threads);

    void workerHeartbeat(String workerId, int runsDone);

    void workerStopped(String workerId);
}
