package io.learncast.farm.store;

import java.time.Instant;

/**
 * A worker process as it registered in the store: host, pid, threads, its last heartbeat (database
 * clock) and runs finished. {@code alive} means RUNNING with a recent heartbeat.
 */
public record WorkerStatus(String id, String host, long pid, int threads, String state, Instant startedAt, Instant heartbeatAt,
                           int runsDone, boolean alive) {}
