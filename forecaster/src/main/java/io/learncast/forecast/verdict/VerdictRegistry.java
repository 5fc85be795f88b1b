package io.learncast.forecast.verdict;

import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Fitted verdicts in the store's model registry (kind {@value #KIND}), with provenance; loaded once per store and model. */
public final class VerdictRegistry {
    public static final String KIND = "verdict";

    public record Loaded(ModelRecord record, FittedVerdict verdict) {}

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private VerdictRegistry() {}

    /** Registers a fitted verdict as the active one; returns its model id. */
    public static long save(Store store, FittedVerdict v) {
        VerdictReport r = v.report();
        return store.models().register(new NewModel(KIND, r.codeVersion(), VerdictFitter.FORMAT_VERSION, r.corpusRuns(), r.corpusRows(),
                r.corpusHash(), ConfigJson.write(r), VerdictArtifacts.write(v)), true);
    }

    public static Optional<Loaded> active(Store store) {
        return store.models().active(KIND).map(r -> load(store, r));
    }

    public static Loaded require(Store store, String where) {
        return active(store).orElseThrow(() -> new UserError(where, "no verdict model has been fitted in " + store.location(),
                "train some runs, then run `learncast verdict fit`"));
    }

    private static Loaded load(Store store, ModelRecord r) {
        String key = store.location().jdbcUrl() + "#" + r.id() + "#" + r.artifactSha256();
        return CACHE.computeIfAbsent(key, k -> new Loaded(r, VerdictArtifacts.read(store.models().artifact(r.id()))));
    }
}
