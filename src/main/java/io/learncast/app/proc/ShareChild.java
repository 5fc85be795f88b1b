package io.learncast.app.proc;

import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The other process of {@link ShareBench} and of the shared-store tests: {@code hold DB} opens the store first
 * (so it holds the file and serves it), says {@code holding}, and waits to be stopped ({@code hold-alone}: holds
 * it without sharing it); {@code read DB MS}
 * queries the farm's status every MS milliseconds through whoever holds it, printing {@code status-ms N} (or
 * {@code status-error …}) per query, as a second terminal running {@code farm status} would.
 */
public final class ShareChild {
    private ShareChild() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        StoreLocation loc = StoreLocation.parse(args[1], "bench");
        if (args[0].equals("hold") || args[0].equals("hold-alone")) {
            // hold-alone: as a program that does not share the folder would (an older learncast, another H2 tool)
            try (JdbcStore s = JdbcStore.open(loc, 2, args[0].equals("hold"))) {
                s.catalog().status(10);
                out.println("holding " + s.holdsFile());
                Thread.sleep(Long.MAX_VALUE);
            }
            return;
        }
        long every = Long.parseLong(args[2]);
        try (JdbcStore s = JdbcStore.open(loc, 2)) {
            boolean first = true;
            while (true) {
                long t0 = System.nanoTime();
                try {
                    s.catalog().status(10);
                    out.println("status-ms " + (System.nanoTime() - t0) / 1_000_000);
                } catch (RuntimeException e) {
                    out.println("status-error " + e.getMessage());
                }
                if (first) out.println("reading " + s.holdsFile());
                first = false;
                Thread.sleep(every);
            }
        }
    }
}
