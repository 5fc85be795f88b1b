package io.learncast.forecast.model;

import io.learncast.forecast.features.Features;
import io.learncast.forecast.features.RunRecord;
import smile.math.DifferentiableMultivariateFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Maximum-likelihood fit of a {@link CureModel} on finished runs, with ridge penalties (a Gaussian
 * prior on the standardised coefficients; intercepts are free). Each run contributes what it says
 * about its steps-to-learn T:
 * <ul>
 *   <li>learned, confirmed at c with evaluations every e steps: π·[F(z(c)) − F(z(c − e))] (T lies in (c − e, c]);</li>
 *   <li>not learned after S steps (or stopped early at S): 1 − π·F(z(S)) (right-censored: learns later, or never);</li>
 *   <li>diverged: 1 − π (it never learns).</li>
 * </ul>
 * Minimised with Smile's pure-Java L-BFGS; deterministic given the runs and the start.
 */
public final class CureFitter {

    /** Ridge strengths for the π, μ and σ coefficients. */
    public record Penalty(double pi, double mu, double sigma) {
        public static Penalty of(double lambda) { return new Penalty(lambda, lambda, 1.0); }
    }

    static final int LEARNED = 0, CENSORED = 1, DIVERGED = 2;

    /** Runs prepared for the likelihood: design rows, σ rows, censoring type and log times. */
    static final class Data {
        final int n, p, q;
        final double[][] d, s;
        final int[] type;
        final double[] logHi, logLo, weight;
        final int[] group;
        final int groups;

        Data(Basis basis, List<RunRecord> runs, double[] weights) {
            n = runs.size();
            p = basis.size();
            q = basis.sigmaSize();
            d = new double[n][];
            s = new double[n][];
            type = new int[n];
            logHi = new double[n];
            logLo = new double[n];
            weight = new double[n];
            group = new int[n];
            Map<String, Integer> gi = new HashMap<>();
            double[] z = new double[basis.base().length];
            for (int i = 0; i < n; i++) {
                RunRecord r = runs.get(i);
                double[] config = Features.config(r.knobs());
                d[i] = new double[p];
                basis.design(config, z, d[i]);
                s[i] = new double[q];
                basis.sigmaDesign(config, d[i], s[i]);
                weight[i] = weights == null ? 1 : weights[i];
                group[i] = gi.computeIfAbsent(r.groupHash(), k -> gi.size());
                // the model describes the reach step R = T − hold·evalEvery (see CureModel.State)
                long offset = r.knobs().holdSteps();
                if (r.learned()) {
                    type[i] = LEARNED;
                    long reach = r.confirmStep() - offset;
                    logHi[i] = Math.log(Math.max(1, reach));
                    long lo = reach - r.evalEvery();
                    logLo[i] = lo > 0 ? Math.log(lo) : Double.NEGATIVE_INFINITY;
                } else if (r.diverged()) {
                    type[i] = DIVERGED;
                } else if (r.stepsTrained() > offset) {
                    type[i] = CENSORED;
                    logHi[i] = Math.log(r.stepsTrained() - offset);
                } else {
                    // stopped before it could have confirmed anything: it says nothing
                    type[i] = CENSORED;
                    logHi[i] = Double.NEGATIVE_INFINITY;
                    weight[i] = 0;
                }
            }
            groups = gi.size();
        }
    }

    private CureFitter() {}

    /** Fits the model; {@code start} (may be null) warm-starts the optimiser, {@code weights} (may be null) weight runs. */
    public static CureModel fit(Basis basis, List<RunRecord> runs, double[] weights, Penalty penalty, double[] start) {
        Data data = new Data(basis, runs, weights);
        double[] theta = start != null ? start.clone() : initial(data);
        Objective f = new Objective(data, penalty);
        theta = newton(f, theta);
        return CureModel.of(basis, theta);
    }

    /**
     * Levenberg–Marquardt-damped Newton: the exact Hessian (per run, a 3×3 block in (η, μ, ln σ) by
     * differences of the exact gradient, spread over the design) makes the fit converge in tens of
     * iterations where first-order methods need thousands on these ill-conditioned likelihoods.
     */
    /** Runs the Newton steps' Hessian is estimated from (the gradient always uses every run). */
    static final int NEWTON_HESSIAN_RUNS = 4000;
    static final boolean DEBUG = Boolean.getBoolean("lc.debug");

