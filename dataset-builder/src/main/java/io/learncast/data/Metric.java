package io.learncast.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.learncast.common.UserError;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a property measures on a curve point, and in which direction "better" lies. */
public enum Metric {
    TEST_ACC("test accuracy", true),
    TRAIN_ACC("train accuracy", true),
    TEST_LOSS("test loss", false);

    private final String label;
    private final boolean higherIsBetter;

    Metric(String label, boolean higherIsBetter) {
        this.label = label;
        this.higherIsBetter = higherIsBetter;
    }

    public String label() { return label; }

    @JsonValue
    public String key() { return name().toLowerCase(Locale.ROOT); }

    public boolean higherIsBetter() { return higherIsBetter; }

    public double value(CurvePoint p) {
        return switch (this) {
            case TEST_ACC -> p.testAcc();
            case TRAIN_ACC -> p.trainAcc();
            case TEST_LOSS -> p.testLoss();
        };
    }

    public boolean meets(double value, double threshold) {
        return higherIsBetter ? value >= threshold : value <= threshold;
    }

    @JsonCreator
    public static Metric fromJson(String text) { return parse(text, "metric"); }

    public static Metric parse(String text, String where) {
        for (Metric m : values()) {
            if (m.key().equalsIgnoreCase(text.trim()) || m.label.equalsIgnoreCase(text.trim())) return m;
        }
        throw new UserError(where, "unknown metric '" + text + "'",
                "allowed: " + Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", ")));
    }
}
