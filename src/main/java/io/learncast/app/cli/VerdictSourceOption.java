package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.verdict.VerdictRegistry;
import picocli.CommandLine.Option;

/**
 * {@code --verdict-db}: use the active verdict of another store (fitted on its runs) instead of this
 * store's own — a verdict fitted on a large corpus, judging a new sweep. The verdict is read once and
 * the other store closed; it is validated as any stored verdict (format, features).
 */
public final class VerdictSourceOption {
    @Option(names = "--verdict-db", paramLabel = "FOLDER|URL",
            description = "Take the verdict model from this store (its active verdict) instead of --db's; e.g. one fitted on a large corpus.")
    String verdictDb;

    /** The verdict to use with a label saying where it is from, e.g. "verdict model #2 of /work/stores/dev". */
    public record Source(VerdictRegistry.Loaded loaded, String label, boolean foreign) {}

    public Source load(Store here, String where) {
        if (verdictDb == null) {
            VerdictRegistry.Loaded l = VerdictRegistry.require(here, where);
            String origin = l.verdict().report().origin();
            return new Source(l, "verdict model #" + l.record().id() + (origin != null ? " (imported from " + origin + ")" : ""), origin != null);
        }
        if (StoreLocation.missingEmbedded(verdictDb, "--verdict-db").isPresent()) {
            throw new UserError("--verdict-db", "no store in " + verdictDb, "give the folder (or URL) of a store with a fitted verdict");
        }
        StoreLocation loc = StoreLocation.parse(verdictDb, "--verdict-db");
        if (loc.jdbcUrl().equals(here.location().jdbcUrl())) {
            VerdictRegistry.Loaded l = VerdictRegistry.require(here, "--verdict-db");
            return new Source(l, "verdict model #" + l.record().id(), false);
        }
        try (Store other = JdbcStore.open(loc)) {
            VerdictRegistry.Loaded l = VerdictRegistry.require(other, "--verdict-db");
            return new Source(l, "verdict model #" + l.record().id() + " of " + other.location(), true);
        }
    }
}
