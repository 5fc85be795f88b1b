package io.learncast.eval.report;

import io.learncast.common.UserError;
import io.learncast.forecast.verdict.SafeThreshold;
import io.learncast.forecast.verdict.VerdictAudit;
import io.learncast.forecast.verdict.VerdictCorpus;
import io.learncast.forecast.verdict.VerdictEval;
import io.learncast.forecast.verdict.VerdictFitter;
import io.learncast.forecast.verdict.VerdictPolicy;
import io.learncast.forecast.verdict.VerdictRegistry;
import io.learncast.forecast.verdict.VerdictReport;
import io.learncast.forecast.verdict.VerdictRows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The early verdict in the report: its grouped-CV AUC and Brier at 5, 10, 25 and 50 % of the budget,
 * the compute each stopping threshold saves against the learners it loses, and late learners stopped
 * by the verdict versus a median pruner. Scored afresh on the store's curves (configs held out), so it
 * describes this corpus, whatever model is active.
 */
public final class VerdictSection implements ReportSection {

    @Override public String id() { return "verdict"; }

    @Override public String title() { return "Early verdict"; }

    @Override
    public void write(ReportContext context, HtmlReport report) {
        report.section(id(), title());
        VerdictRows rows = VerdictCorpus.rows(context.store());
        long groups = Arrays.stream(rows.groups()).distinct().count();
        boolean bothClasses = rows.rows().stream().anyMatch(VerdictRows.Row::learned) && rows.rows().stream().anyMatch(r -> !r.learned());
        if (groups < 2 || !bothClasses) {
            report.paragraph("Not enough curves to score the early verdict yet (" + rows.runs() + " finished runs with curves, " + groups
                    + " configs): it needs runs of several configs, some learning and some not. Train a sweep (learncast farm run), then "
                    + "learncast verdict fit.");
            return;
        }
        VerdictFitter.Result fit;
        try {
            fit = VerdictFitter.fit(rows, VerdictFitter.Options.defaults().withSeed(context.seed()));
        } catch (UserError e) {
            report.paragraph("The early verdict could not be scored: " + e.getMessage());
            return;
        }
        VerdictEval.Result r = VerdictEval.score(rows, fit.outOfFold(), VerdictPolicy.DEFAULT_MIN_FRACTION);
        report.paragraph(String.format(Locale.ROOT, "From a config and its curve so far, P(the run learns its property by the end of its budget). "
                + "%d finished runs (%d learned, %d late learners: test accuracy rising only after train accuracy reached 1), cut at 5–90 %% of "
                + "their budgets; scored out of fold with configs held out (grouped %d-fold CV). A cut counts only runs still training there.",
                r.runs(), r.learners(), r.lateLearners(), fit.verdict().report().folds()));
        VerdictRegistry.active(context.store()).ifPresent(m -> report.paragraph("Active verdict model: #" + m.record().id() + ", fitted "
                + m.record().createdAt() + " on " + m.record().corpusRuns() + " runs (code " + m.record().codeVersion() + ")."));
        List<List<String>> cuts = new ArrayList<>();
        for (VerdictReport.FractionScore f : r.byFraction()) {
            cuts.add(List.of(Math.round(100 * f.fraction()) + " %", String.valueOf(f.rows()), String.valueOf(f.learners()),
                    f.metrics() == null ? "" : num(f.metrics().auc()), f.metrics() == null ? "" : num(f.metrics().brier())));
        }
        report.table(List.of("cut (share of budget)", "runs still training", "of which learn", "AUC", "Brier"), cuts);
        List<List<String>> pol = new ArrayList<>();
        List<VerdictEval.PolicyScore> all = new ArrayList<>(r.policies());
        all.add(r.medianPruner());
        for (VerdictEval.PolicyScore s : all) {
            pol.add(List.of(s.name(), String.valueOf(s.stopped()), s.learnersStopped() + "/" + s.learners(),
                    s.lateLearnersStopped() + "/" + s.lateLearners(), pct(s.savedShare())));
        }
        report.paragraph(String.format(Locale.ROOT, "Stopping rules from %.0f %% of the budget (the verdict needs %d low verdicts at consecutive cuts "
                + "and never stops a run whose test accuracy is rising; the median pruner stops a run whose test accuracy is below the median of "
                + "the other runs of its task at the same step). Compute is training steps.", 100 * r.minFraction(), VerdictPolicy.DEFAULT_HOLD));
        report.table(List.of("rule", "runs stopped", "learners stopped", "late learners stopped", "compute saved"), pol);
        for (VerdictEval.SavingAtLoss a : r.savingAtLoss()) {
            report.paragraph(a.policy() == null
                    ? "Losing at most " + pct(a.maxLoss()) + " of learners: no threshold qualifies."
                    : "Losing at most " + pct(a.maxLoss()) + " of learners: " + a.policy().name() + " saves " + pct(a.policy().savedShare())
                    + " of the compute (" + a.policy().learnersStopped() + " of " + a.policy().learners() + " learners stopped).");
        }
        SafeThreshold safe = r.safe();
        report.paragraph(safe.acts()
                ? "--early-stop auto would stop runs at P(learn) < " + safe.threshold() + ": the largest threshold keeping " + safe.bound().describe()
                        + ". Out of fold: " + safe.summary() + "."
                : "--early-stop auto would not act: " + safe.refusal() + ".");
        VerdictAudit.Result audit = VerdictAudit.of(context.store(), safe.bound().confidence());
        if (audit.stopped() > 0) report.paragraph("Audit of the runs stopped early in this store (farm resume --sample, then verdict audit): " + audit.line() + ".");
        double[] lost = r.policies().stream().mapToDouble(VerdictEval.PolicyScore::learnerLoss).toArray();
        double[] saved = r.policies().stream().mapToDouble(VerdictEval.PolicyScore::savedShare).toArray();
        report.figure("verdict-tradeoff", Charts.lines("Compute saved against learners lost", "share of learners stopped", "share of compute saved",
                List.of(new Charts.Series("verdict (thresholds " + VerdictEval.THRESHOLDS[0] + "–" + VerdictEval.THRESHOLDS[VerdictEval.THRESHOLDS.length - 1] + ")",
                        lost, saved)), false, 0.0, 1.0, 640, 400),
                String.format(Locale.ROOT, "Each point of the line is one stopping threshold. The median pruner, for comparison: %s of learners stopped, "
                        + "%s of the compute saved.", pct(r.medianPruner().learnerLoss()), pct(r.medianPruner().savedShare())));
    }

    private static String num(double v) { return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.3f", v); }

    private static String pct(double v) { return String.format(Locale.ROOT, "%.1f %%", 100 * v); }
}
