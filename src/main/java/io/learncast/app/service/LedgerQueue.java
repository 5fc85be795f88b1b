package io.learncast.app.service;

import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.Forecast;
import io.learncast.forecast.store.LedgerWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Records the service's forecasts in the ledger on one background thread, in batches: a request is
 * answered without waiting for the database (an embedded store's commit can take tens of
 * milliseconds when it flushes to disk), and forecasts are still recorded in the order they were
 * made, stamped by the database clock. {@link #close()} drains what is queued; the thread is stopped
 * by a flag, never interrupted (it may hold an H2 connection).
 */
final class LedgerQueue implements AutoCloseable {
    record Item(long modelId, RunConfig config, Forecast forecast) {}

    private final Store store;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>(1_000_000);
    private final Thread thread;
    private final AtomicLong offered = new AtomicLong(), done = new AtomicLong(), recorded = new AtomicLong();
    private volatile boolean closing;

    LedgerQueue(Store store) {
        this.store = store;
        this.thread = new Thread(this::loop, "learncast-ledger");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a forecast; false if the queue is full (the forecast is then not recorded). */
    boolean offer(long modelId, RunConfig config, Forecast f) {
        if (closing || !queue.offer(new Item(modelId, config, f))) return false;
        offered.incrementAndGet();
        return true;
    }

    /** Forecasts recorded so far (those whose config had never been trained). */
    long recorded() { return recorded.get(); }

    /** Waits until everything queued so far has been written (or {@code millis} passed). */
    void flush(long millis) {
        long target = offered.get(), deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (done.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void loop() {
        while (!closing || !queue.isEmpty()) {
            Item first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) continue;
            List<Item> batch = new ArrayList<>();
            batch.add(first);
            queue.drainTo(batch, 499);
            Map<Long, List<LedgerWriter.Entry>> byModel = new LinkedHashMap<>();
            for (Item i : batch) byModel.computeIfAbsent(i.modelId(), k -> new ArrayList<>()).add(new LedgerWriter.Entry(i.config(), i.forecast()));
            try {
                for (Map.Entry<Long, List<LedgerWriter.Entry>> e : byModel.entrySet()) {
                    for (Long id : LedgerWriter.record(store, e.getKey(), e.getValue(), "service")) if (id != null) recorded.incrementAndGet();
                }
            } catch (RuntimeException e) {
                System.err.println("learncast serve: could not record " + batch.size() + " forecasts in the ledger: " + e.getMessage());
            }
            done.addAndGet(batch.size());
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