    static double[] newton(Objective f, double[] start) {
        int dim = start.length;
        double[] theta = start.clone();
        double[] grad = new double[dim];
        double value = f.g(theta, grad);
        double damping = 1e-3;
        for (int it = 0; it < 200; it++) {
            double[][] h = f.hessian(theta, NEWTON_HESSIAN_RUNS);
            double scale = 0;
            for (int j = 0; j < dim; j++) scale = Math.max(scale, Math.abs(h[j][j]));
            boolean moved = false;
            while (damping < 1e12) {
                double[][] a = new double[dim][];
                for (int j = 0; j < dim; j++) {
                    a[j] = h[j].clone();
                    a[j][j] += damping * Math.max(1, scale) * 1e-6 + damping;
                }
                double[] step = Linear.solveSpd(a, grad);
                if (step == null) {
                    damping *= 10;
                    continue;
                }
                double[] next = theta.clone();
                for (int j = 0; j < dim; j++) next[j] -= step[j];
                double[] g2 = new double[dim];
                double v2 = f.g(next, g2);
                if (Double.isFinite(v2) && v2 <= value) {
                    double gain = value - v2;
                    theta = next;
                    grad = g2;
                    value = v2;
                    damping = Math.max(1e-9, damping / 4);
                    moved = true;
                    if (gain < 1e-9 * (1 + Math.abs(value))) return theta;
                    break;
                }
                damping *= 4;
            }
            if (!moved) return theta;
            double gmax = 0;
            for (double g : grad) gmax = Math.max(gmax, Math.abs(g));
            if (DEBUG) System.err.printf("newton it %d value %.6f gmax %.3e damping %.1e%n", it, value, gmax, damping);
            if (gmax < 1e-7 * (1 + Math.abs(value) / Math.max(1, f.data.n))) return theta;
        }
        return theta;
    }

    /** A start: intercepts from the corpus (share that ever learned, median and spread of ln T), all slopes 0. */
    static double[] initial(Data data) {
        double[] theta = new double[2 * data.p + data.q];
        double learned = 0, total = 0, sum = 0, sum2 = 0;
        for (int i = 0; i < data.n; i++) {
            total += data.weight[i];
            if (data.type[i] == LEARNED) {
                learned += data.weight[i];
                sum += data.weight[i] * data.logHi[i];
                sum2 += data.weight[i] * data.logHi[i] * data.logHi[i];
            }
        }
        double share = (learned + 0.5) / (total + 1);
        theta[0] = Math.log(share / (1 - share)) + 0.5;
        double mean = learned > 0 ? sum / learned : 8;
        double var = learned > 1 ? Math.max(1e-2, sum2 / learned - mean * mean) : 1;
        theta[data.p] = mean;
        theta[2 * data.p] = Math.log(Math.sqrt(var) * Math.sqrt(3) / Math.PI);
        return theta;
    }

    /**
     * Penalised negative log-likelihood and its gradient. Large corpora are summed in two parallel
     * halves (fixed split, fixed order of the partial sums): the result is the same on every run.
     */
    static final class Objective implements DifferentiableMultivariateFunction {
        private static final long serialVersionUID = 1L;
        final transient Data data;
        final Penalty penalty;
        double[] bestTheta;
        double bestValue = Double.POSITIVE_INFINITY;

        Objective(Data data, Penalty penalty) {
            this.data = data;
            this.penalty = penalty;
        }

        @Override
        public double f(double[] theta) {
            return g(theta, null);
        }

