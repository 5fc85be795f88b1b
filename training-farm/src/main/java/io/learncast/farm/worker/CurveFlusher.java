package io.learncast.farm.worker;

import io.learncast.data.CurvePoint;
import io.learncast.farm.store.Claim;
import io.learncast.farm.store.RunQueue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes the curves of runs in progress in chunks, at most once per {@code every}, so they are visible
 * while long runs train without a database write per evaluation; completion writes the whole curve
 * anyway. Used on one worker thread (the one training the claims).
 */
final class CurveFlusher implements BiConsumer<Long, CurvePoint> {
    private final RunQueue queue;
    private final long everyNanos;
    private final Map<Long, Claim> claims = new HashMap<>();
    private final Map<Long, List<CurvePoint>> pending = new HashMap<>();
    private final BiConsumer<Long, CurvePoint> next;
    private long lastFlush;

    CurveFlusher(RunQueue queue, Duration every, List<Claim> held, BiConsumer<Long, CurvePoint> next) {
        this.queue = queue;
        this.everyNanos = every.toNanos();
        this.next = next;
        for (Claim c : held) claims.put(c.runId(), c);
        this.lastFlush = System.nanoTime();
    }

    @Override
    public void accept(Long runId, CurvePoint p) {
        pending.computeIfAbsent(runId, k -> new ArrayList<>()).add(p);
        if (next != null) next.accept(runId, p);
        if (System.nanoTime() - lastFlush >= everyNanos) flush();
    }

    private void flush() {
        for (Map.Entry<Long, List<CurvePoint>> e : pending.entrySet()) {
            Claim c = claims.get(e.getKey());
            // a lost claim writes nothing (the store fences it); its trainer stops at the next step
            if (c != null && !e.getValue().isEmpty()) queue.appendCurve(c, List.copyOf(e.getValue()));
        }
        pending.clear();
        lastFlush = System.nanoTime();
    }
}
