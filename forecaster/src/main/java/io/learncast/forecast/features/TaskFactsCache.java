package io.learncast.forecast.features;

import io.learncast.common.UserError;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.TaskFacts;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link TaskFacts} of a task spec (they do not depend on the seed), computed once per spec: building a
 * task can read a file (CSV tasks), and queries must stay fast.
 */
public final class TaskFactsCache {
    private static final Map<String, TaskFacts> CACHE = new ConcurrentHashMap<>();

    private TaskFactsCache() {}

    /** The facts of a task spec; a bad spec is a {@link UserError} naming {@code task}. */
    public static TaskFacts facts(String task) {
        TaskFacts f = CACHE.get(task);
        if (f != null) return f;
        f = TaskFacts.of(TaskCatalog.create(TaskSpec.parse(task, "task"), 0L, "task"));
        if (CACHE.size() < 10_000) CACHE.put(task, f);
        return f;
    }

    /**
     * Records the facts of a task known without building it (a CSV task the HTTP service knows from the store's
     * runs: it never opens the file). Later {@link #facts} calls return them.
     */
    public static void remember(String task, TaskFacts f) {
        if (CACHE.size() < 10_000 || CACHE.containsKey(task)) CACHE.put(task, f);
    }

    /** The facts, or null when the task cannot be built here (e.g. a CSV task whose file is gone). */
    public static TaskFacts factsOrNull(String task) {
        try {
            return facts(task);
        } catch (UserError | IllegalArgumentException e) {
            return null;
        }
    }
}
