package io.learncast.farm.worker;

import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Renews the leases of the runs this process holds, every third of the lease, on one daemon thread.
 * A lease found lost (reclaimed by another worker after a stall) is remembered, so the trainer of that
 * run stops at its next step; the store's fencing would refuse its writes anyway.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseKeeper.class);

    private final RunQueue queue;
    private final Duration lease;
    private final Set<Claim> held = ConcurrentHashMap.newKeySet();
    // claims, not run ids: after a stall, one thread can still hold a run's lost claim while another thread of this
    // process has claimed the same run afresh; keyed by run id, the fresh claim was abandoned and given back too
    private final Set<Claim> lost = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer;

    public LeaseKeeper(RunQueue queue, Duration lease) {
        this.queue = queue;
        this.lease = lease;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "learncast-lease-keeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(50, lease.toMillis() / 3);
        timer.scheduleWithFixedDelay(this::renewAll, every, every, TimeUnit.MILLISECONDS);
    }

    public Duration lease() { return lease; }

    public void hold(Claim c) { held.add(c); }

    public void hold(List<Claim> cs) { held.addAll(cs); }

    public void drop(Claim c) {
        held.remove(c);
        lost.remove(c);
    }

    /** True once this claim's lease was found lost: its trainer should abandon it. */
    public boolean isLost(Claim c) { return lost.contains(c); }

    private void renewAll() {
        if (held.isEmpty()) return;
        try {
            Set<Claim> gone = new java.util.HashSet<>(queue.renew(List.copyOf(held), lease));
            // a run completed and dropped while the renewal was on its way is finished, not lost
            gone.retainAll(held);
            if (!gone.isEmpty()) {
                LOG.warn("lost the lease of runs {} (reclaimed by another worker); abandoning them", gone.stream().map(Claim::runId).sorted().toList());
                lost.addAll(gone);
            }
        } catch (io.learncast.farm.store.StoreFullException e) {
            // the farm stops on it (its worker threads see it too); nothing to add here
        } catch (RuntimeException e) {
            // the store retries outages itself; whatever is left is logged, and the next tick tries again
            LOG.warn("could not renew leases: {}", e.getMessage());
        }
    }

    /** Stops renewing. Never interrupts: the timer thread may be inside the database. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(lease.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
