package io.learncast.forecast.model;

import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;
import smile.base.cart.CART;
import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.regression.RegressionTree;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The structured model with boosted corrections: a {@link CureModel} backbone (smooth, log-linear,
 * extrapolates) plus gradient-boosted regression trees on the config features that correct its
 * logit π (whether a config learns at all) and its μ (when), fitted on the same censored likelihood.
 * Trees capture sharp, interacting thresholds (enough data AND some weight decay AND a sane learning
 * rate) that a smooth backbone blurs; the budget still enters only through ln B, so P stays monotone
 * in B and steps-to-learn quantiles stay consistent with it. Outside the corpus the trees are flat
 * and the backbone carries the trend.
 */
public final class BoostedCure implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Boosting hyperparameters: rounds, shrinkage, leaves per tree, smallest leaf, subsample, Newton ridge. */
    public record Spec(int rounds, double shrinkage, int maxNodes, int nodeSize, double subsample, double leafLambda) {
        public static Spec defaults() { return new Spec(200, 0.1, 8, 5, 0.8, 1.0); }

        public Spec withRounds(int r) { return new Spec(r, shrinkage, maxNodes, nodeSize, subsample, leafLambda); }
    }

    private final CureModel backbone;
    private final RegressionTree[] piTrees;
    private final RegressionTree[] muTrees;
    private final double shrinkage;
    private final StructType schema;
    private final int[] columns; // the config features the trees split on (those that vary in the corpus)

    BoostedCure(CureModel backbone, RegressionTree[] piTrees, RegressionTree[] muTrees, double shrinkage, StructType schema, int[] columns) {
        this.backbone = backbone;
        this.piTrees = piTrees;
        this.muTrees = muTrees;
        this.shrinkage = shrinkage;
        this.schema = schema;
        this.columns = columns;
    }

    public CureModel backbone() { return backbone; }

    /** The parts an artifact stores: trees (Smile, Java-serialised), shrinkage, the trees' feature schema and config columns. */
    public RegressionTree[] piTrees() { return piTrees.clone(); }

    public RegressionTree[] muTrees() { return muTrees.clone(); }

    public double shrinkage() { return shrinkage; }

    public StructType schema() { return schema; }

    public int[] columns() { return columns.clone(); }

    public static BoostedCure restore(CureModel backbone, RegressionTree[] piTrees, RegressionTree[] muTrees, double shrinkage, StructType schema, int[] columns) {
        return new BoostedCure(backbone, piTrees, muTrees, shrinkage, schema, columns);
    }

    public int rounds() { return piTrees.length; }

    /** The same model with only its first {@code r} rounds. */
    public BoostedCure truncated(int r) {
        int k = Math.min(r, piTrees.length);
        return new BoostedCure(backbone, Arrays.copyOf(piTrees, k), Arrays.copyOf(muTrees, k), shrinkage, schema, columns);
    }

    /** The same trees on another backbone (a parameter draw of the backbone, for intervals). */
    public BoostedCure withBackbone(CureModel b) { return new BoostedCure(b, piTrees, muTrees, shrinkage, schema, columns); }

    private transient volatile FlatTrees flatPi, flatMu;

    /** The trees' corrections {Δη, Δμ} at a config (tree sums × shrinkage). */
    public double[] corrections(double[] config) {
        if (piTrees.length == 0) return new double[2];
        double[] v = new double[columns.length];
        for (int j = 0; j < columns.length; j++) v[j] = config[columns[j]];
        if (FlatTrees.available()) {
            FlatTrees a = flatPi, b = flatMu;
            if (a == null || b == null) {
                a = FlatTrees.of(piTrees);
                b = FlatTrees.of(muTrees);
                flatPi = a;
                flatMu = b;
            }
            return new double[] {shrinkage * a.sum(v), shrinkage * b.sum(v)};
        }
        Tuple t = Tuple.of(v, schema);
        double eta = 0, mu = 0;
        for (int i = 0; i < piTrees.length; i++) {
            eta += piTrees[i].predict(t);
            mu += muTrees[i].predict(t);
        }
        return new double[] {shrinkage * eta, shrinkage * mu};
    }

    /** Smile's own tree walk (to check the flat trees against). */
    double[] smileCorrections(double[] config) {
        double[] v = new double[columns.length];
        for (int j = 0; j < columns.length; j++) v[j] = config[columns[j]];
        Tuple t = Tuple.of(v, schema);
        double eta = 0, mu = 0;
        for (int i = 0; i < piTrees.length; i++) {
            eta += piTrees[i].predict(t);
            mu += muTrees[i].predict(t);
        }
        return new double[] {shrinkage * eta, shrinkage * mu};
    }

    public CureModel.State state(double[] config) {
        CureModel.State s = backbone.state(config);
        double[] c = corrections(config);
        return new CureModel.State(s.logitEver() + c[0], s.mu() + c[1], s.sigma(), s.offset());
    }

    public double probability(double[] x) {
        return state(x).pWithin(Math.pow(2, x[Features.N_CONFIG]));
    }

    /** Boosts corrections onto {@code backbone} from the runs' censored likelihood; deterministic given the seed. */
    public static BoostedCure fit(CureModel backbone, List<RunRecord> runs, Spec spec, long seed) {
        CureFitter.Data data = new CureFitter.Data(backbone.basis(), runs, null);
        int n = data.n;
        double[][] all = new double[n][];
        for (int i = 0; i < n; i++) all[i] = Features.config(runs.get(i).knobs());
        List<Integer> varying = new ArrayList<>();
        for (int j = 0; j < Features.N_CONFIG; j++) {
            for (int i = 1; i < n; i++) {
                if (all[i][j] != all[0][j]) {
                    varying.add(j);
                    break;
                }
            }
        }
        if (varying.isEmpty()) varying.add(0);
        int[] columns = varying.stream().mapToInt(Integer::intValue).toArray();
        double[][] x = new double[n][columns.length];
        for (int i = 0; i < n; i++) for (int j = 0; j < columns.length; j++) x[i][j] = all[i][columns[j]];
        DataFrame df = DataFrame.of(x, Arrays.stream(columns).mapToObj(Features.CONFIG::get).toArray(String[]::new));
        StructType schema = df.schema();
        int[][] order = CART.order(df);
        StructField field = new StructField("gradient", DataTypes.DoubleType);
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
        Tuple[] tuples = new Tuple[n];
        for (int i = 0; i < n; i++) tuples[i] = df.get(i);
        SplittableRandom rnd = new SplittableRandom(seed);
        int sampleSize = Math.max(1, (int) Math.round(n * spec.subsample()));
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        List<RegressionTree> piTrees = new ArrayList<>(), muTrees = new ArrayList<>();
        double[] g = new double[n], h = new double[n];
        double[] t0 = new double[4], t1 = new double[4], t2 = new double[4];
        for (int round = 0; round < spec.rounds(); round++) {
            int[] samples = new int[n];
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
            for (int i = 0; i < sampleSize; i++) samples[perm[i]] = 1;
            // π step
            for (int i = 0; i < n; i++) {
                double e = 1e-3;
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i], ls[i], t0);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i] + e, mu[i], ls[i], t1);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i] - e, mu[i], ls[i], t2);
                g[i] = t0[1];
                h[i] = Math.max(1e-4, -(t1[1] - t2[1]) / (2 * e));
            }
            RegressionTree tp = new RegressionTree(df, new NewtonLoss(g.clone(), h.clone(), spec.leafLambda()), field, 20, spec.maxNodes(), spec.nodeSize(),
                    df.ncol(), samples, order);
            for (int i = 0; i < n; i++) eta[i] += spec.shrinkage() * tp.predict(tuples[i]);
            // μ step
            for (int i = 0; i < n; i++) {
                double e = 1e-3;
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i], ls[i], t0);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i] + e, ls[i], t1);
                CureFitter.runTerms(data.type[i], data.logHi[i], data.logLo[i], eta[i], mu[i] - e, ls[i], t2);
                g[i] = t0[2];
                h[i] = Math.max(1e-4, -(t1[2] - t2[2]) / (2 * e));
            }
            RegressionTree tm = new RegressionTree(df, new NewtonLoss(g.clone(), h.clone(), spec.leafLambda()), field, 20, spec.maxNodes(), spec.nodeSize(),
                    df.ncol(), samples, order);
            for (int i = 0; i < n; i++) mu[i] += spec.shrinkage() * tm.predict(tuples[i]);
            piTrees.add(tp);
            muTrees.add(tm);
        }
        return new BoostedCure(backbone, piTrees.toArray(new RegressionTree[0]), muTrees.toArray(new RegressionTree[0]), spec.shrinkage(), schema, columns);
    }
}
