package io.learncast.forecast.grow;

import io.learncast.common.UserError;

import java.util.Locale;

/** How a round picks its configs: where the forecaster is least sure, or uniformly at random (the baseline). */
public enum Strategy {
    UNCERTAINTY, RANDOM;

    public String key() { return name().toLowerCase(Locale.ROOT); }

    public static Strategy parse(String s, String where) {
        for (Strategy x : values()) if (x.key().equalsIgnoreCase(s == null ? "" : s.trim())) return x;
        throw new UserError(where, "unknown strategy '" + s + "'", "uncertainty or random");
    }
}
