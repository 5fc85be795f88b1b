package io.learncast.app.cli;

import io.learncast.app.json.FitJson;
import io.learncast.common.UserError;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoreLocation;
import io.learncast.farm.store.jdbc.JdbcStore;
import io.learncast.forecast.judge.JudgeFitter;
import io.learncast.forecast.judge.JudgeModel;
import io.learncast.forecast.judge.JudgeRegistry;
import io.learncast.forecast.judge.JudgeReport;
import io.learncast.forecast.judge.JudgeRows;
import io.learncast.forecast.judge.JudgeTransfer;
import io.learncast.forecast.judge.Judges;
import io.learncast.farm.config.knob.Knob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code learncast judge fit}: fit the judge on every stored checkpoint with weight measures, score it out of fold, register it. */
@Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fit the judge on every evaluation of the finished runs that carry weight measures (features: weight measures and "
                + "training-set metrics; labels: the test curve), score it with grouped cross-validation (a config's seeds and budgets together) "
                + "beside baselines (training accuracy alone, weight norm alone), and register it as the active judge: per target (now, within Δ) the "
                + "head (the mean of the classifier and the test-accuracy regression, or either alone) and the boosting hyperparameters "
                + "(150 trees × 4 leaves or 300 × 8) chosen by AUC on the corpus's inner grouped folds — the choice --compare's nested line "
                + "makes per outer fold."})
final class JudgeFitCommand extends StoreBackedCommand {
    @Option(names = "--delta", paramLabel = "STEPS", defaultValue = "" + Judges.DEFAULT_DELTA,
            description = "Δ of \"learned within Δ steps\" (default ${DEFAULT-VALUE}).")
    long delta;

