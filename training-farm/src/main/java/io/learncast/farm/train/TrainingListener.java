package io.learncast.farm.train;

import io.learncast.data.CurvePoint;
import io.learncast.farm.weights.WeightArray;

import java.util.List;

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

    /** True to be handed the run's final weights ({@link #trained}); a trainer copies them only then. */
    default boolean wantsWeights() { return false; }

    /**
     * The final weights of a run that finished (not of one abandoned), as the {@code .npz} formats name them: an MLP's
     * {@code layer0 … layerN} and {@code bias0 … biasN}, a transformer's canonical tensors ({@code embed.tokens} … {@code unembed.b}).
     * Called only when {@link #wantsWeights()}, by trainers that can list them (the fast MLP and transformer trainers).
     */
    default void trained(List<WeightArray> weights) {}
}
