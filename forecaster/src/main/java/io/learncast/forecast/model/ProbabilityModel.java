package io.learncast.forecast.model;

/**
 * A fitted model of P(learned within the row's budget) for a feature row
 * ({@link io.learncast.forecast.features.Features#ALL}). Implementations are immutable and safe for
 * many threads.
 */
public interface ProbabilityModel {

    /** A short name, e.g. {@code cure}, {@code gbt}. */
    String name();

    double probability(double[] x);

    default double[] probabilities(double[][] x) {
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) p[i] = probability(x[i]);
        return p;
    }
}
