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
 * better (README, "Richer supervision"). Eighth session: the choice also spans an a-priori grid of boosting hyperparameters
 * ({@link JudgeModel.Params#grid}; {@link #candidates}): each grid point's judge is fitted on the outer fold's fitting rows with
 * the same seed, its three candidates scored on the same inner folds, and candidate and point are chosen together.
 */
final class NestedChoice {
    static final String NAME = "judge chosen by nested CV";
    static final String MEAN = "mean (the judge)";
    /** Candidates in order of preference on a tie (for each point of the hyperparameter grid: {@link #candidates}). */
    static final List<String> CANDIDATES = List.of(MEAN, Alternatives.CLASSIFIER, Alternatives.REGRESSION);

    private NestedChoice() {}

    /** One outer fold's choice per target, with each candidate's inner AUC (in {@link #candidates} order). */
    record Choice(int fold, String now, String within, double[] innerAucNow, double[] innerAucWithin) {}

    /**
     * The candidates over a grid of boosting hyperparameters ({@link JudgeFitter.Options#grid}): the three judges of
     * {@link #CANDIDATES} fitted with each grid point, the first point's under their plain names (a one-point grid is the
     * sixth session's choice, names and all), the others' named with their point ({@link #label}).
     */
    static List<String> candidates(List<JudgeModel.Params> grid) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) for (String c : CANDIDATES) out.add(k == 0 ? c : named(c, grid.get(k)));
        return List.copyOf(out);
    }

    /** The candidates of the grid's points after the first (the judge's own params): each also scored out of fold as a fixed choice. */
    static List<String> otherPoints(List<JudgeModel.Params> grid) {
        List<String> all = candidates(grid);
        return all.subList(CANDIDATES.size(), all.size());
    }

    /** A head at a grid point as reports name it: {@code test-acc regression alone [300 trees × 8 leaves, shrinkage 0.05]}. */
    static String named(String head, JudgeModel.Params p) { return head + " [" + label(p) + "]"; }

    /** A grid point as the report names it, e.g. {@code 300 trees × 8 leaves, shrinkage 0.05}. */
    static String label(JudgeModel.Params p) {
        return String.format(java.util.Locale.ROOT, "%d trees × %d leaves, shrinkage %s", p.trees(), p.maxNodes(), Double.toString(p.shrinkage()));
    }

    /** Chooses on the outer fold's fitting rows {@code train} (its judge fitted with {@link JudgeModel#fitWithInner}, seed {@code seed}). */
    static Choice choose(JudgeRows rows, int fold, int[] train, JudgeModel.Fit fit, JudgeModel.Params p, long seed) {
        return choose(rows, fold, train, List.of(fit), List.of(p), seed);
    }

    /**
     * The same over a grid: {@code fits.get(k)} is the outer fold's judge fitted on {@code train} with {@code grid.get(k)} and the
     * same seed, so every grid point's regression heads were calibrated on the same inner folds (same configs, same seeds: the
     * grid keeps one {@code nodeSize}, which {@link AccuracyHead#innerFolds} reads) and its classifiers are scored on them too.
     * Candidate and grid point are chosen together by inner AUC; a tie keeps the earlier (the first grid point first).
     */
    static Choice choose(JudgeRows rows, int fold, int[] train, List<JudgeModel.Fit> fits, List<JudgeModel.Params> grid, long seed) {
        if (fits.size() != grid.size()) throw new IllegalArgumentException(fits.size() + " fits for " + grid.size() + " grid points");
        int[] trW = Arrays.stream(train).filter(i -> rows.rows().get(i).within() >= 0).toArray();
        double[] an = new double[CANDIDATES.size() * grid.size()];
        double[] aw = new double[an.length];
        for (int k = 0; k < grid.size(); k++) {
            JudgeModel.Fit fit = fits.get(k);
            System.arraycopy(innerAuc(rows, train, fit.model().nowAcc(), fit.inner().now(), grid.get(k), Seeds.derive(seed, 101), false), 0, an,
                    k * CANDIDATES.size(), CANDIDATES.size());
            System.arraycopy(innerAuc(rows, trW, fit.model().withinAcc(), fit.inner().within(), grid.get(k), Seeds.derive(seed, 102), true), 0, aw,
                    k * CANDIDATES.size(), CANDIDATES.size());
        }
        List<String> names = candidates(grid);
        return new Choice(fold, names.get(best(an)), names.get(best(aw)), an, aw);
    }

    /** P of the chosen candidate for a row's full feature vector. */
    static double p(JudgeModel m, String choice, double[] full, boolean within) {
        if (choice.equals(MEAN)) return within ? m.pWithin(full) : m.pNow(full);
        if (choice.equals(Alternatives.CLASSIFIER)) return within ? m.pWithinClassifier(full) : m.pNowClassifier(full);
        if (choice.equals(Alternatives.REGRESSION)) return within ? m.pWithinRegression(full) : m.pNowRegression(full);
        throw new IllegalArgumentException("no candidate " + choice);
    }

    /** P of the chosen candidate of a grid: {@code models.get(k)} the judge fitted with {@code grid.get(k)}. */
    static double p(List<JudgeModel> models, List<JudgeModel.Params> grid, String choice, double[] full, boolean within) {
        return p(models.get(point(grid, choice)), head(grid, choice), full, within);
    }

    /** The index of a candidate's grid point. */
    static int point(List<JudgeModel.Params> grid, String choice) { return index(grid, choice) / CANDIDATES.size(); }

    /** A candidate's head, one of {@link #CANDIDATES} (its name without the grid point). */
    static String head(List<JudgeModel.Params> grid, String choice) { return CANDIDATES.get(index(grid, choice) % CANDIDATES.size()); }

    private static int index(List<JudgeModel.Params> grid, String choice) {
        int c = candidates(grid).indexOf(choice);
        if (c < 0) throw new IllegalArgumentException("no candidate " + choice);
        return c;
    }

    /**
     * Every grid point's judge fitted on {@code train} with {@code seed}, the choice among their candidates by inner AUC, and the
     * judge that choice makes ({@link JudgeModel#chosen}: per target the chosen point's heads, P read from the chosen head).
     */
    record Chosen(List<JudgeModel.Fit> fits, Choice choice, JudgeModel judge) {
        List<JudgeModel> models() { return fits.stream().map(JudgeModel.Fit::model).toList(); }
    }

    /**
     * The one procedure behind both the nested line of {@code judge fit --compare} (per outer fold, on its fitting rows) and the
     * registered judge (ninth session: on every row of the corpus, whose inner folds then decide): fit every grid point's judge on
     * {@code train} with {@code seed} — {@code first}, when given, is the first point's, already fitted so — choose, and make the
     * chosen judge.
     */
    static Chosen fitAndChoose(JudgeRows rows, int fold, int[] train, List<JudgeModel.Params> grid, long seed, JudgeModel.Fit first) {
        List<JudgeModel.Fit> fits = new ArrayList<>();
        for (int k = 0; k < grid.size(); k++) {
            fits.add(k == 0 && first != null ? first : JudgeModel.fitWithInner(rows, train, JudgeFeatures.Set.FULL, grid.get(k), seed, true));
        }
        Choice c = choose(rows, fold, train, fits, grid, seed);
        return new Chosen(List.copyOf(fits), c, JudgeModel.chosen(fits.stream().map(JudgeModel.Fit::model).toList(), grid, c.now(), c.within()));
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
