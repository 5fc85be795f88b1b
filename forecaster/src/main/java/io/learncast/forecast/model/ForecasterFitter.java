package io.learncast.forecast.model;

import io.learncast.common.CodeVersion;
import io.learncast.common.Futures;
import io.learncast.common.Seeds;
import io.learncast.farm.config.Activation;
import io.learncast.farm.config.Optimizer;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Features;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.validation.CrossValidation;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Fits a forecaster on a feature table: cross-validates the candidates on held-out config groups,
 * keeps the one with the lowest Brier score, calibrates it on its out-of-fold predictions (only if that
 * helps out of fold too), refits it on every row, and adds what queries need (the structured model for
 * steps-to-learn and intervals, coverage, neighbours, references). Pure: no store, no clock but the
 * creation stamp; deterministic given the table and the options.
 */
public final class ForecasterFitter {
    private ForecasterFitter() {}

    /** How hard to search. QUICK: the structured models only; STANDARD: plus one GBT, forest and logistic; FULL: plus a tuned GBT grid. */
    public enum Search {
        QUICK, STANDARD, FULL;

        /** As given to {@code --search} (eval, forecast fit, quickstart, grow, the benches): quick, standard or full, any case. */
        public static Search parse(String text) {
            try {
                return valueOf(text.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new io.learncast.common.UserError("--search", "unknown search '" + text + "'", "quick, standard or full");
            }
        }
    }

    /**
     * Options. {@code folds} 0 = chosen by size ({@link #foldsFor}); {@code candidates} (may be null) replaces
     * the search's list; {@code draws}: parameter draws for intervals; {@code corpusSource}: a label for
     * provenance (e.g. the store); {@code rounds}: boosting rounds to score.
     */
    public record Options(int folds, long seed, Search search, List<Candidate> candidates, int draws, String corpusSource, int[] rounds) {
        public static Options defaults() { return new Options(0, Seeds.DEFAULT_MASTER, null, null, 40, null, ROUNDS); }

        public Options withSearch(Search s) { return new Options(folds, seed, s, candidates, draws, corpusSource, rounds); }

        public Options withCandidates(List<Candidate> c) { return new Options(folds, seed, search, c, draws, corpusSource, rounds); }

        public Options withSource(String s) { return new Options(folds, seed, search, candidates, draws, s, rounds); }

        public Options withFolds(int k) { return new Options(k, seed, search, candidates, draws, corpusSource, rounds); }

        /** The boosting rounds at which the structured model with trees is scored (0 = the plain structured model). */
        public Options withRounds(int... r) { return new Options(folds, seed, search, candidates, draws, corpusSource, r.clone()); }

        public Options withDraws(int d) { return new Options(folds, seed, search, candidates, d, corpusSource, rounds); }

        /** Another seed for the model search's folds, the fits and the refit. */
        public Options withSeed(long s) { return new Options(folds, s, search, candidates, draws, corpusSource, rounds); }

        /** Folds for a table of {@code rows} rows when none is set: 5 up to 20,000 rows, 3 beyond (the estimates are already tight there). */
        public int foldsFor(int rows) { return folds > 0 ? folds : rows <= 20_000 ? 5 : 3; }

        /** The search used for a table of {@code rows} rows when none is set: STANDARD up to 10,000 rows, QUICK beyond. */
        public Search searchFor(int rows) { return search != null ? search : rows <= 10_000 ? Search.STANDARD : Search.QUICK; }
    }

    /** Rounds at which the boosted structured model is scored (one fit per fold serves them all). */
    static final int[] ROUNDS = {25, 50, 100, 200, 300};

    /**
     * The features along which the boosted trees' corrections to logit π may not decrease: the data (training examples,
     * train fraction, examples per class). `learncast eval monotone` finds learning monotone in the data on every corpus
     * measured (PyTorch, tfm14, quickstart, prosp-500: 86–100 % of informative comparisons, the counterexamples one- or
     * two-seed cells). Not the width (75–100 %): constraining it too changed no extrapolation split and cost the PyTorch
     * k-fold (3.45× → 3.52× the seed-noise floor); nor the learning rate or weight decay (75–84 % where they reach past
     * their stable range), nor μ's trees (docs/FORECASTER.md, "Monotone where it holds").
     */
    public static final List<String> MONOTONE_PI = List.of("log2_n_train", "train_fraction", "log2_examples_per_class");

