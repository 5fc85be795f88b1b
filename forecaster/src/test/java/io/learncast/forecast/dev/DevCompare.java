package io.learncast.forecast.dev;

import io.learncast.farm.store.RunFilter;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.StoredRun;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.Basis;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import io.learncast.forecast.validation.CrossValidation;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Developer tool (not a test): compares candidates by grouped CV on a store or a synthetic corpus. */
public final class DevCompare {
    static double erf(double x) {
        double t = 1 / (1 + 0.5 * Math.abs(x));
        double y = 1 - t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628288
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? y : -y;
    }

    public static void main(String[] args) {
        String src = args.length > 0 ? args[0] : "synthetic";
        String which = args.length > 1 ? args[1] : "all";
        boolean extra = args.length > 2 && args[2].equals("extra");
        FeatureTable t;
        if (src.equals("synthetic")) {
            List<RunRecord> runs = SyntheticCorpus.generate(500, 3, 1);
            t = FeatureTable.fromRecords(runs, new FeatureTable.Options(extra));
        } else {
            try (Store s = JdbcStore.open(StoreLocation.parse(src, "db"))) {
                List<StoredRun> runs = s.catalog().runs(RunFilter.done());
                t = FeatureTable.from(runs, new FeatureTable.Options(extra));
            }
        }
        System.out.printf(Locale.ROOT, "%d rows, %d runs, %d groups, %.3f learned%n", t.size(), t.runs().size(), t.groupCount(),
                java.util.Arrays.stream(t.y()).average().orElse(0));
        GroupedKFold folds = CrossValidation.folds(t, 5, 42);
        if (src.equals("synthetic")) {
            double[] oracle = new double[t.size()];
            for (int i = 0; i < t.size(); i++) {
                FeatureTable.Row r = t.row(i);
                SyntheticCorpus.Truth tr = SyntheticCorpus.truth(r.knobs());
                long e = r.run().evalEvery();
                double m = Math.floor((r.budget() - (double) r.knobs().hold() * e) / e) * e;
                oracle[i] = !tr.learns() || tr.diverges() || m <= 0 ? 0
                        : 0.5 * (1 + erf((Math.log(m) - Math.log(tr.medianSteps())) / (SyntheticCorpus.SEED_NOISE * Math.sqrt(2))));
            }
            Metrics m = CrossValidation.score(t, oracle);
            System.out.printf(Locale.ROOT, "%-70s brier %.4f  logloss %.4f  auc %.4f  acc %.4f  ece %.4f%n", "ORACLE", m.brier(), m.logLoss(), m.auc(), m.accuracy(), m.ece());
        }
        List<Candidate> cs = new ArrayList<>();
        if (which.contains("lin")) {
            Basis.Spec lin = new Basis.Spec(false, false, true, Basis.Spec.defaults().key());
            Basis.Spec sq = new Basis.Spec(true, false, true, Basis.Spec.defaults().key());
            for (double l : new double[] {0.3, 1, 3, 10}) cs.add(new Candidate.Cure(lin, l, l));
            for (double l : new double[] {3, 10}) cs.add(new Candidate.Cure(sq, l, l));
            for (double l : new double[] {3, 10, 30}) cs.add(new Candidate.Cure(Basis.Spec.defaults(), l, l));
            for (double[] pm : new double[][] {{0.1, 3}, {3, 0.3}, {10, 1}, {1, 10}}) cs.add(new Candidate.Cure(lin, pm[0], pm[1]));
        }
        if (which.contains("tb")) {
            Basis.Spec lin = new Basis.Spec(false, false, true, Basis.Spec.defaults().key());
            for (double sh : new double[] {0.05, 0.1}) for (int leaves : new int[] {4, 8}) for (double mh : new double[] {1, 5}) {
                Candidate.CureTrees ct = new Candidate.CureTrees(new Candidate.Cure(lin, 1, 1), new io.learncast.forecast.model.BoostedCure.Spec(200, sh, leaves, 5, 0.8, 1.0, mh, 2.0));
                for (CrossValidation.Result r : CrossValidation.evaluateRounds(t, ct, new int[] {10, 25, 50, 100, 200}, folds, 7)) {
                    Metrics m = r.metrics();
                    System.out.printf(Locale.ROOT, "%-70s mh=%s brier %.4f  logloss %.4f  auc %.4f  acc %.4f  ece %.4f%n", r.candidate().name(), mh, m.brier(), m.logLoss(), m.auc(),
                            m.accuracy(), m.ece());
                }
            }
        }
        if (which.contains("cure") || which.equals("all")) {
            for (double l : new double[] {0.1, 0.3, 1, 3}) cs.add(new Candidate.Cure(Basis.Spec.defaults(), l, l));
            for (double l : new double[] {0.1, 1}) cs.add(new Candidate.Cure(Basis.Spec.linear(), l, l));
            cs.add(new Candidate.Cure(new Basis.Spec(false, false, true, Basis.Spec.defaults().key()), 1, 1));
            cs.add(new Candidate.Cure(new Basis.Spec(true, false, true, Basis.Spec.defaults().key()), 1, 1));
        }
        if (which.contains("gbt") || which.equals("all")) {
            for (int trees : new int[] {200, 500}) for (int nodes : new int[] {6, 16}) for (double sh : new double[] {0.05, 0.1})
                cs.add(new Candidate.Boost(new TreeModel.BoostParams(trees, 20, nodes, 5, sh, 0.7)));
        }
        if (which.contains("rf") || which.equals("all")) cs.add(new Candidate.Forest(new TreeModel.ForestParams(300, 0, 20, 500, 2, 1.0)));
        if (which.contains("logistic") || which.equals("all")) cs.add(new Candidate.Logistic(0.1));
        if (which.contains("boost")) {
            for (Basis.Spec bs : new Basis.Spec[] {Basis.Spec.defaults(), new Basis.Spec(false, false, true, Basis.Spec.defaults().key())}) {
                for (int leaves : new int[] {8}) {
                    Candidate.CureTrees ct = new Candidate.CureTrees(new Candidate.Cure(bs, 1, 1), new io.learncast.forecast.model.BoostedCure.Spec(400, 0.1, leaves, 5, 0.8, 1.0, 1.0, 2.0));
                    for (CrossValidation.Result r : CrossValidation.evaluateRounds(t, ct, new int[] {0, 25, 50, 100, 200, 300, 400}, folds, 7)) {
                        Metrics m = r.metrics();
                        System.out.printf(Locale.ROOT, "%-70s brier %.4f  logloss %.4f  auc %.4f  acc %.4f  ece %.4f  %.1fs%n", r.candidate().name(), m.brier(), m.logLoss(), m.auc(),
                                m.accuracy(), m.ece(), r.seconds());
                    }
                }
            }
        }
        for (Candidate c : cs) {
            CrossValidation.Result r = CrossValidation.evaluate(t, c, folds, 7);
            Metrics m = r.metrics();
            System.out.printf(Locale.ROOT, "%-70s brier %.4f  logloss %.4f  auc %.4f  acc %.4f  ece %.4f  %.1fs%n", c.name(), m.brier(), m.logLoss(), m.auc(),
                    m.accuracy(), m.ece(), r.seconds());
        }
    }
}
