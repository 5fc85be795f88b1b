package io.learncast.farm.store;

import java.util.Locale;

/**
 * A knob a phase diagram can put on an axis (an allow-list: the store maps each to a fixed column
 * expression). Continuous knobs are binned: {@link Kind#LOG} in {@code perUnit} bins per decade,
 * {@link Kind#LINEAR} in bins {@code 1/perUnit} wide; a bin is a whole number and {@link #low}/{@link #high}
 * give its edges. {@link Kind#DISCRETE} knobs are their own bins.
 */
public enum PhaseAxis {
    WIDTH("width", Kind.DISCRETE, 1),
    DEPTH("depth", Kind.DISCRETE, 1),
    LR("lr", Kind.LOG, 4),
    WD("wd", Kind.LOG, 2),
    TRAIN_FRAC("train_frac", Kind.LINEAR, 20),
    N_TRAIN("n_train", Kind.LOG, 4),
    BATCH("batch", Kind.DISCRETE, 1),
    LABEL_NOISE("label_noise", Kind.LINEAR, 20),
    INIT_SCALE("init_scale", Kind.LOG, 4),
    STEPS("steps", Kind.DISCRETE, 1);

    public enum Kind { DISCRETE, LOG, LINEAR }

    /** The bin of a zero (or negative) value on a log axis, e.g. wd = 0. */
    public static final double ZERO_BIN = -1000;

    private final String key;
    private final Kind kind;
    private final int perUnit;

    PhaseAxis(String key, Kind kind, int perUnit) {
        this.key = key;
        this.kind = kind;
        this.perUnit = perUnit;
    }

    public String key() { return key; }

    public Kind kind() { return kind; }

    public int perUnit() { return perUnit; }

    /** The lower edge of a bin (the value itself for a discrete knob). */
    public double low(double bin) {
        return switch (kind) {
            case DISCRETE -> bin;
            case LOG -> bin == ZERO_BIN ? 0 : Math.pow(10, bin / perUnit);
            case LINEAR -> bin / perUnit;
        };
    }

    /** The upper edge of a bin (the value itself for a discrete knob). */
    public double high(double bin) {
        return kind == Kind.DISCRETE || bin == ZERO_BIN ? low(bin) : low(bin + 1);
    }

    /** A bin's label for people: the value, or its range. */
    public String label(double bin) {
        if (kind == Kind.DISCRETE) return bin == Math.rint(bin) ? Long.toString((long) bin) : Double.toString(bin);
        if (bin == ZERO_BIN) return "0";
        return fmt(low(bin)) + "–" + fmt(high(bin));
    }

    private static String fmt(double v) {
        if (v == 0) return "0";
        if (v >= 0.01 && v < 10_000) return String.format(Locale.ROOT, "%.3g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        return String.format(Locale.ROOT, "%.2g", v).replace("e-0", "e-").replace("e+0", "e").replace("e+", "e");
    }

    /** The axis with this key (e.g. {@code lr}), or null. */
    public static PhaseAxis of(String key) {
        for (PhaseAxis a : values()) if (a.key.equals(key)) return a;
        return null;
    }
}
