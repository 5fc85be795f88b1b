package io.learncast.forecast.dev;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.Basis;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.validation.CrossValidation;
import io.learncast.forecast.validation.GroupedKFold;

import java.util.Locale;

/** Developer tool: where the structured model's out-of-fold errors are. */
public final class DevErrors {
    public static void main(String[] args) {
        FeatureTable t;
        try (Store s = JdbcStore.open(StoreLocation.parse(args[0], "db"))) {
            t = Corpus.table(s, FeatureTable.Options.defaults());
        }
        GroupedKFold folds = CrossValidation.folds(t, 5, 42);
        Candidate c = new Candidate.Cure(new Basis.Spec(false, false, true, Basis.Spec.defaults().key()), 1, 1);
        double[] oof = CrossValidation.outOfFold(t, c, folds, 7);
        double[] sum = new double[4];
        int[] n = new int[4];
        record E(double err, String line) {}
        java.util.List<E> errs = new java.util.ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            var r = t.row(i);
            int k = r.knobs().taskKind().equals("modadd") ? 0 : 1;
            double e = Math.pow(oof[i] - (r.learned() ? 1 : 0), 2);
            sum[k] += e;
            n[k]++;
            sum[2 + (r.budget() >= 2000 ? 1 : 0)] += e;
            n[2 + (r.budget() >= 2000 ? 1 : 0)]++;
            errs.add(new E(e, String.format(Locale.ROOT, "%.3f p=%.3f y=%d B=%d %s confirm=%s", e, oof[i], r.learned() ? 1 : 0, r.budget(),
                    r.run().config().describe(), r.run().confirmStep())));
        }
        System.out.printf(Locale.ROOT, "brier modadd %.4f (%d) parity %.4f (%d); budget<2000 %.4f, ≥2000 %.4f%n", sum[0] / n[0], n[0], sum[1] / n[1], n[1],
                sum[2] / n[2], sum[3] / n[3]);
        errs.sort((a, b) -> Double.compare(b.err(), a.err()));
        for (int i = 0; i < 40; i++) System.out.println(errs.get(i).line());
    }
}
