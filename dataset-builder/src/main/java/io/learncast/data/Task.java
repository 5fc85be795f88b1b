package io.learncast.data;

import java.util.Map;

/**
 * A labelled universe of examples, indexed {@code 0 … universeSize()-1}. Implementations are pure
 * functions of their spec and seed, so any index can be materialised again at any time.
 */
public interface Task {
    TaskSpec spec();

    InputSpace inputSpace();

    int numClasses();

    /** How many distinct examples exist; may be astronomically large for sampled tasks (then {@link Long#MAX_VALUE}). */
    long universeSize();

    /** The label of example {@code index}. */
    int label(long index);

    /** Writes the operand indices of a token example into {@code out[offset …]}. */
    default void writeTokens(long index, int[] out, int offset) {
        throw new UnsupportedOperationException(spec().name() + " has dense inputs");
    }

    /** Writes the input vector of a dense example into {@code out[offset …]}. */
    default void writeFeatures(long index, float[] out, int offset) {
        throw new UnsupportedOperationException(spec().name() + " has token inputs");
    }

    /**
     * Facts chosen by the seed that a researcher may want to see (e.g. the hidden subset of sparse parity). An open
     * map on purpose: each task names its own facts, of its own shapes.
     */
    default Map<String, Object> hidden() { return Map.of(); }
}
