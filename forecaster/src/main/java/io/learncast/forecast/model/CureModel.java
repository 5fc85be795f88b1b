package io.learncast.forecast.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.forecast.features.Features;

/**
 * The structured model of steps-to-learn T (the confirmation step) of a config: a mixture cure model
 * with a log-logistic time to learn.
 *
 * <pre>
 *   P(T ≤ B | x) = π(x) · F((ln B − μ(x)) / σ(x)),    F(z) = 1 / (1 + e^(−z))
 *   logit π(x) = α · d(x)      the probability that the config learns at all
 *   μ(x)       = β · d(x)      the median ln T of the configs that learn
 *   ln σ(x)    = γ · s(x)      the spread of ln T (per task kind)
 * </pre>
 *
 * {@code d(x)} is the {@link Basis} design of the config features. P never decreases as B grows, the
 * budget enters only through ln B (so derived compute such as lr·wd·B or epochs is implied by the
 * log-linear terms), and steps-to-learn quantiles come from the same fit: median e^μ, quantile q at
 * e^(μ + σ·logit q). Fitted by maximum likelihood with censoring ({@link CureFitter}).
 */
public record CureModel(@JsonProperty("basis") Basis basis,
                        @JsonProperty("alpha") double[] alpha,
                        @JsonProperty("beta") double[] beta,
                        @JsonProperty("gamma") double[] gamma) {

    public static final double LN2 = Math.log(2);

    /**
     * The quantities a config's forecast needs; budget-free. The log-logistic describes the step R at
     * which the property is reached; it is confirmed {@code offset = hold·evalEvery} steps later, so
     * T = R + offset and nothing is learned within {@code offset} steps.
     */
    public record State(double logitEver, double mu, double sigma, double offset) {
        public double pEver() { return sigmoid(logitEver); }

        /** P(T ≤ B). */
        public double pWithin(double budget) {
            if (budget <= offset) return 0;
            return pEver() * sigmoid((Math.log(budget - offset) - mu) / sigma);
        }

        /** Quantile q of T among the runs of this config that learn. */
        public double stepsQuantile(double q) { return offset + Math.exp(mu + sigma * Math.log(q / (1 - q))); }
    }

    /** A config's design, computed once and evaluated under many parameter vectors (the draws). */
    public record Design(double[] d, double[] s, double offset) {
        public static Design of(Basis basis, double[] config) {
            double[] d = basis.design(config);
            double[] s = new double[basis.sigmaSize()];
            basis.sigmaDesign(config, d, s);
            return new Design(d, s, config[Features.HOLD_STEPS]);
        }

        /** The state under {@code theta}, plus tree corrections {Δη, Δμ}. */
        public State state(double[] theta, double[] corrections) {
            State st = CureModel.state(theta, d, s, offset);
            return new State(st.logitEver() + corrections[0], st.mu() + corrections[1], st.sigma(), offset);
        }
    }

    public static CureModel of(Basis basis, double[] theta) {
        int p = basis.size();
        double[] a = new double[p], b = new double[p], g = new double[basis.sigmaSize()];
        System.arraycopy(theta, 0, a, 0, p);
        System.arraycopy(theta, p, b, 0, p);
        System.arraycopy(theta, 2 * p, g, 0, g.length);
        return new CureModel(basis, a, b, g);
    }

    @JsonIgnore
    public double[] theta() {
        double[] t = new double[alpha.length + beta.length + gamma.length];
        System.arraycopy(alpha, 0, t, 0, alpha.length);
        System.arraycopy(beta, 0, t, alpha.length, beta.length);
        System.arraycopy(gamma, 0, t, 2 * alpha.length, gamma.length);
        return t;
    }

    public State state(double[] config) {
        double[] d = basis.design(config);
        double[] s = new double[basis.sigmaSize()];
        basis.sigmaDesign(config, d, s);
        return state(d, s, config[Features.HOLD_STEPS]);
    }

    /** The state under parameters {@code theta} (e.g. a draw), from a precomputed design {@code d} and σ design {@code s}. */
    public static State state(double[] theta, double[] d, double[] s, double offset) {
        int p = d.length;
        double eta = 0, mu = 0, ls = 0;
        for (int j = 0; j < p; j++) {
            eta += theta[j] * d[j];
            mu += theta[p + j] * d[j];
        }
        for (int j = 0; j < s.length; j++) ls += theta[2 * p + j] * s[j];
        return new State(eta, mu, Math.exp(Math.max(-6, Math.min(4, ls))), offset);
    }

    public State state(double[] d, double[] s, double offset) {
        double eta = dot(alpha, d);
        double mu = dot(beta, d);
        double ls = dot(gamma, s);
        return new State(eta, mu, Math.exp(Math.max(-6, Math.min(4, ls))), offset);
    }

    /** P(learned within the row's budget) for a full feature row ({@link Features#ALL}). */
    public double probability(double[] x) {
        double budget = Math.pow(2, x[Features.N_CONFIG]);
        return state(x).pWithin(budget);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double sigmoid(double z) {
        return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
    }
}
