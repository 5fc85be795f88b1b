package io.learncast.forecast.store;

import io.learncast.common.UserError;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One kind of fitted model in the store's model registry: registers a model as the kind's active one, finds
 * the active one, and reads artifacts once per store, model id and artifact hash (a service loads each once).
 * {@link ForecasterRegistry}, {@code verdict.VerdictRegistry} and {@code judge.JudgeRegistry} are its instances; a new kind of model is
 * a new instance, not a new copy of this logic.
 *
 * @param <T> the fitted model an artifact holds
 */
public final class Registry<T> {
    private final String kind;
    private final String noun;
    private final String fitCommand;
    private final String howToFit;
    private final Function<byte[], T> reader;
    private final Map<String, T> cache = new ConcurrentHashMap<>();

    /**
     * @param kind       the registry's {@code kind} column
     * @param noun       how errors name one ("forecaster", "verdict model")
     * @param fitCommand the command that fits one, for the error when there is none
     * @param reader     reads (and validates) an artifact
     */
    public Registry(String kind, String noun, String fitCommand, Function<byte[], T> reader) {
        this(kind, noun, fitCommand, "train some runs, then run `" + fitCommand + "`", reader);
    }

    /** As above, with the fix the error gives when none was fitted (when "train some runs" is not enough to say). */
    public Registry(String kind, String noun, String fitCommand, String howToFit, Function<byte[], T> reader) {
        this.kind = kind;
        this.noun = noun;
        this.fitCommand = fitCommand;
        this.howToFit = howToFit;
        this.reader = reader;
    }

    public String kind() { return kind; }

    /** Registers a model of this kind and makes it the active one; returns its model id. */
    public long register(Store store, NewModel model) {
        if (!kind.equals(model.kind())) throw new IllegalArgumentException("a " + model.kind() + " model in the " + kind + " registry");
        return store.models().register(model, true);
    }

    public List<ModelRecord> list(Store store) { return store.models().list(kind); }

    /** The active model's record, or empty when none was fitted. */
    public Optional<ModelRecord> active(Store store) { return store.models().active(kind); }

    /** The active model's record, or a user error saying how to fit one. */
    public ModelRecord requireActive(Store store, String where) {
        return active(store).orElseThrow(() -> new UserError(where, "no " + noun + " has been fitted in " + store.location(),
                howToFit));
    }

    /** The model in record {@code r}'s artifact, read once per store, id and artifact hash. */
    public T load(Store store, ModelRecord r) {
        String key = store.location().jdbcUrl() + "#" + r.id() + "#" + r.artifactSha256();
        return cache.computeIfAbsent(key, k -> {
            try {
                return reader.apply(store.models().artifact(r.id()));
            } catch (IllegalStateException e) {
                // a damaged or hostile artifact (TrustedObjects refuses foreign classes): say which model, not a stack trace
                throw new UserError(kind, "the stored " + noun + " #" + r.id() + " cannot be used: " + e.getMessage(), "refit it here: " + fitCommand);
            }
        });
    }
}
