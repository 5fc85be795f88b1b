package io.learncast.forecast.store;

import io.learncast.common.UserError;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.model.FittedForecaster;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fitted forecasters in the store's model registry (kind {@value #KIND}): the artifact bytes, the
 * provenance columns (code version, format version, corpus runs, rows and hash) and the fit report as
 * the summary JSON. Loaded artifacts are cached per store and model id: a service loads each once.
 */
public final class ForecasterRegistry {
    public static final String KIND = "forecaster";

    /** A loaded forecaster with its registry record. */
    public record Loaded(ModelRecord record, FittedForecaster forecaster) {}

    private static final Map<String, Loaded> CACHE = new ConcurrentHashMap<>();

    private ForecasterRegistry() {}

    /** Registers a fitted forecaster and makes it the active one; returns its model id. */
    public static long save(Store store, FittedForecaster f) {
        byte[] artifact = Artifacts.write(f);
        String summary = io.learncast.farm.config.ConfigJson.write(f.report());
        return store.models().register(new NewModel(KIND, f.report().codeVersion(), Artifacts.FORMAT_VERSION, f.report().corpusRuns(),
                f.report().corpusRows(), f.report().corpusHash(), summary, artifact), true);
    }

    public static List<ModelRecord> list(Store store) { return store.models().list(KIND); }

    /** The active forecaster, or empty when none was fitted. */
    public static Optional<Loaded> active(Store store) {
        return store.models().active(KIND).map(r -> load(store, r));
    }

    /** The active forecaster, or a user error saying how to fit one. */
    public static Loaded require(Store store, String where) {
        return active(store).orElseThrow(() -> new UserError(where, "no forecaster has been fitted in " + store.location(),
                "train some runs, then run `learncast forecast fit`"));
    }

    public static Loaded load(Store store, long id) {
        ModelRecord r = store.models().get(id).orElseThrow(() -> new UserError("--model", "no model " + id, "see `learncast forecast models`"));
        return load(store, r);
    }

    private static Loaded load(Store store, ModelRecord r) {
        String key = store.location().jdbcUrl() + "#" + r.id() + "#" + r.artifactSha256();
        return CACHE.computeIfAbsent(key, k -> new Loaded(r, Artifacts.read(store.models().artifact(r.id()))));
    }
}
