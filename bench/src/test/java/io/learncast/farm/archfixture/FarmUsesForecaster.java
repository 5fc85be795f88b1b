package io.learncast.farm.archfixture;

/** Breaks "a module never uses one above it" on purpose: the farm reaching up into the forecaster. */
public final class FarmUsesForecaster {
    public static String describe(io.learncast.forecast.model.FittedForecaster f) { return f.toString(); }
}
