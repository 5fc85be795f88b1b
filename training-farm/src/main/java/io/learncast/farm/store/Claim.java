package io.learncast.farm.store;

import io.learncast.farm.config.RunConfig;

/**
 * A worker's hold on a run. {@code token} is the run's claim counter at the time of claiming: every
 * write for the run is fenced on it, so a worker whose lease expired and was reclaimed can no longer
 * write anything.
 */
public record Claim(long runId, int token, String worker, RunConfig config) {}
