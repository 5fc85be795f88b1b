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
    /** Scratch: the current row's dot products with each key frequency's cosines and sines. */
    private final float[] re;
    private final float[] im;
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
        re = new float[keys.length];
        im = new float[keys.length];
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
        float[] re = this.re;
        float[] im = this.im;
        if (keys.length == 5) fiveDots(z, off, re, im);
        else dots(z, off, re, im);
        for (int j = 0; j < keys.length; j++) {
            float[] cj = basisCos[j];
            float[] sj = basisSin[j];
            // the frequency-k component of z at c is (2/p)(re·cos θ_c + im·sin θ_c); its power (2/p)(re² + im²)
            float aj = 2f * re[j] / p;
            float bj = 2f * im[j] / p;
            for (int c = 0; c < p; c++) comp[c] += aj * cj[c] + bj * sj[c]; // element-wise: vectorised
            key += 2.0 * (re[j] * (double) re[j] + im[j] * (double) im[j]) / p;
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

    /** re[j], im[j] = Σ_c z_c·cos / sin θ_jc, each summed in c order (float, as written: no reassociation). */
    void dots(float[] z, int off, float[] re, float[] im) {
        for (int j = 0; j < keys.length; j++) {
            float[] cj = basisCos[j];
            float[] sj = basisSin[j];
            float r = 0;
            float i = 0;
            for (int c = 0; c < p; c++) {
                r += z[off + c] * cj[c];
                i += z[off + c] * sj[c];
            }
            re[j] = r;
            im[j] = i;
        }
    }

    /**
     * {@link #dots} for the usual five key frequencies in one pass over the row: ten independent sums instead of two
     * at a time (each still added in c order, so the same floats), which the CPU overlaps — the probe's dot products
     * were latency-bound.
     */
    void fiveDots(float[] z, int off, float[] re, float[] im) {
        float[] c0 = basisCos[0], c1 = basisCos[1], c2 = basisCos[2], c3 = basisCos[3], c4 = basisCos[4];
        float[] s0 = basisSin[0], s1 = basisSin[1], s2 = basisSin[2], s3 = basisSin[3], s4 = basisSin[4];
        float r0 = 0, r1 = 0, r2 = 0, r3 = 0, r4 = 0, i0 = 0, i1 = 0, i2 = 0, i3 = 0, i4 = 0;
        for (int c = 0; c < p; c++) {
            float x = z[off + c];
            r0 += x * c0[c];
            i0 += x * s0[c];
            r1 += x * c1[c];
            i1 += x * s1[c];
            r2 += x * c2[c];
            i2 += x * s2[c];
            r3 += x * c3[c];
            i3 += x * s3[c];
            r4 += x * c4[c];
            i4 += x * s4[c];
        }
        re[0] = r0; re[1] = r1; re[2] = r2; re[3] = r3; re[4] = r4;
        im[0] = i0; im[1] = i1; im[2] = i2; im[3] = i3; im[4] = i4;
    }

    /** What the probe saw; null if no row was probed or a logit was not finite. */
    public WeightMeasures.Logits result() {
        if (rows == 0 || !Double.isFinite(totalPower) || !Double.isFinite(keyPower)) return null;
        double share = totalPower > 0 ? Math.min(1, keyPower / totalPower) : 0;
        return new WeightMeasures.Logits(rows, List.copyOf(java.util.Arrays.stream(keys).boxed().toList()), share,
                restrictedHits / (double) rows, excludedHits / (double) rows);
    }
}
