package io.learncast.forecast.property;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.Seeds;
import io.learncast.data.property.CurveLabel;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Grokking's delay ratio t_gen / t_mem: a ridge regression of log2(ratio) on the config features,
 * fitted on the runs whose curves show both reaches (grokkers and fast generalisers), with an 80 %
 * interval from its grouped out-of-fold residuals (the 10th and 90th percentiles). It describes runs
 * that generalise within their curves: a config that never does has no ratio to compare with.
 */
public final class DelayRatioModel {
    /** The fewest runs with an observed ratio the model is fitted on. */
    public static final int MIN_RUNS = 8;
    static final double LAMBDA = 3.0;

    /** A forecast of the ratio: median and 80 % interval, from {@code runs} observed ratios. */
    public record Ratio(@JsonProperty("median") double median, @JsonProperty("low") double low, @JsonProperty("high") double high,
                        @JsonProperty("runs") int runs) {}

    private final int[] cols;
    private final double[] mean, sd, beta;
    private final double q10, q90;
    private final int n;

    private DelayRatioModel(int[] cols, double[] mean, double[] sd, double[] beta, double q10, double q90, int n) {
        this.cols = cols;
        this.mean = mean;
        this.sd = sd;
        this.beta = beta;
        this.q10 = q10;
        this.q90 = q90;
        this.n = n;
    }

    /** The observed log2 delay ratio of a record labelled for grokking, or null. */
    public static Double observed(RunRecord r) {
        CurveLabel l = r.label();
        Double ratio = l == null ? null : l.delayRatio();
        return ratio == null ? null : Math.log(ratio) / Math.log(2);
    }

