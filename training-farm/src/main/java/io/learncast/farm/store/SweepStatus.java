package io.learncast.farm.store;

import java.time.Instant;

/** An enqueued grid spec and where its runs are: counts by state, and how many learned. */
public record SweepStatus(long id, String name, String specHash, Instant createdAt, long runs, long queued, long running, long done,
                          long failed, long learned) {}
