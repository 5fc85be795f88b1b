package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The design of the structured model: config features standardised on the training corpus, their
 * squares and pairwise products for the knobs whose effect bends (learning rate, weight decay, width,
 * data size, batch), and per-task-kind deviations of the main effects (so two tasks share what they
 * share and differ where they differ; the ridge penalty pulls deviations toward zero, and an unseen
 * task kind falls back to the shared effects). Term 0 is the intercept. Features constant on the
 * corpus are left out: the corpus says nothing about them (the coverage check warns instead).
 *
 * <p>{@code terms[t] = {a, b, kind}}: base feature a (standardised), times base feature b when
 * {@code b ≥ 0} ({@code (z² − 1)/√2} when a = b), times the one-hot config feature {@code kind} when
 * {@code kind ≥ 0}.
 *
 * <p>Extrapolation: only main effects (and task-kind deviations) continue beyond the corpus. A product of
 * two features holds each factor at the edge of the trained range ({@code low}, {@code high}, standardised),
 * and so does a square, the product of a feature with itself ({@code squaresHeld}): curvature and
 * interactions are trusted where runs were trained, while log-linear trends (the scaling-law part) carry
 * on. Designs fitted before the eleventh session have no {@code squares_held}: their squares continue along
 * the tangent at the edge, as they did — a concave fit inside the range then extrapolated with the slope of
 * its edge, which on the PyTorch corpus sent P to 10⁻²⁰ one width beyond it (docs/FORECASTER.md). Artifacts
 * of format 1 have no ranges: their terms extend unclipped, as they did.
 */
