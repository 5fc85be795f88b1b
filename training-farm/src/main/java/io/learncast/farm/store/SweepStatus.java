package io.learncast.farm.store;

import java.time.Instant;

/**
 * An enqueued grid spec and where its runs are: counts by state, and how many learned. {@code toBudget}: its runs
 * train to their full budget past their confirmation (the spec's {@code to_budget}).
 */
public record SweepStatus(long id, String name, String specHash, Instant createdAt, long runs, long queued, long running, long done,
                          long failed, long learned, boolean toBudget) {}
