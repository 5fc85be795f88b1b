package io.learncast.farm.store;

import io.learncast.data.CurvePoint;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Read access to runs, their curves and the datasets they used (datasets are written by {@link RunQueue}'s completion). */
public interface RunCatalog {

    Optional<StoredRun> run(long id);

    /** The run's kept final weights ({@code farm run --keep-weights}), or empty (not kept, or no such run). */
    Optional<io.learncast.farm.weights.KeptWeights> keptWeights(long runId);

    List<StoredRun> runs(RunFilter filter);

    Optional<StoredRun> byConfigHash(String configHash);

    /** Which of these config hashes are already in the store (what an enqueue of them would skip); reads only. */
    java.util.Set<String> presentConfigHashes(List<String> configHashes);

    long count(RunFilter filter);

    /** Streams matching runs in id order without holding them all in memory (exports, large corpora). */
    void stream(RunFilter filter, Consumer<StoredRun> sink);

    /**
     * Streams matching runs in id order as flat rows read from typed columns, with their curves when
     * {@code withCurves}: the export path, fast enough for millions of runs and never holding them all.
     */
    void streamCorpus(RunFilter filter, boolean withCurves, Consumer<CorpusRow> sink);

    /** The curve of a run's current attempt, in step order. */
    List<CurvePoint> curve(long runId);

    Map<Long, List<CurvePoint>> curves(Collection<Long> runIds);

    /** Whether a finished run was learned within {@code budget} steps; empty if unknown (not finished, or trained for fewer steps). */
    Optional<Boolean> learnedWithin(long runId, long budget);

    StoreStatus status(int windowMinutes);

    /** Enqueued sweeps, oldest first, with their runs' states. */
    List<SweepStatus> sweeps();

    /** Worker processes whose last heartbeat is within {@code minutes}, newest first. */
    List<WorkerStatus> workers(int minutes);

    boolean hasDataset(String fingerprint);

    /** The dataset with this fingerprint, if the store has it. */
    Optional<StoredDataset> dataset(String fingerprint);

    /** The datasets built from a task (its canonical spec), oldest first, at most {@code limit}. */
    List<StoredDataset> datasets(String task, int limit);
}
