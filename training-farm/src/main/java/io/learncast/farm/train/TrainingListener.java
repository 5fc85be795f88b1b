package io.learncast.farm.train;

import io.learncast.data.CurvePoint;

/**
 * Hears about a run while it trains and can ask it to stop. Cooperative: trainers poll
 * {@link #keepGoing()} between steps; nothing is ever interrupted (an interrupted thread inside
 * embedded H2 can corrupt the file).
 */
public interface TrainingListener {
    TrainingListener NONE = new TrainingListener() {};

    /** Called after each evaluation. */
    default void evaluated(CurvePoint point) {}

    /** False to abandon the run now (shutdown, or the lease was lost). */
    default boolean keepGoing() { return true; }

    /** The rule that may cut the run short at an evaluation (the early verdict); never, by default. */
    default EarlyStopRule earlyStop() { return EarlyStopRule.NEVER; }
}
