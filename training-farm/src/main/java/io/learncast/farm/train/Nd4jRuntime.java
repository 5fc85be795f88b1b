package io.learncast.farm.train;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J process settings. One OpenMP/BLAS thread per worker: with several workers per process, ND4J's
 * own thread pools would otherwise oversubscribe the cores (measured 2.2–2.6× slower per run on 2 cores).
 * The launcher also sets {@code OMP_NUM_THREADS=1}, which must be in place before the natives load.
 */
public final class Nd4jRuntime {
    private static volatile boolean ready;

    private Nd4jRuntime() {}

    public static synchronized void init() {
        if (ready) return;
        Nd4j.getEnvironment().setMaxMasterThreads(1);
        Nd4j.getEnvironment().setMaxThreads(1);
        Nd4j.setDefaultDataTypes(org.nd4j.linalg.api.buffer.DataType.FLOAT, org.nd4j.linalg.api.buffer.DataType.FLOAT);
        ready = true;
    }

    /** Frees what this thread allocated off-heap for the last run: its workspaces, then a GC for the rest. */
    public static void releaseThreadMemory() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
    }
}
