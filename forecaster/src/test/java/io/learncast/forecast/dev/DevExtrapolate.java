package io.learncast.forecast.dev;

import io.learncast.farm.result.Outcome;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;
import io.learncast.forecast.model.BoostedCure;
import io.learncast.forecast.model.Candidate;
import io.learncast.forecast.model.ProbabilityModel;
import io.learncast.forecast.model.TreeModel;
import io.learncast.forecast.store.Corpus;
import io.learncast.forecast.synthetic.SyntheticCorpus;
import io.learncast.forecast.validation.CrossValidation;
import io.learncast.forecast.validation.Metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/** Developer tool: extrapolation splits (train on one region, score on another) for every candidate family. */
public final class DevExtrapolate {

    /** A run as if it had been trained for at most {@code budget} steps. */
    static RunRecord truncate(RunRecord r, long budget) {
        if (r.steps() <= budget) return r;
        if (r.confirmStep() != null && r.confirmStep() <= budget) {
            return new RunRecord(r.runId(), r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs(), r.outcome(), r.confirmStep(),
                    r.stepsTrained(), budget, r.evalEvery(), r.budgets().stream().filter(b -> b <= budget).toList());
        }
        if (r.diverged() && r.stepsTrained() <= budget) {
            return new RunRecord(r.runId(), r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs(), r.outcome(), null,
                    r.stepsTrained(), budget, r.evalEvery(), r.budgets().stream().filter(b -> b <= budget).toList());
        }
        return new RunRecord(r.runId(), r.groupHash(), r.configHash(), r.source(), r.replica(), r.config(), r.knobs(), Outcome.NOT_LEARNED, null,
                budget, budget, r.evalEvery(), r.budgets().stream().filter(b -> b <= budget).toList());
    }

    public static void main(String[] args) {
        String src = args.length > 0 ? args[0] : "synthetic";
        List<RunRecord> runs;
        if (src.equals("synthetic")) runs = SyntheticCorpus.generate(500, 3, 1);
        else try (Store s = JdbcStore.open(StoreLocation.parse(src, "db"))) {
            runs = Corpus.runs(s);
        }
        io.learncast.forecast.model.Basis.Spec lin = new io.learncast.forecast.model.Basis.Spec(false, false, true, io.learncast.forecast.model.Basis.Spec.defaults().key());
        List<Candidate> cs = List.of(
                new Candidate.Cure(lin, 1, 1),
                new Candidate.Cure(io.learncast.forecast.model.Basis.Spec.defaults(), 3, 3),
                new Candidate.CureTrees(new Candidate.Cure(lin, 1, 1), BoostedCure.Spec.defaults().withRounds(25)),
                new Candidate.Boost(new TreeModel.BoostParams(150, 20, 4, 5, 0.1, 0.7)),
                new Candidate.Boost(new TreeModel.BoostParams(300, 20, 8, 5, 0.05, 0.7)),
                new Candidate.Forest(new TreeModel.ForestParams(300, 0, 20, 1000, 2, 1.0)),
                new Candidate.Logistic(0.1));
        Map<String, Predicate<RunRecord>> splits = new LinkedHashMap<>();
        splits.put("width ≤ 64 → wider", r -> r.knobs().width() <= 64);
        splits.put("lr < 3e-3 → larger lr", r -> r.knobs().lr() < 3e-3);
        splits.put("lr > 2e-3 → smaller lr", r -> r.knobs().lr() > 2e-3);
        splits.put("train fraction ≤ 0.5 or n ≤ 800 → more data", r -> r.knobs().universe() < 1_000_000 ? r.knobs().trainFraction() <= 0.5 : r.knobs().nTrain() <= 800);
        for (Map.Entry<String, Predicate<RunRecord>> e : splits.entrySet()) {
            List<RunRecord> train = runs.stream().filter(e.getValue()).toList();
            List<RunRecord> test = runs.stream().filter(e.getValue().negate()).toList();
            report(e.getKey(), FeatureTable.fromRecords(train, FeatureTable.Options.defaults()), FeatureTable.fromRecords(test, FeatureTable.Options.defaults()), cs);
        }
        // budgets: fit on every run cut at 1000 steps, score the rows above 1000 steps of other configs
        List<RunRecord> trainRuns = new ArrayList<>(), testRuns = new ArrayList<>();
        for (RunRecord r : runs) {
            if ((r.groupHash().hashCode() & 1) == 0) trainRuns.add(truncate(r, 1000)); else testRuns.add(r);
        }
        FeatureTable test = FeatureTable.fromRecords(testRuns, FeatureTable.Options.defaults()).filter(row -> row.budget() > 1000);
        report("budget ≤ 1000 → larger budgets (other configs)", FeatureTable.fromRecords(trainRuns, FeatureTable.Options.defaults()), test, cs);
    }

    static void report(String name, FeatureTable train, FeatureTable test, List<Candidate> cs) {
        System.out.printf(Locale.ROOT, "%n%s: train %d rows (%d runs), test %d rows, %.2f learned%n", name, train.size(), train.runs().size(), test.size(),
                java.util.Arrays.stream(test.y()).average().orElse(0));
        double[] s = null, g = null;
        for (Candidate c : cs) {
            ProbabilityModel m = c.fit(train, 1);
            double[] p = new double[test.size()];
            for (int i = 0; i < p.length; i++) p[i] = m.probability(test.row(i).x());
            if (c instanceof Candidate.CureTrees) s = p;
            if (c instanceof Candidate.Boost && g == null) g = p;
            print(c.name().length() > 40 ? c.name().substring(0, 40) : c.name(), CrossValidation.score(test, p));
        }
        if (s != null && g != null) {
            double[] b = new double[s.length];
            for (int i = 0; i < b.length; i++) {
                double ls = Math.log(Math.max(1e-6, Math.min(1 - 1e-6, s[i])) / (1 - Math.max(1e-6, Math.min(1 - 1e-6, s[i]))));
                double lg = Math.log(Math.max(1e-6, Math.min(1 - 1e-6, g[i])) / (1 - Math.max(1e-6, Math.min(1 - 1e-6, g[i]))));
                b[i] = 1 / (1 + Math.exp(-(0.75 * ls + 0.25 * lg)));
            }
            print("blend 0.75 cure+trees / 0.25 gbt", CrossValidation.score(test, b));
        }
    }

    static void print(String n, Metrics m) {
        System.out.printf(Locale.ROOT, "  %-40s brier %.4f  logloss %.4f  auc %.4f  acc %.4f%n", n, m.brier(), m.logLoss(), m.auc(), m.accuracy());
    }
}