    /** Fits on the records with an observed ratio; null when fewer than {@link #MIN_RUNS}. */
    public static DelayRatioModel fit(List<RunRecord> records, long seed) {
        List<RunRecord> rs = records.stream().filter(r -> observed(r) != null).toList();
        if (rs.size() < MIN_RUNS) return null;
        DelayRatioModel full = fitPlain(rs, new double[] {0, 0});
        // out-of-fold residuals over config groups (5 folds) give the interval
        Map<String, Integer> fold = new HashMap<>();
        java.util.Random rnd = new java.util.Random(Seeds.derive(seed, "delay-ratio"));
        List<String> groups = rs.stream().map(RunRecord::groupHash).distinct().sorted().toList();
        List<String> shuffled = new ArrayList<>(groups);
        java.util.Collections.shuffle(shuffled, rnd);
        for (int i = 0; i < shuffled.size(); i++) fold.put(shuffled.get(i), i % 5);
        List<Double> res = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            final int kk = k;
            List<RunRecord> fit = rs.stream().filter(r -> fold.get(r.groupHash()) != kk).toList();
            List<RunRecord> test = rs.stream().filter(r -> fold.get(r.groupHash()) == kk).toList();
            if (test.isEmpty() || fit.size() < 3) continue;
            DelayRatioModel m = fitPlain(fit, new double[] {0, 0});
            for (RunRecord r : test) res.add(observed(r) - m.log2(r.knobs()));
        }
        double[] sorted = res.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double lo = sorted.length == 0 ? 0 : quantile(sorted, 0.1), hi = sorted.length == 0 ? 0 : quantile(sorted, 0.9);
        return new DelayRatioModel(full.cols, full.mean, full.sd, full.beta, lo, hi, rs.size());
    }

    private static DelayRatioModel fitPlain(List<RunRecord> rs, double[] q) {
        int nc = Features.N_CONFIG;
        double[][] x = new double[rs.size()][];
        double[] y = new double[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            x[i] = Features.config(rs.get(i).knobs());
            y[i] = observed(rs.get(i));
        }
        List<Integer> keep = new ArrayList<>();
        List<Double> means = new ArrayList<>(), sds = new ArrayList<>();
        for (int j = 0; j < nc; j++) {
            double m = 0, v = 0;
            for (double[] r : x) m += r[j];
            m /= x.length;
            for (double[] r : x) v += (r[j] - m) * (r[j] - m);
            double s = Math.sqrt(v / x.length);
            if (s < 1e-9) continue;
            keep.add(j);
            means.add(m);
            sds.add(s);
        }
        int p = keep.size() + 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < x.length; i++) {
            double[] z = new double[p];
            z[0] = 1;
            for (int j = 0; j < keep.size(); j++) z[j + 1] = (x[i][keep.get(j)] - means.get(j)) / sds.get(j);
            for (int u = 0; u < p; u++) {
                b[u] += z[u] * y[i];
                for (int v = 0; v < p; v++) a[u][v] += z[u] * z[v];
            }
        }
        for (int u = 1; u < p; u++) a[u][u] += LAMBDA;
        double[] beta = solve(a, b);
        return new DelayRatioModel(keep.stream().mapToInt(Integer::intValue).toArray(), means.stream().mapToDouble(Double::doubleValue).toArray(),
                sds.stream().mapToDouble(Double::doubleValue).toArray(), beta, q[0], q[1], x.length);
    }

    /** The model's log2 ratio for {@code k}. */
    public double log2(Knobs k) {
        double[] x = Features.config(k);
        double s = beta[0];
        for (int j = 0; j < cols.length; j++) s += beta[j + 1] * (x[cols[j]] - mean[j]) / sd[j];
        return s;
    }

    public Ratio predict(Knobs k) {
        double l = log2(k);
        return new Ratio(Math.pow(2, l), Math.pow(2, l + q10), Math.pow(2, l + q90), n);
    }

    /** Median |log2 error| of this model and of the constant (the fit side's median ratio) on {@code test}: {model, constant, n}. */
    public static double[] errors(List<RunRecord> fit, List<RunRecord> test, long seed) {
        DelayRatioModel m = fit(fit, seed);
        double[] obs = fit.stream().map(DelayRatioModel::observed).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        if (m == null || obs.length == 0) return null;
        double c = quantile(obs, 0.5);
        List<Double> em = new ArrayList<>(), ec = new ArrayList<>();
        for (RunRecord r : test) {
            Double o = observed(r);
            if (o == null) continue;
            em.add(Math.abs(o - m.log2(r.knobs())));
            ec.add(Math.abs(o - c));
        }
        if (em.isEmpty()) return null;
        return new double[] {median(em), median(ec), em.size()};
    }

    /** Per held-out run with an observed ratio: {|log2 error| of the model fitted on {@code fit}, of the fit side's median}; empty when it cannot fit. */
    public static List<double[]> pairErrors(List<RunRecord> fit, List<RunRecord> test, long seed) {
        DelayRatioModel m = fit(fit, seed);
        double[] obs = fit.stream().map(DelayRatioModel::observed).filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).sorted().toArray();
        List<double[]> out = new ArrayList<>();
        if (m == null) return out;
        double c = quantile(obs, 0.5);
        for (RunRecord r : test) {
            Double o = observed(r);
            if (o != null) out.add(new double[] {Math.abs(o - m.log2(r.knobs())), Math.abs(o - c)});
        }
        return out;
    }

    /** Out-of-fold forecasts (5 folds over config groups) of the ratio for every record with an observed one, by run id; empty when too few. */
    public static Map<Long, Double> outOfFold(List<RunRecord> records, long seed) {
        List<RunRecord> rs = records.stream().filter(r -> observed(r) != null).toList();
        Map<Long, Double> out = new HashMap<>();
        if (rs.size() < MIN_RUNS) return out;
        List<String> groups = new ArrayList<>(rs.stream().map(RunRecord::groupHash).distinct().sorted().toList());
        java.util.Collections.shuffle(groups, new java.util.Random(Seeds.derive(seed, "delay-ratio-oof")));
        Map<String, Integer> fold = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) fold.put(groups.get(i), i % 5);
        for (int k = 0; k < 5; k++) {
            final int kk = k;
            List<RunRecord> fit = rs.stream().filter(r -> fold.get(r.groupHash()) != kk).toList();
            if (fit.size() < 3) continue;
            DelayRatioModel m = fitPlain(fit, new double[] {0, 0});
            for (RunRecord r : rs) if (fold.get(r.groupHash()) == kk) out.put(r.runId(), Math.pow(2, m.log2(r.knobs())));
        }
        return out;
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return quantile(s, 0.5);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 1) return sorted[0];
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        double f = pos - i;
        return i + 1 < sorted.length ? sorted[i] * (1 - f) + sorted[i + 1] * f : sorted[i];
    }

    private static double[] solve(double[][] a0, double[] b0) {
        int p = b0.length;
        double[][] a = new double[p][];
        for (int i = 0; i < p; i++) a[i] = Arrays.copyOf(a0[i], p);
        double[] b = b0.clone();
        for (int c = 0; c < p; c++) {
            int piv = c;
            for (int r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
            double[] t = a[c]; a[c] = a[piv]; a[piv] = t;
            double tb = b[c]; b[c] = b[piv]; b[piv] = tb;
            if (Math.abs(a[c][c]) < 1e-12) continue;
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                if (f == 0) continue;
                for (int k = c; k < p; k++) a[r][k] -= f * a[c][k];
                b[r] -= f * b[c];
            }
        }
        double[] x = new double[p];
        for (int c = p - 1; c >= 0; c--) {
            if (Math.abs(a[c][c]) < 1e-12) continue;
            double s = b[c];
            for (int k = c + 1; k < p; k++) s -= a[c][k] * x[k];
            x[c] = s / a[c][c];
        }
        return x;
    }
}