        @Override
        public double g(double[] theta, double[] gradient) {
            int dim = theta.length;
            int chunks = data.n >= 4000 ? 2 : 1;
            double[][] grads = new double[chunks][gradient == null ? 0 : dim];
            double[] values = new double[chunks];
            IntStream.range(0, chunks).parallel().forEach(c -> {
                int from = (int) ((long) data.n * c / chunks), to = (int) ((long) data.n * (c + 1) / chunks);
                values[c] = accumulate(theta, from, to, gradient == null ? null : grads[c], null);
            });
            double value = 0;
            for (int c = 0; c < chunks; c++) value += values[c];
            if (gradient != null) {
                java.util.Arrays.fill(gradient, 0);
                for (int c = 0; c < chunks; c++) for (int j = 0; j < dim; j++) gradient[j] += grads[c][j];
            }
            value += penalty(theta, gradient);
            if (Double.isFinite(value) && value < bestValue) {
                bestValue = value;
                bestTheta = theta.clone();
            }
            return value;
        }

        double penalty(double[] theta, double[] gradient) {
            int p = data.p;
            double v = 0;
            for (int j = 1; j < p; j++) {
                v += 0.5 * penalty.pi() * theta[j] * theta[j];
                if (gradient != null) gradient[j] += penalty.pi() * theta[j];
                v += 0.5 * penalty.mu() * theta[p + j] * theta[p + j];
                if (gradient != null) gradient[p + j] += penalty.mu() * theta[p + j];
            }
            for (int j = 1; j < data.q; j++) {
                v += 0.5 * penalty.sigma() * theta[2 * p + j] * theta[2 * p + j];
                if (gradient != null) gradient[2 * p + j] += penalty.sigma() * theta[2 * p + j];
            }
            // a weak prior keeps σ away from 0 and ∞ when a corpus cannot pin it (e.g. every run learns at once)
            double ls = theta[2 * p];
            v += 0.5 * 0.01 * ls * ls;
            if (gradient != null) gradient[2 * p] += 0.01 * ls;
            return v;
        }

        /** The Hessian of the penalised objective at {@code theta}. */
        double[][] hessian(double[] theta) { return hessian(theta, Integer.MAX_VALUE); }

        /**
         * The Hessian, with the likelihood part estimated from an evenly spaced subset of at most
         * {@code maxRuns} runs (scaled up): Newton's steps only need its shape, the exact gradient decides
         * where they end, and on large corpora the full Hessian costs more than everything else.
         */
        double[][] hessian(double[] theta, int maxRuns) {
            int dim = theta.length;
            int stride = Math.max(1, (data.n + maxRuns - 1) / Math.max(1, maxRuns));
            int chunks = data.n / stride >= 2000 ? 2 : 1;
            double[][][] parts = new double[chunks][][];
            IntStream.range(0, chunks).parallel().forEach(c -> {
                int from = (int) ((long) data.n * c / chunks), to = (int) ((long) data.n * (c + 1) / chunks);
                parts[c] = hessianPart(theta, from, to, stride);
            });
            double[][] h = parts[0];
            for (int c = 1; c < chunks; c++) for (int a = 0; a < dim; a++) for (int b = 0; b < dim; b++) h[a][b] += parts[c][a][b];
            if (stride > 1) for (double[] row : h) for (int b = 0; b < dim; b++) row[b] *= stride;
            for (int a = 0; a < dim; a++) for (int b = 0; b < a; b++) h[a][b] = h[b][a];
            int p = data.p;
            for (int j = 1; j < p; j++) {
                h[j][j] += penalty.pi();
                h[p + j][p + j] += penalty.mu();
            }
            for (int j = 1; j < data.q; j++) h[2 * p + j][2 * p + j] += penalty.sigma();
            h[2 * p][2 * p] += 0.01;
            return h;
        }

