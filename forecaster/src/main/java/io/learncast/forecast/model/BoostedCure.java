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
        double[] t0 = new double[4], t1 = new double[4], t2 = new double[4];
        final double e = 1e-4;
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
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i], ls[i], t0);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i] + e, mu[i], ls[i], t1);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i] + e, ls[i], t2);
                gEta[i] = t0[1];
                hEta[i] = Math.max(1e-4, -(t1[1] - t0[1]) / e);
                gMu[i] = t0[2];
                hMu[i] = Math.max(1e-4, -(t2[2] - t0[2]) / e);
            }
            FlatTrees tp = HistogramTrees.grow(bins, gEta, hEta, rows, spec.maxNodes(), spec.nodeSize(), spec.leafLambda(), spec.minHessian(), spec.maxStep(), upPi);
            FlatTrees tm = HistogramTrees.grow(bins, gMu, hMu, rows, spec.maxNodes(), spec.nodeSize(), spec.leafLambda(), spec.minHessian(), spec.maxStep());
            for (int i = 0; i < n; i++) {
                eta[i] += spec.shrinkage() * tp.sum(x[i]);
                mu[i] += spec.shrinkage() * tm.sum(x[i]);
            }
            piTrees.add(tp);
            muTrees.add(tm);
        }
        return new BoostedCure(backbone, FlatTrees.concat(piTrees), FlatTrees.concat(muTrees), spec.shrinkage());
    }
}
