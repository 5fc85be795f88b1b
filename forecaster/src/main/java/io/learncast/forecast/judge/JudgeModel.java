package io.learncast.forecast.judge;

import io.learncast.forecast.model.TreeModel;
import io.learncast.common.Seeds;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The fitted judge: two Smile gradient-boosted tree classifiers over one feature set, for P(the property
 * holds now) and P(it holds within Δ steps), and the corpus median of every feature (what "which measures
 * drove it" compares against). The full judge (fifth session) also holds a regression of test accuracy per
 * target ({@link AccuracyHead}) and says the mean of the two P. Java-serialisable, as the verdict's models; stored
 * in the registry (a judge serialised before the regression reads it as absent and scores as it did).
 */
public final class JudgeModel implements Serializable {
    @Serial private static final long serialVersionUID = 1L;
    private static final String LABEL = "y";
    /**
     * The version of the judge's feature treatment new fits get. 1 (and a judge serialised before this field existed, which
     * reads it as 0): NaN features go to the trees as they are. 2 (seventh session): NaN features are imputed
     * ({@link JudgeFeatures#imputed}: 0 plus the {@code memorised} indicator for the features counted from memorisation, a
     * low sentinel otherwise) at fitting and at judging alike. A judge keeps the version it was fitted with, so a judge
     * registered before judges exactly as it did.
     */
    public static final int VERSION = 2;

    /** Smile's boosting hyperparameters. */
    public record Params(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample) implements Serializable {
        public static Params defaults() { return new Params(150, 20, 4, 40, 0.05, 0.7); }

        /**
         * The a-priori grid {@code judge fit --compare}'s nested choice chooses among (eighth session): the defaults, and twice
         * the rounds with twice the leaves (the defaults' 150 × 0.05 with 4-leaf trees may underfit). Fixed before any score
         * was seen; the registered judge keeps the defaults.
         */
        public static List<Params> grid() {
            Params d = defaults();
            return List.of(d, new Params(300, d.maxDepth(), 8, d.nodeSize(), d.shrinkage(), d.subsample()));
        }
    }

    private final JudgeFeatures.Set set;
    private final List<String> features;
    private final long delta;
    private final Head now;
    private final Head within;
    private final double[] medians;
    /**
     * Regressions of test accuracy now and within Δ ({@link AccuracyHead}, fifth session): when present, P is the mean of
     * the classifier's P and the regression's. Null in judges registered before them (they score as they did) and in the
     * weights-only judge.
     */
    private final AccuracyHead nowAcc;
    private final AccuracyHead withinAcc;
    /** {@link #VERSION} at fitting; 0 in judges serialised before the field (they read NaN as version 1 did). */
    private final int version;
    /**
     * Which head P is read from, per target (ninth session): one of {@link NestedChoice#CANDIDATES} — the mean of the
     * classifier's P and the regression's, the classifier alone, the regression alone — as chosen by inner AUC on the fitting
     * rows' inner folds ({@link NestedChoice#fitAndChoose}). Null in judges serialised before the field and in judges fitted
     * without a choice: the mean when the regression heads are there, else the classifier (exactly as before).
     */
    private final String headNow;
    private final String headWithin;
    /** The boosting hyperparameters the chosen heads were fitted with, per target (null: not recorded — a judge from before). */
    private final Params paramsNow;
    private final Params paramsWithin;

    /** One classifier, or a constant when its rows held a single class. */
    record Head(GradientTreeBoost trees, StructType schema, double constant) implements Serializable {
        double p(double[] x) {
            if (trees == null) return constant;
            double[] post = new double[2];
            trees.predict(Tuple.of(x, schema), post);
            return post[1];
        }
    }

    private JudgeModel(JudgeFeatures.Set set, long delta, Head now, Head within, double[] medians, AccuracyHead nowAcc, AccuracyHead withinAcc) {
        this(set, delta, now, within, medians, nowAcc, withinAcc, null, null, null, null);
    }

    private JudgeModel(JudgeFeatures.Set set, long delta, Head now, Head within, double[] medians, AccuracyHead nowAcc, AccuracyHead withinAcc,
                       String headNow, String headWithin, Params paramsNow, Params paramsWithin) {
        if (headNow != null && !NestedChoice.CANDIDATES.contains(headNow)) throw new IllegalArgumentException("no head " + headNow);
        if (headWithin != null && !NestedChoice.CANDIDATES.contains(headWithin)) throw new IllegalArgumentException("no head " + headWithin);
        if ((headNow != null && !headNow.equals(Alternatives.CLASSIFIER) && nowAcc == null)
                || (headWithin != null && !headWithin.equals(Alternatives.CLASSIFIER) && withinAcc == null)) {
            throw new IllegalArgumentException("a head that reads the regression, in a judge without one");
        }
        this.headNow = headNow;
        this.headWithin = headWithin;
        this.paramsNow = paramsNow;
        this.paramsWithin = paramsWithin;
        this.set = set;
        this.features = JudgeFeatures.names(set);
        this.delta = delta;
        this.now = now;
        this.within = within;
        this.medians = medians;
        this.nowAcc = nowAcc;
        this.withinAcc = withinAcc;
        this.version = VERSION;
    }

    /** Fits both heads on {@code rows} (indices into rows.rows(); within skips censored rows), classifiers alone. */
    static JudgeModel fit(JudgeRows rows, int[] use, JudgeFeatures.Set set, Params p, long seed) {
        return fit(rows, use, set, p, seed, false);
    }

    /** The same, with {@code accuracy}: each head's P the mean of the classifier's and a regression of test accuracy's. */
    static JudgeModel fit(JudgeRows rows, int[] use, JudgeFeatures.Set set, Params p, long seed, boolean accuracy) {
        return fitWithInner(rows, use, set, p, seed, accuracy).model();
    }

    /**
     * The inner out-of-fold ẑ of the regression heads on their own fitting rows ({@link AccuracyHead#innerOutOfFold}: now over
     * every row of {@code use}, within over its uncensored rows, in that order), kept from the fit so that
     * {@code judge fit --compare} ({@link Alternatives}, {@link NestedChoice}) reads them instead of fitting the same inner
     * folds again. Null without regression heads.
     */
    record Inner(double[] now, double[] within) {}

    /** A fitted judge with the inner out-of-fold predictions its regression heads were calibrated on. */
    record Fit(JudgeModel model, Inner inner) {}

    static Fit fitWithInner(JudgeRows rows, int[] use, JudgeFeatures.Set set, Params p, long seed, boolean accuracy) {
        int[] cols = JudgeFeatures.columns(JudgeFeatures.names(set));
        List<double[]> xs = new ArrayList<>();
        List<Integer> yNow = new ArrayList<>();
        List<double[]> xw = new ArrayList<>();
        List<Integer> yW = new ArrayList<>();
        for (int i : use) {
            JudgeRows.Row r = rows.rows().get(i);
            double[] x = project(r.x(), cols);
            xs.add(x);
            yNow.add(r.now());
            if (r.within() >= 0) {
                xw.add(x);
                yW.add(r.within());
            }
        }
        double[] med = new double[cols.length];
        for (int j = 0; j < cols.length; j++) {
            final int jj = j;
            double[] v = xs.stream().mapToDouble(x -> x[jj]).filter(Double::isFinite).sorted().toArray();
            med[j] = v.length == 0 ? Double.NaN : v[v.length / 2];
        }
        List<String> names = JudgeFeatures.names(set);
        AccuracyHead nowAcc = null;
        AccuracyHead withinAcc = null;
        Inner inner = null;
        if (accuracy) {
            int[] useW = java.util.Arrays.stream(use).filter(i -> rows.rows().get(i).within() >= 0).toArray();
            Regression rNow = regression(rows, use, xs, yNow, false, names, p, Seeds.derive(seed, 101));
            Regression rW = regression(rows, useW, xw, yW, true, names, p, Seeds.derive(seed, 102));
            nowAcc = rNow.head();
            withinAcc = rW.head();
            inner = new Inner(rNow.oof(), rW.oof());
        }
        JudgeModel m = new JudgeModel(set, rows.delta(), head(xs, yNow, names, p, seed), head(xw, yW, names, p, Seeds.derive(seed, 1)), med, nowAcc, withinAcc);
        return new Fit(m, inner);
    }

    /** A regression head and the inner out-of-fold ẑ it was calibrated on. */
    private record Regression(AccuracyHead head, double[] oof) {}

    /** The regression head of one target (test accuracy now, or the best within Δ) on rows {@code use}, whose projected features and labels are {@code xs}, {@code ys}. */
    private static Regression regression(JudgeRows rows, int[] use, List<double[]> xs, List<Integer> ys, boolean within, List<String> names, Params p, long seed) {
        String[] groups = rows.groups();
        double[][] x = xs.toArray(double[][]::new);
        double[] z = java.util.Arrays.stream(use).mapToDouble(i -> AccuracyHead.target(within ? rows.rows().get(i).futureAcc() : rows.rows().get(i).testAcc())).toArray();
        String[] g = java.util.Arrays.stream(use).mapToObj(i -> groups[i]).toArray(String[]::new);
        double[] oof = AccuracyHead.innerOutOfFold(x, z, g, names, p, seed);
        return new Regression(AccuracyHead.fit(x, z, ys.stream().mapToInt(Integer::intValue).toArray(), oof, names, p, seed), oof);
    }

    static Head head(List<double[]> xs, List<Integer> ys, List<String> names, Params p, long seed) {
        int pos = 0;
        for (int y : ys) pos += y;
        if (pos == 0 || pos == ys.size()) return new Head(null, null, ys.isEmpty() ? 0.5 : pos == 0 ? 0 : 1);
        double[][] x = xs.toArray(double[][]::new);
        int[] y = ys.stream().mapToInt(Integer::intValue).toArray();
        DataFrame df = DataFrame.of(x, names.toArray(new String[0])).merge(IntVector.of(LABEL, y));
        GradientTreeBoost trees = TreeModel.inOneThread(() -> {
            MathEx.setSeed(seed);
            return GradientTreeBoost.fit(Formula.lhs(LABEL), df, p.trees(), p.maxDepth(), p.maxNodes(), p.nodeSize(), p.shrinkage(), p.subsample());
        });
        return new Head(trees, Formula.lhs(LABEL).x(df).schema(), Double.NaN);
    }

    /** The columns {@code cols} of a full feature vector as a judge of the current {@link #VERSION} reads them (NaN imputed). */
    static double[] project(double[] x, int[] cols) { return project(x, cols, true); }

    /** The columns {@code cols} of {@code x}, NaN imputed ({@link JudgeFeatures#imputed}) or, as a version-1 judge read them, passed on. */
    private static double[] project(double[] x, int[] cols, boolean impute) {
        double[] out = new double[cols.length];
        for (int j = 0; j < cols.length; j++) out[j] = impute ? JudgeFeatures.imputed(x[cols[j]], cols[j]) : x[cols[j]];
        return out;
    }

    private double[] mine(double[] full) { return project(full, JudgeFeatures.columns(features), version >= 2); }

    /** The version of the feature treatment this judge was fitted with (1 for a judge serialised before versions existed). */
    public int version() { return Math.max(1, version); }

    /** P(holds now) of a full feature vector ({@link JudgeFeatures#of}). */
    public double pNow(double[] full) { return pNowOf(mine(full)); }

    /** P(holds within Δ steps). */
    public double pWithin(double[] full) { return pWithinOf(mine(full)); }

    /**
     * The judge a choice made among the candidates of a grid ({@link NestedChoice#choose}) makes: the now heads of the grid point
     * chosen for now, the within heads of the point chosen for within, P read from the chosen head of each. {@code models.get(k)} was
     * fitted with {@code grid.get(k)} on the same rows (so the same medians) and the same seed.
     */
    static JudgeModel chosen(List<JudgeModel> models, List<Params> grid, String now, String within) {
        if (models.size() != grid.size()) throw new IllegalArgumentException(models.size() + " judges for " + grid.size() + " grid points");
        JudgeModel mn = models.get(NestedChoice.point(grid, now));
        JudgeModel mw = models.get(NestedChoice.point(grid, within));
        return new JudgeModel(mn.set, mn.delta, mn.now, mw.within, mn.medians, mn.nowAcc, mw.withinAcc, NestedChoice.head(grid, now),
                NestedChoice.head(grid, within), grid.get(NestedChoice.point(grid, now)), grid.get(NestedChoice.point(grid, within)));
    }

    /** The head P(now) is read from ({@link NestedChoice#CANDIDATES}); for a judge from before the choice, what it reads (the mean, or the classifier without regression). */
    public String headNow() { return headNow != null ? headNow : nowAcc == null ? Alternatives.CLASSIFIER : NestedChoice.MEAN; }

    public String headWithin() { return headWithin != null ? headWithin : withinAcc == null ? Alternatives.CLASSIFIER : NestedChoice.MEAN; }

    /** The hyperparameters the now (within) heads were fitted with, when recorded (a judge fitted with a choice), else null. */
    public Params paramsNow() { return paramsNow; }

    public Params paramsWithin() { return paramsWithin; }

    /** A head as a report names it: e.g. {@code test-acc regression alone [300 trees × 8 leaves, shrinkage 0.05]} (no point when not recorded). */
    private static String describe(String head, Params p) { return p == null ? head : NestedChoice.named(head, p); }

    private double pNowOf(double[] x) { return p(headNow(), now, nowAcc, x); }

    private double pWithinOf(double[] x) { return p(headWithin(), within, withinAcc, x); }

    private static double p(String head, Head clf, AccuracyHead reg, double[] x) {
        if (head.equals(Alternatives.CLASSIFIER)) return clf.p(x);
        if (head.equals(Alternatives.REGRESSION)) return reg.p(x);
        return (clf.p(x) + reg.p(x)) / 2;
    }

    /** The classifier's P(now) alone (the judge before the regression joined it), for the comparison in {@code judge fit --compare}. */
    double pNowClassifier(double[] full) { return now.p(mine(full)); }

    double pWithinClassifier(double[] full) { return within.p(mine(full)); }

    /** The regression heads' P alone (NaN without them). */
    double pNowRegression(double[] full) { return nowAcc == null ? Double.NaN : nowAcc.p(mine(full)); }

    double pWithinRegression(double[] full) { return withinAcc == null ? Double.NaN : withinAcc.p(mine(full)); }

    /** The regression heads (null without them). */
    AccuracyHead nowAcc() { return nowAcc; }

    AccuracyHead withinAcc() { return withinAcc; }

    /** Whether P reads a regression of test accuracy beside the classifier. */
    public boolean readsTestAccRegression() { return nowAcc != null; }

    /** A judgement with the measures that moved P(within Δ) most from the corpus median, largest first. */
    public Judgement judge(double[] full, int drivers) {
        double[] x = mine(full);
        double pn = pNowOf(x);
        double pw = pWithinOf(x);
        List<Judgement.Driver> ds = new ArrayList<>();
        for (int j = 0; j < x.length; j++) {
            if (!Double.isFinite(medians[j]) || !Double.isFinite(x[j])) continue;
            double[] y = x.clone();
            y[j] = medians[j];
            ds.add(new Judgement.Driver(features.get(j), x[j], medians[j], pw - pWithinOf(y), pn - pNowOf(y)));
        }
        ds.sort(Comparator.comparingDouble((Judgement.Driver d) -> -Math.max(Math.abs(d.effectWithin()), Math.abs(d.effectNow()))));
        return new Judgement(pn, pw, delta, set.name().toLowerCase(java.util.Locale.ROOT), List.copyOf(ds.subList(0, Math.min(drivers, ds.size()))),
                nowAcc == null ? null : 1 / (1 + Math.exp(-nowAcc.z(x))), describe(headNow(), paramsNow), describe(headWithin(), paramsWithin));
    }

    public JudgeFeatures.Set set() { return set; }

    public List<String> features() { return features; }

    public long delta() { return delta; }

}
