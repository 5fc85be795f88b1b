package io.learncast.farm.measure;

import io.learncast.data.WeightMeasures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogitProbeTest {
    static final int P = 23;

    /** Logits of a Fourier circuit: Σ_k cos(2πk(label − c)/p) over the key frequencies, peaked at the label. */
    private static float[] fourierRow(int label, int... keys) {
        float[] z = new float[P];
        for (int c = 0; c < P; c++) for (int k : keys) z[c] += (float) Math.cos(2 * Math.PI * k * (label - c) / P);
        return z;
    }

    @Test
    void theOnePassDotProductsAreTheSameFloats() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int p : new int[] {11, 23, 97}) {
            LogitProbe probe = new LogitProbe(p, List.of(1, 2, 3, 4, 5));
            float[] z = new float[3 * p + 4];
            for (int i = 0; i < z.length; i++) z[i] = (float) (rnd.nextDouble() * 20 - 10);
            float[] re1 = new float[5], im1 = new float[5], re2 = new float[5], im2 = new float[5];
            probe.dots(z, p + 2, re1, im1);
            probe.fiveDots(z, p + 2, re2, im2);
            assertArrayEquals(re1, re2, 0f, "p " + p);
            assertArrayEquals(im1, im2, 0f, "p " + p);
        }
    }

    @Test
    void aFourierCircuitAnswersFromItsKeyFrequenciesOnly() {
        LogitProbe probe = new LogitProbe(P, List.of(3, 7, 11));
        for (int label = 0; label < P; label++) probe.add(fourierRow(label, 3, 7, 11), 0, label);
        WeightMeasures.Logits l = probe.result();
        assertEquals(P, l.rows());
        assertEquals(1.0, l.restrictedAcc(), 1e-12);
        assertEquals(0.0, l.excludedAcc(), 1e-12, "nothing is left once the key frequencies are removed");
        assertEquals(1.0, l.keyShare(), 1e-4);
    }

    @Test
    void aMemoriserAnswersFromAllFrequencies() {
        // a one-hot spike at the label: its power is spread evenly, so removing 3 of 11 frequencies keeps the answer
        LogitProbe probe = new LogitProbe(P, List.of(3, 7, 11));
        for (int label = 0; label < P; label++) {
            float[] z = new float[P];
            z[label] = 5;
            probe.add(z, 0, label);
        }
        WeightMeasures.Logits l = probe.result();
        assertEquals(1.0, l.excludedAcc(), 1e-12);
        assertEquals(3.0 / 11, l.keyShare(), 1e-4);
    }

    @Test
    void readsRowsAtAnOffsetAndStopsAtItsCap() {
        LogitProbe probe = new LogitProbe(P, List.of(2));
        float[] buf = new float[P + 5];
        float[] row = fourierRow(4, 2);
        System.arraycopy(row, 0, buf, 5, P);
        for (int i = 0; i < LogitProbe.ROW_CAP + 10; i++) probe.add(buf, 5, 4);
        assertEquals(LogitProbe.ROW_CAP, probe.result().rows());
        assertEquals(1.0, probe.result().restrictedAcc(), 1e-12);
    }

    @Test
    void nothingProbedOrNonFiniteIsNull() {
        assertNull(new LogitProbe(P, List.of(1)).result());
        LogitProbe probe = new LogitProbe(P, List.of(1));
        float[] z = new float[P];
        z[0] = Float.NaN;
        probe.add(z, 0, 0);
        assertNull(probe.result());
    }

    @Test
    void theWarmStartedSpectralNormMatchesTheColdOne() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[] d = new float[40 * 30];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        Matrix m = Matrix.of(d, 40, 30);
        double cold = WeightMeasurer.spectral(m);
        double[] start = new double[30];
        double first = WeightMeasurer.spectral(m, start);
        for (int i = 0; i < d.length; i++) d[i] *= 1.01f; // the next evaluation: the weights moved a little
        double warm = WeightMeasurer.spectral(m, start);
        assertEquals(cold, first, 1e-9);
        assertEquals(1.01 * cold, warm, 3e-3 * cold);
    }
}
