package io.learncast.forecast.dev;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.verdict.CurveFeatures;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictEval;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictRows;

import java.util.Locale;

/** Developer tool: the verdict's grouped-CV scores on a store, and the learners a low threshold would have stopped. */
public final class DevVerdict {
    public static void main(String[] args) {
        VerdictRows rows;
        try (Store s = JdbcStore.open(StoreLocation.parse(args[0], "db"))) {
            rows = VerdictCorpus.rows(s);
        }
        double threshold = args.length > 1 ? Double.parseDouble(args[1]) : 0.02;
        long t0 = System.nanoTime();
        VerdictFitter.Options o = VerdictFitter.Options.defaults();
        if (args.length > 2) {
            String[] q = args[2].split(",");
            o = o.withParams(new io.learncast.forecast.verdict.VerdictModel.Params(Integer.parseInt(q[0]), 20, Integer.parseInt(q[1]),
                    Integer.parseInt(q[2]), Double.parseDouble(q[3]), 0.7));
        }
        VerdictFitter.Result fit = VerdictFitter.fit(rows, o);
        System.out.printf(Locale.ROOT, "fit+cv %.1f s%n", (System.nanoTime() - t0) / 1e9);
        double[] p = fit.outOfFold();
        VerdictEval.Result r = VerdictEval.score(rows, p, 0.1);
        for (var f : r.byFraction()) System.out.printf(Locale.ROOT, "%.2f n=%d pos=%d auc=%.4f brier=%.4f%n", f.fraction(), f.rows(), f.learners(),
                f.metrics().auc(), f.metrics().brier());
        for (var s : r.policies()) System.out.printf(Locale.ROOT, "%-20s stopped %d learners %d/%d late %d/%d saved %.3f%n", s.name(), s.stopped(),
                s.learnersStopped(), s.learners(), s.lateLearnersStopped(), s.lateLearners(), s.savedShare());
        var m = r.medianPruner();
        System.out.printf(Locale.ROOT, "%-20s stopped %d learners %d/%d late %d/%d saved %.3f%n", m.name(), m.stopped(), m.learnersStopped(), m.learners(),
                m.lateLearnersStopped(), m.lateLearners(), m.savedShare());
        if (args.length > 3) return;
        int tr = CurveFeatures.ALL.indexOf("train_acc"), te = CurveFeatures.ALL.indexOf("test_acc");
        for (int i = 0; i < rows.size(); i++) {
            VerdictRows.Row row = rows.rows().get(i);
            if (row.learned() && p[i] < threshold && row.fraction() >= 0.1) {
                var c = row.run().config();
                System.out.printf(Locale.ROOT, "run %d %s w=%d lr=%.4g wd=%.3g n=%d frac=%.2f batch=%d | f=%.2f step=%d p=%.4f train=%.3f test=%.3f confirm=%d%n",
                        row.run().runId(), c.task(), c.width(), c.lr(), c.wd(), c.nTrain() == null ? -1 : c.nTrain(), c.trainFrac() == null ? -1 : c.trainFrac(), c.batch(), row.fraction(), row.step(), p[i],
                        row.x()[tr], row.x()[te], row.confirmStep());
            }
        }
    }
}
