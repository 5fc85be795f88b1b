package io.learncast.forecast.verdict;

import io.learncast.common.Hashing;
import io.learncast.common.UserError;
import io.learncast.farm.config.ConfigJson;
import io.learncast.farm.store.ModelRecord;
import io.learncast.farm.store.NewModel;
import io.learncast.farm.store.Store;
import io.learncast.forecast.store.Registry;

import java.util.Optional;

/**
 * Fitted verdicts in the store's model registry (kind {@value #KIND}; a {@link Registry}), with provenance; loaded once per
 * store and model. A verdict travels between stores as its artifact: read from another store's
 * registry ({@code --verdict-db}), or exported to a file and imported (registered here with its origin).
 */
public final class VerdictRegistry {
    public static final String KIND = "verdict";

    public record Loaded(ModelRecord record, FittedVerdict verdict) {}

    private static final Registry<FittedVerdict> REGISTRY = new Registry<>(KIND, "verdict model", "learncast verdict fit", VerdictArtifacts::read);

    private VerdictRegistry() {}

    /** Registers a fitted verdict as the active one; returns its model id. */
    public static long save(Store store, FittedVerdict v) {
        VerdictReport r = v.report();
        return REGISTRY.register(store, new NewModel(KIND, r.codeVersion(), VerdictFitter.FORMAT_VERSION, r.corpusRuns(), r.corpusRows(),
                r.corpusHash(), ConfigJson.write(r), VerdictArtifacts.write(v)));
    }

    public static Optional<Loaded> active(Store store) {
        return REGISTRY.active(store).map(r -> load(store, r));
    }

    public static Loaded require(Store store, String where) {
        return load(store, REGISTRY.requireActive(store, where));
    }

    /** The verdict model {@code id} of {@code store} (must be a verdict). */
    public static Loaded get(Store store, long id, String where) {
        ModelRecord r = store.models().get(id).orElseThrow(() -> new UserError(where, "no model #" + id + " in " + store.location(),
                "see the verdict models: learncast forecast models"));
        if (!KIND.equals(r.kind())) throw new UserError(where, "model #" + id + " is a " + r.kind() + " model, not a verdict", "give a verdict model's id");
        return load(store, r);
    }

    /**
     * Registers the verdict in {@code artifact} (a file of {@code verdict export}) as this store's active
     * verdict, its report saying where it came from. The artifact is validated first (readable, a format
     * this code reads, features it computes): a bad file registers nothing.
     */
    public static long importArtifact(Store store, byte[] artifact, String origin) {
        FittedVerdict v = VerdictArtifacts.read(artifact);
        String from = origin + " (artifact sha256 " + Hashing.sha256Hex(artifact).substring(0, 12) + ")"
                + (v.report().origin() != null ? ", earlier " + v.report().origin() : "");
        return save(store, new FittedVerdict(v.model(), v.report().withOrigin(from), v.trials()));
    }

    private static Loaded load(Store store, ModelRecord r) { return new Loaded(r, REGISTRY.load(store, r)); }
}
