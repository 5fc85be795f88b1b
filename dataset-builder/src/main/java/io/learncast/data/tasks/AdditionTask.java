package io.learncast.data.tasks;

import io.learncast.data.InputSpace;
import io.learncast.data.Task;
import io.learncast.data.TaskSpec;

/**
 * Multi-digit addition: two numbers of {@code digits} digits in {@code base}, given as 2·digits digit
 * tokens (most significant first); the target is their sum as one class in {@code 0 … 2(base^digits − 1)}.
 */
public final class AdditionTask implements Task {
    private final TaskSpec spec;
    private final int digits;
    private final int base;
    private final long max; // base^digits

    public AdditionTask(TaskSpec spec, int digits, int base) {
        this.spec = spec;
        this.digits = digits;
        this.base = base;
        long m = 1;
        for (int i = 0; i < digits; i++) m *= base;
        this.max = m;
    }

    @Override public TaskSpec spec() { return spec; }

    @Override public InputSpace inputSpace() { return InputSpace.tokens(2 * digits, base); }

    @Override public int numClasses() { return (int) (2 * (max - 1) + 1); }

    @Override public long universeSize() { return max * max; }

    @Override public int label(long index) { return (int) (index / max + index % max); }

    @Override
    public void writeTokens(long index, int[] out, int offset) {
        long a = index / max;
        long b = index % max;
        for (int i = digits - 1; i >= 0; i--) {
            out[offset + i] = (int) (a % base);
            out[offset + digits + i] = (int) (b % base);
            a /= base;
            b /= base;
        }
    }
}
