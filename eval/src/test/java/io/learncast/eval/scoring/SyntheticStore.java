package io.learncast.eval.scoring;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticCorpus;

import java.nio.file.Path;
import java.util.List;

/** A real H2 store holding a synthetic corpus (known truth, seed noise), for scoring and report tests. */
public final class SyntheticStore {
    private SyntheticStore() {}

    public static Store open(Path dir, int groups, int maxSeeds, long seed) {
        Store s = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "test"));
        SyntheticCorpus.importInto(s, SyntheticCorpus.generate(groups, maxSeeds, seed));
        return s;
    }

    public static List<StoredRun> runs(Store s) { return s.catalog().runs(RunFilter.done()); }
}
