package io.learncast.farm.store;

import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.Knob.Bins;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.util.List;
import java.util.Locale;

/**
 * A knob a phase diagram can put on an axis: the catalogue's knobs declared with {@code phase(…)} (an
 * allow-list: the store bins each by its catalogue column, never by input). Continuous knobs are binned:
 * {@link Bins#LOG} in {@code perUnit} bins per decade, {@link Bins#LINEAR} in bins {@code 1/perUnit} wide;
 * a bin is a whole number and {@link #low}/{@link #high} give its edges. {@link Bins#DISCRETE} knobs are
 * their own bins.
 */
public final class PhaseAxis {
    private static final List<PhaseAxis> ALL = KnobCatalogue.phaseAxes().stream().map(PhaseAxis::new).toList();

    public static final PhaseAxis WIDTH = of(KnobCatalogue.WIDTH.key());
    public static final PhaseAxis DEPTH = of(KnobCatalogue.DEPTH.key());
    public static final PhaseAxis LR = of(KnobCatalogue.LR.key());
    public static final PhaseAxis WD = of(KnobCatalogue.WD.key());

    /** The bin of a zero (or negative) value on a log axis, e.g. wd = 0. */
    public static final double ZERO_BIN = -1000;

    private final Knob<?> knob;

    private PhaseAxis(Knob<?> knob) { this.knob = knob; }

    public String key() { return knob.key(); }

    /** The store column holding the knob (a catalogue constant). */
    public String column() { return knob.column(); }

    public Bins kind() { return knob.bins(); }

    public int perUnit() { return knob.binsPerUnit(); }

    /** Every axis, in catalogue order. */
    public static PhaseAxis[] values() { return ALL.toArray(new PhaseAxis[0]); }

    /** The lower edge of a bin (the value itself for a discrete knob). */
    public double low(double bin) {
        return switch (kind()) {
            case DISCRETE -> bin;
            case LOG -> bin == ZERO_BIN ? 0 : Math.pow(10, bin / perUnit());
            case LINEAR -> bin / perUnit();
        };
    }

    /** The upper edge of a bin (the value itself for a discrete knob). */
    public double high(double bin) {
        return kind() == Bins.DISCRETE || bin == ZERO_BIN ? low(bin) : low(bin + 1);
    }

    /** A bin's label for people: the value, or its range. */
    public String label(double bin) {
        if (kind() == Bins.DISCRETE) return bin == Math.rint(bin) ? Long.toString((long) bin) : Double.toString(bin);
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
        for (PhaseAxis a : ALL) if (a.key().equals(key)) return a;
        return null;
    }

    @Override public String toString() { return key(); }
}
