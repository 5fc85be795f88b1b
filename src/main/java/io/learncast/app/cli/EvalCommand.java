package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.eval.metrics.Interval;
import io.learncast.eval.scoring.Ceiling;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.LedgerScore;
import io.learncast.eval.scoring.ModelScore;
import io.learncast.eval.scoring.SplitScore;
import io.learncast.eval.split.Split;
import io.learncast.farm.store.Store;
import io.learncast.forecast.model.ForecasterFitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code learncast eval}: score the forecaster against baselines and the seed-noise ceiling, per split, and the prospective ledger. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score the forecaster honestly: on each split it is refitted on the fit side (model search included) and scored on the held-out "
                + "configs, beside a plain GBT, a logistic model on log compute alone and the majority class; AUC, Brier, log loss, accuracy, "
                + "calibration error and the steps-to-learn error, each with a 95%% group-bootstrap interval; the seed-noise ceiling; and the "
                + "prospective ledger (forecasts recorded before their runs were trained)."})
final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin StoreOption store;

    @Option(names = "--split", paramLabel = "S",
            description = {"A split (repeatable; default kfold): kfold[:K] (grouped random K-fold, default 5); test:FIELD OP VALUE (fit on the rest, "
                    + "e.g. test:width>64, test:p>=50); test:FIELD=LOW..HIGH (hold out a range, e.g. test:lr=3e-3..1e-2); leave-out:FIELD "
                    + "(one fold per value, e.g. leave-out:task). A config's seeds and budgets always stay on one side."})
    List<String> splits = new ArrayList<>();

    @Option(names = "--search", defaultValue = "quick", description = "The forecaster's model search in every fold: quick, standard or full (default ${DEFAULT-VALUE}).")
    String search;

    @Option(names = "--resamples", defaultValue = "1000", description = "Group-bootstrap resamples per interval (default ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Option(names = "--property", paramLabel = "P", description = "Score forecasts of a property read off the stored curves instead of the one runs were trained for: "
            + "'train_acc>=0.99', 'test_loss<=0.5,hold=2', grokking[:k=3,…] or memorisation[:level=0.5,…]. Censored labels (curves ending before "
            + "the property is decided) are never scored; exits 2 when the corpus cannot label it.")
    String property;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<Split> parsed = (splits.isEmpty() ? List.of("kfold") : splits).stream().map(Split::parse).toList();
        Evaluator.Options o = Evaluator.Options.defaults().withSearch(search(search)).withResamples(resamples);
        if (resamples < 0 || resamples > 100_000) throw new UserError("--resamples", "resamples " + resamples + " is out of range", "0–100000 (default 1000)");
        io.learncast.data.property.CurveProperty prop = property == null ? null : io.learncast.data.property.CurveProperty.parse(property, "--property");
        try (Store s = store.open()) {
            if (prop != null) {
                var labels = io.learncast.forecast.property.PropertyLabels.load(s, prop).require(io.learncast.forecast.property.PropertyLabels.MIN_LABELLED, "--property");
                o = o.withProperty(labels);
                if (!json) out.println(PropertyText.census(labels.census()));
            }
            Evaluation e = Evaluation.run(s, parsed, o, s.now(), line -> {
                if (!json) {
                    out.println(line);
                    out.flush();
                }
            });
            if (json) Console.json(out, e);
            else print(out, e);
        }
        return Cli.OK;
    }

    static ForecasterFitter.Search search(String text) {
        try {
            return ForecasterFitter.Search.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw new UserError("--search", "unknown search '" + text + "'", "quick, standard or full");
        }
    }

    static void print(PrintWriter out, Evaluation e) {
        Evaluation.Provenance p = e.provenance();
        out.println();
        out.println("corpus: " + p.corpusRuns() + " finished runs in " + p.store() + " (hash " + p.corpusHash().substring(0, 12) + "); code " + p.codeVersion()
                + (p.activeModel() == null ? "; no forecaster registered" : "; active forecaster #" + p.activeModel()));
        for (SplitScore s : e.splits()) {
            out.println();
            print(out, s);
        }
        out.println();
        LedgerScore l = e.ledger();
        if (l.entries() == 0) {
            out.println("prospective ledger: empty (`learncast forecast` records every forecast for a config not yet trained; it is scored here once that config is)");
        } else {
            out.println("prospective ledger: " + l.entries() + " forecasts, " + l.scored() + " scored" + (l.newlyScored() > 0 ? " (" + l.newlyScored() + " just now)" : "")
                    + ", " + l.pending() + " waiting for their runs; hash chain " + (l.chainIntact() ? "intact" : "BROKEN"));
            if (l.score() != null) {
                ModelScore m = l.score();
                out.println("  Brier " + m.brier().format() + " · AUC " + m.auc().format() + " · log loss " + m.logLoss().format() + " · accuracy "
                        + m.accuracy().format());
            }
        }
        out.flush();
    }

    static void print(PrintWriter out, SplitScore s) {
        out.printf(Locale.ROOT, "split %s: %d fold%s, %d runs scored (%d rows at their budgets), %s of rows learned%n", s.split(), s.folds(),
                s.folds() == 1 ? "" : "s", s.scoredRuns(), s.scoredRows(), Console.pct(s.learnedFraction()));
        Console.Table t = new Console.Table("model", "AUC", "Brier", "log loss", "accuracy", "ECE", "steps |log2 err|");
        for (ModelScore m : s.models()) {
            t.row(m.model(), f(m.auc()), f(m.brier()), f(m.logLoss()), f(m.accuracy()), f(m.ece()),
                    m.stepsLog2Error() == null ? "-" : f(m.stepsLog2Error()) + " (" + m.stepsN() + " runs)");
        }
        t.print(out);
        Ceiling c = s.ceiling();
        if (c != null) {
            out.printf(Locale.ROOT, "ceiling (seed noise): a seed's outcome predicted by its siblings has Brier %.4f over %d rows of %d multi-seed cells "
                    + "(%s of cells mixed); the forecaster's Brier on those rows is %.4f = %.2f× the ceiling, %.2f× the irreducible floor %.4f%n",
                    c.siblingBrier(), c.rows(), c.cells(), Console.pct(c.mixedCells()), c.forecasterBrier(), c.ratio(), c.floorRatio(), c.floor());
        }
        ModelScore fc = s.model(Evaluator.FORECASTER), gbt = s.model(Evaluator.GBT);
        if (fc != null && gbt != null) out.printf(Locale.ROOT, "forecaster Brier / GBT Brier = %.2f%n", fc.brier().value() / gbt.brier().value());
        SplitScore.StepsCoverage sc = s.stepsInterval();
        if (sc != null) out.printf(Locale.ROOT, "steps-to-learn 80%% interval held %d of %d held-out learners' steps (%s; calibrated: 70–90%%), median width %.2f log2 steps%n",
                sc.covered(), sc.runs(), Console.pct(sc.coverage()), sc.medianWidthLog2());
        for (String n : s.notes()) out.println("note: " + n);
    }

    private static String f(Interval i) { return i == null ? "-" : i.format(); }
}
