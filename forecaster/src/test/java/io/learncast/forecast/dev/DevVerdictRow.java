package io.learncast.forecast.dev;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.verdict.CurveFeatures;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictRows;

/** Developer tool: in-sample verdicts of one run's cuts, with its features. */
public final class DevVerdictRow {
    public static void main(String[] args) {
        VerdictRows rows;
        try (Store s = JdbcStore.open(StoreLocation.parse(args[0], "db"))) {
            rows = VerdictCorpus.rows(s);
        }
        long run = Long.parseLong(args[1]);
        var fit = VerdictFitter.fit(rows, new VerdictFitter.Options(2, 1, VerdictFitter.Options.defaults().params()));
        System.out.println("calibration " + fit.verdict().model().calibration());
        for (VerdictRows.Row r : rows.rows()) {
            if (r.run().runId() != run) continue;
            StringBuilder sb = new StringBuilder();
            for (int j = io.learncast.forecast.features.Features.N_ALL; j < CurveFeatures.N; j++) sb.append(CurveFeatures.ALL.get(j)).append('=').append(String.format("%.3g", r.x()[j])).append(' ');
            System.out.printf("f=%.2f p=%.4f y=%s %s%n", r.fraction(), fit.verdict().model().probability(r.x()), r.learned(), sb);
        }
    }
}