public record Basis(@JsonProperty("base") int[] base,
                    @JsonProperty("mean") double[] mean,
                    @JsonProperty("sd") double[] sd,
                    @JsonProperty("terms") int[][] terms,
                    @JsonProperty("sigma_kinds") int[] sigmaKinds,
                    @JsonProperty("low") double[] low,
                    @JsonProperty("high") double[] high,
                    @JsonProperty("sigma_terms") int[] sigmaTerms,
                    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    @JsonProperty("squares_held") Boolean squaresHeld) {

    /** Which terms to build. {@code key}: features that get squares and products; {@code deviations}: per task kind. */
    public record Spec(@JsonProperty("squares") boolean squares,
                       @JsonProperty("products") boolean products,
                       @JsonProperty("deviations") boolean deviations,
                       @JsonProperty("key") List<String> key,
                       @JsonProperty("spread") boolean spread) {

        public Spec(boolean squares, boolean products, boolean deviations, List<String> key) { this(squares, products, deviations, key, false); }

        /** The same design, with the spread σ depending on the main effects too. */
        public Spec withSpread() { return new Spec(squares, products, deviations, key, true); }

        public static Spec defaults() {
            return new Spec(true, true, true, List.of("log10_lr", "log10_wd", "log2_width", "log2_n_train",
                    "log2_eff_batch", "log2_examples_per_class", "log2_universe", "depth", "label_noise"));
        }

        public static Spec linear() { return new Spec(false, false, false, List.of()); }
    }

    /**
     * Features that never enter the design: the confirmation offset enters the structured model directly,
     * and the train fraction is already there on the log scale (log n − log universe); its linear twin
     * would let the ridge split one effect between a linear and a log feature, which cancel inside the
     * corpus and diverge outside it. Nor do the trees' own features ({@link Features#TREES_ONLY}).
     */
    private static final Set<String> SKIP = skip();

    private static Set<String> skip() {
        Set<String> s = new java.util.HashSet<>(Set.of("hold_steps", "train_fraction"));
        s.addAll(Features.TREES_ONLY);
        return Set.copyOf(s);
    }

    public static Basis build(List<double[]> configs, Spec spec) {
        int nc = Features.N_CONFIG;
        List<Integer> base = new ArrayList<>();
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        for (int j = 0; j < nc; j++) {
            if (SKIP.contains(Features.CONFIG.get(j))) continue;
            double m = 0;
            for (double[] c : configs) m += c[j];
            m /= Math.max(1, configs.size());
            double v = 0;
            for (double[] c : configs) v += (c[j] - m) * (c[j] - m);
            double sd = Math.sqrt(v / Math.max(1, configs.size()));
            if (sd < 1e-9) continue;
            base.add(j);
            means.add(m);
            sds.add(sd);
        }
        int nb = base.size();
        List<int[]> terms = new ArrayList<>();
        terms.add(new int[] {-1, -1, -1});
        for (int a = 0; a < nb; a++) terms.add(new int[] {a, -1, -1});
        List<Integer> key = new ArrayList<>();
        for (int a = 0; a < nb; a++) if (spec.key().contains(Features.CONFIG.get(base.get(a)))) key.add(a);
        if (spec.squares()) for (int a : key) terms.add(new int[] {a, a, -1});
        if (spec.products()) {
            for (int i = 0; i < key.size(); i++) for (int j = i + 1; j < key.size(); j++) terms.add(new int[] {key.get(i), key.get(j), -1});
        }
        List<Integer> kinds = new ArrayList<>();
        for (int k = 0; k < Features.TASK_KINDS.size(); k++) {
            final int kk = k;
            if (configs.stream().anyMatch(c -> c[kk] > 0.5)) kinds.add(k);
        }
        if (spec.deviations() && kinds.size() >= 2) {
            for (int k : kinds) {
                for (int a = 0; a < nb; a++) {
                    String name = Features.CONFIG.get(base.get(a));
                    if (name.startsWith("kind_")) continue;
                    // a deviation only where this kind's runs vary in the feature
                    if (varies(configs, k, base.get(a))) terms.add(new int[] {a, -1, k});
                }
            }
        }
        int[] sigma = kinds.size() >= 2 ? kinds.stream().mapToInt(Integer::intValue).toArray() : new int[0];
        double[] low = new double[nb], high = new double[nb];
        for (int a = 0; a < nb; a++) {
            low[a] = Double.POSITIVE_INFINITY;
            high[a] = Double.NEGATIVE_INFINITY;
            for (double[] c : configs) {
                double z = (c[base.get(a)] - means.get(a)) / sds.get(a);
                low[a] = Math.min(low[a], z);
                high[a] = Math.max(high[a], z);
            }
        }
        int[] sigmaTerms = new int[0];
        if (spec.spread()) {
            List<Integer> st = new ArrayList<>();
            for (int t = 1; t < terms.size(); t++) if (terms.get(t)[1] < 0) st.add(t); // main effects and their per-kind deviations
            sigmaTerms = st.stream().mapToInt(Integer::intValue).toArray();
        }
        return new Basis(base.stream().mapToInt(Integer::intValue).toArray(), means.stream().mapToDouble(Double::doubleValue).toArray(),
                sds.stream().mapToDouble(Double::doubleValue).toArray(), terms.toArray(new int[0][]), sigma, low, high, sigmaTerms, Boolean.TRUE);
    }

    private static boolean varies(List<double[]> configs, int kind, int feature) {
        double first = Double.NaN;
        for (double[] c : configs) {
            if (c[kind] < 0.5) continue;
            if (Double.isNaN(first)) first = c[feature];
            else if (Math.abs(c[feature] - first) > 1e-9) return true;
        }
        return false;
    }

    public int size() { return terms.length; }

    /** Columns of the σ design: intercept, one per task kind, and the design terms σ depends on (if any). */
    public int sigmaSize() { return 1 + sigmaKinds.length + (sigmaTerms == null ? 0 : sigmaTerms.length); }

    /** Writes the design of a config-feature vector into {@code out} (length {@link #size()}). */
    public void design(double[] config, double[] z, double[] out) {
        for (int a = 0; a < base.length; a++) z[a] = (config[base[a]] - mean[a]) / sd[a];
        boolean ranged = low != null && high != null;
        boolean held = ranged && Boolean.TRUE.equals(squaresHeld);
        for (int t = 0; t < terms.length; t++) {
            int[] term = terms[t];
            double v;
            if (term[0] < 0) v = 1;
            else if (term[1] < 0) v = z[term[0]];
            else if (term[1] == term[0]) {
                double zz = held ? Math.pow(clip(z[term[0]], low[term[0]], high[term[0]]), 2)
                        : square(z[term[0]], ranged ? low[term[0]] : Double.NEGATIVE_INFINITY, ranged ? high[term[0]] : Double.POSITIVE_INFINITY);
                v = (zz - 1) / Math.sqrt(2);
            }
            else if (ranged) v = clip(z[term[0]], low[term[0]], high[term[0]]) * clip(z[term[1]], low[term[1]], high[term[1]]);
            else v = z[term[0]] * z[term[1]];
            if (term[2] >= 0) v *= config[term[2]];
            out[t] = v;
        }
    }

    /** z² inside [lo, hi]; beyond, the tangent at the edge (value and slope continuous): designs without {@code squares_held}. */
    static double square(double z, double lo, double hi) {
        if (z > hi) return hi * hi + 2 * hi * (z - hi);
        if (z < lo) return lo * lo + 2 * lo * (z - lo);
        return z * z;
    }

    static double clip(double z, double lo, double hi) { return z > hi ? hi : z < lo ? lo : z; }

    public double[] design(double[] config) {
        double[] out = new double[terms.length];
        design(config, new double[base.length], out);
        return out;
    }

    /** The σ design of a config whose design is {@code d}. */
    public void sigmaDesign(double[] config, double[] d, double[] out) {
        out[0] = 1;
        for (int i = 0; i < sigmaKinds.length; i++) out[i + 1] = config[sigmaKinds[i]];
        if (sigmaTerms != null) for (int i = 0; i < sigmaTerms.length; i++) out[1 + sigmaKinds.length + i] = d[sigmaTerms[i]];
    }

    /** A readable name of term {@code t}, e.g. {@code log10_lr×log10_wd} or {@code log2_width|modadd}. */
    public String termName(int t) {
        int[] term = terms[t];
        if (term[0] < 0) return "intercept";
        String a = Features.CONFIG.get(base[term[0]]);
        String s = term[1] < 0 ? a : term[1] == term[0] ? a + "²" : a + "×" + Features.CONFIG.get(base[term[1]]);
        return term[2] >= 0 ? s + "|" + Features.TASK_KINDS.get(term[2]) : s;
    }
}
