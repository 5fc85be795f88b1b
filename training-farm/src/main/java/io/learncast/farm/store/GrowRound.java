package io.learncast.farm.store;

import java.time.Instant;
import java.util.List;

/**
 * One round of an active-learning campaign ({@code learncast grow}): the runs it proposed, the state it
 * reached ({@link #TRAINING} once its runs are enqueued and its forecasts recorded, {@link #DONE} once
 * they are trained and the forecaster refitted), the model fitted after it, and a JSON summary (scores).
 */
public record GrowRound(long id, String campaign, int round, String strategy, String state, Long modelId, List<Long> runIds,
                        String summaryJson, Instant createdAt, Instant finishedAt) {
    public static final String TRAINING = "TRAINING";
    public static final String DONE = "DONE";

    public GrowRound {
        runIds = List.copyOf(runIds);
    }

    public boolean done() { return DONE.equals(state); }
}
