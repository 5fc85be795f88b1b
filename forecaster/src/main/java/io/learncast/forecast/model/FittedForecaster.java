package io.learncast.forecast.model;

import io.learncast.farm.config.RunConfig;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.Features;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.forecast.features.Knobs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fitted forecaster: answers "will this config learn within B steps?" with a calibrated
 * probability, its interval, the steps it will take, the knobs that drive the answer, the nearest
 * trained configs and warnings when the query lies outside the corpus. Immutable and thread-safe;
 * built by {@link ForecasterFitter}, stored by {@code io.learncast.forecast.artifact.Artifacts}.
 */
public final class FittedForecaster {

    /** How much of a forecast to compute: the probability with its interval and steps only, or everything. */
    public enum Detail { PROBABILITY, FULL }

    /** The reference config of a task kind (attributions start from it). */
    public record Reference(Knobs knobs, long budget, String description) {}

    private final FitReport report;
    private final ProbabilityModel model;
    private final BoostedCure survival;
    private final boolean modelIsSurvival;
    private final List<double[]> draws;
    private final Calibration calibration;
    private final Coverage coverage;
    private final Neighbourhood neighbourhood;
    private final Map<String, Reference> references;
    private final String defaultKind;
    private final double[] theta;
    private final Tempering tempering;
    private final StepsCalibration stepsCalibration;
    private final BoostedCure trend;

    public FittedForecaster(FitReport report, ProbabilityModel model, BoostedCure survival, List<double[]> draws, Calibration calibration,
                            Coverage coverage, Neighbourhood neighbourhood, Map<String, Reference> references) {
        this(report, model, survival, draws, calibration, coverage, neighbourhood, references, null);
    }

    public FittedForecaster(FitReport report, ProbabilityModel model, BoostedCure survival, List<double[]> draws, Calibration calibration,
                            Coverage coverage, Neighbourhood neighbourhood, Map<String, Reference> references, Tempering tempering) {
        this(report, model, survival, draws, calibration, coverage, neighbourhood, references, tempering, null);
    }

    /**
     * {@code tempering}: how forecasts beyond the corpus lean toward its base rate (null: they do not, as in older artifacts);
     * {@code stepsCalibration}: how wide the steps interval grows beyond the corpus (null: σ × the widening factor, as in older artifacts).
     */
    public FittedForecaster(FitReport report, ProbabilityModel model, BoostedCure survival, List<double[]> draws, Calibration calibration,
                            Coverage coverage, Neighbourhood neighbourhood, Map<String, Reference> references, Tempering tempering,
                            StepsCalibration stepsCalibration) {
        this(report, model, survival, draws, calibration, coverage, neighbourhood, references, tempering, stepsCalibration, null);
    }

