package io.learncast.forecast.verdict;

import io.learncast.forecast.model.TreeModel;
import io.learncast.common.Seeds;
import io.learncast.forecast.model.Calibration;
import smile.base.cart.Loss;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.DoubleVector;
import smile.data.vector.IntVector;
import smile.math.MathEx;

import java.io.Serial;
import java.io.Serializable;
import java.util.List;

/**
 * The fitted verdict: Smile gradient-boosted trees for P(learned by the end of the budget) on the
 * verdict features, Platt-calibrated on grouped out-of-fold predictions, and boosted regression trees
 * for ln(confirmation step / budget) fitted on the learners' rows (when the run will learn, not only
 * whether). Java-serialisable (Smile's models are), with the feature names it was fitted on.
 */
public final class VerdictModel implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final String LABEL = "y";

    /** Smile's boosting hyperparameters. */
    public record Params(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample) implements Serializable {
        public static Params defaults() { return new Params(300, 20, 4, 20, 0.05, 0.7); }
    }

    private final List<String> features;
    private transient int[] cols; // positions of the model's features in CurveFeatures.ALL (recomputed after loading)
    private final GradientTreeBoost classifier; // null when the rows held one class only
    private final double constant;
    private final StructType schema;
    private final double calA;
    private final double calB;
    private final smile.regression.GradientTreeBoost steps; // null when too few learners
    private final double stepsConstant;
    private final StructType stepsSchema;

    private VerdictModel(List<String> features, GradientTreeBoost classifier, double constant, StructType schema, Calibration cal,
                         smile.regression.GradientTreeBoost steps, double stepsConstant, StructType stepsSchema) {
        this.features = List.copyOf(features);
        this.classifier = classifier;
        this.constant = constant;
        this.schema = schema;
        this.calA = cal.a();
        this.calB = cal.b();
        this.steps = steps;
        this.stepsConstant = stepsConstant;
        this.stepsSchema = stepsSchema;
    }

    /** Fits the classifier (uncalibrated) and the steps model on {@code rows}, reading the columns of {@code set}. */
    static VerdictModel fit(VerdictRows rows, Params p, long seed, CurveFeatures.FeatureSet set) {
        return fit(rows, p, seed, Calibration.IDENTITY, set);
    }

    static VerdictModel fit(VerdictRows rows, Params p, long seed, Calibration cal, CurveFeatures.FeatureSet set) {
        List<String> names = set.names();
        int[] cols = CurveFeatures.columns(names);
        double[][] x = project(rows.x(), cols);
        int[] y = rows.y();
        int pos = 0;
        for (int v : y) pos += v;
        GradientTreeBoost clf = null;
        StructType schema = null;
        double constant = Double.NaN;
        if (pos == 0 || pos == y.length) {
            constant = pos == 0 ? 0.0 : 1.0;
        } else {
            DataFrame df = DataFrame.of(x, names.toArray(new String[0])).merge(IntVector.of(LABEL, y));
            clf = TreeModel.inOneThread(() -> {
                MathEx.setSeed(seed);
                return GradientTreeBoost.fit(Formula.lhs(LABEL), df, p.trees(), p.maxDepth(), p.maxNodes(), p.nodeSize(), p.shrinkage(), p.subsample());
            });
            schema = Formula.lhs(LABEL).x(df).schema();
        }
        // when: ln(confirm step / budget) over the learners' rows
        List<VerdictRows.Row> learners = rows.rows().stream().filter(VerdictRows.Row::learned).toList();
        smile.regression.GradientTreeBoost reg = null;
        StructType regSchema = null;
        double regConstant = Math.log(0.5);
        if (!learners.isEmpty()) {
            double[] t = learners.stream().mapToDouble(r -> Math.log(r.confirmStep() / (double) r.run().steps())).toArray();
            regConstant = java.util.Arrays.stream(t).sorted().skip(t.length / 2).findFirst().orElse(regConstant);
            if (learners.size() >= 20) {
                double[][] lx = project(learners.stream().map(VerdictRows.Row::x).toArray(double[][]::new), cols);
                DataFrame df = DataFrame.of(lx, names.toArray(new String[0])).merge(DoubleVector.of(LABEL, t));
                int trees = Math.max(50, p.trees() / 2);
                reg = TreeModel.inOneThread(() -> {
                    MathEx.setSeed(Seeds.derive(seed, 1));
                    return smile.regression.GradientTreeBoost.fit(Formula.lhs(LABEL), df, Loss.lad(), trees, p.maxDepth(), p.maxNodes(),
                            p.nodeSize(), p.shrinkage(), p.subsample());
                });
                regSchema = Formula.lhs(LABEL).x(df).schema();
            }
        }
        return new VerdictModel(names, clf, constant, schema, cal, reg, regConstant, regSchema);
    }

    private static double[][] project(double[][] x, int[] cols) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) out[i] = project(x[i], cols);
        return out;
    }

    private static double[] project(double[] x, int[] cols) {
        double[] out = new double[cols.length];
        for (int j = 0; j < cols.length; j++) out[j] = x[cols[j]];
        return out;
    }

    /** The model's columns of a full verdict feature vector ({@link CurveFeatures#of}). */
    private double[] mine(double[] x) {
        int[] c = cols;
        if (c == null) cols = c = CurveFeatures.columns(features);
        return project(x, c);
    }

    VerdictModel withCalibration(Calibration cal) {
        return new VerdictModel(features, classifier, constant, schema, cal, steps, stepsConstant, stepsSchema);
    }

    /** The uncalibrated probability of a full verdict feature vector. */
    double raw(double[] x) {
        if (classifier == null) return constant;
        double[] post = new double[2];
        classifier.predict(Tuple.of(mine(x), schema), post);
        return post[1];
    }

    /** Calibrated P(learned by the end of the budget). */
    public double probability(double[] x) {
        return calibration().apply(clip(raw(x)));
    }

    /** The median confirmation step as a fraction of the budget, for a run that learns. */
    public double stepFraction(double[] x) {
        double t = steps == null ? stepsConstant : steps.predict(Tuple.of(mine(x), stepsSchema));
        return Math.exp(t);
    }

    public Calibration calibration() { return new Calibration(calA, calB); }

    /** The names of the features the model reads (a subset of {@link CurveFeatures#ALL}). */
    public List<String> features() { return features; }

    static double clip(double p) { return Math.min(1 - 1e-6, Math.max(1e-6, p)); }

}
