package io.learncast.bench.farm;

import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunQueue;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.farm.train.BatchTrainer;
import io.learncast.farm.train.Nd4jRuntime;
import io.learncast.farm.train.Trainers;
import io.learncast.farm.worker.Identity;
import io.learncast.farm.worker.LeaseKeeper;
import io.learncast.farm.worker.RunExecutor;
import io.learncast.farm.worker.WorkerPool;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A farm worker process for the fault bench: the real {@link WorkerPool} (as {@code learncast farm run}
 * runs it) that also reports, on its standard output, every run it finished — printed only after the
 * result is committed, so "reported finished" means "the store said yes" — and how long each claim took.
 *
 * <p>Usage: {@code FaultWorker DB THREADS LEASE_SECONDS}. Lines: {@code ready WORKER_ID},
 * {@code done RUN_ID TOKEN}, and at the end {@code summary claimed completed fenced failed released error}
 * and {@code claims-us N1,N2,…} (each claim call's latency in microseconds).
 */
public final class FaultWorker {
    private FaultWorker() {}

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        StoreLocation loc = StoreLocation.parse(args[0], "worker");
        int threads = Integer.parseInt(args[1]);
        Duration lease = Duration.ofSeconds(Long.parseLong(args[2]));
        List<Long> claimMicros = new CopyOnWriteArrayList<>();
        if (args.length > 3) {
            System.exit(injecting(loc, lease, args[3].equals("inf") ? Double.POSITIVE_INFINITY : Double.NaN, out));
        }
        WorkerPool.Summary s;
        try (Store store = JdbcStore.open(loc, threads + 4)) {
            Store timed = timingClaims(store, claimMicros);
            WorkerPool.Options opts = WorkerPool.Options.defaults(threads).withLease(lease)
                    .withPoll(Duration.ofMillis(Math.min(1000, lease.toMillis() / 4)));
            s = WorkerPool.run(timed, opts, new WorkerPool.Listener() {
                @Override
                public void started(String workerId, int n, String trainer) {
                    out.println("ready " + workerId);
                }

                @Override
                public void finished(RunExecutor.Report r) {
                    if (r.status() == RunExecutor.Status.COMPLETED) out.println("done " + r.claim().runId() + " " + r.claim().token());
                }
            });
        }
        out.println(String.format(Locale.ROOT, "summary %d %d %d %d %d %s", s.claimed(), s.completed(), s.fenced(), s.failedAttempts(),
                s.released(), s.error() == null ? "-" : s.error().replace(' ', '_')));
        StringBuilder sb = new StringBuilder("claims-us ");
        for (int i = 0; i < claimMicros.size(); i++) sb.append(i == 0 ? "" : ",").append(claimMicros.get(i));
        out.println(sb);
        out.flush();
        System.exit(s.error() == null ? 0 : 1);
    }

    /** Drains the queue with one thread whose trainer turns NaN/Inf halfway through every run. */
    private static int injecting(StoreLocation loc, Duration lease, double bad, PrintStream out) {
        String id = Identity.newWorkerId("inject");
        out.println("ready " + id);
        Nd4jRuntime.init();
        long completed = 0;
        long other = 0;
        try (Store store = JdbcStore.open(loc, 4); LeaseKeeper keeper = new LeaseKeeper(store.queue(), lease)) {
            BatchTrainer trainer = new NanInjector(Trainers.byName(null, "trainer"), bad);
            RunExecutor exec = new RunExecutor(store, trainer, keeper, () -> false);
            while (true) {
                List<Claim> claims = store.queue().claim(id + "/0", trainer.maxBatch(), lease);
                if (claims.isEmpty()) break;
                for (RunExecutor.Report r : exec.execute(claims, null)) {
                    if (r.status() == RunExecutor.Status.COMPLETED) {
                        completed++;
                        out.println("done " + r.claim().runId() + " " + r.claim().token());
                    } else {
                        other++;
                        out.println("not-completed " + r.claim().runId() + " " + r.status() + " " + r.error());
                    }
                }
            }
        }
        out.println("summary " + (completed + other) + " " + completed + " 0 " + other + " 0 -");
        out.flush();
        return 0;
    }

    /** The store with {@link RunQueue#claim} timed. */
    static Store timingClaims(Store store, List<Long> micros) {
        RunQueue q = store.queue();
        RunQueue queue = (RunQueue) Proxy.newProxyInstance(RunQueue.class.getClassLoader(), new Class<?>[] {RunQueue.class}, (p, m, a) -> {
            long t0 = System.nanoTime();
            Object r = call(q, m, a);
            if (m.getName().equals("claim")) micros.add((System.nanoTime() - t0) / 1000);
            return r;
        });
        InvocationHandler h = (p, m, a) -> m.getName().equals("queue") && m.getParameterCount() == 0 ? queue : call(store, m, a);
        return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, h);
    }

    private static Object call(Object target, java.lang.reflect.Method m, Object[] a) throws Throwable {
        try {
            return m.invoke(target, a);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
