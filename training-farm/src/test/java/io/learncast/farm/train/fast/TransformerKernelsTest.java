package io.learncast.farm.train.fast;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Gradient checks of the transformer's kernels against finite differences: for each kernel, a loss
 * L = Σ r ⊙ output (r random, the output of the forward kernel) is differentiated by the backward
 * kernel and by central differences (Richardson-extrapolated, steps of 2⁻⁶ and 2⁻⁷, the loss summed in
 * double), for the SIMD kernels and the plain-loop ones, including padded widths. Differences of
 * float32 forward passes are good to ~10⁻⁵ here; a wrong term is off by far more than the tolerance.
 */
class TransformerKernelsTest {
    static final double TOL = 2e-3;
    final SplittableRandom rnd = new SplittableRandom(3);

    float[] random(int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
        return a;
    }

    /** dL/dx[i] by central differences, extrapolated. */
    static double numeric(float[] x, int i, DoubleSupplier loss) {
        float orig = x[i];
        double d1 = central(x, i, orig, 1.0 / 64, loss);
        double d2 = central(x, i, orig, 1.0 / 128, loss);
        x[i] = orig;
        return (4 * d2 - d1) / 3;
    }

    private static double central(float[] x, int i, float orig, double h, DoubleSupplier loss) {
        x[i] = (float) (orig + h);
        double up = loss.getAsDouble();
        double hu = x[i] - (double) orig;
        x[i] = (float) (orig - h);
        double down = loss.getAsDouble();
        double hd = orig - (double) x[i];
        x[i] = orig;
        return (up - down) / (hu + hd);
    }

