package io.learncast.farm.train;

import io.learncast.data.CurvePoint;
import io.learncast.farm.config.RunConfig;

import java.util.List;
import java.util.Optional;

/**
 * Decides, at an evaluation, whether a run should be cut short (the early verdict). The farm knows
 * nothing of how the decision is made (the verdict model lives in the forecaster): the application
 * wires an implementation in. Consulted by {@link RunTracker} after each evaluation that did not
 * already end the run (learned, diverged, budget spent); it must be cheap and thread-safe.
 */
@FunctionalInterface
public interface EarlyStopRule {

    /** Never stops a run (the default). */
    EarlyStopRule NEVER = (config, curve) -> Optional.empty();

    /**
     * The decision at the last point of {@code curve} (the run's curve so far, in step order): a stop
     * with the verdict that justified it, or empty to keep training.
     */
    Optional<Stop> consult(RunConfig config, List<CurvePoint> curve);

    /**
     * Trains every run to its full budget: a confirmed property is recorded (outcome LEARNED, its
     * steps) but does not end the run, so the stored curve also decides properties it was not trained
     * for ({@code farm run --to-budget}). Never cuts a run short.
     */
    EarlyStopRule TO_BUDGET = new EarlyStopRule() {
        @Override public Optional<Stop> consult(RunConfig config, List<CurvePoint> curve) { return Optional.empty(); }

        @Override public boolean toBudget() { return true; }
    };

    /** True when reaching the trained property should not end the run (see {@link #TO_BUDGET}). */
    default boolean toBudget() { return false; }

    /** A decision to stop, with the verdict as JSON (recorded with the run's outcome STOPPED_EARLY). */
    record Stop(String verdictJson) {
        public Stop {
            if (verdictJson == null || verdictJson.isBlank()) throw new IllegalArgumentException("a stop needs its verdict");
        }
    }
}
