package io.learncast.app.cli;

import io.learncast.common.UserError;
import io.learncast.eval.report.HtmlReport;
import io.learncast.eval.report.ReportContext;
import io.learncast.eval.report.ReportSection;
import io.learncast.eval.scoring.Evaluation;
import io.learncast.farm.store.Store;
import io.learncast.farm.store.StoredRun;
import io.learncast.forecast.store.ForecasterRegistry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The HTML report of a store, section by section ({@code report}, {@code quickstart}). */
final class ReportBuilder {
    private ReportBuilder() {}

    /** Builds the report of {@code store}; {@code progress} hears each section's time. */
    static HtmlReport build(Store store, List<ReportSection> sections, Instant now, java.util.function.Consumer<String> progress) {
        List<StoredRun> runs = Evaluation.finishedRuns(store);
        Optional<ForecasterRegistry.Loaded> f = ForecasterRegistry.active(store);
        if (f.isEmpty()) {
            List<String> need = sections.stream().filter(ReportSection::needsForecaster).map(ReportSection::id).toList();
            if (!need.isEmpty()) {
                throw new UserError("report", "the sections " + String.join(", ", need) + " need a fitted forecaster, and " + store.location() + " has none",
                        "run `learncast forecast fit` first, or leave them out with --sections");
            }
        }
        ReportContext ctx = new ReportContext(store, runs, f, io.learncast.common.Seeds.DEFAULT_MASTER, now);
        HtmlReport report = new HtmlReport("learncast report");
        for (ReportSection s : sections) {
            long t0 = System.nanoTime();
            s.write(ctx, report);
            progress.accept(String.format(java.util.Locale.ROOT, "  %-12s %.1f s", s.id(), (System.nanoTime() - t0) / 1e9));
        }
        return report;
    }
}
