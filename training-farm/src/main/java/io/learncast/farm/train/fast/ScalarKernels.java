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
}
