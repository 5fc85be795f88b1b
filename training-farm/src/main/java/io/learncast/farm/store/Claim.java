package io.learncast.farm.store;

import io.learncast.farm.config.RunConfig;

/**
 * A worker's hold on a run. {@code token} is the run's claim counter at the time of claiming: every
 * write for the run is fenced on it, so a worker whose lease expired and was reclaimed can no longer
 * write anything. {@code toBudget}: the run's sweep asks for it to train to its full budget past the confirmation of
 * its property (a grid spec's {@code to_budget}), whatever the worker's own setting.
 */
public record Claim(long runId, int token, String worker, RunConfig config, boolean toBudget) {
    /** A claim on a run that stops at its confirmation (unless the worker trains everything to budget). */
    public Claim(long runId, int token, String worker, RunConfig config) { this(runId, token, worker, config, false); }
}
