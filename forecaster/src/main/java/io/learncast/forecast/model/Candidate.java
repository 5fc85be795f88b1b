package io.learncast.forecast.model;

import io.learncast.forecast.features.FeatureTable;
import io.learncast.forecast.features.RunRecord;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * A model family with its hyperparameters: something that can be fitted on a table's training rows
 * and compared with others by grouped cross-validation. Tree models and the logistic baseline are made
 * monotone in the budget by a {@link BudgetEnvelope}; the structured model is monotone by construction.
 */
public sealed interface Candidate {

    /** Family and hyperparameters, e.g. {@code gbt(trees=300,nodes=8,shrinkage=0.05,subsample=0.7)}. */
    String name();

    /** The family: cure, gbt, rf or logistic. */
    String family();

    ProbabilityModel fit(FeatureTable train, long seed);

    /** The distinct budgets of a table: the grid of the budget envelope. */
    static long[] budgetGrid(FeatureTable t) {
        // labels that can flip back as the budget grows (memorisation read off curves): no envelope
        for (FeatureTable.Row r : t.rows()) if (r.run().label() != null && r.run().label().pointwise() != null) return new long[0];
        TreeSet<Long> b = new TreeSet<>();
        for (FeatureTable.Row r : t.rows()) b.add(r.budget());
        while (b.size() > 24) {
            // thin a huge grid evenly (on the log scale) to keep queries fast
            TreeSet<Long> thin = new TreeSet<>();
            int i = 0;
            for (long v : b) if (i++ % 2 == 0) thin.add(v);
            thin.add(b.last());
            b = thin;
        }
        return b.stream().mapToLong(Long::longValue).toArray();
    }

    /** The structured mixture-cure model with a log-logistic steps-to-learn. */
    record Cure(Basis.Spec basis, double lambdaPi, double lambdaMu) implements Candidate {
        public static Cure defaults() { return new Cure(Basis.Spec.defaults(), 1.0, 1.0); }

        @Override public String name() {
            String b = (basis.products() ? "quadratic" : basis.squares() ? "squares" : "linear") + (basis.deviations() ? "" : ",shared")
                    + (basis.spread() ? ",σ(x)" : "");
            return String.format(Locale.ROOT, "cure(%s,λπ=%s,λμ=%s)", b, fmt(lambdaPi), fmt(lambdaMu));
        }

        @Override public String family() { return "cure"; }

        @Override public CureProbability fit(FeatureTable train, long seed) { return new CureProbability(fitModel(train.runs())); }

        public CureModel fitModel(List<RunRecord> runs) {
            Basis b = Basis.build(runs.stream().map(r -> io.learncast.forecast.features.Features.config(r.knobs())).toList(), basis);
            return CureFitter.fit(b, runs, null, penalty(), null);
        }

        public CureFitter.Penalty penalty() { return new CureFitter.Penalty(lambdaPi, lambdaMu, 1.0); }
    }

    /** The structured model plus boosted tree corrections of π and μ ({@link BoostedCure}). */
    record CureTrees(Cure backbone, BoostedCure.Spec spec) implements Candidate {
        public static CureTrees defaults() { return new CureTrees(Cure.defaults(), BoostedCure.Spec.defaults()); }

        @Override public String name() {
            return String.format(Locale.ROOT, "cure+trees(%s,rounds=%d,shrinkage=%s,leaves=%d%s)", backbone.name(), spec.rounds(), fmt(spec.shrinkage()), spec.maxNodes(),
                    spec.monotone() == null || spec.monotone().isEmpty() ? "" : ",π monotone in data");
        }

        @Override public String family() { return "cure+trees"; }

        @Override public ProbabilityModel fit(FeatureTable train, long seed) { return new BoostedProbability(fitModel(train.runs(), seed)); }

        public BoostedCure fitModel(List<RunRecord> runs, long seed) {
            return BoostedCure.fit(backbone.fitModel(runs), runs, spec, seed);
        }

        public CureTrees withRounds(int r) { return new CureTrees(backbone, spec.withRounds(r)); }
    }

    /**
     * An ensemble: the log-odds of a structured candidate and another candidate averaged with weights
     * w and 1 − w. Both members are monotone in the budget, so the blend is too.
     */
    record Blend(Candidate structured, Candidate other, double weight) implements Candidate {
        @Override public String name() {
            return String.format(Locale.ROOT, "blend(%.2f·%s + %.2f·%s)", weight, structured.name(), 1 - weight, other.name());
        }

        @Override public String family() { return "blend"; }

        @Override public ProbabilityModel fit(FeatureTable train, long seed) {
            return new BlendModel(List.of(structured.fit(train, seed), other.fit(train, seed)), new double[] {weight, 1 - weight});
        }
    }

    /** Smile gradient-boosted trees. */
    record Boost(TreeModel.BoostParams params) implements Candidate {
        @Override public String name() {
            return String.format(Locale.ROOT, "gbt(trees=%d,nodes=%d,depth=%d,shrinkage=%s,subsample=%s,nodeSize=%d)", params.trees(), params.maxNodes(),
                    params.maxDepth(), fmt(params.shrinkage()), fmt(params.subsample()), params.nodeSize());
        }

        @Override public String family() { return "gbt"; }

        @Override public ProbabilityModel fit(FeatureTable train, long seed) {
            return new BudgetEnvelope(TreeModel.boost(train.x(), train.y(), params, seed), budgetGrid(train));
        }
    }

    /** Smile random forest. */
    record Forest(TreeModel.ForestParams params) implements Candidate {
        @Override public String name() {
            return String.format(Locale.ROOT, "rf(trees=%d,mtry=%d,nodeSize=%d,nodes=%d)", params.trees(), params.mtry(), params.nodeSize(), params.maxNodes());
        }

        @Override public String family() { return "rf"; }

        @Override public ProbabilityModel fit(FeatureTable train, long seed) {
            return new BudgetEnvelope(TreeModel.forest(train.x(), train.y(), params, seed), budgetGrid(train));
        }
    }

    /**
     * Smile logistic regression on standardised features: all of them ({@code features} null), or a
     * subset, e.g. {@code List.of("log10_flops")} for a scaling-law baseline on log compute alone.
     */
    record Logistic(double lambda, List<String> features) implements Candidate {
        public Logistic(double lambda) { this(lambda, null); }

        @Override public String name() {
            return "logistic(λ=" + fmt(lambda) + (features == null ? "" : "," + String.join("+", features)) + ")";
        }

        @Override public String family() { return "logistic"; }

        @Override public ProbabilityModel fit(FeatureTable train, long seed) {
            int[] cols = features == null ? null : features.stream().mapToInt(io.learncast.forecast.features.Features::index).toArray();
            return new BudgetEnvelope(LogisticModel.fit(train.x(), train.y(), lambda, cols), budgetGrid(train));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v) : Double.toString(v);
    }
}
