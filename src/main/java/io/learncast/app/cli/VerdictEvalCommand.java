package io.learncast.app.cli;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.forecast.verdict.CurveFeatures;
import io.learncast.forecast.verdict.FittedVerdict;
import io.learncast.forecast.verdict.StopTrials;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictEval;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictPolicy;
import io.learncast.forecast.verdict.VerdictReport;
import io.learncast.forecast.verdict.VerdictRows;
import io.learncast.forecast.verdict.VerdictTransfer;
import io.learncast.forecast.features.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code learncast verdict eval}: grouped-CV scores of the verdict, the compute it saves, the threshold
 * its bound allows, and late learners it stops versus a median pruner; {@code --leave-out} holds out a
 * whole task, task parameter (p) or sweep; {@code --verdict-db} scores another store's verdict on this
 * store's runs (transfer).
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the early verdict on the stored curves by grouped cross-validation (configs held out): AUC and Brier at 5, 10, 25 and 50 %% "
                + "of the budget, compute saved at a given loss of learners, the threshold `--early-stop auto` would take under the bound, and late "
                + "learners (memorised first, generalised later) stopped by the verdict versus an Optuna-style median pruner. Registers nothing.",
                "--leave-out task|p|sweep: fit without one task kind / task parameter set / sweep at a time (its threshold chosen without it) "
                        + "and score it on the held-out runs. --verdict-db: score another store's verdict, unchanged, on this store's runs."})
final class VerdictEvalCommand extends StoreBackedCommand {
    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds over config groups (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--min-fraction", paramLabel = "F", defaultValue = "" + VerdictPolicy.DEFAULT_MIN_FRACTION,
            description = "Stopping rules act from this fraction of the budget on (default ${DEFAULT-VALUE}).")
    double minFraction;

    @Option(names = "--leave-out", paramLabel = "task|p|sweep",
            description = "Hold out one task kind (task), one task with its parameters, e.g. modadd:p=47 (p), or one sweep (sweep) at a time.")
    String leaveOut;

    @Mixin VerdictSourceOption verdictSource;

    @Option(names = "--features", paramLabel = "SET", defaultValue = "scale-free", description = "The verdict's features: scale-free or full (default ${DEFAULT-VALUE}).")
    String features;

    @Mixin StopBoundOptions stopBound;

    @Option(names = "--seed", description = "Seed of the folds and the trees (default: the master seed).")
    Long seed;

    @Mixin JsonOption json;

    private VerdictCorpus.LeaveOut by; // set by check()
    private VerdictFitter.Options options; // set by check()

    @Override
    protected void check() {
        if (folds < 2 || folds > 50) throw new UserError("--folds", "folds " + folds + " is out of range", "2–50");
        if (!(minFraction >= 0 && minFraction < 1)) throw new UserError("--min-fraction", "fraction " + minFraction + " is outside [0, 1)", "e.g. 0.1");
        if (leaveOut != null && verdictSource.verdictDb != null) {
            throw new UserError("--leave-out", "both --leave-out and --verdict-db given", "--leave-out fits verdicts here; --verdict-db scores another store's");
        }
        by = leaveOut == null ? null : VerdictCorpus.LeaveOut.parse(leaveOut, "--leave-out");
        options = VerdictFitter.Options.defaults().withFolds(folds).withFeatureSet(CurveFeatures.FeatureSet.parse(features, "--features"))
                .withBound(stopBound.bound());
        if (seed != null) options = options.withSeed(seed);
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        if (verdictSource.verdictDb != null) return transfer(s, options, out);
        VerdictCorpus.Loaded corpus = VerdictCorpus.load(s);
        if (by != null) {
            VerdictTransfer.LeaveOut r = VerdictTransfer.leaveOut(by.key(), corpus.records(), corpus.curves(), by.of(corpus), options, minFraction);
            if (json.on()) Console.json(out, r);
            else printLeaveOut(out, r, options);
            return Cli.OK;
        }
        VerdictRows rows = corpus.rows();
        VerdictFitter.Result fit = VerdictFitter.fit(rows, options);
        VerdictEval.Result r = VerdictEval.score(rows, fit.outOfFold(), minFraction, options.bound());
        if (json.on()) Console.json(out, r);
        else print(out, r);
        return Cli.OK;
    }

    /** Another store's verdict on this store's runs; runs of configs the verdict was fitted on are left out. */
    private int transfer(Store s, VerdictFitter.Options o, PrintWriter out) {
        VerdictSourceOption.Source src = verdictSource.load(s, "--verdict-db");
        FittedVerdict v = src.loaded().verdict();
        VerdictCorpus.Loaded corpus = VerdictCorpus.load(s);
        Set<String> seen = new HashSet<>();
        if (v.trials() != null) for (StopTrials.Run r : v.trials().runs()) seen.add(r.group());
        List<RunRecord> unseen = corpus.records().stream().filter(r -> !seen.contains(r.groupHash())).toList();
        int dropped = corpus.records().size() - unseen.size();
        VerdictRows rows = VerdictRows.build(unseen, corpus.curves(), VerdictRows.FRACTIONS);
        if (rows.size() == 0) {
            throw new UserError("--verdict-db", "no run here is new to " + src.label() + " (" + dropped + " of its configs are in its corpus)",
                    "score it on a store of runs it was not fitted on");
        }
        VerdictTransfer.HeldOut h = VerdictTransfer.score(s.location().toString(), v, rows, stopBound.bound(v), minFraction);
        if (json.on()) {
            Console.json(out, new HeldOutJson(src.label(), dropped, h));
            return Cli.OK;
        }
        out.println(src.label() + " (fitted on " + v.report().corpusRuns() + " runs, " + v.report().featureSet() + " features) on the "
                + h.runs() + " runs of " + s.location() + (dropped > 0 ? " (" + dropped + " runs of configs in its corpus left out)" : ""));
        for (String n : h.notes()) out.println("note: " + n);
        printHeldOut(out, List.of(h), true);
        printPolicies(out, h);
        return Cli.OK;
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
        StoppingPrinter.print(out, r.safe());
        out.flush();
    }

