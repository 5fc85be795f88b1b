package io.learncast.forecast.verdict;

import io.learncast.data.CurvePoint;
import io.learncast.farm.store.Store;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.store.Corpus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The verdict's rows from a store: its finished runs with their curves. */
public final class VerdictCorpus {
    private VerdictCorpus() {}

    private static final int CHUNK = 500;

    public static VerdictRows rows(Store store) {
        List<RunRecord> runs = Corpus.runs(store);
        Map<Long, List<CurvePoint>> curves = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (RunRecord r : runs) {
            ids.add(r.runId());
            if (ids.size() == CHUNK) {
                curves.putAll(store.catalog().curves(ids));
                ids.clear();
            }
        }
        if (!ids.isEmpty()) curves.putAll(store.catalog().curves(ids));
        return VerdictRows.build(runs, curves, VerdictRows.FRACTIONS);
    }
}
