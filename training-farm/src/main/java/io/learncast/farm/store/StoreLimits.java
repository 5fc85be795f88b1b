package io.learncast.farm.store;

import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.result.Provenance;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * The sizes the store's columns enforce (db/migration), checked before anything is written: an import
 * validates every record against them, so a file is refused whole or imported whole instead of failing
 * on an insert half-way. Text columns hold at most {@link #TEXT} characters on H2 ({@code VARCHAR(1000000)});
 * PostgreSQL's TEXT holds more, but the same limit applies to both so a corpus moves between them.
 * {@code StoreLimitsTest} reads the live schema and checks these numbers against it.
 */
public final class StoreLimits {
    private StoreLimits() {}

    /** A text column ({@code ${text}}): config, provenance and extra-field JSON. */
    public static final int TEXT = 1_000_000;
    public static final int TASK = 40;
    public static final int TASK_SPEC = 400;
    public static final int SHAPE_KEY = 600;
    public static final int SOURCE = 100;
    public static final int BUDGETS = 2000;
    public static final int TRAINER = 40;

    /** A value too large for its column: the record field it comes from, and what is wrong. */
    public record Problem(String field, String what) {}

    /** The first column of an imported run that would not fit, or null when all do. */
    public static Problem check(RunQueue.ImportedRun run) {
        RunConfig c = run.config();
        if (c.taskSpec().name().length() > TASK) return new Problem("task", "the task name is longer than " + TASK + " characters");
        if (c.task().length() > TASK_SPEC) return new Problem("task", "the task with its parameters is " + c.task().length() + " characters long, the store holds " + TASK_SPEC);
        if (c.shapeKey().length() > SHAPE_KEY) return new Problem("task", "the task with its parameters is too long for the store (shape key over " + SHAPE_KEY + " characters)");
        if (run.source().length() > SOURCE) return new Problem("source", "the source name is longer than " + SOURCE + " characters");
        String budgets = c.budgets().stream().map(String::valueOf).collect(Collectors.joining(","));
        if (budgets.length() > BUDGETS) return new Problem("budgets", "the budget list is " + budgets.length() + " characters long written out, the store holds " + BUDGETS);
        String trainer = run.result().trainer();
        if (trainer != null && trainer.length() > TRAINER) return new Problem("trainer", "is longer than " + TRAINER + " characters");
        if (ConfigJson.write(c).length() > TEXT) return new Problem(null, "the run's config is larger than the store's " + TEXT + " characters");
        Provenance p = run.result().provenance();
        if (p != null) {
            Map<String, ?> extra = p.extra(); // read only: an imported record's unknown fields
            if (extra != null && !extra.isEmpty()) {
                int size = ConfigJson.write(extra).length();
                if (size > TEXT) {
                    return new Problem(largestExtra(extra), "the fields learncast does not know take " + size + " characters as JSON; the store keeps at most " + TEXT);
                }
            }
            int size = ConfigJson.write(p).length();
            if (size > TEXT) return new Problem(largestExtra(extra), "the run's provenance (config and unknown fields) takes " + size + " characters as JSON; the store keeps at most " + TEXT);
        }
        return null;
    }

    /** The unknown field that takes most room (to point at it), or null. */
    private static String largestExtra(Map<String, ?> extra) {
        if (extra == null) return null;
        String best = null;
        int most = -1;
        for (Map.Entry<String, ?> e : extra.entrySet()) {
            int n = ConfigJson.write(e.getValue()).length();
            if (n > most) {
                most = n;
                best = e.getKey();
            }
        }
        return best;
    }
}
