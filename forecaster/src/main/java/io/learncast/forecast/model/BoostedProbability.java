package io.learncast.forecast.model;

/** The boosted structured model as a {@link ProbabilityModel}. */
public record BoostedProbability(BoostedCure model) implements ProbabilityModel {
    @Override public String name() { return "cure+trees"; }

    @Override public double probability(double[] x) { return model.probability(x); }
}
