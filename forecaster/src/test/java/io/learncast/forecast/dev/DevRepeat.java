package io.learncast.forecast.dev;

import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.model.Basis;
import io.learncast.forecast.model.BoostedCure;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.validation.CrossValidation;
import io.learncast.forecast.validation.GroupedKFold;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Developer tool: candidates scored by grouped 5-fold CV repeated over several fold seeds (mean ± spread), plus log-odds blends. */
public final class DevRepeat {
    public static void main(String[] args) {
        FeatureTable t;
        try (Store s = JdbcStore.open(StoreLocation.parse(args[0], "db"))) {
            t = Corpus.table(s, new FeatureTable.Options(args.length > 1 && args[1].equals("extra")));
        }
        Basis.Spec lin = new Basis.Spec(false, false, true, Basis.Spec.defaults().key());
        Basis.Spec sq = new Basis.Spec(true, false, true, Basis.Spec.defaults().key());
        Map<String, Candidate> cs = new LinkedHashMap<>();
        cs.put("cure lin λ1", new Candidate.Cure(lin, 1, 1));
        cs.put("cure lin λ3", new Candidate.Cure(lin, 3, 3));
        cs.put("cure lin σ(x) λ1", new Candidate.Cure(lin.withSpread(), 1, 1));
        cs.put("cure quad σ(x) λ3", new Candidate.Cure(Basis.Spec.defaults().withSpread(), 3, 3));
        cs.put("cure+trees lin σ(x) 25", new Candidate.CureTrees(new Candidate.Cure(lin.withSpread(), 1, 1), BoostedCure.Spec.defaults().withRounds(25)));
        cs.put("cure sq λ3", new Candidate.Cure(sq, 3, 3));
        cs.put("cure quad λ3", new Candidate.Cure(Basis.Spec.defaults(), 3, 3));
        cs.put("cure quad λ10", new Candidate.Cure(Basis.Spec.defaults(), 10, 10));
        cs.put("cure+trees lin 25", new Candidate.CureTrees(new Candidate.Cure(lin, 1, 1), BoostedCure.Spec.defaults().withRounds(25)));
        cs.put("cure+trees quad3 25", new Candidate.CureTrees(new Candidate.Cure(Basis.Spec.defaults(), 3, 3), BoostedCure.Spec.defaults().withRounds(25)));
        for (int trees : new int[] {150, 300, 500}) for (int nodes : (args.length > 2 ? new int[] {4, 8} : new int[] {4, 8, 16, 32})) for (double sh : new double[] {0.05, 0.1}) {
            cs.put("gbt " + trees + "/" + nodes + "/" + sh, new Candidate.Boost(new TreeModel.BoostParams(trees, 20, nodes, 5, sh, 0.7)));
        }
        cs.put("rf 300", new Candidate.Forest(new TreeModel.ForestParams(300, 0, 20, 1000, 2, 1.0)));
        cs.put("rf 500 node5", new Candidate.Forest(new TreeModel.ForestParams(500, 0, 20, 1000, 5, 1.0)));
        cs.put("logistic", new Candidate.Logistic(0.1));
        cs.put("logistic λ1", new Candidate.Logistic(1));
        int reps = 3;
        Map<String, double[]> brier = new LinkedHashMap<>(), ll = new LinkedHashMap<>();
        Map<String, List<double[]>> oofs = new LinkedHashMap<>();
        for (int rep = 0; rep < reps; rep++) {
            GroupedKFold folds = CrossValidation.folds(t, 5, 100 + rep);
            for (Map.Entry<String, Candidate> e : cs.entrySet()) {
                CrossValidation.Result r = CrossValidation.evaluate(t, e.getValue(), folds, 7);
                brier.computeIfAbsent(e.getKey(), k -> new double[reps])[rep] = r.metrics().brier();
                ll.computeIfAbsent(e.getKey(), k -> new double[reps])[rep] = r.metrics().logLoss();
                oofs.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(r.outOfFold());
            }
        }
        for (String a : new String[] {"cure lin λ1", "cure quad λ3", "cure+trees lin 25"}) {
            for (String b : new String[] {"gbt 150/4/0.1", "gbt 500/4/0.05", "gbt 300/8/0.05", "gbt 500/8/0.05"}) {
                if (!oofs.containsKey(b)) continue;
                for (double w : new double[] {0.5, 0.7}) {
                    String name = String.format(Locale.ROOT, "blend %.1f %s + %s", w, a, b);
                    double[] br = new double[reps], l = new double[reps];
                    for (int rep = 0; rep < reps; rep++) {
                        double[] pa = oofs.get(a).get(rep), pb = oofs.get(b).get(rep), p = new double[pa.length];
                        for (int i = 0; i < p.length; i++) p[i] = 1 / (1 + Math.exp(-(w * logit(pa[i]) + (1 - w) * logit(pb[i]))));
                        Metrics m = CrossValidation.score(t, p);
                        br[rep] = m.brier();
                        l[rep] = m.logLoss();
                    }
                    brier.put(name, br);
                    ll.put(name, l);
                }
            }
        }
        for (String k : brier.keySet()) {
            double[] b = brier.get(k), l = ll.get(k);
            System.out.printf(Locale.ROOT, "%-45s brier %.4f (%.4f–%.4f)  logloss %.4f%n", k, mean(b), min(b), max(b), mean(l));
        }
    }

    static double logit(double p) {
        double q = Math.min(1 - 1e-6, Math.max(1e-6, p));
        return Math.log(q / (1 - q));
    }

    static double mean(double[] a) { return java.util.Arrays.stream(a).average().orElse(Double.NaN); }

    static double min(double[] a) { return java.util.Arrays.stream(a).min().orElse(Double.NaN); }

    static double max(double[] a) { return java.util.Arrays.stream(a).max().orElse(Double.NaN); }
}
