package io.learncast.forecast.model;

/** The structured model as a {@link ProbabilityModel}. */
public record CureProbability(CureModel model) implements ProbabilityModel {
    @Override public String name() { return "cure"; }

    @Override public double probability(double[] x) { return model.probability(x); }
}