    /** The structured model's design with main effects (and per-task-kind deviations) only. */
    public static final Basis.Spec LINEAR = new Basis.Spec(false, false, true, Basis.Spec.defaults().key());

    /**
     * The candidates of a search. Two structured backbones — main effects only, and with squares and
     * products (more ridge) — each also with boosted trees (scored at several rounds; round 0 is the
     * backbone itself). Small corpora favour the first, large sharp ones the second with trees; above
     * 20,000 rows only the second is tried (the first never won there, and it halves the fit time).
     */
    public static List<Candidate> candidates(Search s) { return candidates(s, 0); }

    /** Above this many listed rows the search leaves the main-effects backbone out, and a fit has no trend ({@link #TREND}). */
    static final int LARGE = 20_000;

    public static List<Candidate> candidates(Search s, int rows) {
        List<Candidate> out = new ArrayList<>();
        Candidate.Cure linear = new Candidate.Cure(LINEAR, 1, 1), quadratic = new Candidate.Cure(Basis.Spec.defaults(), 3, 3);
        boolean large = rows > LARGE;
        if (!large) out.add(linear);
        out.add(quadratic);
        BoostedCure.Spec boost = BoostedCure.Spec.defaults().withMonotone(MONOTONE_PI);
        if (!large) out.add(new Candidate.CureTrees(linear, boost));
        out.add(new Candidate.CureTrees(quadratic, boost));
        if (s == Search.QUICK) return out;
        out.add(new Candidate.Boost(new TreeModel.BoostParams(150, 20, 4, 5, 0.1, 0.7)));
        out.add(new Candidate.Boost(new TreeModel.BoostParams(300, 20, 8, 5, 0.05, 0.7)));
        out.add(new Candidate.Forest(new TreeModel.ForestParams(100, 0, 20, 500, 2, 1.0)));
        out.add(new Candidate.Logistic(0.1));
        if (s == Search.STANDARD) return out;
        out.add(new Candidate.Forest(new TreeModel.ForestParams(300, 0, 20, 1000, 2, 1.0)));
        for (int trees : new int[] {150, 500}) {
            for (int nodes : new int[] {4, 8, 16, 32}) {
                for (double shrinkage : new double[] {0.05, 0.1}) {
                    if (trees == 150 && nodes == 4 && shrinkage == 0.1) continue;
                    out.add(new Candidate.Boost(new TreeModel.BoostParams(trees, 20, nodes, 5, shrinkage, 0.7)));
                }
            }
        }
        out.add(new Candidate.Forest(new TreeModel.ForestParams(500, 0, 20, 1000, 5, 1.0)));
        out.add(new Candidate.Logistic(1));
        return out;
    }

    /**
     * The structured model with squares and products is chosen over the main-effects one only when it beats it out of
     * fold on log loss, and on Brier by more than one standard error of the paired difference (whole config groups as
     * the unit): the one-standard-error rule, toward the simpler model. Within the corpus the two are often a near tie
     * that the inner folds' draw decides, and the curvature the second adds is what extrapolates worst. Measured at five
     * eval seeds on four corpora (docs/FORECASTER.md, "The simpler backbone unless beaten beyond noise"): on the PyTorch
     * snapshot the width extrapolation scored AUC 0.726 at one seed, where the quadratic backbone had won by
     * 0.0043 ± 0.0047 in Brier, and 0.907 with the rule; in-grid, the complete corpus + boundary2 went from 2.48× to
     * 2.37× the seed-noise floor on average over the five seeds.
     */
    static CrossValidation.Result simplerUnlessBeaten(FeatureTable table, List<CrossValidation.Result> results, CrossValidation.Result best) {
        Candidate.Cure backbone = backboneOf(best.candidate());
        if (backbone == null || !curved(backbone)) return best;
        CrossValidation.Result simpler = results.stream().filter(r -> backboneOf(r.candidate()) != null && !curved(backboneOf(r.candidate())))
                .min(Comparator.comparingDouble((CrossValidation.Result r) -> r.metrics().brier()).thenComparingDouble(r -> r.metrics().logLoss())).orElse(null);
        if (simpler == null) return best;
        double[] gain = pairedBrierGain(table, simpler.outOfFold(), best.outOfFold());
        boolean beaten = best.metrics().logLoss() < simpler.metrics().logLoss() && gain[0] > gain[1];
        return beaten ? best : simpler;
    }

