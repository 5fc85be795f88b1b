package io.learncast.farm.measure;

import io.learncast.data.WeightMeasures;

import java.util.List;

/**
 * Nanda et al. (2023)'s restricted and excluded logits, on training rows, for a Z_p → Z_p task: each row's
 * logits, a function of the class c ∈ Z_p, are split into their components at the key frequencies (the
 * unembedding's strongest, given) and the rest. <em>Restricted</em> logits keep the constant and the key
 * frequencies only; <em>excluded</em> logits remove the key frequencies. A generalising (Fourier) circuit
 * answers from its key frequencies: restricted accuracy rises and excluded accuracy falls while it forms,
 * before the test curve moves; a memoriser's answer is spread over all frequencies. Accuracies, not losses:
 * no exponentials, so it stays cheap (about 22·p multiply-adds per row, at most {@value #ROW_CAP} rows).
 * Training rows only: the judge never sees test data.
 */
public final class LogitProbe {
    /** Rows probed per evaluation (the first of the training split, which is shuffled). */
    public static final int ROW_CAP = 256;

    private final int p;
    private final int[] keys;
    private final float[] cos;
    private final float[] sin;
    private final float[] a;
    private final float[] b;
    private final int[] at;
    private int rows;
    private int restrictedHits;
    private int excludedHits;
    private double keyPower;
    private double totalPower;

    /** A probe over Z_{@code p} at the given key frequencies (1 … ⌊p/2⌋). */
    public LogitProbe(int p, List<Integer> keyFrequencies) {
        this.p = p;
        this.keys = keyFrequencies.stream().mapToInt(Integer::intValue).filter(k -> k >= 1 && 2 * k < p).distinct().toArray();
        cos = new float[p];
        sin = new float[p];
        for (int i = 0; i < p; i++) {
            cos[i] = (float) Math.cos(2 * Math.PI * i / p);
            sin[i] = (float) Math.sin(2 * Math.PI * i / p);
        }
        a = new float[keys.length];
        b = new float[keys.length];
        at = new int[keys.length];
    }

    /** Whether another row is wanted. */
    public boolean wants() {
        return rows < ROW_CAP;
    }

    /** One training row: logits {@code z[off … off+p)} and its label. */
    public void add(float[] z, int off, int label) {
        if (!wants()) return;
        double mean = 0;
        for (int c = 0; c < p; c++) mean += z[off + c];
        mean /= p;
        double total = 0;
        for (int c = 0; c < p; c++) {
            double d = z[off + c] - mean;
            total += d * d;
        }
        double key = 0;
        for (int j = 0; j < keys.length; j++) {
            int k = keys[j];
            float re = 0;
            float im = 0;
            int idx = 0;
            for (int c = 0; c < p; c++) {
                re += z[off + c] * cos[idx];
                im += z[off + c] * sin[idx];
                idx += k;
                if (idx >= p) idx -= p;
            }
            // the frequency-k component of z at c is (2/p)(re·cos θ_c + im·sin θ_c); its power (2/p)(re² + im²)
            a[j] = 2f * re / p;
            b[j] = 2f * im / p;
            key += 2.0 * (re * (double) re + im * (double) im) / p;
        }
        int bestR = -1;
        int bestE = -1;
        double maxR = Double.NEGATIVE_INFINITY;
        double maxE = Double.NEGATIVE_INFINITY;
        java.util.Arrays.fill(at, 0);
        for (int c = 0; c < p; c++) {
            double comp = 0;
            for (int j = 0; j < keys.length; j++) {
                int idx = at[j]; // k·c mod p, advanced by addition (no modulo per element)
                comp += a[j] * cos[idx] + b[j] * sin[idx];
                idx += keys[j];
                at[j] = idx >= p ? idx - p : idx;
            }
            double r = mean + comp;
            double e = z[off + c] - comp;
            if (r > maxR) {
                maxR = r;
                bestR = c;
            }
            if (e > maxE) {
                maxE = e;
                bestE = c;
            }
        }
        if (bestR == label) restrictedHits++;
        if (bestE == label) excludedHits++;
        keyPower += key;
        totalPower += total;
        rows++;
    }

    /** What the probe saw; null if no row was probed or a logit was not finite. */
    public WeightMeasures.Logits result() {
        if (rows == 0 || !Double.isFinite(totalPower) || !Double.isFinite(keyPower)) return null;
        double share = totalPower > 0 ? Math.min(1, keyPower / totalPower) : 0;
        return new WeightMeasures.Logits(rows, List.copyOf(java.util.Arrays.stream(keys).boxed().toList()), share,
                restrictedHits / (double) rows, excludedHits / (double) rows);
    }
}
