package io.learncast.data;

/**
 * How a task's inputs are encoded. Token tasks keep operand indices (so trainers can use embedding
 * lookups); their one-hot encoding concatenates one block of {@code vocab} per position. Dense tasks
 * (bit vectors as ±1, CSV features) are plain float vectors.
 */
public record InputSpace(Kind kind, int positions, int vocab, int dim) {
    public enum Kind { TOKENS, DENSE }

    public static InputSpace tokens(int positions, int vocab) {
        return new InputSpace(Kind.TOKENS, positions, vocab, positions * vocab);
    }

    public static InputSpace dense(int dim) {
        return new InputSpace(Kind.DENSE, 0, 0, dim);
    }

    /** The width of the network's input layer: the one-hot width for tokens, the vector length otherwise. */
    public int inputWidth() { return dim; }

    public boolean isTokens() { return kind == Kind.TOKENS; }
}
