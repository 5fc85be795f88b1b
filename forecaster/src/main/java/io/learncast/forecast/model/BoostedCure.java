package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The structured model with boosted corrections: a {@link CureModel} backbone (smooth, log-linear,
 * extrapolates) plus gradient-boosted Newton trees on the config features that correct its logit π
 * (whether a config learns at all) and its μ (when), fitted on the same censored likelihood. Trees
 * capture sharp, interacting thresholds (enough data AND some weight decay AND a sane learning rate)
 * that a smooth backbone blurs; the budget still enters only through ln B, so P stays monotone in B
 * and steps-to-learn quantiles stay consistent with it. Outside the corpus the trees are flat and the
 * backbone carries the trend.
 */
public record BoostedCure(@JsonProperty("backbone") CureModel backbone,
                          @JsonProperty("pi") FlatTrees pi,
                          @JsonProperty("mu") FlatTrees mu,
                          @JsonProperty("shrinkage") double shrinkage) {

    /**
     * Boosting hyperparameters: rounds, shrinkage, leaves per tree, smallest leaf (runs), subsample,
     * Newton ridge λ, smallest curvature sum of a leaf, the largest step a leaf may take, and the config
     * features along which π's trees may not decrease (empty: none). The trees are stored as fitted, so
     * the constraint is a matter of fitting only: an artifact reads and forecasts the same either way.
     */
    public record Spec(int rounds, double shrinkage, int maxNodes, int nodeSize, double subsample, double leafLambda, double minHessian, double maxStep,
                       List<String> monotone) {
        public Spec(int rounds, double shrinkage, int maxNodes, int nodeSize, double subsample, double leafLambda, double minHessian, double maxStep) {
            this(rounds, shrinkage, maxNodes, nodeSize, subsample, leafLambda, minHessian, maxStep, List.of());
        }

        public static Spec defaults() { return new Spec(200, 0.1, 8, 5, 0.8, 1.0, 1.0, 2.0); }

        public Spec withRounds(int r) { return new Spec(r, shrinkage, maxNodes, nodeSize, subsample, leafLambda, minHessian, maxStep, monotone); }

        /**
         * The same boosting with monotone trees for π: along each named config feature a tree's correction to logit π
         * never decreases ("learns at all" is never less likely as it grows). The trees of μ (when) stay free: constraining
         * them too ("never later") was measured and cost the PyTorch corpus's k-fold steps error (docs/FORECASTER.md).
         */
        public Spec withMonotone(List<String> features) { return new Spec(rounds, shrinkage, maxNodes, nodeSize, subsample, leafLambda, minHessian, maxStep, List.copyOf(features)); }
    }

    public int rounds() { return pi.size(); }

    /** The same model with only its first {@code r} rounds. */
    public BoostedCure truncated(int r) { return new BoostedCure(backbone, pi.first(r), mu.first(r), shrinkage); }

    /** The trees' corrections {Δη, Δμ} at a config. */
    public double[] corrections(double[] config) {
        if (pi.size() == 0) return new double[2];
        return new double[] {shrinkage * pi.sum(config), shrinkage * mu.sum(config)};
    }

    public CureModel.State state(double[] config) {
        CureModel.State s = backbone.state(config);
        double[] c = corrections(config);
        return new CureModel.State(s.logitEver() + c[0], s.mu() + c[1], s.sigma(), s.offset());
    }

    public double probability(double[] x) {
        return state(x).pWithin(Math.pow(2, x[Features.N_CONFIG]));
    }

    /**
     * {@code out[k]} = {@code truncated(rounds[k]).state(config)}, exactly, with the backbone's state computed once and
     * each ensemble walked once up to the most rounds (the search scores one fit at several rounds this way). A state
     * reads the config features only, so a run's rows (one per budget) share it.
     */
    public CureModel.State[] states(double[] config, int[] rounds) {
        CureModel.State s = backbone.state(config);
        double[] p = pi.prefixSums(config, rounds), m = mu.prefixSums(config, rounds);
        CureModel.State[] out = new CureModel.State[rounds.length];
        for (int k = 0; k < rounds.length; k++) {
            // as corrections(): none when the truncated model has no trees
            double cPi = 0, cMu = 0;
            if (Math.min(Math.max(rounds[k], 0), pi.size()) > 0) {
                cPi = shrinkage * p[k];
                cMu = shrinkage * m[k];
            }
            out[k] = new CureModel.State(s.logitEver() + cPi, s.mu() + cMu, s.sigma(), s.offset());
        }
        return out;
    }

    /** {@code out[k]} = {@code truncated(rounds[k]).probability(x)}, exactly (see {@link #states}). */
    public double[] probabilities(double[] x, int[] rounds) {
        CureModel.State[] s = states(x, rounds);
        double budget = Math.pow(2, x[Features.N_CONFIG]);
        double[] out = new double[rounds.length];
        for (int k = 0; k < rounds.length; k++) out[k] = s[k].pWithin(budget);
        return out;
    }

    /** The backbone alone, as a boosted model with no trees. */
    public static BoostedCure of(CureModel backbone) { return new BoostedCure(backbone, FlatTrees.EMPTY, FlatTrees.EMPTY, 0.1); }

    /** Boosts corrections onto {@code backbone} from the runs' censored likelihood; deterministic given the seed. */
    public static BoostedCure fit(CureModel backbone, List<RunRecord> runs, Spec spec, long seed) {
        CureFitter.Data data = new CureFitter.Data(backbone.basis(), runs, null);
        int n = data.n;
        if (spec.rounds() == 0 || n < 2) return of(backbone);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = Features.config(runs.get(i).knobs());
        List<Integer> varying = new ArrayList<>();
        for (int j = 0; j < Features.N_CONFIG; j++) {
            for (int i = 1; i < n; i++) {
                if (x[i][j] != x[0][j]) {
                    varying.add(j);
                    break;
                }
            }
        }
        if (varying.isEmpty()) return of(backbone);
        HistogramTrees.Bins bins = new HistogramTrees.Bins(x, varying.stream().mapToInt(Integer::intValue).toArray());
        int[] upPi = null;
        if (spec.monotone() != null && !spec.monotone().isEmpty()) {
            upPi = new int[bins.columns.length];
            for (int c = 0; c < upPi.length; c++) if (spec.monotone().contains(Features.CONFIG.get(bins.columns[c]))) upPi[c] = 1;
        }
        double[] eta = new double[n], mu = new double[n], ls = new double[n];
        double[] theta = backbone.theta();
        int p = data.p;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                eta[i] += theta[j] * data.d[i][j];
                mu[i] += theta[p + j] * data.d[i][j];
            }
            for (int j = 0; j < data.q; j++) ls[i] += theta[2 * p + j] * data.s[i][j];
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int sampleSize = Math.max(1, (int) Math.round(n * spec.subsample()));
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        boolean[] in = new boolean[n];
        List<FlatTrees> piTrees = new ArrayList<>(), muTrees = new ArrayList<>();
        double[] gEta = new double[n], hEta = new double[n], gMu = new double[n], hMu = new double[n];
        Gradients grad = new Gradients(data, ls);
        double[] vPi = new double[n], vMu = new double[n];
        double[] t = new double[4];
        for (int round = 0; round < spec.rounds(); round++) {
            // a random subsample of the runs, in index order
            for (int i = 0; i < sampleSize; i++) {
                int j = i + rnd.nextInt(n - i);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            Arrays.fill(in, false);
            for (int i = 0; i < sampleSize; i++) in[perm[i]] = true;
            int[] rows = new int[sampleSize];
            for (int i = 0, k = 0; i < n; i++) if (in[i]) rows[k++] = i;
            // gradients and curvatures of both η and μ at the current scores (one joint Newton step per round)
            for (int i = 0; i < n; i++) {
                if (data.weight[i] == 0) {
                    gEta[i] = hEta[i] = gMu[i] = hMu[i] = 0;
                    continue;
                }
                grad.at(i, eta[i], mu[i], t);
                gEta[i] = t[0];
                hEta[i] = t[1];
                gMu[i] = t[2];
                hMu[i] = t[3];
            }
            FlatTrees tp = HistogramTrees.grow(bins, gEta, hEta, rows, spec.maxNodes(), spec.nodeSize(), spec.leafLambda(), spec.minHessian(), spec.maxStep(), upPi, vPi);
            FlatTrees tm = HistogramTrees.grow(bins, gMu, hMu, rows, spec.maxNodes(), spec.nodeSize(), spec.leafLambda(), spec.minHessian(), spec.maxStep(), null, vMu);
            for (int i = 0; i < n; i++) {
                // a subsampled run's leaf is known from the growing; the others walk the tree (0.0 + v: what a one-tree sum gives)
                double dp = in[i] ? 0.0 + vPi[i] : tp.sum(x[i]), dm = in[i] ? 0.0 + vMu[i] : tm.sum(x[i]);
                eta[i] += spec.shrinkage() * dp;
                mu[i] += spec.shrinkage() * dm;
            }
            piTrees.add(tp);
            muTrees.add(tm);
        }
        return new BoostedCure(backbone, FlatTrees.concat(piTrees), FlatTrees.concat(muTrees), spec.shrinkage());
    }

    /**
     * A round's gradients and curvatures of η and μ: bit for bit what three {@link CureFitter#runTerms} calls give (at
     * (η, μ), (η + ε, μ) and (η, μ + ε), curvatures by finite differences), with the same operations on the same values,
     * minus what boosting never reads and what never changes between rounds: the likelihood and ∂/∂ln σ, σ = e^{ln σ}
     * and the learned interval's ln(1 − e^{−gap}) (ln σ is the backbone's, fixed while boosting; computed once per run),
     * the parts of a term that depend on η only or μ only (computed once per point, not per call). Profiled at 100,000
     * runs this was the boosted fit's largest cost (FitFingerprintTest: the same trees as before).
     */
    static final class Gradients {
        static final double E = 1e-4;
        private final int[] type;
        private final double[] logHi, logLo, sigma, logGap;

        Gradients(CureFitter.Data data, double[] ls) {
            int n = data.n;
            type = data.type;
            logHi = data.logHi;
            logLo = data.logLo;
            sigma = new double[n];
            logGap = new double[n];
            for (int i = 0; i < n; i++) {
                double l = Math.max(-6, Math.min(4, ls[i]));
                sigma[i] = Math.exp(l);
                if (type[i] == CureFitter.LEARNED && logLo[i] != Double.NEGATIVE_INFINITY) {
                    double gap = (logHi[i] - logLo[i]) / sigma[i];
                    logGap[i] = Math.log(-Math.expm1(-gap));
                }
            }
        }

        /** {gη, hη, gμ, hμ} of run i at (η, μ). */
        void at(int i, double eta, double mu, double[] out) {
            double dEta0, dEta1, dMu0, dMu2;
            double s = sigma[i];
            switch (type[i]) {
                case CureFitter.LEARNED -> {
                    dEta0 = 1 - pi(eta);
                    dEta1 = 1 - pi(eta + E);
                    dMu0 = learnedDMu(i, mu, s);
                    dMu2 = learnedDMu(i, mu + E, s);
                }
                case CureFitter.CENSORED -> {
                    double e0 = clamp(eta, 40), e1 = clamp(eta + E, 40);
                    double logPi0 = -CureFitter.softplus(-e0), log1mPi0 = -CureFitter.softplus(e0), pi0 = Math.exp(logPi0);
                    double logPi1 = -CureFitter.softplus(-e1), log1mPi1 = -CureFitter.softplus(e1), pi1 = Math.exp(logPi1);
                    double z0 = clamp((logHi[i] - mu) / s, 60), z2 = clamp((logHi[i] - (mu + E)) / s, 60);
                    double logF0 = -CureFitter.softplus(-z0), log1mF0 = -CureFitter.softplus(z0);
                    double logF2 = -CureFitter.softplus(-z2), log1mF2 = -CureFitter.softplus(z2);
                    double f0 = Math.exp(logF0 + log1mF0), f2 = Math.exp(logF2 + log1mF2), expLogF0 = Math.exp(logF0);
                    // (η, μ)
                    double r = censoredR(log1mPi0, logPi0, log1mF0);
                    dEta0 = -(1 - pi0) * expLogF0 * r;
                    dMu0 = r * f0 / s;
                    // (η + ε, μ): only ∂/∂η is read
                    r = censoredR(log1mPi1, logPi1, log1mF0);
                    dEta1 = -(1 - pi1) * expLogF0 * r;
                    // (η, μ + ε): only ∂/∂μ is read
                    r = censoredR(log1mPi0, logPi0, log1mF2);
                    dMu2 = r * f2 / s;
                }
                default -> {
                    dEta0 = -pi(eta);
                    dEta1 = -pi(eta + E);
                    dMu0 = 0;
                    dMu2 = 0;
                }
            }
            out[0] = dEta0;
            out[1] = Math.max(1e-4, -(dEta1 - dEta0) / E);
            out[2] = dMu0;
            out[3] = Math.max(1e-4, -(dMu2 - dMu0) / E);
        }

        private static double pi(double eta) {
            return Math.exp(-CureFitter.softplus(-clamp(eta, 40)));
        }

        private double learnedDMu(int i, double mu, double s) {
            double z2 = clamp((logHi[i] - mu) / s, 60);
            if (logLo[i] == Double.NEGATIVE_INFINITY) {
                double oneMinusF = CureFitter.sigmoid(-z2);
                return -oneMinusF / s;
            }
            double z1 = clamp((logLo[i] - mu) / s, 60);
            double g = logGap[i];
            double a = Math.exp(-CureFitter.softplus(z2) + CureFitter.softplus(z1) - g);
            double b = Math.exp(-CureFitter.softplus(-z1) + CureFitter.softplus(-z2) - g);
            return -(a - b) / s;
        }

        /** π / (1 − πF), as runTerms computes it (1 − πF summed in log space). */
        private static double censoredR(double log1mPi, double logPi, double log1mF) {
            double x1 = log1mPi, x2 = logPi + log1mF;
            double m = Math.max(x1, x2);
            double log1mQ = m + Math.log(Math.exp(x1 - m) + Math.exp(x2 - m));
            return Math.exp(logPi - log1mQ);
        }

        private static double clamp(double v, double m) {
            return v > m ? m : v < -m ? -m : v;
        }
    }
}
