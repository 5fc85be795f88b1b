package io.learncast.forecast.features;

import io.learncast.common.UserError;
import io.learncast.data.SequenceFormat;
import io.learncast.data.Task;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Facts of a task spec that do not depend on the seed (universe, input width, classes), computed once
 * per spec: building a task can read a file (CSV tasks), and queries must stay fast.
 */
public final class TaskFactsCache {

    /**
     * What the forecaster needs to know about a task; {@code positions} and {@code vocab} are its sequence form
     * for a transformer (0 when it has none, e.g. a CSV table).
     */
    public record Facts(String kind, long universe, int inputWidth, int classes, boolean tokens, int positions, int vocab) {
        public Facts(String kind, long universe, int inputWidth, int classes, boolean tokens) { this(kind, universe, inputWidth, classes, tokens, 0, 0); }
    }

    private static final Map<String, Facts> CACHE = new ConcurrentHashMap<>();

    private TaskFactsCache() {}

    /** The facts of a task spec; a bad spec is a {@link UserError} naming {@code task}. */
    public static Facts facts(String task) {
        Facts f = CACHE.get(task);
        if (f != null) return f;
        Task t = TaskCatalog.create(TaskSpec.parse(task, "task"), 0L, "task");
        SequenceFormat seq = SequenceFormat.orNull(t.spec().name(), t.inputSpace());
        f = new Facts(t.spec().name(), t.universeSize(), t.inputSpace().inputWidth(), t.numClasses(), t.inputSpace().isTokens(),
                seq == null ? 0 : seq.positions(), seq == null ? 0 : seq.vocab());
        if (CACHE.size() < 10_000) CACHE.put(task, f);
        return f;
    }

    /**
     * Records the facts of a task known without building it (a CSV task the HTTP service knows from the store's
     * runs: it never opens the file). Later {@link #facts} calls return them.
     */
    public static void remember(String task, Facts f) {
        if (CACHE.size() < 10_000 || CACHE.containsKey(task)) CACHE.put(task, f);
    }

    /** The facts, or null when the task cannot be built here (e.g. a CSV task whose file is gone). */
    public static Facts factsOrNull(String task) {
        try {
            return facts(task);
        } catch (UserError | IllegalArgumentException e) {
            return null;
        }
    }
}
