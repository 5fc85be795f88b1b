package io.learncast.forecast.store;

import io.learncast.common.UserError;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.forecast.artifact.Artifacts;
import io.learncast.forecast.model.FittedForecaster;

import java.util.List;
import java.util.Optional;

/**
 * Fitted forecasters in the store's model registry (kind {@value #KIND}; a {@link Registry}): the artifact
 * bytes, the provenance columns (code version, format version, corpus runs, rows and hash) and the fit report
 * as the summary JSON. Loaded artifacts are cached per store and model id: a service loads each once.
 */
public final class ForecasterRegistry {
    public static final String KIND = "forecaster";

    /** A loaded forecaster with its registry record. */
    public record Loaded(ModelRecord record, FittedForecaster forecaster) {}

    private static final Registry<FittedForecaster> REGISTRY = new Registry<>(KIND, "forecaster", "learncast forecast fit", Artifacts::read);

    private ForecasterRegistry() {}

    /** Registers a fitted forecaster and makes it the active one; returns its model id. */
    public static long save(Store store, FittedForecaster f) {
        byte[] artifact = Artifacts.write(f);
        String summary = io.learncast.farm.config.ConfigJson.write(f.report());
        return REGISTRY.register(store, new NewModel(KIND, f.report().codeVersion(), Artifacts.FORMAT_VERSION, f.report().corpusRuns(),
                f.report().corpusRows(), f.report().corpusHash(), summary, artifact));
    }

    public static List<ModelRecord> list(Store store) { return REGISTRY.list(store); }

    /** The active forecaster, or empty when none was fitted. */
    public static Optional<Loaded> active(Store store) {
        return REGISTRY.active(store).map(r -> load(store, r));
    }

    /** The active forecaster, or a user error saying how to fit one. */
    public static Loaded require(Store store, String where) {
        return load(store, REGISTRY.requireActive(store, where));
    }

    public static Loaded load(Store store, long id) {
        ModelRecord r = store.models().get(id).orElseThrow(() -> new UserError("--model", "no model " + id, "see `learncast forecast models`"));
        return load(store, r);
    }

    private static Loaded load(Store store, ModelRecord r) { return new Loaded(r, REGISTRY.load(store, r)); }
}