    /**
     * How much lower {@code b}'s Brier score is than {@code a}'s on the listed rows of {@code t}, and the standard error
     * of that gain with whole config groups as the unit (a config's rows share its seeds' outcomes: not independent).
     */
    static double[] pairedBrierGain(FeatureTable t, double[] a, double[] b) {
        String[] g = t.groups();
        int[] y = t.y();
        Map<String, double[]> byGroup = new LinkedHashMap<>();
        int n = 0;
        for (int i = 0; i < y.length; i++) {
            if (!t.row(i).listed()) continue;
            double d = (a[i] - y[i]) * (a[i] - y[i]) - (b[i] - y[i]) * (b[i] - y[i]);
            double[] sum = byGroup.computeIfAbsent(g[i], x -> new double[2]);
            sum[0] += d;
            sum[1]++;
            n++;
        }
        double total = 0;
        for (double[] sum : byGroup.values()) total += sum[0];
        double mean = total / n, v = 0;
        for (double[] sum : byGroup.values()) v += (sum[0] - mean * sum[1]) * (sum[0] - mean * sum[1]);
        int k = byGroup.size();
        return new double[] {mean, k > 1 ? Math.sqrt(v * k / (k - 1)) / n : Double.POSITIVE_INFINITY};
    }

    /**
     * The model every forecast leans on beyond the corpus ({@link FittedForecaster#trend}): the structured model with main
     * effects only, under the ridge penalty of the curved backbone (λ = 3 rather than 1), no trees. Its log-linear trends
     * are what extrapolate, and the stronger penalty spreads each effect over the features that move together (width,
     * parameters, parameters per example), whose differences a fit exploits inside the corpus but which part ways beyond it.
     * Fitted on every run beside the search; not above 20,000 rows, where the search leaves the main-effects backbone out
     * too. Measured at five eval seeds on four corpora (docs/FORECASTER.md, "Beyond the corpus, the main effects' trend"):
     * log loss lower on every extrapolation split (PyTorch snapshot width 0.539 → 0.473, AUC 0.898 → 0.918; quickstart
     * width AUC 0.49 → 0.79), in-grid unchanged.
     */
    public static final Candidate.Cure TREND = new Candidate.Cure(LINEAR, 3, 3);

    /** Whether a structured backbone has squares or products (the curvature that extrapolates worst). */
    private static boolean curved(Candidate.Cure c) { return c.basis().squares() || c.basis().products(); }

    /** The structured backbone of a structured candidate (alone or with trees); null for the others, blends included. */
    private static Candidate.Cure backboneOf(Candidate c) {
        if (c instanceof Candidate.Cure cu) return cu;
        if (c instanceof Candidate.CureTrees ct) return ct.backbone();
        return null;
    }

    public static FittedForecaster fit(FeatureTable table, Options options) { return fit(table, options, msg -> { }); }

