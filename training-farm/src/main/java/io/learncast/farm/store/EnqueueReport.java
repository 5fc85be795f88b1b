package io.learncast.farm.store;

import java.util.List;

/** What an enqueue did: ids of runs added, and how many were already in the store. */
public record EnqueueReport(List<Long> added, int alreadyPresent, Long sweepId) {
    public int addedCount() { return added.size(); }
}