        /** Upper triangle of Σ w·Dᵀ(−∇²ℓ)D over runs [from, to). */
        private double[][] hessianPart(double[] theta, int from, int to, int stride) {
            int p = data.p, q = data.q, dim = theta.length;
            double[][] h = new double[dim][dim];
            double[] t0 = new double[4], t1 = new double[4];
            double[][] w = new double[3][3];
            final double e = 1e-5;
            for (int i = from - from % stride + (from % stride == 0 ? 0 : stride); i < to; i += stride) {
                double[] d = data.d[i], s = data.s[i];
                double eta = 0, mu = 0, ls = 0;
                for (int j = 0; j < p; j++) {
                    eta += theta[j] * d[j];
                    mu += theta[p + j] * d[j];
                }
                for (int j = 0; j < q; j++) ls += theta[2 * p + j] * s[j];
                for (int k = 0; k < 3; k++) {
                    double[] x = {eta, mu, ls};
                    x[k] += e;
                    runTerms(data.type[i], data.logHi[i], data.logLo[i], x[0], x[1], x[2], t1);
                    x[k] -= 2 * e;
                    runTerms(data.type[i], data.logHi[i], data.logLo[i], x[0], x[1], x[2], t0);
                    for (int m = 0; m < 3; m++) w[k][m] = -(t1[m + 1] - t0[m + 1]) / (2 * e);
                }
                double wt = data.weight[i];
                double w00 = wt * w[0][0], w11 = wt * w[1][1], w01 = wt * 0.5 * (w[0][1] + w[1][0]);
                double w02 = wt * 0.5 * (w[0][2] + w[2][0]), w12 = wt * 0.5 * (w[1][2] + w[2][1]), w22 = wt * w[2][2];
                for (int a = 0; a < p; a++) {
                    double da = d[a];
                    if (da == 0) continue;
                    double[] ha = h[a], hpa = h[p + a];
                    for (int b = a; b < p; b++) {
                        double v = da * d[b];
                        ha[b] += w00 * v;
                        hpa[p + b] += w11 * v;
                    }
                    for (int b = 0; b < p; b++) ha[p + b] += w01 * da * d[b];
                    for (int b = 0; b < q; b++) {
                        ha[2 * p + b] += w02 * da * s[b];
                        hpa[2 * p + b] += w12 * da * s[b];
                    }
                }
                for (int a = 0; a < q; a++) for (int b = a; b < q; b++) h[2 * p + a][2 * p + b] += w22 * s[a] * s[b];
            }
            return h;
        }

        /**
         * Adds the negative log-likelihood of runs [from, to) and its gradient; when {@code perGroup}
         * is given, also each group's gradient (for the sandwich covariance).
         */
        double accumulate(double[] theta, int from, int to, double[] grad, double[][] perGroup) {
            int p = data.p, q = data.q;
            double nll = 0;
            double[] terms = new double[4];
            for (int i = from; i < to; i++) {
                double[] d = data.d[i], s = data.s[i];
                double eta = 0, mu = 0, ls = 0;
                for (int j = 0; j < p; j++) {
                    eta += theta[j] * d[j];
                    mu += theta[p + j] * d[j];
                }
                for (int j = 0; j < q; j++) ls += theta[2 * p + j] * s[j];
                double[] t = terms;
                runTerms(data.type[i], data.logHi[i], data.logLo[i], eta, mu, ls, t);
                double ll = t[0], dEta = t[1], dMu = t[2], dLs = t[3];
                double w = data.weight[i];
                nll -= w * ll;
                if (grad != null) {
                    for (int j = 0; j < p; j++) {
                        grad[j] -= w * dEta * d[j];
                        grad[p + j] -= w * dMu * d[j];
                    }
                    for (int j = 0; j < q; j++) grad[2 * p + j] -= w * dLs * s[j];
                }
                if (perGroup != null) {
                    double[] g = perGroup[data.group[i]];
                    for (int j = 0; j < p; j++) {
                        g[j] -= w * dEta * d[j];
                        g[p + j] -= w * dMu * d[j];
                    }
                    for (int j = 0; j < q; j++) g[2 * p + j] -= w * dLs * s[j];
                }
            }
            return nll;
        }
    }