    /** Fits; {@code progress} hears one line per step (candidate scored, refit, …). */
    public static FittedForecaster fit(FeatureTable table, Options options, Consumer<String> progress) {
        long t0 = System.nanoTime();
        if (table.size() == 0) throw new IllegalArgumentException("the feature table is empty: no finished runs");
        List<Candidate> candidates = options.candidates() != null ? options.candidates() : candidates(options.searchFor(table.listedCount()), table.listedCount());
        GroupedKFold folds = CrossValidation.folds(table, Math.max(2, Math.min(options.foldsFor(table.listedCount()), table.groupCount())), options.seed());
        long seed = Seeds.derive(options.seed(), "final");
        Refit refit = Refit.start(candidates, options.rounds(), table.runs(), seed);
        long stepsSeed = Seeds.derive(options.seed(), "steps-calibration");
        Candidate.Cure trendSpec = table.listedCount() > LARGE ? null : TREND;
        EarlySteps earlySteps = EarlySteps.start(candidates, table.runs(), trendSpec, stepsSeed);
        // the trend beyond the corpus needs the runs only: fitted beside the search
        java.util.concurrent.CompletableFuture<CureModel> trendFit = trendSpec == null ? null
                : java.util.concurrent.CompletableFuture.supplyAsync(() -> trendSpec.fitModel(table.runs()), REFITS);
        List<CrossValidation.Result> results = search(table, candidates, folds, options, progress);
        CrossValidation.Result blend = blend(table, results, folds);
        if (blend != null) {
            results.add(blend);
            progress.accept(line(blend));
        }
        CrossValidation.Result best = simplerUnlessBeaten(table, results, results.stream().min(Comparator.comparingDouble((CrossValidation.Result r) -> r.metrics().brier())
                .thenComparingDouble(r -> r.metrics().logLoss())).orElseThrow());
        Calibration calibration = Calibration.IDENTITY;
        Metrics calibrated = crossFittedCalibration(table, best.outOfFold(), folds);
        if (calibrated.brier() < best.metrics().brier() && calibrated.logLoss() < best.metrics().logLoss()) {
            calibration = Calibration.fit(best.outOfFold(), table.y());
        }
        progress.accept("chose " + best.candidate().name() + (calibration.isIdentity() ? "" : ", Platt-calibrated"));

        List<RunRecord> runs = table.runs();
        ProbabilityModel model;
        BoostedCure survival;
        if (best.candidate() instanceof Candidate.Cure || best.candidate() instanceof Candidate.CureTrees) {
            survival = refit.structured(best.candidate(), runs, seed);
            model = new BoostedProbability(survival);
        } else if (best.candidate() instanceof Candidate.Blend b) {
            survival = refit.structured(b.structured(), runs, seed);
            model = new BlendModel(List.of(new BoostedProbability(survival), b.other().fit(table, seed)), new double[] {b.weight(), 1 - b.weight()});
        } else {
            model = best.candidate().fit(table, seed);
            survival = refit.structured(bestStructured(results), runs, seed);
        }
        refit.finish();
        progress.accept("refitted on " + table.size() + " rows of " + runs.size() + " runs");
        Candidate structuredSpec = best.candidate() instanceof Candidate.Blend b ? b.structured()
                : best.candidate() instanceof Candidate.Cure || best.candidate() instanceof Candidate.CureTrees ? best.candidate() : bestStructured(results);
        Candidate.Cure backboneSpec = structuredSpec instanceof Candidate.CureTrees ct ? ct.backbone() : (Candidate.Cure) structuredSpec;
        List<double[]> draws = options.draws() > 0
                ? CureFitter.draws(survival.backbone(), runs, backboneSpec.penalty(), options.draws(), Seeds.derive(options.seed(), "draws"))
                : List.of();
        CureModel trendModel = trendFit == null ? null : Futures.join(trendFit.exceptionally(e -> null)); // none rather than no forecaster
        BoostedCure trend = trendModel == null ? null : BoostedCure.of(trendModel);
        if (trend != null) progress.accept("beyond the corpus it leans on " + TREND.name());
        Coverage coverage = Coverage.of(runs);
        Neighbourhood neighbourhood = Neighbourhood.of(runs, options.seed());
        Map<String, FittedForecaster.Reference> references = references(table);
        List<FitReport.CandidateScore> scores = results.stream()
                .map(r -> new FitReport.CandidateScore(r.candidate().name(), r.candidate().family(), r.metrics(), Math.round(r.seconds() * 100) / 100.0))
                .toList();
        FitReport report = new FitReport(io.learncast.forecast.artifact.Artifacts.FORMAT_VERSION, Instant.now().toString(), CodeVersion.get(),
                runs.size(), table.size(), table.groupCount(), table.corpusHash(), options.corpusSource(), folds.folds(), options.seed(),
                best.candidate().name(), best.candidate().family(), best.metrics(), calibration.isIdentity() ? null : calibrated, calibration, scores,
                Features.ALL, Math.round((System.nanoTime() - t0) / 1e7) / 100.0, trend == null ? null : TREND.name());
        // measured with the backbone the search chose: beside the search when that could only be one (EarlySteps), else now
        StepsCalibration steps = earlySteps.result(backboneSpec, () -> StepsCalibration.fit(runs, backboneSpec, trendSpec, stepsSeed));
        return new FittedForecaster(report, model, survival, draws, calibration, coverage, neighbourhood, references, Tempering.toward(baseRate(table)), steps, trend);
    }