    @Option(names = "--folds", defaultValue = "5", description = "Cross-validation folds over config groups (default ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "19", description = "Seed of the folds and the trees (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--arch", paramLabel = "ARCH", description = "Fit on one architecture's runs only: mlp or transformer (default: all).")
    String arch;

    @Option(names = "--transfer", description = "Instead of fitting: fit on the MLP runs and score on the transformer runs, and the other way "
            + "round (AUC, Brier, lead); registers nothing. Needs runs of both.")
    boolean transfer;

    @Option(names = "--also-db", paramLabel = "FOLDER|URL", description = "Pool the runs of a further store into the corpus (repeatable; "
            + "the report names each run by its store and its id there). The judge is registered in --db.")
    List<String> alsoDb = new java.util.ArrayList<>();

    @Option(names = "--compare", description = "Also score alternative judges out of fold on the same folds (a regression of test accuracy, "
            + "a judge stacked on it, their mean, three seeds bagged) and the judge chosen among the classifier, the regression and their mean "
            + "by nested cross-validation (each outer fold chooses on its own fitting rows, the boosting hyperparameters too: the judge's, or "
            + "300 trees × 8 leaves): AUC, Brier, ECE and lead side by side; the judge registered is the same (the registered procedure's "
            + "honest score is that nested line). Slower: per fold it also fits "
            + "the stacked and bagged classifiers, the judge with the other hyperparameters, and one classifier per inner fold and grid point.")
    boolean compare;

    @Option(names = "--trees", hidden = true, paramLabel = "N", description = "For measurement: boosting rounds of every judge model "
            + "(default: the judge's, 150). The registered judge is fitted with these, and --compare's nested choice then chooses among "
            + "the judges with these alone, not over its grid.")
    Integer trees;

    @Option(names = "--max-nodes", hidden = true, paramLabel = "N", description = "For measurement: leaves per tree (default: the judge's, 4).")
    Integer maxNodes;

    @Option(names = "--shrinkage", hidden = true, paramLabel = "X", description = "For measurement: learning rate (default: the judge's, 0.05).")
    Double shrinkage;

    @Mixin JsonOption json;

    private Knob.Arch only;
    /** The further stores pooled (provenance in the report). */
    private final List<String> pooled = new java.util.ArrayList<>();

    @Override
    protected void check() {
        if (folds < 2 || folds > 50) throw new UserError("--folds", "folds " + folds + " is out of range", "2–50");
        if (delta < 1 || delta > 10_000_000) throw new UserError("--delta", "Δ " + delta + " is out of range", "a number of steps, e.g. 500");
        if (trees != null && (trees < 1 || trees > 5000)) throw new UserError("--trees", "trees " + trees + " is out of range", "1–5000");
        if (maxNodes != null && (maxNodes < 2 || maxNodes > 1024)) throw new UserError("--max-nodes", "max nodes " + maxNodes + " is out of range", "2–1024");
        if (shrinkage != null && !(shrinkage > 0 && shrinkage <= 1)) throw new UserError("--shrinkage", "shrinkage " + shrinkage + " is out of range", "(0, 1], e.g. 0.05");
        only = arch == null ? null : Knob.Arch.parse(arch, "--arch");
        for (String a : alsoDb) {
            if (StoreLocation.missingEmbedded(a, "--also-db").isPresent()) {
                throw new UserError("--also-db", "no store in " + a, "give the folder (or URL) of a store with runs that carry weight measures");
            }
        }
        if (transfer && only != null) throw new UserError("--transfer", "--transfer scores one architecture on the other; --arch keeps only one",
                "drop --arch");
    }

    @Override
    protected int run(Store s, PrintWriter out) {
        JudgeRows rows;
        if (alsoDb.isEmpty()) {
            rows = Judges.rows(s, delta);
        } else {
            List<Store> more = new java.util.ArrayList<>();
            try {
                for (String a : alsoDb) more.add(JdbcStore.open(StoreLocation.parse(a, "--also-db")));
                for (Store m : more) pooled.add(m.location().toString());
                List<Store> all = new java.util.ArrayList<>(List.of(s));
                all.addAll(more);
                rows = Judges.rows(all, delta);
            } finally {
                for (Store m : more) m.close();
            }
        }
        if (only != null) rows = rows.only(only);
        if (rows.rows().isEmpty()) throw new UserError("judge", "no finished " + (only == null ? "" : only.key() + " ") + "run in " + s.location()
                + " has weight measures", "train runs with the fast trainer (it stores them at every evaluation), e.g. learncast farm enqueue grids/judge-modadd.yaml");
        JudgeFitter.Options o = JudgeFitter.Options.defaults();
        JudgeModel.Params d = o.params();
        JudgeModel.Params p = new JudgeModel.Params(trees == null ? d.trees() : trees, d.maxDepth(), maxNodes == null ? d.maxNodes() : maxNodes,
                d.nodeSize(), shrinkage == null ? d.shrinkage() : shrinkage, d.subsample());
        // hyperparameters given for measurement: the nested choice (--compare) chooses among the judges with these alone
        boolean given = trees != null || maxNodes != null || shrinkage != null;
        o = new JudgeFitter.Options(folds, seed, p, o.trajectories(), compare, given ? List.of(p) : o.grid());
        if (transfer) return transfer(rows, o, out);
        JudgeFitter.Fitted f = JudgeFitter.fit(rows, o);
        if (!pooled.isEmpty()) f = new JudgeFitter.Fitted(f.full(), f.weights(), f.report().withPooledFrom(s.location().toString(), pooled));
        long id = JudgeRegistry.save(s, f);
        if (json.on()) {
            Console.json(out, new FitJson<>(id, f.report()));
            return Cli.OK;
        }
        print(out, id, f.report());
        return Cli.OK;
    }

    private int transfer(JudgeRows rows, JudgeFitter.Options o, PrintWriter out) {
        List<JudgeTransfer.Score> scores = JudgeTransfer.score(rows, o);
        if (scores.isEmpty()) throw new UserError("--transfer", "the store's runs with weight measures are all of one architecture",
                "train both, e.g. learncast farm enqueue grids/judge-modadd.yaml and grids/judge-transformer-modadd.yaml");
        if (json.on()) {
            Console.json(out, scores);
            return Cli.OK;
        }
        out.println("judge fitted on one architecture's checkpoints, scored on the other's (nothing registered)");
        Console.Table t = new Console.Table("fitted on", "scored on", "fit rows", "rows", "positives", "AUC now", "Brier now", "AUC now (weights only)",
                "AUC within " + rows.delta(), "grokking", "memorisers", "P(within) ≥", "false alarms", "median lead");
        for (JudgeTransfer.Score x : scores) {
            t.row(x.fittedOn(), x.scoredOn(), x.fitRows(), x.rows(), x.positives(), Console.num(x.aucNow()), Console.num(x.brierNow()),
                    Console.num(x.aucNowWeights()), Console.num(x.aucWithin()), x.grokkingRuns(), x.memorisers(),
                    String.format(Locale.ROOT, "%.3f", x.threshold()), x.falseAlarms(), Console.num(x.medianLead()));
        }
        t.print(out);
        out.flush();
        return Cli.OK;
    }

    static void print(PrintWriter out, long id, JudgeReport r) {
        out.println(String.format(Locale.ROOT, "judge #%d: %d runs, %d checkpoints, %d configs, %d folds over configs, Δ = %d steps", id, r.runs(), r.rows(),
                r.groups(), r.folds(), r.delta()));
        if (r.pooledFrom() != null && !r.pooledFrom().isEmpty()) out.println("pooled with the runs of " + String.join(", ", r.pooledFrom()));
        Console.Table t = new Console.Table("target", "model", "rows", "positives", "AUC", "Brier", "ECE");
        for (JudgeReport.Score s : r.scores()) t.row(s.target(), s.model(), s.n(), s.positives(), Console.num(s.auc()), Console.num(s.brier()), Console.num(s.ece()));
        t.print(out);
        JudgeReport.Lead l = r.lead();
        out.println(String.format(Locale.ROOT, "grokking runs %d, memorisers %d: at P(within) ≥ %.3f, false alarms %d/%d (%s), median lead %s evaluations",
                l.grokkingRuns(), l.memorisers(), l.threshold(), l.falseAlarms(), l.memorisers(), Console.pct(l.falseAlarmRate()), Console.num(l.medianLead())));
        out.println(String.format(Locale.ROOT, "  at P(within) ≥ 0.5: false alarms %s, median lead %s; P(now) ≥ 0.5: median lead %s", Console.pct(l.falseAlarmRateAtHalf()),
                Console.num(l.medianLeadAtHalf()), Console.num(l.medianLeadNow())));
        out.println(String.format(Locale.ROOT, "  clear memorisers (test accuracy never ≥ 0.5) %d: at P(within) ≥ %.3f, false alarms %d/%d, median lead %s evaluations (%s)",
                l.clearMemorisers(), l.thresholdClear(), l.clearFalseAlarms(), l.clearMemorisers(), Console.num(l.medianLeadClear()),
                l.leadsClear().stream().sorted().map(String::valueOf).collect(java.util.stream.Collectors.joining(" "))));
        if (r.compared() != null) {
            for (JudgeReport.Compared c : r.compared()) {
                JudgeReport.Lead cl = c.lead();
                out.println(String.format(Locale.ROOT, "  %s: at P(within) ≥ %.3f, false alarms %d/%d (%s), median lead %s; clear memorisers: at %.3f, %d/%d, median lead %s",
                        c.model(), cl.threshold(), cl.falseAlarms(), cl.memorisers(), Console.pct(cl.falseAlarmRate()), Console.num(cl.medianLead()),
                        cl.thresholdClear(), cl.clearFalseAlarms(), cl.clearMemorisers(), Console.num(cl.medianLeadClear())));
            }
        }
        if (r.nestedChoices() != null && !r.nestedChoices().isEmpty()) {
            out.println("  nested CV (each outer fold chose on its own fitting rows' inner folds, by inner AUC; candidates: "
                    + String.join(", ", r.nestedChoices().get(0).candidates()) + "):");
            for (JudgeReport.NestedChoice c : r.nestedChoices()) {
                out.println(String.format(Locale.ROOT, "    fold %d: now → %s (inner AUC %s), within → %s (inner AUC %s)", c.fold(), c.now(),
                        c.innerAucNow().stream().map(Console::num).collect(java.util.stream.Collectors.joining(" / ")), c.within(),
                        c.innerAucWithin().stream().map(Console::num).collect(java.util.stream.Collectors.joining(" / "))));
            }
        }
        if (r.registered() != null) {
            JudgeReport.Registered g = r.registered();
            out.println("  registered (chosen as each outer fold chooses, on the whole corpus's inner folds by inner AUC; candidates: "
                    + String.join(", ", g.candidates()) + "):");
            out.println(String.format(Locale.ROOT, "    now → %s [%s] (inner AUC %s), within → %s [%s] (inner AUC %s)", g.nowHead(), g.nowParams(),
                    g.innerAucNow().stream().map(Console::num).collect(java.util.stream.Collectors.joining(" / ")), g.withinHead(), g.withinParams(),
                    g.innerAucWithin().stream().map(Console::num).collect(java.util.stream.Collectors.joining(" / "))));
            if (r.compared() == null || r.compared().isEmpty()) {
                out.println("    (the lines \"judge\" above score the mean at the judge's own hyperparameters out of fold; the registered "
                        + "procedure's out-of-fold score is `judge fit --compare`'s \"judge chosen by nested CV\")");
            }
        }
        if (r.byArch() != null) {
            for (JudgeReport.ArchScore a : r.byArch()) {
                JudgeReport.Lead al = a.lead();
                out.println(String.format(Locale.ROOT, "  %s runs only (%d): AUC now %s, within %s; grokking %d, memorisers %d: at P(within) ≥ %.3f, false alarms %d/%d, median lead %s",
                        a.arch(), a.runs(), Console.num(a.scores().get(0).auc()), Console.num(a.scores().get(1).auc()), al.grokkingRuns(), al.memorisers(),
                        al.threshold(), al.falseAlarms(), al.memorisers(), Console.num(al.medianLead())));
            }
        }
        out.println("active now: `learncast judge RUN`, `learncast judge --weights FILE.npz --task TASK`");
        out.flush();
    }
}
