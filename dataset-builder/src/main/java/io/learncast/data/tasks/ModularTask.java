package io.learncast.data.tasks;

import io.learncast.data.InputSpace;
import io.learncast.data.Task;
import io.learncast.data.TaskSpec;

/** {@code a ∘ b mod p} over all p² ordered pairs; example index {@code a·p + b}; tokens are (a, b). */
public final class ModularTask implements Task {
    public enum Op { ADD, SUB, MUL }

    private final TaskSpec spec;
    private final Op op;
    private final int p;

    public ModularTask(TaskSpec spec, Op op, int p) {
        this.spec = spec;
        this.op = op;
        this.p = p;
    }

    @Override public TaskSpec spec() { return spec; }

    @Override public InputSpace inputSpace() { return InputSpace.tokens(2, p); }

    @Override public int numClasses() { return p; }

    @Override public long universeSize() { return (long) p * p; }

    @Override
    public int label(long index) {
        long a = index / p;
        long b = index % p;
        return (int) switch (op) {
            case ADD -> (a + b) % p;
            case SUB -> Math.floorMod(a - b, (long) p);
            case MUL -> (a * b) % p;
        };
    }

    @Override
    public void writeTokens(long index, int[] out, int offset) {
        out[offset] = (int) (index / p);
        out[offset + 1] = (int) (index % p);
    }
}
