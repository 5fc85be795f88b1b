package io.learncast.farm.measure;

import io.learncast.data.WeightMeasures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightMeasurerTest {

    @Test
    void normsOfAKnownMatrix() {
        // diag(3, 1, 0.5) padded into a 3×4 view with stride 5: σ₁ = 3, ‖W‖_F² = 10.25
        float[] data = new float[15];
        data[0] = 3;
        data[6] = 1;
        data[12] = 0.5f;
        data[4] = 99; // outside the view (padding column): must not count
        WeightMeasures.Layer l = WeightMeasurer.layer(new Matrix(data, 0, 3, 4, 5));
        assertEquals(Math.sqrt(10.25), l.frobenius(), 1e-9);
        assertEquals(3.0, l.spectral(), 1e-2);
        assertEquals(10.25 / 9, l.stableRank(), 1e-2);
    }

    @Test
    void rankOneHasStableRankOne() {
        int r = 7, c = 5;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) for (int j = 0; j < c; j++) d[i * c + j] = (i + 1) * (j - 2.5f);
        WeightMeasures.Layer l = WeightMeasurer.layer(Matrix.of(d, r, c));
        assertEquals(1.0, l.stableRank(), 1e-3);
        assertEquals(l.frobenius(), l.spectral(), 1e-3 * l.frobenius());
    }

    @Test
    void anEmbeddingOfOneFrequencyIsConcentratedThere() {
        int p = 23, width = 8;
        float[] d = new float[2 * p * width];
        for (int q = 0; q < 2; q++) {
            for (int a = 0; a < p; a++) {
                for (int c = 0; c < width; c++) d[(q * p + a) * width + c] = (float) Math.cos(2 * Math.PI * 4 * a / p + c);
            }
        }
        WeightMeasures.Fourier f = new WeightMeasurer().overRows(Matrix.of(d, 2 * p, width), 2, p);
        assertEquals(4, f.keyFrequencies().get(0));
        assertTrue(f.topKShare() > 0.999, "share " + f.topKShare());
        assertTrue(f.concentration() > 0.99, "concentration " + f.concentration());
    }

    @Test
    void noiseIsSpreadOverFrequencies() {
        int p = 23, width = 64;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[] d = new float[p * width];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        WeightMeasures.Fourier f = new WeightMeasurer().overRows(Matrix.of(d, p, width), 1, p);
        // 5 of 11 frequencies hold about 5/11 of white noise's power
        assertTrue(f.topKShare() < 0.65, "share " + f.topKShare());
        assertTrue(f.concentration() < 0.1, "concentration " + f.concentration());
    }

    @Test
    void denseInputsGetNoFourierMeasure() {
        float[] a = new float[12];
        a[0] = 1;
        WeightMeasures m = new WeightMeasurer().measure(List.of(Matrix.of(a, 3, 4), Matrix.of(new float[8], 4, 2)), 0, 0, 2, 0.5);
        assertNull(m.embed());
        assertNull(m.unembed());
        assertEquals(2, m.layers().size());
        assertEquals(0.0, m.layers().get(1).spectral());
        assertEquals(0.5, m.trainMargin());
    }
}
