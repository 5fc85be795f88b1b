package io.learncast.farm.measure;

import io.learncast.data.WeightMeasures;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes {@link WeightMeasures} from a network's weight matrices. Costs, per matrix of r × c entries:
 * Frobenius norm r·c; spectral norm by power iteration, at most {@value #POWER_ITERATIONS} products with W
 * and Wᵀ (2·r·c each, stopping when σ moves less than 10⁻³ relatively, typically 5–20); stable rank
 * free from those two. Fourier over Z_p: p²·c per block of p rows (cosine/sine tables built once per p).
 * Deterministic: the power iteration starts from a fixed vector, so a replayed run measures the same.
 */
public final class WeightMeasurer {
    static final int POWER_ITERATIONS = 40;
    static final double POWER_TOLERANCE = 1e-3;
    /** Key frequencies counted by {@link WeightMeasures.Fourier#topKShare()} (Nanda et al. find about five). */
    public static final int TOP_K = 5;

    private double[] cos;
    private double[] sin;
    private int tableP;
    /** The last {@link #probe}'s output-matrix measure, reused by the next {@link #measure} of that matrix. */
    private WeightMeasures.Fourier lastUnembed;
    private Matrix lastUnembedOf;
    /** Per matrix, the right singular vector found at the previous evaluation (warm start; zeros: cold). */
    private final List<double[]> starts = new ArrayList<>();

    /** One matrix's norms (power iteration from the fixed start). */
    public static WeightMeasures.Layer layer(Matrix m) {
        return layer(m, null);
    }

    /**
     * One matrix's norms; the power iteration starts from {@code start} (the right singular vector of the
     * previous evaluation, which moves little between evaluations: 1–3 iterations instead of 5–20) and
     * leaves the new one there. A null or mis-sized {@code start} starts from the fixed vector.
     */
    static WeightMeasures.Layer layer(Matrix m, double[] start) {
        double frob2 = 0;
        for (int r = 0; r < m.rows(); r++) {
            int o = m.offset() + r * m.stride();
            for (int c = 0; c < m.cols(); c++) frob2 += (double) m.data()[o + c] * m.data()[o + c];
        }
        double spectral = spectral(m, start);
        double stable = spectral > 0 ? frob2 / (spectral * spectral) : 0;
        return new WeightMeasures.Layer(m.rows(), m.cols(), Math.sqrt(frob2), spectral, stable);
    }

    /** Largest singular value: power iteration on WᵀW from a fixed start. */
    static double spectral(Matrix m) {
        return spectral(m, null);
    }

    /** Largest singular value: power iteration on WᵀW from {@code start} if it fits (updated in place), else a fixed start. */
    static double spectral(Matrix m, double[] start) {
        int rows = m.rows();
        int cols = m.cols();
        boolean warm = start != null && start.length == cols && normalise(start.clone()) > 0;
        double[] v = warm ? start : new double[cols];
        double[] u = new double[rows];
        if (!warm) {
            for (int c = 0; c < cols; c++) v[c] = 1.0 + 0.01 * ((c * 7919) % 13); // fixed, not orthogonal to anything in practice
        }
        normalise(v);
        double sigma = 0;
        float[] a = m.data();
        for (int it = 0; it < POWER_ITERATIONS; it++) {
            for (int r = 0; r < rows; r++) {
                int o = m.offset() + r * m.stride();
                double s = 0;
                for (int c = 0; c < cols; c++) s += a[o + c] * v[c];
                u[r] = s;
            }
            double next = Math.sqrt(dot(u, u));
            Arrays.fill(v, 0);
            for (int r = 0; r < rows; r++) {
                int o = m.offset() + r * m.stride();
                double ur = u[r];
                for (int c = 0; c < cols; c++) v[c] += a[o + c] * ur;
            }
            if (normalise(v) == 0) {
                if (start != null && start.length == cols) java.util.Arrays.fill(start, 0); // a zero matrix: start cold next time
                return 0;
            }
            if (Math.abs(next - sigma) <= POWER_TOLERANCE * next) {
                if (start != null && start.length == cols && v != start) System.arraycopy(v, 0, start, 0, cols);
                return next;
            }
            sigma = next;
        }
        if (start != null && start.length == cols && v != start) System.arraycopy(v, 0, start, 0, cols);
        return sigma;
    }

    /**
     * Fourier measure of rows grouped in {@code blocks} consecutive blocks of {@code p} rows (an embedding of
     * {@code blocks} token positions over vocabulary Z_p): the DFT runs down each column within a block; the
     * power at frequency k is summed over columns and blocks. Computed without a DFT: that power is
     * Σ_d g[d]·cos(2πkd/p), where g[d] = Σ_a ⟨row a, row a+d mod p⟩ is the rows' circular autocorrelation
     * (Wiener–Khinchin), and g[d] = g[p−d], so half the lags suffice: p·(⌊p/2⌋+1)·cols multiply-adds per block,
     * half a direct DFT's, in an element-wise float loop over contiguous columns that the JIT vectorises.
     */
    public WeightMeasures.Fourier overRows(Matrix m, int blocks, int p) {
        if (m.rows() != blocks * p) throw new IllegalArgumentException("expected " + blocks + "×" + p + " rows, got " + m.rows());
        double[] g = new double[p / 2 + 1];
        for (int b = 0; b < blocks; b++) autocorrelation(m.data(), m.offset() + b * p * m.stride(), m.stride(), m.cols(), p, g);
        return summarise(power(g, p), p);
    }

    /** Fourier measure along the columns (an output matrix whose classes are Z_p): the DFT runs along each row. */
    public WeightMeasures.Fourier overCols(Matrix m, int p) {
        if (m.cols() != p) throw new IllegalArgumentException("expected " + p + " columns, got " + m.cols());
        // transposed (p × rows, a few thousand floats) so that the autocorrelation runs over contiguous rows
        int rows = m.rows();
        float[] t = new float[p * rows];
        for (int r = 0; r < rows; r++) {
            int o = m.offset() + r * m.stride();
            for (int a = 0; a < p; a++) t[a * rows + r] = m.data()[o + a];
        }
        double[] g = new double[p / 2 + 1];
        autocorrelation(t, 0, rows, rows, p, g);
        return summarise(power(g, p), p);
    }

    /** Adds to g[d] (d = 0 … ⌊p/2⌋) Σ_a ⟨row a, row (a+d) mod p⟩ of the p rows at {@code off}, {@code stride} apart. */
    private static void autocorrelation(float[] data, int off, int stride, int cols, int p, double[] g) {
        for (int d = 0; d <= p / 2; d++) g[d] += LagSum.BEST.sum(data, off, stride, cols, p, d);
    }

    /** Power at k = 1 … ⌊p/2⌋ (index 0 unused) from the autocorrelation: Σ_d g[d]·cos(2πkd/p) over all p lags. */
    private double[] power(double[] g, int p) {
        tables(p);
        int half = p / 2;
        double[] power = new double[half + 1];
        for (int k = 1; k <= half; k++) {
            double s = g[0];
            int idx = 0;
            for (int d = 1; d < p; d++) {
                idx += k;
                if (idx >= p) idx -= p;
                s += g[d <= half ? d : p - d] * cos[idx];
            }
            power[k] = Math.max(0, s); // a power: rounding can leave a tiny negative
        }
        return power;
    }

    private static WeightMeasures.Fourier summarise(double[] power, int p) {
        int half = power.length - 1;
        int topK = Math.min(TOP_K, half);
        double total = 0;
        for (int k = 1; k <= half; k++) total += power[k];
        Integer[] order = new Integer[half];
        for (int k = 1; k <= half; k++) order[k - 1] = k;
        Arrays.sort(order, (x, y) -> Double.compare(power[y], power[x]));
        List<Integer> keys = new ArrayList<>(topK);
        double top = 0;
        for (int i = 0; i < topK; i++) {
            keys.add(order[i]);
            top += power[order[i]];
        }
        double entropy = 0;
        for (int k = 1; k <= half; k++) {
            if (power[k] > 0 && total > 0) {
                double q = power[k] / total;
                entropy -= q * Math.log(q);
            }
        }
        double share = total > 0 ? top / total : 0;
        double concentration = half > 1 && total > 0 ? 1 - entropy / Math.log(half) : 0;
        return new WeightMeasures.Fourier(p, topK, share, concentration, keys);
    }

    private void tables(int p) {
        if (tableP == p) return;
        cos = new double[p];
        sin = new double[p];
        for (int a = 0; a < p; a++) {
            cos[a] = Math.cos(2 * Math.PI * a / p);
            sin[a] = Math.sin(2 * Math.PI * a / p);
        }
        tableP = p;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    private static double normalise(double[] v) {
        double n = Math.sqrt(dot(v, v));
        if (n > 0) for (int i = 0; i < v.length; i++) v[i] /= n;
        return n;
    }

    /**
     * Every measure of an MLP-like network: {@code matrices} input first; for token inputs the first matrix
     * is the embedding ({@code positions·vocab} rows) and the Fourier measure runs over the vocabulary; the
     * last matrix's columns get one too when there are as many classes as tokens (Z_p → Z_p tasks).
     */
    public WeightMeasures measure(List<Matrix> matrices, int positions, int vocab, int classes, double trainMargin) {
        return measure(matrices, positions, vocab, classes, trainMargin, null);
    }

    /**
     * As {@link #measure(List, int, int, int, double)}, with the training rows' restricted / excluded logits
     * ({@link #probe}). The spectral norms start from the previous call's singular vectors (this measurer
     * belongs to one run), so a replayed run measures the same.
     */
    public WeightMeasures measure(List<Matrix> matrices, int positions, int vocab, int classes, double trainMargin, WeightMeasures.Logits logits) {
        boolean tokens = vocab > 2 && positions > 0;
        return measure(matrices, tokens ? matrices.get(0) : null, positions, vocab, tokens && classes == vocab ? matrices.get(matrices.size() - 1) : null,
                trainMargin, logits);
    }

    /**
     * Any architecture's measures: norms of every matrix in {@code matrices}; the Fourier measure over Z_{@code group} of
     * {@code embedding}'s rows ({@code blocks} blocks of {@code group} rows; null: none) and of {@code output}'s columns
     * ({@code group} of them; null: none). A transformer passes its token embedding's operand rows and its unembedding.
     */
    public WeightMeasures measure(List<Matrix> matrices, Matrix embedding, int blocks, int group, Matrix output, double trainMargin,
                                  WeightMeasures.Logits logits) {
        List<WeightMeasures.Layer> layers = new ArrayList<>(matrices.size());
        if (starts.size() != matrices.size()) {
            starts.clear();
            for (Matrix m : matrices) starts.add(new double[m.cols()]);
        }
        for (int i = 0; i < matrices.size(); i++) {
            double[] s = starts.get(i);
            if (s.length != matrices.get(i).cols()) starts.set(i, s = new double[matrices.get(i).cols()]);
            layers.add(layer(matrices.get(i), s));
        }
        WeightMeasures.Fourier embed = embedding == null ? null : overRows(embedding, blocks, group);
        WeightMeasures.Fourier unembed = output == null ? null : output.equals(lastUnembedOf) ? lastUnembed : overCols(output, group);
        lastUnembed = null;
        lastUnembedOf = null;
        return new WeightMeasures(layers, embed, unembed, trainMargin, logits);
    }

    /**
     * A probe of the training rows' logits at the output matrix's key frequencies, for Z_p → Z_p tasks
     * ({@code classes == vocab}, token inputs); null otherwise. Feed it the evaluation pass's logits, then
     * pass its {@link LogitProbe#result()} to {@link #measure}.
     */
    public LogitProbe probe(Matrix output, int positions, int vocab, int classes) {
        if (vocab <= 2 || positions <= 0 || classes != vocab) return null;
        // the same weights are measured right after this evaluation pass: keep the result for measure()
        lastUnembed = overCols(output, vocab);
        lastUnembedOf = output;
        return new LogitProbe(vocab, lastUnembed.keyFrequencies());
    }
}
