package io.learncast.forecast.property;

import io.learncast.data.property.CurveLabel;
import io.learncast.data.property.CurveProperty;
import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.synthetic.SyntheticGrokking;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Labels read off curves are kept in the store (real H2): the first query labels every finished run and stores the
 * labels; a later query — here a fresh "process", its own cache forgotten — reads them instead of the curves, and
 * labels from their curves only the runs that landed since.
 */
class StoredPropertyLabelsTest {
    @TempDir Path dir;

    @Test
    void theFirstQueryStoresTheLabelsAndLaterOnesReadThem() {
        try (Store store = JdbcStore.open(StoreLocation.parse(dir.resolve("store").toString(), "test"))) {
            SyntheticGrokking.importInto(store, 4, 4, 1, 3, 7);
            CurveProperty grokking = CurveProperty.parse("grokking", "t"), memorisation = CurveProperty.parse("memorisation", "t");
            PropertyLabels.forgetInProcess();
            PropertyLabels first = PropertyLabels.load(store, grokking);
            PropertyLabels mem = PropertyLabels.load(store, memorisation);
            List<StoredRun> runs = store.catalog().runs(RunFilter.done());
            assertEquals(19, runs.size());
            Map<Long, CurveLabel> kept = store.labels().read(grokking.key(), PropertyLabels.LABELLER_VERSION, runs);
            Map<Long, CurveLabel> keptMem = store.labels().read(memorisation.key(), PropertyLabels.LABELLER_VERSION, runs);
            assertEquals(19, kept.size(), "every finished run labelled and kept");
            for (StoredRun r : runs) {
                assertEquals(first.label(r.id()), kept.get(r.id()), "kept exactly: run " + r.id());
                assertEquals(mem.label(r.id()), keptMem.get(r.id()), "memorisation's pointwise labels too: run " + r.id());
            }

            // a stored label is what a new process uses (not the curve): plant a different one and see it come back
            StoredRun planted = runs.get(0);
            CurveLabel marker = new CurveLabel(12_345L, 12_300L, false, 99_999, 1L, 12_300L, null);
            store.labels().write(grokking.key(), PropertyLabels.LABELLER_VERSION, Map.of(planted, marker));
            PropertyLabels.forgetInProcess();
            assertEquals(marker, PropertyLabels.load(store, grokking).label(planted.id()));

            // a run that lands later is labelled from its curve on the next query, and kept
            SyntheticGrokking.importInto(store, 5, 4, 1, 0, 8); // adds the new wd column's configs
            List<StoredRun> now = store.catalog().runs(RunFilter.done());
            assertTrue(now.size() > runs.size());
            PropertyLabels.forgetInProcess();
            PropertyLabels second = PropertyLabels.load(store, grokking);
            Map<Long, CurveLabel> keptNow = store.labels().read(grokking.key(), PropertyLabels.LABELLER_VERSION, now);
            assertEquals(now.size(), keptNow.size());
            assertEquals(marker, second.label(planted.id()), "the old runs were not labelled again");
            assertEquals(second.census().runs(), now.size());
        }
    }
}
