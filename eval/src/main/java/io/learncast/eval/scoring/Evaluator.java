package io.learncast.eval.scoring;

import io.learncast.common.Futures;
import io.learncast.common.Seeds;
import io.learncast.common.UserError;
import io.learncast.eval.metrics.GroupBootstrap;
import io.learncast.eval.metrics.Interval;
import io.learncast.eval.metrics.SeedNoiseCeiling;
import io.learncast.eval.metrics.StepErrors;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.ForecastLedger;
import io.learncast.farm.store.LedgerEntry;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.BudgetEnvelope;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.model.FineHistogramGbt;
import io.learncast.forecast.model.FittedForecaster;
import io.learncast.forecast.model.ForecasterFitter;
import io.learncast.forecast.model.ProbabilityModel;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.property.DelayRatioModel;
import io.learncast.forecast.property.PropertyForecasters;
import io.learncast.forecast.property.PropertyLabels;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Scores the forecaster and its baselines on a split. On every fold each model is fitted on the fit
 * side only (the forecaster including its own model search, so selection never sees the scored
 * configs) and scored on the scored side's rows at the runs' own budgets:
 * <ul>
 *   <li>{@code forecaster}: {@link ForecasterFitter} with the given search;</li>
 *   <li>{@code gbt}: a plain gradient-boosted tree model on the same features (the standard search's first GBT);</li>
 *   <li>{@code log-compute}: logistic regression on log10 FLOPs alone, a scaling-law-style baseline (a plain
 *       σ(a + b·log compute), without the forecaster candidates' envelope over budgets, which assumes more
 *       steps never hurt: when b &lt; 0 on a corpus, the envelope would read every forecast off a one-step budget);</li>
 *   <li>{@code majority}: the fit side's base rate for every row (its accuracy is the majority class's).</li>
 * </ul>
 */
public final class Evaluator {

    public static final String FORECASTER = "forecaster", GBT = "gbt", LOG_COMPUTE = "log-compute", MAJORITY = "majority";

    /**
     * @param resamples group-bootstrap resamples per interval; @param search the forecaster's model search in every fold;
     * @param property a property read off the curves to score instead of the one runs were trained for (null: that one).
     */
    public record Options(long seed, int resamples, ForecasterFitter.Search search, PropertyLabels property) {
        public Options(long seed, int resamples, ForecasterFitter.Search search) { this(seed, resamples, search, null); }

        public static Options defaults() { return new Options(Seeds.DEFAULT_MASTER, 1000, ForecasterFitter.Search.QUICK); }

        public Options withSearch(ForecasterFitter.Search s) { return new Options(seed, resamples, s, property); }

        public Options withResamples(int r) { return new Options(seed, r, search, property); }

        /** Another seed for the fold assignment, the fits and the bootstrap. */
        public Options withSeed(long s) { return new Options(s, resamples, search, property); }

        /** Scores {@code labels}' property: its censored labels are never scored. */
        public Options withProperty(PropertyLabels labels) { return new Options(seed, resamples, search, labels); }
    }

    private FeatureTable table(List<StoredRun> runs, boolean extraBudgets) {
        FeatureTable.Options o = new FeatureTable.Options(extraBudgets);
        return options.property() == null ? FeatureTable.from(runs, o) : FeatureTable.fromRecords(options.property().records(runs), o);
    }

    /** The GBT baseline's hyperparameters (Smile's names; the standard search's first GBT). */
    static final TreeModel.BoostParams GBT_PARAMS = new TreeModel.BoostParams(150, 20, 4, 5, 0.1, 0.7);
    static final int[] LOG_COMPUTE_COLUMNS = {io.learncast.forecast.features.Features.index("log10_flops")};
    /** The fewest runs a fold's fit side needs for the forecaster's own cross-validation. */
    static final int MIN_FIT_RUNS = 10;

    private final Options options;

    public Evaluator(Options options) {
        this.options = options;
    }

