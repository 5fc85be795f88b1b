package io.learncast.eval.report;

import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.RunState;
import io.learncast.farm.store.StoredRun;

/**
 * A finished run's label at a budget, honest about runs stopped early by the verdict: such a run did
 * not learn by its stop, and nothing is known after it — so its label within a budget past the stop
 * is unknown (null), never "not learned".
 */
public final class Labels {
    private Labels() {}

    /** Learned within {@code budget}; null when the run is not finished or was stopped early before {@code budget}. */
    public static Boolean learnedWithin(StoredRun r, long budget) {
        if (r.state() != RunState.DONE || r.outcome() == null) return null;
        if (r.confirmStep() != null && r.outcome() == Outcome.LEARNED) return r.confirmStep() <= budget;
        if (r.outcome() == Outcome.STOPPED_EARLY && (r.stepsTrained() == null || r.stepsTrained() < budget)) return null;
        return false;
    }
}