    private static void printLeaveOut(PrintWriter out, VerdictTransfer.LeaveOut r, VerdictFitter.Options o) {
        out.println("leave-out by " + r.by() + ": each held-out set scored by a verdict fitted without it (" + o.featureSet().key()
                + " features), its --early-stop auto threshold chosen without it, keeping " + o.bound().describe());
        List<VerdictTransfer.HeldOut> all = new java.util.ArrayList<>(r.heldOut());
        all.add(r.pooled());
        printHeldOut(out, all, false);
        for (VerdictTransfer.HeldOut h : r.heldOut()) {
            if (h.chosen() != null && !h.chosen().acts()) out.println("without " + h.label() + ": the verdict refuses to act — " + h.chosen().refusal());
        }
        for (String n : r.pooled().notes()) out.println(n);
        out.flush();
    }

    private static void printHeldOut(PrintWriter out, List<VerdictTransfer.HeldOut> hs, boolean single) {
        Console.Table t = new Console.Table("held out", "runs", "learned", "late", "AUC 5 %", "10 %", "25 %", "50 %", "auto P", "learners stopped",
                "late stopped", "compute saved", "P < 0.01: learners · late · saved");
        for (VerdictTransfer.HeldOut h : hs) {
            String auto;
            String ls = "", lates = "", saved = "";
            if (h.applied() != null) {
                auto = h.applied().threshold() == null ? "each its own" : EarlyStopSetup.num(h.applied().threshold());
                ls = frac(h.applied().learnersStopped(), h.applied().learners()) + " (≤ " + pct(h.applied().learnerLossUpper()) + ")";
                lates = frac(h.applied().lateLearnersStopped(), h.applied().lateLearners()) + " (≤ " + pct(h.applied().lateLossUpper()) + ")";
                saved = Console.pct(h.applied().savedShare());
            } else {
                auto = "refuses";
            }
            VerdictEval.PolicyScore p01 = h.policies().stream().filter(p -> p.threshold() != null && Math.abs(p.threshold() - 0.01) < 1e-12).findFirst().orElseThrow();
            t.row(single ? "these runs" : h.label(), h.runs(), h.learners(), h.lateLearners(), auc(h, 0.05), auc(h, 0.1), auc(h, 0.25), auc(h, 0.5), auto, ls, lates,
                    saved, frac(p01.learnersStopped(), p01.learners()) + " · " + frac(p01.lateLearnersStopped(), p01.lateLearners()) + " · "
                            + Console.pct(p01.savedShare()));
        }
        t.print(out);
        if (single && hs.get(0).chosen() != null && !hs.get(0).chosen().acts()) {
            out.println("--early-stop auto: the verdict refuses to act — " + hs.get(0).chosen().refusal());
        }
    }

    private static void printPolicies(PrintWriter out, VerdictTransfer.HeldOut h) {
        Console.Table p = new Console.Table("rule", "stopped", "learners stopped", "late learners stopped", "compute saved");
        for (VerdictEval.PolicyScore s : h.policies()) p.row(s.name(), s.stopped(), frac(s.learnersStopped(), s.learners()),
                frac(s.lateLearnersStopped(), s.lateLearners()), Console.pct(s.savedShare()));
        VerdictEval.PolicyScore m = h.medianPruner();
        p.row(m.name(), m.stopped(), frac(m.learnersStopped(), m.learners()), frac(m.lateLearnersStopped(), m.lateLearners()), Console.pct(m.savedShare()));
        p.print(out);
        out.flush();
    }

    private static String auc(VerdictTransfer.HeldOut h, double f) {
        double a = h.aucAt(f);
        return Double.isNaN(a) ? "–" : String.format(Locale.ROOT, "%.3f", a);
    }

    private static String pct(double share) { return Double.isNaN(share) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * share); }

    private static String frac(int k, int n) { return k + "/" + n; }

    /** What {@code verdict eval --verdict-db … --json} prints: the verdict scored on runs it was not fitted on. */
    @JsonPropertyOrder(alphabetic = true) // the order it had as a sorted map
    record HeldOutJson(@JsonProperty("verdict_model") String verdictModel, @JsonProperty("runs_left_out_seen_by_the_verdict") int runsLeftOut,
                       @JsonProperty("result") VerdictTransfer.HeldOut result) {}
}
