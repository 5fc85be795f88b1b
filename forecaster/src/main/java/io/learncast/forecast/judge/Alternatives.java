package io.learncast.forecast.judge;

import io.learncast.common.Seeds;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.validation.GroupedKFold;
import smile.classification.GradientTreeBoost;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.formula.Formula;
import smile.data.type.StructType;
import smile.data.vector.IntVector;
import smile.math.MathEx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Alternative judges scored out of fold beside the registered one ({@code judge fit --compare}), on the same folds and
 * the full feature set, so a change of model is chosen on measured scores across corpora and seeds, not on one split.
 * The registered judge (fifth session) is the mean of a classifier's P and a test-accuracy regression's
 * ({@link AccuracyHead}); beside it:
 * <ul>
 *   <li>{@code classifier alone}: the judge before (gradient-boosted classifiers of the binary labels);</li>
 *   <li>{@code test-acc regression alone}: {@link AccuracyHead} — a regression of logit test accuracy (now) and of the
 *   highest test accuracy within Δ (within), P from a logistic calibration on inner out-of-fold predictions;</li>
 *   <li>{@code stacked on test-acc}: a classifier with the regression's ẑ as one more feature (inner out of fold on the
 *   fitting rows, so the classifier learns how far to trust it);</li>
 *   <li>{@code classifier bagged ×3}: the mean of three classifiers with derived seeds (subsampling differs).</li>
 * </ul>
 */
final class Alternatives {
    static final String CLASSIFIER = "classifier alone (judge before)";
    static final String REGRESSION = "test-acc regression alone";
    static final String STACKED = "classifier stacked on test-acc";
    static final String BAGGED = "classifier bagged ×3";
    static final List<String> NAMES = List.of(CLASSIFIER, REGRESSION, STACKED, BAGGED);

    private Alternatives() {}

    /**
     * Reads the parts of the split's fitted judge, fits the other alternatives on the split's fitting rows, and writes their P on its scored rows.
     * The stacked classifiers read the judge's own regression heads and their inner out-of-fold ẑ ({@code fit.inner()}) — the same
     * rows, folds and seeds they would be refitted with (sixth session; before, every inner fold was fitted twice); with
     * {@code fit.inner()} null (a judge fitted without them) they are fitted here, as before.
     */
    static void outOfFold(JudgeRows rows, GroupedKFold.Split s, JudgeModel.Fit fit, JudgeFitter.Options o, long seed, Map<String, double[]> now,
                          Map<String, double[]> within) {
        JudgeModel judge = fit.model();
        List<String> names = JudgeFeatures.names(JudgeFeatures.Set.FULL);
        int[] cols = JudgeFeatures.columns(names);
        String[] groups = rows.groups();
        JudgeModel.Params p = o.params();
        // now: every fitting row; within: the uncensored ones
        int[] trN = s.train();
        int[] trW = Arrays.stream(s.train()).filter(i -> rows.rows().get(i).within() >= 0).toArray();
        JudgeModel.Inner inner = fit.inner();
        Head hn = head(rows, trN, cols, names, groups, p, Seeds.derive(seed, 101), false, inner == null ? null : judge.nowAcc(), inner == null ? null : inner.now());
        Head hw = head(rows, trW, cols, names, groups, p, Seeds.derive(seed, 102), true, inner == null ? null : judge.withinAcc(), inner == null ? null : inner.within());
        List<JudgeModel> bag = new ArrayList<>();
        for (int b = 1; b <= 2; b++) bag.add(JudgeModel.fit(rows, s.train(), JudgeFeatures.Set.FULL, p, Seeds.derive(seed, 200 + b)));
        for (int i : s.test()) {
            double[] full = rows.rows().get(i).x();
            double[] x = JudgeModel.project(full, cols);
            now.get(CLASSIFIER)[i] = judge.pNowClassifier(full);
            within.get(CLASSIFIER)[i] = judge.pWithinClassifier(full);
            now.get(REGRESSION)[i] = judge.pNowRegression(full);
            within.get(REGRESSION)[i] = judge.pWithinRegression(full);
            now.get(STACKED)[i] = hn.stacked(x);
            within.get(STACKED)[i] = hw.stacked(x);
            double bn = judge.pNowClassifier(full);
            double bw = judge.pWithinClassifier(full);
            for (JudgeModel m : bag) {
                bn += m.pNow(full);
                bw += m.pWithin(full);
            }
            now.get(BAGGED)[i] = bn / (bag.size() + 1);
            within.get(BAGGED)[i] = bw / (bag.size() + 1);
        }
    }

    /** A regression head and a classifier stacked on its ẑ, for one target. */
    private record Head(AccuracyHead reg, GradientTreeBoost clf, StructType schema, double constant) {
        double stacked(double[] x) {
            if (clf == null) return constant;
            double[] xz = Arrays.copyOf(x, x.length + 1);
            xz[x.length] = reg.z(x);
            double[] post = new double[2];
            clf.predict(Tuple.of(xz, schema), post);
            return post[1];
        }
    }

    /** {@code given} and {@code givenOof}: the judge's regression head fitted on these rows with this seed, and its inner ẑ (null: fit them here). */
    private static Head head(JudgeRows rows, int[] use, int[] cols, List<String> names, String[] allGroups, JudgeModel.Params p, long seed, boolean within,
                             AccuracyHead given, double[] givenOof) {
        double[][] x = Arrays.stream(use).mapToObj(i -> JudgeModel.project(rows.rows().get(i).x(), cols)).toArray(double[][]::new);
        double[] z = Arrays.stream(use).mapToDouble(i -> AccuracyHead.target(within ? rows.rows().get(i).futureAcc() : rows.rows().get(i).testAcc())).toArray();
        int[] y = Arrays.stream(use).map(i -> within ? rows.rows().get(i).within() : rows.rows().get(i).now()).toArray();
        String[] g = Arrays.stream(use).mapToObj(i -> allGroups[i]).toArray(String[]::new);
        if (givenOof != null && givenOof.length != use.length) throw new IllegalStateException("inner predictions for " + givenOof.length + " rows, not " + use.length);
        double[] oof = givenOof != null ? givenOof : AccuracyHead.innerOutOfFold(x, z, g, names, p, seed);
        AccuracyHead reg = given != null ? given : AccuracyHead.fit(x, z, y, oof, names, p, seed);
        int pos = Arrays.stream(y).sum();
        if (pos == 0 || pos == y.length) return new Head(reg, null, null, pos == 0 ? 0 : 1);
        double[][] xz = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            xz[i] = Arrays.copyOf(x[i], x[i].length + 1);
            xz[i][x[i].length] = oof[i];
        }
        List<String> n2 = new ArrayList<>(names);
        n2.add("predicted_logit_test_acc");
        DataFrame df = DataFrame.of(xz, n2.toArray(new String[0])).merge(IntVector.of("y", y));
        GradientTreeBoost clf = TreeModel.inOneThread(() -> {
            MathEx.setSeed(Seeds.derive(seed, 5));
            return GradientTreeBoost.fit(Formula.lhs("y"), df, p.trees(), p.maxDepth(), p.maxNodes(), p.nodeSize(), p.shrinkage(), p.subsample());
        });
        return new Head(reg, clf, Formula.lhs("y").x(df).schema(), Double.NaN);
    }
}
