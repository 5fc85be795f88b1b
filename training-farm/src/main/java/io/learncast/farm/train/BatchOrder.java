package io.learncast.farm.train;

import java.util.SplittableRandom;

/**
 * Which training examples each step sees: epochs in a fresh seeded permutation, consecutive batches,
 * an incomplete last batch dropped. A batch size of 0 or ≥ the training set means full batch, in a
 * fixed order.
 */
public final class BatchOrder {
    private final int n;
    private final int batch;
    private final int[] perm;
    private final SplittableRandom rnd;
    private int pos;

    public BatchOrder(int n, int batchSize, long seed) {
        this.n = n;
        this.batch = batchSize <= 0 || batchSize >= n ? n : batchSize;
        this.perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        this.rnd = new SplittableRandom(seed);
        this.pos = n; // reshuffle before the first batch
    }

    public int batchSize() { return batch; }

    public boolean fullBatch() { return batch == n; }

    /** Fills {@code out[0 … batchSize)} with the next batch's example indices. */
    public void next(int[] out) {
        if (fullBatch()) {
            System.arraycopy(perm, 0, out, 0, n);
            return;
        }
        if (pos + batch > n) {
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            pos = 0;
        }
        System.arraycopy(perm, pos, out, 0, batch);
        pos += batch;
    }
}