    /** The share of rows at the runs' own budgets that learned: what a forecast far from the corpus leans toward. */
    static double baseRate(FeatureTable table) {
        int[] y = table.listedOnly().y();
        double s = 0;
        for (int v : y) s += v;
        return y.length == 0 ? 0.5 : s / y.length;
    }

    private static String line(CrossValidation.Result r) {
        Metrics m = r.metrics();
        return String.format(java.util.Locale.ROOT, "%-60s brier %.4f  log loss %.4f  AUC %.4f  (%.1f s)", r.candidate().name(), m.brier(), m.logLoss(), m.auc(), r.seconds());
    }

    /**
     * The ensemble of the best structured model and the best tree model (GBT or forest): log-odds averaged with weight w on the structured model. Its
     * out-of-fold predictions come for free from the members'; w is cross-fitted (each fold's w is
     * chosen on the other folds' predictions), so its score is as honest as the members'. Null when a
     * member is missing.
     */
    static CrossValidation.Result blend(FeatureTable t, List<CrossValidation.Result> results, GroupedKFold folds) {
        CrossValidation.Result s = results.stream().filter(r -> r.candidate() instanceof Candidate.CureTrees || r.candidate() instanceof Candidate.Cure)
                .min(Comparator.comparingDouble(r -> r.metrics().brier())).orElse(null);
        CrossValidation.Result o = results.stream().filter(r -> r.candidate() instanceof Candidate.Boost || r.candidate() instanceof Candidate.Forest)
                .min(Comparator.comparingDouble(r -> r.metrics().brier())).orElse(null);
        if (s == null || o == null) return null;
        int[] y = t.y();
        double[] out = new double[t.size()];
        int[] foldOf = folds.foldOf();
        for (GroupedKFold.Split split : folds.splits()) {
            double w = bestWeight(s.outOfFold(), o.outOfFold(), y, t, foldOf, split.fold());
            for (int i : split.test()) out[i] = mix(s.outOfFold()[i], o.outOfFold()[i], w);
        }
        double w = bestWeight(s.outOfFold(), o.outOfFold(), y, t, foldOf, -1);
        Candidate.Blend c = new Candidate.Blend(s.candidate(), o.candidate(), w);
        return new CrossValidation.Result(c, out, CrossValidation.score(t, out), s.seconds() + o.seconds());
    }

    private static double mix(double a, double b, double w) {
        return CureModel.sigmoid(w * BlendModel.logit(a) + (1 - w) * BlendModel.logit(b));
    }

    /** The weight (0, 0.05, …, 1) with the lowest Brier score on the listed rows outside fold {@code skip}. */
    private static double bestWeight(double[] a, double[] b, int[] y, FeatureTable t, int[] foldOf, int skip) {
        double best = 1, bestScore = Double.POSITIVE_INFINITY;
        for (int k = 0; k <= 20; k++) {
            double w = k / 20.0, score = 0;
            for (int i = 0; i < y.length; i++) {
                if (foldOf[i] == skip || !t.row(i).listed()) continue;
                double d = mix(a[i], b[i], w) - y[i];
                score += d * d;
            }
            if (score < bestScore - 1e-12) {
                bestScore = score;
                best = w;
            }
        }
        return best;
    }

