package io.learncast.forecast.verdict;

import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;
import io.learncast.data.Property;
import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.Knobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The verdict's feature vectors. {@link #of} computes every feature the verdict knows ({@link #ALL}):
 * the forecaster's config and budget features, then summaries of the curve at a fraction f of the
 * budget; a fitted model picks the columns of its {@link FeatureSet} by name.
 *
 * <p>Why these: memorisation shows as train accuracy at 1 with test accuracy flat; delayed
 * generalisation is preceded by a shrinking weight norm (weight decay pulling the memorising solution
 * down) and a falling test loss while test accuracy still sits low; a run that will not even fit its
 * training set shows a flat train loss.
 *
 * <p>The {@link #SCALE_FREE_CURVE} summaries carry across task sizes: accuracies relative to chance
 * ((a − 1/C) / (1 − 1/C) for C classes), losses relative to a chance-level loss ln C, slopes per decade
 * of steps (over the last doubling of the step count, not the last few evaluations, so the evaluation
 * interval does not enter), the weight norm relative to its first and largest values. A run of
 * modadd mod 47 and one mod 23 that are equally far from learning look alike in them; in the raw
 * summaries they do not (chance accuracy, and the chance loss ln C, differ).
 */
public final class CurveFeatures {
    private CurveFeatures() {}

    /** Evaluations looked back over for the raw slopes. */
    static final int SLOPE_WINDOW = 5;
    /** Train accuracy counted as "reached 1" (memorised). */
    static final double FIT = 0.99;

    /** Raw curve summaries (steps as fractions of the budget, slopes per unit of f, losses on a log scale). */
    public static final List<String> CURVE = List.of(
            "f", "log2_steps_left",
            "train_acc", "test_acc", "best_train_acc", "best_test_acc",
            "log10_train_loss", "log10_test_loss", "log10_min_test_loss", "test_loss_vs_min",
            "slope_train_acc", "slope_test_acc", "slope_log_train_loss", "slope_log_test_loss",
            "fit_reached", "fit_f", "since_fit_f", "gap",
            "log10_weight_norm", "slope_log_weight_norm", "weight_norm_vs_max",
            "progress", "best_progress", "test_acc_above_chance");

    /** Curve summaries that do not depend on the number of classes, the evaluation interval or the network's size. */
    public static final List<String> SCALE_FREE_CURVE = List.of(
            "rel_train_acc", "rel_test_acc", "rel_best_test_acc", "rel_gap",
            "rel_train_loss", "rel_test_loss", "rel_min_test_loss",
            "decade_slope_rel_train_acc", "decade_slope_rel_test_acc", "decade_slope_log_train_loss", "decade_slope_log_test_loss",
            "decade_slope_log_weight_norm", "weight_norm_vs_first", "decades_since_fit");

    /**
     * Every verdict feature, in vector order: config, budget, raw curve, scale-free curve. The config ratios that
     * carry across task sizes ({@code log10_params_per_example}) are the forecaster's own features now, with the
     * same names and values, so verdict models (which name their features) read them as before.
     */
    public static final List<String> ALL = concat(Features.ALL, CURVE, SCALE_FREE_CURVE);
    public static final int N = ALL.size();

    /** The forecaster's features that name the task or its size: left out where a verdict must carry across tasks. */
    static final List<String> TASK_IDENTITY = concat(Features.ALL.stream().filter(n -> n.startsWith("kind_")).toList(),
            List.of("task_k", "log2_universe", "log2_classes", "log2_input_width", "tokens"));

    /** Raw curve summaries that are already scale-free (fractions of the budget, ratios). */
    static final List<String> SCALE_FREE_RAW = List.of("f", "fit_reached", "fit_f", "since_fit_f", "weight_norm_vs_max", "progress", "best_progress");

    /**
     * Which columns a verdict model reads. {@code SCALE_FREE} (the default): the config and budget
     * without the task's identity (its kind, classes, input width, number of examples in all) — a task
     * kind the verdict never saw is otherwise read as "not the kinds I know", i.e. as whichever other
     * kind the trees split off — and the curve only through summaries that carry across task sizes.
     * {@code FULL}: every column, the raw curve and the task's identity included. Measured on two spaces
     * neither was fitted on (README, "Early verdict"): full ranks slightly better, scale-free stopped fewer
     * learners at the threshold each chose; a set without the network's and data's size (width, examples,
     * parameters) did worse than both.
     */
    public enum FeatureSet {
        SCALE_FREE(concat(Features.ALL.stream().filter(n -> !TASK_IDENTITY.contains(n)).toList(), SCALE_FREE_RAW, SCALE_FREE_CURVE)),
        FULL(ALL);

        private final List<String> names;

        FeatureSet(List<String> names) { this.names = names; }

        public List<String> names() { return names; }

        public String key() { return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'); }

        public static FeatureSet parse(String s, String where) {
            for (FeatureSet f : values()) if (f.key().equals(s)) return f;
            throw new io.learncast.common.UserError(where, "unknown feature set '" + s + "'", "one of: scale-free, full");
        }
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> out = new ArrayList<>();
        for (List<String> l : lists) out.addAll(l);
        return Collections.unmodifiableList(out);
    }

    /** Positions in {@link #ALL} of {@code names}; -1 for a name this code does not know. */
    static int[] columns(List<String> names) {
        int[] idx = new int[names.size()];
        for (int i = 0; i < idx.length; i++) idx[i] = ALL.indexOf(names.get(i));
        return idx;
    }

    /** The feature vector of a run of {@code config} whose curve so far is {@code curve} (non-empty, step order). */
    public static double[] of(RunConfig config, Knobs knobs, List<CurvePoint> curve) {
        if (curve.isEmpty()) throw new IllegalArgumentException("an empty curve");
        double[] base = Features.row(knobs, config.steps());
        double[] v = new double[N];
        System.arraycopy(base, 0, v, 0, base.length);
        int at = writeCurve(config, knobs.classes(), curve, v, base.length);
        at = writeScaleFree(knobs.classes(), curve, v, at);
        if (at != N) throw new IllegalStateException("verdict feature layout out of sync: " + at + " != " + N);
        return v;
    }

    private static int writeCurve(RunConfig config, int classes, List<CurvePoint> curve, double[] v, int at) {
        long budget = config.steps();
        int n = curve.size();
        CurvePoint last = curve.get(n - 1);
        double f = last.step() / (double) budget;
        double bestTrain = 0, bestTest = 0, minTestLoss = Double.POSITIVE_INFINITY, maxNorm = 0;
        double fitStep = -1;
        Property prop = config.property();
        Metric metric = prop.metric();
        double bestProgress = 0;
        for (CurvePoint p : curve) {
            bestTrain = Math.max(bestTrain, finite(p.trainAcc()));
            bestTest = Math.max(bestTest, finite(p.testAcc()));
            if (Double.isFinite(p.testLoss())) minTestLoss = Math.min(minTestLoss, p.testLoss());
            if (Double.isFinite(p.weightNorm())) maxNorm = Math.max(maxNorm, p.weightNorm());
            if (fitStep < 0 && p.trainAcc() >= FIT) fitStep = p.step();
            bestProgress = Math.max(bestProgress, progress(metric, prop.threshold(), p));
        }
        if (!Double.isFinite(minTestLoss)) minTestLoss = 1e3;
        int from = Math.max(0, n - 1 - SLOPE_WINDOW);
        CurvePoint first = curve.get(from);
        double df = Math.max(1e-9, (last.step() - first.step()) / (double) budget);
        int i = at;
        v[i++] = f;
        v[i++] = log2(Math.max(1, budget - last.step()));
        v[i++] = finite(last.trainAcc());
        v[i++] = finite(last.testAcc());
        v[i++] = bestTrain;
        v[i++] = bestTest;
        v[i++] = logLoss(last.trainLoss());
        v[i++] = logLoss(last.testLoss());
        v[i++] = logLoss(minTestLoss);
        v[i++] = logLoss(last.testLoss()) - logLoss(minTestLoss);
        v[i++] = n > 1 ? (finite(last.trainAcc()) - finite(first.trainAcc())) / df : 0;
        v[i++] = n > 1 ? (finite(last.testAcc()) - finite(first.testAcc())) / df : 0;
        v[i++] = n > 1 ? (logLoss(last.trainLoss()) - logLoss(first.trainLoss())) / df : 0;
        v[i++] = n > 1 ? (logLoss(last.testLoss()) - logLoss(first.testLoss())) / df : 0;
        v[i++] = fitStep >= 0 ? 1 : 0;
        v[i++] = fitStep >= 0 ? fitStep / budget : 1.5;
        v[i++] = fitStep >= 0 ? (last.step() - fitStep) / (double) budget : 0;
        v[i++] = finite(last.trainAcc()) - finite(last.testAcc());
        v[i++] = logNorm(last.weightNorm());
        v[i++] = n > 1 ? (logNorm(last.weightNorm()) - logNorm(first.weightNorm())) / df : 0;
        v[i++] = maxNorm > 0 ? finite(last.weightNorm()) / maxNorm : 1;
        v[i++] = progress(metric, prop.threshold(), last);
        v[i++] = bestProgress;
        v[i++] = finite(last.testAcc()) - 1.0 / Math.max(1, classes);
        return i;
    }

    private static int writeScaleFree(int classes, List<CurvePoint> curve, double[] v, int at) {
        double chance = classes >= 2 ? 1.0 / classes : 0;
        double chanceLoss = classes >= 2 ? Math.log(classes) : 1;
        int n = curve.size();
        CurvePoint last = curve.get(n - 1);
        // the slope's base: the latest evaluation at or before half the current step (the last doubling of the steps)
        CurvePoint base = null;
        double firstNorm = Double.NaN, bestTest = 0, minTestLoss = Double.POSITIVE_INFINITY;
        long fitStep = -1;
        for (CurvePoint p : curve) {
            if (p.step() > 0 && p.step() * 2 <= last.step()) base = p;
            if (Double.isNaN(firstNorm) && Double.isFinite(p.weightNorm()) && p.weightNorm() > 0) firstNorm = p.weightNorm();
            bestTest = Math.max(bestTest, finite(p.testAcc()));
            if (Double.isFinite(p.testLoss())) minTestLoss = Math.min(minTestLoss, p.testLoss());
            if (fitStep < 0 && p.trainAcc() >= FIT) fitStep = p.step();
        }
        double decades = base == null ? 0 : Math.log10(last.step() / (double) base.step());
        int i = at;
        double relTrain = rel(last.trainAcc(), chance), relTest = rel(last.testAcc(), chance);
        v[i++] = relTrain;
        v[i++] = relTest;
        v[i++] = rel(bestTest, chance);
        v[i++] = relTrain - relTest;
        v[i++] = relLoss(last.trainLoss(), chanceLoss);
        v[i++] = relLoss(last.testLoss(), chanceLoss);
        v[i++] = relLoss(Double.isFinite(minTestLoss) ? minTestLoss : Double.NaN, chanceLoss);
        boolean slope = base != null && decades > 1e-9;
        v[i++] = slope ? (relTrain - rel(base.trainAcc(), chance)) / decades : 0;
        v[i++] = slope ? (relTest - rel(base.testAcc(), chance)) / decades : 0;
        v[i++] = slope ? (logLoss(last.trainLoss()) - logLoss(base.trainLoss())) / decades : 0;
        v[i++] = slope ? (logLoss(last.testLoss()) - logLoss(base.testLoss())) / decades : 0;
        v[i++] = slope ? (logNorm(last.weightNorm()) - logNorm(base.weightNorm())) / decades : 0;
        v[i++] = Double.isNaN(firstNorm) ? 0 : logNorm(last.weightNorm()) - Math.log10(firstNorm);
        v[i++] = fitStep > 0 ? Math.log10(last.step() / (double) fitStep) : fitStep == 0 ? 3 : -1;
        return i;
    }

    /** How far the property's metric is towards its threshold: 1 at the threshold (accuracy/threshold, or threshold/loss). */
    static double progress(Metric m, double threshold, CurvePoint p) {
        double x = m.value(p);
        if (!Double.isFinite(x)) return 0;
        return m.higherIsBetter() ? x / threshold : threshold / Math.max(x, 1e-9);
    }

    /** Accuracy relative to chance: 0 at chance, 1 at perfect (below chance is negative). */
    static double rel(double acc, double chance) { return (finite(acc) - chance) / (1 - chance); }

    /** log10 of a loss relative to the chance-level loss ln C (0 at chance level, −1 at a tenth of it). */
    static double relLoss(double loss, double chanceLoss) {
        return Double.isFinite(loss) ? Math.log10(Math.max(loss / chanceLoss, 1e-6)) : 3;
    }

    private static double finite(double x) { return Double.isFinite(x) ? x : 0; }

    private static double logLoss(double x) { return Double.isFinite(x) ? Math.log10(Math.max(x, 1e-6)) : 3; }

    private static double logNorm(double x) { return Math.log10(Math.max(1e-6, finite(x))); }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** The prefix of {@code curve} up to and including {@code step}. */
    public static List<CurvePoint> upTo(List<CurvePoint> curve, long step) {
        int k = 0;
        while (k < curve.size() && curve.get(k).step() <= step) k++;
        return curve.subList(0, k);
    }
}
