package io.learncast.farm.train.fast;

import java.util.Arrays;

/**
 * What the attention kernels need to know about one layout: rows of the fused {@code [Q | K | V]}
 * buffer ({@code ldq} floats each; Q at 0, K at {@code qW}, V at {@code 2·qW}; head h at {@code h·hP}
 * within each, {@code hP} the head width padded to the vector length), the sequence length {@code t},
 * the length {@code tP} of a row of attention probabilities (t padded), the score scale 1/√(d/H), and
 * the causal mask: row i holds 0 for keys j ≤ i and −∞ for later keys and padding.
 */
final class AttentionShape {
    final int heads;
    final int hP;
    final int qW;
    final int ldq;
    final int t;
    final int tP;
    final float scale;
    final float[] causal;

    AttentionShape(int heads, int hP, int t, int lanes, float scale) {
        this.heads = heads;
        this.hP = hP;
        this.qW = heads * hP;
        this.ldq = 3 * qW;
        this.t = t;
        this.tP = Layout.pad(t, lanes);
        this.scale = scale;
        this.causal = new float[t * tP];
        for (int i = 0; i < t; i++) Arrays.fill(causal, i * tP + i + 1, (i + 1) * tP, Float.NEGATIVE_INFINITY);
    }

    /** Attention-probability floats for {@code n} examples with queries from position {@code first} on. */
    int probsSize(int n, int first) {
        return n * heads * (t - first) * tP;
    }
}
