package io.learncast.app.cli;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C handling without interrupting anything: the shutdown hook raises a flag, long-running work
 * polls it, gives back its claims and closes the store, then leaves its {@link Work} scope; the hook
 * waits (at most {@value #GRACE_SECONDS} s) until no work is in progress before the JVM exits.
 */
public final class Interrupts {
    static final int GRACE_SECONDS = 60;
    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static final Object LOCK = new Object();
    private static int active;
    private static boolean installed;

    private Interrupts() {}

    /** A scope of work that must finish cleanly before the JVM exits. */
    public static final class Work implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            synchronized (LOCK) {
                if (closed) return;
                closed = true;
                active--;
                LOCK.notifyAll();
            }
        }
    }

    /** Enters a scope of work (installing the hook on first use); close it when the work is cleaned up. */
    public static Work begin() {
        synchronized (LOCK) {
            if (!installed) {
                installed = true;
                Runtime.getRuntime().addShutdownHook(new Thread(Interrupts::awaitWork, "learncast-shutdown"));
            }
            active++;
            return new Work();
        }
    }

    private static void awaitWork() {
        STOPPING.set(true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS);
        synchronized (LOCK) {
            while (active > 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) return;
                try {
                    LOCK.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** True once Ctrl-C (or SIGTERM) arrived. */
    public static boolean stopping() { return STOPPING.get(); }
}