    /** The best structured candidate (for steps and intervals when another model wins), or the default. */
    private static Candidate bestStructured(List<CrossValidation.Result> results) {
        return results.stream().filter(r -> r.candidate() instanceof Candidate.CureTrees || r.candidate() instanceof Candidate.Cure)
                .min(Comparator.comparingDouble(r -> r.metrics().brier()))
                .map(CrossValidation.Result::candidate)
                .orElse(new Candidate.Cure(LINEAR, 1, 1));
    }

    /** Fits a structured candidate (with or without trees) on all runs. */
    /**
     * The structured model's refit on every run, started beside the cross-validation at the most rounds it scores:
     * boosting is sequential with one seeded stream, so its first r rounds are exactly the model fitted with r
     * rounds (the cross-validation already reads its rounds that way), and the refit no longer waits for the
     * search. Used only when the chosen structured candidate is that one at r > 0 rounds; otherwise fitted as before.
     */
    private static final class Refit {
        private final Candidate.CureTrees longest;
        private final java.util.concurrent.CompletableFuture<BoostedCure> model;

        private Refit(Candidate.CureTrees longest, java.util.concurrent.CompletableFuture<BoostedCure> model) {
            this.longest = longest;
            this.model = model;
        }

        static Refit start(List<Candidate> candidates, int[] rounds, List<RunRecord> runs, long seed) {
            int max = java.util.Arrays.stream(rounds).max().orElse(0);
            List<Candidate.CureTrees> trees = candidates.stream().filter(c -> c instanceof Candidate.CureTrees).map(c -> (Candidate.CureTrees) c).toList();
            if (trees.size() != 1 || max <= 0) return new Refit(null, null); // with two structured backbones, which one wins is not known in advance
            Candidate.CureTrees ct = trees.get(0);
            Candidate.CureTrees longest = ct.withRounds(max);
            return new Refit(longest, java.util.concurrent.CompletableFuture.supplyAsync(() -> longest.fitModel(runs, seed), REFITS));
        }

        BoostedCure structured(Candidate c, List<RunRecord> runs, long seed) {
            if (model != null && c instanceof Candidate.CureTrees ct && ct.spec().rounds() > 0 && ct.spec().rounds() <= longest.spec().rounds()
                    && ct.withRounds(longest.spec().rounds()).equals(longest)) {
                return Futures.join(model).truncated(ct.spec().rounds());
            }
            return ForecasterFitter.structured(c, runs, seed);
        }

        /** Waits for an unused refit, so no fit outlives the call that started it (its failure is not the fit's: unused). */
        void finish() {
            if (model != null) model.exceptionally(e -> null).join();
        }
    }

    /**
     * The steps calibration started beside the search. It needs the runs and the chosen backbone only; when every
     * structured candidate of the search has the same backbone (above 20,000 rows the search tries one), that is the
     * backbone whatever wins (a GBT or forest winner falls back to the best structured candidate, a blend carries one),
     * so its pseudo folds can fill the core the search leaves idle instead of running after it. Deterministic given the
     * runs and the seed, so the same calibration either way ({@code EarlyStepsCalibrationTest}).
     */
    static final class EarlySteps {
        private final Candidate.Cure backbone;
        private final java.util.concurrent.CompletableFuture<StepsCalibration> future;

        private EarlySteps(Candidate.Cure backbone, java.util.concurrent.CompletableFuture<StepsCalibration> future) {
            this.backbone = backbone;
            this.future = future;
        }

        /** Above this many runs the calibration starts beside the search (below, the fit is short and the extra threads only contend). */
        static final int MIN_RUNS = 20_000;

        static EarlySteps start(List<Candidate> candidates, List<RunRecord> runs, Candidate.Cure trend, long seed) { return start(candidates, runs, trend, seed, MIN_RUNS); }

