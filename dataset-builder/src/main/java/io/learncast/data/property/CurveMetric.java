package io.learncast.data.property;

import io.learncast.common.UserError;
import io.learncast.data.CurvePoint;
import io.learncast.data.Metric;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every number a stored curve point records, with its natural direction (≥ for accuracies, ≤ for
 * losses and the weight norm). CSV tasks record the same five (their curves are the trainers' curves).
 */
public enum CurveMetric {
    TRAIN_ACC(true),
    TEST_ACC(true),
    TRAIN_LOSS(false),
    TEST_LOSS(false),
    WEIGHT_NORM(false);

    private final boolean accuracy;

    CurveMetric(boolean accuracy) { this.accuracy = accuracy; }

    public String key() { return name().toLowerCase(Locale.ROOT); }

    /** Accuracies lie in [0, 1] and are better higher; losses and norms are ≥ 0. */
    public boolean accuracy() { return accuracy; }

    public double value(CurvePoint p) {
        return switch (this) {
            case TRAIN_ACC -> p.trainAcc();
            case TEST_ACC -> p.testAcc();
            case TRAIN_LOSS -> p.trainLoss();
            case TEST_LOSS -> p.testLoss();
            case WEIGHT_NORM -> p.weightNorm();
        };
    }

    /** The training property's metric with the same meaning, if there is one (runs can be trained for it). */
    public Optional<Metric> trainable() {
        return switch (this) {
            case TRAIN_ACC -> Optional.of(Metric.TRAIN_ACC);
            case TEST_ACC -> Optional.of(Metric.TEST_ACC);
            case TEST_LOSS -> Optional.of(Metric.TEST_LOSS);
            default -> Optional.empty();
        };
    }

    public static CurveMetric parse(String text, String where) {
        for (CurveMetric m : values()) if (m.key().equalsIgnoreCase(text.trim())) return m;
        throw new UserError(where, "unknown metric '" + text.trim() + "'",
                "a curve records " + Arrays.stream(values()).map(CurveMetric::key).collect(Collectors.joining(", ")));
    }
}
