package io.learncast.app.cli;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.worker.RunExecutor;
import io.learncast.farm.worker.WorkerPool;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Trains the queue with a {@link WorkerPool} in this process until the given runs are finished (done or
 * failed); false when Ctrl-C stopped it first (runs in progress go back to the queue). Runs queued by
 * others are trained too: the pool drains the whole queue.
 */
public final class GrowTraining {
    private GrowTraining() {}

    public static boolean train(Store store, WorkerPool.Options options, List<Long> ids, LongConsumer finishedRuns) {
        AtomicLong done = new AtomicLong();
        WorkerPool.Listener listener = new WorkerPool.Listener() {
            @Override
            public void finished(RunExecutor.Report r) {
                if (r.status() == RunExecutor.Status.COMPLETED && ids.contains(r.claim().runId())) finishedRuns.accept(done.incrementAndGet());
            }
        };
        while (true) {
            if (unfinished(store, ids) == 0) return true;
            if (options.stopping().getAsBoolean()) return false;
            WorkerPool.Summary s = WorkerPool.run(store, options, listener);
            if (s.error() != null) throw new IllegalStateException("training stopped by an error: " + s.error());
            if (s.interrupted()) return unfinished(store, ids) == 0;
            if (s.claimed() == 0 && unfinished(store, ids) > 0) {
                // our runs are leased by a process that died: the pool waits for expired leases itself, so this is a short pause
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    public static long unfinished(Store store, List<Long> ids) {
        return store.catalog().runs(RunFilter.all().withIds(ids)).stream()
                .filter(r -> r.state() != RunState.DONE && r.state() != RunState.FAILED).map(StoredRun::id).count();
    }
}
