package io.learncast.forecast.judge;

import io.learncast.common.Seeds;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The choice among judges made by nested cross-validation (sixth session). The fifth session chose the mean of the classifier's
 * P and the regression's on out-of-fold scores of the very corpora it then reported, so the reported AUC had seen the folds
 * the choice was made on. Here each outer fold chooses on its fitting rows alone: on the inner folds its regression heads were
 * already calibrated on ({@link AccuracyHead#innerFolds}, same configs, same seeds), a classifier is fitted per inner fold; the
 * candidates — {@link #MEAN} (the registered judge), the classifier alone, the regression alone — are scored by AUC on those
 * inner out-of-fold predictions (the regression's ẑ through its head's calibration, whose two parameters were fitted on the
 * same ẑ), per target (now, within Δ); the best is used on the outer fold's scored rows. The outer test fold never enters the
 * choice ({@code NestedChoiceTest} changes its labels and the choice stays). The stacked and bagged alternatives are not
 * candidates: their inner scores need three times the fits (inner-inner folds, more seeds), and across corpora neither was
 * better (README, "Richer supervision").
 */
final class NestedChoice {
    static final String NAME = "judge chosen by nested CV";
    static final String MEAN = "mean (the judge)";
    /** Candidates in order of preference on a tie. */
    static final List<String> CANDIDATES = List.of(MEAN, Alternatives.CLASSIFIER, Alternatives.REGRESSION);

    private NestedChoice() {}

    /** One outer fold's choice per target, with each candidate's inner AUC (in {@link #CANDIDATES} order). */
    record Choice(int fold, String now, String within, double[] innerAucNow, double[] innerAucWithin) {}

    /** Chooses on the outer fold's fitting rows {@code train} (its judge fitted with {@link JudgeModel#fitWithInner}, seed {@code seed}). */
    static Choice choose(JudgeRows rows, int fold, int[] train, JudgeModel.Fit fit, JudgeModel.Params p, long seed) {
        int[] trW = Arrays.stream(train).filter(i -> rows.rows().get(i).within() >= 0).toArray();
        double[] an = innerAuc(rows, train, fit.model().nowAcc(), fit.inner().now(), p, Seeds.derive(seed, 101), false);
        double[] aw = innerAuc(rows, trW, fit.model().withinAcc(), fit.inner().within(), p, Seeds.derive(seed, 102), true);
        return new Choice(fold, CANDIDATES.get(best(an)), CANDIDATES.get(best(aw)), an, aw);
    }

    /** P of the chosen candidate for a row's full feature vector. */
    static double p(JudgeModel m, String choice, double[] full, boolean within) {
        if (choice.equals(MEAN)) return within ? m.pWithin(full) : m.pNow(full);
        if (choice.equals(Alternatives.CLASSIFIER)) return within ? m.pWithinClassifier(full) : m.pNowClassifier(full);
        if (choice.equals(Alternatives.REGRESSION)) return within ? m.pWithinRegression(full) : m.pNowRegression(full);
        throw new IllegalArgumentException("no candidate " + choice);
    }

    private static int best(double[] auc) {
        int b = 0;
        for (int j = 1; j < auc.length; j++) if (auc[j] > auc[b]) b = j; // NaN never wins; ties keep the earlier
        return b;
    }

    /**
     * Inner AUC of each candidate on rows {@code use} (the fitting rows of one head, in the order its inner ẑ {@code oof} was
     * computed): a classifier fitted per inner fold, the regression's ẑ through {@code head}'s calibration, their mean. NaN for
     * every candidate when there are no inner folds or one class only (the mean then stays, first on a tie).
     */
    static double[] innerAuc(JudgeRows rows, int[] use, AccuracyHead head, double[] oof, JudgeModel.Params p, long seed, boolean within) {
        double[] none = {Double.NaN, Double.NaN, Double.NaN};
        String[] all = rows.groups();
        String[] g = Arrays.stream(use).mapToObj(i -> all[i]).toArray(String[]::new);
        int[] y = Arrays.stream(use).map(i -> within ? rows.rows().get(i).within() : rows.rows().get(i).now()).toArray();
        int pos = Arrays.stream(y).sum();
        GroupedKFold inner = AccuracyHead.innerFolds(g, p, seed);
        if (inner == null || head == null || pos == 0 || pos == y.length) return none;
        List<String> names = JudgeFeatures.names(JudgeFeatures.Set.FULL);
        int[] cols = JudgeFeatures.columns(names);
        double[][] x = Arrays.stream(use).mapToObj(i -> JudgeModel.project(rows.rows().get(i).x(), cols)).toArray(double[][]::new);
        double[] clf = new double[use.length];
        for (GroupedKFold.Split s : inner.splits()) {
            List<double[]> tx = new ArrayList<>();
            List<Integer> ty = new ArrayList<>();
            for (int i : s.train()) {
                tx.add(x[i]);
                ty.add(y[i]);
            }
            JudgeModel.Head h = JudgeModel.head(tx, ty, names, p, Seeds.derive(seed, 20 + s.fold()));
            for (int i : s.test()) clf[i] = h.p(x[i]);
        }
        double[] reg = Arrays.stream(oof).map(head::pOfZ).toArray();
        double[] mean = new double[use.length];
        for (int i = 0; i < mean.length; i++) mean[i] = (clf[i] + reg[i]) / 2;
        return new double[] {Metrics.of(mean, y).auc(), Metrics.of(clf, y).auc(), Metrics.of(reg, y).auc()};
    }
}
