package io.learncast.farm.grid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * One dimension of a grid: a list of values, or a range. A range with {@code n} is n evenly spaced
 * values (on a log or linear scale); without {@code n} it is continuous and only random, Sobol and
 * Latin-hypercube sampling can use it. Values are {@code Integer} (whole-number axes; batch 0 = full),
 * {@code Double} or {@code String}. Range values are rounded — whole-number axes to integers, real
 * ones to {@value #SIGNIFICANT} significant digits — with {@link StrictMath}, so a spec expands to
 * the same configs (and config hashes) on every machine.
 */
public sealed interface Axis permits Axis.Levels, Axis.Range {

    int SIGNIFICANT = 4;

    Knob<?> field();

    /** Where the axis sits in a spec: {@code property.task} or {@code axes.<key>}. */
    static String path(Knob<?> k) { return k == KnobCatalogue.TASK ? "property.task" : "axes." + k.key(); }

    /** True for a list or a range with n: the axis has finitely many values. */
    boolean discrete();

    /** The values of a discrete axis, in order, without duplicates; empty for a continuous range. */
    List<Object> levels();

    /** The value at {@code u} ∈ [0, 1]: the ⌊u·k⌋-th of k levels, or the point u along a continuous range. */
    Object at(double u);

    /** Whether more than one value is possible (single-valued axes are constants and take no sampling dimension). */
    default boolean varies() { return !discrete() || levels().size() > 1; }

    /** The axis as plain data (for the spec hash and for printing). */
    Object canonical();

    /** A list of values. */
    record Levels(Knob<?> field, List<Object> values) implements Axis {
        public Levels {
            values = List.copyOf(new LinkedHashSet<>(values));
        }

        @Override public boolean discrete() { return true; }

        @Override public List<Object> levels() { return values; }

        @Override public Object at(double u) { return pick(values, u); }

        @Override public Object canonical() { return values; }
    }

    /** A range {@code {log|lin: [low, high], n: k}} of a numeric axis. */
    record Range(Knob<?> field, boolean log, double low, double high, Integer n) implements Axis {

        @Override public boolean discrete() { return n != null; }

        @Override
        public List<Object> levels() {
            if (n == null) return List.of();
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            for (int i = 0; i < n; i++) out.add(value(n == 1 ? 0 : i / (double) (n - 1)));
            return List.copyOf(out);
        }

        @Override
        public Object at(double u) {
            return n == null ? value(u) : pick(levels(), u);
        }

        /** The (rounded) value at fraction {@code u} of the way from low to high on this range's scale. */
        public Object value(double u) {
            double v;
            if (u <= 0) v = low;
            else if (u >= 1) v = high;
            else if (log) v = StrictMath.exp(StrictMath.log(low) + u * (StrictMath.log(high) - StrictMath.log(low)));
            else v = low + u * (high - low);
            v = Math.min(high, Math.max(low, v));
            return field.type() == Knob.Type.INT ? (Object) (int) Math.round(v) : (Object) round(v);
        }

        @Override
        public Canonical canonical() { return log ? new Canonical(null, List.of(low, high), n) : new Canonical(List.of(low, high), null, n); }

        /** {@code {log|lin: [low, high], n: k}} as a spec writes it (keys in alphabetical order, as the spec hash has them). */
        @JsonPropertyOrder(alphabetic = true)
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public record Canonical(@JsonProperty("lin") List<Double> lin, @JsonProperty("log") List<Double> log, @JsonProperty("n") Integer n) {}
    }

    /** Rounds to {@value #SIGNIFICANT} significant digits, so generated values read well and hash the same everywhere. */
    static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) return v;
        return new BigDecimal(v).round(new MathContext(SIGNIFICANT)).doubleValue();
    }

    private static Object pick(List<Object> values, double u) {
        int k = values.size();
        int i = (int) Math.floor(u * k);
        return values.get(Math.max(0, Math.min(k - 1, i)));
    }

    /** Values as people write them: batch 0 is "full". */
    static String show(Knob<?> f, Object v) {
        if (f.fullMeansZero() && Integer.valueOf(0).equals(v)) return "full";
        if (v instanceof Double d) return show(d);
        return String.valueOf(v);
    }

    /** A number as people write it: 512, 0.3, 0.0003, 1e-07. */
    static String show(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
        if (Math.abs(d) >= 1e-4 && Math.abs(d) < 1e7) return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return Double.toString(d).toLowerCase(java.util.Locale.ROOT).replace(".0e", "e");
    }

    static List<String> show(Axis a) {
        List<String> out = new ArrayList<>();
        for (Object v : a.levels()) out.add(show(a.field(), v));
        return out;
    }
}
