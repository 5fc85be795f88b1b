package io.learncast.forecast.judge;

import java.util.List;

/**
 * What the judge says about one checkpoint: P(the property holds now), P(it holds within {@code delta}
 * steps), the feature set it read ("full" or "weights"), and the measures that drove it: each one's value,
 * the corpus median, and how much P moves when that measure alone is set to the median (effect = P − P at median).
 */
public record Judgement(double pNow, double pWithin, long delta, String features, List<Driver> drivers) {
    public record Driver(String measure, double value, double median, double effectWithin, double effectNow) {}
}