        static EarlySteps start(List<Candidate> candidates, List<RunRecord> runs, Candidate.Cure trend, long seed, int minRuns) {
            Candidate.Cure only = soleBackbone(candidates);
            if (only == null || runs.size() < minRuns) return new EarlySteps(null, null);
            return new EarlySteps(only, java.util.concurrent.CompletableFuture.supplyAsync(() -> StepsCalibration.fit(runs, only, trend, seed), REFITS));
        }

        /** The calibration for {@code chosen}: the one started beside the search when it was for that backbone, else {@code otherwise}. */
        StepsCalibration result(Candidate.Cure chosen, java.util.function.Supplier<StepsCalibration> otherwise) {
            if (future != null && backbone.equals(chosen)) return Futures.join(future);
            if (future != null) future.exceptionally(e -> null).join(); // never outlives the fit
            return otherwise.get();
        }
    }

    /** The one backbone of every structured candidate (null when there are none or several). */
    static Candidate.Cure soleBackbone(List<Candidate> candidates) {
        java.util.Set<Candidate.Cure> backbones = new java.util.LinkedHashSet<>();
        for (Candidate c : candidates) {
            if (c instanceof Candidate.Cure cure) backbones.add(cure);
            else if (c instanceof Candidate.CureTrees ct) backbones.add(ct.backbone());
            else if (c instanceof Candidate.Blend) return null;
        }
        return backbones.size() == 1 ? backbones.iterator().next() : null;
    }