    /** {@code trend}: the main-effects model P leans on beyond the corpus ({@link #trend()}; null: none). */
    public FittedForecaster(FitReport report, ProbabilityModel model, BoostedCure survival, List<double[]> draws, Calibration calibration,
                            Coverage coverage, Neighbourhood neighbourhood, Map<String, Reference> references, Tempering tempering,
                            StepsCalibration stepsCalibration, BoostedCure trend) {
        this.trend = trend;
        this.tempering = tempering;
        this.stepsCalibration = stepsCalibration;
        this.report = report;
        this.model = model;
        this.survival = survival;
        this.modelIsSurvival = model instanceof BoostedProbability bp && bp.model().equals(survival);
        this.draws = List.copyOf(draws);
        this.theta = survival.backbone().theta();
        this.calibration = calibration;
        this.coverage = coverage;
        this.neighbourhood = neighbourhood;
        this.references = Map.copyOf(references);
        this.defaultKind = references.entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, Reference> e) -> coverage.kinds().containsKey(e.getKey()) ? coverage.kinds().get(e.getKey()).runs() : 0)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
    }

    public FitReport report() { return report; }

    public ProbabilityModel model() { return model; }

    public BoostedCure survival() { return survival; }

    public List<double[]> draws() { return draws; }

    public Calibration calibration() { return calibration; }

    public Coverage coverage() { return coverage; }

    public Neighbourhood neighbourhood() { return neighbourhood; }

    public Map<String, Reference> references() { return references; }

    /** Null for artifacts fitted before forecasts leaned toward the base rate beyond the corpus. */
    public Tempering tempering() { return tempering; }

    /** Null for artifacts fitted before the steps interval's widening was measured on the corpus (and for corpora too small to measure it). */
    public StepsCalibration stepsCalibration() { return stepsCalibration; }

    /**
     * The structured model P leans on beyond the corpus ({@link ForecasterFitter#TREND}: main effects only, the stronger
     * ridge, fitted on every run): at widening factor W the log-odds are the chosen model's ÷ W plus the trend's × (1 − 1/W)
     * — inside the corpus (W = 1) the chosen model alone, farther out more and more the log-linear trends, which are what
     * extrapolate. W is the intervals' (it does not depend on the budget, and both models are monotone in it, so P stays
     * monotone in the budget). Null in artifacts fitted before it and for corpora above 20,000 rows.
     */
    public BoostedCure trend() { return trend; }

    /** {@code p}, the chosen model's calibrated P at feature row {@code x}, leaned on the trend by the widening factor {@code wide}. */
    private double onTrend(double p, double[] x, double wide) {
        if (trend == null || !(wide > 1)) return p;
        return onTrend(p, calibration.apply(trend.probability(x)), wide);
    }

    /**
     * Beyond the corpus the steps-to-learn median leans on the trend's by the same factor: ln-steps location μ ÷ W + the
     * trend's μ × (1 − 1/W); P(ever learns), σ and the offset stay the chosen model's. The chosen model's trees hold their
     * values at the edge of the trained range, which say when nets there learn, not wider ones: at five eval seeds the
     * width extrapolations' median |log₂ error| fell on all five corpora (complete + boundary2 1.08 → 0.96, snapshot 1.32
     * → 1.01), the p ones moved by ±0.04 (docs/FORECASTER.md, "The steps median leans on the trend too").
     */
    static CureModel.State onTrend(CureModel.State s, CureModel.State trendState, double wide) {
        return new CureModel.State(s.logitEver(), s.mu() / wide + trendState.mu() * (1 - 1 / wide), s.sigma(), s.offset());
    }

    static double onTrend(double p, double trendP, double wide) {
        return CureModel.sigmoid(BlendModel.logit(p) / wide + BlendModel.logit(trendP) * (1 - 1 / wide));
    }

    // --- probabilities ---

    /** Calibrated P(learned within {@code budget}) for a feature row (a row alone has no place in the corpus: never tempered). */
    public double probability(double[] x) {
        return calibration.apply(raw(x));
    }

    private double raw(double[] x) {
        return modelIsSurvival ? survival.probability(x) : model.probability(x);
    }

    /**
     * Calibrated P(learned within {@code budget}) for a config, leaned toward the base rate when it lies beyond the corpus
     * ({@link Tempering}), and held to what its values that never learned allow ({@link Coverage#neverLearnedBound}).
     */
    public double probability(Knobs k, long budget) {
        double[] x = Features.row(k, budget);
        double cap = coverage.neverLearnedBound(k);
        if (tempering == null && trend == null) return Math.min(cap, probability(x));
        double d = neighbourhood.nearest(k, 0, 1).distance(); // one lookup serves both factors
        return Math.min(cap, temper(trend == null ? probability(x) : onTrend(probability(x), x, widen(k, d)), lean(k, d)));
    }

    public double probability(RunConfig c, long budget) { return probability(Knobs.of(c), budget); }

    /** Calibrated probabilities for every row of a table (for scoring a held-out split). */
    public double[] probabilities(FeatureTable t) {
        double[] p = new double[t.size()];
        Map<String, double[]> factorsOfGroup = new java.util.HashMap<>(); // one nearest-distance lookup per config group: {lean, widen}
        Map<String, Double> boundOfGroup = new java.util.HashMap<>(); // and one never-learned bound
        for (int i = 0; i < p.length; i++) {
            FeatureTable.Row r = t.row(i);
            double[] f = tempering == null && trend == null ? null : factorsOfGroup.computeIfAbsent(r.run().groupHash(), g -> {
                Knobs k = r.run().knobs();
                double d = neighbourhood.nearest(k, 0, 1).distance();
                return new double[] {lean(k, d), widen(k, d)};
            });
            double own = probability(r.x());
            p[i] = f == null ? own : temper(onTrend(own, r.x(), f[1]), f[0]);
            p[i] = Math.min(p[i], boundOfGroup.computeIfAbsent(r.run().groupHash(), g -> coverage.neverLearnedBound(r.run().knobs())));
        }
        return p;
    }

    /**
     * How far beyond the corpus a config lies: its nearest trained config's distance ÷ its task's nearness
     * threshold, at least 1 (1 inside the corpus, or when nothing is known to compare with). Outside the box its
     * task's trained configs span ({@link Neighbourhood#beyond}) it is at least 1 + the gap to that box ÷ the
     * threshold: a query past what was trained is as far as the threshold at the box's edge and farther with every
     * step out, even when the knob it changes was never varied for its task and so adds little to the distance.
     */
    public double widen(Knobs k) { return widen(k, neighbourhood.nearest(k, 0, 1).distance()); }

    private double widen(Knobs k, double distance) { return widen(neighbourhood, k, distance); }

    /** The widening factor of a query at {@code distance} from its nearest trained config of {@code n} (also measured so on pseudo folds, {@link StepsCalibration}). */
    static double widen(Neighbourhood n, Knobs k, double distance) {
        Neighbourhood.Threshold t = n.threshold(k);
        if (t == null || !(t.value() > 0)) return 1;
        double w = Double.isFinite(distance) ? Math.max(1, distance / t.value()) : 1;
        double out = n.beyond(k).excess();
        return out > 0 ? Math.max(w, 1 + out / t.value()) : w;
    }

    /**
     * The factor P itself leans by: the nearest distance ÷ the threshold only (at least 1). The box's gap widens the
     * intervals, not the point: scored on six extrapolation splits, leaning the point by it too cost Brier on three
     * (tfm14 train_frac > 0.7: 0.141 → 0.164; docs/FORECASTER.md), where the fit side's base rate is further from the
     * held-out side's than the model is.
     */
    public double lean(Knobs k) { return lean(k, neighbourhood.nearest(k, 0, 1).distance()); }

    private double lean(Knobs k, double distance) {
        Neighbourhood.Threshold t = neighbourhood.threshold(k);
        return t != null && t.value() > 0 && Double.isFinite(distance) ? Math.max(1, distance / t.value()) : 1;
    }

    private double temper(double p, double lean) { return tempering == null ? p : tempering.apply(p, lean); }

    /** The calibrated model as a {@link ProbabilityModel}. */
    public ProbabilityModel asModel() {
        return new ProbabilityModel() {
            @Override public String name() { return report.chosen(); }

            @Override public double probability(double[] x) { return FittedForecaster.this.probability(x); }
        };
    }

    /**
     * The structured model's state (π, μ, σ) at a config: P(ever learns) and the steps-to-learn distribution. Beyond the
     * corpus its median leans on the trend's as P does ({@link #onTrend(CureModel.State, CureModel.State, double)}).
     */
    public CureModel.State state(Knobs k) { return state(k, neighbourhood.nearest(k, 0, 1).distance()); }

    /** As {@link #state(Knobs)}, the query's nearest trained distance already known. */
    private CureModel.State state(Knobs k, double distance) {
        double[] config = Features.config(k);
        return stepsState(survival.state(config), config, trend == null ? 1 : widen(k, distance));
    }

    /** {@code s} with its median leaned on the trend's beyond the corpus (widening factor {@code wide} &gt; 1), else {@code s}. */
    private CureModel.State stepsState(CureModel.State s, double[] config, double wide) {
        return trend != null && wide > 1 ? onTrend(s, trend.state(config), wide) : s;
    }

    /**
     * The steps-to-learn median and 80 % interval at a config, {median, low, high}, as a forecast gives them; null when the
     * model says it never learns (P(ever) ≤ 1e-4). One nearest lookup serves the median's lean and the interval's widening
     * (eval scores every held-out learner with it).
     */
    public double[] steps(Knobs k) {
        double d = neighbourhood.nearest(k, 0, 1).distance();
        CureModel.State s = state(k, d);
        if (s.pEver() <= 1e-4) return null;
        double[] iv = stepsInterval(k, s, d);
        return new double[] {s.stepsQuantile(0.5), iv[0], iv[1]};
    }

    // --- forecasts ---

    public Forecast predict(RunConfig c, long budget) { return predict(c, budget, Detail.FULL); }

    public Forecast predict(RunConfig c, long budget, Detail detail) {
        Knobs k = Knobs.of(c);
        Forecast f = predict(k, budget, detail);
        return new Forecast(f.task(), c.describeGroup(), c.configHash(), c.groupHash(), f.budget(), f.p(), f.pLow(), f.pHigh(), f.pEver(), f.stepsMedian(),
                f.stepsLow(), f.stepsHigh(), f.reference(), f.attributions(), f.neighbours(), f.warnings(), f.model(), f.horizon());
    }

    public Forecast predict(Knobs k, long budget, Detail detail) {
        double[] x = Features.row(k, budget);
        double[] config = Arrays.copyOf(x, Features.N_CONFIG);
        CureModel.Design b = CureModel.Design.of(survival.backbone().basis(), config);
        double[] corr = survival.corrections(config);
        CureModel.State s = b.state(theta, corr);
        double pSurv = s.pWithin(budget);
        double pRaw = modelIsSurvival ? pSurv : model.probability(x);
        Neighbourhood.Nearest nn = neighbourhood.nearest(k, budget, detail == Detail.FULL ? 5 : 1);
        double w = tempering == null ? 1 : lean(k, nn.distance());
        double wide = tempering == null && trend == null ? 1 : widen(k, nn.distance());
        double trendP = trend != null && wide > 1 ? calibration.apply(trend.probability(x)) : Double.NaN; // the draws vary the chosen model only
        double pOwn = Double.isNaN(trendP) ? calibration.apply(pRaw) : onTrend(calibration.apply(pRaw), trendP, wide);
        double p = temper(pOwn, w);
        // interval: the forecast under each parameter draw of the structured model
        double[] own = new double[draws.size()];
        double[] ps = new double[own.length];
        for (int i = 0; i < ps.length; i++) {
            double pd = b.state(draws.get(i), corr).pWithin(budget);
            double q = modelIsSurvival ? pd : CureModel.sigmoid(BlendModel.logit(pRaw) + BlendModel.logit(pd) - BlendModel.logit(pSurv));
            own[i] = Double.isNaN(trendP) ? calibration.apply(q) : onTrend(calibration.apply(q), trendP, wide);
            ps[i] = temper(own[i], w);
        }
        double lo = p, hi = p;
        if (ps.length > 0) {
            Arrays.sort(ps);
            lo = Math.min(p, quantile(ps, 0.1));
            hi = Math.max(p, quantile(ps, 0.9));
            if (tempering != null && wide > 1) {
                // beyond the corpus the interval runs from the model's own forecast to one leaned by the widening factor:
                // leaning alone would narrow it in log-odds (÷ w), claiming more certainty exactly where there is less
                Arrays.sort(own);
                double[] leaned = new double[own.length];
                for (int i = 0; i < own.length; i++) leaned[i] = temper(own[i], wide);
                lo = Math.min(lo, Math.min(Math.min(pOwn, quantile(own, 0.1)), Math.min(temper(pOwn, wide), quantile(leaned, 0.1))));
                hi = Math.max(hi, Math.max(Math.max(pOwn, quantile(own, 0.9)), Math.max(temper(pOwn, wide), quantile(leaned, 0.9))));
            }
        }
        // a value none of whose runs learned, while another value of its knob did, holds P to 3 ÷ its runs (the rule of
        // three's 95 % bound): the additive log-odds carry P over from the other values, and wherever the held P was scored
        // on held-out configs none of its rows learned (docs/FORECASTER.md, eighteenth session)
        double cap = coverage.neverLearnedBound(k);
        if (p > cap) {
            // held: the interval is then what 0 of n says of the value's rate, from 0 (0 of n's exact lower bound) to the bound
            p = cap;
            lo = 0;
        }
        lo = Math.min(lo, cap);
        hi = Math.min(hi, cap);
        Double median = null, sLo = null, sHi = null;
        if (s.pEver() > 1e-4) {
            CureModel.State steps = stepsState(s, config, wide);
            double[] iv = stepsInterval(k, steps, nn.distance());
            median = round(steps.stepsQuantile(0.5));
            sLo = round(iv[0]);
            sHi = round(iv[1]);
        }
        Forecast.Reference ref = null;
        List<Forecast.Attribution> attributions = null;
        List<Forecast.Neighbour> neighbours = null;
        List<Forecast.Warning> warnings = null;
        Forecast.Horizon horizon = null;
        if (detail == Detail.FULL) {
            horizon = horizon(k, s, cap);
            Reference r = reference(k);
            double[] refP = new double[1];
            attributions = attribute(k, budget, r, refP, w, wide);
            ref = new Forecast.Reference(r.description(), r.budget(), refP[0]);
            neighbours = nn.neighbours();
            warnings = warnings(k, budget, nn.distance(), p);
        }
        return new Forecast(k.task(), null, null, null, budget, p, lo, hi, s.pEver(), median, sLo, sHi, ref, attributions, neighbours, warnings,
                report.chosen(), horizon);
    }

    /**
     * The longest budget the query's task was trained to and the part of P(ever) the cure model state {@code s} puts after
     * it — P within that budget held, as P is, by the query's values that never learned (their runs were trained to it: a
     * held "P = 0.300" beside "0.027 of P(ever) after 4,000 steps" would contradict itself); null when no run of the task
     * or its kind was trained. {@code cap}: the query's {@link Coverage#neverLearnedBound}, as predict computed it.
     */
    private Forecast.Horizon horizon(Knobs k, CureModel.State s, double cap) {
        double longest = coverage.longestBudget(k);
        if (!(longest > 0)) return null;
        double within = Math.min(s.pWithin(longest), cap);
        return new Forecast.Horizon(Math.round(longest), coverage.longestBudgetOf(k), Math.max(0, s.pEver() - within));
    }

    /**
     * The 80 % steps-to-learn interval (10 % and 90 % quantiles) for a query whose nearest trained config lies at
     * {@code distance}, with its widening factor W: the fitted log-logistic's own inside the corpus (W = 1); beyond it
     * (issue 16: in-corpus intervals held too few outcomes out of it) the half-width on the ln-steps scale is the one the
     * corpus's own pseudo-extrapolations call for ({@link StepsCalibration}), or, for artifacts without that, the
     * log-logistic's with σ multiplied by W. Either way it widens the farther the query lies from what was trained.
     */
    public double[] stepsInterval(Knobs k, CureModel.State s, double distance) {
        double widen = widen(k, distance);
        if (stepsCalibration != null && widen > 1) {
            // beyond the corpus, as measured on the corpus's own pseudo-extrapolations (each side its own, or symmetric in older artifacts)
            double[] h = stepsCalibration.halfWidths(widen, s.sigma());
            return new double[] {s.offset() + Math.exp(s.mu() - h[0]), s.offset() + Math.exp(s.mu() + h[1]), widen};
        }
        CureModel.State w = new CureModel.State(s.logitEver(), s.mu(), s.sigma() * widen, s.offset());
        return new double[] {w.stepsQuantile(0.1), w.stepsQuantile(0.9), widen};
    }

    /** The interval at a query, its nearest trained config looked up (eval's coverage check). */
    public double[] stepsInterval(Knobs k, long budget) {
        double d = neighbourhood.nearest(k, budget, 1).distance();
        return stepsInterval(k, state(k, d), d);
    }

    /**
     * Where a query leaves the corpus: its task's knob ranges ({@link Coverage}) and, when no trained config
     * is as near as held-out configs of its task usually are, the nearness warning ({@link Neighbourhood#nearness}).
     */
    public List<Forecast.Warning> warnings(Knobs k, long budget) {
        return warnings(k, budget, neighbourhood.nearest(k, budget, 1).distance(), probability(k, budget));
    }

    /**
     * As {@link #warnings(Knobs, long)}, the query's nearest trained distance and its forecast P already known (a plan
     * looks the distance up once per config); P decides whether a categorical value that never learned is worth saying
     * ({@link Coverage#neverLearned}).
     */
    public List<Forecast.Warning> warnings(Knobs k, long budget, double nearest, double p) {
        List<Forecast.Warning> out = new ArrayList<>(coverage.warnings(k, budget));
        out.addAll(coverage.neverLearned(k, p));
        Forecast.Warning far = neighbourhood.nearness(k, nearest);
        if (far != null) out.add(far);
        Forecast.Warning leaned = tempered(k, nearest);
        if (leaned != null) out.add(leaned);
        out.addAll(unread(k));
        return out;
    }

    /**
     * Knobs the query sets away from their default that no feature reads (declared after the legacy layout with no
     * encoding, e.g. drop_last): the forecast is the one for the default, and the user is told so rather than left to
     * think the knob was weighed.
     */
    static List<Forecast.Warning> unread(Knobs k) {
        List<Forecast.Warning> out = new ArrayList<>();
        for (io.learncast.farm.config.knob.Knob<?> knob : Features.UNREAD) {
            Object v = k.get(knob);
            if (v == null || knob.defaultConstant() == null || v.equals(knob.defaultConstant())) continue;
            String shown = knob.show(v), standard = knob.show(knob.defaultConstant());
            out.add(new Forecast.Warning(Forecast.Warning.UNREAD, knob.key(), shown, List.of(standard),
                    "the forecaster does not read " + knob.key() + " yet: this is the forecast for " + knob.key() + " " + standard + ", not " + shown));
        }
        return out;
    }

    /**
     * What the forecast did about lying beyond the corpus, when it does ({@link #widen} &gt; 1): {@code value} the factor,
     * {@code range} the knobs outside the task's trained box (empty when only the nearest distance is beyond its threshold).
     */
    private Forecast.Warning tempered(Knobs k, double nearest) {
        double w = widen(k, nearest);
        if (!(w > 1)) return null;
        Neighbourhood.Beyond out = neighbourhood.beyond(k);
        String why = out.knobs().isEmpty() ? "no trained config is close"
                : String.join(", ", out.knobs()) + (out.knobs().size() == 1 ? " lies" : " lie") + " outside what was trained for " + k.task();
        double lean = lean(k, nearest);
        String what = "";
        if (tempering != null) {
            double base = 100 * CureModel.sigmoid(tempering.logit());
            what = lean > 1
                    ? String.format(Locale.ROOT, "P leans toward the corpus's base rate %.1f%% (log-odds ÷ %.2f, the nearest distance ÷ threshold) and its 80%% "
                            + "interval runs from the model's own forecast to one leaned by ÷ %.2f; ", base, lean, w)
                    : String.format(Locale.ROOT, "its 80%% interval runs from the model's own forecast to one leaned toward the corpus's base rate %.1f%% "
                            + "(log-odds ÷ %.2f); ", base, w);
        }
        if (trend != null) {
            what = String.format(Locale.ROOT, "P takes %.0f%% of its log-odds (1 − 1/%.2f), and the steps median as much of its log, from the main "
                            + "effects' trend (%s), the rest from the chosen model; ",
                    100 * (1 - 1 / w), w, report.trend() != null ? report.trend() : "the main-effects model") + what;
        }
        String steps = String.format(Locale.ROOT, "the steps-to-learn spread is %.2f× as wide", w);
        if (stepsCalibration != null) {
            steps += widening(stepsCalibration.halfWidths(w, 0));
        }
        String msg = "beyond the corpus (" + why + "): " + what + steps
                + (tempering == null ? " (this model was fitted before forecasts leaned toward the base rate: P is its own)" : "");
        return new Forecast.Warning(Forecast.Warning.TEMPERED, "config", Math.round(w * 1000) / 1000.0, List.copyOf(out.knobs()), msg);
    }

    /**
     * What the steps interval adds past σ × W, {below, above} in ln steps, in words: nothing (σ × W already held the
     * corpus's own extrapolations; never "0.00 wider"), the same on each side, or each side's own, a side that does not
     * widen named as such.
     */
    private static String widening(double[] extra) {
        double below = extra[0], above = extra[1];
        if (Math.max(below, above) < 0.005) return ", which held 80% of this corpus's own extrapolations";
        String missed = ", for what this corpus's own extrapolations missed";
        if (Math.abs(below - above) < 0.005) return String.format(Locale.ROOT, " and its interval %.2f ln steps wider on each side", below) + missed;
        String sides = above < 0.005 ? String.format(Locale.ROOT, "%.2f ln steps wider below the median (none above)", below)
                : below < 0.005 ? String.format(Locale.ROOT, "%.2f ln steps wider above the median (none below)", above)
                : String.format(Locale.ROOT, "%.2f ln steps wider below the median and %.2f above", below, above);
        return " and its interval " + sides + missed + " on each side";
    }

    private static double round(double steps) {
        return Math.round(steps * 10) / 10.0;
    }

    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    // --- attribution ---

    /**
     * A knob (or a group: the task and its facts, the whole network when the architectures differ, the
     * training-set size, the property, the budget) that a forecast is explained by; each swaps its values
     * between the reference and the query. The catalogue's knobs that a feature reads are players (drop_last too: the
     * trees read it through a tiny kept last batch).
     */
    record Player(String label, Kind kind, Knob<?> knob) {
        enum Kind { TASK, KNOB, NETWORK, DATA, PROPERTY, BUDGET }

        static final Player TASK = new Player("task", Kind.TASK, null);
        static final Player NETWORK = new Player("network", Kind.NETWORK, null);
        static final Player DATA = new Player("training examples", Kind.DATA, null);
        static final Player PROPERTY = new Player("property", Kind.PROPERTY, null);
        static final Player BUDGET = new Player("budget", Kind.BUDGET, null);

        /** The players, in the order explanations list ties: task, the network's and optimiser's knobs, data, the rest. */
        static final List<Player> ALL = players();

        private static List<Player> players() {
            List<Player> out = new ArrayList<>(List.of(TASK));
            for (Knob<?> k : KnobCatalogue.all()) {
                if ((k.group() == Knob.Group.MODEL || k.group() == Knob.Group.OPTIMISER) && Features.reads(k)) out.add(new Player(k.key(), Kind.KNOB, k));
            }
            out.add(DATA);
            for (Knob<?> k : KnobCatalogue.all()) if (k.group() == Knob.Group.DATA && Features.reads(k) && k != KnobCatalogue.TRAIN_FRAC) out.add(new Player(k.key(), Kind.KNOB, k));
            out.add(PROPERTY);
            out.add(BUDGET);
            return List.copyOf(out);
        }

        Knobs apply(Knobs to, Knobs from) {
            return switch (kind) {
                case TASK -> to.withTaskOf(from);
                case KNOB -> to.withRaw(knob, from.get(knob));
                case NETWORK -> to.withModelOf(from);
                case DATA -> to.withNTrain(from.nTrain());
                case PROPERTY -> to.withProperty(from.metric(), from.threshold(), from.hold());
                case BUDGET -> to;
            };
        }

        boolean differs(Knobs a, Knobs b, long budgetA, long budgetB) {
            return switch (kind) {
                case TASK -> !a.task().equals(b.task());
                case KNOB -> !java.util.Objects.equals(a.get(knob), b.get(knob));
                case NETWORK -> a.arch() != b.arch();
                case DATA -> a.nTrain() != b.nTrain();
                case PROPERTY -> a.metric() != b.metric() || a.threshold() != b.threshold() || a.hold() != b.hold();
                case BUDGET -> budgetA != budgetB;
            };
        }

        String show(Knobs k, long budget) {
            return switch (kind) {
                case TASK -> k.task();
                case KNOB -> {
                    Object v = k.get(knob);
                    yield v instanceof Double d ? Coverage.num(d) : knob.show(v);
                }
                case NETWORK -> k.transformer() ? "transformer " + k.get(KnobCatalogue.LAYERS) + "L d" + k.get(KnobCatalogue.D_MODEL)
                        + " h" + k.get(KnobCatalogue.HEADS) : "mlp d" + k.depth() + "×w" + k.width();
                case DATA -> k.nTrain() + (k.universe() < (1L << 40) ? String.format(Locale.ROOT, " (%.3g of the task)", k.trainFraction()) : "");
                case PROPERTY -> k.metric().key() + " " + Coverage.num(k.threshold()) + " hold " + k.hold();
                case BUDGET -> Long.toString(budget);
            };
        }
    }

    Reference reference(Knobs k) {
        Reference r = references.get(k.taskKind());
        return r != null ? r : references.get(defaultKind);
    }

    /**
     * Baseline Shapley values of the knobs that differ between the query and its reference: the value
     * of a coalition is the calibrated P of the reference with those knobs set as in the query.
     */
    private List<Forecast.Attribution> attribute(Knobs q, long budget, Reference ref, double[] refP, double lean, double wide) {
        List<Player> players = new ArrayList<>();
        // across architectures the network is one player: a coalition never mixes an MLP's knobs with a transformer's
        boolean family = q.arch() != ref.knobs().arch();
        if (family) players.add(Player.NETWORK);
        for (Player p : Player.ALL) {
            if (p.kind() == Player.Kind.BUDGET || family && p.kind() == Player.Kind.KNOB && p.knob().group() == Knob.Group.MODEL) continue;
            if (p.differs(q, ref.knobs(), budget, ref.budget())) players.add(p);
        }
        boolean budgetDiffers = budget != ref.budget();
        if (budgetDiffers) players.add(Player.BUDGET);
        int n = players.size();
        int knobPlayers = budgetDiffers ? n - 1 : n;
        // every coalition of knobs is evaluated once, at both budgets (the budget is the last player)
        java.util.Map<Long, double[]> cache = new java.util.HashMap<>();
        java.util.function.LongFunction<double[]> both = m -> cache.computeIfAbsent(m, mask -> {
            Knobs k = ref.knobs();
            for (int i = 0; i < knobPlayers; i++) if ((mask & (1L << i)) != 0) k = players.get(i).apply(k, q);
            double[] p = probabilities(k, ref.budget(), budget);
            if (trend != null && wide > 1) {
                double[] x = Features.row(k, ref.budget());
                CureModel.State s = trend.state(x);
                p = new double[] {onTrend(p[0], calibration.apply(s.pWithin(ref.budget())), wide), onTrend(p[1], calibration.apply(s.pWithin(budget)), wide)};
            }
            // beyond the corpus every coalition leans by the query's own factors, and each is held by its own values that never
            // learned, as the forecast is, so the values still add up to p − p_reference
            double cap = coverage.neverLearnedBound(k);
            return new double[] {Math.min(cap, temper(p[0], lean)), Math.min(cap, temper(p[1], lean))};
        });
        long budgetBit = budgetDiffers ? 1L << (n - 1) : 0;
        java.util.function.LongToDoubleFunction v = mask -> {
            double[] p = both.apply(mask & ~budgetBit);
            return (mask & budgetBit) != 0 ? p[1] : p[0];
        };
        refP[0] = v.applyAsDouble(0);
        // a cheap model affords exact values for up to 8 knobs; a slower one (trees over a budget grid) fewer
        int exact = modelIsSurvival ? Shapley.EXACT_MAX : 6;
        double[] phi = n <= exact ? Shapley.exact(n, v) : Shapley.sampled(n, v, modelIsSurvival ? 16 : 6, 7);
        List<Forecast.Attribution> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Player p = players.get(i);
            out.add(new Forecast.Attribution(p.label(), p.show(q, budget), p.show(ref.knobs(), ref.budget()), Math.round(phi[i] * 1e4) / 1e4));
        }
        out.sort(Comparator.comparingDouble((Forecast.Attribution a) -> -Math.abs(a.contribution())));
        return out;
    }

    /** A model that answers two budgets of one config more cheaply than two calls. */
    interface TwoBudgets {
        double[] probabilities(double[] x, long b0, long b1);
    }

    /** Calibrated P at two budgets for one config (the structured model's state is computed once). */
    private double[] probabilities(Knobs k, long b0, long b1) {
        double[] x = Features.row(k, b0);
        if (modelIsSurvival) {
            CureModel.State s = survival.state(x);
            return new double[] {calibration.apply(s.pWithin(b0)), calibration.apply(s.pWithin(b1))};
        }
        double[] raw = model instanceof TwoBudgets two ? two.probabilities(x, b0, b1) : new double[] {model.probability(x), model.probability(Features.atBudget(x, b1))};
        return new double[] {calibration.apply(raw[0]), calibration.apply(raw[1])};
    }
}
