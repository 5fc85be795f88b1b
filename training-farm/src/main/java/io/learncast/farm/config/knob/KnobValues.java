package io.learncast.farm.config.knob;

import io.learncast.farm.config.RunConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The knob values a front end was given (only those: defaults are {@link RunConfig#from}'s job), as an
 * immutable map from knob to a value of the knob's type. {@link #set} converts numbers and text the way
 * every front end needs (choices by name, "full" for batch), locating errors where the caller says.
 */
public final class KnobValues {
    private static final KnobValues EMPTY = new KnobValues(Map.of());

    private final Map<Knob<?>, Object> values;

    private KnobValues(Map<Knob<?>, Object> values) { this.values = values; }

    public static KnobValues empty() { return EMPTY; }

    /** Every knob of a config, as given: building from it gives the same config. */
    public static KnobValues of(RunConfig c) {
        Map<Knob<?>, Object> m = new LinkedHashMap<>();
        for (Knob<?> k : KnobCatalogue.all()) m.put(k, k.get(c));
        return new KnobValues(Collections.unmodifiableMap(m));
    }

    /** These values with {@code knob} set to {@code value} (null: unset, so the default applies). */
    public <T> KnobValues with(Knob<T> knob, T value) {
        Map<Knob<?>, Object> m = new LinkedHashMap<>(values);
        if (value == null) m.remove(knob);
        else m.put(knob, value);
        return new KnobValues(Collections.unmodifiableMap(m));
    }

    /** As {@link #with}, converting {@code raw} (a number or text) to the knob's type; errors are located at {@code where}. */
    public <T> KnobValues set(Knob<T> knob, Object raw, String where) {
        return with(knob, knob.coerce(raw, where));
    }

    /** As {@link #set}, for a value a user typed (see {@link Knob#input}). */
    public <T> KnobValues input(Knob<T> knob, Object raw, String where) {
        return with(knob, knob.input(raw, where));
    }

    /** The value given for a knob, or null. */
    public <T> T get(Knob<T> knob) { return knob.javaType().cast(values.get(knob)); }

    public boolean has(Knob<?> knob) { return values.containsKey(knob); }

    /** A config with these values, keeping {@code like}'s seed, replica and budgets. */
    RunConfig buildLike(RunConfig like) {
        return RunConfig.from(this, like.budgets(), like.seed(), like.replica());
    }

    @Override public String toString() { return values.toString(); }
}
