package io.learncast.data.tasks;

import io.learncast.data.InputSpace;
import io.learncast.data.Task;
import io.learncast.data.TaskSpec;

import java.util.Arrays;
import java.util.Map;

/**
 * Parity of ±1 bit vectors of length n: example index i has bit j = +1 when bit j of i is set.
 * The label is 1 when an odd number of the relevant bits are +1. Full parity uses all n bits;
 * sparse parity a hidden subset of k bits chosen by the dataset seed.
 */
public final class ParityTask implements Task {
    private final TaskSpec spec;
    private final int n;
    private final long mask;
    private final int[] subset;

    public ParityTask(TaskSpec spec, int n, int[] subset) {
        this.spec = spec;
        this.n = n;
        this.subset = subset.clone();
        long m = 0;
        for (int j : subset) m |= 1L << j;
        this.mask = m;
    }

    @Override public TaskSpec spec() { return spec; }

    @Override public InputSpace inputSpace() { return InputSpace.dense(n); }

    @Override public int numClasses() { return 2; }

    @Override public long universeSize() { return n >= 63 ? Long.MAX_VALUE : 1L << n; }

    @Override public int label(long index) { return Long.bitCount(index & mask) & 1; }

    @Override
    public void writeFeatures(long index, float[] out, int offset) {
        for (int j = 0; j < n; j++) out[offset + j] = ((index >>> j) & 1L) != 0 ? 1f : -1f;
    }

    @Override
    public Map<String, Object> hidden() {
        if (subset.length == n) return Map.of();
        return Map.of("subset", Arrays.stream(subset).boxed().toList());
    }
}
