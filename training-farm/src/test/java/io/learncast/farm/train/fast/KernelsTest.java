package io.learncast.farm.train.fast;

import io.learncast.farm.config.Activation;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** The SIMD kernels against plain loops, on shapes with every kind of remainder. */
class KernelsTest {
    final Kernels vec = Kernels.best();
    final Kernels ref = new ScalarKernels();
    final SplittableRandom rnd = new SplittableRandom(1);

    float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    static void close(float[] want, float[] got, double tol, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol * (1 + Math.abs(want[i])), what + " at " + i);
        }
    }

    @Test
    void marginsAreThePlainLoopsNumberExactly() {
        for (int classes : new int[] {2, 7, 16, 23, 97}) {
            int n = Layout.pad(classes, vec.lanes());
            int m = 37;
            float[] z = random(m * n);
            for (int r = 0; r < m; r++) for (int c = classes; c < n; c++) z[r * n + c] = 0f; // padding: zero logits, masked out
            z[3 * n + 1] = z[3 * n]; // a tie with the label
            float[] mask = new float[n];
            java.util.Arrays.fill(mask, classes, n, Float.NEGATIVE_INFINITY);
            int[] labels = new int[m + 5];
            for (int r = 0; r < labels.length; r++) labels[r] = rnd.nextInt(classes);
            labels[5] = 0;
            float[] before = z.clone();
            double want = ref.margins(z, 0, n, m, n, classes, mask, labels, 5, 0.25);
            double got = vec.margins(z, 0, n, m, n, classes, mask, labels, 5, 0.25);
            assertEquals(want, got, 0.0, "classes " + classes);
            assertArrayEquals(before, z, "the logits are left as they were");
            // a memorised row: the label far ahead (the margin is positive), and a padded zero never counts as the largest other
            float[] neg = new float[n];
            for (int c = 0; c < classes; c++) neg[c] = -5f - c;
            neg[classes - 1] = 9f;
            int[] last = {classes - 1};
            assertEquals(9f - (-5f), vec.margins(neg, 0, n, 1, n, classes, mask, last, 0, 0), 0.0);
            assertEquals(9f - (-5f), ref.margins(neg, 0, n, 1, n, classes, mask, last, 0, 0), 0.0);
        }
    }

    @Test
    void matrixProductsMatchPlainLoops() {
        int l = vec.lanes();
        for (int[] s : new int[][] {{1, 1, 1}, {7, 3, 2}, {8, 20, 1}, {13, 5, 3}, {33, 64, 4}, {128, 97, 7}}) {
            int m = s[0], k = s[1], n = s[2] * l;
            float[] a = random(m * k), b = random(k * n), bias = random(n);
            float[] c1 = new float[m * n], c2 = new float[m * n];
            ref.matmul(a, 0, k, b, 0, n, c1, 0, n, m, k, n, bias, 0);
            vec.matmul(a, 0, k, b, 0, n, c2, 0, n, m, k, n, bias, 0);
            close(c1, c2, 1e-5, "A·B+b " + java.util.Arrays.toString(s));
            float[] g1 = random(k * n), g2 = g1.clone();
            float[] d = random(m * n);
            ref.matmulTransAAcc(a, 0, k, d, 0, n, g1, 0, n, m, k, n);
            vec.matmulTransAAcc(a, 0, k, d, 0, n, g2, 0, n, m, k, n);
            close(g1, g2, 1e-5, "C += Aᵀ·B " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void transposesMatchPlainLoops() {
        int l = vec.lanes();
        for (int[] s : new int[][] {{l, 3}, {2 * l + 5, 7}, {5, 9}, {4 * l, 4 * l - 1}}) {
            int rows = s[0], cols = s[1], ldw = cols + 3, ldwt = rows + 2;
            float[] w = random(rows * ldw + 5);
            float[] t1 = new float[cols * ldwt], t2 = new float[cols * ldwt];
            int[] map = new int[l];
            for (int r = 0; r < l; r++) map[r] = r * ldw;
            ref.transpose(w, 5, ldw, rows, cols, t1, ldwt, map);
            vec.transpose(w, 5, ldw, rows, cols, t2, ldwt, map);
            assertArrayEquals(t1, t2, java.util.Arrays.toString(s));
            assertEquals(w[5 + 2 * ldw + 1], t2[ldwt + 2]);
        }
    }

    @Test
    void activationsSoftmaxAndOptimisersMatchPlainLoops() {
        int n = 8 * vec.lanes();
        float[] pre = random(n);
        for (int i = 0; i < n; i++) pre[i] *= 12; // well into the tails of tanh and the sigmoid
        for (Activation f : Activation.values()) {
            float[] a1 = new float[n], a2 = new float[n];
            ref.activate(f, pre, a1, 0, n);
            vec.activate(f, pre, a2, 0, n);
            close(a1, a2, 1e-6, f + " forward");
            float[] e1 = random(n), e2 = e1.clone();
            ref.activationBackward(f, pre, a1, e1, new float[n], 0, n);
            vec.activationBackward(f, pre, a2, e2, new float[n], 0, n);
            close(e1, e2, 1e-6, f + " backward");
        }
        int cp = 2 * vec.lanes();
        float[] mask = new float[cp];
        java.util.Arrays.fill(mask, cp - 3, cp, Float.NEGATIVE_INFINITY);
        float[] z1 = random(4 * cp);
        for (int i = 0; i < z1.length; i++) z1[i] *= 30;
        float[] z2 = z1.clone();
        ref.softmax(z1, 0, cp, 4, cp, mask);
        vec.softmax(z2, 0, cp, 4, cp, mask);
        close(z1, z2, 1e-6, "softmax");
        for (int r = 0; r < 4; r++) assertEquals(0f, z2[r * cp + cp - 1], "padded classes get probability 0");
        float[] logits = random(4 * cp);
        for (int i = 0; i < logits.length; i++) logits[i] *= 30;
        logits[cp + 5] = logits[cp + 2] = 100f; // a tie above every other logit: the first wins
        java.util.Arrays.fill(logits, 2 * cp, 2 * cp + cp - 3, Float.NaN); // a diverged row
        int[] labels = {0, 5, 1, cp - 4};
        float[] p1 = new float[4], p2 = new float[4];
        int[] b1 = new int[4], b2 = new int[4];
        float[] probs = logits.clone();
        ref.softmax(probs, 0, cp, 4, cp, mask);
        ref.score(logits.clone(), 0, cp, 4, cp, cp - 3, mask, labels, 0, p1, b1);
        vec.score(logits.clone(), 0, cp, 4, cp, cp - 3, mask, labels, 0, p2, b2);
        assertArrayEquals(b1, b2, "the first most probable class, as Scores picks it");
        assertEquals(2, b2[1]);
        assertEquals(0, b2[2]);
        assertTrue(Float.isNaN(p2[2]), "a diverged row scores NaN");
        for (int r : new int[] {0, 1, 3}) {
            assertEquals(probs[r * cp + labels[r]], p2[r], 1e-6 * (1 + probs[r * cp + labels[r]]), "label probability of row " + r);
            assertEquals(p1[r], p2[r], 1e-6 * (1 + p1[r]));
        }
        float[] w1 = random(n), g = random(n), m1 = random(n), v1 = new float[n];
        for (int i = 0; i < n; i++) v1[i] = Math.abs(m1[i]);
        float[] w2 = w1.clone(), m2 = m1.clone(), v2 = v1.clone();
        ref.adam(w1, g, m1, v1, 0, n, 16, 0.01f, 1e-3f, 1e-3f, 0.9f, 0.999f, 1e-8f);
        vec.adam(w2, g, m2, v2, 0, n, 16, 0.01f, 1e-3f, 1e-3f, 0.9f, 0.999f, 1e-8f);
        assertArrayEquals(w1, w2, "Adam: elementwise IEEE operations in the same order, bit for bit");
        assertArrayEquals(v1, v2);
        ref.sgd(w1, g, 0, n, 16, 0.1f, 1e-3f);
        vec.sgd(w2, g, 0, n, 16, 0.1f, 1e-3f);
        assertArrayEquals(w1, w2);
    }

    @Test
    void ourExpAndTanhAreWithinTwoUlpsOfTheJdks() {
        assertTrue(vec instanceof VectorKernels, "run with --add-modules jdk.incubator.vector");
        int l = FloatVector.SPECIES_PREFERRED.length();
        float[] x = new float[l];
        float[] y = new float[l];
        double worstExp = 0;
        double worstTanh = 0;
        for (int i = 0; i < 20_000; i++) {
            for (int j = 0; j < l; j++) x[j] = (float) (rnd.nextDouble() * 170 - 87);
            VectorKernels.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int j = 0; j < l; j++) worstExp = Math.max(worstExp, Math.abs(y[j] - Math.exp(x[j])) / Math.ulp((float) Math.exp(x[j])));
            for (int j = 0; j < l; j++) x[j] = (float) ((rnd.nextDouble() * 2 - 1) * Math.pow(10, rnd.nextDouble() * 5 - 4));
            VectorKernels.tanh(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0)).intoArray(y, 0);
            for (int j = 0; j < l; j++) worstTanh = Math.max(worstTanh, Math.abs(y[j] - Math.tanh(x[j])) / Math.ulp((float) Math.tanh(x[j])));
        }
        assertTrue(worstExp <= 2, "exp off by " + worstExp + " ulp");
        assertTrue(worstTanh <= 2, "tanh off by " + worstTanh + " ulp");
    }
}
