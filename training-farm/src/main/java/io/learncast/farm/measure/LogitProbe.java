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
    /** cos / sin(2π·k_j·c/p) per key frequency j and class c, built once per probe. */
    private final float[][] basisCos;
    private final float[][] basisSin;
    /** Scratch: the key-frequency part of the current row's logits. */
    private final float[] comp;
    private int rows;
    private int restrictedHits;
    private int excludedHits;
    private double keyPower;
    private double totalPower;

    /** A probe over Z_{@code p} at the given key frequencies (1 … ⌊p/2⌋). */
    public LogitProbe(int p, List<Integer> keyFrequencies) {
        this.p = p;
        this.keys = keyFrequencies.stream().mapToInt(Integer::intValue).filter(k -> k >= 1 && 2 * k < p).distinct().toArray();
        basisCos = new float[keys.length][p];
        basisSin = new float[keys.length][p];
        for (int j = 0; j < keys.length; j++) {
            for (int c = 0; c < p; c++) {
                int idx = (int) ((long) keys[j] * c % p);
                basisCos[j][c] = (float) Math.cos(2 * Math.PI * idx / p);
                basisSin[j][c] = (float) Math.sin(2 * Math.PI * idx / p);
            }
        }
        comp = new float[p];
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
        java.util.Arrays.fill(comp, 0f);
        for (int j = 0; j < keys.length; j++) {
            float[] cj = basisCos[j];
            float[] sj = basisSin[j];
            float re = 0;
            float im = 0;
            for (int c = 0; c < p; c++) {
                re += z[off + c] * cj[c];
                im += z[off + c] * sj[c];
            }
            // the frequency-k component of z at c is (2/p)(re·cos θ_c + im·sin θ_c); its power (2/p)(re² + im²)
            float aj = 2f * re / p;
            float bj = 2f * im / p;
            for (int c = 0; c < p; c++) comp[c] += aj * cj[c] + bj * sj[c]; // element-wise: vectorised
            key += 2.0 * (re * (double) re + im * (double) im) / p;
        }
        int bestR = -1;
        int bestE = -1;
        double maxR = Double.NEGATIVE_INFINITY;
        double maxE = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < p; c++) {
            double r = mean + comp[c];
            double e = z[off + c] - comp[c];
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
