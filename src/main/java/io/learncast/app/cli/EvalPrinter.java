package io.learncast.app.cli;

import io.learncast.eval.metrics.Interval;
import io.learncast.eval.scoring.Ceiling;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.LedgerScore;
import io.learncast.eval.scoring.ModelScore;
import io.learncast.eval.scoring.SplitScore;

import java.io.PrintWriter;
import java.util.Locale;

/** Scores as text: an evaluation's splits and ledger ({@code eval}), one split's table ({@code quickstart}). */
final class EvalPrinter {
    private EvalPrinter() {}

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
                    + "(%s of cells mixed); the forecaster's Brier on those rows is %.4f = %.2f× the ceiling, %s the irreducible floor %.4f%n",
                    c.siblingBrier(), c.rows(), c.cells(), Console.pct(c.mixedCells()), c.forecasterBrier(), c.ratio(), c.floorRatioText(), c.floor());
        }
        ModelScore fc = s.model(Evaluator.FORECASTER), gbt = s.model(Evaluator.GBT);
        if (fc != null && gbt != null) out.printf(Locale.ROOT, "forecaster Brier / GBT Brier = %.2f%n", fc.brier().value() / gbt.brier().value());
        SplitScore.StepsCoverage sc = s.stepsInterval();
        if (sc != null) out.printf(Locale.ROOT, "steps-to-learn 80%% interval held %d of %d held-out learners' steps (%s; calibrated: 70–90%%), median width %.2f log2 steps%n",
                sc.covered(), sc.runs(), Console.pct(sc.coverage()), sc.medianWidthLog2());
        SplitScore.NeverLearned nl = s.neverLearned();
        if (nl != null && nl.fired() > 0) out.printf(Locale.ROOT, "never_learned: P held to 3 ÷ the runs of a value that never learned on %d of %d held-out rows (mean P %.2f), %d of which learned%n",
                nl.fired(), nl.rows(), nl.meanP(), nl.learned());
        for (String n : s.notes()) out.println("note: " + n);
    }

    private static String f(Interval i) { return i == null ? "-" : i.format(); }
}
