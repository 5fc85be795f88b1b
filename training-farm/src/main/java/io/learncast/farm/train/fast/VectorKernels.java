package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the Vector API (AVX-512 here: 16 floats a vector). Matrix products keep a block of
 * C in registers across the whole inner dimension (8 rows × 1 vector for {@code A·B}, 4 rows × 2 vectors
 * for {@code Aᵀ·B}): measured 70–85 GFLOP/s on this machine's shapes, against 6–8 for the plain loops
 * the JIT auto-vectorises. exp and tanh use the JDK's SVML intrinsics.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    String name() { return "vector" + L * 32; }

    @Override
    int lanes() { return L; }

    @Override
    void matmul(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n,
                float[] bias, int biasOff) {
        int i = 0;
        for (; i + 8 <= m; i += 8) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j += L) {
                FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) {
                    FloatVector bv = FloatVector.fromArray(S, b, bp);
                    int q = ai + p;
                    c0 = bv.fma(FloatVector.broadcast(S, a[q]), c0);
                    c1 = bv.fma(FloatVector.broadcast(S, a[q + lda]), c1);
                    c2 = bv.fma(FloatVector.broadcast(S, a[q + 2 * lda]), c2);
                    c3 = bv.fma(FloatVector.broadcast(S, a[q + 3 * lda]), c3);
                    c4 = bv.fma(FloatVector.broadcast(S, a[q + 4 * lda]), c4);
                    c5 = bv.fma(FloatVector.broadcast(S, a[q + 5 * lda]), c5);
                    c6 = bv.fma(FloatVector.broadcast(S, a[q + 6 * lda]), c6);
                    c7 = bv.fma(FloatVector.broadcast(S, a[q + 7 * lda]), c7);
                }
                if (bias != null) {
                    FloatVector bb = FloatVector.fromArray(S, bias, biasOff + j);
                    c0 = c0.add(bb); c1 = c1.add(bb); c2 = c2.add(bb); c3 = c3.add(bb);
                    c4 = c4.add(bb); c5 = c5.add(bb); c6 = c6.add(bb); c7 = c7.add(bb);
                }
                int co = cOff + i * ldc + j;
                c0.intoArray(c, co);
                c1.intoArray(c, co + ldc);
                c2.intoArray(c, co + 2 * ldc);
                c3.intoArray(c, co + 3 * ldc);
                c4.intoArray(c, co + 4 * ldc);
                c5.intoArray(c, co + 5 * ldc);
                c6.intoArray(c, co + 6 * ldc);
                c7.intoArray(c, co + 7 * ldc);
            }
        }
        for (; i < m; i++) {
            int ai = aOff + i * lda;
            for (int j = 0; j < n; j += L) {
                FloatVector c0 = FloatVector.zero(S);
                int bp = bOff + j;
                for (int p = 0; p < k; p++, bp += ldb) c0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ai + p]), c0);
                if (bias != null) c0 = c0.add(FloatVector.fromArray(S, bias, biasOff + j));
                c0.intoArray(c, cOff + i * ldc + j);
            }
        }
    }

    @Override
    void matmulTransAAcc(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n) {
        int i = 0;
        for (; i + 4 <= k; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                int co = cOff + i * ldc + j;
                FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + L);
                FloatVector c10 = FloatVector.fromArray(S, c, co + ldc), c11 = FloatVector.fromArray(S, c, co + ldc + L);
                FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
                FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
                int ao = aOff + i;
                int bo = bOff + j;
                for (int r = 0; r < m; r++, ao += lda, bo += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bo), b1 = FloatVector.fromArray(S, b, bo + L);
                    FloatVector x = FloatVector.broadcast(S, a[ao]);
                    c00 = b0.fma(x, c00);
                    c01 = b1.fma(x, c01);
                    x = FloatVector.broadcast(S, a[ao + 1]);
                    c10 = b0.fma(x, c10);
                    c11 = b1.fma(x, c11);
                    x = FloatVector.broadcast(S, a[ao + 2]);
                    c20 = b0.fma(x, c20);
                    c21 = b1.fma(x, c21);
                    x = FloatVector.broadcast(S, a[ao + 3]);
                    c30 = b0.fma(x, c30);
                    c31 = b1.fma(x, c31);
                }
                c00.intoArray(c, co);
                c01.intoArray(c, co + L);
                c10.intoArray(c, co + ldc);
                c11.intoArray(c, co + ldc + L);
                c20.intoArray(c, co + 2 * ldc);
                c21.intoArray(c, co + 2 * ldc + L);
                c30.intoArray(c, co + 3 * ldc);
                c31.intoArray(c, co + 3 * ldc + L);
            }
            for (; j < n; j += L) {
                int co = cOff + i * ldc + j;
                FloatVector c0 = FloatVector.fromArray(S, c, co), c1 = FloatVector.fromArray(S, c, co + ldc);
                FloatVector c2 = FloatVector.fromArray(S, c, co + 2 * ldc), c3 = FloatVector.fromArray(S, c, co + 3 * ldc);
                int ao = aOff + i;
                int bo = bOff + j;
                for (int r = 0; r < m; r++, ao += lda, bo += ldb) {
                    FloatVector b0 = FloatVector.fromArray(S, b, bo);
                    c0 = b0.fma(FloatVector.broadcast(S, a[ao]), c0);
                    c1 = b0.fma(FloatVector.broadcast(S, a[ao + 1]), c1);
                    c2 = b0.fma(FloatVector.broadcast(S, a[ao + 2]), c2);
                    c3 = b0.fma(FloatVector.broadcast(S, a[ao + 3]), c3);
                }
                c0.intoArray(c, co);
                c1.intoArray(c, co + ldc);
                c2.intoArray(c, co + 2 * ldc);
                c3.intoArray(c, co + 3 * ldc);
            }
        }
        for (; i < k; i++) {
            for (int j = 0; j < n; j += L) {
                int co = cOff + i * ldc + j;
                FloatVector c0 = FloatVector.fromArray(S, c, co);
                int ao = aOff + i;
                int bo = bOff + j;
                for (int r = 0; r < m; r++, ao += lda, bo += ldb) c0 = FloatVector.fromArray(S, b, bo).fma(FloatVector.broadcast(S, a[ao]), c0);
                c0.intoArray(c, co);
            }
        }
    }

    @Override
    void columnSumsAcc(float[] a, int aOff, int lda, int m, int n, float[] out, int outOff) {
        for (int j = 0; j < n; j += L) {
            FloatVector s = FloatVector.fromArray(S, out, outOff + j);
            int ar = aOff + j;
            for (int r = 0; r < m; r++, ar += lda) s = s.add(FloatVector.fromArray(S, a, ar));
            s.intoArray(out, outOff + j);
        }
    }

    @Override
    void embed(float[] table, int tableOff, int ldt, int[] rows, int rowsOff, int positions, int m, int n, float[] bias, int biasOff,
               float[] dst, int dstOff, int ldd) {
        for (int r = 0; r < m; r++) {
            int d = dstOff + r * ldd;
            int ro = rowsOff + r * positions;
            if (positions == 2) {
                int t0 = tableOff + rows[ro] * ldt;
                int t1 = tableOff + rows[ro + 1] * ldt;
                for (int j = 0; j < n; j += L) {
                    FloatVector.fromArray(S, table, t0 + j).add(FloatVector.fromArray(S, table, t1 + j))
                            .add(FloatVector.fromArray(S, bias, biasOff + j)).intoArray(dst, d + j);
                }
            } else {
                for (int j = 0; j < n; j += L) {
                    FloatVector s = FloatVector.fromArray(S, table, tableOff + rows[ro] * ldt + j);
                    for (int p = 1; p < positions; p++) s = s.add(FloatVector.fromArray(S, table, tableOff + rows[ro + p] * ldt + j));
                    s.add(FloatVector.fromArray(S, bias, biasOff + j)).intoArray(dst, d + j);
                }
            }
        }
    }

    @Override
    void embedBackward(float[] delta, int dOff, int ldd, int[] rows, int rowsOff, int positions, int m, int n, float[] grad, int gOff, int ldg) {
        for (int r = 0; r < m; r++) {
            int d = dOff + r * ldd;
            int ro = rowsOff + r * positions;
            for (int p = 0; p < positions; p++) {
                int g = gOff + rows[ro + p] * ldg;
                for (int j = 0; j < n; j += L) {
                    FloatVector.fromArray(S, grad, g + j).add(FloatVector.fromArray(S, delta, d + j)).intoArray(grad, g + j);
                }
            }
        }
    }

    @Override
    void activate(Activation f, float[] pre, float[] act, int off, int len) {
        int end = off + len;
        int i = off;
        int vend = off + len - len % L;
        switch (f) {
            case RELU -> {
                for (; i < vend; i += L) {
                    FloatVector v = FloatVector.fromArray(S, pre, i);
                    v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(act, i);
                }
            }
            case TANH -> {
                for (; i < vend; i += L) FloatVector.fromArray(S, pre, i).lanewise(VectorOperators.TANH).intoArray(act, i);
            }
            case GELU -> {
                for (; i < vend; i += L) {
                    FloatVector v = FloatVector.fromArray(S, pre, i);
                    FloatVector s = v.mul(-1.702f).lanewise(VectorOperators.EXP).add(1f);
                    v.div(s).intoArray(act, i);
                }
            }
            case QUADRATIC -> {
                for (; i < vend; i += L) {
                    FloatVector v = FloatVector.fromArray(S, pre, i);
                    v.mul(v).intoArray(act, i);
                }
            }
        }
        if (i < end) new ScalarKernels().activate(f, pre, act, i, end - i);
    }

    @Override
    void activationBackward(Activation f, float[] pre, float[] act, float[] eps, int off, int len) {
        int end = off + len;
        int i = off;
        int vend = off + len - len % L;
        switch (f) {
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < vend; i += L) {
                    VectorMask<Float> on = FloatVector.fromArray(S, pre, i).compare(VectorOperators.GT, 0f);
                    zero.blend(1f, on).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
                }
            }
            case TANH -> {
                for (; i < vend; i += L) {
                    FloatVector a = FloatVector.fromArray(S, act, i);
                    a.mul(a).neg().add(1f).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
                }
            }
            case GELU -> {
                for (; i < vend; i += L) {
                    FloatVector x = FloatVector.fromArray(S, pre, i).mul(1.702f);
                    FloatVector s = x.neg().lanewise(VectorOperators.EXP).add(1f);
                    s = FloatVector.broadcast(S, 1f).div(s);
                    FloatVector d = x.mul(s).mul(s.neg().add(1f)).add(s);
                    d.mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
                }
            }
            case QUADRATIC -> {
                for (; i < vend; i += L) {
                    FloatVector.fromArray(S, pre, i).mul(2f).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
                }
            }
        }
        if (i < end) new ScalarKernels().activationBackward(f, pre, act, eps, i, end - i);
    }

    @Override
    void softmax(float[] z, int off, int ld, int m, int n, float[] mask) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int j = 0; j < n; j += L) mx = mx.max(FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, j)));
            float max = mx.reduceLanes(VectorOperators.MAX);
            FloatVector sum = FloatVector.zero(S);
            for (int j = 0; j < n; j += L) {
                FloatVector e = FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, j)).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(z, o + j);
                sum = sum.add(e);
            }
            float total = sum.reduceLanes(VectorOperators.ADD);
            for (int j = 0; j < n; j += L) FloatVector.fromArray(S, z, o + j).div(total).intoArray(z, o + j);
        }
    }

    @Override
    void adam(float[] w, float[] g, float[] m, float[] v, int off, int len, float batch, float l2, float decoupled, float alphaT,
              float beta1, float beta2, float eps) {
        float ob1 = 1f - beta1;
        float ob2 = 1f - beta2;
        int end = off + len;
        int vend = off + len - len % L;
        int i = off;
        for (; i < vend; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, i);
            FloatVector gi = FloatVector.fromArray(S, g, i).div(batch);
            if (l2 != 0f) gi = wi.mul(l2).add(gi);
            FloatVector mi = FloatVector.fromArray(S, m, i).mul(beta1).add(gi.mul(ob1));
            FloatVector vi = FloatVector.fromArray(S, v, i).mul(beta2).add(gi.mul(gi).mul(ob2));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector u = mi.mul(alphaT).div(vi.sqrt().add(eps));
            if (decoupled != 0f) u = wi.mul(decoupled).add(u);
            wi.sub(u).intoArray(w, i);
        }
        if (i < end) new ScalarKernels().adam(w, g, m, v, i, end - i, batch, l2, decoupled, alphaT, beta1, beta2, eps);
    }

    @Override
    void sgd(float[] w, float[] g, int off, int len, float batch, float lr, float decoupled) {
        int end = off + len;
        int vend = off + len - len % L;
        int i = off;
        for (; i < vend; i += L) {
            FloatVector wi = FloatVector.fromArray(S, w, i);
            FloatVector u = FloatVector.fromArray(S, g, i).div(batch).mul(lr);
            if (decoupled != 0f) u = wi.mul(decoupled).add(u);
            wi.sub(u).intoArray(w, i);
        }
        if (i < end) new ScalarKernels().sgd(w, g, i, end - i, batch, lr, decoupled);
    }
}
