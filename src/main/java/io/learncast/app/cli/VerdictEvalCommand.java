package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictEval;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictPolicy;
import io.learncast.forecast.verdict.VerdictReport;
import io.learncast.forecast.verdict.VerdictRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code learncast verdict eval}: grouped-CV scores of the verdict, the compute it saves, and late learners it stops versus a median pruner. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the early verdict on the stored curves by grouped cross-validation (configs held out): AUC and Brier at 5, 10, 25 and 50 %% "
                + "of the budget, compute saved at a given loss of learners, and late learners (memorised first, generalised later) "
                + "stopped by the verdict versus an Optuna-style median pruner. Registers nothing."})
final class VerdictEvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds over config groups (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--min-fraction", paramLabel = "F", defaultValue = "" + VerdictPolicy.DEFAULT_MIN_FRACTION,
            description = "Stopping rules act from this fraction of the budget on (default ${DEFAULT-VALUE}).")
    double minFraction;

    @Option(names = "--seed", description = "Seed of the folds and the trees (default: the master seed).")
    Long seed;

    @Option(names = "--json", description = "Print the evaluation as JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (folds < 2 || folds > 50) throw new UserError("--folds", "folds " + folds + " is out of range", "2–50");
        if (!(minFraction >= 0 && minFraction < 1)) throw new UserError("--min-fraction", "fraction " + minFraction + " is outside [0, 1)", "e.g. 0.1");
        VerdictFitter.Options o = VerdictFitter.Options.defaults();
        o = new VerdictFitter.Options(folds, seed == null ? o.seed() : seed, o.params());
        try (Store s = store.open()) {
            VerdictRows rows = VerdictCorpus.rows(s);
            VerdictFitter.Result fit = VerdictFitter.fit(rows, o);
            VerdictEval.Result r = VerdictEval.score(rows, fit.outOfFold(), minFraction);
            if (json) Console.json(out, r);
            else print(out, r);
            return Cli.OK;
        }
    }

    static void print(PrintWriter out, VerdictEval.Result r) {
        out.println(String.format(Locale.ROOT, "%d runs (%d learned, %d late learners), %d cuts; out of fold, configs held out", r.runs(), r.learners(),
                r.lateLearners(), r.rows()));
        Console.Table t = new Console.Table("cut", "runs still training", "of which learn", "AUC", "Brier");
        for (VerdictReport.FractionScore f : r.byFraction()) {
            if (f.metrics() == null) {
                t.row(Math.round(100 * f.fraction()) + " %", 0, 0, "", "");
                continue;
            }
            t.row(Math.round(100 * f.fraction()) + " %", f.rows(), f.learners(), Console.num(f.metrics().auc()), Console.num(f.metrics().brier()));
        }
        t.print(out);
        out.println(String.format(Locale.ROOT, "stopping rules from %.0f %% of the budget:", 100 * r.minFraction()));
        Console.Table p = new Console.Table("rule", "stopped", "learners stopped", "late learners stopped", "compute saved");
        for (VerdictEval.PolicyScore s : r.policies()) p.row(s.name(), s.stopped(), frac(s.learnersStopped(), s.learners()),
                frac(s.lateLearnersStopped(), s.lateLearners()), Console.pct(s.savedShare()));
        VerdictEval.PolicyScore m = r.medianPruner();
        p.row(m.name(), m.stopped(), frac(m.learnersStopped(), m.learners()), frac(m.lateLearnersStopped(), m.lateLearners()), Console.pct(m.savedShare()));
        p.print(out);
        for (VerdictEval.SavingAtLoss a : r.savingAtLoss()) {
            out.println(a.policy() == null
                    ? String.format(Locale.ROOT, "losing ≤ %s of learners: no threshold qualifies", Console.pct(a.maxLoss()))
                    : String.format(Locale.ROOT, "losing ≤ %s of learners: %s saves %s of the compute (%d of %d learners stopped)", Console.pct(a.maxLoss()),
                    a.policy().name(), Console.pct(a.policy().savedShare()), a.policy().learnersStopped(), a.policy().learners()));
        }
        out.flush();
    }

    private static String frac(int k, int n) { return k + "/" + n; }
}
