package io.learncast.app.service;

import io.learncast.farm.config.TaskFacts;
import com.fasterxml.jackson.databind.JsonNode;
import io.learncast.common.UserError;
import io.learncast.data.DataSpec;
import io.learncast.data.TaskCatalog;
import io.learncast.data.TaskSpec;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.config.RunConfig;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredDataset;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.features.Knobs;
import io.learncast.forecast.features.TaskFactsCache;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Tasks that read a file (CSV tables) over HTTP: a request never opens a path it was given (found by the hostile
 * pass: {@code csv:path=/etc/passwd,…} answered with the file's first line, and different errors told whether a
 * path existed). Such a task must name a dataset already in the store — {@code csv:fingerprint=<sha256>} (a
 * dataset runs were trained on) or the task exactly as the store's runs have it ({@code GET /v1/runs?task=csv}
 * lists them) — and its facts (input width, classes, size) come from those runs, never from the file. Anything
 * else gets one fixed answer, whatever the path.
 */
final class StoredTasks {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    static final String UNKNOWN = "a csv task is answered here only for a dataset already in the store";
    static final String HINT = "give csv:fingerprint=<its sha256>, or the task as its runs are stored (GET /v1/runs?task=csv lists them)";

    private final Store store;

    StoredTasks(Store store) {
        this.store = store;
    }

    /** The task to forecast: {@code spec} itself, or for a CSV task the stored task it names (its facts then known). */
    TaskSpec resolve(TaskSpec spec) {
        if (!spec.name().equals("csv")) return spec;
        String canonical;
        if (spec.params().keySet().equals(java.util.Set.of("fingerprint"))) {
            String fp = spec.param("fingerprint").toLowerCase(Locale.ROOT);
            if (!FINGERPRINT.matcher(fp).matches()) throw new HttpError(400, "task", "task: fingerprint is not a SHA-256 hex digest (" + HINT + ")");
            Optional<StoredDataset> d = store.catalog().dataset(fp);
            if (d.isEmpty() || !d.get().task().startsWith("csv:")) throw unknown();
            canonical = d.get().task();
        } else {
            try {
                canonical = TaskCatalog.validate(spec, "task").canonical(); // checks the parameters' names only: no file is touched
            } catch (UserError e) {
                throw unknown();
            }
        }
        List<StoredRun> runs = store.catalog().runs(RunFilter.all().withTask(canonical).page(50, 0));
        if (runs.isEmpty()) throw unknown();
        TaskFactsCache.remember(canonical, facts(canonical, runs));
        return TaskSpec.parse(canonical, "task");
    }

    private static HttpError unknown() {
        return new HttpError(400, "task", "task: " + UNKNOWN + " (" + HINT + ")");
    }

    /**
     * The task's facts from its stored runs: classes as stored, the input width from a run's parameter count, and
     * the number of examples from a recorded dataset whose test set was not capped (train + test is then all of
     * them), else from a run's train fraction and training-set size.
     */
    private TaskFacts facts(String canonical, List<StoredRun> runs) {
        StoredRun r = runs.get(0);
        RunConfig c = r.config();
        int in = (int) Knobs.inputWidthFromParams(r.paramCount(), c.depth(), c.width(), r.numClasses());
        long universe = 0;
        for (StoredDataset d : store.catalog().datasets(canonical, 20)) {
            JsonNode spec = ConfigJson.MAPPER.valueToTree(ConfigJson.read(d.specJson(), java.util.Map.class));
            int cap = spec.hasNonNull("test_size") ? spec.get("test_size").asInt() : DataSpec.DEFAULT_TEST_CAP;
            if (d.nTest() < cap) {
                universe = (long) d.nTrain() + d.nTest();
                break;
            }
            universe = Math.max(universe, (long) d.nTrain() + d.nTest());
        }
        if (universe == 0) {
            for (StoredRun s : runs) {
                Double f = s.config().trainFrac();
                if (f != null && f > 0) universe = Math.max(universe, Math.round(s.trainSize() / f));
                else universe = Math.max(universe, s.trainSize() + 1);
            }
        }
        return new TaskFacts("csv", Math.max(2, universe), Math.max(1, in), r.numClasses(), false);
    }
}
