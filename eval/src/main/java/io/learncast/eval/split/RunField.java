package io.learncast.eval.split;

import io.learncast.common.UserError;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.StoredRun;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The run fields a split (or a phase diagram) can select on: config fields, task parameters (e.g. {@code p}, {@code n}) and the source. */
public final class RunField {
    private RunField() {}

    private static final Map<String, Function<StoredRun, Object>> FIELDS = Map.ofEntries(
            Map.entry("task", r -> r.config().taskSpec().name()),
            Map.entry("task_spec", r -> r.config().task()),
            Map.entry("source", StoredRun::source),
            Map.entry("sweep_id", r -> r.sweepId() == null ? Double.NaN : (double) r.sweepId()), // e.g. bench/prospective's fresh sweep
            Map.entry("depth", r -> (double) r.config().depth()),
            Map.entry("width", r -> (double) r.config().width()),
            Map.entry("activation", r -> r.config().activation().key()),
            Map.entry("optimizer", r -> r.config().optimizer().key()),
            Map.entry("lr", r -> r.config().lr()),
            Map.entry("wd", r -> r.config().wd()),
            Map.entry("batch", r -> (double) r.config().batch()),
            Map.entry("train_frac", r -> r.config().trainFrac() == null ? Double.NaN : r.config().trainFrac()),
            Map.entry("n_train", r -> (double) r.trainSize()),
            Map.entry("label_noise", r -> r.config().labelNoise()),
            Map.entry("steps", r -> (double) r.config().steps()),
            Map.entry("params", r -> (double) r.paramCount()),
            Map.entry("init_scale", r -> r.config().initScale()));

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
