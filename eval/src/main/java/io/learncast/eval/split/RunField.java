package io.learncast.eval.split;

import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.config.knob.Knob;
import io.learncast.farm.config.knob.KnobCatalogue;
import io.learncast.farm.store.StoredRun;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The run fields a split (or a phase diagram) can select on: the catalogue's split knobs (numbers as
 * doubles, NaN when unset; choices by name), a few derived fields (the task's name, the training-set size,
 * the parameter count), task parameters (e.g. {@code p}, {@code n}) and the source.
 */
public final class RunField {
    private RunField() {}

    private static final Map<String, Function<StoredRun, Object>> FIELDS = fields();

    private static Map<String, Function<StoredRun, Object>> fields() {
        Map<String, Function<StoredRun, Object>> m = new HashMap<>();
        m.put("task", r -> r.config().taskSpec().name());
        m.put("task_spec", r -> r.config().task());
        m.put("source", StoredRun::source);
        m.put("sweep_id", r -> r.sweepId() == null ? Double.NaN : (double) r.sweepId()); // e.g. bench/prospective's fresh sweep
        m.put("n_train", r -> (double) r.trainSize()); // the resolved size, also for runs given a fraction
        m.put("params", r -> (double) r.paramCount());
        for (Knob<?> k : KnobCatalogue.splitFields()) {
            m.put(k.key(), r -> {
                Object v = k.get(r.config());
                if (v == null) return Double.NaN;
                if (v instanceof Number n) return n.doubleValue();
                return k.show(v);
            });
        }
        return Map.copyOf(m);
    }

    public static List<String> names() { return FIELDS.keySet().stream().sorted().toList(); }

    /** The value of {@code field} for a run; task parameters (p, n, k, digits, base) are numbers, NaN when absent. */
    public static Object value(StoredRun r, String field, String where) {
        Function<StoredRun, Object> f = FIELDS.get(field);
        if (f != null) return f.apply(r);
        RunConfig c = r.config();
        String v = c.taskSpec().param(field);
        if (v != null) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (isTaskParam(field)) return Double.NaN;
        throw new UserError(where, "unknown field '" + field + "'",
                "use one of " + String.join(", ", names()) + ", or a task parameter such as p, n, k, digits");
    }

    /** A user error unless {@code field} is a known field or task parameter. */
    public static void checkName(String field, String where) {
        if (FIELDS.containsKey(field) || isTaskParam(field)) return;
        throw new UserError(where, "unknown field '" + field + "'",
                "use one of " + String.join(", ", names()) + ", or a task parameter such as p, n, k, digits");
    }

    static boolean isTaskParam(String field) {
        return List.of("p", "n", "k", "digits", "base").contains(field.toLowerCase(Locale.ROOT));
    }
}
