package io.learncast.forecast.judge;

import io.learncast.common.Seeds;
import io.learncast.forecast.model.LogisticModel;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.validation.GroupedKFold;
import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.DoubleVector;
import smile.math.MathEx;
import smile.regression.GradientTreeBoost;

import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * Richer supervision (fifth session): a gradient-boosted regression of the checkpoint's logit test accuracy on the
 * judge's features, and P(label) from it. The corpus knows every checkpoint's test accuracy; a binary target at 0.95
 * throws away where a checkpoint sits below it (0.2 and 0.9 are both "no"), which is where MLPs on modular addition
 * spend their slow ramps. Test accuracy is a <em>training label</em> only: a judged checkpoint's features never read it.
 * P = σ(a + b·ẑ), (a, b) a logistic regression of the binary label on ẑ out of fold within the fitting rows (grouped
 * inner folds over configs), so the calibration never sees predictions on rows the regression was fitted on.
 * P is a monotone (non-decreasing when b ≥ 0) function of the predicted accuracy.
 */
final class AccuracyHead implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final String LABEL = "z";
    /** Test accuracies are clipped to [LO, HI] before the logit: 0 and 1 would be infinite, and above 0.995 is test-set noise. */
    static final double LO = 0.01;
    static final double HI = 0.995;
    /** Inner folds that give the calibration its out-of-fold predictions. */
    static final int INNER_FOLDS = 3;

    private final GradientTreeBoost reg; // null: a constant
    private final StructType schema;
    private final double constant;
    private final double a;
    private final double b;

    private AccuracyHead(GradientTreeBoost reg, StructType schema, double constant, double a, double b) {
        this.reg = reg;
        this.schema = schema;
        this.constant = constant;
        this.a = a;
        this.b = b;
    }

    /** The regression target of a test accuracy: its logit, clipped. */
    static double target(double acc) {
        double c = Math.min(HI, Math.max(LO, acc));
        return Math.log(c / (1 - c));
    }

    /** The predicted logit test accuracy. */
    double z(double[] x) {
        return reg == null ? constant : reg.predict(Tuple.of(x, schema));
    }

    /** P(label) = σ(a + b·ẑ). */
    double p(double[] x) {
        return pOfZ(z(x));
    }

    /** The calibration alone: P of a predicted logit test accuracy ẑ. */
    double pOfZ(double z) {
        return 1 / (1 + Math.exp(-(a + b * z)));
    }

    /**
     * Fits on rows {@code x} (already projected to {@code names}) with targets {@code z} (logit test accuracy), binary
     * labels {@code y} and config groups (for the inner folds of the calibration).
     */
    static AccuracyHead fit(double[][] x, double[] z, int[] y, String[] groups, List<String> names, JudgeModel.Params p, long seed) {
        return fit(x, z, y, innerOutOfFold(x, z, groups, names, p, seed), names, p, seed);
    }

    /** The same with the inner out-of-fold ẑ of the rows given (computed once when a stacked model reads them too). */
    static AccuracyHead fit(double[][] x, double[] z, int[] y, double[] oof, List<String> names, JudgeModel.Params p, long seed) {
        if (x.length == 0) return new AccuracyHead(null, null, 0, 0, 0); // no rows (every one censored): P = 1/2, as a classifier's empty head
        GradientTreeBoost reg = regression(x, z, names, p, seed);
        StructType schema = reg == null ? null : schema(x, names);
        double[][] cx = Arrays.stream(oof).mapToObj(v -> new double[] {v}).toArray(double[][]::new);
        LogisticModel cal = LogisticModel.fit(cx, y, 1e-3);
        double sd = cal.sd()[0];
        double bb = sd > 0 ? cal.w()[0] / sd : 0;
        double aa = cal.b() - (sd > 0 ? cal.w()[0] * cal.mean()[0] / sd : 0);
        return new AccuracyHead(reg, schema, median(z), aa, bb);
    }

    /** Out-of-fold ẑ of the fitting rows themselves (for a model stacked on it), with the same inner folds. */
    static double[] innerOutOfFold(double[][] x, double[] z, String[] groups, List<String> names, JudgeModel.Params p, long seed) {
        double[] oof = new double[x.length];
        GroupedKFold inner = innerFolds(groups, p, seed);
        if (inner == null) {
            Arrays.fill(oof, median(z));
            return oof;
        }
        StructType schema = schema(x, names);
        for (GroupedKFold.Split s : inner.splits()) {
            double[][] tx = Arrays.stream(s.train()).mapToObj(i -> x[i]).toArray(double[][]::new);
            double[] tz = Arrays.stream(s.train()).mapToDouble(i -> z[i]).toArray();
            GradientTreeBoost r = regression(tx, tz, names, p, Seeds.derive(seed, 10 + s.fold()));
            for (int i : s.test()) oof[i] = r == null ? median(tz) : r.predict(Tuple.of(x[i], schema));
        }
        return oof;
    }

    /**
     * The inner folds of {@link #innerOutOfFold} over rows with these config groups (null when there are too few configs or
     * rows for them: the inner ẑ is then the median), so a model scored on the same inner folds ({@link NestedChoice}) sees
     * exactly the splits the regression's calibration did.
     */
    static GroupedKFold innerFolds(String[] groups, JudgeModel.Params p, long seed) {
        long g = Arrays.stream(groups).distinct().count();
        if (g < 2 || groups.length < 2 * p.nodeSize()) return null;
        return GroupedKFold.of(groups, (int) Math.min(INNER_FOLDS, g), Seeds.derive(seed, 3));
    }

    /** Regression fits so far in this JVM (the inner folds' and the heads'): what {@code judge fit --compare} reuses instead of refitting. */
    static final java.util.concurrent.atomic.AtomicLong FITS = new java.util.concurrent.atomic.AtomicLong();

    private static StructType schema(double[][] x, List<String> names) {
        DataFrame df = DataFrame.of(new double[][] {x[0]}, names.toArray(new String[0])).merge(DoubleVector.of(LABEL, new double[] {0}));
        return Formula.lhs(LABEL).x(df).schema();
    }

    private static GradientTreeBoost regression(double[][] x, double[] z, List<String> names, JudgeModel.Params p, long seed) {
        if (x.length < 2 * p.nodeSize()) return null;
        FITS.incrementAndGet();
        DataFrame df = DataFrame.of(x, names.toArray(new String[0])).merge(DoubleVector.of(LABEL, z));
        return TreeModel.inOneThread(() -> {
            MathEx.setSeed(seed);
            return GradientTreeBoost.fit(Formula.lhs(LABEL), df, Loss.ls(), p.trees(), p.maxDepth(), p.maxNodes(), p.nodeSize(), p.shrinkage(),
                    p.subsample());
        });
    }

    private static double median(double[] v) {
        if (v.length == 0) return 0;
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
