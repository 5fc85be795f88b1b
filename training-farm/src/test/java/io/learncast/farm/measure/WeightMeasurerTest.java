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

    /** The power per frequency by a direct DFT down each column of p rows (the definition). */
    private static double[] directPower(Matrix m, int rowFrom, int p, boolean alongCols) {
        double[] power = new double[p / 2 + 1];
        int lines = alongCols ? m.rows() : m.cols();
        for (int k = 1; k <= p / 2; k++) {
            for (int l = 0; l < lines; l++) {
                double re = 0, im = 0;
                for (int a = 0; a < p; a++) {
                    double w = alongCols ? m.get(l, a) : m.get(rowFrom + a, l);
                    re += w * Math.cos(2 * Math.PI * k * a / p);
                    im += w * Math.sin(2 * Math.PI * k * a / p);
                }
                power[k] += re * re + im * im;
            }
        }
        return power;
    }

    private static double share(double[] power, int topK) {
        double[] s = java.util.Arrays.stream(power, 1, power.length).sorted().toArray();
        double top = 0, total = 0;
        for (int i = 0; i < s.length; i++) {
            total += s[i];
            if (i >= s.length - topK) top += s[i];
        }
        return top / total;
    }

    @Test
    void theAutocorrelationShortcutMatchesADirectDft() {
        // odd and even p, a padded (strided) view, two token positions
        for (int p : new int[] {23, 24, 97}) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(p);
            int cols = 37, stride = 41;
            float[] d = new float[2 * p * stride];
            for (int i = 0; i < d.length; i++) d[i] = (float) (rnd.nextGaussian() + (i % stride < 3 ? Math.cos(2 * Math.PI * 5 * (i / stride) / p) : 0));
            Matrix m = new Matrix(d, 0, 2 * p, cols, stride);
            double[] a = directPower(m, 0, p, false);
            double[] b = directPower(m, p, p, false);
            for (int k = 1; k < a.length; k++) a[k] += b[k];
            WeightMeasures.Fourier f = new WeightMeasurer().overRows(m, 2, p);
            assertEquals(share(a, WeightMeasurer.TOP_K), f.topKShare(), 1e-4, "rows, p = " + p);
            float[] o = new float[cols * (p + 4)];
            for (int i = 0; i < o.length; i++) o[i] = (float) (rnd.nextGaussian() + Math.sin(2 * Math.PI * 3 * (i % (p + 4)) / p));
            Matrix out = new Matrix(o, 0, cols, p, p + 4); // padded rows of p classes
            WeightMeasures.Fourier g = new WeightMeasurer().overCols(out, p);
            assertEquals(share(directPower(out, 0, p, true), WeightMeasurer.TOP_K), g.topKShare(), 1e-4, "cols, p = " + p);
        }
    }

    @Test
    void theVectorLagSumMatchesThePlainLoops() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        int p = 29, cols = 53, stride = 60; // a column count that is no multiple of any vector length
        float[] d = new float[p * stride + 7];
        for (int i = 0; i < d.length; i++) d[i] = (float) rnd.nextGaussian();
        assertTrue(LagSum.BEST instanceof VectorLagSum, "tests run with the Vector API module, as learncast does");
        for (int lag = 0; lag <= p / 2; lag++) {
            double plain = new LagSum.Scalar().sum(d, 7, stride, cols, p, lag);
            assertEquals(plain, LagSum.BEST.sum(d, 7, stride, cols, p, lag), 1e-4 * Math.max(1, Math.abs(plain)), "lag " + lag);
        }
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
