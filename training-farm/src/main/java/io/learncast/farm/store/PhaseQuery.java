package io.learncast.farm.store;

import io.learncast.data.Metric;

import java.util.List;

/**
 * One phase diagram: the runs of {@code task} (its canonical spec) with property {@code metric} at
 * {@code threshold}, binned on {@code x} and {@code y}, judged at {@code budget} steps; {@code ids}, when not
 * null, keeps only those runs (e.g. a grow round's).
 */
public record PhaseQuery(String task, Metric metric, double threshold, PhaseAxis x, PhaseAxis y, long budget, List<Long> ids) {
    public static final int MAX_IDS = 5_000;

    public PhaseQuery {
        if (ids != null) {
            if (ids.size() > MAX_IDS) throw new IllegalArgumentException("at most " + MAX_IDS + " ids");
            ids = List.copyOf(ids);
        }
    }
}
