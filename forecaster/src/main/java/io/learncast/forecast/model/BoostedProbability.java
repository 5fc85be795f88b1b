package io.learncast.forecast.model;

/** The boosted structured model as a {@link ProbabilityModel}. */
public record BoostedProbability(BoostedCure model) implements ProbabilityModel, FittedForecaster.TwoBudgets {
    @Override public String name() { return "cure+trees"; }

    @Override public double probability(double[] x) { return model.probability(x); }

    @Override
    public double[] probabilities(double[] x, long b0, long b1) {
        CureModel.State s = model.state(x);
        return new double[] {s.pWithin(b0), s.pWithin(b1)};
    }
}
