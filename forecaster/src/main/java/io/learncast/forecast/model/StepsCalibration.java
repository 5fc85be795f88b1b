package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * How wide the steps-to-learn 80 % interval must be beyond the corpus, measured on the corpus itself. Inside it
 * (widening factor W = 1) the interval is the log-logistic's own, μ ± σ·ln 9 on the ln-steps scale; beyond it
 * (W &gt; 1, {@link FittedForecaster#widen}) its half-width is {@code σ·ln 9·W + jump + slope·(W − 1)}: the rule before
 * (σ multiplied by W) plus what the corpus's own extrapolations say that rule misses.
 *
 * <p>Why: σ × W alone held 4–34 % of held-out learners' steps on extrapolation splits where 80 % was meant (PyTorch
 * width &gt; 64: 22 %): beyond the corpus the median is biased, not just uncertain, and by how much is a property of the
 * corpus. So it is measured: pseudo-extrapolation folds inside the fitted corpus — per ordered distance knob
 * ({@link #CUT}), the structured backbone (no trees, for cost) fitted on the configs below a cut and scored on the
 * learners above it, and the mirror (a cut never splits a config's seeds or budgets; at most
 * {@value #MAX_SIDE} of the configs held out) — give each held-out learner's ln-steps residual and its W, measured
 * against that fold's fit side exactly as a forecast measures it: about the median leaned on the trend's by W, when
 * the fit has a trend ({@link FittedForecaster#trend}; the trend fitted on each fold's fit side too). {@code jump +
 * slope·(W − 1)} (both ≥ 0, so the interval only widens, the more the farther) is the linear 80 % quantile of how far
 * past σ·ln 9·W those learners fell (least pinball loss), each fold's learners sharing one unit of weight: a real
 * extrapolation leaves the corpus in one direction, and a fold with many learners would otherwise set the width for
 * every direction (measured at five eval seeds on five corpora: docs/FORECASTER.md, "Steps intervals sized per
 * direction"). That symmetric line is kept; the interval applied has a line per side ({@link Side}: the weighted 90 %
 * quantile of how far past σ·ln 9·W the learners fell on that side, so 80 % lie between): measured about the leaned
 * median with each direction weighing alike, the side the corpus's own extrapolations err to carries over to real ones
 * (seven of ten extrapolation splits in 70–90 %, four with the symmetric line; the fifth session's asymmetric try, with
 * neither, did not carry over on the quickstart).
 *
 * <p>Absent (null) in artifacts fitted before it, or when the corpus offers fewer than {@value #MIN_LEARNERS}
 * pseudo-extrapolated learners: then σ is multiplied by W, as before.
 *
 * @param jump     the widening (ln steps) on leaving the corpus, beyond σ·ln 9·W
 * @param slope    the widening per unit of W − 1 on top (ln steps)
 * @param learners the pseudo-extrapolated learners it was measured on
 * @param folds    the pseudo-extrapolation folds fitted
 * @param above    the widening above the median (later steps); null in artifacts measured before the sides were
 * @param below    the widening below the median (sooner steps); null likewise
 */
public record StepsCalibration(@JsonProperty("jump") double jump, @JsonProperty("slope") double slope,
                               @JsonProperty("learners") int learners, @JsonProperty("folds") int folds,
                               @JsonProperty("above") Side above, @JsonProperty("below") Side below) {

    /**
     * One side's widening past σ·ln 9·W: {@code jump + slope·(W − 1)} ln steps (both ≥ 0), the weighted 90 % quantile line
     * of how far past σ·ln 9·W the pseudo-extrapolated learners fell on that side of the median, so the two sides
     * together hold 80 %. Beyond the corpus the misses lean to one side (on the quickstart's and the PyTorch corpora's
     * width extrapolations every learner learned sooner than forecast): a symmetric interval over-covers one side to
     * cover the other (docs/FORECASTER.md, "An asymmetric steps interval").
     */
    public record Side(@JsonProperty("jump") double jump, @JsonProperty("slope") double slope) {
        double extra(double w) { return jump + slope * (w - 1); }
    }

    /** The log-logistic's 90 % quantile in σ units: the interval's half-width inside the corpus. */
    static final double Z = Math.log(9);
    /** Fewer pseudo-extrapolated learners than this: no calibration (W multiplies σ, as before). */
    static final int MIN_LEARNERS = 20;
    /** The pseudo folds fit on a subsample of at most about this many runs (whole configs), to bound the cost on large corpora. */
    static final int MAX_RUNS = 2000;
    /** A cut's held-out side holds at most this share of the configs (or one value of the knob, if that holds at most {@link #MAX_ONE}). */
    static final double MAX_SIDE = 0.3, MAX_ONE = 0.5;
    /** The share of pseudo-extrapolated learners the interval is sized to hold. */
    static final double COVER = 0.8;
    /** The share each side's line holds on its own side (90 % above and 90 % below: 80 % between). */
    static final double SIDE = 0.9;

    /** The ordered distance knobs a pseudo fold may cut along (with the later knobs' numeric features). */
    static final List<String> CUT = cutFeatures();

    private static List<String> cutFeatures() {
        List<String> out = new ArrayList<>(List.of("log2_universe", "depth", "log2_width", "init_scale", "log10_lr", "log10_wd", "log2_eff_batch",
                "log2_n_train", "train_fraction", "label_noise"));
        for (String f : Features.LATER_NAMES) if (f.startsWith("log2_") || f.startsWith("log10_")) out.add(f);
        return out.stream().filter(Features.CONFIG::contains).toList();
    }

    /** The symmetric interval's half-width in ln steps at widening factor {@code w} for a spread {@code sigma} (artifacts without sides). */
    public double halfWidth(double w, double sigma) { return w > 1 ? sigma * Z * w + jump + slope * (w - 1) : sigma * Z; }

    /**
     * The interval's half-widths in ln steps, {below the median, above it}, at widening factor {@code w} for a spread
     * {@code sigma}: each side's own line beyond the corpus, the symmetric {@link #halfWidth} in artifacts measured before
     * the sides were (null), and σ·ln 9 on both sides inside the corpus.
     */
    public double[] halfWidths(double w, double sigma) {
        if (!(w > 1) || above == null || below == null) {
            double h = halfWidth(w, sigma);
            return new double[] {h, h};
        }
        double base = sigma * Z * w;
        return new double[] {base + below.extra(w), base + above.extra(w)};
    }

    /** A held-out learner of a pseudo fold (its index): its widening factor, its ln-steps residual ln(T − offset) − μ and the fit's σ there. */
    record Residual(int fold, double widen, double r, double sigma) {}

    /** The pseudo folds' held-out learners, and how many folds were fitted. */
    record Pseudo(int folds, List<Residual> learners) {
        /** The learners beyond their fold's corpus (W &gt; 1): the ones the widening is measured on. */
        List<Residual> beyond() { return learners.stream().filter(r -> r.widen() > 1).toList(); }

        /** Each of {@link #beyond()}'s weight: a fold's learners share one unit, so every direction out of the corpus counts alike. */
        double[] weights() {
            List<Residual> b = beyond();
            Map<Integer, Integer> perFold = new java.util.HashMap<>();
            for (Residual r : b) perFold.merge(r.fold(), 1, Integer::sum);
            double[] w = new double[b.size()];
            for (int i = 0; i < w.length; i++) w[i] = 1.0 / perFold.get(b.get(i).fold());
            return w;
        }
    }

    /**
     * Measures the widening on {@code runs} with the structured backbone {@code backbone}, about the median leaned on
     * {@code trend}'s (null: the fit has no trend, the median is the backbone's) — null when the corpus offers too few
     * pseudo-extrapolated learners. Deterministic given the runs and the seed.
     */
    public static StepsCalibration fit(List<RunRecord> runs, Candidate.Cure backbone, Candidate.Cure trend, long seed) {
        Pseudo pseudo = residuals(runs, backbone, trend, seed);
        List<Residual> beyond = pseudo.beyond();
        int n = beyond.size();
        if (n < MIN_LEARNERS) return null;
        // how far past the rule before (σ·ln 9·W) each step fell, in ln steps (negative: inside it): either way, later, sooner
        double[] x = new double[n], e = new double[n], up = new double[n], down = new double[n], w = pseudo.weights();
        for (int i = 0; i < n; i++) {
            Residual r = beyond.get(i);
            double base = r.sigma() * Z * r.widen();
            x[i] = r.widen() - 1;
            e[i] = Math.abs(r.r()) - base;
            up[i] = r.r() - base;
            down[i] = -r.r() - base;
        }
        double[] ab = storedLine(x, e, w, COVER), a = storedLine(x, up, w, SIDE), b = storedLine(x, down, w, SIDE);
        return new StepsCalibration(ab[0], ab[1], n, pseudo.folds(), new Side(a[0], a[1]), new Side(b[0], b[1]));
    }

    /**
     * The line {@code a + b·x} (a, b ≥ 0) under which a share {@code tau} of the points' weight {@code w} lies, fitted by
     * least weighted pinball loss (linear quantile regression): for each slope the best intercept is the points' weighted
     * τ-quantile after the slope, and the loss is convex in the slope, so a ternary search finds it.
     */
    static double[] quantileLine(double[] x, double[] e, double[] w, double tau) {
        double hi = 0;
        for (int i = 0; i < x.length; i++) hi = Math.max(hi, Math.abs(e[i]) / Math.max(x[i], 1e-3));
        double lo = 0;
        hi = Math.min(hi, 100);
        for (int it = 0; it < 80; it++) {
            double m1 = lo + (hi - lo) / 3, m2 = hi - (hi - lo) / 3;
            if (pinball(x, e, w, tau, m1) <= pinball(x, e, w, tau, m2)) hi = m2;
            else lo = m1;
        }
        double b = (lo + hi) / 2;
        return new double[] {intercept(x, e, w, tau, b), b};
    }

    /** The intercept (at least 0) under which a share τ of the points' weight lies at slope {@code b}. */
    private static double intercept(double[] x, double[] e, double[] w, double tau, double b) {
        int n = x.length;
        double[] d = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            d[i] = e[i] - b * x[i];
            total += w[i];
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (i, j) -> Double.compare(d[i], d[j]));
        double below = 0;
        for (int i : order) {
            below += w[i];
            if (below >= tau * total) return Math.max(0, d[i]);
        }
        return Math.max(0, d[order[n - 1]]);
    }

    private static double pinball(double[] x, double[] e, double[] w, double tau, double b) {
        double a = intercept(x, e, w, tau, b), loss = 0;
        for (int i = 0; i < x.length; i++) {
            double u = e[i] - a - b * x[i];
            loss += w[i] * (u >= 0 ? tau * u : (tau - 1) * u);
        }
        return loss;
    }

    private static double round(double v) { return Math.round(v * 1e4) / 1e4 + 0.0; }

    /**
     * {@link #quantileLine} stored to four decimals: the slope rounded, then the intercept measured again at that slope
     * and rounded up, so a learner lying on the line stays inside it.
     */
    static double[] storedLine(double[] x, double[] e, double[] w, double tau) {
        double b = round(quantileLine(x, e, w, tau)[1]);
        return new double[] {Math.ceil(intercept(x, e, w, tau, b) * 1e4 - 1e-9) / 1e4 + 0.0, b};
    }

    /** The pseudo-extrapolated learners' residuals, fold by fold, about the median a forecast gives (leaned on {@code trend}'s when not null). */
    static Pseudo residuals(List<RunRecord> all, Candidate.Cure backbone, Candidate.Cure trend, long seed) {
        List<RunRecord> runs = subsample(all, seed);
        Map<String, List<RunRecord>> byGroup = new LinkedHashMap<>();
        for (RunRecord r : runs) byGroup.computeIfAbsent(r.groupHash(), g -> new ArrayList<>()).add(r);
        List<double[]> configs = new ArrayList<>();
        for (List<RunRecord> g : byGroup.values()) configs.add(Features.config(g.get(0).knobs()));
        List<String> groups = List.copyOf(byGroup.keySet());
        List<Fold> folds = new ArrayList<>();
        for (String f : CUT) {
            int j = Features.CONFIG.indexOf(f);
            TreeMap<Double, Integer> count = new TreeMap<>();
            for (double[] c : configs) count.merge(c[j], 1, Integer::sum);
            if (count.size() < 3) continue;
            Double hi = cut(count.descendingMap(), groups.size()), lo = cut(count, groups.size());
            if (hi != null) folds.add(new Fold(f, j, hi, true));
            if (lo != null) folds.add(new Fold(f, j, lo, false));
        }
        List<List<Residual>> out = java.util.stream.IntStream.range(0, folds.size()).parallel().mapToObj(i -> {
            Fold fold = folds.get(i);
            List<RunRecord> fit = new ArrayList<>(), held = new ArrayList<>();
            for (int g = 0; g < groups.size(); g++) {
                double v = configs.get(g)[fold.feature()];
                boolean out1 = fold.upper() ? v >= fold.at() : v <= fold.at();
                (out1 ? held : fit).addAll(byGroup.get(groups.get(g)));
            }
            return score(i, fit, held, backbone, trend, seed);
        }).toList();
        List<Residual> learners = new ArrayList<>();
        int fitted = 0;
        for (List<Residual> o : out) {
            if (o == null) continue;
            fitted++;
            learners.addAll(o);
        }
        return new Pseudo(fitted, learners);
    }

    /** A pseudo fold: the configs at or beyond {@code at} along a feature (above it when {@code upper}) are held out. */
    record Fold(String name, int feature, double at, boolean upper) {}

    /** The first held-out value walking in from one end: as many end values as hold at most {@link #MAX_SIDE} of the configs. */
    private static Double cut(java.util.NavigableMap<Double, Integer> fromEnd, int groups) {
        int taken = 0, values = 0;
        Double at = null;
        for (Map.Entry<Double, Integer> e : fromEnd.entrySet()) {
            int next = taken + e.getValue();
            boolean first = values == 0;
            if (next > MAX_SIDE * groups && !(first && next <= MAX_ONE * groups)) break;
            taken = next;
            values++;
            at = e.getKey();
        }
        // keep at least two values on the fit side (a trend needs two)
        return values == 0 || values > fromEnd.size() - 2 ? null : at;
    }

    /**
     * Fits the backbone (and the trend, when there is one) on {@code fit} and measures each learner of {@code held}
     * against the median a forecast would give, leaned on the trend's by its widening factor as
     * {@link FittedForecaster#state} leans it (null when the fit side cannot be fitted).
     */
    private static List<Residual> score(int fold, List<RunRecord> fit, List<RunRecord> held, Candidate.Cure backbone, Candidate.Cure trend, long seed) {
        long learners = fit.stream().filter(RunRecord::learned).count();
        if (learners < 5 || fit.size() < 20 || held.stream().noneMatch(RunRecord::learned)) return null;
        CureModel m = backbone.fitModel(fit);
        CureModel t = trend == null ? null : trendOf(trend, fit);
        Neighbourhood nb = Neighbourhood.of(fit, seed);
        List<Residual> out = new ArrayList<>();
        for (RunRecord r : held) {
            if (!r.learned()) continue;
            double[] config = Features.config(r.knobs());
            CureModel.State s = m.state(config);
            if (s.pEver() <= 1e-4 || r.confirmStep() <= s.offset()) continue; // the model says it never learns: no steps to compare (as eval)
            double w = FittedForecaster.widen(nb, r.knobs(), nb.nearest(r.knobs(), 0, 1).distance());
            if (t != null && w > 1) s = FittedForecaster.onTrend(s, t.state(config), w);
            out.add(new Residual(fold, w, Math.log(r.confirmStep() - s.offset()) - s.mu(), s.sigma()));
        }
        return out;
    }

    /** The trend fitted on a fold's fit side; null when it cannot be (as the fitter, which then forecasts without one). */
    private static CureModel trendOf(Candidate.Cure trend, List<RunRecord> fit) {
        try {
            return trend.fitModel(fit);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whole configs in a seeded order until about {@link #MAX_RUNS} runs (all of them when fewer). */
    static List<RunRecord> subsample(List<RunRecord> runs, long seed) {
        if (runs.size() <= MAX_RUNS) return runs;
        Map<String, List<RunRecord>> byGroup = new LinkedHashMap<>();
        for (RunRecord r : runs) byGroup.computeIfAbsent(r.groupHash(), g -> new ArrayList<>()).add(r);
        List<List<RunRecord>> groups = new ArrayList<>(byGroup.values());
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = groups.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            List<RunRecord> t = groups.get(i);
            groups.set(i, groups.get(j));
            groups.set(j, t);
        }
        List<RunRecord> out = new ArrayList<>();
        for (List<RunRecord> g : groups) {
            if (out.size() >= MAX_RUNS) break;
            out.addAll(g);
        }
        return out;
    }
}
