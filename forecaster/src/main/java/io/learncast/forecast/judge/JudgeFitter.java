package io.learncast.forecast.judge;

import io.learncast.common.CodeVersion;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.forecast.model.LogisticModel;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits and scores the judge. Grouped k-fold cross-validation (a config's seeds and budgets together)
 * gives out-of-fold P(now) and P(within Δ) for the judge on all features, the judge on weights alone, and
 * two baselines (logistic regression on training accuracy alone, on weight norm alone); the scores,
 * lead and false alarms are computed from those; then both judges are refitted on every row — the full judge as the nested line
 * chooses it ({@link NestedChoice#fitAndChoose} on every row: per target the head and grid point with the best inner AUC).
 */
public final class JudgeFitter {
    /**
     * The judge artifact's format: 2 since the seventh session's NaN imputation ({@link JudgeModel#VERSION}), so that a
     * learncast from before it, which would pass NaN to trees fitted on imputed values, refuses a new judge ("written by a
     * newer learncast") instead of judging wrongly. 3 since the ninth session's registered choice ({@link JudgeModel#chosen}: P read
     * from the head and grid point chosen per target): a learncast from before would read such a judge as the mean of its heads. This
     * code reads formats 1, 2 and 3, each judge as it was fitted (a judge without a recorded choice is the mean, as before).
     */
    public static final int FORMAT_VERSION = 3;
    /** Training accuracy at which a run counts as having memorised its training set. */
    static final double MEMORISED = 0.99;

    private JudgeFitter() {}

    /**
     * {@code compare}: also score the alternative judges ({@link Alternatives}) out of fold, side by side (slower; registers the same judge).
     * {@code grid}: the boosting hyperparameters the nested choice ({@link NestedChoice}) chooses among with the judge's head — on the
     * whole corpus for the registered judge, and with {@code compare} per outer fold on its fitting rows; its first point is
     * {@code params} (the out-of-fold line "judge": the mean at these), and every point has its {@code nodeSize} (the inner folds
     * depend on it).
     */
    public record Options(int folds, long seed, JudgeModel.Params params, int trajectories, boolean compare, List<JudgeModel.Params> grid) {
        public Options {
            grid = List.copyOf(grid);
            if (grid.isEmpty() || !grid.get(0).equals(params)) throw new IllegalArgumentException("the grid starts with the judge's params " + params + ": " + grid);
            for (JudgeModel.Params g : grid) {
                if (g.nodeSize() != params.nodeSize()) throw new IllegalArgumentException("grid point " + g + " has another nodeSize than " + params);
            }
        }

        /** The nested choice over the judge's own params alone. */
        public Options(int folds, long seed, JudgeModel.Params params, int trajectories, boolean compare) {
            this(folds, seed, params, trajectories, compare, List.of(params));
        }

        public static Options defaults() { return new Options(5, 19, JudgeModel.Params.defaults(), 4, false, JudgeModel.Params.grid()); }
    }

    /** The fitted judges (all features, weights only) with the report of their out-of-fold scores. */
    public record Fitted(JudgeModel full, JudgeModel weights, JudgeReport report) {}

    /** Out-of-fold probabilities of every model, per row (NaN where a row was censored for within). */
    record OutOfFold(Map<String, double[]> now, Map<String, double[]> within, List<NestedChoice.Choice> choices) {}

    public static Fitted fit(JudgeRows rows, Options o) {
        int n = rows.rows().size();
        long groups = Arrays.stream(rows.groups()).distinct().count();
        if (groups < 2) throw new UserError("judge", "the store has " + groups + " config(s) with weight measures; the judge needs at least 2",
                "train runs with the fast trainer (it stores weight measures at every evaluation), e.g. learncast farm enqueue grids/judge-modadd.yaml");
        int k = (int) Math.min(o.folds(), groups);
        GroupedKFold folds = GroupedKFold.of(rows.groups(), k, o.seed());
        OutOfFold oof = outOfFold(rows, folds, o);
        List<JudgeReport.Score> scores = new ArrayList<>();
        int[] yNow = rows.rows().stream().mapToInt(JudgeRows.Row::now).toArray();
        for (var e : oof.now().entrySet()) scores.add(score("now", e.getKey(), e.getValue(), yNow));
        // the same without the checkpoints near the threshold (test accuracy in [0.5, threshold)): how much of the error is the band
        // where a few test examples decide the label
        int[] clear = java.util.stream.IntStream.range(0, n).filter(i -> rows.rows().get(i).now() == 1 || rows.rows().get(i).testAcc() < 0.5).toArray();
        for (var e : oof.now().entrySet()) {
            scores.add(score("now, test < 0.5 or learned", e.getKey(), Arrays.stream(clear).mapToDouble(i -> e.getValue()[i]).toArray(),
                    Arrays.stream(clear).map(i -> yNow[i]).toArray()));
        }
        int[] keep = java.util.stream.IntStream.range(0, n).filter(i -> rows.rows().get(i).within() >= 0).toArray();
        int[] yW = Arrays.stream(keep).map(i -> rows.rows().get(i).within()).toArray();
        for (var e : oof.within().entrySet()) {
            double[] p = Arrays.stream(keep).mapToDouble(i -> e.getValue()[i]).toArray();
            scores.add(score("within " + rows.delta(), e.getKey(), p, yW));
        }
        double[] pn = oof.now().get("judge");
        double[] pw = oof.within().get("judge");
        JudgeReport.Lead lead = JudgeLead.of(rows, pw, pn);
        List<JudgeReport.Compared> compared = new ArrayList<>();
        if (o.compare()) {
            List<String> others = NestedChoice.otherPoints(o.grid());
            for (String m : oof.now().keySet()) {
                if (Alternatives.NAMES.contains(m) || m.equals(NestedChoice.NAME) || others.contains(m)) {
                    compared.add(new JudgeReport.Compared(m, JudgeLead.of(rows, oof.within().get(m), oof.now().get(m))));
                }
            }
        }
        List<JudgeReport.Trajectory> traj = JudgeLead.trajectories(rows, pn, pw, o.trajectories());
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        // the registered judge: the nested line's procedure on the whole corpus — every grid point's judge fitted on every row, grid
        // point and head chosen per target by AUC on the corpus's inner folds (ninth session; before, the mean at the defaults)
        NestedChoice.Chosen chosen = NestedChoice.fitAndChoose(rows, -1, all, o.grid(), o.seed(), null);
        JudgeModel full = chosen.judge();
        JudgeModel weights = JudgeModel.fit(rows, all, JudgeFeatures.Set.WEIGHTS, o.params(), Seeds.derive(o.seed(), 7));
        List<String> tasks = rows.rows().stream().map(r -> r.run().config().task()).distinct().sorted().toList();
        JudgeReport report = new JudgeReport(FORMAT_VERSION, CodeVersion.get(), Instant.now().toString(), rows.runs(), n, groups, k, o.seed(),
                rows.delta(), tasks, scores, reliability(pn, yNow), lead, traj, byArch(rows, pn, pw), List.of(), compared,
                o.compare() ? oof.choices().stream().map(c -> new JudgeReport.NestedChoice(c.fold(), c.now(), c.within(), NestedChoice.candidates(o.grid()),
                        Arrays.stream(c.innerAucNow()).boxed().toList(), Arrays.stream(c.innerAucWithin()).boxed().toList())).toList() : null,
                registered(chosen, o.grid()));
        return new Fitted(full, weights, report);
    }

    /** What the registered judge is: the whole corpus's choice with every candidate's inner AUC. */
    private static JudgeReport.Registered registered(NestedChoice.Chosen c, List<JudgeModel.Params> grid) {
        JudgeModel j = c.judge();
        return new JudgeReport.Registered(c.choice().now(), j.headNow(), NestedChoice.label(j.paramsNow()), c.choice().within(), j.headWithin(),
                NestedChoice.label(j.paramsWithin()), NestedChoice.candidates(grid), Arrays.stream(c.choice().innerAucNow()).boxed().toList(),
                Arrays.stream(c.choice().innerAucWithin()).boxed().toList());
    }

    static OutOfFold outOfFold(JudgeRows rows, GroupedKFold folds, Options o) {
        int n = rows.rows().size();
        Map<String, double[]> now = new LinkedHashMap<>();
        Map<String, double[]> within = new LinkedHashMap<>();
        List<String> models = new ArrayList<>(List.of("judge", "judge (weights only)", "train accuracy alone", "weight norm alone"));
        if (o.compare()) {
            models.addAll(Alternatives.NAMES);
            models.add(NestedChoice.NAME);
            // the other grid points' candidates, each scored out of fold as it is (a fixed choice, beside the nested one)
            models.addAll(NestedChoice.otherPoints(o.grid()));
        }
        List<NestedChoice.Choice> choices = new ArrayList<>();
        for (String m : models) {
            now.put(m, new double[n]);
            double[] w = new double[n];
            Arrays.fill(w, Double.NaN);
            within.put(m, w);
        }
        int accCol = JudgeFeatures.ALL.indexOf("train_acc");
        int normCol = JudgeFeatures.ALL.indexOf("w_norm");
        for (GroupedKFold.Split s : folds.splits()) {
            long seed = Seeds.derive(o.seed(), s.fold());
            JudgeModel.Fit fit = JudgeModel.fitWithInner(rows, s.train(), JudgeFeatures.Set.FULL, o.params(), seed, true);
            JudgeModel full = fit.model();
            JudgeModel weights = JudgeModel.fit(rows, s.train(), JudgeFeatures.Set.WEIGHTS, o.params(), seed);
            LogisticModel[] acc = baseline(rows, s.train(), accCol);
            LogisticModel[] norm = baseline(rows, s.train(), normCol);
            for (int i : s.test()) {
                double[] x = rows.rows().get(i).x();
                now.get("judge")[i] = full.pNow(x);
                within.get("judge")[i] = full.pWithin(x);
                now.get("judge (weights only)")[i] = weights.pNow(x);
                within.get("judge (weights only)")[i] = weights.pWithin(x);
                now.get("train accuracy alone")[i] = acc[0].probability(new double[] {x[accCol]});
                within.get("train accuracy alone")[i] = acc[1].probability(new double[] {x[accCol]});
                now.get("weight norm alone")[i] = norm[0].probability(new double[] {x[normCol]});
                within.get("weight norm alone")[i] = norm[1].probability(new double[] {x[normCol]});
            }
            if (o.compare()) {
                Alternatives.outOfFold(rows, s, fit, o, seed, now, within);
                // the other grid points' judges on the same rows with the same seed (the first is the judge's own), the choice, and the
                // judge it makes: the same procedure that makes the registered judge on the whole corpus
                NestedChoice.Chosen chosen = NestedChoice.fitAndChoose(rows, s.fold(), s.train(), o.grid(), seed, fit);
                List<JudgeModel> judges = chosen.models();
                choices.add(chosen.choice());
                List<String> others = NestedChoice.otherPoints(o.grid());
                for (int i : s.test()) {
                    double[] x = rows.rows().get(i).x();
                    for (String m : others) {
                        now.get(m)[i] = NestedChoice.p(judges, o.grid(), m, x, false);
                        within.get(m)[i] = NestedChoice.p(judges, o.grid(), m, x, true);
                    }
                    now.get(NestedChoice.NAME)[i] = chosen.judge().pNow(x);
                    within.get(NestedChoice.NAME)[i] = chosen.judge().pWithin(x);
                }
            }
        }
        return new OutOfFold(now, within, choices);
    }

    /** The judge's out-of-fold scores and lead per architecture, when the corpus holds more than one (else empty). */
    static List<JudgeReport.ArchScore> byArch(JudgeRows rows, double[] pn, double[] pw) {
        List<io.learncast.farm.config.knob.Knob.Arch> archs = rows.rows().stream().map(r -> r.run().knobs().arch()).distinct().sorted().toList();
        if (archs.size() < 2) return List.of();
        List<JudgeReport.ArchScore> out = new ArrayList<>();
        for (var a : archs) {
            int[] idx = java.util.stream.IntStream.range(0, rows.rows().size()).filter(i -> rows.rows().get(i).run().knobs().arch() == a).toArray();
            JudgeRows sub = rows.only(a);
            double[] n = Arrays.stream(idx).mapToDouble(i -> pn[i]).toArray();
            double[] w = Arrays.stream(idx).mapToDouble(i -> pw[i]).toArray();
            int[] y = Arrays.stream(idx).map(i -> rows.rows().get(i).now()).toArray();
            int[] keep = java.util.stream.IntStream.range(0, idx.length).filter(j -> sub.rows().get(j).within() >= 0).toArray();
            List<JudgeReport.Score> sc = List.of(score("now", "judge", n, y),
                    score("within " + rows.delta(), "judge", Arrays.stream(keep).mapToDouble(j -> w[j]).toArray(), Arrays.stream(keep).map(j -> sub.rows().get(j).within()).toArray()));
            out.add(new JudgeReport.ArchScore(a.key(), sub.runs(), sc, JudgeLead.of(sub, w, n)));
        }
        return out;
    }

    /** Logistic regressions of now and within on one feature column. */
    private static LogisticModel[] baseline(JudgeRows rows, int[] train, int col) {
        List<double[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        List<double[]> xw = new ArrayList<>();
        List<Integer> yw = new ArrayList<>();
        for (int i : train) {
            JudgeRows.Row r = rows.rows().get(i);
            x.add(new double[] {r.x()[col]});
            y.add(r.now());
            if (r.within() >= 0) {
                xw.add(new double[] {r.x()[col]});
                yw.add(r.within());
            }
        }
        return new LogisticModel[] {LogisticModel.fit(x.toArray(double[][]::new), y.stream().mapToInt(Integer::intValue).toArray(), 1e-3),
                LogisticModel.fit(xw.toArray(double[][]::new), yw.stream().mapToInt(Integer::intValue).toArray(), 1e-3)};
    }

    private static JudgeReport.Score score(String target, String model, double[] p, int[] y) {
        Metrics m = Metrics.of(p, y);
        return new JudgeReport.Score(target, model, m.n(), Arrays.stream(y).sum(), m.auc(), m.brier(), m.ece());
    }

    static List<JudgeReport.Bin> reliability(double[] p, int[] y) {
        List<JudgeReport.Bin> out = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            double lo = b / 10.0;
            double hi = (b + 1) / 10.0;
            int n = 0;
            double sp = 0;
            double sy = 0;
            for (int i = 0; i < p.length; i++) {
                if (p[i] >= lo && (p[i] < hi || (b == 9 && p[i] <= 1))) {
                    n++;
                    sp += p[i];
                    sy += y[i];
                }
            }
            out.add(new JudgeReport.Bin(lo, hi, n, n == 0 ? Double.NaN : sp / n, n == 0 ? Double.NaN : sy / n));
        }
        return out;
    }
}