    /** Scores {@code split} on {@code runs} (finished runs); {@code progress} hears one line per fold. */
    public SplitScore score(List<StoredRun> runs, Split split, Consumer<String> progress) {
        if (runs.isEmpty()) throw new UserError("eval", "the store has no finished runs", "train some first, e.g. `learncast quickstart`");
        List<Split.Fold> folds = split.folds(runs, options.seed());
        if (split.kind() == Split.Kind.TEST_WHERE || split.kind() == Split.Kind.TEST_RANGE) {
            Split.Fold f = folds.get(0);
            if (f.score().isEmpty()) throw new UserError("--split " + split.text(), "no run matches, so nothing would be scored", "check the field's values with `learncast runs`");
            if (f.fit().isEmpty()) throw new UserError("--split " + split.text(), "every run matches, so nothing is left to fit on", "choose a threshold inside the field's range");
        }
        if (split.kind() == Split.Kind.LEAVE_OUT && folds.size() < 2) {
            throw new UserError("--split " + split.text(), "every run has the same " + split.field() + ", so leaving one out leaves nothing to fit on",
                    "leave out a field that varies, e.g. leave-out:task on a corpus with several tasks");
        }
        List<String> notes = new ArrayList<>();
        Map<String, Acc> acc = new java.util.LinkedHashMap<>();
        for (String m : List.of(FORECASTER, GBT, LOG_COMPUTE, MAJORITY)) acc.put(m, new Acc());
        List<FeatureTable.Row> scoredRows = new ArrayList<>();
        List<Double> stepsPred = new ArrayList<>(), stepsActual = new ArrayList<>();
        List<String> stepsGroup = new ArrayList<>();
        int[] covered = {0};
        List<Double> widths = new ArrayList<>();
        java.util.Set<Long> fitRuns = new java.util.HashSet<>(), scoredRuns = new java.util.HashSet<>();
        List<double[]> ratioErrors = new ArrayList<>();
        int used = 0;
        List<String> neverOf = new ArrayList<>(); // per scored row, the values its never_learned warning named ("" when none)
        List<String> chosen = new ArrayList<>();
        for (Split.Fold fold : folds) {
            FeatureTable fit = table(fold.fit(), true);
            FeatureTable score = table(fold.score(), false).listedOnly();
            if (score.size() == 0) continue;
            String skip = unfit(fit);
            if (skip != null) {
                notes.add(fold.label() + ": skipped (" + skip + ")");
                continue;
            }
            long t0 = System.nanoTime();
            long seed = Seeds.derive(options.seed(), "eval|" + fold.label());
            // the model search is seeded by the evaluation's seed itself (its default is the fitter's default, so default figures
            // are unchanged): `eval --seed` then shows how far a figure moves with the search's inner folds too
            ForecasterFitter.Options fo = ForecasterFitter.Options.defaults().withSearch(options.search()).withDraws(0).withSeed(options.seed());
            if (options.property() != null && !options.property().property().monotone()) fo = fo.withCandidates(PropertyForecasters.rowCandidates());
            // the baselines fit on a second core while the forecaster fits on this one (each is seeded on its
            // own, so the scores do not depend on the order): at 100,000 runs the GBT takes a third of the
            // forecaster's fit time
            long[] baselineNanos = {0};
            java.util.concurrent.CompletableFuture<double[][]> baselines = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                long b0 = System.nanoTime();
                double[][] p = {probabilities(gbt(fit, seed), score),
                        probabilities(io.learncast.forecast.model.LogisticModel.fit(fit.x(), fit.y(), 0.1, LOG_COMPUTE_COLUMNS), score)};
                baselineNanos[0] = System.nanoTime() - b0;
                return p;
            }, BASELINES);
            long tf = System.nanoTime();
            FittedForecaster f = ForecasterFitter.fit(fit, fo);
            long forecasterNanos = System.nanoTime() - tf;
            chosen.add(f.report().chosen());
            double[][] base2 = Futures.join(baselines);
            if (options.property() != null && options.property().property() instanceof io.learncast.data.property.CurveProperty.Grokking) {
                ratioErrors.addAll(DelayRatioModel.pairErrors(fit.runs(), score.runs(), seed));
            }
            long ts = System.nanoTime();
            double[] own = forecasts(f, score);
            acc.get(FORECASTER).add(own);
            for (int i = 0; i < own.length; i++) {
                List<io.learncast.forecast.model.Forecast.Warning> w = f.coverage().neverLearned(score.row(i).run().knobs(), own[i]);
                neverOf.add(String.join("; ", w.stream().map(x -> x.knob() + " " + x.value()).toList()));
            }
            acc.get(GBT).add(base2[0]);
            acc.get(LOG_COMPUTE).add(base2[1]);
            double base = mean(fit.listedOnly().y());
            double[] constant = new double[score.size()];
            Arrays.fill(constant, base);
            acc.get(MAJORITY).add(constant);
            scoredRows.addAll(score.rows());
            // the learned runs' steps forecasts on both cores (each is a pure function of the fitted forecaster), kept in run order
            // (null where the model says it never learns: no steps to compare)
            List<double[]> stepsOf = score.runs().parallelStream().map(r -> r.learned() ? f.steps(r.knobs()) : null).toList();
            for (int k = 0; k < stepsOf.size(); k++) {
                RunRecord r = score.runs().get(k);
                scoredRuns.add(r.runId());
                double[] st = stepsOf.get(k);
                if (st == null) continue;
                stepsPred.add(st[0]);
                double lo = st[1], hi = st[2];
                if (r.confirmStep() >= lo && r.confirmStep() <= hi) covered[0]++;
                widths.add(Math.log(hi / lo) / Math.log(2));
                stepsActual.add((double) r.confirmStep());
                stepsGroup.add(r.groupHash());
            }
            for (RunRecord r : fit.runs()) fitRuns.add(r.runId());
            used++;
            // where a fold's time goes: the forecaster's search and fit, the baselines beside it on the second thread
            progress.accept(String.format(java.util.Locale.ROOT, "%s: fitted on %d runs, scored %d rows; forecaster %s (%.1f s: forecaster fit %.1f s, baselines %.1f s beside it, "
                    + "forecasts and steps %.1f s)", fold.label(), fit.runs().size(), score.size(), f.report().chosen(), (System.nanoTime() - t0) / 1e9, forecasterNanos / 1e9,
                    baselineNanos[0] / 1e9, (System.nanoTime() - ts) / 1e9));
        }
        if (used == 0) {
            throw new UserError("--split " + split.text(), "no fold could be scored (" + String.join("; ", notes) + ")",
                    "train more runs, with both outcomes, on the fit side");
        }
        int n = scoredRows.size();
        int[] y = new int[n];
        String[] groups = new String[n], cells = new String[n];
        for (int i = 0; i < n; i++) {
            FeatureTable.Row r = scoredRows.get(i);
            y[i] = r.learned() ? 1 : 0;
            groups[i] = r.groupHash();
            cells[i] = HeldOutRows.cell(r);
        }
        GroupBootstrap boot = new GroupBootstrap(groups, options.resamples(), Seeds.derive(options.seed(), "bootstrap|" + split.text()));
        Interval steps = null;
        if (!stepsPred.isEmpty()) {
            double[] sp = stepsPred.stream().mapToDouble(Double::doubleValue).toArray(), sa = stepsActual.stream().mapToDouble(Double::doubleValue).toArray();
            GroupBootstrap sb = new GroupBootstrap(stepsGroup.toArray(String[]::new), options.resamples(), Seeds.derive(options.seed(), "steps|" + split.text()));
            steps = sb.interval(rows -> StepErrors.medianAbsLog2Error(pick(sp, rows), pick(sa, rows)));
        }
        // the four models' intervals on both cores: each bootstrap draws from its own generator seeded alike, so the
        // intervals do not depend on the order or the thread
        Interval stepsIv = steps;
        List<ModelScore> models = acc.entrySet().parallelStream().map(e -> {
            boolean fc = e.getKey().equals(FORECASTER);
            return score(e.getKey(), describe(e.getKey()), e.getValue().all(), y, boot, fc ? stepsIv : null, fc && stepsIv != null ? stepsPred.size() : null);
        }).toList();
        if (!ratioErrors.isEmpty()) {
            double[] em = ratioErrors.stream().mapToDouble(e -> e[0]).sorted().toArray(), ec = ratioErrors.stream().mapToDouble(e -> e[1]).sorted().toArray();
            notes.add(String.format(java.util.Locale.ROOT, "delay ratio t_gen/t_mem on %d held-out runs that generalised within their curves: median |log2 error| %.3f "
                    + "(ridge on the config features) vs %.3f (the fit side's median ratio)", em.length, em[em.length / 2], ec[ec.length / 2]));
        }
        double[] forecast = acc.get(FORECASTER).all();
        Ceiling ceiling = ceiling(cells, y, forecast, boot);
        if (ceiling == null) notes.add("no seed-noise ceiling: no scored config was trained with two or more seeds (use seeds: 2 or more in the grid)");
        SplitScore.StepsCoverage cov = widths.isEmpty() ? null : new SplitScore.StepsCoverage(widths.size(), covered[0], covered[0] / (double) widths.size(),
                widths.stream().mapToDouble(Double::doubleValue).sorted().toArray()[widths.size() / 2]);
        return new SplitScore(split.text(), used, fitRuns.size(), scoredRuns.size(), n, mean(y), models, ceiling, notes, cov, List.copyOf(chosen),
                SplitScore.NeverLearned.of(neverOf, y, forecast),
                List.copyOf(scoredRows), forecast, List.copyOf(neverOf));
    }

    /** Scores the prospective ledger: links entries to runs trained since, then scores every entry with an outcome. */
    public LedgerScore ledger(ForecastLedger ledger) {
        int newly = ledger.score();
        List<LedgerEntry> entries = ledger.entries();
        List<LedgerEntry> scored = entries.stream().filter(e -> e.outcomeLearned() != null).toList();
        ModelScore s = null;
        if (!scored.isEmpty()) {
            double[] p = scored.stream().mapToDouble(LedgerEntry::probability).toArray();
            int[] y = scored.stream().mapToInt(e -> e.outcomeLearned() ? 1 : 0).toArray();
            String[] g = scored.stream().map(LedgerEntry::groupHash).toArray(String[]::new);
            s = score("ledger", "forecasts recorded before their config was trained", p, y,
                    new GroupBootstrap(g, options.resamples(), Seeds.derive(options.seed(), "ledger")), null, null);
        }
        return new LedgerScore(entries.size(), scored.size(), newly, entries.size() - scored.size(), ledger.verify().intact(), s);
    }

    static ModelScore score(String name, String description, double[] p, int[] y, GroupBootstrap boot, Interval steps, Integer stepsN) {
        Interval[] s = boot.scores(p, y); // AUC, Brier, log loss, accuracy, ECE
        return new ModelScore(name, description, p.length, s[0], s[1], s[2], s[3], s[4], steps, stepsN);
    }

    /**
     * The ceiling on the rows of cells with several seeds, with the forecaster's Brier on the same rows and the interval of
     * its ratio to the floor over {@code boot}'s group resamples (null: no interval); null when there are no such cells.
     */
    static Ceiling ceiling(String[] cells, int[] y, double[] forecast, GroupBootstrap boot) {
        // per multi-seed row: the row's share of the floor and the forecaster's squared error
        double[] fl = SeedNoiseCeiling.floorByRow(cells, y), sq = new double[y.length];
        SeedNoiseCeiling.Result r = SeedNoiseCeiling.of(cells, y, fl);
        if (r.rows() == 0) return null;
        double sum = 0;
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (Double.isNaN(fl[i])) continue;
            sq[i] = (forecast[i] - y[i]) * (forecast[i] - y[i]);
            sum += sq[i];
            k++;
        }
        double fb = sum / k;
        double floorRatio = r.floor() > 0 ? fb / r.floor() : Double.NaN;
        Interval iv = null;
        if (boot != null && r.floor() > 0) {
            iv = boot.interval(rows -> {
                double a = 0, b = 0;
                for (int i : rows) {
                    if (Double.isNaN(fl[i])) continue;
                    a += sq[i];
                    b += fl[i];
                }
                return b > 0 ? a / b : Double.NaN;
            });
        }
        return new Ceiling(r.cells(), r.rows(), r.siblingBrier(), r.floor(), r.disagreementRate(), fb,
                r.siblingBrier() > 0 ? fb / r.siblingBrier() : Double.NaN, floorRatio, iv);
    }

    /**
     * The GBT baseline: Smile's GradientTreeBoost algorithm and hyperparameters on fine histograms ({@link FineHistogramGbt};
     * Smile's exact trees took longer than the forecaster's whole search on a 100,000-run corpus, and a test holds this
     * one's held-out Brier to Smile's on the same folds), monotone in the budget as the candidates are.
     */
    static ProbabilityModel gbt(FeatureTable fit, long seed) {
        return new BudgetEnvelope(FineHistogramGbt.fit(fit.x(), fit.y(), GBT_PARAMS, seed), Candidate.budgetGrid(fit));
    }

    /**
     * The forecaster's probabilities for the scored rows, in two halves on both cores (rows are forecast one by one,
     * so the halves give exactly the rows' forecasts; a half ends at a config's last row).
     */
    static double[] forecasts(FittedForecaster f, FeatureTable score) {
        int n = score.size(), mid = n / 2;
        while (mid > 0 && mid < n && score.row(mid).groupHash().equals(score.row(mid - 1).groupHash())) mid++;
        if (n < 2000 || mid == 0 || mid >= n) return f.probabilities(score);
        int[] a = java.util.stream.IntStream.range(0, mid).toArray(), b = java.util.stream.IntStream.range(mid, n).toArray();
        java.util.concurrent.CompletableFuture<double[]> second = java.util.concurrent.CompletableFuture.supplyAsync(() -> f.probabilities(score.subset(b)));
        double[] first = f.probabilities(score.subset(a));
        double[] rest = Futures.join(second);
        double[] p = Arrays.copyOf(first, n);
        System.arraycopy(rest, 0, p, mid, rest.length);
        return p;
    }

    /** One daemon thread for the baselines of the fold being scored. */
    private static final java.util.concurrent.ExecutorService BASELINES = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "eval-baselines");
        t.setDaemon(true);
        return t;
    });

    /** Why a fold's fit side cannot be fitted, or null. */
    private static String unfit(FeatureTable fit) {
        if (fit.runs().size() < MIN_FIT_RUNS) return "its fit side has " + fit.runs().size() + " runs, fewer than " + MIN_FIT_RUNS;
        if (fit.groupCount() < 2) return "its fit side has one config";
        int[] y = fit.listedOnly().y();
        double m = mean(y);
        if (m == 0 || m == 1) return "every run on its fit side " + (m == 1 ? "learned" : "did not learn");
        return null;
    }

    static String describe(String model) {
        return switch (model) {
            case FORECASTER -> "the forecaster, refitted on each fold's fit side";
            case GBT -> "gradient-boosted trees on the same features (150 trees, 4 leaves; Smile's algorithm on bins as fine as the values allow)";
            case LOG_COMPUTE -> "logistic regression on log10 FLOPs alone (scaling-law baseline)";
            case MAJORITY -> "the fit side's base rate for every row (accuracy = majority class)";
            default -> model;
        };
    }

    private static double[] probabilities(ProbabilityModel m, FeatureTable t) {
        double[] p = new double[t.size()];
        for (int i = 0; i < p.length; i++) p[i] = m.probability(t.row(i).x());
        return p;
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = v[rows[i]];
        return out;
    }

    static double mean(int[] y) {
        if (y.length == 0) return Double.NaN;
        double s = 0;
        for (int v : y) s += v;
        return s / y.length;
    }

    /** Predictions of one model, fold after fold, in the order rows were scored. */
    private static final class Acc {
        private final List<double[]> parts = new ArrayList<>();

        void add(double[] p) { parts.add(p); }

        double[] all() {
            return parts.stream().flatMapToDouble(Arrays::stream).toArray();
        }
    }
}
