package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * SIMD kernels on the Vector API (AVX-512 here: 16 floats a vector). Matrix products keep a block of
 * C (12 rows × 2 vectors for {@code A·B}, 8 × 2 for {@code Aᵀ·B}) in registers across the whole inner
 * dimension: measured ~110 GFLOP/s on this machine's shapes, against 6–8 for the plain loops the JIT
 * auto-vectorises (docs/PERFORMANCE.md).
 *
 * <p>Every result must be bit-identical whether C2 has compiled a kernel yet or the JDK's pure-Java
 * fallback runs it (during warm-up): otherwise a run's curve would depend on JIT timing. So exp and
 * tanh are our own (Cephes' single-precision polynomials, ~1 ulp) rather than the SVML intrinsics, and
 * sums across lanes use a fixed pairwise order instead of {@code reduceLanes(ADD)}.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** For the (in practice never used) tails of elementwise loops whose length is not a multiple of L. */
    private static final ScalarKernels TAIL = new ScalarKernels();
    private static final VectorShuffle<Float> SWAP8 = L >= 16 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP4 = L >= 8 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP2 = VectorShuffle.fromOp(S, i -> i ^ 2);
    private static final VectorShuffle<Float> SWAP1 = VectorShuffle.fromOp(S, i -> i ^ 1);

    @Override
    String name() { return "vector" + L * 32; }

    @Override
    int lanes() { return L; }

    // Each microkernel is its own small method: C2 must inline every Vector API call of a loop nest to
    // turn it into SIMD instructions, and it stops inlining once a method grows past its budget.

    @Override
    void matmul(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n,
                float[] bias, int biasOff) {
        int i = 0;
        for (; i + 12 <= m; i += 12) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) block12x2(a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, bias, biasOff + j);
            for (; j < n; j += L) block12x1(a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, bias, biasOff + j);
        }
        for (; i + 8 <= m; i += 8) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) block8x2(a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, bias, biasOff + j);
            for (; j < n; j += L) block8x1(a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, bias, biasOff + j);
        }
        for (; i + 4 <= m; i += 4) {
            for (int j = 0; j < n; j += L) block4x1(a, aOff + i * lda, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, k, bias, biasOff + j);
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j += L) row1(a, aOff + i * lda, b, bOff + j, ldb, c, cOff + i * ldc + j, k, bias, biasOff + j);
        }
    }

    /** 12 rows of A times a two-vector column strip of B: 24 accumulators in registers (measured ~20 % faster than 8×2). */
    private static void block12x2(float[] a, int ai, int lda, float[] b, int bp, int ldb, float[] c, int co, int ldc, int k, float[] bias, int bo) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00, c80 = c00, c81 = c00, c90 = c00, c91 = c00, c100 = c00, c101 = c00, c110 = c00, c111 = c00;
        int l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda, l6 = 6 * lda, l7 = 7 * lda, l8 = 8 * lda, l9 = 9 * lda, l10 = 10 * lda, l11 = 11 * lda;
        for (int q = ai, end = ai + k; q < end; q++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[q + lda]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[q + l2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[q + l3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[q + l4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[q + l5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[q + l6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[q + l7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
            x = FloatVector.broadcast(S, a[q + l8]);
            c80 = b0.fma(x, c80);
            c81 = b1.fma(x, c81);
            x = FloatVector.broadcast(S, a[q + l9]);
            c90 = b0.fma(x, c90);
            c91 = b1.fma(x, c91);
            x = FloatVector.broadcast(S, a[q + l10]);
            c100 = b0.fma(x, c100);
            c101 = b1.fma(x, c101);
            x = FloatVector.broadcast(S, a[q + l11]);
            c110 = b0.fma(x, c110);
            c111 = b1.fma(x, c111);
        }
        if (bias != null) {
            FloatVector d0 = FloatVector.fromArray(S, bias, bo);
            FloatVector d1 = FloatVector.fromArray(S, bias, bo + L);
            c00 = c00.add(d0);
            c01 = c01.add(d1);
            c10 = c10.add(d0);
            c11 = c11.add(d1);
            c20 = c20.add(d0);
            c21 = c21.add(d1);
            c30 = c30.add(d0);
            c31 = c31.add(d1);
            c40 = c40.add(d0);
            c41 = c41.add(d1);
            c50 = c50.add(d0);
            c51 = c51.add(d1);
            c60 = c60.add(d0);
            c61 = c61.add(d1);
            c70 = c70.add(d0);
            c71 = c71.add(d1);
            c80 = c80.add(d0);
            c81 = c81.add(d1);
            c90 = c90.add(d0);
            c91 = c91.add(d1);
            c100 = c100.add(d0);
            c101 = c101.add(d1);
            c110 = c110.add(d0);
            c111 = c111.add(d1);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        co += ldc;
        c40.intoArray(c, co);
        c41.intoArray(c, co + L);
        co += ldc;
        c50.intoArray(c, co);
        c51.intoArray(c, co + L);
        co += ldc;
        c60.intoArray(c, co);
        c61.intoArray(c, co + L);
        co += ldc;
        c70.intoArray(c, co);
        c71.intoArray(c, co + L);
        co += ldc;
        c80.intoArray(c, co);
        c81.intoArray(c, co + L);
        co += ldc;
        c90.intoArray(c, co);
        c91.intoArray(c, co + L);
        co += ldc;
        c100.intoArray(c, co);
        c101.intoArray(c, co + L);
        co += ldc;
        c110.intoArray(c, co);
        c111.intoArray(c, co + L);
    }

    /** 12 rows of A times one vector of B: the odd vector left of a padded fan-out. */
    private static void block12x1(float[] a, int ai, int lda, float[] b, int bp, int ldb, float[] c, int co, int ldc, int k, float[] bias, int bo) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        int l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda, l6 = 6 * lda, l7 = 7 * lda, l8 = 8 * lda, l9 = 9 * lda, l10 = 10 * lda, l11 = 11 * lda;
        for (int q = ai, end = ai + k; q < end; q++, bp += ldb) {
            FloatVector bv = FloatVector.fromArray(S, b, bp);
            c0 = bv.fma(FloatVector.broadcast(S, a[q]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[q + lda]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[q + l2]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[q + l3]), c3);
            c4 = bv.fma(FloatVector.broadcast(S, a[q + l4]), c4);
            c5 = bv.fma(FloatVector.broadcast(S, a[q + l5]), c5);
            c6 = bv.fma(FloatVector.broadcast(S, a[q + l6]), c6);
            c7 = bv.fma(FloatVector.broadcast(S, a[q + l7]), c7);
            c8 = bv.fma(FloatVector.broadcast(S, a[q + l8]), c8);
            c9 = bv.fma(FloatVector.broadcast(S, a[q + l9]), c9);
            c10 = bv.fma(FloatVector.broadcast(S, a[q + l10]), c10);
            c11 = bv.fma(FloatVector.broadcast(S, a[q + l11]), c11);
        }
        if (bias != null) {
            FloatVector bb = FloatVector.fromArray(S, bias, bo);
            c0 = c0.add(bb);
            c1 = c1.add(bb);
            c2 = c2.add(bb);
            c3 = c3.add(bb);
            c4 = c4.add(bb);
            c5 = c5.add(bb);
            c6 = c6.add(bb);
            c7 = c7.add(bb);
            c8 = c8.add(bb);
            c9 = c9.add(bb);
            c10 = c10.add(bb);
            c11 = c11.add(bb);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
        c6.intoArray(c, co + 6 * ldc);
        c7.intoArray(c, co + 7 * ldc);
        c8.intoArray(c, co + 8 * ldc);
        c9.intoArray(c, co + 9 * ldc);
        c10.intoArray(c, co + 10 * ldc);
        c11.intoArray(c, co + 11 * ldc);
    }

    private static void block4x1(float[] a, int ai, int lda, float[] b, int bp, int ldb, float[] c, int co, int ldc, int k, float[] bias, int bo) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int l2 = 2 * lda, l3 = 3 * lda;
        for (int q = ai, end = ai + k; q < end; q++, bp += ldb) {
            FloatVector bv = FloatVector.fromArray(S, b, bp);
            c0 = bv.fma(FloatVector.broadcast(S, a[q]), c0);
            c1 = bv.fma(FloatVector.broadcast(S, a[q + lda]), c1);
            c2 = bv.fma(FloatVector.broadcast(S, a[q + l2]), c2);
            c3 = bv.fma(FloatVector.broadcast(S, a[q + l3]), c3);
        }
        if (bias != null) {
            FloatVector bb = FloatVector.fromArray(S, bias, bo);
            c0 = c0.add(bb);
            c1 = c1.add(bb);
            c2 = c2.add(bb);
            c3 = c3.add(bb);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
    }

    /** 8 rows of A times a two-vector column strip of B: 16 accumulators stay in registers over all of k. */
    private static void block8x2(float[] a, int ai, int lda, float[] b, int bp, int ldb, float[] c, int co, int ldc, int k, float[] bias, int bo) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int l2 = 2 * lda, l3 = 3 * lda, l4 = 4 * lda, l5 = 5 * lda, l6 = 6 * lda, l7 = 7 * lda;
        for (int q = ai, end = ai + k; q < end; q++, bp += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bp);
            FloatVector b1 = FloatVector.fromArray(S, b, bp + L);
            FloatVector x = FloatVector.broadcast(S, a[q]);
            c00 = b0.fma(x, c00);
            c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, a[q + lda]);
            c10 = b0.fma(x, c10);
            c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, a[q + l2]);
            c20 = b0.fma(x, c20);
            c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, a[q + l3]);
            c30 = b0.fma(x, c30);
            c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, a[q + l4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[q + l5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[q + l6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[q + l7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        if (bias != null) {
            FloatVector d0 = FloatVector.fromArray(S, bias, bo);
            FloatVector d1 = FloatVector.fromArray(S, bias, bo + L);
            c00 = c00.add(d0);
            c01 = c01.add(d1);
            c10 = c10.add(d0);
            c11 = c11.add(d1);
            c20 = c20.add(d0);
            c21 = c21.add(d1);
            c30 = c30.add(d0);
            c31 = c31.add(d1);
            c40 = c40.add(d0);
            c41 = c41.add(d1);
            c50 = c50.add(d0);
            c51 = c51.add(d1);
            c60 = c60.add(d0);
            c61 = c61.add(d1);
            c70 = c70.add(d0);
            c71 = c71.add(d1);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        co += ldc;
        c40.intoArray(c, co);
        c41.intoArray(c, co + L);
        co += ldc;
        c50.intoArray(c, co);
        c51.intoArray(c, co + L);
        co += ldc;
        c60.intoArray(c, co);
        c61.intoArray(c, co + L);
        co += ldc;
        c70.intoArray(c, co);
        c71.intoArray(c, co + L);
    }

    /** Rows ai… (8 of them) of A times one vector-wide column strip of B, kept in 8 registers over all of k. */
    private static void block8x1(float[] a, int ai, int lda, float[] b, int bp, int ldb, float[] c, int co, int ldc, int k, float[] bias, int bo) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
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
            FloatVector bb = FloatVector.fromArray(S, bias, bo);
            c0 = c0.add(bb);
            c1 = c1.add(bb);
            c2 = c2.add(bb);
            c3 = c3.add(bb);
            c4 = c4.add(bb);
            c5 = c5.add(bb);
            c6 = c6.add(bb);
            c7 = c7.add(bb);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
        c6.intoArray(c, co + 6 * ldc);
        c7.intoArray(c, co + 7 * ldc);
    }

    private static void row1(float[] a, int ai, float[] b, int bp, int ldb, float[] c, int co, int k, float[] bias, int bo) {
        FloatVector c0 = FloatVector.zero(S);
        for (int p = 0; p < k; p++, bp += ldb) c0 = FloatVector.fromArray(S, b, bp).fma(FloatVector.broadcast(S, a[ai + p]), c0);
        if (bias != null) c0 = c0.add(FloatVector.fromArray(S, bias, bo));
        c0.intoArray(c, co);
    }

    @Override
    void matmulTransAAcc(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int k, int n) {
        int i = 0;
        for (; i + 8 <= k; i += 8) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) tBlock8x2(a, aOff + i, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, m);
            for (; j < n; j += L) tBlock8x1(a, aOff + i, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, m);
        }
        for (; i + 4 <= k; i += 4) {
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) tBlock4x2(a, aOff + i, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, m);
            for (; j < n; j += L) tBlock4x1(a, aOff + i, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, ldc, m);
        }
        for (; i < k; i++) {
            for (int j = 0; j < n; j += L) tRow1(a, aOff + i, lda, b, bOff + j, ldb, c, cOff + i * ldc + j, m);
        }
    }

    /** Eight rows of C (columns ao… of A, contiguous in each row of A) by two vectors, accumulated over all m rows. */
    private static void tBlock8x2(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc, int m) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc), c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
        FloatVector c40 = FloatVector.fromArray(S, c, co + 4 * ldc), c41 = FloatVector.fromArray(S, c, co + 4 * ldc + L);
        FloatVector c50 = FloatVector.fromArray(S, c, co + 5 * ldc), c51 = FloatVector.fromArray(S, c, co + 5 * ldc + L);
        FloatVector c60 = FloatVector.fromArray(S, c, co + 6 * ldc), c61 = FloatVector.fromArray(S, c, co + 6 * ldc + L);
        FloatVector c70 = FloatVector.fromArray(S, c, co + 7 * ldc), c71 = FloatVector.fromArray(S, c, co + 7 * ldc + L);
        for (int r = 0; r < m; r++, ao += lda, bo += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
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
            x = FloatVector.broadcast(S, a[ao + 4]);
            c40 = b0.fma(x, c40);
            c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, a[ao + 5]);
            c50 = b0.fma(x, c50);
            c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, a[ao + 6]);
            c60 = b0.fma(x, c60);
            c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, a[ao + 7]);
            c70 = b0.fma(x, c70);
            c71 = b1.fma(x, c71);
        }
        c00.intoArray(c, co);
        c01.intoArray(c, co + L);
        co += ldc;
        c10.intoArray(c, co);
        c11.intoArray(c, co + L);
        co += ldc;
        c20.intoArray(c, co);
        c21.intoArray(c, co + L);
        co += ldc;
        c30.intoArray(c, co);
        c31.intoArray(c, co + L);
        co += ldc;
        c40.intoArray(c, co);
        c41.intoArray(c, co + L);
        co += ldc;
        c50.intoArray(c, co);
        c51.intoArray(c, co + L);
        co += ldc;
        c60.intoArray(c, co);
        c61.intoArray(c, co + L);
        co += ldc;
        c70.intoArray(c, co);
        c71.intoArray(c, co + L);
    }

    /** Four rows of C (columns ao… of A) by two vectors, accumulated over all m rows of A and B. */
    private static void tBlock4x2(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc, int m) {
        FloatVector c00 = FloatVector.fromArray(S, c, co), c01 = FloatVector.fromArray(S, c, co + L);
        FloatVector c10 = FloatVector.fromArray(S, c, co + ldc), c11 = FloatVector.fromArray(S, c, co + ldc + L);
        FloatVector c20 = FloatVector.fromArray(S, c, co + 2 * ldc), c21 = FloatVector.fromArray(S, c, co + 2 * ldc + L);
        FloatVector c30 = FloatVector.fromArray(S, c, co + 3 * ldc), c31 = FloatVector.fromArray(S, c, co + 3 * ldc + L);
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

    private static void tBlock8x1(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc, int m) {
        FloatVector c0 = FloatVector.fromArray(S, c, co);
        FloatVector c1 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c2 = FloatVector.fromArray(S, c, co + 2 * ldc);
        FloatVector c3 = FloatVector.fromArray(S, c, co + 3 * ldc);
        FloatVector c4 = FloatVector.fromArray(S, c, co + 4 * ldc);
        FloatVector c5 = FloatVector.fromArray(S, c, co + 5 * ldc);
        FloatVector c6 = FloatVector.fromArray(S, c, co + 6 * ldc);
        FloatVector c7 = FloatVector.fromArray(S, c, co + 7 * ldc);
        for (int r = 0; r < m; r++, ao += lda, bo += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bo);
            c0 = b0.fma(FloatVector.broadcast(S, a[ao]), c0);
            c1 = b0.fma(FloatVector.broadcast(S, a[ao + 1]), c1);
            c2 = b0.fma(FloatVector.broadcast(S, a[ao + 2]), c2);
            c3 = b0.fma(FloatVector.broadcast(S, a[ao + 3]), c3);
            c4 = b0.fma(FloatVector.broadcast(S, a[ao + 4]), c4);
            c5 = b0.fma(FloatVector.broadcast(S, a[ao + 5]), c5);
            c6 = b0.fma(FloatVector.broadcast(S, a[ao + 6]), c6);
            c7 = b0.fma(FloatVector.broadcast(S, a[ao + 7]), c7);
        }
        c0.intoArray(c, co);
        c1.intoArray(c, co + ldc);
        c2.intoArray(c, co + 2 * ldc);
        c3.intoArray(c, co + 3 * ldc);
        c4.intoArray(c, co + 4 * ldc);
        c5.intoArray(c, co + 5 * ldc);
        c6.intoArray(c, co + 6 * ldc);
        c7.intoArray(c, co + 7 * ldc);
    }

    private static void tBlock4x1(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int ldc, int m) {
        FloatVector c0 = FloatVector.fromArray(S, c, co), c1 = FloatVector.fromArray(S, c, co + ldc);
        FloatVector c2 = FloatVector.fromArray(S, c, co + 2 * ldc), c3 = FloatVector.fromArray(S, c, co + 3 * ldc);
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

    private static void tRow1(float[] a, int ao, int lda, float[] b, int bo, int ldb, float[] c, int co, int m) {
        FloatVector c0 = FloatVector.fromArray(S, c, co);
        for (int r = 0; r < m; r++, ao += lda, bo += ldb) c0 = FloatVector.fromArray(S, b, bo).fma(FloatVector.broadcast(S, a[ao]), c0);
        c0.intoArray(c, co);
    }

    /**
     * Sixteen rows at a time: one gather per column of {@code w} fills a vector of the transposed row (the
     * scalar tile loop cost ~1 ns an element, 5 % of a step on the 2-digit addition workload).
     */
    @Override
    void transpose(float[] w, int wOff, int ldw, int rows, int cols, float[] wt, int ldwt, int[] rowMap) {
        int full = rows - rows % L;
        for (int i = 0; i < full; i += L) gatherColumns(w, wOff + i * ldw, rowMap, cols, wt, i, ldwt);
        if (full < rows) transposeTiles(w, wOff + full * ldw, ldw, rows - full, cols, wt, ldwt, full);
    }

    private static void gatherColumns(float[] w, int base, int[] map, int cols, float[] wt, int i, int ldwt) {
        for (int j = 0; j < cols; j++) FloatVector.fromArray(S, w, base + j, map, 0).intoArray(wt, j * ldwt + i);
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
        int vend = off + len - len % L;
        switch (f) {
            case RELU -> relu(pre, act, off, vend);
            case TANH -> tanh(pre, act, off, vend);
            case GELU -> gelu(pre, act, off, vend);
            case QUADRATIC -> square(pre, act, off, vend);
        }
        if (vend < off + len) TAIL.activate(f, pre, act, vend, off + len - vend);
    }

    private static void relu(float[] pre, float[] act, int i, int end) {
        for (; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, pre, i);
            v.blend(0f, v.compare(VectorOperators.LT, 0f)).intoArray(act, i);
        }
    }

    /** Two passes: e^(2|x|) first, then the rest (see {@link #tanh(FloatVector)}). */
    private static void tanh(float[] pre, float[] act, int i, int end) {
        expOfAbs(pre, 2f, act, i, end);
        tanhFromExp(pre, act, i, end);
    }

    private static void tanhFromExp(float[] pre, float[] act, int i, int end) {
        for (; i < end; i += L) tanhFromExp(FloatVector.fromArray(S, pre, i), FloatVector.fromArray(S, act, i)).intoArray(act, i);
    }

    /** x·σ(1.702x) = x / (1 + e^(−1.702x)), in two passes. */
    private static void gelu(float[] pre, float[] act, int i, int end) {
        expOf(pre, -1.702f, act, i, end);
        for (; i < end; i += L) FloatVector.fromArray(S, pre, i).div(FloatVector.fromArray(S, act, i).add(1f)).intoArray(act, i);
    }

    /**
     * {@code dst = e^(scale·x)} over {@code [i, end)}. Exponentials live in small loops like this one, one
     * exp each, taking and returning only arrays: C2's inlining budget runs out quickly on Vector API code,
     * and a vector passed to or returned from a method it declined to inline is boxed on the heap.
     */
    private static void expOf(float[] src, float scale, float[] dst, int i, int end) {
        for (; i < end; i += L) exp(FloatVector.fromArray(S, src, i).mul(scale)).intoArray(dst, i);
    }

    /** {@code dst = e^(scale·|x|)}. */
    private static void expOfAbs(float[] src, float scale, float[] dst, int i, int end) {
        for (; i < end; i += L) exp(FloatVector.fromArray(S, src, i).abs().mul(scale)).intoArray(dst, i);
    }

    private static void square(float[] pre, float[] act, int i, int end) {
        for (; i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, pre, i);
            v.mul(v).intoArray(act, i);
        }
    }

    @Override
    void activationBackward(Activation f, float[] pre, float[] act, float[] eps, float[] scratch, int off, int len) {
        int vend = off + len - len % L;
        switch (f) {
            case RELU -> reluBackward(pre, eps, off, vend);
            case TANH -> tanhBackward(act, eps, off, vend);
            case GELU -> geluBackward(pre, eps, scratch, off, vend);
            case QUADRATIC -> squareBackward(pre, eps, off, vend);
        }
        if (vend < off + len) TAIL.activationBackward(f, pre, act, eps, scratch, vend, off + len - vend);
    }

    /** DL4J multiplies by the derivative (1 where x &gt; 0, else 0), so a NaN gradient stays NaN. */
    private static void reluBackward(float[] pre, float[] eps, int i, int end) {
        FloatVector zero = FloatVector.zero(S);
        for (; i < end; i += L) {
            VectorMask<Float> on = FloatVector.fromArray(S, pre, i).compare(VectorOperators.GT, 0f);
            zero.blend(1f, on).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
        }
    }

    private static void tanhBackward(float[] act, float[] eps, int i, int end) {
        for (; i < end; i += L) {
            FloatVector a = FloatVector.fromArray(S, act, i);
            a.mul(a).neg().add(1f).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
        }
    }

    /** d/dx x·σ(1.702x) = s + 1.702x·s·(1−s) with s = σ(1.702x); e^(−1.702x) goes through {@code scratch}. */
    private static void geluBackward(float[] pre, float[] eps, float[] scratch, int i, int end) {
        expOf(pre, -1.702f, scratch, i, end);
        for (; i < end; i += L) {
            FloatVector x = FloatVector.fromArray(S, pre, i).mul(1.702f);
            FloatVector sg = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, scratch, i).add(1f));
            x.mul(sg).mul(sg.neg().add(1f)).add(sg).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
        }
    }

    private static void squareBackward(float[] pre, float[] eps, int i, int end) {
        for (; i < end; i += L) FloatVector.fromArray(S, pre, i).mul(2f).mul(FloatVector.fromArray(S, eps, i)).intoArray(eps, i);
    }

    @Override
    void softmax(float[] z, int off, int ld, int m, int n, float[] mask) {
        for (int r = 0; r < m; r++) softmaxRow(z, off + r * ld, n, mask);
    }

    /** Four array-to-array passes, each small enough for C2 to compile whole (see {@link #expOf}). */
    private static void softmaxRow(float[] z, int o, int n, float[] mask) {
        float max = maskedMax(z, o, n, mask);
        expShifted(z, o, n, mask, max);
        float total = rowSum(z, o, n);
        for (int j = 0; j < n; j += L) FloatVector.fromArray(S, z, o + j).div(total).intoArray(z, o + j);
    }

    private static float maskedMax(float[] z, int o, int n, float[] mask) {
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j += L) mx = mx.max(FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, j)));
        return mx.reduceLanes(VectorOperators.MAX);
    }

    private static void expShifted(float[] z, int o, int n, float[] mask, float max) {
        for (int j = 0; j < n; j += L) exp(FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, j)).sub(max)).intoArray(z, o + j);
    }

    /** The row's sum: lane-wise, then across lanes in a fixed pairwise order (reduceLanes(ADD) sums in another order once compiled). */
    private static float rowSum(float[] z, int o, int n) {
        FloatVector v = FloatVector.fromArray(S, z, o);
        for (int j = L; j < n; j += L) v = v.add(FloatVector.fromArray(S, z, o + j));
        if (SWAP8 != null) v = v.add(v.rearrange(SWAP8));
        if (SWAP4 != null) v = v.add(v.rearrange(SWAP4));
        v = v.add(v.rearrange(SWAP2));
        v = v.add(v.rearrange(SWAP1));
        return v.lane(0);
    }

    @Override
    double margins(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff, double sum) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            int at = o + labels[labelOff + r];
            float label = z[at];
            // the largest other logit: the masked max with the label's lane at −∞ (max is exact, so this is the scalar loops' number)
            z[at] = Float.NEGATIVE_INFINITY;
            float other = maskedMax(z, o, n, mask);
            z[at] = label;
            sum += label - other;
        }
        return sum;
    }

    @Override
    void score(float[] z, int off, int ld, int m, int n, int classes, float[] mask, int[] labels, int labelOff, float[] labelProb, int[] best) {
        for (int r = 0; r < m; r++) {
            int o = off + r * ld;
            float max = maskedMax(z, o, n, mask);
            int b = firstIndexOf(z, o, n, mask, max);
            best[r] = b < classes ? b : 0;
            expShifted(z, o, n, mask, max); // the row now holds e^(z − max)
            labelProb[r] = z[o + labels[labelOff + r]] / rowSum(z, o, n);
        }
    }

    /** The first column whose masked value equals {@code value} (n when there is none: a NaN row). */
    private static int firstIndexOf(float[] z, int o, int n, float[] mask, float value) {
        for (int j = 0; j < n; j += L) {
            VectorMask<Float> hit = FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, j)).compare(VectorOperators.EQ, value);
            if (hit.anyTrue()) return j + hit.firstTrue();
        }
        return n;
    }


    private static final float LOG2E = 1.44269504088896341f;
    private static final float MAGIC = 12582912f; // 1.5·2²³: adding it rounds to an integer, held in the low mantissa bits
    private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

    /**
     * e^x as Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-7 polynomial, 2^n built in the
     * exponent bits. Below −87.34 the result is 0 and above 88.72 it is +∞ (padded softmax classes get
     * exactly 0); NaN stays NaN.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-87.33654f).min(88.72283f);
        FloatVector big = xc.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, MAGIC));
        FloatVector n = big.sub(MAGIC);
        FloatVector r = xc.sub(n.mul(0.693359375f)).sub(n.mul(-2.12194440e-4f));
        FloatVector y = r.mul(1.9875691500e-4f).add(1.3981999507e-3f);
        y = y.fma(r, FloatVector.broadcast(S, 8.3334519073e-3f));
        y = y.fma(r, FloatVector.broadcast(S, 4.1665795894e-2f));
        y = y.fma(r, FloatVector.broadcast(S, 1.6666665459e-1f));
        y = y.fma(r, FloatVector.broadcast(S, 5.0000001201e-1f));
        y = y.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) big.reinterpretAsInts()).sub(MAGIC_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        FloatVector e = y.mul(bits.reinterpretAsFloats());
        e = e.blend(0f, x.compare(VectorOperators.LT, -87.33654f));
        return e.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, 88.72283f));
    }

    /** tanh as Cephes' tanhf: an odd polynomial below |x| = 0.625, 1 − 2/(e^(2|x|) + 1) with the sign restored above. */
    static FloatVector tanh(FloatVector x) {
        return tanhFromExp(x, exp(x.abs().mul(2f)));
    }

    /** tanh(x) given {@code e = e^(2|x|)}. */
    private static FloatVector tanhFromExp(FloatVector x, FloatVector e) {
        FloatVector ax = x.abs();
        FloatVector s = x.mul(x);
        FloatVector p = s.mul(-5.70498872745e-3f).add(2.06390887954e-2f);
        p = p.fma(s, FloatVector.broadcast(S, -5.37397155531e-2f));
        p = p.fma(s, FloatVector.broadcast(S, 1.33314422036e-1f));
        p = p.fma(s, FloatVector.broadcast(S, -3.33332819422e-1f));
        FloatVector small = p.mul(s).fma(x, x);
        FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
        large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
        return small.blend(large, ax.compare(VectorOperators.GT, 0.625f));
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
        if (i < end) TAIL.adam(w, g, m, v, i, end - i, batch, l2, decoupled, alphaT, beta1, beta2, eps);
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
        if (i < end) TAIL.sgd(w, g, i, end - i, batch, lr, decoupled);
    }

    // ---------------------------------------------------------------- the transformer's kernels
    // Same rules as above: small array-to-array methods, no vector crosses a method boundary, lane sums
    // in the fixed pairwise order (each reduction written out where it is needed).

    @Override
    void add(float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, int m, int n) {
        for (int r = 0; r < m; r++) addRow(a, aOff + r * lda, b, bOff + r * ldb, c, cOff + r * ldc, n);
    }

    private static void addRow(float[] a, int ao, float[] b, int bo, float[] c, int co, int n) {
        for (int j = 0; j < n; j += L) FloatVector.fromArray(S, a, ao + j).add(FloatVector.fromArray(S, b, bo + j)).intoArray(c, co + j);
    }

    @Override
    void layerNorm(float[] x, int xOff, int ldx, int m, int d, int n, float[] colMask, float[] gain, int gOff, float[] bias, int bOff,
                   float eps, float[] y, int yOff, int ldy, float[] mean, float[] rstd, int sOff) {
        for (int r = 0; r < m; r++) {
            int xo = xOff + r * ldx;
            float mu = rowSum(x, xo, n) / d; // padding columns are 0
            float var = centredSquares(x, xo, n, colMask, mu) / d;
            float rs = (float) (1.0 / Math.sqrt(var + eps));
            mean[sOff + r] = mu;
            rstd[sOff + r] = rs;
            normalise(x, xo, n, mu, rs, gain, gOff, bias, bOff, y, yOff + r * ldy);
        }
    }

    /** Σ over the real columns of (x − mu)². */
    private static float centredSquares(float[] x, int o, int n, float[] mask, float mu) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            FloatVector c = FloatVector.fromArray(S, x, o + j).sub(mu).mul(FloatVector.fromArray(S, mask, j));
            acc = c.fma(c, acc);
        }
        if (SWAP8 != null) acc = acc.add(acc.rearrange(SWAP8));
        if (SWAP4 != null) acc = acc.add(acc.rearrange(SWAP4));
        acc = acc.add(acc.rearrange(SWAP2));
        acc = acc.add(acc.rearrange(SWAP1));
        return acc.lane(0);
    }

    /** Padded columns have gain and bias 0, so they come out 0. */
    private static void normalise(float[] x, int xo, int n, float mu, float rs, float[] gain, int gOff, float[] bias, int bOff, float[] y, int yo) {
        for (int j = 0; j < n; j += L) {
            FloatVector.fromArray(S, x, xo + j).sub(mu).mul(rs).mul(FloatVector.fromArray(S, gain, gOff + j))
                    .add(FloatVector.fromArray(S, bias, bOff + j)).intoArray(y, yo + j);
        }
    }

    @Override
    void layerNormBackward(float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy, int m, int d, int n, float[] colMask, float[] gain,
                           int gOff, float[] mean, float[] rstd, int sOff, float[] dx, int dxOff, int lddx, boolean accumulate, float[] dGain,
                           int dgOff, float[] dBias, int dbOff) {
        for (int r = 0; r < m; r++) {
            int xo = xOff + r * ldx, go = dyOff + r * lddy;
            float mu = mean[sOff + r], rs = rstd[sOff + r];
            float m1 = lnGradSum(dy, go, n, gain, gOff, dBias, dbOff) / d;
            float m2 = lnGradDotXhat(x, xo, dy, go, n, colMask, gain, gOff, mu, rs, dGain, dgOff) / d;
            lnInputGrad(x, xo, dy, go, n, colMask, gain, gOff, mu, rs, m1, m2, dx, dxOff + r * lddx, accumulate);
        }
    }

    /** Σ dy·gain over the row; adds dy to dBias on the way. */
    private static float lnGradSum(float[] dy, int go, int n, float[] gain, int gOff, float[] dBias, int dbOff) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            FloatVector g = FloatVector.fromArray(S, dy, go + j);
            g.add(FloatVector.fromArray(S, dBias, dbOff + j)).intoArray(dBias, dbOff + j);
            acc = acc.add(g.mul(FloatVector.fromArray(S, gain, gOff + j)));
        }
        if (SWAP8 != null) acc = acc.add(acc.rearrange(SWAP8));
        if (SWAP4 != null) acc = acc.add(acc.rearrange(SWAP4));
        acc = acc.add(acc.rearrange(SWAP2));
        acc = acc.add(acc.rearrange(SWAP1));
        return acc.lane(0);
    }

    /** Σ dy·gain·x̂ over the row; adds dy·x̂ to dGain on the way. */
    private static float lnGradDotXhat(float[] x, int xo, float[] dy, int go, int n, float[] mask, float[] gain, int gOff, float mu, float rs,
                                       float[] dGain, int dgOff) {
        FloatVector acc = FloatVector.zero(S);
        for (int j = 0; j < n; j += L) {
            FloatVector xh = FloatVector.fromArray(S, x, xo + j).sub(mu).mul(rs).mul(FloatVector.fromArray(S, mask, j));
            FloatVector g = FloatVector.fromArray(S, dy, go + j);
            g.fma(xh, FloatVector.fromArray(S, dGain, dgOff + j)).intoArray(dGain, dgOff + j);
            acc = g.mul(FloatVector.fromArray(S, gain, gOff + j)).fma(xh, acc);
        }
        if (SWAP8 != null) acc = acc.add(acc.rearrange(SWAP8));
        if (SWAP4 != null) acc = acc.add(acc.rearrange(SWAP4));
        acc = acc.add(acc.rearrange(SWAP2));
        acc = acc.add(acc.rearrange(SWAP1));
        return acc.lane(0);
    }

    private static void lnInputGrad(float[] x, int xo, float[] dy, int go, int n, float[] mask, float[] gain, int gOff, float mu, float rs,
                                    float m1, float m2, float[] dx, int o, boolean accumulate) {
        for (int j = 0; j < n; j += L) {
            FloatVector mk = FloatVector.fromArray(S, mask, j);
            FloatVector xh = FloatVector.fromArray(S, x, xo + j).sub(mu).mul(rs).mul(mk);
            FloatVector g = FloatVector.fromArray(S, dy, go + j).mul(FloatVector.fromArray(S, gain, gOff + j));
            FloatVector v = g.sub(m1).sub(xh.mul(m2)).mul(rs).mul(mk);
            if (accumulate) v = v.add(FloatVector.fromArray(S, dx, o + j));
            v.intoArray(dx, o + j);
        }
    }

    @Override
    void attention(AttentionShape s, float[] qkv, int first, int n, float[] probs, float[] z, int ldz) {
        int t = s.t, tq = t - first, hP = s.hP, ldq = s.ldq;
        for (int e = 0; e < n; e++) {
            int base = e * t * ldq;
            for (int h = 0; h < s.heads; h++) {
                int ho = h * hP;
                for (int i = first; i < t; i++) {
                    int pr = ((e * s.heads + h) * tq + i - first) * s.tP;
                    int qi = base + i * ldq + ho;
                    for (int j = 0; j <= i; j++) probs[pr + j] = dot(qkv, qi, qkv, base + j * ldq + s.qW + ho, hP) * s.scale;
                    java.util.Arrays.fill(probs, pr + i + 1, pr + s.tP, 0f);
                    softmaxMasked(probs, pr, s.tP, s.causal, i * s.tP);
                    mix(probs, pr, i + 1, qkv, base + 2 * s.qW + ho, ldq, hP, z, (e * tq + i - first) * ldz + ho);
                }
            }
        }
    }

    /** a·b over {@code len} floats (a multiple of L), lanes summed in the fixed pairwise order. */
    private static float dot(float[] a, int ao, float[] b, int bo, int len) {
        FloatVector acc = FloatVector.fromArray(S, a, ao).mul(FloatVector.fromArray(S, b, bo));
        for (int c = L; c < len; c += L) acc = FloatVector.fromArray(S, a, ao + c).fma(FloatVector.fromArray(S, b, bo + c), acc);
        if (SWAP8 != null) acc = acc.add(acc.rearrange(SWAP8));
        if (SWAP4 != null) acc = acc.add(acc.rearrange(SWAP4));
        acc = acc.add(acc.rearrange(SWAP2));
        acc = acc.add(acc.rearrange(SWAP1));
        return acc.lane(0);
    }

    /** Softmax of one row of attention scores with the causal mask row at {@code mask[mo …]}. */
    private static void softmaxMasked(float[] z, int o, int n, float[] mask, int mo) {
        float max = maskedMaxAt(z, o, n, mask, mo);
        expShiftedAt(z, o, n, mask, mo, max);
        float total = rowSum(z, o, n);
        for (int j = 0; j < n; j += L) FloatVector.fromArray(S, z, o + j).div(total).intoArray(z, o + j);
    }

    private static float maskedMaxAt(float[] z, int o, int n, float[] mask, int mo) {
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < n; j += L) mx = mx.max(FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, mo + j)));
        return mx.reduceLanes(VectorOperators.MAX); // max is exact in any order
    }

    private static void expShiftedAt(float[] z, int o, int n, float[] mask, int mo, float max) {
        for (int j = 0; j < n; j += L) exp(FloatVector.fromArray(S, z, o + j).add(FloatVector.fromArray(S, mask, mo + j)).sub(max)).intoArray(z, o + j);
    }

    /** {@code z[zo …] = Σ_{j < count} p_j · v_j}, the value rows {@code ldq} apart. */
    private static void mix(float[] p, int po, int count, float[] qkv, int vo, int ldq, int hP, float[] z, int zo) {
        for (int c = 0; c < hP; c += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int j = 0; j < count; j++) acc = FloatVector.fromArray(S, qkv, vo + j * ldq + c).fma(FloatVector.broadcast(S, p[po + j]), acc);
            acc.intoArray(z, zo + c);
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
                        float dp = dot(dz, dzo, qkv, base + j * ldq + 2 * s.qW + ho, hP);
                        scratch[j] = dp;
                        c += probs[pr + j] * dp;
                    }
                    for (int j = 0; j <= i; j++) {
                        float p = probs[pr + j];
                        float ds = p * (scratch[j] - c) * s.scale;
                        int kj = base + j * ldq + s.qW + ho;
                        axpy(dqkv, kj + s.qW, dz, dzo, p, hP); // dV_j += p_j·dz_i
                        axpy(dqkv, qi, qkv, kj, ds, hP);       // dQ_i += ds_j·K_j
                        axpy(dqkv, kj, qkv, qi, ds, hP);       // dK_j += ds_j·Q_i
                    }
                }
            }
        }
    }

    /** {@code y[yo …] += a·x[xo …]} over len floats. */
    private static void axpy(float[] y, int yo, float[] x, int xo, float a, int len) {
        for (int c = 0; c < len; c += L) FloatVector.fromArray(S, x, xo + c).fma(FloatVector.broadcast(S, a), FloatVector.fromArray(S, y, yo + c)).intoArray(y, yo + c);
    }
}
