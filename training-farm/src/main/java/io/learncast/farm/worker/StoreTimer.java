package io.learncast.farm.worker;

import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Measures the time a farm spends in the store: every {@link RunQueue} call made through
 * {@link #wrap(Store)} is timed, split into calls on worker threads (claims, results, curve chunks:
 * time not spent training) and background calls (lease renewals, heartbeats). A dynamic proxy, so it
 * keeps working as the store interfaces grow.
 */
public final class StoreTimer {
    private static final ThreadLocal<Boolean> WORKER = ThreadLocal.withInitial(() -> false);

    private final Map<String, LongAdder> workerNanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> workerCalls = new ConcurrentHashMap<>();
    private final LongAdder backgroundNanos = new LongAdder();

    /** Marks the current thread as a worker thread (its store time is time not spent training). */
    static void markWorkerThread() { WORKER.set(true); }

    /** The store with its queue timed; everything else passes through untouched. */
    public Store wrap(Store store) {
        RunQueue queue = (RunQueue) Proxy.newProxyInstance(RunQueue.class.getClassLoader(), new Class<?>[] {RunQueue.class},
                timed(store.queue()));
        InvocationHandler h = (proxy, m, args) -> m.getName().equals("queue") && m.getParameterCount() == 0 ? queue : invoke(store, m, args);
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, h);
    }

    private InvocationHandler timed(RunQueue target) {
        return (proxy, m, args) -> {
            long t0 = System.nanoTime();
            try {
                return invoke(target, m, args);
            } finally {
                long dt = System.nanoTime() - t0;
                if (WORKER.get()) {
                    workerNanos.computeIfAbsent(m.getName(), k -> new LongAdder()).add(dt);
                    workerCalls.computeIfAbsent(m.getName(), k -> new LongAdder()).increment();
                } else {
                    backgroundNanos.add(dt);
                }
            }
        };
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Store time on worker threads by queue method, in milliseconds. */
    public Map<String, Long> workerMillisByMethod() {
        Map<String, Long> out = new TreeMap<>();
        workerNanos.forEach((k, v) -> out.put(k, v.sum() / 1_000_000));
        return out;
    }

    public Map<String, Long> workerCallsByMethod() {
        Map<String, Long> out = new TreeMap<>();
        workerCalls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public long workerNanos() { return workerNanos.values().stream().mapToLong(LongAdder::sum).sum(); }

    public long backgroundNanos() { return backgroundNanos.sum(); }
}
