package io.learncast.eval.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A point estimate with a (bootstrap) interval. */
public record Interval(@JsonProperty("value") double value, @JsonProperty("low") double low, @JsonProperty("high") double high) {
    public static Interval point(double v) { return new Interval(v, Double.NaN, Double.NaN); }

    public String format() {
        if (Double.isNaN(low)) return String.format(java.util.Locale.ROOT, "%.3f", value);
        return String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]", value, low, high);
    }
}
