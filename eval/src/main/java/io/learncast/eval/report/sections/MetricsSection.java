package io.learncast.eval.report.sections;

import io.learncast.eval.metrics.Interval;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.scoring.Ceiling;
import io.learncast.eval.scoring.Evaluator;
import io.learncast.eval.scoring.LedgerScore;
import io.learncast.eval.scoring.ModelScore;
import io.learncast.eval.scoring.SplitScore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The forecaster against its baselines and the seed-noise ceiling on grouped 5-fold cross-validation, and the prospective ledger. */
public final class MetricsSection implements ReportSection {
    @Override public String id() { return "metrics"; }

    @Override public String title() { return "Forecast accuracy: baselines and ceiling"; }

    @Override
    public void write(ReportContext ctx, HtmlReport report) {
        report.section(id(), title());
        if (ctx.finishedRuns().isEmpty()) {
            report.paragraph("No finished runs to score yet.");
            return;
        }
        SplitScore s;
        try {
            s = Scores.kfold(ctx);
        } catch (io.learncast.common.UserError e) {
            report.paragraph("Cannot score this corpus yet: " + e.what() + " (" + e.hint() + ").");
            return;
        }
        report.paragraph(String.format(Locale.ROOT, "Grouped 5-fold cross-validation: every model is refitted on four folds of configs (a config's seeds "
                + "and budgets stay together) and scored on the fifth; %d runs, %d rows at the runs' own budgets, %s of them learned. "
                + "Intervals are 95%% bootstrap intervals over configs.", s.scoredRuns(), s.scoredRows(), Fmt.pct(s.learnedFraction())));
        List<List<String>> rows = new ArrayList<>();
        for (ModelScore m : s.models()) {
            rows.add(List.of(m.model(), m.description(), f(m.auc()), f(m.brier()), f(m.logLoss()), f(m.accuracy()), f(m.ece()),
                    m.stepsLog2Error() == null ? "–" : f(m.stepsLog2Error())));
        }
        Ceiling c = s.ceiling();
        if (c != null) {
            rows.add(List.of("ceiling", "a seed's outcome predicted by its siblings' (" + c.rows() + " rows of " + c.cells() + " multi-seed cells)",
                    "–", Fmt.p3(c.siblingBrier()), "–", "–", "–", "–"));
        }
        report.table(List.of("model", "what", "AUC", "Brier", "log loss", "accuracy", "ECE", "steps: median |log2 error|"), rows);
        ModelScore fc = s.model(Evaluator.FORECASTER), gbt = s.model(Evaluator.GBT);
        StringBuilder b = new StringBuilder();
        if (fc != null && gbt != null) b.append(String.format(Locale.ROOT, "Forecaster Brier / GBT Brier = %.2f. ", fc.brier().value() / gbt.brier().value()));
        if (c != null) {
            b.append(String.format(Locale.ROOT, "On the multi-seed rows the forecaster's Brier is %.4f: %.2f× the seed-noise ceiling %.4f "
                    + "(a seed's outcome predicted by its siblings'), and %s the irreducible floor %.4f that ceiling estimates "
                    + "(%s of those cells have seeds that disagree).", c.forecasterBrier(), c.ratio(), c.siblingBrier(), c.floorRatioText(), c.floor(),
                    Fmt.pct(c.mixedCells())));
        }
        if (b.length() > 0) report.paragraph(b.toString());
        SplitScore.NeverLearned nl = s.neverLearned();
        if (nl != null && nl.fired() > 0) {
            // the warning's own record on held-out configs, so a reader can judge it when a forecast carries it
            report.paragraph(String.format(Locale.ROOT, "The forecasts' never_learned warning (an optimizer, activation or weight decay none of whose "
                    + "n runs learned, while another value did: P is held to 3 ÷ n) fired on %d of %d held-out rows, their mean P %.2f; %d of them learned.",
                    nl.fired(), nl.rows(), nl.meanP(), nl.learned()));
        }
        for (String n : s.notes()) report.paragraph("Note: " + n);
        LedgerScore l = new Evaluator(Evaluator.Options.defaults()).ledger(ctx.store().ledger());
        if (l.entries() == 0) {
            report.paragraph("Prospective ledger: empty. learncast forecast records every forecast for a config not yet trained; each is scored here once its config is.");
        } else {
            report.paragraph("Prospective ledger: " + l.entries() + " forecasts, " + l.scored() + " scored against runs trained afterwards, " + l.pending()
                    + " waiting; hash chain " + (l.chainIntact() ? "intact" : "BROKEN") + "."
                    + (l.score() == null ? "" : " Brier " + f(l.score().brier()) + ", AUC " + f(l.score().auc()) + ", accuracy " + f(l.score().accuracy()) + "."));
        }
    }

    private static String f(Interval i) { return i == null ? "–" : i.format(); }
}
