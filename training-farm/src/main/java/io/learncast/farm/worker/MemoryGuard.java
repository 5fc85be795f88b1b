package io.learncast.farm.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a long-lived worker's resident memory flat. ND4J frees off-heap buffers only when their Java
 * owners are garbage-collected, and a Java heap with room to spare is collected rarely, so native memory
 * can creep run after run. After each batch the guard reads the process's RSS; when it has grown by
 * {@value #CREEP_PERCENT} % (and at least {@value #CREEP_MIN_MB} MB) over the level after the last
 * collection, it asks for a full GC. It also keeps a sample of RSS per batch to report.
 */
public final class MemoryGuard {
    static final int CREEP_PERCENT = 10;
    static final int CREEP_MIN_MB = 48;
    private static final Path STATUS = Path.of("/proc/self/status");
    /** {@code -Dlearncast.memory-guard=false} only watches (to measure what the guard is worth). */
    private final boolean collect = !"false".equals(System.getProperty("learncast.memory-guard"));

    /** What the guard saw: RSS after the first and the last batch, the peak, and how many collections it asked for. */
    public record Stats(long batches, long firstKb, long lastKb, long peakKb, int collections, List<Long> samplesKb) {}

    private long batches;
    private long baselineKb;
    private long firstKb;
    private long lastKb;
    private long peakKb;
    private int collections;
    private final List<Long> samples = new ArrayList<>();

    /** Called after each batch of runs (by any worker thread). */
    public synchronized void afterBatch() {
        long rss = rssKb();
        if (rss <= 0) return; // not on Linux: nothing to watch
        batches++;
        if (firstKb == 0) {
            firstKb = rss;
            baselineKb = rss;
        }
        if (collect && rss - baselineKb > Math.max(baselineKb * CREEP_PERCENT / 100, CREEP_MIN_MB * 1024L)) {
            System.gc();
            collections++;
            rss = rssKb();
            baselineKb = rss;
        }
        lastKb = rss;
        peakKb = Math.max(peakKb, rss);
        if (samples.size() < 10_000) samples.add(rss);
    }

    public synchronized Stats stats() { return new Stats(batches, firstKb, lastKb, peakKb, collections, List.copyOf(samples)); }

    /** Resident set size of this process in KB, or 0 where /proc is not available. */
    public static long rssKb() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
