package io.learncast.forecast.store;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/** Reads the finished runs of a store into a feature table (streaming: a large corpus is never held twice). */
public final class Corpus {
    private Corpus() {}

    public static List<RunRecord> runs(Store store) {
        List<RunRecord> out = new ArrayList<>();
        store.catalog().stream(RunFilter.done(), r -> {
            RunRecord rec = FeatureTable.record(r);
            if (rec != null) out.add(rec);
        });
        return out;
    }

    public static FeatureTable table(Store store, FeatureTable.Options options) {
        return FeatureTable.fromRecords(runs(store), options);
    }

    /**
     * Writes the feature table of a store's finished runs as CSV (the function behind
     * {@code learncast forecast features} and {@code learncast corpus export --table features});
     * returns the number of rows written.
     */
    public static int exportFeatures(Store store, Writer out, FeatureTable.Options options) throws IOException {
        FeatureTable t = table(store, options);
        t.writeCsv(out);
        return t.size();
    }
}