    /** Threads for the refits started beside the search (daemons: a fit never keeps the JVM up). */
    private static final java.util.concurrent.ExecutorService REFITS = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "forecaster-refit");
        t.setDaemon(true);
        return t;
    });

    static BoostedCure structured(Candidate c, List<RunRecord> runs, long seed) {
        if (c instanceof Candidate.CureTrees ct) return ct.spec().rounds() == 0 ? BoostedCure.of(ct.backbone().fitModel(runs)) : ct.fitModel(runs, seed);
        return BoostedCure.of(((Candidate.Cure) c).fitModel(runs));
    }

    /** Scores every candidate on {@code folds} (boosted ones at every round count from one fit per fold). */
    private static List<CrossValidation.Result> search(FeatureTable table, List<Candidate> candidates, GroupedKFold folds, Options options, Consumer<String> progress) {
        List<CrossValidation.Result> results = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c instanceof Candidate.CureTrees ct) {
                // round 0 is the backbone alone: it stands in for that plain structured candidate at no cost
                boolean backboneListed = candidates.contains(ct.backbone());
                int[] rounds = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(backboneListed ? 0 : -1),
                        java.util.Arrays.stream(options.rounds()).filter(r -> r > 0)).filter(r -> r >= 0).distinct().toArray();
                if (rounds.length == 0) continue;
                for (CrossValidation.Result r : CrossValidation.evaluateRounds(table, ct, rounds, folds, options.seed())) {
                    CrossValidation.Result named = r.candidate() instanceof Candidate.CureTrees t && t.spec().rounds() == 0
                            ? new CrossValidation.Result(ct.backbone(), r.outOfFold(), r.metrics(), r.seconds()) : r;
                    results.add(named);
                    progress.accept(line(named));
                }
            } else if (c instanceof Candidate.Cure && candidates.stream().anyMatch(o -> o instanceof Candidate.CureTrees t && t.backbone().equals(c))) {
                continue; // scored as round 0 of the boosted model
            } else {
                CrossValidation.Result r = CrossValidation.evaluate(table, c, folds, options.seed());
                results.add(r);
                progress.accept(line(r));
            }
        }
        return results;
    }

    /**
     * Scores of Platt calibration fitted the honest way: each fold's predictions are calibrated by a
     * map fitted on the other folds' out-of-fold predictions.
     */
    static Metrics crossFittedCalibration(FeatureTable t, double[] oof, GroupedKFold folds) {
        int[] y = t.y();
        double[] cal = new double[oof.length];
        for (GroupedKFold.Split s : folds.splits()) {
            double[] p = new double[s.train().length];
            int[] yy = new int[s.train().length];
            for (int i = 0; i < p.length; i++) {
                p[i] = oof[s.train()[i]];
                yy[i] = y[s.train()[i]];
            }
            Calibration c = Calibration.fit(p, yy);
            for (int i : s.test()) cal[i] = c.apply(oof[i]);
        }
        return CrossValidation.score(t, cal);
    }

    /** Per task kind: its most common task and the median of every knob over its runs, at the median listed budget. */
    static Map<String, FittedForecaster.Reference> references(FeatureTable t) {
        Map<String, List<RunRecord>> byKind = t.runs().stream().collect(Collectors.groupingBy(r -> r.knobs().taskKind(), LinkedHashMap::new, Collectors.toList()));
        Map<String, FittedForecaster.Reference> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<RunRecord>> e : byKind.entrySet()) {
            List<RunRecord> rs = e.getValue();
            String task = mode(rs, r -> r.knobs().task());
            List<RunRecord> same = rs.stream().filter(r -> r.knobs().task().equals(task)).toList();
            // the most common architecture, then every knob of the network, optimiser and data at its median (an actual
            // value of the corpus) or, for a choice, its most common value, among that task's runs of that architecture
            String arch = mode(same, r -> r.knobs().arch().key());
            List<RunRecord> alike = same.stream().filter(r -> r.knobs().arch().key().equals(arch)).toList();
            Knobs k = alike.get(0).knobs();
            for (Knob<?> kn : KnobCatalogue.all()) {
                if (kn.group() == Knob.Group.PROPERTY || kn.group() == Knob.Group.BUDGET || kn == KnobCatalogue.TRAIN_FRAC || kn == KnobCatalogue.N_TRAIN) continue;
                k = k.withRaw(kn, typical(alike, kn));
            }
            k = k.withNTrain((long) median(alike, r -> r.knobs().nTrain()));
            List<Long> budgets = t.rows().stream().filter(r -> r.listed() && r.knobs().taskKind().equals(e.getKey())).map(FeatureTable.Row::budget).sorted().toList();
            long budget = budgets.get(budgets.size() / 2);
            String net = k.transformer()
                    ? String.format(java.util.Locale.ROOT, "transformer %dL d%d h%d", k.get(KnobCatalogue.LAYERS), k.get(KnobCatalogue.D_MODEL), k.get(KnobCatalogue.HEADS))
                    : String.format(java.util.Locale.ROOT, "d%d×w%d %s", k.depth(), k.width(), k.activation().key());
            String desc = String.format(java.util.Locale.ROOT, "%s %s %s lr=%s wd=%s batch=%s n_train=%d", k.task(), net, k.optimizer().key(), Coverage.num(k.lr()), Coverage.num(k.wd()), k.batch() == 0 ? "full" : Integer.toString(k.batch()), k.nTrain());
            out.put(e.getKey(), new FittedForecaster.Reference(k, budget, desc));
        }
        return out;
    }

    /** The median run's value (an actual value of the corpus, not an average of two). */
    private static double median(List<RunRecord> rs, java.util.function.ToDoubleFunction<RunRecord> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v[v.length / 2];
    }

    /** A knob's typical value among runs: the median element for numbers, the most common for choices (null where none has it). */
    private static Object typical(List<RunRecord> rs, Knob<?> k) {
        List<Object> v = rs.stream().map(r -> (Object) r.knobs().get(k)).filter(java.util.Objects::nonNull).toList();
        if (v.isEmpty()) return null;
        if (!k.numeric()) {
            String m = mode(rs.stream().filter(r -> r.knobs().get(k) != null).toList(), r -> k.show(r.knobs().get(k)));
            return v.stream().filter(x -> k.show(x).equals(m)).findFirst().orElseThrow();
        }
        List<Object> sorted = v.stream().sorted(Comparator.comparingDouble(x -> ((Number) x).doubleValue())).toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String mode(List<RunRecord> rs, Function<RunRecord, String> f) {
        Map<String, Long> counts = rs.stream().collect(Collectors.groupingBy(f, java.util.TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