    /**
     * Parameter draws from the cluster-robust (by config group) sandwich covariance of the penalised
     * estimate, H⁻¹ J H⁻¹, with H the Hessian of the penalised objective and J the sum of outer products
     * of per-group scores. They express how much the fitted model would move with another corpus of the same kind; forecasts made with each draw give
     * the probability interval. Deterministic given the seed.
     */
    public static List<double[]> draws(CureModel model, List<RunRecord> runs, Penalty penalty, int count, long seed) {
        Basis basis = model.basis();
        Data data = new Data(basis, runs, null);
        Objective f = new Objective(data, penalty);
        double[] theta = model.theta();
        int dim = theta.length;
        double[][] h = f.hessian(theta);
        double[][] perGroup = new double[data.groups][dim];
        f.accumulate(theta, 0, data.n, null, perGroup);
        double[][] jm = new double[dim][dim];
        for (double[] g : perGroup) for (int a = 0; a < dim; a++) {
            if (g[a] == 0) continue;
            for (int b = 0; b < dim; b++) jm[a][b] += g[a] * g[b];
        }
        double[][] hInv = Linear.inverseSpd(h);
        double[][] cov = Linear.multiply(Linear.multiply(hInv, jm), hInv);
        // small-sample inflation: G/(G − 1), as for cluster-robust errors
        double inflate = data.groups > 1 ? (double) data.groups / (data.groups - 1) : 1;
        for (double[] row : cov) for (int b = 0; b < dim; b++) row[b] *= inflate;
        double[][] chol = Linear.choleskyLower(cov);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        List<double[]> out = new ArrayList<>();
        java.util.Random gauss = new java.util.Random(rnd.nextLong());
        for (int s = 0; s < count; s++) {
            double[] z = new double[dim];
            for (int j = 0; j < dim; j++) z[j] = gauss.nextGaussian();
            double[] t = theta.clone();
            for (int a = 0; a < dim; a++) {
                double v = 0;
                for (int b = 0; b <= a; b++) v += chol[a][b] * z[b];
                t[a] += v;
            }
            out.add(t);
        }
        return out;
    }

    /**
     * One run's log-likelihood and its derivatives by η (logit π), μ and ln σ, written into
     * {@code out = {ℓ, ∂ℓ/∂η, ∂ℓ/∂μ, ∂ℓ/∂ln σ}}. {@code type}: 0 learned in (e^logLo, e^logHi],
     * 1 not learned by e^logHi, 2 diverged.
     */
    static void runTerms(int type, double logHi, double logLo, double eta, double mu, double ls, double[] out) {
        eta = clamp(eta, 40);
        ls = Math.max(-6, Math.min(4, ls));
        double sigma = Math.exp(ls);
        double dEta, dMu, dLs, ll;
        double logPi = -softplus(-eta), log1mPi = -softplus(eta);
        double pi = Math.exp(logPi);
        switch (type) {
            case LEARNED -> {
                double z2 = clamp((logHi - mu) / sigma, 60);
                dEta = 1 - pi;
                if (logLo == Double.NEGATIVE_INFINITY) {
                    ll = logPi - softplus(-z2);
                    double oneMinusF = sigmoid(-z2);
                    dMu = -oneMinusF / sigma;
                    dLs = -z2 * oneMinusF;
                } else {
                    double z1 = clamp((logLo - mu) / sigma, 60);
                    double gap = (logHi - logLo) / sigma;
                    double logGap = Math.log(-Math.expm1(-gap));
                    ll = logPi - softplus(-z2) - softplus(z1) + logGap;
                    double a = Math.exp(-softplus(z2) + softplus(z1) - logGap);   // f(z2)/D
                    double b = Math.exp(-softplus(-z1) + softplus(-z2) - logGap); // f(z1)/D
                    dMu = -(a - b) / sigma;
                    dLs = -(a * z2 - b * z1);
                }
            }
            case CENSORED -> {
                double z = clamp((logHi - mu) / sigma, 60);
                double logF = -softplus(-z), log1mF = -softplus(z);
                // 1 − π·F = (1 − π) + π·(1 − F), summed in log space
                double x1 = log1mPi, x2 = logPi + log1mF;
                double m = Math.max(x1, x2);
                double log1mQ = m + Math.log(Math.exp(x1 - m) + Math.exp(x2 - m));
                ll = log1mQ;
                double f = Math.exp(logF + log1mF); // F(1 − F)
                double r = Math.exp(logPi - log1mQ); // π / (1 − πF)
                dEta = -(1 - pi) * Math.exp(logF) * r;
                dMu = r * f / sigma;
                dLs = r * f * z;
            }
            default -> {
                ll = log1mPi;
                dEta = -pi;
                dMu = 0;
                dLs = 0;
            }
        }
        out[0] = ll;
        out[1] = dEta;
        out[2] = dMu;
        out[3] = dLs;
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }

    private static double clamp(double v, double m) {
        return v > m ? m : v < -m ? -m : v;
    }
}
