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
 * The verdict's feature vector: the forecaster's config and budget features, then summaries of the
 * curve so far at a fraction f of the budget. Curve summaries are scale-free where they can be (steps
 * as fractions of the budget, slopes per unit of f, losses on a log scale), so runs with different
 * budgets and evaluation intervals share one model.
 *
 * <p>Why these: memorisation shows as train accuracy at 1 with test accuracy flat; delayed
 * generalisation is preceded by a shrinking weight norm (weight decay pulling the memorising solution
 * down) and a falling test loss while test accuracy still sits low; a run that will not even fit its
 * training set shows a flat train loss.
 */
public final class CurveFeatures {
    private CurveFeatures() {}

    /** Evaluations looked back over for slopes. */
    static final int SLOPE_WINDOW = 5;
    /** Train accuracy counted as "reached 1" (memorised). */
    static final double FIT = 0.99;

    public static final List<String> CURVE = List.of(
            "f", "log2_steps_left",
            "train_acc", "test_acc", "best_train_acc", "best_test_acc",
            "log10_train_loss", "log10_test_loss", "log10_min_test_loss", "test_loss_vs_min",
            "slope_train_acc", "slope_test_acc", "slope_log_train_loss", "slope_log_test_loss",
            "fit_reached", "fit_f", "since_fit_f", "gap",
            "log10_weight_norm", "slope_log_weight_norm", "weight_norm_vs_max",
            "progress", "best_progress", "test_acc_above_chance");

    /** All verdict features: config, budget, curve. */
    public static final List<String> ALL = concat(Features.ALL, CURVE);
    public static final int N = ALL.size();

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return Collections.unmodifiableList(out);
    }

    /** The feature vector of a run of {@code config} whose curve so far is {@code curve} (non-empty, step order). */
    public static double[] of(RunConfig config, Knobs knobs, List<CurvePoint> curve) {
        if (curve.isEmpty()) throw new IllegalArgumentException("an empty curve");
        double[] base = Features.row(knobs, config.steps());
        double[] v = new double[N];
        System.arraycopy(base, 0, v, 0, base.length);
        writeCurve(config, knobs.classes(), curve, v, base.length);
        return v;
    }

    private static void writeCurve(RunConfig config, int classes, List<CurvePoint> curve, double[] v, int at) {
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
        v[i++] = Math.log10(Math.max(1e-6, finite(last.weightNorm())));
        v[i++] = n > 1 ? (Math.log10(Math.max(1e-6, finite(last.weightNorm()))) - Math.log10(Math.max(1e-6, finite(first.weightNorm())))) / df : 0;
        v[i++] = maxNorm > 0 ? finite(last.weightNorm()) / maxNorm : 1;
        v[i++] = progress(metric, prop.threshold(), last);
        v[i++] = bestProgress;
        v[i++] = finite(last.testAcc()) - 1.0 / Math.max(1, classes);
        if (i != N) throw new IllegalStateException("verdict feature layout out of sync: " + i + " != " + N);
    }

    /** How far the property's metric is towards its threshold: 1 at the threshold (accuracy/threshold, or threshold/loss). */
    static double progress(Metric m, double threshold, CurvePoint p) {
        double x = m.value(p);
        if (!Double.isFinite(x)) return 0;
        return m.higherIsBetter() ? x / threshold : threshold / Math.max(x, 1e-9);
    }

    private static double finite(double x) { return Double.isFinite(x) ? x : 0; }

    private static double logLoss(double x) { return Double.isFinite(x) ? Math.log10(Math.max(x, 1e-6)) : 3; }

    private static double log2(double x) { return Math.log(x) / Math.log(2); }

    /** The prefix of {@code curve} up to and including {@code step}. */
    public static List<CurvePoint> upTo(List<CurvePoint> curve, long step) {
        int k = 0;
        while (k < curve.size() && curve.get(k).step() <= step) k++;
        return curve.subList(0, k);
    }
}
