package io.learncast.farm.store;

import java.util.Map;

/**
 * Counts by state and outcome, plus recent throughput (runs finished per minute over the last
 * {@code windowMinutes}) and the ETA it implies for what is queued or running.
 */
public record StoreStatus(
        Map<RunState, Long> byState,
        long learned,
        long notLearned,
        long diverged,
        long stoppedEarly,
        long imported,
        double runsPerMinute,
        int windowMinutes,
        Double etaMinutes,
        long workersAlive) {

    public long count(RunState s) { return byState.getOrDefault(s, 0L); }

    public long total() { return byState.values().stream().mapToLong(Long::longValue).sum(); }
}
