package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;

/**
 * Plain-loop kernels: the fallback when the Vector API module is absent, and a second opinion in tests.
 * Loop orders keep the innermost loop contiguous (axpy form), which the JIT vectorises a little.
 */
final class ScalarKernels extends Kernels {

    @Override
    String name() { return "scalar"; }

    @Override
    int lanes() { return 1; }

    @Override
    void matmul(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n,
                float[] bias, int biasOff) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            java.util.Arrays.fill(c, ci, ci + n, 0f);
            int ai = aOff + i * lda;
            for (int p = 0; p < k; p++) {
                float x = a[ai + p];
                int bp = bOff + p * ldb;
                for (int j = 0; j < n; j++) c[ci + j] += x * b[bp + j];
            }
            if (bias != null) for (int j = 0; j < n; j++) c[ci + j] += bias[biasOff + j];
        }
    }

    @Override
    void matmulTransAAcc(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n) {
        for (int r = 0; r < m; r++) {
            int ar = aOff + r * lda;
            int br = bOff + r * ldb;
            for (int i = 0; i < k; i++) {
                float x = a[ar + i];
                int ci = cOff + i * ldc;
                for (int j = 0; j < n; j++) c[ci + j] += x * b[br + j];
            }
        }
    }

    @Override
    void columnSumsAcc(float[] a, int aOff, int lda, int m, int n, float[] out, int outOff) {
        for (int r = 0; r < m; r++) {
            int ar = aOff + r * lda;
            for (int j = 0; j < n; j++) out[outOff + j] += a[ar + j];
        }
    }

    @Override
    void embed(float[] table, int tableOff, int ldt, int[] rows, int rowsOff, int positions, int m, int n, float[] bias, int biasOff,
               float[] dst, int dstOff, int ldd) {
        for (int r = 0; r < m; r++) {
            int d = dstOff + r * ldd;
            int t0 = tableOff + rows[rowsOff + r * positions] * ldt;
            System.arraycopy(table, t0, dst, d, n);
            for (int p = 1; p < positions; p++) {
                int t = tableOff + rows[rowsOff + r * positions + p] * ldt;
                for (int j = 0; j < n; j++) dst[d + j] += table[t + j];
            }
            for (int j = 0; j < n; j++) dst[d + j] += bias[biasOff + j];
        }
    }

    @Override
    void embedBackward(float[] delta, int dOff, int ldd, int[] rows, int rowsOff, int positions, int m, int n, float[] grad, int gOff, int ldg) {
        for (int r = 0; r < m; r++) {
            int d = dOff + r * ldd;
            for (int p = 0; p < positions; p++) {
                int g = gOff + rows[rowsOff + r * positions + p] * ldg;
                for (int j = 0; j < n; j++) grad[g + j] += delta[d + j];
            }
        }
    }

    @Override
    void activate(Activation f, float[] pre, float[] act, int off, int len) {
        int end = off + len;
        switch (f) {
            case RELU -> { for (int i = off; i < end; i++) act[i] = pre[i] < 0f ? 0f : pre[i]; }
            case TANH -> { for (int i = off; i < end; i++) act[i] = (float) Math.tanh(pre[i]); }
            case GELU -> { for (int i = off; i < end; i++) act[i] = pre[i] * sigmoid(1.702f * pre[i]); }
            case QUADRATIC -> { for (int i = off; i < end; i++) act[i] = pre[i] * pre[i]; }
        }
    }

    @Override
    void activationBackward(Activation f, float[] pre, float[] act, float[] eps, float[] scratch, int off, int len) {
        int end = off + len;
        switch (f) {
            case RELU -> { for (int i = off; i < end; i++) eps[i] = (pre[i] > 0f ? 1f : 0f) * eps[i]; }
            case TANH -> { for (int i = off; i < end; i++) eps[i] = (1f - act[i] * act[i]) * eps[i]; }
            case GELU -> {
                for (int i = off; i < end; i++) {
                    float x = 1.702f * pre[i];
                    float s = sigmoid(x);
                    eps[i] = (s + x * s * (1f - s)) * eps[i];
                }
            }
            case QUADRATIC -> { for (int i = off; i < end; i++) eps[i] = pre[i] * 2f * eps[i]; }
        }
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    @Override
    void softmax(float[] z, int off, int ld, int m, int n, float[] mask) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                float v = z[o + j] + mask[j];
                if (v > max || Float.isNaN(v)) max = v;
            }
            float sum = 0f;
            for (int j = 0; j < n; j++) {
                float e = (float) Math.exp(z[o + j] + mask[j] - max);
                z[o + j] = e;
                sum += e;
            }
            for (int j = 0; j < n; j++) z[o + j] /= sum;
        }
    }

    @Override
    double margins(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff, double sum) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            int label = labels[labelOff + r];
            // two plain max loops around the label (no per-element test of c against it)
            float other = Float.NEGATIVE_INFINITY;
            for (int c = o; c < o + label; c++) other = z[c] > other ? z[c] : other;
            for (int c = o + label + 1; c < o + classes; c++) other = z[c] > other ? z[c] : other;
            sum += z[o + label] - other;
        }
        return sum;
    }

    @Override
    void score(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff, float[] labelProb, int[] best) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            int b = 0;
            float max = z[o];
            for (int c = 1; c < classes; c++) {
                if (z[o + c] > max) {
                    max = z[o + c];
                    b = c;
                }
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(z[o + c] - max);
            best[r] = b;
            labelProb[r] = (float) (Math.exp(z[o + labels[labelOff + r]] - max) / sum);
        }
    }

    @Override
    void adam(float[] w, float[] g, float[] m, float[] v, int off, int len, float batch, float l2, float decoupled, float alphaT,
              float beta1, float beta2, float eps) {
        float ob1 = 1f - beta1;
        float ob2 = 1f - beta2;
        int end = off + len;
        for (int i = off; i < end; i++) {
            float gi = g[i] / batch;
            if (l2 != 0f) gi = l2 * w[i] + gi;
            float mi = beta1 * m[i] + gi * ob1;
            float vi = beta2 * v[i] + gi * gi * ob2;
            m[i] = mi;
            v[i] = vi;
            float u = mi * alphaT / ((float) Math.sqrt(vi) + eps);
            if (decoupled != 0f) u = decoupled * w[i] + u;
            w[i] -= u;
        }
    }

    @Override
    void sgd(float[] w, float[] g, int off, int len, float batch, float lr, float decoupled) {
        int end = off + len;
        for (int i = off; i < end; i++) {
            float u = g[i] / batch * lr;
            if (decoupled != 0f) u = decoupled * w[i] + u;
            w[i] -= u;
        }
    }

    @Override
    void add(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n) {
        for (int r = 0; r < m; r++) {
            int ao = aOff + r * lda, bo = bOff + r * ldb, co = cOff + r * ldc;
            for (int j = 0; j < n; j++) c[co + j] = a[ao + j] + b[bo + j];
        }
    }

    @Override
    void layerNorm(float[] x, int xOff, int ldx, int m, int d, int n, float[] colMask, float[] gain, int gOff, float[] bias, int bOff,
                   float eps, float[] y, int yOff, int ldy, float[] mean, float[] rstd, int sOff) {
        for (int r = 0; r < m; r++) {
            int xo = xOff + r * ldx, yo = yOff + r * ldy;
            float sum = 0f;
            for (int j = 0; j < d; j++) sum += x[xo + j];
            float mu = sum / d;
            float sq = 0f;
            for (int j = 0; j < d; j++) {
                float c = x[xo + j] - mu;
                sq += c * c;
            }
            float rs = (float) (1.0 / Math.sqrt(sq / d + eps));
            mean[sOff + r] = mu;
            rstd[sOff + r] = rs;
            for (int j = 0; j < n; j++) y[yo + j] = j < d ? (x[xo + j] - mu) * rs * gain[gOff + j] + bias[bOff + j] : 0f;
        }
    }

    @Override
    void layerNormBackward(float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy, int m, int d, int n, float[] colMask, float[] gain,
                           int gOff, float[] mean, float[] rstd, int sOff, float[] dx, int dxOff, int lddx, boolean accumulate, float[] dGain,
                           int dgOff, float[] dBias, int dbOff) {
        for (int r = 0; r < m; r++) {
            int xo = xOff + r * ldx, go = dyOff + r * lddy, o = dxOff + r * lddx;
            float mu = mean[sOff + r], rs = rstd[sOff + r];
            float s1 = 0f, s2 = 0f;
            for (int j = 0; j < d; j++) {
                float xh = (x[xo + j] - mu) * rs;
                float g = dy[go + j] * gain[gOff + j];
                dGain[dgOff + j] += dy[go + j] * xh;
                dBias[dbOff + j] += dy[go + j];
                s1 += g;
                s2 += g * xh;
            }
            float m1 = s1 / d, m2 = s2 / d;
            for (int j = 0; j < n; j++) {
                float v = 0f;
                if (j < d) {
                    float xh = (x[xo + j] - mu) * rs;
                    v = rs * (dy[go + j] * gain[gOff + j] - m1 - xh * m2);
                }
                dx[o + j] = accumulate ? dx[o + j] + v : v;
            }
        }
    }

    @Override
    void attention(AttentionShape s, float[] qkv, int first, int n, float[] probs, float[] z, int ldz) {
        int t = s.t, tq = t - first, hP = s.hP;
        for (int e = 0; e < n; e++) {
            int base = e * t * s.ldq;
            for (int h = 0; h < s.heads; h++) {
                int ho = h * hP;
                for (int i = first; i < t; i++) {
                    int pr = ((e * s.heads + h) * tq + i - first) * s.tP;
                    int qi = base + i * s.ldq + ho;
                    float max = Float.NEGATIVE_INFINITY;
                    for (int j = 0; j <= i; j++) {
                        int kj = base + j * s.ldq + s.qW + ho;
                        float dot = 0f;
                        for (int c = 0; c < hP; c++) dot += qkv[qi + c] * qkv[kj + c];
                        float sc = dot * s.scale;
                        probs[pr + j] = sc;
                        if (sc > max || Float.isNaN(sc)) max = sc;
                    }
                    float sum = 0f;
                    for (int j = 0; j <= i; j++) {
                        float ex = (float) Math.exp(probs[pr + j] - max);
                        probs[pr + j] = ex;
                        sum += ex;
                    }
                    for (int j = 0; j < s.tP; j++) probs[pr + j] = j <= i ? probs[pr + j] / sum : 0f;
                    int zo = (e * tq + i - first) * ldz + ho;
                    for (int c = 0; c < hP; c++) z[zo + c] = 0f;
                    for (int j = 0; j <= i; j++) {
                        float p = probs[pr + j];
                        int vj = base + j * s.ldq + 2 * s.qW + ho;
                        for (int c = 0; c < hP; c++) z[zo + c] += p * qkv[vj + c];
                    }
                }
            }
        }
    }

    @Override
    void attentionBackward(AttentionShape s, float[] qkv, int first, int n, float[] probs, float[] dz, int lddz, float[] dqkv, float[] scratch) {
        int t = s.t, tq = t - first, hP = s.hP, ldq = s.ldq;
        java.util.Arrays.fill(dqkv, 0, n * t * ldq, 0f);
        for (int e = 0; e < n; e++) {
            int base = e * t * ldq;
            for (int h = 0; h < s.heads; h++) {
                int ho = h * hP;
                for (int i = first; i < t; i++) {
                    int pr = ((e * s.heads + h) * tq + i - first) * s.tP;
                    int qi = base + i * ldq + ho;
                    int dzo = (e * tq + i - first) * lddz + ho;
                    float c = 0f;
                    for (int j = 0; j <= i; j++) {
                        int vj = base + j * ldq + 2 * s.qW + ho;
                        float dp = 0f;
                        for (int k = 0; k < hP; k++) dp += dz[dzo + k] * qkv[vj + k];
                        scratch[j] = dp;
                        c += probs[pr + j] * dp;
                    }
                    for (int j = 0; j <= i; j++) {
                        float p = probs[pr + j];
                        float ds = p * (scratch[j] - c) * s.scale;
                        int kj = base + j * ldq + s.qW + ho;
                        int vj = kj + s.qW;
                        for (int k = 0; k < hP; k++) {
                            dqkv[vj + k] += p * dz[dzo + k];
                            dqkv[qi + k] += ds * qkv[kj + k];
                            dqkv[kj + k] += ds * qkv[qi + k];
                        }
                    }
                }
            }
        }
    }
}
