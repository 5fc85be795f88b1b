package io.learncast.farm.config.knob;

import io.learncast.common.UserError;
import io.learncast.farm.config.Components;
import io.learncast.farm.config.RunConfig;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One config knob, declared once in {@link KnobCatalogue}. Its {@link #key()} is the spec axis name, the
 * import/export field, the HTTP field, the split field and (unless overridden) the SQL column; its flag is
 * derived ({@code label_noise} → {@code --label-noise}). Errors about a knob name its key; front ends relocate
 * them to their own vocabulary through the catalogue.
 *
 * @param <T> the value's Java type ({@code Integer}, {@code Long}, {@code Double}, an enum, {@code String})
 */
public final class Knob<T> {

    /** What values a knob holds. */
    public enum Type { INT, LONG, REAL, CHOICE, TEXT }

    /** Which part of a config a knob belongs to. */
    public enum Group { PROPERTY, DATA, MODEL, OPTIMISER, BUDGET }

    /** The network families; a knob declares which it applies to, and a non-default value where it does not is an error. */
    public enum Arch {
        MLP, TRANSFORMER;

        @com.fasterxml.jackson.annotation.JsonValue
        public String key() { return name().toLowerCase(Locale.ROOT); }

        @com.fasterxml.jackson.annotation.JsonCreator
        public static Arch fromJson(String text) { return parse(text, "arch"); }

        public static Arch parse(String text, String where) {
            for (Arch a : values()) if (a.key().equalsIgnoreCase(text.trim())) return a;
            throw new UserError(where, "unknown architecture '" + text + "'", "allowed: mlp, transformer");
        }
    }

    /** How the forecaster encodes a knob as a feature. */
    public enum Encoding { NONE, LINEAR, LOG2, LOG10, ONE_HOT, BOOLEAN }

    /** How a phase diagram bins a knob on an axis: each value its own bin, bins per decade, or bins 1/perUnit wide. */
    public enum Bins { DISCRETE, LOG, LINEAR }

    /** Where {@code corpus export} writes the field: with what other tools are asked for, after the seed, or with learncast's own. */
    public enum Block { TOOLS, TOOLS_BUDGET, LEARNCAST, OWN }

    /** What a default rule sees: the values resolved so far (catalogue order) and the task's number of examples. */
    public interface Resolved {
        <V> V get(Knob<V> knob);

        boolean given(Knob<?> knob);

        /** The task's number of distinct examples (Long.MAX_VALUE when unbounded). */
        long universe();
    }

    private final String key;
    private final Type type;
    private final Class<T> javaType;
    private final Group group;
    private String flag;
    private String column;
    private String unit = "";
    private String help = "";
    private String noun;
    private String hint = "";
    private String allowed;
    private String defaultText;
    private String paramLabel;
    private T constant;
    private Function<Resolved, T> rule;
    private double low = Double.NEGATIVE_INFINITY, high = Double.POSITIVE_INFINITY;
    private boolean lowOpen, highOpen, ranged;
    private BiFunction<String, String, T> parser;
    private List<String> choices = List.of();
    private Set<Arch> arch = Collections.unmodifiableSet(EnumSet.allOf(Arch.class));
    private boolean axis = true, split = true, nullable, fullZero, legacy;
    private Encoding encoding = Encoding.NONE;
    private Block block = Block.LEARNCAST;
    private String component;
    private String flagAlone;
    private Bins bins;
    private int binsPerUnit;

    private Knob(String key, Type type, Class<T> javaType, Group group) {
        this.key = key;
        this.type = type;
        this.javaType = javaType;
        this.group = group;
        this.flag = "--" + key.replace('_', '-');
        this.column = key;
        this.noun = key.replace('_', ' ');
        this.component = camel(key);
    }

    private static String camel(String key) {
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char ch : key.toCharArray()) {
            if (ch == '_') up = true;
            else { sb.append(up ? Character.toUpperCase(ch) : ch); up = false; }
        }
        return sb.toString();
    }

    // --- declaration (used by KnobCatalogue only) ---

    static Knob<Integer> integer(String key, Group g) { return new Knob<>(key, Type.INT, Integer.class, g); }

    static Knob<Long> whole(String key, Group g) { return new Knob<>(key, Type.LONG, Long.class, g); }

    static Knob<Double> real(String key, Group g) { return new Knob<>(key, Type.REAL, Double.class, g); }

    static Knob<String> text(String key, Group g) { return new Knob<>(key, Type.TEXT, String.class, g); }

    static <E extends Enum<E>> Knob<E> choice(String key, Group g, Class<E> type, BiFunction<String, String, E> parser, Function<E, String> keyOf) {
        Knob<E> k = new Knob<>(key, Type.CHOICE, type, g);
        k.parser = parser;
        k.choices = java.util.Arrays.stream(type.getEnumConstants()).map(keyOf).toList();
        k.encoding = Encoding.ONE_HOT;
        return k;
    }

    Knob<T> flag(String f) { this.flag = f; return this; }

    Knob<T> column(String c) { this.column = c; return this; }

    Knob<T> unit(String u) { this.unit = u; return this; }

    Knob<T> help(String h) { this.help = h; return this; }

    /** How errors name a value: {@code "learning rate 5.0 is out of range"}. */
    Knob<T> noun(String n) { this.noun = n; return this; }

    /** What a valid value is, as error messages end: {@code (hidden units per layer, 1–4096)}. */
    Knob<T> hint(String h) { this.hint = h; return this; }

    /** What a value may be, when one of the wrong type is given (defaults to the hint). */
    Knob<T> allowed(String a) { this.allowed = a; return this; }

    Knob<T> defaultValue(T v) { this.constant = v; return this; }

    /** A default that depends on values earlier in the catalogue (or on the task). */
    Knob<T> defaultRule(Function<Resolved, T> r, String text) { this.rule = r; this.defaultText = text; return this; }

    /** A default shown in help text other than the constant's own spelling. */
    Knob<T> defaultText(String t) { this.defaultText = t; return this; }

    Knob<T> paramLabel(String l) { this.paramLabel = l; return this; }

    /** Valid values lie between low and high; open ends exclude the bound. */
    Knob<T> range(double low, boolean lowClosed, double high, boolean highClosed) {
        this.low = low;
        this.high = high;
        this.lowOpen = !lowClosed;
        this.highOpen = !highClosed;
        this.ranged = true;
        return this;
    }

    /** The knob may be unset (null), e.g. the training-set fraction when a size is given. */
    Knob<T> optional() { this.nullable = true; return this; }

    /** The text "full" stands for 0 (batch size: the whole training set). */
    Knob<T> meansFullAtZero() { this.fullZero = true; return this; }

    Knob<T> arch(Arch first, Arch... rest) { this.arch = Collections.unmodifiableSet(EnumSet.of(first, rest)); return this; }

    /** The value a flag given without one stands for (e.g. {@code --layer-norm} = on). */
    Knob<T> flagAlone(String value) { this.flagAlone = value; return this; }

    /** A phase diagram may put the knob on an axis, binned so. */
    Knob<T> phase(Bins b, int perUnit) { this.bins = b; this.binsPerUnit = perUnit; return this; }

    Knob<T> notAxis() { this.axis = false; return this; }

    Knob<T> notSplit() { this.split = false; return this; }

    Knob<T> feature(Encoding e) { this.encoding = e; return this; }

    Knob<T> export(Block b) { this.block = b; return this; }

    /** The record component holding the knob in its group's part, when not the key in camel case. */
    Knob<T> component(String name) { this.component = name; return this; }

    /** Part of the identity hashes' fixed legacy string; knobs added later hash as {@code |key=value} when not default. */
    Knob<T> legacy() { this.legacy = true; return this; }

    // --- what front ends read ---

    /** The key: spec axis, import/export field, HTTP field, split field. */
    public String key() { return key; }

    /** The command-line flag, e.g. {@code --init-scale}. */
    public String flag() { return flag; }

    /** The store's typed column. */
    public String column() { return column; }

    public Type type() { return type; }

    public Class<T> javaType() { return javaType; }

    public Group group() { return group; }

    public String unit() { return unit; }

    public String help() { return help; }

    public String hint() { return hint; }

    /** How errors name a value, e.g. "learning rate". */
    public String noun() { return noun; }

    /** What a value may be, for type errors. */
    public String allowed() { return allowed != null ? allowed : hint; }

    public String paramLabel() { return paramLabel; }

    public List<String> choices() { return choices; }

    public Set<Arch> arch() { return arch; }

    public boolean appliesTo(Arch a) { return arch.contains(a); }

    /** Whether a grid spec may vary it under {@code axes:}. */
    public boolean axis() { return axis; }

    /** Whether eval's splits and phase diagrams can select on it. */
    public boolean split() { return split; }

    /** The value the flag alone stands for, or null when the flag needs a value. */
    public String flagAlone() { return flagAlone; }

    /** How a phase diagram bins it, or null when it cannot be a phase axis. */
    public Bins bins() { return bins; }

    public int binsPerUnit() { return binsPerUnit; }

    /** Whether the knob declares a valid range (checked in every config). */
    public boolean ranged() { return ranged; }

    public boolean nullable() { return nullable; }

    public boolean fullMeansZero() { return fullZero; }

    public Encoding encoding() { return encoding; }

    public boolean isLegacy() { return legacy; }

    public Block block() { return block; }

    /** Numeric (ranges and log scales make sense). */
    public boolean numeric() { return type == Type.INT || type == Type.LONG || type == Type.REAL; }

    /** The constant default (null for rule defaults and knobs without one). */
    public T defaultConstant() { return constant; }

    /** The default as help text shows it. */
    public String defaultText() {
        if (defaultText != null) return defaultText;
        if (constant == null) return null;
        return show(constant);
    }

    /** The default for a partly resolved config. */
    public T defaultFor(Resolved r) { return rule != null ? rule.apply(r) : constant; }

    /** The record component of {@link RunConfig#part} that holds this knob ({@code label_noise} → {@code labelNoise}). */
    public String component() { return component; }

    /** This knob's value in a config. */
    public T get(RunConfig c) { return javaType.cast(Components.get(c.part(group), component)); }

    /** This knob's value in a part of its group. */
    public T getIn(Record part) { return javaType.cast(Components.get(part, component)); }

    /** Checks a value of this knob's type against its range (as {@link #check}, for a value typed as Object). */
    public void checkValue(Object v) { check(javaType.cast(v)); }

    /** Checks this knob's value in a part of its group (every config's constructor does, for every knob). */
    public void checkIn(Record part) { check(getIn(part)); }

    /** A config with this knob changed (validated as any config). */
    public RunConfig with(RunConfig c, T value) { return KnobValues.of(c).with(this, value).buildLike(c); }

    /** A value as people write it: batch 0 is "full", choices by key, numbers as Java prints them. */
    public String show(Object v) {
        if (v == null) return "none";
        if (fullZero && Integer.valueOf(0).equals(v)) return "full";
        if (v instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT);
        return String.valueOf(v);
    }

    /** Checks the knob's own range; the error names the key and says what is allowed. */
    public void check(T v) {
        if (!ranged || v == null) return;
        double d = ((Number) v).doubleValue();
        boolean ok = Double.isFinite(d) && (lowOpen ? d > low : d >= low) && (highOpen ? d < high : d <= high);
        if (!ok) throw new UserError(key, noun + " " + v + " is out of range", hint);
    }

    /**
     * A value a user typed (flag, record field, JSON field): as {@link #coerce}, and a batch size below 1
     * is refused (0 is only how a config stores "full").
     */
    public T input(Object v, String where) {
        if (fullZero && v instanceof Number n && n.longValue() < 1) {
            throw new UserError(where, noun + " " + n.longValue() + " is less than 1", "a positive number of examples, or full");
        }
        return coerce(v, where);
    }

    /**
     * Converts a value as a front end has it (a number of any width, or text) to the knob's type; text is
     * parsed (choices by name, "full" for batch). Errors are located at {@code where}.
     */
    public T coerce(Object v, String where) {
        if (v == null) return null;
        if (javaType.isInstance(v)) return javaType.cast(v);
        switch (type) {
            case INT -> {
                long n = v instanceof Number num ? num.longValue() : parseInt(v.toString(), where);
                if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) throw new UserError(where, noun + " " + n + " is out of range", hint);
                if (fullZero && n < 1 && !(v instanceof String s && s.trim().equalsIgnoreCase("full"))) {
                    throw new UserError(where, noun + " " + n + " is less than 1", "a positive number of examples, or full");
                }
                return javaType.cast((int) n);
            }
            case LONG -> {
                if (v instanceof Number n) return javaType.cast(n.longValue());
                try {
                    return javaType.cast(Long.parseLong(v.toString().trim()));
                } catch (NumberFormatException e) {
                    throw new UserError(where, "'" + v + "' is not a whole number", allowed());
                }
            }
            case REAL -> {
                if (v instanceof Number n) return javaType.cast(n.doubleValue());
                try {
                    return javaType.cast(Double.parseDouble(v.toString().trim()));
                } catch (NumberFormatException e) {
                    throw new UserError(where, "'" + v + "' is not a number", allowed());
                }
            }
            case CHOICE -> { return parser.apply(v.toString(), where); }
            default -> { return javaType.cast(v.toString()); }
        }
    }

    private long parseInt(String text, String where) {
        String t = text.trim();
        if (fullZero && t.equalsIgnoreCase("full")) return 0;
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new UserError(where, "'" + text + "' is not " + (fullZero ? "a " + noun : "a whole number"),
                    fullZero ? "a positive number of examples, or full" : allowed());
        }
    }

    @Override public String toString() { return key; }
}
