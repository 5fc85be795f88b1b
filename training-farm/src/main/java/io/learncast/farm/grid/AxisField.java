package io.learncast.farm.grid;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The config fields a grid can vary, as a spec names them, in the order a spec expands them
 * (size, hyperparameters, data). The task (from {@code property.task}) is an axis too, so one spec
 * can cover several task sizes.
 */
public enum AxisField {
    TASK("task", Kind.TEXT, "a task, e.g. modadd:p=97 (run `learncast tasks`)"),
    DEPTH("depth", Kind.INT, "hidden layers, 1–4"),
    WIDTH("width", Kind.INT, "hidden units per layer, 1–4096"),
    ACTIVATION("activation", Kind.TEXT, "relu, tanh, gelu or quadratic"),
    INIT_SCALE("init_scale", Kind.REAL, "a positive multiplier of the 1/√fan-in init standard deviation, e.g. 1"),
    OPTIMIZER("optimizer", Kind.TEXT, "sgd, adam or adamw"),
    LR("lr", Kind.REAL, "a positive learning rate, e.g. 1e-3"),
    WD("wd", Kind.REAL, "a weight decay ≥ 0, e.g. 1"),
    BATCH("batch", Kind.INT, "a batch size ≥ 1, or full"),
    TRAIN_FRAC("train_frac", Kind.REAL, "a train fraction in (0, 1]"),
    N_TRAIN("n_train", Kind.INT, "a number of training examples ≥ 1"),
    LABEL_NOISE("label_noise", Kind.REAL, "a fraction of corrupted training labels in [0, 1)"),
    TEST_SIZE("test_size", Kind.INT, "a cap on the test set ≥ 1");

    /** What values an axis holds: whole numbers (ranges round), real numbers, or names. */
    public enum Kind { INT, REAL, TEXT }

    private final String key;
    private final Kind kind;
    private final String allowed;

    AxisField(String key, Kind kind, String allowed) {
        this.key = key;
        this.kind = kind;
        this.allowed = allowed;
    }

    /** The key in the spec, e.g. {@code init_scale}. */
    public String key() { return key; }

    public Kind kind() { return kind; }

    /** What a value may be, for error messages. */
    public String allowed() { return allowed; }

    public boolean numeric() { return kind != Kind.TEXT; }

    /** Where the axis sits in a spec: {@code property.task} or {@code axes.<key>}. */
    public String path() { return this == TASK ? "property.task" : "axes." + key; }

    /** The axes that may appear under {@code axes:} (the task comes from {@code property.task}). */
    public static List<AxisField> specAxes() {
        return Arrays.stream(values()).filter(f -> f != TASK).toList();
    }

    public static Optional<AxisField> byKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.key.equals(k)).findFirst();
    }

    static String specAxisKeys() {
        return specAxes().stream().map(AxisField::key).collect(Collectors.joining(", ")) + ", budgets";
    }
}
