package io.learncast.farm.store;

import java.time.Instant;

/**
 * A ledger entry. {@code prospective} is true when the forecast was made before any run of its
 * config group started (both times from the database clock); {@code outcomeLearned} is set once such
 * a run finished, with {@code runId} the run it was scored against.
 */
public record LedgerEntry(long id, Instant createdAt, long modelId, String configHash, String groupHash, String configJson,
                          long budget, double probability, Double pLow, Double pHigh, Double stepsMedian,
                          String context, String prevHash, String entryHash,
                          Long runId, Boolean outcomeLearned, Instant scoredAt) {}