    static double dot(float[] r, float[] y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) s += (double) r[i] * y[i];
        return s;
    }

    static void check(String what, float[] x, boolean[] real, float[] analytic, DoubleSupplier loss) {
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            if (!real[i]) {
                assertTrue(analytic[i] == 0f, what + ": the gradient of padding at " + i + " must be 0, not " + analytic[i]);
                continue;
            }
            double n = numeric(x, i, loss);
            double err = Math.abs(n - analytic[i]) / (1 + Math.abs(n));
            worst = Math.max(worst, err);
            assertTrue(err < TOL, what + " at " + i + ": analytic " + analytic[i] + " vs numeric " + n);
        }
        assertTrue(worst < TOL, what);
    }

    static Kernels[] kernels() {
        return new Kernels[] {Kernels.best(), new ScalarKernels()};
    }

    @Test
    void attentionForwardAndBackwardWithTheCausalMask() {
        for (Kernels k : kernels()) {
            int lanes = Kernels.best().lanes(); // the layout's padding, as the trainer builds it
            for (int[] c : new int[][] {{2, 16, 3, 0}, {2, 16, 3, 2}, {3, 5, 4, 0}, {1, 20, 5, 4}}) { // heads, dh, t, first
                int heads = c[0], dh = c[1], t = c[2], first = c[3], n = 2;
                AttentionShape s = new AttentionShape(heads, Layout.pad(dh, lanes), t, lanes, (float) (1 / Math.sqrt(dh)));
                boolean[] real = new boolean[n * t * s.ldq];
                float[] qkv = new float[real.length];
                for (int r = 0; r < n * t; r++) {
                    for (int part = 0; part < 3; part++) {
                        for (int h = 0; h < heads; h++) {
                            for (int e = 0; e < dh; e++) {
                                int i = r * s.ldq + part * s.qW + h * s.hP + e;
                                real[i] = true;
                                qkv[i] = (float) ((rnd.nextDouble() * 2 - 1) * 1.5);
                            }
                        }
                    }
                }
                int tq = t - first;
                float[] probs = new float[s.probsSize(n, first)];
                float[] z = new float[n * tq * s.qW];
                float[] r = new float[z.length];
                for (int row = 0; row < n * tq; row++) for (int h = 0; h < heads; h++) for (int e = 0; e < dh; e++) r[row * s.qW + h * s.hP + e] = (float) (rnd.nextDouble() * 2 - 1);
                DoubleSupplier loss = () -> {
                    k.attention(s, qkv, first, n, probs, z, s.qW);
                    return dot(r, z);
                };
                loss.getAsDouble();
                // the causal softmax: each row sums to 1 over keys j ≤ i, later keys and padding get exactly 0
                for (int e = 0; e < n; e++) for (int h = 0; h < heads; h++) for (int i = first; i < t; i++) {
                    int pr = ((e * heads + h) * tq + i - first) * s.tP;
                    double sum = 0;
                    for (int j = 0; j < s.tP; j++) {
                        if (j > i) assertEquals(0f, probs[pr + j], "masked key " + j + " of query " + i);
                        sum += probs[pr + j];
                    }
                    assertEquals(1, sum, 1e-6);
                }
                float[] dqkv = new float[qkv.length];
                k.attentionBackward(s, qkv, first, n, probs, r, s.qW, dqkv, new float[s.tP]);
                String what = k.name() + " attention heads=" + heads + " dh=" + dh + " t=" + t + " first=" + first;
                check(what, qkv, real, dqkv, loss);
            }
        }
    }

    @Test
    void layerNormForwardAndBackward() {
        for (Kernels k : kernels()) {
            int lanes = Kernels.best().lanes();
            for (int d : new int[] {16, 20, 5}) {
                int n = Layout.pad(d, lanes), m = 3;
                float[] mask = new float[n];
                java.util.Arrays.fill(mask, 0, d, 1f);
                boolean[] realX = new boolean[m * n];
                float[] x = new float[m * n];
                for (int r = 0; r < m; r++) for (int j = 0; j < d; j++) {
                    realX[r * n + j] = true;
                    x[r * n + j] = (float) (rnd.nextDouble() * 4 - 1);
                }
                float[] gain = new float[n], bias = new float[n];
                boolean[] realV = new boolean[n];
                for (int j = 0; j < d; j++) {
                    realV[j] = true;
                    gain[j] = (float) (0.5 + rnd.nextDouble());
                    bias[j] = (float) (rnd.nextDouble() - 0.5);
                }
                float[] y = new float[m * n], mean = new float[m], rstd = new float[m];
                float[] r = new float[m * n];
                for (int i = 0; i < r.length; i++) if (realX[i]) r[i] = (float) (rnd.nextDouble() * 2 - 1);
                DoubleSupplier loss = () -> {
                    k.layerNorm(x, 0, n, m, d, n, mask, gain, 0, bias, 0, 1e-5f, y, 0, n, mean, rstd, 0);
                    return dot(r, y);
                };
                loss.getAsDouble();
                for (int row = 0; row < m; row++) {
                    double mu = 0, var = 0;
                    for (int j = 0; j < d; j++) mu += y[row * n + j] / gain[j] - bias[j] / gain[j];
                    for (int j = d; j < n; j++) assertEquals(0f, y[row * n + j], "padding stays 0");
                    for (int j = 0; j < d; j++) {
                        double v = (y[row * n + j] - bias[j]) / gain[j];
                        var += v * v;
                    }
                    assertEquals(0, mu / d, 1e-5, "normalised mean");
                    assertEquals(1, var / d, 1e-3, "normalised variance (ε = 1e-5)");
                }
                float[] dx = new float[m * n], dGain = new float[n], dBias = new float[n];
                k.layerNormBackward(x, 0, n, r, 0, n, m, d, n, mask, gain, 0, mean, rstd, 0, dx, 0, n, false, dGain, 0, dBias, 0);
                String what = k.name() + " LayerNorm d=" + d;
                check(what + " dx", x, realX, dx, loss);
                check(what + " dgain", gain, realV, dGain, loss);
                check(what + " dbias", bias, realV, dBias, loss);
                float[] acc = new float[m * n];
                java.util.Arrays.fill(acc, 0.25f);
                k.layerNormBackward(x, 0, n, r, 0, n, m, d, n, mask, gain, 0, mean, rstd, 0, acc, 0, n, true, new float[n], 0, new float[n], 0);
                for (int i = 0; i < acc.length; i++) assertEquals(realX[i] ? dx[i] + 0.25f : 0.25f, acc[i], 1e-6, "accumulate adds");
            }
        }
    }

    @Test
    void embeddingOfTokensAndPositions() {
        for (Kernels k : kernels()) {
            int lanes = Kernels.best().lanes();
            int v = 7, t = 3, d = 20, dP = Layout.pad(d, lanes), n = 4;
            boolean[] real = new boolean[(v + t) * dP];
            float[] table = new float[real.length];
            for (int row = 0; row < v + t; row++) for (int j = 0; j < d; j++) {
                real[row * dP + j] = true;
                table[row * dP + j] = (float) (rnd.nextDouble() - 0.5);
            }
            int[] rows = new int[n * t * 2];
            for (int e = 0; e < n; e++) for (int q = 0; q < t; q++) {
                rows[(e * t + q) * 2] = q == t - 1 ? v - 1 : rnd.nextInt(v - 1);
                rows[(e * t + q) * 2 + 1] = v + q;
            }
            float[] out = new float[n * t * dP];
            float[] r = new float[out.length];
            for (int i = 0; i < r.length; i++) if (i % dP < d) r[i] = (float) (rnd.nextDouble() * 2 - 1);
            DoubleSupplier loss = () -> {
                k.embed(table, 0, dP, rows, 0, 2, n * t, dP, new float[dP], 0, out, 0, dP);
                return dot(r, out);
            };
            loss.getAsDouble();
            for (int row = 0; row < n * t; row++) {
                for (int j = 0; j < d; j++) assertEquals(table[rows[2 * row] * dP + j] + table[rows[2 * row + 1] * dP + j], out[row * dP + j]);
            }
            float[] g = new float[table.length];
            k.embedBackward(r, 0, dP, rows, 0, 2, n * t, dP, g, 0, dP);
            check(k.name() + " embedding", table, real, g, loss);
        }
    }

    @Test
    void unembeddingWithSoftmaxCrossEntropy() {
        for (Kernels k : kernels()) {
            int lanes = Kernels.best().lanes();
            int d = 20, dP = Layout.pad(d, lanes), c = 5, cP = Layout.pad(c, lanes), n = 6;
            float[] mask = new float[cP];
            java.util.Arrays.fill(mask, c, cP, Float.NEGATIVE_INFINITY);
            boolean[] realF = new boolean[n * dP], realW = new boolean[dP * cP], realB = new boolean[cP];
            float[] f = new float[n * dP], w = new float[dP * cP], b = new float[cP];
            for (int i = 0; i < f.length; i++) if (i % dP < d) { realF[i] = true; f[i] = (float) (rnd.nextDouble() * 2 - 1); }
            for (int i = 0; i < w.length; i++) if (i / cP < d && i % cP < c) { realW[i] = true; w[i] = (float) (rnd.nextDouble() - 0.5); }
            for (int j = 0; j < c; j++) { realB[j] = true; b[j] = (float) (rnd.nextDouble() - 0.5); }
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = rnd.nextInt(c);
            float[] logits = new float[n * cP];
            DoubleSupplier loss = () -> {
                k.matmul(f, 0, dP, w, 0, cP, logits, 0, cP, n, d, cP, b, 0);
                k.softmax(logits, 0, cP, n, cP, mask);
                double s = 0;
                for (int i = 0; i < n; i++) s -= Math.log(logits[i * cP + labels[i]]);
                return s;
            };
            loss.getAsDouble();
            for (int i = 0; i < n; i++) logits[i * cP + labels[i]] -= 1f; // p − y, as the workspace does
            float[] dW = new float[w.length], dB = new float[cP], dF = new float[f.length], wt = new float[cP * dP];
            k.matmulTransAAcc(f, 0, dP, logits, 0, cP, dW, 0, cP, n, d, cP);
            k.columnSumsAcc(logits, 0, cP, n, cP, dB, 0);
            int[] map = new int[k.lanes()];
            for (int i = 0; i < map.length; i++) map[i] = i * cP;
            k.transpose(w, 0, cP, d, c, wt, dP, map);
            k.matmul(logits, 0, cP, wt, 0, dP, dF, 0, dP, n, c, dP, null, 0);
            check(k.name() + " unembedding dW", w, realW, dW, loss);
            check(k.name() + " unembedding db", b, realB, dB, loss);
            check(k.name() + " unembedding dF", f, realF, dF, loss);
        }
    }

    @Test
    void residualAddsAcrossStrides() {
        for (Kernels k : kernels()) {
            int n = Kernels.best().lanes() * 2;
            float[] a = random(5 * n, 1), b = random(3 * n, 1), c = new float[3 * n];
            k.add(a, n, 2 * n, b, 0, n, c, 0, n, 2, n); // rows 1 and 3 of a
            for (int r = 0; r < 2; r++) for (int j = 0; j < n; j++) assertEquals(a[n + 2 * r * n + j] + b[r * n + j], c[r * n + j]);
        }
    }
}
